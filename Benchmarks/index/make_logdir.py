#!/usr/bin/env python3
"""Writes a log directory of many small partitions for the verify-index / rebuild-index
benchmarks: PARTITIONS partition directories x SEGMENTS segments, each segment about
SEGMENT_BYTES of v2 batches built with kafka-python (Benchmarks/make_segment.py's templates,
offsets patched, CRCs valid). Indexes are not written: the benchmark builds them with
`kseg rebuild-index --execute` and then verifies them.
"""
import argparse
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import make_segment  # noqa: E402


def write_logdir(out, partitions, segments, segment_bytes, topic="bench"):
    """Writes the partitions; returns (partition number, log end offset) for each."""
    template_args = argparse.Namespace(codec="none", value_size=100, key_size=16, records_per_batch=10,
                                       magic=2, distinct=16, leader_epoch=0)
    with make_segment.gzip_mtime_zero():
        templates = make_segment.build_templates(template_args, random.Random(7))
    os.makedirs(out, exist_ok=True)
    pack = struct.Struct(">q").pack_into
    ends = []
    for p in range(partitions):
        directory = os.path.join(out, "%s-%d" % (topic, p))
        os.makedirs(directory, exist_ok=True)
        offset = 0
        for _s in range(segments):
            chunks, size, i = [], 0, 0
            base = offset
            while size < segment_bytes:
                data, _patches, n = templates[i % len(templates)]
                batch = bytearray(data)
                pack(batch, 0, offset)
                chunks.append(batch)
                size += len(batch)
                offset += n
                i += 1
            with open(os.path.join(directory, "%020d.log" % base), "wb") as f:
                f.write(b"".join(chunks))
        ends.append((p, offset))
    return ends


def arguments():
    """The command line shared with the retention benchmark's generator."""
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--partitions", type=int, default=2000)
    ap.add_argument("--segments", type=int, default=5)
    ap.add_argument("--segment-bytes", type=int, default=64 << 10)
    return ap.parse_args()


def main():
    args = arguments()
    write_logdir(args.out, args.partitions, args.segments, args.segment_bytes)
    print("%d partitions x %d segments written to %s" % (args.partitions, args.segments, args.out))


if __name__ == "__main__":
    main()
