import Foundation
import Testing
@testable import TriageGateway

@Suite struct TriageHeadersTests {
    @Test(arguments: [0.0, 0.000_001_5, 0.123_456_789, 1.5, 12.000_000_004, 3.999_999_999_6, -0.25, 1234.5678])
    func decimalsMatchPrintf(value: Double) {
        #expect(TriageHeaders.decimal(value, places: 8) == String(format: "%.8f", value))
        #expect(TriageHeaders.decimal(value, places: 3) == String(format: "%.3f", value))
    }

    @Test func overheadIsMillisecondsWithMicroseconds() {
        #expect(TriageHeaders.milliseconds(.microseconds(1_234)) == "1.234")
        #expect(TriageHeaders.milliseconds(.seconds(2) + .microseconds(5)) == "2000.005")
        #expect(TriageHeaders.milliseconds(.zero) == "0.000")
    }
}
