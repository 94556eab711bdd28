import Foundation
import Logging

/// Writes each log event as one JSON object per line on standard error, for log shippers:
/// `{"time":"…","level":"info","label":"dateline","message":"…","source":"…", …metadata}`.
/// Metadata keys become fields; a key that clashes with a fixed field is prefixed with `meta.`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    private static let fixedFields: Set<String> = ["time", "level", "label", "message", "source"]
    private static let lock = NSLock()

    init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var object: [String: Any] = [
            "time": Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            "level": "\(event.level)", "label": label, "message": "\(event.message)", "source": event.source,
        ]
        for (key, value) in merged {
            object[Self.fixedFields.contains(key) ? "meta.\(key)" : key] = Self.json(value)
        }
        guard
            var line = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        line.append(UInt8(ascii: "\n"))
        Self.lock.withLock { FileHandle.standardError.write(line) }
    }

    private static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return values.map(json)
        case .dictionary(let values): return values.mapValues(json)
        }
    }
}
