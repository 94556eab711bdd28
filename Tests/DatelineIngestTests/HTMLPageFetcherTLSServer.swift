import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// An HTTPS server on 127.0.0.1 for the fetcher's tests, with a self-signed certificate made at
/// test time (by `openssl`) for one host name. It answers every request with a small HTML page and
/// keeps the name each client asked for in TLS (SNI) and in the `Host` header.
final class HTMLPageFetcherTLSServer: Sendable {
    /// What one request told the server about the name it was meant for.
    struct Visit: Sendable, Equatable {
        var serverName: String?
        var host: String?
    }

    /// The page every request gets.
    static let page = Array("<html><head><title>Pinned</title></head><body><p>Over TLS</p></body></html>".utf8)

    /// The port the server listens on.
    let port: Int
    /// The certificate the server presents; a fetcher that trusts it can verify the server.
    let certificate: NIOSSLCertificate
    private let channel: any Channel
    private let log: VisitLog

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// True when `openssl` is there to make the certificate.
    static var canStart: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    /// Starts a server whose certificate is valid for `name` only.
    init(name: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyPath = folder.appendingPathComponent("key.pem").path
        let certificatePath = folder.appendingPathComponent("certificate.pem").path
        try await Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:\(name)", "-keyout", keyPath, "-out",
            certificatePath,
        ])
        let certificate = try NIOSSLCertificate(file: certificatePath, format: .pem)
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        let log = VisitLog()
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.sslContextCallback = { values, promise in
            log.serverNames.withLock { $0.append(values.serverHostname) }
            promise.succeed(.noChanges)
        }
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(PageHandler(log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw StartFailure(description: "the TLS test server has no port")
        }
        self.port = port
        self.certificate = certificate
        self.channel = channel
        self.log = log
    }

    /// The names asked for so far: SNI from each handshake, beside the `Host` header of each request.
    var visits: Visit {
        Visit(
            serverName: log.serverNames.withLock { $0.last ?? nil }, host: log.hosts.withLock { $0.last })
    }

    /// How many TLS handshakes the server has seen.
    var handshakes: Int { log.serverNames.withLock { $0.count } }

    /// Stops listening.
    func stop() async {
        try? await channel.close()
    }

    /// Runs `openssl` with `arguments`, waiting at most ten seconds.
    private static func openssl(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw StartFailure(description: "openssl did not finish making the test certificate in 10 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        guard process.terminationStatus == 0 else {
            throw StartFailure(description: "openssl failed (\(process.terminationStatus)) making the test certificate")
        }
    }
}

/// The names the TLS test server was asked for, shared between its connections.
private final class VisitLog: Sendable {
    let serverNames = Mutex<[String?]>([])
    let hosts = Mutex<[String]>([])
}

/// Answers each request with the test page, noting its `Host` header.
private final class PageHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: VisitLog

    init(log: VisitLog) { self.log = log }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let host = head.headers.first(name: "host") { log.hosts.withLock { $0.append(host) } }
        case .body:
            break
        case .end:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
            headers.add(name: "Content-Length", value: "\(HTMLPageFetcherTLSServer.page.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))))
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: HTMLPageFetcherTLSServer.page)))))
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
