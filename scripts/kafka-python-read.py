#!/usr/bin/env python3
"""Independent oracle: list a Kafka `.log` segment file with kafka-python's readers.

Usage:  .venv/bin/python scripts/kafka-python-read.py LOGFILE [> listing.json]

Walks the file batch by batch with kafka-python's own `kafka.record.MemoryRecords`
(which hands out `DefaultRecordBatch` for magic 2 and `LegacyRecordBatch` for
magic 0/1), and prints JSON in the same schema as the reference
`<file>.kafka-reader.json` listings written with Apache Kafka's `FileRecords`
(see shared/reference/README.md):

  {"file", "sizeInBytes", "batches": [ {position, baseOffset, lastOffset, count,
   magic, compressionType, checksum, isValid, sizeInBytes, timestampType,
   maxTimestamp, partitionLeaderEpoch, producerId, producerEpoch, baseSequence,
   lastSequence, isTransactional, isControlBatch, records: [ {offset, timestamp,
   sequence, sizeInBytes, checksum, isValid, keySize, valueSize, key, value,
   headers: [{key, value}]} ]} ]}

Extension over the reference schema: records of a control batch carry a
"control" object {"version", "type" (ABORT/COMMIT/...), "typeId" and, for
ABORT/COMMIT, "coordinatorEpoch"}.

Every value comes from kafka-python's parsing, except where kafka-python does
not expose something; those places are marked "NOT EXPOSED BY kafka-python"
below and are derived from kafka-python's own helpers/structs where possible:

  * v2 record sizeInBytes: kafka-python's DefaultRecord.size_in_bytes is the
    record *body* length (the varint `length` field); Kafka reports the whole
    record, so we add kafka.record.util.size_of_varint(length).
  * v2 record sequence: kafka-python has no per-record sequence; computed from
    the batch's baseSequence and the record's offset delta with kafka-python's
    DefaultRecordBatch._increment_sequence (same wrap rule as Kafka).
  * legacy batch maxTimestamp: the wrapper/message timestamp field as parsed
    by kafka-python's LegacyRecordBatch header struct (private `_timestamp`).
  * legacy record timestamp for magic 0: kafka-python says None; Kafka says -1.
  * v2 record checksum: null (v2 records have no CRC; same as Kafka).
  * control record coordinatorEpoch: kafka-python's ControlRecord parses only
    the key (version, type); the value (int16 version, int32 coordinatorEpoch)
    is unpacked here with struct from the value bytes kafka-python returned.

Trailing bytes that do not form a complete batch are reported on stderr (they
are not part of the JSON schema); the exit status is then 2.
"""

import json
import mmap
import os
import struct
import sys

from kafka.record import MemoryRecords
from kafka.record.default_records import DefaultRecordBatch
from kafka.record.legacy_records import LegacyRecordBatch
from kafka.record.util import size_of_varint

CODEC_NAMES = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
CONTROL_TYPES = {0: "ABORT", 1: "COMMIT", 2: "LEADER_CHANGE", 3: "SNAPSHOT_HEADER",
                 4: "SNAPSHOT_FOOTER", 5: "KRAFT_VERSION", 6: "KRAFT_VOTERS"}


def hx(b):
    return None if b is None else bytes(b).hex()


def timestamp_type_name(tt):
    # kafka-python: None (magic 0, no timestamp), 0 CreateTime, 1 LogAppendTime
    if tt is None:
        return "NoTimestampType"
    return "LogAppendTime" if tt == 1 else "CreateTime"


def control_info(key, value):
    info = {}
    if key is None or len(key) < 4:
        return {"error": "control key shorter than 4 bytes"}
    version, type_id = struct.unpack(">hh", key[:4])
    info["version"] = version
    info["type"] = CONTROL_TYPES.get(type_id, "UNKNOWN")
    info["typeId"] = type_id
    if type_id in (0, 1):
        if value is None or len(value) < 6:
            info["coordinatorEpoch"] = None
            info["error"] = "end transaction marker value shorter than 6 bytes"
        else:
            _marker_version, coordinator_epoch = struct.unpack(">hi", value[:6])
            info["coordinatorEpoch"] = coordinator_epoch
    return info


def v2_batch(batch, position):
    # validate_crc must run before iteration (kafka-python decompresses in place).
    is_valid = batch.validate_crc()
    out = {
        "position": position,
        "baseOffset": batch.base_offset,
        "lastOffset": batch.last_offset,
        "count": batch.records_count,
        "magic": batch.magic,
        "compressionType": CODEC_NAMES.get(batch.compression_type, str(batch.compression_type)),
        "checksum": batch.crc,
        "isValid": is_valid,
        "sizeInBytes": batch.size_in_bytes,
        "timestampType": timestamp_type_name(batch.timestamp_type),
        "maxTimestamp": batch.max_timestamp,
        "partitionLeaderEpoch": batch.leader_epoch,
        "producerId": batch.producer_id,
        "producerEpoch": batch.producer_epoch,
        "baseSequence": batch.base_sequence,
        "lastSequence": batch.last_sequence,
        "isTransactional": batch.is_transactional,
        "isControlBatch": batch.is_control_batch,
    }
    records = []
    base_seq = batch.base_sequence
    try:
        for rec in batch:
            delta = rec.offset - batch.base_offset
            # NOT EXPOSED BY kafka-python: per-record sequence (see module doc).
            seq = -1 if base_seq < 0 else batch._increment_sequence(base_seq, delta)
            body = rec.size_in_bytes
            r = {
                "offset": rec.offset,
                "timestamp": rec.timestamp,
                "sequence": seq,
                # NOT EXPOSED BY kafka-python: whole record size (body + varint length).
                "sizeInBytes": body + size_of_varint(body),
                "checksum": rec.checksum,          # None for v2
                "isValid": rec.validate_crc(),     # always True for v2 (no record CRC)
                "keySize": -1 if rec.key is None else len(rec.key),
                "valueSize": -1 if rec.value is None else len(rec.value),
                "key": hx(rec.key),
                "value": hx(rec.value),
                "headers": [{"key": k, "value": hx(v)} for k, v in rec.headers],
            }
            if batch.is_control_batch:
                r["control"] = control_info(rec.key, rec.value)
            records.append(r)
    except Exception as exc:  # keep listing the file; flag the batch
        out["error"] = "{}: {}".format(type(exc).__name__, exc)
    out["records"] = records
    return out


