/// A page for a refused request: what went wrong in plain words and a way back, nothing internal.
struct ErrorPageView: PageView {
    static let template = PageTemplate.error

    let chrome: PageChrome
    /// The status code, shown small for people who report problems.
    let status: Int
    /// "Page not found", "Form expired", …
    let heading: String
    /// What happened and what to do.
    let message: String
    /// True for the expired-form page, which offers to go back and reload.
    let suggestsReload: Bool
}
