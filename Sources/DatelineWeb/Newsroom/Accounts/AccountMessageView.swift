/// A page before or outside sign-in that says one thing, with one way on: "we've sent a link",
/// "this link has expired", "your password is changed".
struct AccountMessageView: NewsroomView {
    static let template = NewsroomTemplate.accountMessage
    let header: NewsroomHeader
    let heading: String
    let message: String
    /// Where the person goes next.
    let linkURL: String?
    let linkLabel: String?
}

/// A form that sets a password: for a reset link, or an invitation.
struct PasswordFormView: NewsroomView {
    static let template = NewsroomTemplate.passwordForm
    let header: NewsroomHeader
    let heading: String
    let intro: String
    /// The reader-side double-submit token: the person is not signed in.
    let csrfToken: String
    let action: String
    let fields: [FieldView]
    let buttonLabel: String
}

/// The "Forgot your password?" form.
struct ForgotPasswordView: NewsroomView {
    static let template = NewsroomTemplate.forgotPassword
    let header: NewsroomHeader
    let csrfToken: String
    let email: FieldView
    /// Why the form cannot be used here (no mail server), shown instead of it.
    let unavailable: String?
}
