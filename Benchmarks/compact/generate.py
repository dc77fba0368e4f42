#!/usr/bin/env python3
"""A compacted topic's partition for the compaction benchmark (written under the git-ignored
Benchmarks/data/).

Usage:  .venv/bin/python Benchmarks/compact/generate.py LOGDIR [--bytes 1GiB] [--keys 1000000]
                                                         [--sweeps 5] [--codec none] [--updates 0.01]

The producer pattern of a changelog: --sweeps passes that each write every key once (in a fresh
random order), then a few scattered updates (--updates, a fraction of the keys). Live data is
thus about 1/sweeps of the log; most batches end up either entirely superseded or entirely live,
a few partly. Values are sized so that the log holds --bytes. Segments roll every --segment-bytes
(default 128 MiB); a small active segment follows. replication-offset-checkpoint puts the high
watermark at the log end, as after a clean shutdown.

Batches are encoded here directly (v2, 100 records each, CRC-32C from the crc32c module) so that a
gibibyte takes seconds, not minutes; the compaction tests use kafka-python's builders instead.
"""
import argparse
import os
import random
import struct
import sys
import zlib

import crc32c

BASE_TS = 1700000000000


def varint(value, out):
    v = (value << 1) ^ (value >> 63)
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def batch(base_offset, records, codec):
    body = bytearray()
    for delta, (key, value) in enumerate(records):
        rec = bytearray(b"\x00")
        varint(delta, rec)            # timestamp delta
        varint(delta, rec)            # offset delta
        varint(len(key), rec)
        rec += key
        varint(len(value), rec)
        rec += value
        rec.append(0)                 # no headers
        varint(len(rec), body)
        body += rec
    if codec == 1:
        compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + 15)
        body = compressor.compress(bytes(body)) + compressor.flush()
    n = len(records)
    header = struct.pack(">hiqqqhii", codec, n - 1, BASE_TS + base_offset, BASE_TS + base_offset + n - 1, -1, -1, -1, n)
    crc = crc32c.crc32c(header + body)
    return struct.pack(">qiibI", base_offset, 49 + len(body), 0, 2, crc) + header + body


def parse_size(text):
    units = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[:-len(unit)]) * factor)
    return int(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("logdir")
    parser.add_argument("--bytes", default="1GiB")
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--sweeps", type=int, default=5)
    parser.add_argument("--updates", type=float, default=0.01)
    parser.add_argument("--segment-bytes", default="128MiB")
    parser.add_argument("--codec", choices=["none", "gzip"], default="none")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    total, segment_bytes = parse_size(args.bytes), parse_size(args.segment_bytes)
    codec = {"none": 0, "gzip": 1}[args.codec]
    rng = random.Random(args.seed)
    records = int(args.keys * (args.sweeps + args.updates))
    # ~30 bytes of overhead per record (varints, key, batch header share).
    value_size = max(8, total // records - 30)
    directory = os.path.join(args.logdir, "bench-0")
    os.makedirs(directory, exist_ok=True)
    filler = bytes(rng.getrandbits(8) for _ in range(value_size + 256))

    def keys():
        for _ in range(args.sweeps):
            order = list(range(args.keys))
            rng.shuffle(order)
            yield from order
        for _ in range(int(args.keys * args.updates)):
            yield rng.randrange(args.keys)

    offset, written, segment_size = 0, 0, 0
    out = open(os.path.join(directory, "%020d.log" % 0), "wb")
    pending = []
    for key in keys():
        start = (key * 7 + offset) % 256
        pending.append((b"key-%09d" % key, filler[start:start + value_size]))
        if len(pending) == 100:
            data = batch(offset, pending, codec)
            if segment_size + len(data) > segment_bytes:
                out.close()
                out = open(os.path.join(directory, "%020d.log" % offset), "wb")
                segment_size = 0
            offset += len(pending)
            pending = []
            out.write(data)
            segment_size += len(data)
            written += len(data)
    out.close()
    # The active segment.
    with open(os.path.join(directory, "%020d.log" % offset), "wb") as f:
        f.write(batch(offset, [(b"key-active", b"x")], codec))
    offset += 1
    with open(os.path.join(args.logdir, "replication-offset-checkpoint"), "w") as f:
        f.write("0\n1\nbench 0 %d\n" % offset)
    print("wrote %d bytes, %d records, %d keys, value size %d, into %s" % (written, offset, args.keys, value_size, directory))


if __name__ == "__main__":
    main()
