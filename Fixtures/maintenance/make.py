#!/usr/bin/env python3
"""Partition directories for the compaction tests, written by an independent writer.

Regenerate the committed scenarios (from the repository root):

    scripts/python-env.sh
    .venv/bin/python Fixtures/maintenance/make.py

Generate a large random partition (the multi-round and kill-loop tests do this at run time):

    .venv/bin/python Fixtures/maintenance/make.py --random LOGDIR --seed 7 --records 30000 --keys 3000

Records and batches are encoded by kafka-python's own builders
(kafka.record.default_records.DefaultRecordBatchBuilder and
kafka.record.legacy_records.LegacyRecordBatchBuilder). What only a broker or
Kafka's cleaner writes is patched in afterwards, recomputing CRCs with
kafka-python's helpers (calc_crc32c / calc_crc32):

  * base offset and partition leader epoch (outside the v2 CRC);
  * control batches (attributes |= 0x20; key = version + type, value =
    version + coordinator epoch), which kafka-python cannot build;
  * batches a previous cleaning rewrote: the delete-horizon bit (0x40) with
    baseTimestamp = the horizon (record deltas are then taken against it --
    the builder is primed with the horizon as its first timestamp), offset
    gaps, and the original lastOffsetDelta;
  * legacy wrappers: wrapper offset = last inner offset, v1 wrapper timestamp
    = max inner timestamp, relative (v1) / absolute (v0) inner offsets.

Indexes are written by this script with Kafka's index-entry rule (maintenance
spec section 0.5, one batch per write), the transaction index from the markers
it writes, and replication-offset-checkpoint (high watermark = log end) in the
log directory. File modification times cannot live in git: each scenario's
manifest.json gives every segment's mtime relative to "now", and the tests set
them after copying.

Layout: Fixtures/maintenance/<scenario>/ is a log directory holding one
partition directory and manifest.json.
"""

import argparse
import json
import os
import random
import shutil
import struct
import sys

from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record.util import calc_crc32, calc_crc32c

HERE = os.path.dirname(os.path.abspath(__file__))

BASE_TS = 1700000000000                 # record timestamps start here
DAY = 86400000
NOW = BASE_TS + 10 * DAY                # the tests' --now
CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


# kafka-python's builder without its "store uncompressed if it does not shrink" shortcut, and gzip
# with MTIME 0 as Kafka writes it: shared with the kafka-python fixture generator.
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "kafka-python"))
from make_fixtures import AlwaysCompressBuilder, gzip_mtime_zero  # noqa: E402


# --------------------------------------------------------------------------
# batches

def v2_batch(base, records, codec=0, pid=-1, pepoch=-1, seq=-1, txn=False, control=None,
             horizon=None, last_delta=None, leader_epoch=0, log_append_time=None):
    """records: [(offset, timestamp, key, value, headers)] with absolute offsets >= base.
    control: (type, coordinator_epoch) for a one-record marker batch."""
    cls = AlwaysCompressBuilder if codec else DefaultRecordBatchBuilder
    b = cls(magic=2, compression_type=codec, is_transactional=txn, producer_id=pid,
            producer_epoch=pepoch, base_sequence=seq, batch_size=1 << 30)
    if horizon is not None:
        # A cleaned batch: deltas are taken against the delete horizon.
        b._first_timestamp = horizon
        b._max_timestamp = -1
    for offset, ts, key, value, headers in records:
        assert b.append(offset - base, timestamp=ts, key=key, value=value, headers=list(headers)) is not None
    buf = bytearray(b.build())
    struct.pack_into(">q", buf, 0, base)
    struct.pack_into(">i", buf, 12, leader_epoch)
    attrs, = struct.unpack_from(">h", buf, 21)
    if control is not None:
        attrs |= 0x20
    if horizon is not None:
        attrs |= 0x40
    if log_append_time is not None:
        attrs |= 0x08
        struct.pack_into(">q", buf, 35, log_append_time)
    if last_delta is not None:
        struct.pack_into(">i", buf, 23, last_delta)
    struct.pack_into(">h", buf, 21, attrs)
    struct.pack_into(">I", buf, 17, calc_crc32c(memoryview(buf)[21:]))
    return bytes(buf)


