import NIOCore
import Testing

@testable import DatelineWeb

@Suite("Font steps")
struct FontStepTests {
    @Test("steps clamp to the allowed range and move one at a time")
    func clamping() {
        #expect(FontStep(99).value == FontStep.largest)
        #expect(FontStep(-99).value == FontStep.smallest)
        #expect(FontStep(0).enlarged.value == 1)
        #expect(FontStep(FontStep.largest).enlarged.value == FontStep.largest)
        #expect(FontStep(FontStep.smallest).decreased.value == FontStep.smallest)
        #expect(!FontStep(FontStep.largest).canEnlarge)
        #expect(!FontStep(FontStep.smallest).canDecrease)
    }

    @Test("class names match the stylesheet's")
    func classNames() {
        #expect(FontStep(-2).className == "font-step-minus-2")
        #expect(FontStep(0).className == "font-step-0")
        #expect(FontStep(4).className == "font-step-4")
    }

    @Test(
        "cookie values outside the range or not numbers are ignored",
        arguments: ["", "x", "5", "-3", "1.5", " 1", "0001"])
    func badCookies(value: String) {
        #expect(FontStep(cookieValue: value) == nil)
    }

    @Test("every step has a rule in the stylesheet")
    func stylesheetCoversSteps() throws {
        let assets = try StaticAssets(directory: try #require(WebResources.staticFolder))
        let css = String(buffer: try #require(assets.asset(at: "site.css")).body)
        for value in FontStep.smallest...FontStep.largest {
            #expect(css.contains("html.\(FontStep(value).className) {"))
        }
    }
}
