import ArgumentParser
import DatelineCore
import DatelineStore
import DatelineWeb
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dateline users`: newsroom accounts from the command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage newsroom accounts.",
        subcommands: [Add.self, List.self, UsersTokenCommand.self]
    )

    /// `dateline users add --email … --role …`: the password comes from standard input or a prompt.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a newsroom account.",
            discussion: """
                The password is never a command-line argument (those show up in process lists and \
                shell history). Type it at the prompt, which does not echo, or pipe it in: \
                printf '%s\\n' "$PASSWORD" | dateline users add --email jane@example.com --role editor
                """
        )

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(help: "The sign-in address.")
        var email: String

        @Option(help: "The name shown in the newsroom. Default: the part of the address before @.")
        var name: String?

        @Option(help: "contributor, writer, editor or admin.")
        var role: String

        @Option(help: ArgumentHelp("The bcrypt work factor.", visibility: .hidden))
        var bcryptCost: UInt8 = 12

        func run() async throws {
            guard let role = Role(rawValue: role.lowercased()) else {
                throw CommandFailure("unknown role '\(role)'; use contributor, writer, editor or admin")
            }
            guard (4...31).contains(bcryptCost) else { throw CommandFailure("the bcrypt cost must be 4 to 31") }
            try await databaseOptions.withStore { store in
                let password = try PasswordInput.read(prompt: "Password for \(email): ")
                if let problem = PasswordHasher.problem(with: password) {
                    throw CommandFailure("the password is not acceptable: \(problem)")
                }
                let hash = await PasswordHasher(cost: bcryptCost).hash(password)
                let shownName = name ?? String(email.split(separator: "@").first ?? Substring(email))
                do {
                    let user = try await store.createUser(
                        email: email, name: shownName, role: role, passwordHash: hash)
                    print("Added \(user.email) (\(user.role.rawValue)). Sign in at /newsroom/login.")
                } catch {
                    throw CommandFailure("cannot add the account: \(error)")
                }
            }
        }
    }

    /// `dateline users list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List newsroom accounts.")

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.withStore { store in
                for user in try await store.users() {
                    print("\(user.email)\t\(user.role.rawValue)\t\(user.name)")
                }
            }
        }
    }
}

/// `dateline users token --email … --name …`: makes an admin-API token and prints its secret once.
struct UsersTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create an admin-API token for an account and print it (shown only this once).",
        discussion: """
            The token acts as the account, with its role's permissions. Dateline keeps only a \
            digest of it; revoke it in the newsroom at /newsroom/tokens.
            """
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "The account's sign-in address.")
    var email: String

    @Option(help: "What the token is for, such as \"CMS sync\".")
    var name: String

    func run() async throws {
        try await databaseOptions.withStore { store in
            guard let user = try await store.credentials(email: email)?.user else {
                throw CommandFailure("there is no account \(email); add it first with dateline users add")
            }
            let secret = APITokenSecret.random()
            do {
                _ = try await store.createAPIToken(
                    userID: user.id, name: name, digest: secret.digest, prefix: secret.prefix, at: Date())
            } catch {
                throw CommandFailure("cannot create the token: \(error)")
            }
            print(secret.value)
        }
    }
}

/// Reads a password without echo from a terminal, or as the first line of piped input.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data(prompt.utf8))
            var original = termios()
            tcgetattr(STDIN_FILENO, &original)
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no password was typed") }
            return line
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure("no password on standard input; pipe it in or run the command in a terminal")
        }
        return line
    }
}