def marker(offset, ts, pid, pepoch, kind, coordinator_epoch=7, horizon=None):
    """A transaction marker (COMMIT or ABORT) control batch."""
    key = struct.pack(">hh", 0, {"ABORT": 0, "COMMIT": 1}[kind])
    value = struct.pack(">hi", 0, coordinator_epoch)
    return v2_batch(offset, [(offset, ts, key, value, ())], pid=pid, pepoch=pepoch, txn=True,
                    control=True, horizon=horizon)


def legacy(magic, records, codec=0, log_append_time=None):
    """Legacy entries: one per record uncompressed, else one wrapper.
    records: [(offset, timestamp, key, value)] with absolute offsets."""
    if codec == 0:
        b = LegacyRecordBatchBuilder(magic=magic, compression_type=0, batch_size=1 << 30)
        for offset, ts, key, value in records:
            assert b.append(offset, timestamp=ts, key=key, value=value) is not None
        return bytes(b.build())
    b = LegacyRecordBatchBuilder(magic=magic, compression_type=codec, batch_size=1 << 30)
    first = records[0][0]
    for offset, ts, key, value in records:
        inner = offset - first if magic == 1 else offset
        assert b.append(inner, timestamp=ts, key=key, value=value) is not None
    buf = bytearray(b.build())
    struct.pack_into(">q", buf, 0, records[-1][0])
    if magic == 1:
        if log_append_time is not None:
            buf[17] |= 0x08
            struct.pack_into(">q", buf, 18, log_append_time)
        else:
            struct.pack_into(">q", buf, 18, max(r[1] for r in records))
    struct.pack_into(">I", buf, 12, calc_crc32(memoryview(buf)[16:]))
    return bytes(buf)


def batch_info(data, pos):
    """(size, last offset, max timestamp, magic) of the batch at pos."""
    offset, size = struct.unpack_from(">qi", data, pos)
    magic = data[pos + 16]
    if magic >= 2:
        last_delta, = struct.unpack_from(">i", data, pos + 23)
        max_ts, = struct.unpack_from(">q", data, pos + 35)
        return 12 + size, offset + last_delta, max_ts, magic
    max_ts = struct.unpack_from(">q", data, pos + 18)[0] if magic == 1 else -1
    return 12 + size, offset, max_ts, magic


# --------------------------------------------------------------------------
# partition directories

