import Foundation

/// Reads and writes the JSON Lines form of the interchange format: one example per line.
public enum JSONLines {
    /// Validates every non-blank line (in parallel chunks); returns all examples in order, or throws
    /// every bad line's errors.
    public static func decode(_ data: Data, with decoder: ExampleDecoder) throws(InvalidInput) -> [Example] {
        let lines = lines(of: data)
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, lines.count / 500))
        let chunkSize = (lines.count + chunkCount - 1) / max(chunkCount, 1)
        let results = ChunkResults(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = (chunk * chunkSize)..<min(lines.count, (chunk + 1) * chunkSize)
            results.store(decode(lines, range: range, with: decoder), at: chunk)
        }
        let (examples, errors) = results.merged()
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return examples
    }

    private static func decode(_ lines: [Data], range: Range<Int>, with decoder: ExampleDecoder) -> ([Example], [FieldError]) {
        var examples: [Example] = []
        var errors: [FieldError] = []
        for index in range where !isBlank(lines[index]) {
            do {
                examples.append(try decoder.decode(lines[index]))
            } catch {
                errors += error.errors.map { FieldError(field: $0.field, message: $0.message, line: index + 1) }
            }
        }
        return (examples, errors)
    }

    /// Decodes lines on background threads, chunk by chunk, while `consume` takes each chunk in file
    /// order as soon as it is ready; errors of every line are gathered and thrown after the last chunk.
    /// `consume` is told how many non-blank lines the file holds before the first chunk.
    public static func stream(
        _ data: Data, with decoder: ExampleDecoder, chunkSize: Int = 500,
        consume: (_ chunk: [Example], _ lineCount: Int, _ failed: Bool) throws -> Void
    ) throws {
        let lines = lines(of: data)
        let lineCount = lines.reduce(0) { $0 + (isBlank($1) ? 0 : 1) }
        let chunkCount = max(1, (lines.count + chunkSize - 1) / chunkSize)
        let chunks = DecodedChunks(count: chunkCount)
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let range = (chunk * chunkSize)..<min(lines.count, (chunk + 1) * chunkSize)
                chunks.store(decode(lines, range: range, with: decoder), at: chunk)
            }
        }
        var errors: [FieldError] = []
        for chunk in 0..<chunkCount {
            let (examples, chunkErrors) = chunks.take(chunk)
            errors += chunkErrors
            try consume(examples, lineCount, !errors.isEmpty)
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
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

    /// The file's lines, split at each newline byte.
    private static func lines(of data: Data) -> [Data] {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [Data] in
            guard let base = buffer.baseAddress else { return [] }
            var lines: [Data] = []
            var start = 0
            while start <= buffer.count {
                let rest = buffer.count - start
                let found = rest > 0 ? memchr(base + start, 0x0A, rest) : nil
                let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                lines.append(Data(bytes: base + start, count: end - start))
                start = end + 1
            }
            return lines
        }
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

/// Chunks of a streaming decode: stored by the decoding threads, taken in order by the consumer,
/// who waits for each until it is ready and then lets it go.
private final class DecodedChunks: @unchecked Sendable {
    private var chunks: [([Example], [FieldError])?]
    private let condition = NSCondition()

    init(count: Int) { chunks = Array(repeating: nil, count: count) }

    func store(_ result: ([Example], [FieldError]), at index: Int) {
        condition.lock()
        chunks[index] = result
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> ([Example], [FieldError]) {
        condition.lock()
        defer { condition.unlock() }
        while chunks[index] == nil { condition.wait() }
        let result = chunks[index]!
        chunks[index] = ([], [])
        return result
    }
}

/// Per-chunk results of a parallel decode, merged in chunk order.
private final class ChunkResults: @unchecked Sendable {
    private var chunks: [([Example], [FieldError])]
    private let lock = NSLock()

    init(count: Int) { chunks = Array(repeating: ([], []), count: count) }

    func store(_ result: ([Example], [FieldError]), at index: Int) {
        lock.lock()
        chunks[index] = result
        lock.unlock()
    }

    func merged() -> ([Example], [FieldError]) {
        (chunks.flatMap(\.0), chunks.flatMap(\.1))
    }
}
