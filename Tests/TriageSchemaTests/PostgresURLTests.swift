import Testing
import TriageSchema

/// libpq's URI form, as far as Triage reads it.
@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test func everyPartIsRead() throws {
        let url = try PostgresURL(parsing: "postgresql://app%40corp:p%3Ass@w0rd@db.internal:6432/tri%20age?sslmode=verify-full")
        #expect(url.user == "app@corp")
        #expect(url.password == "p:ss@w0rd", "the last @ ends the user part; the rest may be encoded")
        #expect(url.host == "db.internal" && url.port == 6432 && url.database == "tri age" && url.tls == .verifyFull)
        #expect(url.redacted == "postgres://app@corp@db.internal:6432/tri age")
    }

    @Test func libpqDefaults() throws {
        let url = try PostgresURL(parsing: "postgres://triage@127.0.0.1")
        #expect(url.password == nil && url.port == 5432 && url.database == "triage" && url.tls == .prefer)
        let v6 = try PostgresURL(parsing: "postgres://u:p@[::1]:5433/db?sslmode=disable")
        #expect(v6.host == "::1" && v6.port == 5433 && v6.tls == .disable)
        #expect(v6.redacted == "postgres://u@[::1]:5433/db")
    }

    @Test(arguments: [
        ("http://u@h/db", "must start with postgres:// or postgresql://"),
        ("postgres://h/db", "names no user (postgres://user@host/database)"),
        ("postgres://:pw@h/db", "names no user (postgres://user@host/database)"),
        ("postgres://u:pw@/db", "names no host (postgres://user@host/database)"),
        ("postgres://u:pw@h:0/db", "has port \"0\" (expected 1 to 65535)"),
        ("postgres://u:pw@h:x/db", "has port \"x\" (expected 1 to 65535)"),
        ("postgres://u:pw@[::1/db", "has an IPv6 host without its closing ]"),
        ("postgres://u:pw@h/a/b", "has a database name that is not one percent-encoded path segment"),
        ("postgres://u:pw@h/db?sslmode=on", "has sslmode \"on\" (expected disable, prefer, require, verify-ca or verify-full)"),
        ("postgres://u:pw@h/db?application_name=x", "has the parameter \"application_name\", which Triage does not read (only sslmode)"),
        ("postgres://u:p%zz@h/db", "has a badly percent-encoded password"),
    ])
    func refusals(_ text: String, _ expected: String) {
        do {
            _ = try PostgresURL(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message == expected)
            #expect(!error.message.contains("pw"), "no error repeats the password")
        }
    }

    @Test func descriptionsHideThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://u:hunter2@h/db")
        for text in [String(describing: url), String(reflecting: url), "\(url)"] { #expect(!text.contains("hunter2")) }
    }
}
