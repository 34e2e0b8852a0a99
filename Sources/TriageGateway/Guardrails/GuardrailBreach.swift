/// A streamed answer broke a rule; thrown out of the relay loop to end the stream.
struct GuardrailBreach: Error {
    var rule: GuardrailRule
}
