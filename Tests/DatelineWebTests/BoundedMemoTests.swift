import Testing

@testable import DatelineWeb

@Suite("Bounded memo")
struct BoundedMemoTests {
    @Test("a value is made once per key, and the memo never holds more than its limit")
    func makesOnceAndStaysBounded() {
        let memo = BoundedMemo<Int, String>(limit: 3)
        var made = 0
        func value(_ key: Int) -> String {
            memo.value(for: key) {
                made += 1
                return "value \(key)"
            }
        }
        #expect(value(1) == "value 1")
        #expect(value(1) == "value 1")
        #expect(made == 1)
        _ = (value(2), value(3))
        #expect(memo.count == 3)
        // The fourth key empties it first: whatever keys arrive, it stays within its limit.
        #expect(value(4) == "value 4")
        #expect(memo.count == 1)
        #expect(value(1) == "value 1")
        #expect(made == 5)
        for key in 0..<1_000 { _ = value(key) }
        #expect(memo.count <= 3)
    }

    @Test("a failed make keeps nothing")
    func failuresAreNotKept() throws {
        struct Failure: Error {}
        let memo = BoundedMemo<String, Int>(limit: 4)
        #expect(throws: Failure.self) { try memo.value(for: "a") { throw Failure() } }
        #expect(memo.count == 0)
        #expect(try memo.value(for: "a") { 7 } == 7)
    }
}
