#!/usr/bin/env python3
"""Deterministic generator of Kafka partition directories made with kafka-python.

Regenerate (from the repository root):

    scripts/python-env.sh
    .venv/bin/python Fixtures/kafka-python/make_fixtures.py

Writes one partition directory per (magic, codec) combination next to this
file, named kp-v<magic>-<codec>-0/, each holding one or two segment files
<20-digit base offset>.log laid out the way a Kafka broker stores them, plus
<file>.expected.json = the listing of that file by scripts/kafka-python-read.py
(kafka-python's reading of it), and an index.json describing all of them.

Batches are built with kafka-python's own builders
(kafka.record.default_records.DefaultRecordBatchBuilder and
kafka.record.legacy_records.LegacyRecordBatchBuilder). kafka-python builds
batches the way a *producer* sends them; what a broker changes on append is
then patched in here, recomputing CRCs with kafka-python's helpers
(kafka.record.util.calc_crc32c / calc_crc32):

  v2:  baseOffset (bytes 0..7) and partitionLeaderEpoch (12..15) -- outside the
       CRC; control batches: attributes |= 0x20 (kafka-python cannot build
       control batches) + CRC-32C; LogAppendTime batch: attributes |= 0x08 and
       maxTimestamp = append time + CRC-32C (what the broker does).
  v1 wrapper: kafka-python writes wrapper offset 0 and wrapper timestamp 0;
       the broker layout has wrapper offset = absolute offset of the last inner
       message, wrapper timestamp = max inner timestamp (CreateTime) or the
       append time with attributes |= 0x08 (LogAppendTime, inner messages left
       as the producer sent them), inner offsets relative 0..n-1 + CRC-32.
  v0 wrapper: inner offsets absolute (passed to the builder), wrapper offset =
       last inner offset + CRC-32.
  v0/v1 uncompressed: each message is its own entry with its absolute offset.

Two deliberate deviations from kafka-python's defaults, for reproducibility
and realism:
  * gzip: Python's gzip module writes the current time into the gzip header
    (MTIME); while building we make it write 0 (which is also what Kafka
    writes), so the output is byte-for-byte reproducible.
  * v2: kafka-python's builder silently stores a batch uncompressed when
    compression does not make it smaller; Kafka's producer always compresses.
    AlwaysCompressBuilder (below) keeps kafka-python's codec calls but drops
    that size check, so every data batch in a kp-v2-<codec> directory really
    uses <codec>. Control batches are uncompressed, as Kafka writes them.
"""

import contextlib
import gzip
import hashlib
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import types

from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record.util import calc_crc32, calc_crc32c
from kafka.record import default_records as _dr

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(REPO, "scripts", "kafka-python-read.py")

CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
COMBOS = ([(0, c) for c in ("none", "gzip", "snappy", "lz4")] +
          [(1, c) for c in ("none", "gzip", "snappy", "lz4")] +
          [(2, c) for c in ("none", "gzip", "snappy", "lz4", "zstd")])
# Directories that get a second segment (rolled right before the big batch).
TWO_SEGMENTS = {"kp-v0-none-0", "kp-v1-gzip-0", "kp-v2-none-0", "kp-v2-zstd-0"}

BASE_TS = 1700000000000          # 2023-11-14T22:13:20Z
# "Large value" record. 65 KiB rather than the ~100 KiB first asked for: every
# byte of it appears twice as hex in each .expected.json, and 13 directories of
# 100 KiB values would not fit the 4 MiB budget for this folder. 65 KiB still
# makes the large-value batch's records section larger than LZ4's 64 KiB block
# (multi-block LZ4 frames), spans three 32 KiB xerial-snappy blocks, and needs
# 3-byte varint lengths in v2.
LARGE_VALUE_SIZE = 65 * 1024
BIG_BATCH_RECORDS = 501          # the "500+ records" batch
SEED = 20241001


# --------------------------------------------------------------------------
# determinism / builder tweaks

@contextlib.contextmanager
def gzip_mtime_zero():
    """Make Python's gzip module write MTIME = 0 (it uses time.time() otherwise)."""
    saved = gzip.time
    gzip.time = types.SimpleNamespace(time=lambda: 0.0)
    try:
        yield
    finally:
        gzip.time = saved


