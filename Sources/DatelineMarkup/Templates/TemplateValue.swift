/// A value as a page template sees it: printed by `{{name}}`, entered by `{{#name}}`.
///
/// View models answer lookups with these through ``TemplateObject``, so rendering never asks the
/// Swift runtime what a value is (the cast-and-reflect lookups of a general Mustache library were
/// half of a rendered story page's time). Types that do not answer lookups themselves are read
/// with `Mirror` (``reflecting(_:)``), which is slower but gives the same result; anything that
/// is not text, a flag or a list is then an object whose names are its stored properties.
public enum TemplateValue {
    /// Not there, or nil: prints nothing, a section over it is skipped, an inverted one shown.
    case missing
    /// Text, escaped when printed with `{{…}}`, printed as it is with `{{{…}}}`.
    case text(String)
    /// A flag: a section over it shows when true; printed as `true` or `false`.
    case bool(Bool)
    /// A view model whose names a template can look up.
    case object(any TemplateObject)
    /// A list: a section repeats once per element.
    case list(any TemplateList)

    /// `value` read by reflection: what a value that does not answer lookups itself shows a template.
    public static func reflecting(_ value: Any) -> TemplateValue {
        if let representable = value as? any TemplateRepresentable {
            return representable.templateValue
        }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first else { return .missing }
            return reflecting(wrapped.value)
        }
        if let values = value as? [Any] {
            return .list(ReflectedList(values: values))
        }
        return .object(ReflectedObject(value))
    }

    /// The value's child called `name`, or `.missing`.
    func child(named name: String) -> TemplateValue {
        switch self {
        case .object(let object):
            return object.child(named: name)
        case .missing, .text, .bool, .list:
            return .missing
        }
    }

    /// The text `{{…}}` and `{{{…}}}` print, before escaping.
    var printed: String {
        switch self {
        case .missing: return ""
        case .text(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .object(let object): return String(describing: object)
        case .list(let list): return String(describing: list)
        }
    }
}

/// A value that knows how a template sees it.
public protocol TemplateRepresentable {
    var templateValue: TemplateValue { get }
}

/// A view model: answers a template's lookups by name, `.missing` for names it does not have.
/// TemplateLookupTests keeps each answer equal to what reflection on the value would find.
public protocol TemplateObject: TemplateRepresentable {
    func child(named key: String) -> TemplateValue
}

extension TemplateObject {
    public var templateValue: TemplateValue { .object(self) }
}

/// A list a section repeats over.
public protocol TemplateList {
    var count: Int { get }
    func element(at index: Int) -> TemplateValue
}

extension String: TemplateRepresentable {
    public var templateValue: TemplateValue { .text(self) }
}

extension Bool: TemplateRepresentable {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Int: TemplateRepresentable {
    public var templateValue: TemplateValue { .text(String(self)) }
}

extension Optional: TemplateRepresentable where Wrapped: TemplateRepresentable {
    public var templateValue: TemplateValue { self?.templateValue ?? .missing }
}

extension Array: TemplateRepresentable where Element: TemplateRepresentable {
    public var templateValue: TemplateValue { .list(self) }
}

extension Array: TemplateList where Element: TemplateRepresentable {
    public func element(at index: Int) -> TemplateValue { self[index].templateValue }
}

/// A value read by reflection: its stored properties are listed once, at the first lookup, and
/// kept while the template is inside it (a row of a list answers all its names from one pass).
private final class ReflectedObject: TemplateObject, CustomStringConvertible {
    let value: Any
    private var children: [String: Any]?

    init(_ value: Any) { self.value = value }

    var description: String { String(describing: value) }

    func child(named key: String) -> TemplateValue {
        if children == nil {
            var found: [String: Any] = [:]
            for child in Mirror(reflecting: value).children {
                // The first property of a name is the one a lookup finds.
                if let label = child.label, found[label] == nil { found[label] = child.value }
            }
            children = found
        }
        guard let match = children?[key] else { return .missing }
        return .reflecting(match)
    }
}

/// A list of values read by reflection.
private struct ReflectedList: TemplateList {
    let values: [Any]
    var count: Int { values.count }
    func element(at index: Int) -> TemplateValue { .reflecting(values[index]) }
}
