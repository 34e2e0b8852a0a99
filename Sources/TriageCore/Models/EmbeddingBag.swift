/// fastText's embedding bag: a prompt's vector is the mean of its n-gram rows.
///
///     x_i = (1/|ids_i|) Σ_{j ∈ ids_i} E[j]          E: buckets×d
///     ∂L/∂E[j] += (1/|ids_i|) ∂L/∂x_i   for each j ∈ ids_i
public struct EmbeddingBag: Sendable, Equatable {
    public var table: Matrix

    public init(table: Matrix) {
        self.table = table
    }

    public var dimension: Int { table.cols }

    /// Writes each prompt's mean vector into the first d columns of x (n × ≥d).
    public func forward(_ batch: FeatureBatch, into x: inout Matrix) {
        let d = dimension, width = x.cols
        x.values.withUnsafeMutableBufferPointer { out in
            for i in 0..<batch.count {
                let row = out.baseAddress! + i * width
                for c in 0..<d { row[c] = 0 }
                let ids = batch.ids(of: i)
                guard !ids.isEmpty else { continue }
                table.accumulateRows(ids, scale: 1 / Float(ids.count), into: row)
            }
        }
    }

    /// Scatters the first d columns of dX back onto the rows each prompt used. Static: it needs
    /// no weights, so an optimizer may update the table while the gradient flows into it.
    public static func backward<Sink: RowGradientSink>(_ batch: FeatureBatch, dX: Matrix, into gradient: inout Sink) {
        let width = dX.cols
        dX.values.withUnsafeBufferPointer { g in
            for i in 0..<batch.count {
                let ids = batch.ids(of: i)
                guard !ids.isEmpty else { continue }
                gradient.add(ids, scale: 1 / Float(ids.count), gradient: g.baseAddress! + i * width)
            }
        }
    }
}