class AlwaysCompressBuilder(DefaultRecordBatchBuilder):
    """kafka-python's DefaultRecordBatchBuilder without its "store uncompressed
    if compression does not shrink" shortcut. Same codec functions."""

    __slots__ = ()

    def _maybe_compress(self):
        if self._compression_type == self.CODEC_NONE:
            return False
        self._assert_has_codec(self._compression_type)
        header_size = self.HEADER_STRUCT.size
        data = bytes(self._buffer[header_size:])
        encode = {self.CODEC_GZIP: _dr.gzip_encode, self.CODEC_SNAPPY: _dr.snappy_encode,
                  self.CODEC_LZ4: _dr.lz4_encode, self.CODEC_ZSTD: _dr.zstd_encode}
        compressed = encode[self._compression_type](data)
        del self._buffer[header_size:]
        self._buffer.extend(compressed)
        return True


# --------------------------------------------------------------------------
# what gets produced

class Rec:
    __slots__ = ("key", "value", "ts", "headers")

    def __init__(self, key, value, ts, headers=()):
        self.key, self.value, self.ts, self.headers = key, value, ts, list(headers)


class Produce:
    """One produce request = one v2 batch / one legacy wrapper (or, for legacy
    uncompressed, a run of single-message entries)."""

    def __init__(self, records, epoch, pid=-1, pepoch=-1, seq=-1, txn=False,
                 control=None, log_append_time=None, roll_before=False, label=""):
        self.records = records
        self.epoch = epoch              # partition leader epoch (v2 only)
        self.pid, self.pepoch, self.seq, self.txn = pid, pepoch, seq, txn
        self.control = control          # None or (type_id, coordinator_epoch)
        self.log_append_time = log_append_time
        self.roll_before = roll_before  # start a new segment before this one
        self.label = label


def json_value(rng, i):
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    tags = ",".join('"%s"' % rng.choice(words) for _ in range(rng.randint(0, 3)))
    return ('{"id":%d,"event":"%s","amount":%d.%02d,"tags":[%s]}'
            % (i, rng.choice(words), rng.randint(1, 999), rng.randint(0, 99), tags)).encode()


def large_value(rng):
    """LARGE_VALUE_SIZE bytes: numbered text lines (compressible, so the
    compressed directories stay small) followed by a 1 KiB random binary tail."""
    words = [b"alpha", b"bravo", b"charlie", b"delta", b"echo", b"foxtrot", b"golf", b"hotel"]
    out = bytearray()
    tail = 1024
    i = 0
    while len(out) < LARGE_VALUE_SIZE - tail:
        out += b"%06d the quick brown fox jumps over the lazy dog %s\n" % (i, rng.choice(words))
        i += 1
    del out[LARGE_VALUE_SIZE - tail:]
    out += bytes(rng.getrandbits(8) for _ in range(tail))
    return bytes(out)


BINARY_VALUE = (b"\xff\xfe\x00\x80\xc3\x28\xed\xa0\x80\xed\xb0\x80\xed\xa5A"
                b"\xf0\x28\x8c\xbc\xc0\xaf\x00\x00\x01\x7f\xfe\xff")


