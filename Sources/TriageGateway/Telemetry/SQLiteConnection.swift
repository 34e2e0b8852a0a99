import CSQLite
import Foundation

/// One connection to an SQLite database file, used by one thread at a time.
///
/// Opened in WAL mode with `synchronous=NORMAL`: a committed transaction survives a crash of
/// the process (the WAL is written before commit returns); only a power loss can take the
/// last transactions, never corrupt the file.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String

    /// - Parameter readOnly: open an existing file for reading only: no schema change, no
    /// journal change, nothing written (reports over a log another process owns).
    init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: message, context: "open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5_000)
        if readOnly { return }
        try execute("PRAGMA journal_mode=WAL", context: "enable WAL")
        try execute("PRAGMA synchronous=NORMAL", context: "set synchronous")
        try execute("PRAGMA foreign_keys=ON", context: "enable foreign keys")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String, context: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text, context: context)
        }
    }

    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), context: "prepare \(sql.prefix(60))")
        }
        return SQLiteStatement(statement, connection: handle)
    }

    /// Rows the last INSERT, UPDATE or DELETE changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute("BEGIN IMMEDIATE", context: "begin transaction")
        do {
            let value = try body()
            try execute("COMMIT", context: "commit")
            return value
        } catch {
            try? execute("ROLLBACK", context: "roll back")
            throw error
        }
    }

    /// The first column of the first row of `sql`, as an integer (PRAGMA values, counts).
    func integer(_ sql: String) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.int64(0)
    }

    /// The first column of every row of `sql`, as text.
    func strings(_ sql: String) throws(SQLiteError) -> [String] {
        let statement = try prepare(sql)
        var out: [String] = []
        while try statement.step() { out.append(statement.text(0) ?? "") }
        return out
    }
}
