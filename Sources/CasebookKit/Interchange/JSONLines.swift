import Foundation

/// Reads and writes the JSON Lines form of the interchange format: one example per line.
public enum JSONLines {
    /// Validates every non-blank line (in parallel chunks); returns all examples in order, or throws
    /// every bad line's errors.
    public static func decode(_ data: Data, with decoder: ExampleDecoder) throws(InvalidInput) -> [Example] {
        let (_, chunks) = startDecoding(data, with: decoder)
        var examples: [Example] = []
        var errors: [FieldError] = []
        for chunk in 0..<chunks.count {
            let (decoded, chunkErrors) = chunks.take(chunk)
            examples += decoded
            errors += chunkErrors
        }
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
                errors += error.errors.map { error in
                    var numbered = error
                    numbered.line = index + 1
                    return numbered
                }
            }
        }
        return (examples, errors)
    }

    /// Decodes lines on background threads, chunk by chunk, while `consume` takes each chunk in file
    /// order as soon as it is ready; errors of every line are gathered and thrown after the last chunk.
    /// `consume` is told how many non-blank lines the file holds before the first chunk.
    public static func stream(
        _ data: Data, with decoder: ExampleDecoder,
        consume: (_ chunk: [Example], _ lineCount: Int, _ failed: Bool) throws -> Void
    ) throws {
        let (lineCount, chunks) = startDecoding(data, with: decoder)
        var errors: [FieldError] = []
        for chunk in 0..<chunks.count {
            let (examples, chunkErrors) = chunks.take(chunk)
            errors += chunkErrors
            try consume(examples, lineCount, !errors.isEmpty)
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
    }

    /// Splits the lines and starts decoding them on background threads, in chunks of `chunkSize`
    /// lines to be taken in file order; also returns how many lines are not blank.
    private static func startDecoding(_ data: Data, with decoder: ExampleDecoder, chunkSize: Int = 500) -> (lineCount: Int, chunks: DecodedChunks) {
        let lines = lines(of: data)
        let lineCount = lines.reduce(0) { $0 + (isBlank($1) ? 0 : 1) }
        let chunks = DecodedChunks(count: max(1, (lines.count + chunkSize - 1) / chunkSize))
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                let range = (chunk * chunkSize)..<min(lines.count, (chunk + 1) * chunkSize)
                chunks.store(decode(lines, range: range, with: decoder), at: chunk)
            }
        }
        return (lineCount, chunks)
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
    /// How many chunks there are.
    let count: Int

    init(count: Int) {
        self.count = count
        chunks = Array(repeating: nil, count: count)
    }

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