class Partition:
    """Collects batches into segments and writes a partition directory as a
    broker leaves it after a clean shutdown."""

    def __init__(self, logdir, topic, partition):
        self.dir = os.path.join(logdir, "%s-%d" % (topic, partition))
        self.logdir, self.topic, self.partition = logdir, topic, partition
        self.segments = []          # [[base, bytearray]]
        self.next_offset = 0
        self.open_txns = {}         # pid -> first offset
        self.aborts = {}            # segment base -> [(pid, first, last, lso)]

    def roll(self, base=None):
        self.segments.append([self.next_offset if base is None else base, bytearray()])

    def add(self, data):
        """Appends raw batch bytes; tracks offsets and transactions."""
        if not self.segments:
            self.roll()
        pos = 0
        while pos < len(data):
            size, last, _, magic = batch_info(data, pos)
            if magic >= 2:
                base, = struct.unpack_from(">q", data, pos)
                attrs, = struct.unpack_from(">h", data, pos + 21)
                pid, = struct.unpack_from(">q", data, pos + 43)
                count, = struct.unpack_from(">i", data, pos + 57)
                if attrs & 0x20 and count > 0:
                    # the marker's type is in the (uncompressed) first record's key
                    kind = self._control_type(data[pos:pos + size])
                    first = self.open_txns.pop(pid, None)
                    if kind == 0 and first is not None:
                        lso = min(self.open_txns.values()) if self.open_txns else base + 1
                        self.aborts.setdefault(self.segments[-1][0], []).append((pid, first, base, lso))
                elif attrs & 0x10 and pid not in self.open_txns:
                    self.open_txns[pid] = base
            self.next_offset = last + 1
            pos += size
        self.segments[-1][1].extend(data)

    @staticmethod
    def _control_type(batch):
        from kafka.record.default_records import DefaultRecordBatch
        for record in DefaultRecordBatch(batch):
            return struct.unpack(">hh", bytes(record.key)[:4])[1]

    def write(self, mtimes_days=None, high_watermark=None, cleaner_offset=None):
        os.makedirs(self.dir)
        manifest = []
        for i, (base, data) in enumerate(self.segments):
            name = "%020d" % base
            with open(os.path.join(self.dir, name + ".log"), "wb") as f:
                f.write(data)
            index, timeindex = kafka_indexes(data, base)
            with open(os.path.join(self.dir, name + ".index"), "wb") as f:
                f.write(index)
            with open(os.path.join(self.dir, name + ".timeindex"), "wb") as f:
                f.write(timeindex)
            if base in self.aborts:
                with open(os.path.join(self.dir, name + ".txnindex"), "wb") as f:
                    for pid, first, last, lso in self.aborts[base]:
                        f.write(struct.pack(">hqqqq", 0, pid, first, last, lso))
            days = mtimes_days[i] if mtimes_days else -(len(self.segments) - i)
            manifest.append({"baseOffset": base, "bytes": len(data), "mtimeMsBeforeNow": int(-days * DAY)})
        hw = self.next_offset if high_watermark is None else high_watermark
        write_checkpoint(os.path.join(self.logdir, "replication-offset-checkpoint"), [(self.topic, self.partition, hw)])
        if cleaner_offset is not None:
            write_checkpoint(os.path.join(self.logdir, "cleaner-offset-checkpoint"), [(self.topic, self.partition, cleaner_offset)])
        return {"partition": os.path.basename(self.dir), "logEndOffset": self.next_offset,
                "highWatermark": hw, "segments": manifest}


def kafka_indexes(data, base, interval=4096):
    """Offset and time index with Kafka's rule (one batch per write)."""
    index, timeindex = bytearray(), bytearray()
    last_indexed, since = 0, 0
    max_ts, max_ts_offset, last_time_entry = -1, base, -1
    pos = 0
    while pos < len(data):
        size, last, ts, _ = batch_info(data, pos)
        if ts > max_ts:
            max_ts, max_ts_offset = ts, last
        if since > interval:
            index += struct.pack(">ii", last - base, pos)
            if max_ts > last_time_entry:
                timeindex += struct.pack(">qi", max_ts, max_ts_offset - base)
                last_time_entry = max_ts
            since = 0
        since += size
        pos += size
    if max_ts > last_time_entry:
        timeindex += struct.pack(">qi", max_ts, max_ts_offset - base)
    return bytes(index), bytes(timeindex)


def write_checkpoint(path, entries):
    existing = []
    if os.path.exists(path):
        lines = open(path).read().split("\n")
        existing = [tuple(l.split()) for l in lines[2:] if l.strip()]
        existing = [(t, int(p), int(o)) for t, p, o in existing]
    entries = existing + entries
    with open(path, "w") as f:
        f.write("0\n%d\n" % len(entries))
        for t, p, o in entries:
            f.write("%s %d %d\n" % (t, p, o))


# --------------------------------------------------------------------------
# scenarios

def v(text):
    return text.encode()


