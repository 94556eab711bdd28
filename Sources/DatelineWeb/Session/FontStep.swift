/// A reader's text size, as steps from the normal size: the "Decrease font" and "Enlarge font"
/// controls move it one step, and every page renders with it.
public struct FontStep: Hashable, Sendable, Comparable {
    /// The smallest step a reader can choose.
    public static let smallest = -2
    /// The largest step a reader can choose.
    public static let largest = 4

    /// The step, always within ``smallest``...``largest``.
    public let value: Int

    /// Makes a step, clamping out-of-range values to the nearest allowed one.
    public init(_ value: Int) {
        self.value = min(max(value, FontStep.smallest), FontStep.largest)
    }

    /// Reads a step from a cookie value; nil when it is not a whole number in range, so a
    /// tampered cookie falls back to the site default instead of an extreme size.
    init?(cookieValue: String) {
        guard cookieValue.utf8.count <= 3, let number = Int(cookieValue),
            (FontStep.smallest...FontStep.largest).contains(number)
        else { return nil }
        self.value = number
    }

    /// One step larger, stopping at the largest.
    var enlarged: FontStep { FontStep(value + 1) }
    /// One step smaller, stopping at the smallest.
    var decreased: FontStep { FontStep(value - 1) }
    /// True when "Enlarge font" can still make the text larger.
    var canEnlarge: Bool { value < FontStep.largest }
    /// True when "Decrease font" can still make the text smaller.
    var canDecrease: Bool { value > FontStep.smallest }

    /// The class on `<html>` that the stylesheet sizes text by ("font-step-2", "font-step-minus-1").
    var className: String { value < 0 ? "font-step-minus-\(-value)" : "font-step-\(value)" }

    public static func < (lhs: FontStep, rhs: FontStep) -> Bool { lhs.value < rhs.value }
}
