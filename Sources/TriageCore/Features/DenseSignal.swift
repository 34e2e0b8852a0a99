/// The dense, human-readable prompt signals, in the order they appear in `PromptFeatures.dense`.
public enum DenseSignal: Int, CaseIterable, Sendable {
    case length           // log bytes
    case words            // log words
    case turns            // log conversation turns
    case codeFences       // ``` blocks
    case codeSymbols      // share of {}[]();=
    case mathSymbols      // share of + - * / ^ = < > \ and common math code points
    case digits           // share of digits
    case questionWords    // what, why, how, which, who, when, where, explain, prove, calculate
    case nonASCII         // share of non-ASCII bytes (other scripts, symbols)
    case questionMarks
    case optionLines      // lines that open like "A." / "B)" / "(c)": multiple choice
    case lines            // log newlines
    case uppercase        // share of capitals
    case meanWordLength

    public static let count = allCases.count
}
