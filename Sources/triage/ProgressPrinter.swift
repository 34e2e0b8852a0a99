import Foundation
import TriageCore

/// Draws training progress: a redrawn bar on a terminal, one line per epoch otherwise.
struct ProgressPrinter {
    let label: String

    func callAsFunction(_ progress: TrainingProgress) {
        switch progress {
        case let .batch(epoch, done, total):
            guard StandardError.isTerminal else { return }
            let width = 30
            let filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            StandardError.write("\r\(label) epoch \(epoch) [\(bar)] \(done)/\(total)")
        case let .epoch(s):
            let auc = s.validationAUC.map { String(format: "%.4f", $0) } ?? "n/a"
            let line = "\(label) epoch \(s.epoch)/\(s.epochs)  loss \(String(format: "%.4f", s.trainLoss))  validation AUC \(auc)  \(Int(s.examplesPerSecond)) examples/s"
            StandardError.write(StandardError.isTerminal ? "\r\u{1B}[K\(line)\n" : "\(line)\n")
        }
    }
}
