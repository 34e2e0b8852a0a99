import Foundation
import Testing
@testable import TriageSchema

/// Files and trees the config tests share.
enum ConfigFixtures {
    /// The package root, found from this file so tests read `Data/configs` wherever they run.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func exampleConfig(_ name: String) throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("Data/configs/\(name)"))
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("Tests/TriageSchemaTests/Fixtures/config/\(name)"))
    }

    static let exampleNames = ["default.json", "openai-anthropic.json", "resilient.json", "postgres.json"]

    /// A small valid config that the validation tests break one key at a time: three groups
    /// (two chat, one embedding), with `frontier-1` and `f2` in the second group.
    static let base: ConfigTree = [
        "model_groups": [
            [
                "name": "cheap",
                "deployments": [["model": "sim-cheap", "provider": "sim"]],
                "fallbacks": ["generic": ["frontier"]],
            ],
            [
                "name": "frontier",
                "deployments": [
                    ["model": "sim-frontier", "provider": "sim"],
                    ["id": "f2", "model": "llama", "provider": ["kind": "openai", "base_url": "http://localhost:8000/v1"]],
                ],
            ],
            [
                "name": "embed",
                "kind": "embedding",
                "deployments": [["model": "sim-embed", "provider": ["kind": "sim"]]],
            ],
        ],
    ]

    /// The descriptions of every issue decoding `tree` reports; empty when it decodes.
    static func issues(_ tree: ConfigTree) -> [String] {
        do {
            _ = try GatewayConfig.decode(tree)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    static func issues(json: String) -> [String] {
        do {
            _ = try GatewayConfig.decode(json: Data(json.utf8))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }
}

extension ConfigTree {
    /// This tree with the value at `path` replaced (or added, when the last key is absent).
    func setting(_ path: ConfigPath, to value: ConfigTree) -> ConfigTree {
        guard let first = path.components.first else { return value }
        let rest = ConfigPath(Array(path.components.dropFirst()))
        switch (self, first) {
        case (.object(var members), .key(let key)):
            if let i = members.firstIndex(where: { $0.key == key }) {
                members[i].value = members[i].value.setting(rest, to: value)
            } else {
                members.append(.init(key, ConfigTree.object([]).setting(rest, to: value)))
            }
            return .object(members)
        case (.array(var elements), .index(let i)):
            elements[i] = elements[i].setting(rest, to: value)
            return .array(elements)
        default:
            preconditionFailure("no \(first) in \(self)")
        }
    }

    /// This tree without the key at `path`.
    func removing(_ path: ConfigPath) -> ConfigTree {
        guard let first = path.components.first else { return self }
        let rest = ConfigPath(Array(path.components.dropFirst()))
        switch (self, first) {
        case (.object(var members), .key(let key)) where rest.isRoot:
            members.removeAll { $0.key == key }
            return .object(members)
        case (.object(var members), .key(let key)):
            if let i = members.firstIndex(where: { $0.key == key }) {
                members[i].value = members[i].value.removing(rest)
            }
            return .object(members)
        case (.array(var elements), .index(let i)):
            elements[i] = elements[i].removing(rest)
            return .array(elements)
        default:
            preconditionFailure("no \(first) in \(self)")
        }
    }
}

@Suite("Config fixtures")
struct ConfigFixturesTests {
    @Test("the base tree the validation tests break is itself valid")
    func baseIsValid() {
        #expect(ConfigFixtures.issues(ConfigFixtures.base) == [])
    }

    @Test("setting and removing keys in a tree")
    func treeEditing() {
        let tree = ConfigFixtures.base.setting("server.port", to: 1).removing("model_groups[0].fallbacks")
        #expect(tree["server"]?["port"] == 1)
        #expect(tree["model_groups"]?.elements?[0]["fallbacks"] == nil)
    }
}
