/// The checks every config type uses, each with the one message that rule always gives, so the
/// same mistake reads the same wherever it is made.
extension ConfigIssueLog {
    func check(_ condition: Bool, _ path: ConfigPath, _ message: @autoclosure () -> String) {
        if !condition { invalid(path, message()) }
    }

    /// Durations written as `*_ms` that must be above zero.
    func positive(_ d: Duration, _ path: ConfigPath) {
        check(d > .zero, path, "must be a positive integer")
    }

    /// Durations that may be zero.
    func nonNegative(_ d: Duration, _ path: ConfigPath) {
        check(d >= .zero, path, "must not be negative")
    }

    func positive(_ i: Int?, _ path: ConfigPath) {
        if let i { check(i > 0, path, "must be a positive integer") }
    }

    func nonNegative(_ i: Int, _ path: ConfigPath) {
        check(i >= 0, path, "must not be negative")
    }

    func positive(_ x: Double, _ path: ConfigPath) {
        check(x.isFinite && x > 0, path, "must be a positive number")
    }

    func nonNegative(_ x: Double, _ path: ConfigPath) {
        check(x.isFinite && x >= 0, path, "must be a non-negative number")
    }

    /// Probabilities and shares.
    func fraction(_ x: Double, _ path: ConfigPath) {
        check(x >= 0 && x <= 1, path, "must be between 0 and 1")
    }

    func notEmpty(_ s: String, _ path: ConfigPath) {
        check(!s.allSatisfy(\.isWhitespace), path, "must not be empty")
    }

    /// An `env:` reference must name a variable a shell could set; a literal must not be blank.
    /// Messages never repeat the value: it may be the secret itself.
    func secret(_ reference: SecretReference?, _ path: ConfigPath) {
        switch reference {
        case .environment(let name):
            check(Self.isEnvironmentName(name), path,
                  "must name an environment variable after env: (letters, digits and _, not starting with a digit)")
        case .literal(let secret):
            check(!secret.allSatisfy(\.isWhitespace), path, "must not be empty")
        case nil:
            break
        }
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
