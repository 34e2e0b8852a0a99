/// max(0, x), in place; the backward pass masks the gradient where the output was zero.
public enum ReLU {
    public static func forward(_ x: inout Matrix) {
        for i in x.values.indices where x.values[i] < 0 { x.values[i] = 0 }
    }

    /// dX = dY ⊙ [y > 0], given the forward output y.
    public static func backward(output y: Matrix, gradient dY: inout Matrix) {
        for i in dY.values.indices where y.values[i] <= 0 { dY.values[i] = 0 }
    }
}
