import Foundation

/// `(0..<count).map(transform)` with both cores sharing the work in fixed chunks; the result
/// does not depend on how it was divided. The one place the featurizers' bulk passes write
/// from several threads into one buffer.
enum ParallelMap {
    static func map<T>(_ count: Int, chunk: Int = 256, _ transform: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let out = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { out.deallocate() }
        // Each index is initialised exactly once, by the chunk that owns it.
        nonisolated(unsafe) let shared = out
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
                for i in c * chunk..<min((c + 1) * chunk, count) {
                    (shared.baseAddress! + i).initialize(to: transform(i))
                }
            }
        }
        let result = Array(out)
        _ = out.deinitialize()
        return result
    }
}
