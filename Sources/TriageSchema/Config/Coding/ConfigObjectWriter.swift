/// Builds one config object for the encoder. In `.minimal` style a member equal to its default
/// is left out, so the encoder can write either a complete or a short config from one
/// description per type.
struct ConfigObjectWriter {
    let style: ConfigEncodingStyle
    private(set) var members: [ConfigTree.Member] = []

    init(_ style: ConfigEncodingStyle) {
        self.style = style
    }

    /// Adds `key` whatever the style: required members such as a group's `name`.
    mutating func add(_ key: String, _ value: ConfigTree) {
        members.append(.init(key, value))
    }

    /// Adds `key`, unless the style is minimal and `value` equals `defaultValue`. Nested objects
    /// pass `[:]` as their default: in minimal style an all-default object encodes as `{}`.
    /// (`default: nil` means JSON `null`, since `ConfigTree` is nil-literal expressible.)
    mutating func add(_ key: String, _ value: ConfigTree, default defaultValue: ConfigTree) {
        if style == .minimal, value == defaultValue { return }
        members.append(.init(key, value))
    }

    var tree: ConfigTree { .object(members) }
}

extension ConfigTree {
    /// Whole milliseconds, as config files write durations.
    static func milliseconds(_ d: Duration) -> ConfigTree {
        .number(d.configMilliseconds.rounded())
    }

    /// Whole seconds.
    static func seconds(_ d: Duration) -> ConfigTree {
        .number((d.configMilliseconds / 1_000).rounded())
    }

    static func strings(_ list: [String]) -> ConfigTree {
        .array(list.map(ConfigTree.string))
    }

    /// An optional integer; nil writes `null`.
    static func int(_ i: Int?) -> ConfigTree {
        guard let i else { return .null }
        return .number(Double(i))
    }

    /// An optional string; nil writes `null`.
    static func text(_ s: String?) -> ConfigTree {
        guard let s else { return .null }
        return .string(s)
    }
}
