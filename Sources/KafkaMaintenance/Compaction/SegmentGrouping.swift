import KafkaLog

/// Kafka's `groupSegmentsBySize` (maintenance §2.9): consecutive source segments packed greedily into
/// groups, each of which becomes one cleaned segment, so that cleaning does not leave ever smaller
/// segments behind. Sizes are those of the source files; a group's offsets always fit the 32-bit
/// relative offsets of its indexes.
enum SegmentGrouping {
    /// Groups `segments` (indices into `state.segments`, in order). `firstUncleanableOffset` bounds
    /// the last segment's offsets.
    static func groups(_ segments: Range<Int>, state: PartitionLogState, segmentBytes: Int, maxIndexSize: Int,
                       firstUncleanableOffset: Int64) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = segments.lowerBound
        while start < segments.upperBound {
            let first = state.segments[start]
            var logSize = Int64(first.logSize)
            var indexSize = Int64(first.offsetIndexSize)
            var timeIndexSize = Int64(first.timeIndexSize)
            var end = start + 1
            while end < segments.upperBound {
                let next = state.segments[end]
                // The next segment's last offset, estimated from its successor's base offset (or the
                // round's bound for the last one), as Kafka does rather than reading the segment.
                let estimatedLast = end + 1 < segments.upperBound ? state.segments[end + 1].baseOffset - 1 : firstUncleanableOffset - 1
                guard logSize + Int64(next.logSize) <= Int64(segmentBytes),
                      indexSize + Int64(next.offsetIndexSize) <= Int64(maxIndexSize),
                      timeIndexSize + Int64(next.timeIndexSize) <= Int64(maxIndexSize),
                      next.logSize == 0 || estimatedLast - first.baseOffset <= Int64(Int32.max) else { break }
                logSize += Int64(next.logSize)
                indexSize += Int64(next.offsetIndexSize)
                timeIndexSize += Int64(next.timeIndexSize)
                end += 1
            }
            groups.append(start..<end)
            start = end
        }
        return groups
    }
}
