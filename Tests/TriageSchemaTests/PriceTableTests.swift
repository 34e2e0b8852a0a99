import Foundation
import Testing
@testable import TriageSchema

/// The shipped price table and the deployments that fall back to it.
@Suite struct PriceTableTests {
    @Test(arguments: [
        ("gpt-4o", "gpt-4o", 2.50, 10.00),
        ("gpt-4o-2024-08-06", "gpt-4o", 2.50, 10.00),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini", 0.15, 0.60),
        ("openai/gpt-4.1-mini", "gpt-4.1-mini", 0.40, 1.60),
        ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet", 3.00, 15.00),
        ("anthropic/claude-3-5-haiku-latest", "claude-3-5-haiku", 0.80, 4.00),
        ("GPT-4O", "gpt-4o", 2.50, 10.00),
        ("text-embedding-3-small", "text-embedding-3-small", 0.02, 0),
    ])
    func aModelIdFindsItsFamilysListPrice(_ id: String, _ family: String, _ input: Double, _ output: Double) throws {
        let entry = try #require(PriceTable.entry(forModel: id))
        #expect(entry.model == family)
        #expect(entry.price == Price(inputPerMillion: input, outputPerMillion: output))
        #expect(!entry.asOf.isEmpty && !entry.provider.isEmpty)
    }

    @Test(arguments: ["llama-3-70b", "gpt", "my-gpt-4o", "", "-", "o"])
    func unknownModelsHaveNoPrice(_ id: String) {
        #expect(PriceTable.entry(forModel: id) == nil)
    }

    @Test func everyEntryIsUniqueAndPriced() {
        #expect(Set(PriceTable.entries.map(\.model)).count == PriceTable.entries.count)
        #expect(PriceTable.entries.allSatisfy { $0.price.inputPerMillion > 0 && $0.price.outputPerMillion >= 0 })
    }

    static func config(_ deployments: String) throws -> GatewayConfig {
        try GatewayConfig.decode(json: Data(#"{"model_groups":[{"name":"g","deployments":[\#(deployments)]}]}"#.utf8))
    }

    @Test func aDeploymentWithoutAPriceIsBilledAtTheTablesAndSaysSo() throws {
        let c = try Self.config(#"""
            {"id":"a","model":"gpt-4o-2024-08-06","provider":{"kind":"openai","base_url":"http://127.0.0.1:9/v1"}},
            {"id":"b","model":"gpt-4o","provider":{"kind":"openai","base_url":"http://127.0.0.1:9/v1"},
             "price":{"input_per_million":1,"output_per_million":2}},
            {"id":"c","model":"house-model","provider":{"kind":"openai","base_url":"http://127.0.0.1:9/v1"}},
            {"id":"d","model":"gpt-4o","provider":{"kind":"sim"}}
            """#)
        let d = c.modelGroups[0].deployments
        #expect(d[0].price == Price(inputPerMillion: 2.50, outputPerMillion: 10.00))
        #expect(d[0].priceOrigin == .table(provider: "OpenAI", asOf: "2025-08"))
        #expect(d[0].priceOrigin.label == "price table (OpenAI list price, 2025-08)")
        #expect(d[1].price == Price(inputPerMillion: 1, outputPerMillion: 2) && d[1].priceOrigin == .configured, "the config wins")
        #expect(d[2].price == .free && d[2].priceOrigin == .unknown && d[2].priceOrigin.label == "none (free)")
        #expect(d[3].price == .free && d[3].priceOrigin == .configured, "a simulation bills what its config says")
    }

    @Test func aTablePriceIsNotWrittenBackIntoTheConfig() throws {
        let c = try Self.config(#"{"id":"a","model":"gpt-4o","provider":{"kind":"openai","base_url":"http://127.0.0.1:9/v1"}}"#)
        let text = String(decoding: c.jsonData(), as: UTF8.self)
        #expect(!text.contains("input_per_million"), "the printed config keeps the operator's choice: no price")
        let again = try GatewayConfig.decode(json: c.jsonData())
        #expect(again.modelGroups[0].deployments == c.modelGroups[0].deployments)
    }
}
