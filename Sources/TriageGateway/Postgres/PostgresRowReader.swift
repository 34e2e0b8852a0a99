import NIOCore
import PostgresNIO

/// Reads one row's columns by position, as `SQLiteStatement` does: nullable values come back
/// as nil, `bytea` as bytes.
struct PostgresRowReader {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func text(_ column: Int) throws -> String? { try row[column].decode(String?.self) }

    func int(_ column: Int) throws -> Int? { try row[column].decode(Int?.self) }

    func double(_ column: Int) throws -> Double? { try row[column].decode(Double?.self) }

    func bytes(_ column: Int) throws -> [UInt8]? {
        try row[column].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }
    }
}

extension PostgresBindings {
    /// A `double precision` value as SQLite binds it: NaN and the infinities become NULL, so
    /// both stores keep the same value.
    mutating func append(finite value: Double?) {
        append(value.flatMap { $0.isFinite ? $0 : nil })
    }

    /// `bytea`, or NULL.
    mutating func append(bytes value: [UInt8]?) {
        append(value.map { ByteBuffer(bytes: $0) })
    }
}
