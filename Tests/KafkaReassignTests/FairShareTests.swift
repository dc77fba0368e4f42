import KsegTestSupport
import XCTest
@testable import KafkaReassign

final class FairShareTests: XCTestCase {
    private func group(_ members: Int, _ minimum: Int, _ maximum: Int) -> FairShare.Group {
        FairShare.Group(members: members, minimum: minimum, maximum: maximum)
    }

    func testUnconstrainedSharesAreFloorAndCeilingOfTheMean() throws {
        let bounds = try XCTUnwrap(FairShare.divide(total: 13, among: [group(4, 0, 100)]))
        XCTAssertEqual(bounds.map { $0.lower...$0.upper }, [3...4])
        let even = try XCTUnwrap(FairShare.divide(total: 12, among: [group(2, 0, 100), group(2, 0, 100)]))
        XCTAssertEqual(even.map { $0.lower...$0.upper }, [3...3, 3...3])
    }

    /// A one-broker rack that must hold a replica of all 10 partitions.
    func testGroupsPinnedAtTheirMinimumAndTheRestShareWhatIsLeft() throws {
        let bounds = try XCTUnwrap(FairShare.divide(total: 20, among: [group(1, 10, 10), group(3, 10, 10)]))
        XCTAssertEqual(bounds[0].lower...bounds[0].upper, 10...10)
        XCTAssertEqual(bounds[1].lower...bounds[1].upper, 3...4)
    }

    func testGroupsPinnedAtTheirMaximum() throws {
        let bounds = try XCTUnwrap(FairShare.divide(total: 30, among: [group(3, 0, 6), group(2, 0, 30)]))
        XCTAssertEqual(bounds[0].lower...bounds[0].upper, 2...2)
        XCTAssertTrue(bounds[0].pinned)
        XCTAssertEqual(bounds[1].lower...bounds[1].upper, 12...12)
    }

    func testImpossibleTotalsAreRefused() {
        XCTAssertNil(FairShare.divide(total: 5, among: [group(2, 3, 4), group(1, 3, 4)]))
        XCTAssertNil(FairShare.divide(total: 9, among: [group(2, 0, 4), group(1, 0, 4)]))
    }

    /// Every member can sit inside its bounds with the group totals summing to the total.
    func testBoundsAlwaysAdmitTheTotal() throws {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let groups = (0..<Int.random(in: 1...4, using: &random)).map { _ -> FairShare.Group in
                let minimum = Int.random(in: 0...20, using: &random)
                return group(Int.random(in: 1...5, using: &random), minimum, minimum + Int.random(in: 0...20, using: &random))
            }
            let total = Int.random(in: groups.reduce(0) { $0 + $1.minimum }...groups.reduce(0) { $0 + $1.maximum }, using: &random)
            let bounds = try XCTUnwrap(FairShare.divide(total: total, among: groups))
            var low = 0
            var high = 0
            for (group, bound) in zip(groups, bounds) {
                XCTAssertLessThanOrEqual(bound.lower, bound.upper)
                XCTAssertLessThanOrEqual(bound.upper - bound.lower, 1)
                // The group's admissible totals must meet its own limits.
                XCTAssertLessThanOrEqual(max(group.minimum, group.members * bound.lower), min(group.maximum, group.members * bound.upper))
                low += max(group.minimum, group.members * bound.lower)
                high += min(group.maximum, group.members * bound.upper)
            }
            XCTAssertTrue((low...high).contains(total), "\(groups) \(total) \(bounds)")
        }
    }
}