def scenario_v2(logdir):
    """Every v2 case: overwrites across segments, tombstones with no horizon,
    a passed horizon and a future one, keys without a key, empty values,
    headers, all five codecs, idempotent producers, committed and aborted
    transactions, markers a previous cleaning left (with and without a
    horizon), and an active segment."""
    p = Partition(logdir, "orders", 0)
    ts = BASE_TS
    hour = 3600000
    # -- segment 0
    p.add(v2_batch(0, [(i, ts + i, v("k%d" % i), v("v1-k%d" % i), ()) for i in range(10)]))
    p.add(v2_batch(10, [(10 + i, ts + 100 + i, v("k%d" % i), v("v2-k%d" % i), [("h", b"x")]) for i in range(5)]
                   + [(15, ts + 105, None, v("no key"), ())], codec=CODECS["gzip"]))
    p.add(v2_batch(16, [(16, ts + 200, v("k5"), None, ()), (17, ts + 201, v("k6"), None, ())]))
    p.add(v2_batch(18, [(18 + i, ts + 300 + i, v("k%d" % (10 + i)), v("v1-k%d" % (10 + i)), [("trace", v("t%d" % i)), ("null", None)])
                        for i in range(10)], codec=CODECS["snappy"]))
    # -- segment 1
    p.roll()
    p.add(v2_batch(28, [(28, ts + 400, v("k0"), v("v3-k0"), ()), (29, ts + 401, v("k1"), v("v3-k1"), ()),
                        (30, ts + 402, v("k10"), None, ())], codec=CODECS["lz4"]))
    # left by an earlier cleaning: horizon passed (offset 32 was removed then)
    p.add(v2_batch(31, [(31, ts + 500, v("k20"), None, ()), (33, ts + 502, v("k21"), v("v1-k21"), ())],
                   horizon=NOW - hour, last_delta=3))
    # left by an earlier cleaning: horizon in the future
    p.add(v2_batch(35, [(35, ts + 600, v("k22"), None, ())], horizon=NOW + hour))
    p.add(v2_batch(36, [(36 + i, ts + 700 + i, v("k%d" % (30 + i)), v("v1-k%d" % (30 + i)), ()) for i in range(10)],
                   codec=CODECS["zstd"]))
    # idempotent producer 4001: its first batch is superseded by its second
    p.add(v2_batch(46, [(46 + i, ts + 800 + i, v("i%d" % i), v("v1-i%d" % i), ()) for i in range(3)],
                   pid=4001, pepoch=0, seq=0))
    p.add(v2_batch(49, [(49 + i, ts + 810 + i, v("i%d" % i), v("v2-i%d" % i), ()) for i in range(3)],
                   pid=4001, pepoch=0, seq=3))
    # idempotent producer 4002: one batch, superseded later; it stays as an empty batch
    p.add(v2_batch(52, [(52, ts + 820, v("j0"), v("v1-j0"), ())], pid=4002, pepoch=3, seq=10, codec=CODECS["gzip"]))
    # -- segment 2: transactions
    p.roll()
    p.add(v2_batch(53, [(53, ts + 900, v("t0"), v("committed-t0"), ()), (54, ts + 901, v("t1"), v("committed-t1"), ())],
                   pid=5001, pepoch=1, seq=0, txn=True))
    p.add(v2_batch(55, [(55, ts + 902, v("k0"), v("aborted-k0"), ()), (56, ts + 903, v("t3"), v("aborted-t3"), ())],
                   pid=5002, pepoch=0, seq=0, txn=True, codec=CODECS["lz4"]))
    p.add(v2_batch(57, [(57, ts + 904, v("t2"), v("committed-t2"), ())], pid=5001, pepoch=1, seq=2, txn=True))
    p.add(marker(58, ts + 905, 5001, 1, "COMMIT"))
    p.add(marker(59, ts + 906, 5002, 0, "ABORT"))
    # markers whose transactions' data an earlier cleaning removed
    p.add(marker(60, ts + 907, 5003, 0, "COMMIT"))                          # no horizon yet: gets one
    p.add(marker(61, ts + 908, 5004, 0, "COMMIT", horizon=NOW - hour))     # horizon passed: removed
    p.add(marker(62, ts + 909, 5005, 0, "ABORT", horizon=NOW + hour))      # horizon ahead: kept as is
    p.add(v2_batch(63, [(63, ts + 910, v("j0"), v("v2-j0"), ())]))
    # -- segment 3
    p.roll()
    p.add(v2_batch(64, [(64, ts + 1000, v("k2"), v("v3-k2"), ()), (65, ts + 1001, v("k3"), None, ()),
                        (66, ts + 1002, v("k30"), None, ()), (67, ts + 1003, v("k40"), b"", ())], codec=CODECS["gzip"]))
    p.add(v2_batch(68, [(68, ts + 1100, None, v("no key either"), ())]))
    p.add(v2_batch(69, [(69 + i, ts + 1200 + i, v("k%d" % (33 + i)), v("v2-k%d" % (33 + i)), ()) for i in range(3)],
                   codec=CODECS["snappy"]))
    # -- segment 4 (active)
    p.roll()
    p.add(v2_batch(72, [(72, ts + 2000, v("k0"), v("v4-k0"), ()), (73, ts + 2001, v("k1"), None, ())]))
    return p.write(mtimes_days=[-5, -4, -3, -2, -1])


