/// The `?page=` of a paginated listing, checked so that "abc", "-1", "0" or a number too big to
/// mean anything give a 400 page instead of a crash or a huge database offset.
struct PageNumber: Hashable, Sendable {
    /// The highest page number accepted; past it the archive would be read from the far end anyway.
    static let maximum = 10_000

    /// The page, from 1.
    let value: Int

    /// The first page.
    static let first = PageNumber(trusted: 1)

    /// Reads the `page` field of a query; absent means the first page.
    init(query: FormFields) throws(ReaderError) {
        guard let text = try query.single("page") else {
            self = .first
            return
        }
        let isDigits = !text.isEmpty && text.utf8.count <= 6 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
        guard isDigits, let number = Int(text), (1...PageNumber.maximum).contains(number) else {
            throw .badRequest("The page number must be a whole number from 1 to \(PageNumber.maximum).")
        }
        value = number
    }

    private init(trusted: Int) { value = trusted }

    /// How many stories to skip to reach this page.
    func offset(pageSize: Int) -> Int { (value - 1) * pageSize }
}
