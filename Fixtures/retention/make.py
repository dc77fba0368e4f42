#!/usr/bin/env python3
"""Deterministic generator of the retention fixtures: Kafka log directories written by an
independent writer (kafka-python's record builders), one partition per retention rule and edge case.

Regenerate (from the repository root):

    scripts/python-env.sh
    .venv/bin/python Fixtures/retention/make.py

Writes, next to this file:

  logdir/, logdir-nohw/, logdir-cleaner-off/, logdir-refused/
      Kafka log directories: partition directories <topic>-0/ holding
        <base>.log        v2 batches from kafka.record.default_records.DefaultRecordBatchBuilder
                          (base offset and partition leader epoch patched in, as a broker does; both
                          lie outside the CRC) and v0 messages from kafka.record.memory_records.
                          MemoryRecordsBuilder;
        <base>.index, <base>.timeindex
                          written here by transcribing the index-entry rule of the maintenance spec
                          (section 0.5) -- not by kseg;
        <offset>.snapshot producer-state snapshots (version 1, CRC-32C from kafka-python's
                          calc_crc32c) at each rolled segment's base and at the log end, as a broker
                          that shut down cleanly leaves them;
        leader-epoch-checkpoint;
      plus the log directory's replication-offset-checkpoint and log-start-offset-checkpoint.
  configs/<topic>.properties
      each topic's settings, for `kseg retention --topic-config <topic>=<file>`.
  manifest.json
      what was written and intended, for the tests' independent model: NOW, per log directory the
      extra arguments of its run, per partition its config, high watermark (or null), log start
      checkpoint entry, log end offset, snapshots, leader epochs, and per segment its base offset,
      size, largest timestamp, where that timestamp must come from, and the .log mtime to set.

Git does not keep modification times, so the tests set every .log's mtime from the manifest before
running kseg; `--now NOW` fixes the clock. Everything else is byte-for-byte reproducible.
"""

import json
import os
import shutil
import struct

from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.memory_records import MemoryRecordsBuilder
from kafka.record.util import calc_crc32c

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = 1730000000000               # 2024-10-27T03:33:20Z
SECOND, MINUTE, HOUR, DAY = 1000, 60000, 3600000, 86400000
WEEK = 7 * DAY
LOG_DIRS = {"logdir": [], "logdir-nohw": [], "logdir-cleaner-off": ["--log.cleaner.enable", "false"], "logdir-refused": []}


# --------------------------------------------------------------------------------------------
# batches

def v2_batch(base_offset, count, timestamp, producer=None, leader_epoch=0):
    """One v2 batch of `count` records, all stamped `timestamp` (so maxTimestamp = timestamp).
    Keys and values have fixed widths, so equal counts give equal sizes."""
    pid, pepoch, seq = producer if producer else (-1, -1, -1)
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=False,
                                        producer_id=pid, producer_epoch=pepoch, base_sequence=seq,
                                        batch_size=1 << 30)
    for i in range(count):
        offset = base_offset + i
        assert builder.append(i, timestamp=timestamp, key=b"key-%08d" % offset, value=b"value-%08d" % offset,
                              headers=[]) is not None
    buf = bytearray(builder.build())
    struct.pack_into(">q", buf, 0, base_offset)
    struct.pack_into(">i", buf, 12, leader_epoch)
    return bytes(buf)


def v0_messages(base_offset, count):
    """`count` magic-0 messages (no timestamps), each its own entry with its absolute offset."""
    builder = MemoryRecordsBuilder(0, 0, 1 << 30, offset=base_offset)
    for i in range(count):
        offset = base_offset + i
        assert builder.append(None, b"key-%08d" % offset, b"value-%08d" % offset) is not None
    builder.close()
    return bytes(builder.buffer())


def batch_fields(data):
    """(size, lastOffset, maxTimestamp) of each entry in `data`, from the header fields."""
    out, pos = [], 0
    while pos < len(data):
        offset, length = struct.unpack_from(">qi", data, pos)
        size = 12 + length
        magic = data[pos + 16]
        if magic >= 2:
            last_delta, = struct.unpack_from(">i", data, pos + 23)
            max_ts, = struct.unpack_from(">q", data, pos + 35)
            out.append((size, offset + last_delta, max_ts))
        else:
            out.append((size, offset, -1))
        pos += size
    return out


# --------------------------------------------------------------------------------------------
# indexes (maintenance spec 0.5), snapshots, checkpoints

