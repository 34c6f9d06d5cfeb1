import Foundation

/// Reads and writes the JSON Lines form of the interchange format: one example per line.
public enum JSONLines {
    /// Validates every non-blank line; returns all examples, or throws every bad line's errors.
    public static func decode(_ data: Data, with decoder: ExampleDecoder) throws(InvalidInput) -> [Example] {
        var examples: [Example] = []
        var errors: [FieldError] = []
        for (index, line) in lines(of: data).enumerated() where !isBlank(line) {
            do {
                examples.append(try decoder.decode(Data(line)))
            } catch {
                errors += error.errors.map { FieldError(field: $0.field, message: $0.message, line: index + 1) }
            }
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return examples
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

    private static func lines(of data: Data) -> [Data.SubSequence] {
        data.split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    private static func isBlank(_ line: Data.SubSequence) -> Bool {
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
