/// One labelled form field with its error, rendered so the error sits next to the field and is
/// announced with it (`aria-describedby`, `aria-invalid`).
struct FieldView: Sendable {
    /// The form name and the element id ("headline").
    let name: String
    let id: String
    let label: String
    let value: String
    /// What is wrong with the value, or nil.
    let error: String?
    /// The id of the error text, for `aria-describedby`; nil without an error.
    let errorID: String?
    /// The `type` of an `<input>`; unused for text areas.
    let type: String
    let autocomplete: String?
    let hint: String?
    let hintID: String?
    /// The ids that describe the field (hint and error), space-separated; nil when none.
    let describedBy: String?
    /// The id of a `<datalist>` of suggested values, for `list=`; nil when there is none.
    let list: String?

    init(
        name: String, label: String, value: String, error: String?, type: String = "text",
        autocomplete: String? = nil, hint: String? = nil, id: String? = nil, list: String? = nil
    ) {
        self.list = list
        self.name = name
        let id = id ?? name.replacingCharacters(notIn: "abcdefghijklmnopqrstuvwxyz0123456789-_", with: "-")
        self.id = id
        self.label = label
        self.value = value
        self.error = error
        self.errorID = error == nil ? nil : "\(id)-error"
        self.type = type
        self.autocomplete = autocomplete
        self.hint = hint
        self.hintID = hint == nil ? nil : "\(id)-hint"
        let ids = [hintID, errorID].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

extension String {
    /// The string with every character outside `allowed` replaced, for making element ids.
    fileprivate func replacingCharacters(notIn allowed: String, with replacement: Character) -> String {
        String(lowercased().map { allowed.contains($0) ? $0 : replacement })
    }
}
