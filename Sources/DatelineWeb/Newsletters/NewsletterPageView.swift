import DatelineCore
import DatelineStore
import Foundation

/// Every reader page under `/newsletters`: the lists with the subscribe form, "check your inbox",
/// the confirmation button, a subscriber's preferences, and the goodbye.
struct NewsletterPageView: PageView {
    static let template = PageTemplate.newsletters

    /// What the page is showing.
    enum Mode: Sendable {
        case subscribe([Newsletter], SubscribeForm)
        case checkEmail
        case confirm(action: String)
        case confirmed(preferences: String)
        case preferences([Newsletter], NewsletterSubscriber, notice: String?)
        case unsubscribe(action: String, listName: String?, preferences: String)
        case left

        var title: String {
            switch self {
            case .subscribe: "Newsletters"
            case .checkEmail: "Check your inbox"
            case .confirm: "Confirm your subscription"
            case .confirmed: "Subscription confirmed"
            case .preferences: "Your newsletters"
            case .unsubscribe: "Unsubscribe"
            case .left: "You are unsubscribed"
            }
        }
    }

    /// What the reader typed and chose, and what was wrong with it.
    struct SubscribeForm: Sendable {
        var email: String
        var chosen: Set<Int64>
        var error: String?
    }

    /// One list as a checkbox.
    struct Choice: Sendable {
        let id: String
        let slug: String
        let name: String
        let description: String
        let schedule: String
        let isChecked: Bool
    }

    let chrome: PageChrome
    let heading: String
    let isSubscribe: Bool
    let isCheckEmail: Bool
    let isConfirm: Bool
    let isConfirmed: Bool
    let isPreferences: Bool
    let isUnsubscribe: Bool
    let isLeft: Bool
    let canSubscribe: Bool
    let choices: [Choice]
    let hasChoices: Bool
    let email: String
    let error: String?
    let hasError: Bool
    let action: String?
    let preferencesURL: String?
    let listName: String?
    let notice: String?
    let subscriberEmail: String?
    let isPaused: Bool

    init(mode: Mode, chrome: PageChrome, canSubscribe: Bool) {
        self.chrome = chrome
        self.canSubscribe = canSubscribe
        heading = mode.title
        var choices: [Choice] = []
        var email = ""
        var error: String?
        var action: String?
        var preferencesURL: String?
        var listName: String?
        var notice: String?
        var subscriberEmail: String?
        var paused = false
        var flags = (
            subscribe: false, check: false, confirm: false, confirmed: false, prefs: false, unsub: false, left: false
        )
        switch mode {
        case .subscribe(let lists, let form):
            flags.subscribe = true
            choices = lists.map { Self.choice($0, checked: form.chosen.contains($0.id)) }
            email = form.email
            error = form.error
        case .checkEmail:
            flags.check = true
        case .confirm(let target):
            flags.confirm = true
            action = target
        case .confirmed(let preferences):
            flags.confirmed = true
            preferencesURL = preferences
        case .preferences(let lists, let subscriber, let message):
            flags.prefs = true
            choices = lists.map { Self.choice($0, checked: subscriber.newsletterIDs.contains($0.id)) }
            action = SitePaths.newsletterPreferences(subscriber.preferenceToken)
            notice = message
            subscriberEmail = subscriber.email
            paused = subscriber.paused
        case .unsubscribe(let target, let name, let preferences):
            flags.unsub = true
            action = target
            listName = name
            preferencesURL = preferences
        case .left:
            flags.left = true
        }
        isSubscribe = flags.subscribe
        isCheckEmail = flags.check
        isConfirm = flags.confirm
        isConfirmed = flags.confirmed
        isPreferences = flags.prefs
        isUnsubscribe = flags.unsub
        isLeft = flags.left
        self.choices = choices
        hasChoices = !choices.isEmpty
        self.email = email
        self.error = error
        hasError = error != nil
        self.action = action
        self.preferencesURL = preferencesURL
        self.listName = listName
        self.notice = notice
        self.subscriberEmail = subscriberEmail
        isPaused = paused
    }

    private static func choice(_ list: Newsletter, checked: Bool) -> Choice {
        let schedule: String
        if let time = list.sendTime {
            schedule = "Every day at \(time) (\(list.timeZone.replacingOccurrences(of: "_", with: " ")) time)"
        } else {
            schedule = "When news breaks"
        }
        return Choice(
            id: "newsletter-\(list.slug.rawValue)", slug: list.slug.rawValue, name: list.name,
            description: list.description, schedule: schedule, isChecked: checked)
    }
}