def indexes(base, data, interval):
    offsets, times = [], []
    last_indexed, max_ts, max_ts_offset, pos = 0, -1, base, 0
    for size, last, ts in batch_fields(data):
        if ts > max_ts:
            max_ts, max_ts_offset = ts, last
        if pos - last_indexed > interval:
            offsets.append(struct.pack(">ii", last - base, pos))
            if max_ts > (times[-1][0] if times else -1):
                times.append((max_ts, max_ts_offset))
            last_indexed = pos
        pos += size
    if max_ts > (times[-1][0] if times else -1):
        times.append((max_ts, max_ts_offset))
    return b"".join(offsets), b"".join(struct.pack(">qi", ts, off - base) for ts, off in times)


def snapshot(entries):
    body = struct.pack(">i", len(entries))
    for e in sorted(entries, key=lambda e: e[0]):
        body += struct.pack(">qhiqiqiq", *e)
    return struct.pack(">hI", 1, calc_crc32c(body)) + body


def checkpoint(lines):
    return ("0\n%d\n" % len(lines) + "".join(line + "\n" for line in lines)).encode()


# --------------------------------------------------------------------------------------------
# partitions

class Seg:
    """A segment to write: `batches` of (records, largest timestamp or None for v0), or none (empty)."""

    def __init__(self, base, batches=(), mtime=None, source=None, padded=False, no_timeindex=False):
        self.base, self.batches, self.mtime = base, list(batches), mtime
        self.source, self.padded, self.no_timeindex = source, padded, no_timeindex


def seg(base, records, largest, batches=5, **kw):
    """`records` records in `batches` v2 batches whose timestamps climb to `largest`."""
    per = records // batches
    return Seg(base, [(per, largest - (batches - 1 - i) * SECOND) for i in range(batches)], **kw)


