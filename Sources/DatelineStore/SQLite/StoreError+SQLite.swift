import DatelineCore
import Foundation
import GRDB

extension StoreError {
    /// Translates anything thrown while using the database at `path` into a ``StoreError``.
    ///
    /// Store errors pass through unchanged; SQLite codes that mean the file itself is unusable
    /// become ``StoreError/unavailable(_:)``, everything else ``StoreError/failed(_:)``.
    static func sqlite(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? StoryValidationError { return .invalid(error) }
        if error is CancellationError {
            return .failed("the work was cancelled before it finished; nothing was written")
        }
        guard let error = error as? DatabaseError else {
            return .failed(
                "a row in '\(path)' could not be read (\(error)); the database may have been edited by hand")
        }
        let detail = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .unavailable(
                "'\(path)' is not a SQLite database (\(detail)); choose a new file name or an existing Dateline database"
            )
        case .SQLITE_CORRUPT:
            return .unavailable("'\(path)' is damaged (\(detail)); restore it from a backup")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return .unavailable(
                "cannot open '\(path)' for reading and writing (\(detail)); check that the file and its folder exist and are writable"
            )
        case .SQLITE_FULL:
            return .failed("the disk holding '\(path)' is full (\(detail)); free some space and try again")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .failed(
                "another process kept '\(path)' locked for too long (\(detail)); try again when it has finished")
        case .SQLITE_CONSTRAINT where detail.contains("stories.source_url"):
            return .failed("another story was already imported from this source URL; update that story instead")
        case .SQLITE_CONSTRAINT:
            return .failed("the change breaks a rule of the database (\(detail))")
        default:
            return .failed("\(detail) (SQLite error \(error.extendedResultCode.rawValue))")
        }
    }
}
