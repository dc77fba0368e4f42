#!/usr/bin/env python3
"""Fast generator of large benchmark segment files, built with kafka-python.

Usage (from the repository root, after scripts/python-env.sh):

  .venv/bin/python Benchmarks/make_segment.py OUT.log --bytes 1GiB --codec lz4 \
      --value-size 100 --records-per-batch 100

A small set of distinct batches (--distinct, default 64) is built with
kafka-python's builders (DefaultRecordBatchBuilder for magic 2,
LegacyRecordBatchBuilder for magic 0/1). They are then written over and over,
patching only the offset fields, which no CRC covers:
  * magic 2: baseOffset (bytes 0..7 of each batch); the CRC-32C starts at byte 21
  * magic 1 compressed: the wrapper offset (= absolute offset of the last inner
    message; inner offsets are relative, so they stay valid)
  * magic 0/1 uncompressed: each message's entry offset (the CRC-32 starts at
    the magic byte)
so offsets are consecutive across the whole file and every CRC stays valid.
Magic 0 with compression is refused: its inner offsets are absolute and would
need recompressing for every copy.

The file holds whole batches only; its size is the largest multiple of batch
sizes not above --bytes. Record timestamps repeat with the templates (they
are inside the CRC), so they are not monotonic across the file.
Output is deterministic for a given set of arguments (--seed).
Prints one summary line: batches, records, bytes, offsets, time.

Generated files are not committed (Benchmarks/data/ is git-ignored).
"""

import argparse
import contextlib
import gzip
import os
import random
import re
import struct
import sys
import time
import types

from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record import default_records as _dr

CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
BASE_TS = 1700000000000


class AlwaysCompressBuilder(DefaultRecordBatchBuilder):
    """kafka-python's builder minus its "store uncompressed when compression
    does not shrink the batch" shortcut (Kafka's producer always compresses)."""

    __slots__ = ()

    def _maybe_compress(self):
        if self._compression_type == self.CODEC_NONE:
            return False
        self._assert_has_codec(self._compression_type)
        hs = self.HEADER_STRUCT.size
        data = bytes(self._buffer[hs:])
        enc = {1: _dr.gzip_encode, 2: _dr.snappy_encode, 3: _dr.lz4_encode, 4: _dr.zstd_encode}
        compressed = enc[self._compression_type](data)
        del self._buffer[hs:]
        self._buffer.extend(compressed)
        return True


@contextlib.contextmanager
def gzip_mtime_zero():
    saved = gzip.time
    gzip.time = types.SimpleNamespace(time=lambda: 0.0)
    try:
        yield
    finally:
        gzip.time = saved


def parse_size(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", text, re.I)
    if not m:
        raise argparse.ArgumentTypeError("bad size %r (e.g. 1073741824, 1GiB, 512M)" % text)
    num, unit = float(m.group(1)), m.group(2).lower()
    return int(num * (1024 ** " kmgt".index(unit or " ")))


def make_value(rng, size, i):
    """Text-like, moderately compressible value of exactly `size` bytes."""
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
             "india", "juliett", "kilo", "lima")
    body = bytearray(b'{"id":%d,"event":"%s","amount":%d.%02d,"note":"' % (
        i, rng.choice(words).encode(), rng.randint(1, 99999), rng.randint(0, 99)))
    while len(body) < size:
        body += rng.choice(words).encode() + b" "
        if rng.random() < 0.3:
            body += b"%d " % rng.randint(0, 1 << 30)
    if size < 2:
        return bytes(body[:size])
    return bytes(body[:size - 2]) + b'"}'