def legacy_batch(batch, position):
    is_valid = batch.validate_crc()      # wrapper (or single message) CRC-32
    magic = batch.magic
    # NOT EXPOSED BY kafka-python as a public property: the message timestamp
    # field. It is parsed by kafka-python's HEADER_STRUCT_V1 into _timestamp
    # (None for magic 0).
    wrapper_ts = batch._timestamp
    records = []
    error = None
    try:
        for rec in batch:
            ts = rec.timestamp
            r = {
                "offset": rec.offset,
                # NOT EXPOSED BY kafka-python for magic 0: it returns None; Kafka -1.
                "timestamp": -1 if ts is None else ts,
                "sequence": -1,
                "sizeInBytes": rec.size_in_bytes,   # 12 + message size, like Kafka
                "checksum": rec.checksum,           # inner message CRC-32 as stored
                "isValid": rec.validate_crc(),      # inner message CRC-32 recomputed
                "keySize": -1 if rec.key is None else len(rec.key),
                "valueSize": -1 if rec.value is None else len(rec.value),
                "key": hx(rec.key),
                "value": hx(rec.value),
                "headers": [],
            }
            records.append(r)
    except Exception as exc:
        error = "{}: {}".format(type(exc).__name__, exc)
    compressed = batch.compression_type != 0
    if compressed:
        base_offset = records[0]["offset"] if records else None
    else:
        base_offset = batch.base_offset
    out = {
        "position": position,
        "baseOffset": base_offset,
        # kafka-python's base_offset for a legacy batch is the entry offset,
        # which for a wrapper is the offset of the LAST inner message.
        "lastOffset": batch.base_offset,
        "count": None,  # Kafka's countOrNull() is null for legacy batches
        "magic": magic,
        "compressionType": CODEC_NAMES.get(batch.compression_type, str(batch.compression_type)),
        "checksum": batch._crc,
        "isValid": is_valid,
        "sizeInBytes": batch.size_in_bytes,
        "timestampType": timestamp_type_name(batch.timestamp_type),
        "maxTimestamp": -1 if wrapper_ts is None else wrapper_ts,
        "partitionLeaderEpoch": -1,
        "producerId": -1,
        "producerEpoch": -1,
        "baseSequence": -1,
        "lastSequence": -1,
        "isTransactional": False,
        "isControlBatch": False,
    }
    if error is not None:
        out["error"] = error
    out["records"] = records
    return out


def read_log(path):
    size = os.path.getsize(path)
    batches = []
    trailing = 0
    if size > 0:
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            try:
                recs = MemoryRecords(data)
                position = 0
                while recs.has_next():
                    batch = recs.next_batch()
                    if isinstance(batch, DefaultRecordBatch):
                        batches.append(v2_batch(batch, position))
                    elif isinstance(batch, LegacyRecordBatch):
                        batches.append(legacy_batch(batch, position))
                    else:
                        raise TypeError("unexpected batch type %r" % (batch,))
                    position += batch.size_in_bytes
                    del batch
                trailing = size - recs.valid_bytes()
                del recs
            finally:
                data.close()
    return {"file": os.path.basename(path), "sizeInBytes": size, "batches": batches}, trailing


def dump_json(listing, out):
    """Same layout as the reference listings: one line per batch header and per record."""
    d = lambda v: json.dumps(v, ensure_ascii=False)
    out.write("{\n")
    out.write('  "file": %s,\n' % d(listing["file"]))
    out.write('  "sizeInBytes": %d,\n' % listing["sizeInBytes"])
    out.write('  "batches": [')
    for bi, b in enumerate(listing["batches"]):
        head = {k: v for k, v in b.items() if k != "records"}
        out.write(",\n" if bi else "\n")
        out.write("    " + d(head)[:-1] + ",\n")
        out.write('     "records": [')
        for ri, r in enumerate(b["records"]):
            out.write(",\n" if ri else "\n")
            out.write("      " + d(r))
        out.write("\n     ]}" if b["records"] else "]}")
    out.write("\n  ]\n}\n" if listing["batches"] else "]\n}\n")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: kafka-python-read.py LOGFILE\n")
        return 64
    listing, trailing = read_log(argv[1])
    dump_json(listing, sys.stdout)
    if trailing:
        sys.stderr.write("%s: %d trailing bytes after the last complete batch\n" % (argv[1], trailing))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