def v0seg(base, records, mtime, batches=5):
    return Seg(base, [(records // batches, None)] * batches, mtime=mtime, source="mtime")


class Partition:
    def __init__(self, topic, segments, config=None, hw="leo", log_start=None, snapshots="rolls+leo",
                 epochs=((0, 0),), producer=None, interval=4096, log_dir="logdir"):
        self.topic, self.segments, self.config = topic, segments, dict(config or {})
        self.hw, self.log_start, self.snapshots, self.epochs = hw, log_start, snapshots, epochs
        self.producer, self.interval, self.log_dir = producer, interval, log_dir


def write_partition(p, root):
    directory = os.path.join(root, p.log_dir, "%s-0" % p.topic)
    os.makedirs(directory)
    producer_state = {}
    snapshots_at = {}
    seq = 0
    segments = []
    leo = p.segments[0].base
    for s in p.segments:
        assert s.base >= leo, (p.topic, s.base, leo)
        if p.snapshots in ("rolls+leo", "rolls") and s is not p.segments[0]:
            snapshots_at[s.base] = dict(producer_state)
        offset, chunks = s.base, []
        for records, ts in s.batches:
            if ts is None:
                chunks.append(v0_messages(offset, records))
            else:
                prod = (p.producer, 0, seq) if p.producer else None
                chunks.append(v2_batch(offset, records, ts, producer=prod))
                if p.producer:
                    last = offset + records - 1
                    producer_state[p.producer] = (p.producer, 0, seq + records - 1, last, records - 1, ts, -1, -1)
                    seq += records
            offset += records
        data = b"".join(chunks)
        leo = offset
        name = os.path.join(directory, "%020d" % s.base)
        with open(name + ".log", "wb") as f:
            f.write(data)
        offset_index, time_index = indexes(s.base, data, p.interval)
        if s.padded:  # a broker that died with this segment active: preallocated, untrimmed indexes
            offset_index += bytes(8 * 60)
            time_index += bytes(12 * 40)
        with open(name + ".index", "wb") as f:
            f.write(offset_index)
        if not s.no_timeindex:
            with open(name + ".timeindex", "wb") as f:
                f.write(time_index)
        stamps = [ts for _, ts in s.batches if ts is not None]
        largest = max(stamps) if stamps else None
        source = s.source or ("timeindex" if largest is not None else "mtime")
        if s.no_timeindex:
            source = "mtime"
        mtime = s.mtime if s.mtime is not None else NOW - HOUR
        segments.append({"baseOffset": s.base, "lastOffset": offset - 1 if offset > s.base else None, "size": len(data),
                         "largestTimestamp": largest if source != "mtime" else mtime, "timestampSource": source,
                         "mtime": mtime, "paddedIndexes": s.padded, "timeIndex": not s.no_timeindex})
    if p.snapshots in ("rolls+leo", "rolls"):
        if p.snapshots == "rolls+leo":
            snapshots_at[leo] = dict(producer_state)
        for offset, state in snapshots_at.items():
            with open(os.path.join(directory, "%020d.snapshot" % offset), "wb") as f:
                f.write(snapshot(list(state.values())))
    if p.epochs is not None:
        with open(os.path.join(directory, "leader-epoch-checkpoint"), "wb") as f:
            f.write(checkpoint(["%d %d" % e for e in p.epochs]))
    hw = leo if p.hw == "leo" else p.hw
    return {"logDir": p.log_dir, "topic": p.topic, "partition": 0, "config": p.config,
            "configFile": "configs/%s.properties" % p.topic if p.config else None,
            "highWatermark": hw, "logStartCheckpoint": p.log_start, "logEndOffset": leo,
            "snapshots": sorted(snapshots_at), "leaderEpochs": [list(e) for e in p.epochs] if p.epochs is not None else None,
            "segments": segments}


def scenarios(segment_size):
    """Every partition; `segment_size(records)` is the size of a 5-batch segment of that many records."""
    only_ms = {"retention.bytes": "-1"}
    only_bytes = {"retention.ms": "-1"}
    neither = {"retention.ms": "-1", "retention.bytes": "-1"}
    s100 = segment_size(100)
    return [
        # Maintenance spec 1.10: sizes 1000/1000/1000/1000/300 "MB" become 1000-record segments.
        Partition("worked-example", [
            seg(0, 1000, NOW - 10 * DAY, batches=10), seg(1000, 1000, NOW - 8 * DAY, batches=10),
            seg(2000, 1000, NOW + DAY, batches=10), seg(3000, 1000, NOW - 9 * DAY, batches=10),
            seg(4000, 300, NOW - MINUTE, batches=3)],
            config={"cleanup.policy": "delete", "retention.ms": str(WEEK), "retention.bytes": str(2 * segment_size(1000, 10))},
            epochs=((0, 0), (1, 1500), (3, 2500)), producer=4242),
        # Rule A.
        Partition("log-start-breach", [seg(b, 100, NOW - HOUR) for b in (0, 100, 200, 300)], config=neither, log_start=250),
        Partition("log-start-at-boundary", [seg(b, 100, NOW - HOUR) for b in (0, 100, 200, 300)], config=neither, log_start=200,
                  epochs=((0, 0), (2, 150), (5, 320))),
        # Rule B.
        Partition("retention-bytes", [seg(b, 100, NOW - HOUR) for b in (0, 100, 200, 300)],
                  config=dict(only_bytes, **{"retention.bytes": str(2 * s100 + 1)})),
        Partition("retention-bytes-equal", [Seg(0, mtime=NOW - DAY), seg(10, 100, NOW - HOUR), seg(110, 100, NOW - HOUR)],
                  config=dict(only_bytes, **{"retention.bytes": str(2 * s100)})),
        Partition("retention-bytes-zero", [seg(b, 100, NOW - HOUR) for b in (0, 100, 200)],
                  config=dict(only_bytes, **{"retention.bytes": "0"}), producer=77),
        # Rules run one after the other: B removes a recent segment, then C's scan starts behind it and
        # removes an expired one that C alone could not reach (the spec's "longest of the three
        # prefixes" shortcut in 1.7 would keep it; Kafka's sequential deleteOldSegments does not).
        Partition("bytes-then-time", [seg(0, 100, NOW - HOUR), seg(100, 100, NOW - 10 * DAY), seg(200, 100, NOW - HOUR)],
                  config={"retention.ms": str(WEEK), "retention.bytes": str(2 * s100)}),
        # Rule C, with its strict inequality.
        Partition("retention-ms", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - WEEK - 1), seg(200, 100, NOW - WEEK),
                                   seg(300, 100, NOW - DAY)], config=dict(only_ms, **{"retention.ms": str(WEEK)})),
        Partition("retention-ms-zero", [seg(0, 100, NOW - 1), seg(100, 100, NOW)], config=dict(only_ms, **{"retention.ms": "0"})),
        Partition("future-timestamp", [seg(0, 100, NOW + HOUR), seg(100, 100, NOW - 30 * DAY), seg(200, 100, NOW - 30 * DAY)],
                  config=only_ms),
        # The last segment: rolled when it goes (needs the producer snapshot at the log end), never when empty.
        Partition("roll-active", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 9 * DAY)], config=only_ms, producer=99),
        Partition("roll-no-snapshot", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 9 * DAY)], config=only_ms, snapshots="rolls"),
        Partition("last-empty", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 10 * DAY), Seg(200, mtime=NOW - 10 * DAY)],
                  config=only_ms),
        # High watermark.
        Partition("high-watermark", [seg(b, 100, NOW - 10 * DAY) for b in (0, 100, 200, 300)], config=only_ms, hw=250),
        Partition("hw-missing-entry", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 10 * DAY)], config=only_ms, hw=None),
        Partition("hw-above-leo", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 10 * DAY)], config=only_ms, hw=999999),
        # Timestamps: none (v0, mtime), mixed v0 + v2, no time index (mtime, as Kafka), preallocated indexes.
        Partition("mtime-v0", [v0seg(0, 50, NOW - 10 * DAY), v0seg(50, 50, NOW - DAY), v0seg(100, 50, NOW - HOUR)], config=only_ms,
                  epochs=None),
        Partition("mixed-v0-v2", [Seg(0, [(20, None), (20, None), (30, NOW - 9 * DAY)]), v0seg(70, 40, NOW - 8 * DAY),
                                  seg(110, 50, NOW - DAY)], config=only_ms),
        Partition("no-timeindex", [seg(0, 100, NOW - HOUR, mtime=NOW - 10 * DAY, no_timeindex=True), seg(100, 100, NOW - HOUR)],
                  config=only_ms),
        Partition("preallocated", [seg(0, 100, NOW - 10 * DAY), seg(100, 300, NOW - HOUR, padded=True),
                                   seg(400, 300, NOW - HOUR, padded=True)], config=only_ms, interval=512),
        # Policies.
        Partition("compact", [seg(b, 100, NOW - 10 * DAY) for b in (0, 100, 200)], config={"cleanup.policy": "compact"}, log_start=100),
        Partition("compact-delete", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - DAY)], config={"cleanup.policy": "compact,delete"}),
        Partition("empty-policy", [seg(b, 100, NOW - 10 * DAY) for b in (0, 100, 200)], config={"cleanup.policy": ""}, log_start=150),
        Partition("__consumer_offsets", [seg(b, 100, NOW - 30 * DAY) for b in (0, 100, 200)], log_start=100),
        # No replication-offset-checkpoint at all.
        Partition("no-hw", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - 10 * DAY)], config=only_ms, hw=None, log_dir="logdir-nohw"),
        # log.cleaner.enable=false.
        Partition("compact-off", [seg(b, 100, NOW - 10 * DAY) for b in (0, 100, 200)], config={"cleanup.policy": "compact"},
                  log_start=100, log_dir="logdir-cleaner-off"),
        Partition("compact-delete-off", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - DAY)],
                  config={"cleanup.policy": "compact,delete"}, log_dir="logdir-cleaner-off"),
        Partition("delete-off", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - DAY)], config={"cleanup.policy": "delete"},
                  log_dir="logdir-cleaner-off"),
        # Tiered storage: refused.
        Partition("tiered", [seg(0, 100, NOW - 10 * DAY), seg(100, 100, NOW - DAY)], config={"remote.storage.enable": "true"},
                  log_dir="logdir-refused"),
    ]


