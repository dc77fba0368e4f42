#!/usr/bin/env python3
"""Writes a log directory for the retention benchmark: PARTITIONS partitions x SEGMENTS segments of
kafka-python-built v2 batches (Benchmarks/index/make_logdir.py), plus what a broker that shut down
cleanly leaves: replication-offset-checkpoint (high watermark = log end), log-start-offset-checkpoint,
and a producer snapshot at each log end. Indexes are built afterwards with
`kseg rebuild-index --execute` (run.sh does it), as the index benchmark does.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "index"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import make_logdir as index_logdir  # noqa: E402
from kafka.record.util import calc_crc32c  # noqa: E402


def main():
    args = index_logdir.arguments()
    ends = index_logdir.write_logdir(args.out, args.partitions, args.segments, args.segment_bytes)
    empty_snapshot = struct.pack(">hIi", 1, calc_crc32c(struct.pack(">i", 0)), 0)
    for p, end in ends:
        with open(os.path.join(args.out, "bench-%d" % p, "%020d.snapshot" % end), "wb") as f:
            f.write(empty_snapshot)

    def checkpoint(name, lines):
        with open(os.path.join(args.out, name), "w") as f:
            f.write("0\n%d\n" % len(lines) + "".join(line + "\n" for line in lines))

    checkpoint("replication-offset-checkpoint", ["bench %d %d" % (p, end) for p, end in ends])
    checkpoint("log-start-offset-checkpoint", [])
    checkpoint("recovery-point-offset-checkpoint", ["bench %d %d" % (p, end) for p, end in ends])
    print("%d partitions x %d segments written to %s" % (args.partitions, args.segments, args.out))


if __name__ == "__main__":
    main()
