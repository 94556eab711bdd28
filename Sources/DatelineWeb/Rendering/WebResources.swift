import Foundation

/// Where the bundled templates and static files live once built.
enum WebResources {
    /// The `Templates` folder of Mustache files.
    static var templateFolder: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }
    /// The `Static` folder of stylesheets, script and icons.
    static var staticFolder: URL? { Bundle.module.url(forResource: "Static", withExtension: nil) }
}