def scenario_legacy(logdir):
    """v0 and v1 messages and wrappers of every legacy codec (v0 lz4 with the
    old header checksum), tombstones in each, LogAppendTime, then the format
    upgrade to v2."""
    p = Partition(logdir, "legacy", 0)
    ts = BASE_TS
    # -- segment 0: v0
    p.add(legacy(0, [(i, -1, v("k%d" % i), v("v0-k%d" % i)) for i in range(5)]))
    p.add(legacy(0, [(5, -1, v("k0"), v("v0b-k0")), (6, -1, v("k1"), v("v0b-k1")), (7, -1, v("k2"), None)], codec=CODECS["gzip"]))
    p.add(legacy(0, [(8, -1, v("k3"), None)]))
    p.add(legacy(0, [(9, -1, v("k9"), v("v0-k9")), (10, -1, v("k0"), v("v0c-k0")), (11, -1, None, v("v0 no key"))], codec=CODECS["lz4"]))
    # -- segment 1: v1
    p.roll()
    p.add(legacy(1, [(12, ts + 1, v("k3"), v("v1-k3")), (13, ts + 2, v("k5"), v("v1-k5"))], codec=CODECS["snappy"]))
    p.add(legacy(1, [(14, ts + 3, v("k6"), None), (15, ts + 4, v("k7"), v("v1-k7")), (16, ts + 5, v("k5"), v("v1b-k5"))],
                 codec=CODECS["lz4"]))
    p.add(legacy(1, [(17, ts + 6, v("k8"), None), (18, ts + 7, v("k9"), v("v1-k9"))]))
    p.add(legacy(1, [(19, ts + 8, v("k10"), v("v1-k10")), (20, ts + 9, v("k11"), v("v1-k11"))], codec=CODECS["gzip"],
                 log_append_time=ts + 50))
    p.add(legacy(0, [(21, -1, v("k12"), None), (22, -1, v("k12b"), v("v0-k12b"))], codec=CODECS["snappy"]))
    # -- segment 2: v2 after the upgrade
    p.roll()
    p.add(v2_batch(23, [(23, ts + 100, v("k1"), v("v2-k1"), ()), (24, ts + 101, v("k11"), v("v2-k11"), ())]))
    p.add(legacy(1, [(25, ts + 102, v("k7"), v("v1c-k7")), (26, ts + 103, v("k13"), None)], codec=CODECS["gzip"]))
    # -- segment 3 (active)
    p.roll()
    p.add(v2_batch(27, [(27, ts + 200, v("k0"), v("v2-k0"), ())]))
    return p.write(mtimes_days=[-5, -3, -1, -0.5])


