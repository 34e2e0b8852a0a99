/// Where an embedding bag's backward pass sends each prompt's row gradient: collected for a
/// gradient check (`SparseRowGradient`), or applied at once by the optimizer (`RowAdagradStep`).
public protocol RowGradientSink {
    /// Rows `ids` each receive scale·g (g: the bag's width).
    mutating func add(_ ids: ArraySlice<Int32>, scale: Float, gradient: UnsafePointer<Float>)
}

extension SparseRowGradient: RowGradientSink {}
