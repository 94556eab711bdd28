import DatelineCore
import DatelineStore

/// The editor's lead image control: the chosen image shown large enough to check, a list of
/// the library's newest images as radio buttons with thumbnails (no script needed), "No lead
/// image", and a box for the id of any other image.
struct LeadImagePicker: Sendable {
    /// One image to choose.
    struct Choice: Sendable {
        let id: String
        let inputID: String
        let thumbnail: String
        let width: Int
        let height: Int
        let label: String
        /// "needs alt text and credit" while the image cannot be published.
        let missing: String?
        let isChosen: Bool
    }

    let choices: [Choice]
    let hasChoices: Bool
    let noneChosen: Bool
    /// The chosen image, when the library holds it.
    let chosen: Choice?
    /// The typed id when it is not among the choices (an older image, or one that is gone).
    let otherID: String
    let error: String?
    let libraryURL = NewsroomPaths.mediaLibrary

    /// How many of the newest images the list offers.
    static let choiceCount = 12

    init(chosenID text: String, chosenItem: MediaItem?, recent: [MediaItem], error: String?) {
        func choice(_ item: MediaItem) -> Choice {
            let width = 96
            let height = max(1, width * item.height / max(1, item.width))
            let name = item.details.altText?.nilIfEmpty ?? item.fileName
            let missing = item.missingForPublication
            return Choice(
                id: String(item.id), inputID: "lead-image-\(item.id)", thumbnail: MediaPicture.thumbnail(of: item),
                width: width, height: height, label: "\(name) (#\(item.id))",
                missing: missing.isEmpty ? nil : "needs \(missing.joined(separator: " and ")) before publishing",
                isChosen: String(item.id) == text)
        }
        var items = recent
        if let chosenItem, !items.contains(where: { $0.id == chosenItem.id }) { items.insert(chosenItem, at: 0) }
        choices = items.map(choice)
        hasChoices = !choices.isEmpty
        noneChosen = text.isEmpty
        chosen = chosenItem.map(choice)
        otherID = text.isEmpty || choices.contains(where: { $0.isChosen }) ? "" : text
        self.error = error
    }
}