def plan(magic, rng):
    """The produce requests for one partition, in append order."""
    t = [BASE_TS]

    def ts(step=37):
        t[0] += step + rng.randint(0, 20)
        return t[0]

    v2 = magic == 2
    hdrs = (lambda h: h) if v2 else (lambda h: ())
    P = []
    n = [0]

    def nid():
        n[0] += 1
        return n[0]

    # -- leader epoch 0 ------------------------------------------------------
    P.append(Produce([Rec(b"key-0001", json_value(rng, nid()), ts())], 0, label="single"))
    t0 = ts()
    shapes = [
        Rec(None, json_value(rng, nid()), t0, hdrs([("trace-id", b"c0ffee00"), ("source", b"svc-a")])),
        Rec(b"key-null-value", None, ts()),                       # tombstone
        Rec(b"key-empty-value", b"", ts()),
        Rec(b"", b"empty key", ts(), hdrs([("empty-header-value", b"")])),
        Rec(b"\x00\x01\xfe\xff bin-key", BINARY_VALUE + bytes(rng.getrandbits(8) for _ in range(40)),
            ts(), hdrs([("bin", b"\x00\xff\x80"), ("null-header", None)])),
        Rec(b"multi\nline\nkey", b"line 1\nline 2\r\nline 3\n\n", ts(),
            hdrs([("content-type", b"text/plain\n"), ("caf\u00e9-\u2603", b"\xe2\x98\x83")])),
        Rec(b"older-than-previous", json_value(rng, nid()), t[0] - 5000),   # ts < previous
        Rec(b"older-than-first", json_value(rng, nid()), t0 - 60000),       # negative delta
        Rec(None, None, ts(), hdrs([("dup", b"1"), ("dup", b"2"), ("dup", None)])),
        Rec(b"key-0002", "unicode \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 \U0001f600".encode(), ts()),
    ]
    P.append(Produce(shapes, 0, label="shapes"))
    P.append(Produce([Rec(None, None, ts())], 0, label="single-null-key-null-value"))
    P.append(Produce([Rec(b"large", large_value(rng), ts(), hdrs([("size", b"large")])),
                      Rec(b"after-large", b"small", ts())], 0, label="large-value"))
    # -- leader epoch 1 ------------------------------------------------------
    big = []
    for i in range(BIG_BATCH_RECORDS):
        key = None if i % 4 else b"k%d" % (i % 50)
        big.append(Rec(key, b"v%d" % i, ts(3) if i % 37 else ts(3) - 200))
    P.append(Produce(big, 1, roll_before=True, label="big-batch"))
    if v2:
        P.append(Produce([Rec(b"idem-%d" % i, json_value(rng, nid()), ts()) for i in range(3)],
                         1, pid=4001, pepoch=0, seq=0, label="idempotent"))
        P.append(Produce([Rec(b"idem-3", json_value(rng, nid()), ts())],
                         1, pid=4001, pepoch=0, seq=3, label="idempotent"))
        P.append(Produce([Rec(b"idem-%d" % i, json_value(rng, nid()), ts()) for i in range(4, 9)],
                         1, pid=4001, pepoch=0, seq=4, label="idempotent"))
        # sequence wrap-around: lastSequence = 2147483645 + 3 wraps to 0
        P.append(Produce([Rec(b"wrap-%d" % i, b"w%d" % i, ts()) for i in range(4)],
                         1, pid=4003, pepoch=5, seq=2147483645, label="idempotent-seq-wrap"))
        # -- leader epoch 3: transactions --------------------------------------
        P.append(Produce([Rec(b"txn-a-0", b"committed 0", ts()), Rec(b"txn-a-1", b"committed 1", ts())],
                         3, pid=5001, pepoch=2, seq=0, txn=True, label="txn-data"))
        P.append(Produce([Rec(b"txn-b-%d" % i, b"aborted %d" % i, ts()) for i in range(3)],
                         3, pid=5002, pepoch=0, seq=0, txn=True, label="txn-data"))
        P.append(Produce([Rec(b"txn-a-2", b"committed 2", ts(), [("txn", b"a")])],
                         3, pid=5001, pepoch=2, seq=2, txn=True, label="txn-data"))
        P.append(Produce([Rec(b"\x00\x00\x00\x01", b"\x00\x00\x00\x00\x00\x07", ts())],
                         3, pid=5001, pepoch=2, seq=-1, txn=True, control=(1, 7), label="COMMIT"))
        P.append(Produce([Rec(b"\x00\x00\x00\x00", b"\x00\x00\x00\x00\x00\x07", ts())],
                         3, pid=5002, pepoch=0, seq=-1, txn=True, control=(0, 7), label="ABORT"))
    # LogAppendTime (v1, v2): producer timestamps kept, broker append time set.
    lat = [Rec(b"lat-%d" % i, json_value(rng, nid()), ts() - (1000 if i == 1 else 0)) for i in range(3)]
    append_time = ts() + 250
    P.append(Produce(lat, 3, log_append_time=append_time if magic >= 1 else None,
                     label="log-append-time" if magic >= 1 else "plain"))
    P.append(Produce([Rec(b"last", json_value(rng, nid()), ts(),
                          hdrs([("trace-id", b"beef"), ("source", b"svc-b")]))], 3, label="single"))
    return P


# --------------------------------------------------------------------------
# building, broker-style

def build_v2(p, codec, base_offset):
    control = p.control is not None
    cls = DefaultRecordBatchBuilder if (codec == 0 or control) else AlwaysCompressBuilder
    b = cls(magic=2, compression_type=0 if control else codec, is_transactional=p.txn,
            producer_id=p.pid, producer_epoch=p.pepoch, base_sequence=p.seq,
            batch_size=1 << 30)
    for i, r in enumerate(p.records):
        # kafka-python's append() takes the offset *delta* (producer layout).
        assert b.append(i, timestamp=r.ts, key=r.key, value=r.value, headers=r.headers) is not None
    buf = bytearray(b.build())
    struct.pack_into(">q", buf, 0, base_offset)          # broker-assigned, outside CRC
    struct.pack_into(">i", buf, 12, p.epoch)             # leader epoch, outside CRC
    attrs, = struct.unpack_from(">h", buf, 21)
    recrc = False
    if control:
        assert len(p.records) == 1
        attrs |= 0x20
        recrc = True
    if p.log_append_time is not None:
        attrs |= 0x08
        struct.pack_into(">q", buf, 35, p.log_append_time)
        recrc = True
    if recrc:
        struct.pack_into(">h", buf, 21, attrs)
        struct.pack_into(">I", buf, 17, calc_crc32c(memoryview(buf)[21:]))
    return bytes(buf), base_offset + len(p.records)


