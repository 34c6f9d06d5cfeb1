/// A per-client allowance of requests per minute, refilled continuously (a token bucket per client).
actor RateLimiter {
    /// Requests per client per minute; 0 means no limit.
    let perMinute: Int
    private var buckets: [String: Bucket] = [:]

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// The most clients remembered before full buckets are forgotten.
    private static let pruneThreshold = 10_000

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Takes one request from a client's allowance: nil when admitted, else the whole seconds to wait.
    func admit(_ client: String, now: ContinuousClock.Instant = .now) -> Int? {
        guard perMinute > 0 else { return nil }
        var bucket = refilled(buckets[client], now: now)
        defer {
            buckets[client] = bucket
            if buckets.count > Self.pruneThreshold { prune(now: now) }
        }
        guard bucket.tokens >= 1 else {
            return max(1, Int(((1 - bucket.tokens) * secondsPerToken).rounded(.up)))
        }
        bucket.tokens -= 1
        return nil
    }

    private var secondsPerToken: Double { 60 / Double(perMinute) }

    private func refilled(_ bucket: Bucket?, now: ContinuousClock.Instant) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(perMinute), updated: now) }
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(Double(perMinute), bucket.tokens + seconds / secondsPerToken), updated: now)
    }

    private func prune(now: ContinuousClock.Instant) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < Double(perMinute) }
    }
}