def build_templates(args, rng):
    """Returns [(bytes, [(pos, offset_delta), ...], n_records)]."""
    templates = []
    codec = CODECS[args.codec]
    ts = BASE_TS
    rid = 0
    for _t in range(args.distinct):
        recs = []
        for _ in range(args.records_per_batch):
            ts += rng.randint(0, 3)
            key = None if args.key_size == 0 else (b"key-%012d" % rng.randrange(10 ** 12))[:args.key_size].ljust(args.key_size, b"0")
            recs.append((key, make_value(rng, args.value_size, rid), ts))
            rid += 1
        n = len(recs)
        if args.magic == 2:
            cls = DefaultRecordBatchBuilder if codec == 0 else AlwaysCompressBuilder
            b = cls(magic=2, compression_type=codec, is_transactional=False, producer_id=-1,
                    producer_epoch=-1, base_sequence=-1, batch_size=1 << 30)
            for i, (k, v, t) in enumerate(recs):
                assert b.append(i, timestamp=t, key=k, value=v, headers=[]) is not None
            buf = bytearray(b.build())
            struct.pack_into(">i", buf, 12, args.leader_epoch)   # outside the CRC
            templates.append((bytes(buf), [(0, 0)], n))
        else:
            b = LegacyRecordBatchBuilder(magic=args.magic, compression_type=codec, batch_size=1 << 30)
            for i, (k, v, t) in enumerate(recs):
                assert b.append(i, timestamp=t, key=k, value=v) is not None
            buf = bytearray(b.build())
            if codec == 0:
                patches, pos, i = [], 0, 0
                while pos < len(buf):
                    size, = struct.unpack_from(">i", buf, pos + 8)
                    patches.append((pos, i))
                    pos += 12 + size
                    i += 1
                templates.append((bytes(buf), patches, n))
            else:
                # v1 wrapper: relative inner offsets 0..n-1 as kafka-python wrote
                # them; wrapper timestamp = max inner timestamp (as a broker
                # would store it); wrapper offset patched per copy.
                from kafka.record.util import calc_crc32
                struct.pack_into(">q", buf, 18, max(t for _k, _v, t in recs))
                struct.pack_into(">I", buf, 12, calc_crc32(memoryview(buf)[16:]))
                templates.append((bytes(buf), [(0, n - 1)], n))
    return templates


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--bytes", type=parse_size, required=True, help="target size, e.g. 1GiB")
    ap.add_argument("--codec", choices=sorted(CODECS, key=CODECS.get), default="none")
    ap.add_argument("--value-size", type=int, default=100)
    ap.add_argument("--key-size", type=int, default=16, help="0 = null keys")
    ap.add_argument("--records-per-batch", type=int, default=100)
    ap.add_argument("--magic", type=int, choices=(0, 1, 2), default=2)
    ap.add_argument("--distinct", type=int, default=64, help="distinct template batches")
    ap.add_argument("--base-offset", type=int, default=0)
    ap.add_argument("--leader-epoch", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.magic == 0 and args.codec != "none":
        ap.error("magic 0 with compression is not supported (inner offsets are absolute)")
    if args.magic < 2 and args.codec == "zstd":
        ap.error("zstd needs magic 2")
    if args.records_per_batch < 1 or args.distinct < 1 or args.value_size < 0:
        ap.error("--records-per-batch and --distinct must be >= 1")

    t0 = time.monotonic()
    rng = random.Random(args.seed)
    with gzip_mtime_zero():
        templates = build_templates(args, rng)

    # One block = all templates back to back; patch offsets per copy.
    legacy_plain = args.magic < 2 and CODECS[args.codec] == 0
    block = bytearray()
    patches = []            # (position in block, offset delta from block start)
    parts = []              # (start, end, records, [(position in block, local delta)])
    block_records = 0
    for data, tp, n in templates:
        start = len(block)
        block += data
        local = [(start + p, d) for p, d in tp]
        patches += [(pos, block_records + d) for pos, d in local]
        parts.append((start, len(block), n, local))
        block_records += n
    batches_per_template = [len(tp) if legacy_plain else 1 for _d, tp, _n in templates]

    pack_into = struct.Struct(">q").pack_into
    limit = args.bytes
    written = batches = 0
    base = args.base_offset
    blen = len(block)
    per_block_batches = sum(batches_per_template)
    tmp = args.out + ".tmp"
    with open(tmp, "wb", buffering=0) as f:
        while written + blen <= limit:
            for pos, d in patches:
                pack_into(block, pos, base + d)
            f.write(block)
            written += blen
            base += block_records
            batches += per_block_batches
        # tail: whole templates while they fit
        for (start, end, n, local), nb in zip(parts, batches_per_template):
            if written + (end - start) > limit:
                break
            for pos, d in local:
                pack_into(block, pos, base + d)
            f.write(block[start:end])
            written += end - start
            base += n
            batches += nb
    os.replace(tmp, args.out)
    dt = time.monotonic() - t0
    records = base - args.base_offset
    print("%s: %d batches, %d records, %d bytes, offsets %d..%d, magic %d, codec %s, %.1f s"
          % (args.out, batches, records, written, args.base_offset, base - 1,
             args.magic, args.codec, dt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
