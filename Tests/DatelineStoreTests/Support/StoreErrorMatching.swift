import DatelineCore
import DatelineStore

extension StoreError {
    /// The fields named by an ``invalid(_:)`` error; empty for every other case.
    var invalidFields: [String] {
        guard case .invalid(let error) = self else { return [] }
        return error.problems.map(\.field)
    }

    /// True for ``notFound(id:)`` with this id.
    func isNotFound(_ id: Int64) -> Bool {
        if case .notFound(let missing) = self { return missing == id }
        return false
    }

    /// The message of an ``unavailable(_:)`` error; nil for every other case.
    var unavailableMessage: String? {
        if case .unavailable(let message) = self { return message }
        return nil
    }

    /// The message of a ``failed(_:)`` error; nil for every other case.
    var failedMessage: String? {
        if case .failed(let message) = self { return message }
        return nil
    }
}
