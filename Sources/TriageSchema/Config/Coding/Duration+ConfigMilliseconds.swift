extension Duration {
    /// Milliseconds as a double; config files write every duration in whole milliseconds
    /// (`*_ms`), or whole seconds where the wire format does (`retry_after_s`).
    var configMilliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
