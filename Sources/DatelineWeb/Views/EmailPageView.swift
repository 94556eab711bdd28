import DatelineCore

/// The "E-mail to a friend" form for one story, or the note that it was sent.
struct EmailPageView: PageView {
    static let template = PageTemplate.email

    let chrome: PageChrome
    let headline: String
    let storyURL: String
    let formURL: String
    let highlights: [String]
    let hasHighlights: Bool
    /// True on the page shown after sending.
    let isSent: Bool
    let fields: Fields
    let hasErrors: Bool
    let errorCount: String
    let maximumRecipients: Int
    let maximumNoteLength: Int

    /// Each field's value and, when it is wrong, why.
    struct Fields: Sendable {
        let name: Field
        let email: Field
        let recipients: Field
        let note: Field
    }

    struct Field: Sendable {
        let value: String
        let error: String?
        let hasError: Bool

        init(_ value: String, error: String?) {
            self.value = value
            self.error = error
            hasError = error != nil
        }
    }

    /// The form (filled in again, with its problems, after a refused post).
    init(story: Story, form: StoryMailForm, chrome: PageChrome) {
        self.init(story: story, form: form, chrome: chrome, sent: false)
    }

    /// The note that the message is on its way.
    init(sentFor story: Story, chrome: PageChrome) {
        self.init(story: story, form: StoryMailForm(), chrome: chrome, sent: true)
    }

    private init(story: Story, form: StoryMailForm, chrome: PageChrome, sent: Bool) {
        self.chrome = chrome
        headline = story.headline
        storyURL = SitePaths.story(story.slug)
        formURL = SitePaths.emailStory(story.slug)
        highlights = sent ? [] : story.highlights
        hasHighlights = !highlights.isEmpty
        isSent = sent
        fields = Fields(
            name: Field(form.name, error: form.errors[StoryMailForm.nameField]),
            email: Field(form.sender, error: form.errors[StoryMailForm.senderField]),
            recipients: Field(form.recipients, error: form.errors[StoryMailForm.recipientsField]),
            note: Field(form.note, error: form.errors[StoryMailForm.noteField]))
        hasErrors = !form.errors.isEmpty
        errorCount = form.errors.count == 1 ? "1 problem" : "\(form.errors.count) problems"
        maximumRecipients = StoryMailForm.maximumRecipients
        maximumNoteLength = StoryMailForm.maximumNoteLength
    }
}
