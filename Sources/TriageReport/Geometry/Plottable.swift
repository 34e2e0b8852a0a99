/// Whether a data value can be placed on an axis. Beyond ±1e100 the span arithmetic of an axis
/// overflows towards infinity, so such values are skipped like NaN and ±∞.
func isPlottable(_ value: Double) -> Bool {
    value.isFinite && abs(value) <= 1e100
}
