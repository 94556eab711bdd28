/// How large a page Dateline agrees to read, so one huge or mistaken file cannot exhaust memory.
public enum PageSizeLimit {
    /// The default limit, 10 MB: far above any real story page, far below a video or a disk image.
    public static let defaultBytes = 10_000_000

    /// A byte count as people say it ("50.0 MB", "812 KB", "96 bytes"), for error messages.
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1_000_000 {
            let tenths = (bytes + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10) MB"
        }
        if bytes >= 1_000 { return "\((bytes + 500) / 1_000) KB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
