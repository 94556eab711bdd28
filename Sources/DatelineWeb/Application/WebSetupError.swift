/// Why the reader site could not be assembled at start-up, in words an operator can act on.
public enum WebSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bundled templates or static files are missing from the build.
    case missingResources(String)
    /// A template failed to parse; the message names the file and line.
    case badTemplate(String)
    /// A configuration value is out of range.
    case badConfiguration(String)

    public var description: String {
        switch self {
        case .missingResources(let message): return "the site's bundled files are missing: \(message)"
        case .badTemplate(let message): return "a page template is broken: \(message)"
        case .badConfiguration(let message): return "the web configuration is not usable: \(message)"
        }
    }
}
