/// Scores every candidate by bm25 from in-memory postings and picks the best: exact over the
/// whole result, whatever its size, because no candidate is skipped.
struct RelevanceRanker {
    /// One word or phrase of the query, with its inverse document frequency.
    struct Term {
        var postings: TermPostings
        var inverseFrequency: Double
    }

    let terms: [Term]
    let lengths: DocumentLengths

    /// The `count` best candidates, best first; equal scores put the larger (newer) id first.
    func best(_ count: Int, among candidates: ExampleSet) -> [(id: Int64, score: Double)] {
        var best = TopScores(count: count)
        let average = lengths.averageLength
        for (block, word) in candidates.words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let bit = UInt64(bits.trailingZeroBitCount)
                let id = Int64(block << 6) | Int64(bit)
                let length = Double(lengths.length(of: id))
                var score = 0.0
                for term in terms {
                    let weight = term.postings.weight(block: block, bit: bit)
                    if weight > 0 {
                        score += RankFunction.contribution(
                            weight: Double(weight), length: length, averageLength: average, inverseFrequency: term.inverseFrequency)
                    }
                }
                best.offer(id, score)
                bits &= bits - 1
            }
        }
        return best.ranked()
    }
}

/// The `count` highest scores offered, kept in a min-heap so each offer costs at most log(count).
struct TopScores {
    private var heap: [(id: Int64, score: Double)] = []
    let count: Int

    init(count: Int) {
        self.count = max(count, 0)
        heap.reserveCapacity(self.count)
    }

    /// Whether `a` ranks below `b`: a lower score, or the same score and an older id.
    @inline(__always)
    private static func below(_ a: (id: Int64, score: Double), _ b: (id: Int64, score: Double)) -> Bool {
        a.score < b.score || (a.score == b.score && a.id < b.id)
    }

    mutating func offer(_ id: Int64, _ score: Double) {
        guard count > 0 else { return }
        let entry = (id: id, score: score)
        if heap.count < count {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.below(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if Self.below(heap[0], entry) {
            heap[0] = entry
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var lowest = parent
                if left < heap.count, Self.below(heap[left], heap[lowest]) { lowest = left }
                if right < heap.count, Self.below(heap[right], heap[lowest]) { lowest = right }
                guard lowest != parent else { break }
                heap.swapAt(parent, lowest)
                parent = lowest
            }
        }
    }

    /// The kept scores, best first.
    func ranked() -> [(id: Int64, score: Double)] {
        heap.sorted { Self.below($1, $0) }
    }
}

/// Postings read from the index during one search, so a word asked for matching is not read again to rank.
final class AskedPostings {
    var postings: [String: TermPostings] = [:]
}
