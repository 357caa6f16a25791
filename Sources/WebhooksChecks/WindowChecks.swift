import Foundation
import Grading
import Webhooks

extension WebhookChecks {
    static func windowChecks(learner: WebhookImplementations, reference: WebhookImplementations) -> [Check] {
        let window = learner.window
        let model = reference.window
        let t = Fixtures.epoch

        @Sendable func expect(
            _ expected: Attempt<Bool>, timestamp: Int64, now: Date, tolerance: Duration = .seconds(300), _ what: String
        ) throws {
            let actual = try attempt {
                try window.check(timestamp: timestamp, now: now, tolerance: tolerance)
                return true
            }
            try require(
                actual == expected, what,
                input: "timestamp \(timestamp), now \(now.timeIntervalSince1970), tolerance \(tolerance)",
                expected: expected.description, actual: actual.description)
        }

        return [
            Check(
                "accepts timestamps inside the window, both bounds included", kind: .example, points: 3,
                why: "senders' clocks drift both ways; rejecting at the bound drops valid deliveries"
            ) { _ in
                for offset: Int64 in [0, -1, 1, -299, 299, -300, 300] {
                    try expect(
                        .returned(true), timestamp: t + offset, now: Fixtures.now,
                        "a timestamp \(offset) s from now was rejected with a 300 s tolerance")
                }
                try expect(
                    .returned(true), timestamp: t, now: Fixtures.now, tolerance: .zero,
                    "a zero tolerance should accept exactly now")
            },
            Check(
                "rejects timestamps older than the tolerance", kind: .example, points: 3,
                why: "an old signed request is a replay candidate; the window bounds the nonce store"
            ) { _ in
                for offset: Int64 in [301, 3600, t] {
                    try expect(
                        .threw("tooOld"), timestamp: t - offset, now: Fixtures.now,
                        "a timestamp \(offset) s old was accepted")
                }
            },
            Check(
                "rejects timestamps further in the future than the tolerance", kind: .example, points: 3,
                why: "checking only the age lets a request signed for next year be replayed all year"
            ) { _ in
                for offset: Int64 in [301, 86_400, 10 * 365 * 86_400] {
                    try expect(
                        .threw("inFuture"), timestamp: t + offset, now: Fixtures.now,
                        "a timestamp \(offset) s in the future was accepted")
                }
            },
            Check(
                "counts now in whole seconds", kind: .example, points: 2,
                why: "the senders' libraries floor the clock; rounding differently moves the bounds"
            ) { _ in
                let late = Date(timeIntervalSince1970: Double(t) + 0.9)
                try expect(
                    .returned(true), timestamp: t - 300, now: late,
                    "with now = t + 0.9 s, t - 300 is exactly 300 s old in whole seconds")
                try expect(
                    .threw("inFuture"), timestamp: t + 301, now: late,
                    "with now = t + 0.9 s, t + 301 is 301 s ahead in whole seconds")
                try expect(
                    .returned(true), timestamp: t + 300, now: late,
                    "with now = t + 0.9 s, t + 300 is exactly 300 s ahead in whole seconds")
            },
            Check(
                "handles hostile timestamps and tolerances without trapping", kind: .example, points: 2,
                why: "now - timestamp overflows for Int64.min; a trap here takes the server down"
            ) { _ in
                try expect(.threw("tooOld"), timestamp: .min, now: Fixtures.now, "Int64.min should be too old")
                try expect(.threw("inFuture"), timestamp: .max, now: Fixtures.now, "Int64.max should be in the future")
                try expect(.threw("tooOld"), timestamp: 0, now: Fixtures.now, "timestamp 0 should be too old")
                try expect(
                    .returned(true), timestamp: .max, now: Fixtures.now, tolerance: .seconds(Int64.max),
                    "an unbounded tolerance should accept Int64.max")
                try expect(
                    .threw("tooOld"), timestamp: .min, now: Fixtures.now, tolerance: .seconds(Int64.max),
                    "Int64.min is older than now - Int64.max seconds")
            },
            Check(
                "agrees with the reference near the bounds", kind: .property, points: 2,
                why: "off-by-one errors live exactly at the bounds"
            ) { context in
                let property = Property<[Int64]>(
                    generate: { g in
                        let tolerance = Int64.random(in: 0...600, using: &g)
                        let offset = g.pick([
                            tolerance, -tolerance, tolerance + 1, -tolerance - 1,
                            Int64.random(in: -1000...1000, using: &g),
                        ])
                        return [offset, tolerance, Int64.random(in: 0...999, using: &g)]
                    },
                    shrink: { v in
                        Shrink.integer(v[1]).map { [v[0], $0, v[2]] } + Shrink.integer(v[0]).map { [$0, v[1], v[2]] }
                            + Shrink.integer(v[2]).map { [v[0], v[1], $0] }
                    },
                    describe: {
                        "timestamp now\($0[0] >= 0 ? "+" : "")\($0[0]) s, tolerance \($0[1]) s, now has \($0[2]) ms past the second"
                    })
                let run = { (w: any TimestampChecking, v: [Int64]) in
                    try attempt {
                        try w.check(
                            timestamp: t + v[0], now: Date(timeIntervalSince1970: Double(t) + Double(v[2]) / 1000),
                            tolerance: .seconds(v[1]))
                        return true
                    }
                }
                try context.forAll(property, learner: { try run(window, $0) }, reference: { try run(model, $0) })
            },
        ]
    }
}
