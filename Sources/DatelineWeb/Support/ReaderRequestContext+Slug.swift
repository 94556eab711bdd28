import DatelineCore
import Hummingbird

extension ReaderRequestContext {
    /// The `{slug}` path parameter, accepted only when well-formed: anything else (capitals,
    /// %-escapes, punctuation) is not an address this site ever made, so it gets a 400 page.
    func slugParameter(_ name: String = "slug") throws(ReaderError) -> Slug {
        guard let text = parameters.get(name), let slug = Slug(validating: text) else {
            throw .badRequest(
                "That address is not one this site uses: story, section and topic addresses are "
                    + "lower-case words joined by hyphens.")
        }
        return slug
    }
}
