import Testing
@testable import TriageCore

@Suite struct HeuristicVerifierTests {
    let question = """
        Which gas do plants absorb for photosynthesis?
        A. Oxygen
        B. Carbon dioxide
        C. Nitrogen
        D. Helium
        """

    @Test func signalsReadTheFormAndTheTone() {
        let hedge = AnswerSignals(prompt: question, answer: "I'm not sure. It might be B, but I cannot say for certain; verify this.")
        #expect(hedge.hedges == 4)
        #expect(hedge.asksForChoice)
        let sure = AnswerSignals(prompt: question, answer: "The answer is B. Plants take in carbon dioxide.")
        #expect(sure.hedges == 0 && sure.givesChoice && !sure.refuses)
        #expect(AnswerSignals(prompt: question, answer: "B) Carbon dioxide").givesChoice)
        #expect(!AnswerSignals(prompt: question, answer: "The answer is Because of light.").givesChoice)
        #expect(AnswerSignals(prompt: "hi", answer: "As an AI, I can't help with that.").refuses)
        let code = AnswerSignals(prompt: "Write a function that reverses a list in Python.", answer: "```python\ndef r(x): return x[::-1]\n```")
        #expect(code.asksForCode && code.givesCode)
        let loop = AnswerSignals(prompt: "Tell me", answer: String(repeating: "the cat sat on the mat ", count: 10))
        #expect(loop.repetition > 0.7)
        #expect(AnswerSignals(prompt: "x", answer: "  ").empty)
    }

    @Test func confidentAnswersOfTheRightFormScoreAboveHedgesAndRefusals() {
        let v = HeuristicVerifier()
        let sure = v.score(prompt: question, answer: "The answer is B. Plants absorb carbon dioxide and release oxygen.")
        let hedge = v.score(prompt: question, answer: "I'm not sure. It might be B, but I cannot say for certain; you may want to verify this.")
        let noChoice = v.score(prompt: question, answer: "Plants are green and need sunlight to grow well.")
        let refusal = v.score(prompt: question, answer: "I can't help with that.")
        #expect(sure > 0.8)
        #expect(hedge < 0.2)
        #expect(noChoice < sure && noChoice > hedge)
        #expect(refusal < 0.05)
        let code = v.score(prompt: "Write a function that adds two numbers in Python.", answer: "```python\ndef add(a, b):\n    return a + b\n```")
        let prose = v.score(prompt: "Write a function that adds two numbers in Python.", answer: "You add them.")
        #expect(code > prose)
    }

    @Test func scoresAreProbabilities() {
        let v = HeuristicVerifier()
        for answer in ["", "B", String(repeating: "maybe possibly ", count: 50), "The answer is A."] {
            let p = v.score(prompt: question, answer: answer)
            #expect(p > 0 && p < 1)
        }
    }
}
