import Foundation

/// Reads and writes the JSON Lines form of the interchange format: one example per line.
public enum JSONLines {
    /// Validates every non-blank line (in parallel chunks); returns all examples in order, or throws
    /// every bad line's errors.
    public static func decode(_ data: Data, with decoder: ExampleDecoder) throws(InvalidInput) -> [Example] {
        var examples: [Example] = []
        do {
            try stream(.bytes(data), with: decoder) { batch in examples += batch.examples }
        } catch let invalid as InvalidInput {
            throw invalid
        } catch {
            throw InvalidInput([FieldError(field: "", .rule("\(error)"))])
        }
        return examples
    }

    /// Reads the input a batch of lines at a time and decodes each batch on background threads while
    /// `consume` takes the one before, in file order; at most two decoded batches wait, so memory stays
    /// bounded whatever the input's size. Every line is read, and the errors of every bad line are
    /// thrown together after the last batch; `consume` sees in each batch whether any line so far failed.
    public static func stream(
        _ input: JSONLinesInput, with decoder: ExampleDecoder, batchLines: Int = 1_000,
        consume: (DecodedBatch) throws -> Void
    ) throws {
        let queue = BatchQueue(capacity: 2)
        DispatchQueue.global().async {
            let reader = LineReader(input)
            var firstLine = 0
            do {
                while !queue.isCancelled {
                    let lines = try reader.next(maxLines: batchLines)
                    var batch = decode(lines, firstLine: firstLine, with: decoder)
                    firstLine += lines.count
                    (batch.bytesRead, batch.isLast) = (reader.bytesRead, reader.atEnd)
                    queue.put(.success(batch))
                    if batch.isLast { break }
                }
            } catch {
                queue.put(.failure(error))
            }
        }
        defer { queue.cancel() }
        var errors: [FieldError] = []
        while true {
            var batch = try queue.take().get()
            errors += batch.errors
            batch.failed = !errors.isEmpty
            try consume(batch)
            if batch.isLast { break }
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
    }

    /// Decodes one batch of lines, split across the cores; `firstLine` is the index of its first line in the file.
    private static func decode(_ lines: [Data], firstLine: Int, with decoder: ExampleDecoder) -> DecodedBatch {
        let pieces = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 100))
        let size = (lines.count + pieces - 1) / max(pieces, 1)
        let results = PieceResults(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var examples: [Example] = []
            var errors: [FieldError] = []
            for index in (piece * size)..<min(lines.count, (piece + 1) * size) where !isBlank(lines[index]) {
                do {
                    examples.append(try decoder.decode(lines[index]))
                } catch let invalid as InvalidInput {
                    errors += invalid.errors.map { $0.at(line: firstLine + index + 1) }
                } catch {
                    errors.append(FieldError(field: "", .rule("\(error)"), line: firstLine + index + 1))
                }
            }
            results.store((examples, errors), at: piece)
        }
        var batch = DecodedBatch()
        for (examples, errors) in results.all {
            batch.examples += examples
            batch.errors += errors
        }
        return batch
    }

    /// Encodes examples, one compact JSON object per line.
    public static func encode(_ examples: [Example]) throws -> Data {
        let encoder = Interchange.encoder(pretty: false)
        var output = Data()
        for example in examples {
            output.append(try encoder.encode(example))
            output.append(0x0A)
        }
        return output
    }

    private static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// Shared settings for writing the interchange format.
public enum Interchange {
    /// A JSON encoder with stable key order and unescaped slashes.
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Where JSON Lines come from: bytes already in memory, or a file (or standard input) read in blocks.
public enum JSONLinesInput: @unchecked Sendable {
    case bytes(Data)
    case file(FileHandle)
}

/// One batch of decoded lines, in file order.
public struct DecodedBatch: Sendable {
    public var examples: [Example] = []
    /// The errors of this batch's bad lines.
    public var errors: [FieldError] = []
    /// Whether a line of this batch or of an earlier one was bad.
    public var failed = false
    /// Whether this batch ends the input.
    public var isLast = false
    /// Bytes of the input read so far.
    public var bytesRead = 0
}

/// Splits the input at newline bytes, reading a file 1 MiB at a time.
private final class LineReader {
    private let input: JSONLinesInput
    private var buffer = Data()
    private var offset = 0
    private(set) var bytesRead = 0
    private var finished = false
    static let blockSize = 1 << 20

    init(_ input: JSONLinesInput) {
        self.input = input
        if case .bytes(let data) = input { (buffer, bytesRead, finished) = (data, data.count, true) }
    }

    /// Whether every line has been handed out.
    var atEnd: Bool { finished && offset > buffer.count }

    /// Up to `maxLines` lines (the last line of the input may have no newline).
    func next(maxLines: Int) throws -> [Data] {
        var lines: [Data] = []
        while lines.count < maxLines, !atEnd {
            if let newline = nextNewline() {
                lines.append(buffer[(buffer.startIndex + offset)..<(buffer.startIndex + newline)])
                offset = newline + 1
            } else if finished {
                lines.append(buffer[(buffer.startIndex + offset)...])
                offset = buffer.count + 1
            } else {
                try refill()
            }
        }
        return lines.map { Data($0) }
    }

    /// The offset of the next newline at or after `offset`, searched in the raw bytes.
    private func nextNewline() -> Int? {
        let start = offset
        return buffer.withUnsafeBytes { bytes in bytes[start...].firstIndex(of: 0x0A) }
    }

    private func refill() throws {
        guard case .file(let handle) = input else { finished = true; return }
        let block = try handle.read(upToCount: Self.blockSize) ?? Data()
        buffer = Data(buffer[(buffer.startIndex + offset)...]) + block
        offset = 0
        bytesRead += block.count
        if block.isEmpty { finished = true }
    }
}

/// The decoded batches between the reading thread and the writer, at most `capacity` waiting.
private final class BatchQueue: @unchecked Sendable {
    private var waiting: [Result<DecodedBatch, any Error>] = []
    private let capacity: Int
    private var cancelled = false
    private let condition = NSCondition()

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Adds a batch, waiting while the queue is full (unless the consumer has gone).
    func put(_ batch: Result<DecodedBatch, any Error>) {
        condition.lock()
        while waiting.count >= capacity && !cancelled { condition.wait() }
        waiting.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Takes the oldest batch, waiting until there is one.
    func take() -> Result<DecodedBatch, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty { condition.wait() }
        condition.broadcast()
        return waiting.removeFirst()
    }

    /// Tells the reading thread to stop.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The results of the pieces of one batch, stored by the decoding threads.
private final class PieceResults: @unchecked Sendable {
    private var results: [([Example], [FieldError])]
    private let lock = NSLock()

    init(count: Int) {
        results = Array(repeating: ([], []), count: count)
    }

    func store(_ result: ([Example], [FieldError]), at index: Int) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    var all: [([Example], [FieldError])] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