def build_legacy(p, magic, codec, base_offset):
    n = len(p.records)
    if codec == 0:
        b = LegacyRecordBatchBuilder(magic=magic, compression_type=0, batch_size=1 << 30)
        for i, r in enumerate(p.records):
            assert b.append(base_offset + i, timestamp=r.ts, key=r.key, value=r.value) is not None
        buf = bytearray(b.build())
        if p.log_append_time is not None:
            # broker with message.timestamp.type=LogAppendTime: rewrite each message
            pos = 0
            while pos < len(buf):
                size, = struct.unpack_from(">i", buf, pos + 8)
                buf[pos + 17] |= 0x08
                struct.pack_into(">q", buf, pos + 18, p.log_append_time)
                struct.pack_into(">I", buf, pos + 12, calc_crc32(memoryview(buf)[pos + 16:pos + 12 + size]))
                pos += 12 + size
        return bytes(buf), base_offset + n
    b = LegacyRecordBatchBuilder(magic=magic, compression_type=codec, batch_size=1 << 30)
    for i, r in enumerate(p.records):
        inner = i if magic == 1 else base_offset + i      # v1 relative, v0 absolute
        assert b.append(inner, timestamp=r.ts, key=r.key, value=r.value) is not None
    buf = bytearray(b.build())
    last = base_offset + n - 1
    struct.pack_into(">q", buf, 0, last)                  # wrapper offset = last inner
    if magic == 1:
        if p.log_append_time is not None:
            buf[17] |= 0x08
            struct.pack_into(">q", buf, 18, p.log_append_time)
        else:
            struct.pack_into(">q", buf, 18, max(r.ts for r in p.records))
    struct.pack_into(">I", buf, 12, calc_crc32(memoryview(buf)[16:]))
    return bytes(buf), base_offset + n


def write_partition(magic, codec_name, outdir):
    name = "kp-v%d-%s-0" % (magic, codec_name)
    codec = CODECS[codec_name]
    rng = random.Random("%d:%s:%s" % (SEED, magic, codec_name))
    pdir = os.path.join(outdir, name)
    os.makedirs(pdir)
    segments = []                     # [(base_offset, bytearray)]
    offset = 0
    for p in plan(magic, rng):
        if not segments or (p.roll_before and name in TWO_SEGMENTS):
            segments.append((offset, bytearray()))
        if magic == 2:
            data, offset = build_v2(p, codec, offset)
        else:
            data, offset = build_legacy(p, magic, codec, offset)
        segments[-1][1].extend(data)
    files = []
    for base, data in segments:
        fn = "%020d.log" % base
        path = os.path.join(pdir, fn)
        with open(path, "wb") as f:
            f.write(data)
        res = subprocess.run([sys.executable, ORACLE, path], stdout=subprocess.PIPE, check=True)
        with open(path + ".expected.json", "wb") as f:
            f.write(res.stdout)
        listing = json.loads(res.stdout)
        files.append({
            "log": fn, "expected": fn + ".expected.json", "baseOffset": base,
            "sizeInBytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "batches": len(listing["batches"]),
            "records": sum(len(b["records"]) for b in listing["batches"]),
        })
    return {"dir": name, "magic": magic, "codec": codec_name, "nextOffset": offset,
            "segments": files}


def main():
    outdir = HERE
    for entry in sorted(os.listdir(outdir)):
        if entry.startswith("kp-v") and os.path.isdir(os.path.join(outdir, entry)):
            shutil.rmtree(os.path.join(outdir, entry))
    index = []
    with gzip_mtime_zero():
        for magic, codec in COMBOS:
            index.append(write_partition(magic, codec, outdir))
    with open(os.path.join(outdir, "index.json"), "w") as f:
        json.dump({"generator": "Fixtures/kafka-python/make_fixtures.py",
                   "oracle": "scripts/kafka-python-read.py",
                   "partitions": index}, f, indent=1)
        f.write("\n")
    total = 0
    for root, _dirs, fns in os.walk(outdir):
        total += sum(os.path.getsize(os.path.join(root, fn)) for fn in fns)
    print("wrote %d partition dirs, %d segment files; %d bytes under %s"
          % (len(index), sum(len(p["segments"]) for p in index), total, outdir))


if __name__ == "__main__":
    main()
