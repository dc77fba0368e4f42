#!/usr/bin/env python3
"""The compaction tests' independent reader: lists every batch and record of a
partition directory's segments with kafka-python's record readers.

Usage:  .venv/bin/python Fixtures/maintenance/read.py PARTITION_DIR

Prints one JSON object: {"segments": [{"baseOffset", "file", "batches": [...]}]}.
Per batch: position, size, sha256 (of its bytes), baseOffset, lastOffset, magic,
codec, attributes and baseTimestamp (v2, read from the header bytes, where the
delete-horizon bit and the horizon live), maxTimestamp, producerId,
producerEpoch, baseSequence, isTransactional, isControl, crcValid, records.
Per record: offset, timestamp, key and value (hex, null when null), headers
([key, hex value or null]), and for control records the marker type.
Exit status 2 if a file has bytes that do not form a complete batch.
"""

import hashlib
import json
import os
import struct
import sys

from kafka.record import MemoryRecords

CONTROL_TYPES = {0: "ABORT", 1: "COMMIT"}


def hx(b):
    return None if b is None else bytes(b).hex()


def read_segment(path):
    data = open(path, "rb").read()
    records = MemoryRecords(data)
    batches = []
    pos = 0
    while True:
        batch = records.next_batch()
        if batch is None:
            break
        size = 12 + struct.unpack_from(">i", data, pos + 8)[0]
        raw = data[pos:pos + size]
        magic = raw[16]
        entry = {"position": pos, "size": size, "sha256": hashlib.sha256(raw).hexdigest(), "magic": magic,
                 "crcValid": batch.validate_crc()}
        if magic >= 2:
            attributes, = struct.unpack_from(">h", raw, 21)
            base_ts, max_ts = struct.unpack_from(">qq", raw, 27)
            entry.update({
                "baseOffset": batch.base_offset, "lastOffset": batch.last_offset if hasattr(batch, "last_offset") else batch.base_offset + batch.last_offset_delta,
                "attributes": attributes, "baseTimestamp": base_ts, "maxTimestamp": max_ts,
                "codec": batch.compression_type, "producerId": batch.producer_id, "producerEpoch": batch.producer_epoch,
                "baseSequence": batch.base_sequence, "isTransactional": batch.is_transactional,
                "isControl": batch.is_control_batch,
            })
        else:
            entry.update({"attributes": raw[17], "codec": raw[17] & 7, "lastOffset": struct.unpack_from(">q", raw, 0)[0],
                          "maxTimestamp": struct.unpack_from(">q", raw, 18)[0] if magic == 1 else -1,
                          "producerId": -1, "isTransactional": False, "isControl": False})
        recs = []
        for r in batch:
            rec = {"offset": r.offset, "timestamp": -1 if r.timestamp is None else r.timestamp,
                   "key": hx(r.key), "value": hx(r.value),
                   "headers": [[k, hx(v)] for k, v in (r.headers if magic >= 2 else [])]}
            if entry.get("isControl"):
                rec["control"] = CONTROL_TYPES.get(struct.unpack(">hh", bytes(r.key)[:4])[1], "OTHER")
            recs.append(rec)
        if magic < 2:
            entry["baseOffset"] = recs[0]["offset"] if recs else entry["lastOffset"]
        entry["records"] = recs
        batches.append(entry)
        pos += size
    return {"batches": batches, "trailingBytes": len(data) - pos}


def main():
    directory = sys.argv[1]
    out = {"segments": []}
    status = 0
    for name in sorted(os.listdir(directory)):
        if len(name) == 24 and name.endswith(".log"):
            listing = read_segment(os.path.join(directory, name))
            listing.update({"file": name, "baseOffset": int(name[:20])})
            if listing["trailingBytes"]:
                status = 2
            out["segments"].append(listing)
    json.dump(out, sys.stdout)
    sys.exit(status)


if __name__ == "__main__":
    main()
