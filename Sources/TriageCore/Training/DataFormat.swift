/// The data layouts Triage can read; the raw value is the name the CLI accepts.
public enum DataFormat: String, CaseIterable, Sendable {
    /// Long outcome CSV: `prompt,model,score[,cost_usd][,input_tokens][,output_tokens][,response]`.
    case outcome
    /// Pairwise preference CSV: `prompt,model_a,model_b,winner`.
    case pairwise
    /// Chatbot Arena export CSV with JSON-list prompts and 0/1 winner columns.
    case arena
    /// RouteLLM wide CSVs (`prompt,<model>...` of True/False), optionally decontaminated.
    case routellm
    /// RouterBench wide CSVs with scores, responses and costs per model.
    case routerbench
    /// LLMRouter `train.json` with per-model scores.
    case llmrouter
}
