/// Stops the run when an invariant fails: libFuzzer sees the trap, keeps the input and reports
/// the message. A decoder that merely rejects its input is not a failure; a decoder that
/// accepts something it cannot read back, or two paths that disagree, is.
func check(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}
