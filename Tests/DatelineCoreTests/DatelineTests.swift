import DatelineCore
import Testing

@Suite struct DatelineTests {
    @Test func printsTheWireForms() {
        #expect(Dateline(place: "KUALA LUMPUR, Malaysia", source: "AP").printed == "KUALA LUMPUR, Malaysia (AP) --")
        #expect(Dateline(source: "CNN").printed == "(CNN) --")
        #expect(Dateline(place: "TORONTO").printed == "TORONTO --")
        #expect(Dateline().printed.isEmpty)
    }

    @Test func treatsBlankPartsAsAbsent() {
        let dateline = Dateline(place: "  ", source: "")
        #expect(dateline.isEmpty)
        #expect(dateline.place == nil)
    }
}
