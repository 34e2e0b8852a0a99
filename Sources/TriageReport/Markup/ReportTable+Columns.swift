extension ReportTable {
    /// The number of columns: the header or the longest row, whichever is wider.
    var columnCount: Int {
        max(headers.count, rows.map(\.count).max() ?? 0)
    }

    /// Headers and rows padded with empty cells to `columnCount`.
    var paddedHeaders: [String] { Self.padded(headers, to: columnCount) }
    var paddedRows: [[String]] { rows.map { Self.padded($0, to: columnCount) } }

    /// Which columns to right-align: those with at least one numeric cell and none with words.
    var numericColumns: [Bool] {
        (0..<columnCount).map { column in
            let cells = paddedRows.map { $0[column].trimmingWhitespace }
            return cells.contains(where: Self.looksNumeric)
                && cells.allSatisfy { Self.looksNumeric($0) || !$0.contains(where: { $0.isLetter || $0.isNumber }) }
        }
    }

    /// "1,204", "$0.42", "-3.5%", "+12": digits with signs, currency, separators or a percent.
    static func looksNumeric(_ cell: String) -> Bool {
        guard let first = cell.first, first.isNumber || "-+$".contains(first) else { return false }
        return cell.contains(where: \.isNumber) && cell.allSatisfy { $0.isNumber || "-+$,.%".contains($0) }
    }

    private static func padded(_ cells: [String], to count: Int) -> [String] {
        cells + Array(repeating: "", count: max(0, count - cells.count))
    }
}
