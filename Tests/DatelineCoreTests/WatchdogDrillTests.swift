import Foundation
import Testing

/// A test that hangs on purpose when `DATELINE_TEST_HANG` is set, so the test command's watchdog
/// (`scripts/watchdog`, used by `scripts/test`) can be seen to stop a hung run and name the test.
///
/// Without the variable it does not run; it is a drill, not a check of Dateline.
@Suite("Watchdog drill")
struct WatchdogDrillTests {
    static var isRequested: Bool {
        ProcessInfo.processInfo.environment["DATELINE_TEST_HANG"].map { !$0.isEmpty } ?? false
    }

    @Test("a test that never ends (DATELINE_TEST_HANG=1 only)", .enabled(if: isRequested))
    func hangs() async {
        // Never resumed and deaf to cancellation, as the PostgreSQL hang of issue 12 was.
        await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
    }
}
