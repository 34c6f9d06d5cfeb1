/// The examples that hold one word or phrase, each with its column-weighted match count: what bm25
/// needs of a term to score any example exactly without asking the index. The examples are a bitmap;
/// the counts sit in id order beside it, found by counting the bits before an example's own.
struct TermPostings: Sendable {
    /// The examples that hold the term.
    private(set) var examples: ExampleSet
    /// How many examples come before each 64-id block of `examples`.
    private var blockStarts: [UInt32]
    /// Weighted counts in id order; `UInt8.max` means the count is in `largeCounts`.
    private var counts: [UInt8]
    private var largeCounts: [Int64: UInt32]

    /// Postings from ids in ascending order and their weighted counts (each above zero).
    init(ids: [Int64], counts weights: [UInt32], capacity: Int) {
        examples = ExampleSet(ids, capacity: capacity)
        counts = []
        counts.reserveCapacity(ids.count)
        largeCounts = [:]
        for (id, weight) in zip(ids, weights) {
            if weight >= UInt32(UInt8.max) {
                counts.append(UInt8.max)
                largeCounts[id] = weight
            } else {
                counts.append(UInt8(weight))
            }
        }
        blockStarts = []
        recountBlocks()
    }

    /// How many examples hold the term.
    var count: Int { counts.count }

    /// The weighted count of the term in example `id`; zero when the example does not hold it.
    @inline(__always)
    func weight(of id: Int64) -> UInt32 {
        let block = Int(id >> 6), bit = UInt64(id & 63)
        guard id >= 0, block < examples.words.count else { return 0 }
        return weight(block: block, bit: bit)
    }

    /// The weighted count at bit `bit` of 64-id block `block`.
    @inline(__always)
    func weight(block: Int, bit: UInt64) -> UInt32 {
        guard block < examples.words.count else { return 0 }
        let word = examples.words[block]
        guard word & (1 << bit) != 0 else { return 0 }
        let index = Int(blockStarts[block]) + (word & ((1 << bit) - 1)).nonzeroBitCount
        let count = counts[index]
        return count == UInt8.max ? largeCounts[Int64(block << 6) | Int64(bit), default: UInt32(UInt8.max)] : UInt32(count)
    }

    /// Sets example `id`'s weighted count; zero takes the example out.
    mutating func setWeight(_ weight: UInt32, of id: Int64) {
        let present = examples.contains(id)
        if present { remove(id) }
        guard weight > 0 else { return }
        examples.insert(id)
        recountBlocks()
        let block = Int(id >> 6), bit = UInt64(id & 63)
        let index = Int(blockStarts[block]) + (examples.words[block] & ((1 << bit) - 1)).nonzeroBitCount
        if weight >= UInt32(UInt8.max) {
            counts.insert(UInt8.max, at: index)
            largeCounts[id] = weight
        } else {
            counts.insert(UInt8(weight), at: index)
        }
    }

    private mutating func remove(_ id: Int64) {
        let block = Int(id >> 6), bit = UInt64(id & 63)
        let index = Int(blockStarts[block]) + (examples.words[block] & ((1 << bit) - 1)).nonzeroBitCount
        counts.remove(at: index)
        largeCounts[id] = nil
        examples.remove(id)
        recountBlocks()
    }

    private mutating func recountBlocks() {
        blockStarts.removeAll(keepingCapacity: true)
        blockStarts.reserveCapacity(examples.words.count)
        var running: UInt32 = 0
        for word in examples.words {
            blockStarts.append(running)
            running += UInt32(word.nonzeroBitCount)
        }
    }
}
