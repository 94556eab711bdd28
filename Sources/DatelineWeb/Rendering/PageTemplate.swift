/// The page templates the reader site renders, by file name in `Templates/` (without
/// `.mustache`). Start-up checks that every one exists, so rendering never meets a missing file.
enum PageTemplate: String, CaseIterable, Sendable {
    case home
    case listing
    case story
    case print
    case saved
    case error
}

/// A view model that renders into one page template. View models hold only stored properties:
/// Mustache reads them by reflection, and every string it prints is HTML-escaped.
protocol PageView: Sendable {
    /// The template this view fills.
    static var template: PageTemplate { get }
}
