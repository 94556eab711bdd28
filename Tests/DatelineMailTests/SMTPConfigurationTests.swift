import Foundation
import Testing

@testable import DatelineMail

@Suite struct SMTPConfigurationTests {
    @Test func parsesPlainURLsWithDefaults() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mail.example.com")
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 25)
        #expect(configuration.security == .none)
        #expect(configuration.credentials == nil)
        #expect(configuration.sender == nil)
        #expect(configuration.verifiesCertificates)
    }

    @Test(arguments: [
        ("smtp+starttls://mail.example.com", SMTPConfiguration.Security.startTLS, 587),
        ("smtps://mail.example.com", .implicitTLS, 465),
        ("SMTPS://mail.example.com:2465", .implicitTLS, 2465),
        ("smtp://mail.example.com:2525?starttls=opportunistic", .opportunisticStartTLS, 2525),
        ("smtp://127.0.0.1:1025/", .none, 1025),
        ("smtp://[::1]:1025", .none, 1025),
    ])
    func choosesSecurityAndPortFromTheScheme(_ url: String, _ security: SMTPConfiguration.Security, _ port: Int) throws
    {
        let configuration = try SMTPConfiguration(url: url)
        #expect(configuration.security == security)
        #expect(configuration.port == port)
    }

    @Test func decodesCredentialsAndOptions() throws {
        let configuration = try SMTPConfiguration(
            url:
                "smtp+starttls://news%40dateline.example:p%40ss%3Aw%2Frd%25@Mail.Example.com:2587?from=news@dateline.example&name=Dateline%20News&helo=web1.dateline.example&insecure=1&timeout=2.5"
        )
        #expect(configuration.credentials?.username == "news@dateline.example")
        #expect(configuration.credentials?.password == "p@ss:w/rd%")
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 2587)
        #expect(configuration.sender?.address.string == "news@dateline.example")
        #expect(configuration.sender?.displayName == "Dateline News")
        #expect(configuration.heloName == "web1.dateline.example")
        #expect(!configuration.verifiesCertificates)
        #expect(configuration.timeouts.command == .milliseconds(2500))
    }

    @Test func neverShowsThePassword() throws {
        let configuration = try SMTPConfiguration(url: "smtps://user:s3cr3t-pa55@mail.example.com?from=a@example.com")
        #expect(!configuration.description.contains("s3cr3t"))
        #expect(!String(reflecting: configuration).contains("s3cr3t"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect(configuration.description.contains("user:***@"))
        #expect(String(describing: configuration.credentials).contains("***"))
    }

    @Test(arguments: [
        ("mail.example.com", "expected a URL"),
        ("http://mail.example.com", "unknown scheme"),
        ("smtp://", "no host"),
        ("smtp://mail.example.com:0", "1 to 65535"),
        ("smtp://mail.example.com:99999", "1 to 65535"),
        ("smtp://mail.example.com:25x", "1 to 65535"),
        ("smtp://user@mail.example.com", "without a password"),
        ("smtp://us%zzer:secret@mail.example.com", "malformed percent escape"),
        ("smtp://user:sec%zzret@mail.example.com", "malformed percent escape"),
        ("smtp://mail.example.com/path", "no path"),
        ("smtp://mail.example.com#frag", "fragment"),
        ("smtp://mail.example.com?colour=blue", "unknown option"),
        ("smtp://mail.example.com?from=not-an-address", "from="),
        ("smtp://mail.example.com?from=a@example.com%0D%0ABcc:b@example.com", "from="),
        ("smtp://mail.example.com?name=Dateline", "without from"),
        ("smtp://mail.example.com?insecure=maybe", "insecure"),
        ("smtp://mail.example.com?timeout=-1", "timeout"),
        ("smtps://mail.example.com?starttls=opportunistic", "does not fit"),
        ("smtp://mail.example.com?helo=bad%20name", "HELO name"),
        ("smtp://mail.example.com?from=a@example.com&from=b@example.com", "twice"),
        ("smtp://mail example.com", "space"),
        ("smtp://mail.example.com\r\n", "carriage return"),
    ])
    func explainsMalformedURLs(_ url: String, _ reasonPart: String) {
        #expect {
            try SMTPConfiguration(url: url)
        } throws: { error in
            guard case .invalidConfiguration(let reason) = error as? MailError else { return false }
            return reason.contains(reasonPart)
        }
    }

    @Test func errorsDoNotRepeatThePassword() {
        for url in ["smtp://user:hunter2@mail.example.com:99999", "smtp://user:hunter2@mail.example.com?bogus=1"] {
            do {
                _ = try SMTPConfiguration(url: url)
                Issue.record("accepted \(url)")
            } catch {
                #expect(!error.description.contains("hunter2"))
            }
        }
    }

    @Test func readsTheEnvironment() throws {
        #expect(try SMTPConfiguration.fromEnvironment([:]) == nil)
        #expect(try SMTPConfiguration.fromEnvironment(["DATELINE_SMTP_URL": "  "]) == nil)
        let configuration = try SMTPConfiguration.fromEnvironment(["DATELINE_SMTP_URL": "smtps://mail.example.com"])
        #expect(configuration?.security == .implicitTLS)
        #expect {
            try SMTPConfiguration.fromEnvironment(["DATELINE_SMTP_URL": "ftp://x"])
        } throws: { error in
            (error as? MailError)?.description.contains("DATELINE_SMTP_URL") == true
        }
    }

    @Test func usesTheHostForTLSOnlyWhenItIsAName() throws {
        #expect(try SMTPConfiguration(url: "smtps://mail.example.com").tlsServerHostname == "mail.example.com")
        #expect(try SMTPConfiguration(url: "smtps://127.0.0.1").tlsServerHostname == nil)
        #expect(try SMTPConfiguration(url: "smtps://[::1]").tlsServerHostname == nil)
    }
}
