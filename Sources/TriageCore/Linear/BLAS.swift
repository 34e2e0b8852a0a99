import CBLAS

/// The learning core's only door to OpenBLAS: matrix products over `Matrix` values.
///
/// Shapes follow the math: `gemm` computes C = α·op(A)·op(B) + β·C with op the optional
/// transpose, all row-major.
public enum BLAS {
    /// Runs OpenBLAS on one thread: the request path scores one prompt at a time, where
    /// thread hand-offs cost more than they save, and one thread keeps training reproducible.
    public static func useSingleThread() {
        openblas_set_num_threads(1)
    }

    /// The CPU kernel OpenBLAS selected (benchmarks print it).
    public static var kernelName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// C = α·op(A)·op(B) + β·C.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        precondition((transposeB ? b.cols : b.rows) == k, "gemm: inner dimensions differ")
        precondition(c.rows == m && c.cols == n, "gemm: output is \(c.rows)×\(c.cols), expected \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 { c.zero() } else { scale(&c, by: beta) }
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k),
                        alpha, pa.baseAddress, Int32(a.cols),
                        pb.baseAddress, Int32(b.cols),
                        beta, pc.baseAddress, Int32(c.cols)
                    )
                }
            }
        }
    }

    /// y = α·op(A)·x + β·y, over raw buffers so single-prompt scoring allocates nothing.
    public static func gemv(
        _ a: Matrix, transpose: Bool = false,
        x: UnsafeBufferPointer<Float>, y: UnsafeMutableBufferPointer<Float>,
        alpha: Float = 1, beta: Float = 0
    ) {
        precondition(x.count == (transpose ? a.rows : a.cols), "gemv: x has the wrong length")
        precondition(y.count == (transpose ? a.cols : a.rows), "gemv: y has the wrong length")
        a.values.withUnsafeBufferPointer { pa in
            cblas_sgemv(
                CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                Int32(a.rows), Int32(a.cols), alpha, pa.baseAddress, Int32(a.cols),
                x.baseAddress, 1, beta, y.baseAddress, 1
            )
        }
    }

    /// y += α·x over whole matrices of equal size.
    public static func axpy(_ alpha: Float, _ x: Matrix, _ y: inout Matrix) {
        precondition(x.count == y.count, "axpy: sizes differ")
        x.values.withUnsafeBufferPointer { px in
            y.values.withUnsafeMutableBufferPointer { py in
                cblas_saxpy(Int32(x.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// x *= α.
    public static func scale(_ x: inout Matrix, by alpha: Float) {
        let n = Int32(x.count)
        x.values.withUnsafeMutableBufferPointer { px in
            cblas_sscal(n, alpha, px.baseAddress, 1)
        }
    }
}
