import DatelineStore
import Foundation
import Hummingbird

/// The newsroom's desk, when the store keeps accounts and revisions; nil for a store that does not.
func makeNewsroomDesk(site: ReaderSite) throws(WebSetupError) -> NewsroomDesk? {
    guard let store = site.store as? any NewsroomStore else { return nil }
    guard let templates = WebResources.templateFolder?.appendingPathComponent("newsroom", isDirectory: true) else {
        throw .missingResources("the Templates/newsroom folder is not in the DatelineWeb bundle")
    }
    let configuration = site.configuration.newsroom
    guard (4...31).contains(configuration.bcryptCost) else {
        throw .badConfiguration("the bcrypt cost must be between 4 and 31, not \(configuration.bcryptCost)")
    }
    return NewsroomDesk(
        store: store, configuration: configuration, hasher: PasswordHasher(cost: configuration.bcryptCost),
        cookies: NewsroomCookies(secure: site.configuration.usesHTTPS),
        renderer: try NewsroomRenderer(directory: templates), site: site)
}

/// Adds `/newsroom/...` under the reader site's middleware (logging, security headers, the
/// reader cookies whose token guards the sign-in form), in a group with its own context.
func addNewsroom(_ desk: NewsroomDesk, to router: Router<ReaderRequestContext>) {
    let group = router.group("newsroom", context: NewsroomRequestContext.self)
    group.add(middleware: NewsroomErrorMiddleware(desk: desk))
    group.add(middleware: NewsroomSessionMiddleware(desk: desk))
    group.add(middleware: TwoFactorRequirement(desk: desk))
    LoginController(desk: desk).addRoutes(to: group)
    StoryDeskController(desk: desk).addRoutes(to: group)
    TrashController(desk: desk).addRoutes(to: group)
    SectionsController(desk: desk).addRoutes(to: group)
    AuthorsController(desk: desk).addRoutes(to: group)
    NewslettersController(desk: desk).addRoutes(to: group)
    NewsletterIssuesController(desk: desk).addRoutes(to: group)
    MailCatcherController(desk: desk).addRoutes(to: group)
    TopicsController(desk: desk).addRoutes(to: group)
    WireController(desk: desk).addRoutes(to: group)
    SourcesController(desk: desk).addRoutes(to: group)
    DashboardController(desk: desk).addRoutes(to: group)
    UploadController(desk: desk).addRoutes(to: group)
    if let media = desk.site.media { MediaLibraryController(desk: desk, media: media).addRoutes(to: group) }
    RevisionController(desk: desk).addRoutes(to: group)
    UsersController(desk: desk).addRoutes(to: group)
    AccountActivationController(desk: desk).addRoutes(to: group)
    PasswordResetController(desk: desk).addRoutes(to: group)
    InvitationsController(desk: desk).addRoutes(to: group)
    TwoFactorSignIn(desk: desk).addRoutes(to: group)
    TwoFactorSettingsController(desk: desk).addRoutes(to: group)
    AccountPasswordController(desk: desk).addRoutes(to: group)
    APITokensController(desk: desk).addRoutes(to: group)
}
