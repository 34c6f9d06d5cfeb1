import ArgumentParser
import CasebookKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--quiet` of the commands that show progress.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "Show no progress on standard error.") var quiet = false

    /// A progress line for this work, shown only when standard error is a terminal and `--quiet` is not given.
    func line(_ activity: String, unit: String) -> ProgressLine {
        ProgressLine(activity, unit: unit, visible: !quiet && isatty(STDERR_FILENO) == 1)
    }
}

/// One line of progress on standard error, redrawn in place at most ten times a second: how many done,
/// the rate, and the time left when the whole is known. Nothing is written when it is not visible, and
/// the line is cleared when the work ends, so what the command prints afterwards stands alone.
final class ProgressLine: @unchecked Sendable {
    private let activity: String
    private let unit: String
    private let visible: Bool
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false
    private let lock = NSLock()

    init(_ activity: String, unit: String, visible: Bool) {
        (self.activity, self.unit, self.visible) = (activity, unit, visible)
    }

    /// Reports `done` units; `fraction` is the share of the whole work done, when it is known; `note`
    /// says what is happening when the count stands still. `force` draws even within the tenth of a second.
    func update(_ done: Int, fraction: Double? = nil, note: String? = nil, force: Bool = false) {
        guard visible else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if !force, let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        drawn = true
        var text = Self.describe(activity: activity, done: done, unit: unit, fraction: fraction, seconds: seconds(now - started))
        if let note { text += ", " + note }
        write("\r\u{1B}[K" + text)
    }

    /// Clears the line.
    func finish() {
        guard visible else { return }
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    /// The text of the line: `Importing: 12,000 examples, 4,100/s, 19 s left`.
    static func describe(activity: String, done: Int, unit: String, fraction: Double?, seconds: Double) -> String {
        var text = "\(activity): \(NumberText.grouped(done)) \(unit)"
        if seconds > 0.2 { text += ", \(NumberText.grouped(Int(Double(done) / seconds)))/s" }
        if let fraction, fraction > 0.001, fraction < 1, seconds > 0.5 {
            text += ", \(NumberText.grouped(Int((seconds * (1 - fraction) / fraction).rounded(.up)))) s left"
        }
        return text
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
