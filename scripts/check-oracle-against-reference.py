#!/usr/bin/env python3
"""Check the kafka-python oracle (scripts/kafka-python-read.py) against the
listings Apache Kafka's own FileRecords produced for the reference partitions
(shared/reference/kafka-written/*/<file>.log.kafka-reader.json).

Usage:
  .venv/bin/python scripts/check-oracle-against-reference.py [--all] [--native-only] [LOG ...]

Without LOG arguments it checks the two files named in the brief:
  ref-v2-none-0/00000000000000000000.log and ref-v1-gzip-0/00000000000000000000.log
(--all: every .log under shared/reference/kafka-written). The reference folder
is found at $KSEG_REFERENCE, else ../shared/reference/kafka-written relative to
the repository root, else /work/shared/reference/kafka-written.

Every field of the reference schema is compared (parsed JSON, field by field,
so formatting does not matter); the script prints each difference and exits 1
if there is any (2 if a reference file is missing).

Fields ignored:
  * none of the reference fields. kafka-python exposes, or lets us derive from
    its own parsing, everything Kafka's listing contains.
  * "control" (per record) and "error" (per batch) exist only in the oracle's
    output (its schema extension), so they are not compared; an "error" is
    still reported as a failure.

Fields the oracle derives because kafka-python does not expose them directly
(see scripts/kafka-python-read.py); with --native-only they are skipped, which
shows what kafka-python's public API alone agrees on:
  * v2 record sizeInBytes (kafka-python gives the body length only)
  * v2 record sequence (no per-record sequence in kafka-python)
  * legacy batch maxTimestamp (private _timestamp of LegacyRecordBatch)
  * legacy record timestamp for magic 0 (kafka-python: None, Kafka: -1)
  * legacy batch count (Kafka: null for legacy; kafka-python has no such field)
  * legacy batch checksum (private _crc of LegacyRecordBatch)
  * legacy producer/sequence/leader-epoch placeholders (-1 / false)
"""

import importlib.util
import json
import os
import sys

sys.dont_write_bytecode = True  # importing the oracle must not leave scripts/__pycache__/
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

DERIVED_BATCH_V2 = set()
DERIVED_RECORD_V2 = {"sizeInBytes", "sequence"}
DERIVED_BATCH_LEGACY = {"maxTimestamp", "count", "checksum", "partitionLeaderEpoch", "producerId",
                        "producerEpoch", "baseSequence", "lastSequence", "isTransactional",
                        "isControlBatch"}
DERIVED_RECORD_LEGACY = {"timestamp_magic0"}
ORACLE_ONLY_RECORD = {"control"}
ORACLE_ONLY_BATCH = {"error"}


def load_oracle():
    spec = importlib.util.spec_from_file_location("kafka_python_read",
                                                  os.path.join(HERE, "kafka-python-read.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def reference_root():
    cands = [os.environ.get("KSEG_REFERENCE"),
             os.path.join(os.path.dirname(REPO), "shared", "reference", "kafka-written"),
             "/work/shared/reference/kafka-written"]
    for c in cands:
        if c and os.path.isdir(c):
            return c
    return None


def compare(log, oracle, native_only):
    ref_path = log + ".kafka-reader.json"
    if not os.path.exists(ref_path):
        print("MISSING reference listing %s" % ref_path)
        return None
    with open(ref_path) as f:
        ref = json.load(f)
    ours, trailing = oracle.read_log(log)
    diffs = []

    def d(where, a, b):
        diffs.append("%s: oracle=%r kafka=%r" % (where, a, b))

    for k in ("file", "sizeInBytes"):
        if ours[k] != ref[k]:
            d(k, ours[k], ref[k])
    if trailing:
        d("trailing bytes", trailing, 0)
    if len(ours["batches"]) != len(ref["batches"]):
        d("number of batches", len(ours["batches"]), len(ref["batches"]))
    for bi, (ob, rb) in enumerate(zip(ours["batches"], ref["batches"])):
        legacy = rb.get("magic", 2) < 2
        skip_b = (DERIVED_BATCH_LEGACY if legacy else DERIVED_BATCH_V2) if native_only else set()
        skip_r = (DERIVED_RECORD_LEGACY if legacy else DERIVED_RECORD_V2) if native_only else set()
        if "error" in ob:
            d("batch %d error" % bi, ob["error"], None)
        extra = set(ob) - set(rb) - ORACLE_ONLY_BATCH
        missing = set(rb) - set(ob)
        if extra or missing:
            d("batch %d keys" % bi, sorted(extra), sorted(missing))
        for k in rb:
            if k == "records" or k in skip_b or k not in ob:
                continue
            if ob[k] != rb[k]:
                d("batch %d (position %s) %s" % (bi, rb.get("position"), k), ob[k], rb[k])
        orec, rrec = ob.get("records", []), rb.get("records", [])
        if len(orec) != len(rrec):
            d("batch %d number of records" % bi, len(orec), len(rrec))
        for ri, (o, r) in enumerate(zip(orec, rrec)):
            extra = set(o) - set(r) - ORACLE_ONLY_RECORD
            missing = set(r) - set(o)
            if extra or missing:
                d("batch %d record %d keys" % (bi, ri), sorted(extra), sorted(missing))
            for k in r:
                if k in skip_r or k not in o:
                    continue
                if k == "timestamp" and "timestamp_magic0" in skip_r and rb.get("magic") == 0:
                    continue
                if o[k] != r[k]:
                    d("batch %d record %d (offset %s) %s" % (bi, ri, r.get("offset"), k), o[k], r[k])
    return diffs


def main(argv):
    native_only = "--native-only" in argv
    check_all = "--all" in argv
    logs = [a for a in argv[1:] if not a.startswith("--")]
    if not logs:
        root = reference_root()
        if root is None:
            print("reference folder not found (set KSEG_REFERENCE)")
            return 2
        if check_all:
            for dirpath, _dirs, files in sorted(os.walk(root)):
                logs += [os.path.join(dirpath, f) for f in sorted(files) if f.endswith(".log")]
        else:
            logs = [os.path.join(root, "ref-v2-none-0", "00000000000000000000.log"),
                    os.path.join(root, "ref-v1-gzip-0", "00000000000000000000.log")]
    oracle = load_oracle()
    failed = missing = 0
    for log in logs:
        diffs = compare(log, oracle, native_only)
        if diffs is None:
            missing += 1
            continue
        if diffs:
            failed += 1
            print("DIFF %s: %d difference(s)" % (log, len(diffs)))
            for line in diffs[:50]:
                print("  " + line)
            if len(diffs) > 50:
                print("  ... %d more" % (len(diffs) - 50))
        else:
            print("OK   %s" % log)
    print("%d passed, %d failed" % (len(logs) - failed - missing, failed + missing))
    if missing:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