def scenario_open_transaction(logdir):
    """An undecided transaction in the second segment bounds the last stable
    offset: only the first segment is cleanable."""
    p = Partition(logdir, "pending", 0)
    ts = BASE_TS
    p.add(v2_batch(0, [(i, ts + i, v("k%d" % (i % 3)), v("v%d" % i), ()) for i in range(6)]))
    p.roll()
    p.add(v2_batch(6, [(6, ts + 10, v("k0"), v("v6"), ())]))
    p.add(v2_batch(7, [(7, ts + 11, v("k1"), v("txn-open"), ())], pid=7001, pepoch=0, seq=0, txn=True))
    p.add(v2_batch(8, [(8, ts + 12, v("k2"), v("v8"), ())]))
    p.roll()
    p.add(v2_batch(9, [(9, ts + 20, v("k0"), v("v9"), ())]))
    p.roll()
    p.add(v2_batch(10, [(10, ts + 30, v("k1"), v("v10"), ())]))
    return p.write()


def scenario_random(logdir, seed, records, keys, segment_bytes, batch_records, tombstone_rate=0.05):
    """A larger random partition: every codec, random overwrites, tombstones,
    idempotent and transactional producers (some aborted)."""
    rng = random.Random(seed)
    p = Partition(logdir, "random", 0)
    ts = BASE_TS
    offset = 0
    seqs = {}
    size = 0
    while offset < records:
        if size > segment_bytes:
            p.roll()
            size = 0
        n = rng.randint(1, batch_records)
        codec = rng.choice([0, 0, 1, 2, 3, 4])
        recs = []
        for i in range(n):
            key = v("key-%05d" % rng.randrange(keys))
            value = None if rng.random() < tombstone_rate else v("value-%d-" % (offset + i) + "x" * rng.randint(0, 60))
            recs.append((offset + i, ts + offset + i, key, value, [("n", v(str(offset + i)))] if rng.random() < 0.2 else ()))
        kind = rng.random()
        if kind < 0.1:
            pid = 9000 + rng.randrange(3)
            data = v2_batch(offset, recs, codec=codec, pid=pid, pepoch=0, seq=0, txn=True)
            p.add(data)
            offset += n
            size += len(data)
            data = marker(offset, ts + offset, pid, 0, "ABORT" if rng.random() < 0.4 else "COMMIT")
        elif kind < 0.3:
            pid = 8000 + rng.randrange(4)
            seq = seqs.get(pid, 0)
            seqs[pid] = seq + n
            data = v2_batch(offset, recs, codec=codec, pid=pid, pepoch=0, seq=seq)
        else:
            data = v2_batch(offset, recs, codec=codec)
        p.add(data)
        offset = p.next_offset
        size += len(data)
    p.roll()
    p.add(v2_batch(offset, [(offset, ts + offset, v("key-active"), v("active"), ())]))
    return p.write()


SCENARIOS = {"v2": scenario_v2, "legacy": scenario_legacy, "open-transaction": scenario_open_transaction}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--random", metavar="LOGDIR", help="write one large random partition into LOGDIR")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--records", type=int, default=30000)
    parser.add_argument("--keys", type=int, default=3000)
    parser.add_argument("--segment-bytes", type=int, default=100000)
    parser.add_argument("--batch-records", type=int, default=20)
    args = parser.parse_args()
    with gzip_mtime_zero():
        if args.random:
            os.makedirs(args.random, exist_ok=True)
            manifest = scenario_random(args.random, args.seed, args.records, args.keys, args.segment_bytes, args.batch_records)
            manifest.update({"now": NOW})
            with open(os.path.join(args.random, "manifest.json"), "w") as f:
                json.dump(manifest, f, indent=1)
            return
        for name, build in SCENARIOS.items():
            logdir = os.path.join(HERE, name)
            shutil.rmtree(logdir, ignore_errors=True)
            os.makedirs(logdir)
            manifest = build(logdir)
            manifest.update({"now": NOW, "generator": "Fixtures/maintenance/make.py", "scenario": name,
                             "description": " ".join(build.__doc__.split())})
            with open(os.path.join(logdir, "manifest.json"), "w") as f:
                json.dump(manifest, f, indent=1)
                f.write("\n")
            print("wrote %s: %d segments, log end %d" % (logdir, len(manifest["segments"]), manifest["logEndOffset"]))


if __name__ == "__main__":
    main()
