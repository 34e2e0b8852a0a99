import Testing

@testable import TriageReport

@Suite struct NumberTextTests {
    @Test func fixedRoundsHalfAwayFromZeroWithAPointAndOptionalGrouping() {
        #expect(NumberText.fixed(0.125, decimals: 2) == "0.13")
        #expect(NumberText.fixed(-0.125, decimals: 2) == "-0.13")
        #expect(NumberText.fixed(0.6000000000000001, decimals: 1) == "0.6")
        #expect(NumberText.fixed(3, decimals: 0) == "3")
        #expect(NumberText.fixed(0.05, decimals: 3) == "0.050")
        #expect(NumberText.fixed(1_234_567.891, decimals: 1, grouping: true) == "1,234,567.9")
        #expect(NumberText.fixed(999, decimals: 0, grouping: true) == "999")
        #expect(NumberText.fixed(-0.0001, decimals: 2) == "0.00", "no negative zero")
        #expect(NumberText.fixed(.nan, decimals: 2) == "NaN")
    }

    @Test func pixelsDropTrailingZeros() {
        #expect(NumberText.pixel(12.5) == "12.5")
        #expect(NumberText.pixel(40) == "40")
        #expect(NumberText.pixel(65.6 + 278.6) == "344.2")
        #expect(NumberText.pixel(-0.001) == "0")
    }

    @Test func formatsWriteTicksAndValues() {
        #expect(ChartNumberFormat.percent.tick(0.42, decimals: 2) == "42%")
        #expect(ChartNumberFormat.percent.tick(0.025, decimals: 3) == "2.5%")
        #expect(ChartNumberFormat.dollars.tick(0.2, decimals: 1) == "$0.20")
        #expect(ChartNumberFormat.dollars.tick(-1500, decimals: 0) == "-$1,500")
        #expect(ChartNumberFormat.plain.tick(20_000, decimals: 0) == "20,000")
        #expect(ChartNumberFormat.percent.value(0.4237) == "42.37%")
        #expect(ChartNumberFormat.dollars.value(0.00042) == "$0.00042")
        #expect(ChartNumberFormat.dollars.value(-0.00042) == "-$0.00042")
        #expect(ChartNumberFormat.dollars.value(12.5) == "$12.50")
        #expect(ChartNumberFormat.plain.value(0.333333) == "0.3333")
    }

    @Test func markupEscapingCoversAllFiveCharactersAndDropsForbiddenControls() {
        #expect(#"<b>"A&B"</b> it's"#.markupEscaped == "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; it&#39;s")
        #expect("a\u{0}b\u{1B}c\td".markupEscaped == "abc\td")
    }

    @Test func truncationMarksTheCut() {
        #expect("abcdef".truncated(to: 4) == "abc…")
        #expect("abcd".truncated(to: 4) == "abcd")
    }
}