def main():
    for name in list(LOG_DIRS) + ["configs"]:
        shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
        os.makedirs(os.path.join(HERE, name))

    def segment_size(records, batches=5):
        return sum(len(v2_batch(i * (records // batches), records // batches, NOW)) for i in range(batches))

    partitions = [write_partition(p, HERE) for p in scenarios(segment_size)]
    for log_dir in LOG_DIRS:
        mine = [p for p in partitions if p["logDir"] == log_dir]
        hws = ["%s 0 %d" % (p["topic"], p["highWatermark"]) for p in mine if p["highWatermark"] is not None]
        if log_dir != "logdir-nohw":
            with open(os.path.join(HERE, log_dir, "replication-offset-checkpoint"), "wb") as f:
                f.write(checkpoint(hws))
        starts = ["%s 0 %d" % (p["topic"], p["logStartCheckpoint"]) for p in mine if p["logStartCheckpoint"] is not None]
        with open(os.path.join(HERE, log_dir, "log-start-offset-checkpoint"), "wb") as f:
            # A partition this log directory does not hold: its line must survive untouched.
            f.write(checkpoint(["unrelated-topic 7 42"] + starts))
        with open(os.path.join(HERE, log_dir, "recovery-point-offset-checkpoint"), "wb") as f:
            f.write(checkpoint(["%s 0 %d" % (p["topic"], p["logEndOffset"]) for p in mine]))
    for p in partitions:
        if p["configFile"]:
            with open(os.path.join(HERE, p["configFile"]), "w") as f:
                f.write("# %s\n" % p["topic"] + "".join("%s=%s\n" % kv for kv in sorted(p["config"].items())))
        for s in p["segments"]:
            path = os.path.join(HERE, p["logDir"], "%s-0" % p["topic"], "%020d.log" % s["baseOffset"])
            os.utime(path, ns=(s["mtime"] * 1000000, s["mtime"] * 1000000))
    manifest = {"now": NOW, "logDirs": LOG_DIRS, "partitions": partitions}
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%d partitions in %d log directories" % (len(partitions), len(LOG_DIRS)))


if __name__ == "__main__":
    main()
