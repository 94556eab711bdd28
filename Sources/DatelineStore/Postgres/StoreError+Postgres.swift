import DatelineCore
import Foundation
import PostgresNIO

extension StoreError {
    /// Translates anything thrown while using the database at `location` into a ``StoreError``.
    ///
    /// Store errors pass through unchanged; a server that cannot be reached, or refuses the
    /// credentials or the database, is ``StoreError/unavailable(_:)``; everything else is
    /// ``StoreError/failed(_:)``. Messages carry the server's words, never the password.
    static func postgres(_ error: any Error, location: PostgresLocation) -> StoreError {
        if let error = error as? StoreError { return error }
        if error is PooledConnectionLease.ConnectionLost {
            return .unavailable(
                "the connection to \(location) closed while the work was under way; check whether it was done, "
                    + "then try again")
        }
        if error is PooledConnectionLease.ClosedBeforeUse {
            return .unavailable("\(location) closed its connections; nothing was done; try again in a moment")
        }
        if let error = error as? StoryValidationError { return .invalid(error) }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return postgres(inner, location: location)
            }
            return .failed("a transaction on \(location) failed; nothing was written")
        }
        if error is CancellationError {
            return .failed("the work was cancelled before it finished; nothing was written")
        }
        if error is PostgresDecodingError {
            return .failed("a row in \(location) could not be read; the database may have been edited by hand")
        }
        guard let error = error as? PSQLError else {
            return .failed("\(location) could not be used: \(String(describing: error))")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "the server refused the statement"
            let constraint = error.serverInfo?[.constraintName] ?? ""
            switch state {
            case "23505" where constraint == "stories_by_source_url":
                return .failed("another story was already imported from this source URL; update that story instead")
            case _ where state.hasPrefix("23"):
                return .failed("the change breaks a rule of the database (\(message))")
            case "22021", "22P05":
                return .failed(
                    "the text holds a character PostgreSQL cannot store (such as NUL); remove it and try again")
            case "40001", "40P01":
                return .failed("the database could not order this change with another one (\(message)); try again")
            case "3D000", "28000", "28P01", "42501":
                return .unavailable("cannot use \(location): \(message)")
            case _ where state.hasPrefix("08") || state.hasPrefix("57") || state.hasPrefix("53"):
                return .unavailable("\(location) is not accepting work (\(message)); try again later")
            default:
                return .failed("\(message) (PostgreSQL error \(state))")
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return .unavailable("cannot reach \(location) (\(error.code)); check that the server is running")
        case .sslUnsupported, .failedToAddSSLHandler:
            return .unavailable("\(location) does not offer TLS; use ?sslmode=disable on a trusted network")
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
            return .unavailable("\(location) refused the credentials (\(error.code)); check the user and password")
        case .queryCancelled:
            return .failed("the statement was cancelled before it finished; nothing was written")
        default:
            return .failed("\(location) could not run the statement (\(error.code))")
        }
    }
}
