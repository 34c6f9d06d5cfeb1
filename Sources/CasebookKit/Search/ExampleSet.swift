/// A set of example ids as a bitmap: membership, intersection and union cost a few
/// instructions per 64 examples, so common words combine without touching the index.
struct ExampleSet: Sendable, Equatable {
    private(set) var words: [UInt64]

    /// An empty set able to hold ids below `capacity`.
    init(capacity: Int) {
        words = Array(repeating: 0, count: (max(capacity, 1) + 63) / 64)
    }

    /// A set of the given ids.
    init<S: Sequence>(_ ids: S, capacity: Int) where S.Element == Int64 {
        self.init(capacity: capacity)
        for id in ids { insert(id) }
    }

    /// The ids the set can hold are those below this.
    var capacity: Int { words.count * 64 }

    func contains(_ id: Int64) -> Bool {
        guard id >= 0, Int(id) < capacity else { return false }
        return words[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0
    }

    mutating func insert(_ id: Int64) {
        guard id >= 0 else { return }
        grow(to: Int(id) + 1)
        words[Int(id) >> 6] |= 1 << UInt64(id & 63)
    }

    mutating func remove(_ id: Int64) {
        guard id >= 0, Int(id) < capacity else { return }
        words[Int(id) >> 6] &= ~(1 << UInt64(id & 63))
    }

    /// How many ids the set holds.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// How many ids the set shares with `other`, without making the intersection.
    func intersectionCount(_ other: ExampleSet) -> Int {
        words.withUnsafeBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                var total = 0
                for index in 0..<min(mine.count, theirs.count) { total &+= (mine[index] & theirs[index]).nonzeroBitCount }
                return total
            }
        }
    }

    /// Up to `count` of the largest ids below `end`, in ascending order.
    func largest(_ count: Int, below end: Int64) -> [Int64] {
        var found: [Int64] = []
        var index = min(words.count - 1, Int((end - 1) >> 6))
        while index >= 0, found.count < count {
            var word = words[index]
            if Int64(index) == (end - 1) >> 6 { word &= (end & 63 == 0) ? ~0 : (1 << UInt64(end & 63)) - 1 }
            while word != 0, found.count < count {
                let bit = 63 - word.leadingZeroBitCount
                found.append(Int64(index << 6 | bit))
                word &= ~(1 << UInt64(bit))
            }
            index -= 1
        }
        return found.reversed()
    }

    /// Keeps only the ids also in `other`.
    mutating func formIntersection(_ other: ExampleSet) {
        for index in words.indices {
            words[index] &= index < other.words.count ? other.words[index] : 0
        }
    }

    /// Adds every id of `other`.
    mutating func formUnion(_ other: ExampleSet) {
        grow(to: other.capacity)
        for index in other.words.indices { words[index] |= other.words[index] }
    }

    /// Removes every id of `other`.
    mutating func subtract(_ other: ExampleSet) {
        for index in words.indices where index < other.words.count { words[index] &= ~other.words[index] }
    }

    /// The ids in ascending order.
    var ids: [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(count)
        forEach { result.append($0) }
        return result
    }

    /// Calls `body` with each id in ascending order.
    func forEach(_ body: (Int64) -> Void) {
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                body(Int64(index << 6 | rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
    }

    private mutating func grow(to capacity: Int) {
        let needed = (capacity + 63) / 64
        if needed > words.count { words += Array(repeating: 0, count: needed - words.count) }
    }
}
