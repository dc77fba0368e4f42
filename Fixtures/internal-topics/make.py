#!/usr/bin/env python3
"""Independent test data for kseg's --offsets-decoder and --transaction-log-decoder.

Regenerate (from the repository root):

    scripts/python-env.sh
    .venv/bin/python Fixtures/internal-topics/make.py

Nothing here comes from kseg's Swift code. Record keys and values are encoded from Apache
Kafka's own message schemas (./schemas/*.json, copied unchanged from apache/kafka at commit
1eb7644349cb07139d6a3c1ad1986979647cac99, the Kafka the reference goldens come from) by the
schema-driven codec in kafka_messages.py; batches are built with kafka-python's
DefaultRecordBatchBuilder and written as real partition segments. The expected record lines
are what Kafka's dump tool prints for them, computed here: the records are decoded again with
kafka_messages.py, formatted as DumpLogSegments.OffsetsMessageParser and
TransactionLog.formatRecordKeyAndValue do it (JSON through Python's json.dumps with compact
separators, in schema field order; the transaction partitions in the order of the simulated
Scala HashSet of scala_hash_set.py).

Writes, next to this file:

  __consumer_offsets-0/00000000000000000000.log   every record type 0-15 at every value version,
                                                  embedded consumer protocol, malformed records
  __consumer_offsets-1/00000000000000000000.log   hostile: every truncation and bit flip of a few
                                                  records, absurd lengths
  __transaction_state-0/00000000000000000000.log  every state, versions 0 and 1, tagged fields,
                                                  partition orders, records Kafka aborts on
  __transaction_state-1/00000000000000000000.log  hostile: truncations and bit flips
  <file>.expected.json                             per record: {"offset", "line"} or, where Kafka's
                                                  tool aborts, {"offset", "partial", "abort"}
                                                  (the line as far as Kafka prints it, and the
                                                  Java exception's toString())
"""

import json
import os
import struct
import sys

from kafka.record.default_records import DefaultRecordBatchBuilder

sys.dont_write_bytecode = True  # no __pycache__ next to the fixtures
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import consumer_offsets_cases, hostile_offsets_cases, transaction_cases, hostile_transaction_cases  # noqa: E402,E501
from dump_parsers import Abort, offsets_parse, txn_parse  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_TS = 1700000000000


# --------------------------------------------------------------------------------------------
# Segments


def build_segment(path, batches, parse):
    """Writes the batches (lists of (key, value)) as one segment; returns the expected records."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    offset, out, expected = 0, bytearray(), []
    for records in batches:
        builder = DefaultRecordBatchBuilder(magic=2, compression_type=0, is_transactional=False,
                                            producer_id=-1, producer_epoch=-1, base_sequence=-1,
                                            batch_size=1 << 30)
        for delta, (key, value) in enumerate(records):
            builder.append(delta, timestamp=BASE_TS + offset + delta, key=key, value=value, headers=[])
        batch = builder.build()
        struct.pack_into(">q", batch, 0, offset)  # baseOffset: outside the CRC, set by the broker
        out += batch
        for delta, (key, value) in enumerate(records):
            o = offset + delta
            metadata = (f"| offset: {o} CreateTime: {BASE_TS + o} keySize: {-1 if key is None else len(key)} "
                        f"valueSize: {-1 if value is None else len(value)} sequence: -1 headerKeys: []")
            try:
                key_text, payload = parse(o, key, value)
            except Abort as abort:
                expected.append({"offset": o, "partial": metadata, "abort": abort.error.description})
                continue
            line = metadata + ("" if key_text is None else " key: " + key_text) + (
                "" if payload is None else " payload: " + payload)
            assert "\n" not in line and "\r" not in line, line
            # The tests split a line at its first " key: " and the next " payload: ".
            assert key_text is None or " payload: " not in key_text, key_text
            expected.append({"offset": o, "line": line})
        offset += len(records)
    with open(path, "wb") as f:
        f.write(out)
    with open(path + ".expected.json", "w", encoding="utf-8") as f:
        json.dump({"records": expected}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    return expected


def prints_one_line(parse, key, value):
    """False for a hostile mutation whose text would contain a line break (the tests split lines)."""
    try:
        k, p = parse(0, key, value)
    except Abort:
        return True
    return not any(c in (k or "") + (p or "") for c in "\r\n")


def main():
    sets = [
        ("__consumer_offsets-0", consumer_offsets_cases(), offsets_parse),
        ("__consumer_offsets-1", hostile_offsets_cases(), offsets_parse),
        ("__transaction_state-0", transaction_cases(), txn_parse),
        ("__transaction_state-1", hostile_transaction_cases(), txn_parse),
    ]
    for directory, batches, parse in sets:
        batches = [[r for r in b if prints_one_line(parse, *r)] for b in batches]
        batches = [b for b in batches if b]
        expected = build_segment(os.path.join(HERE, directory, "00000000000000000000.log"), batches, parse)
        aborts = sum(1 for e in expected if "abort" in e)
        print(f"{directory}: {len(batches)} batches, {len(expected)} records, {aborts} aborting")


if __name__ == "__main__":
    main()
