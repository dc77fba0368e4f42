"""What Kafka's dump tool prints for __consumer_offsets and __transaction_state records.

Python counterparts of core/src/main/scala/kafka/tools/DumpLogSegments.scala (OffsetsMessageParser),
coordinator-common/.../CoordinatorRecordSerde.java, group-coordinator/.../GroupCoordinatorRecordSerde.java
and core/src/main/scala/kafka/coordinator/transaction/TransactionLog.scala (formatRecordKeyAndValue),
Kafka trunk at commit 1eb7644349cb07139d6a3c1ad1986979647cac99, over the codec of kafka_messages.py.
"""

import os

import kafka_messages as km
from scala_hash_set import MutableHashSet

HERE = os.path.dirname(os.path.abspath(__file__))
S = km.load_schemas(os.path.join(HERE, "schemas"))

# GroupCoordinatorRecordSerde.apiMessageKeyFor / apiMessageValueFor: record type -> schemas.
RECORD_TYPES = {
    0: "OffsetCommit", 1: "OffsetCommit", 2: "GroupMetadata",
    3: "ConsumerGroupMetadata", 4: "ConsumerGroupPartitionMetadata", 5: "ConsumerGroupMemberMetadata",
    6: "ConsumerGroupTargetAssignmentMetadata", 7: "ConsumerGroupTargetAssignmentMember",
    8: "ConsumerGroupCurrentMemberAssignment", 9: "ShareGroupPartitionMetadata",
    10: "ShareGroupMemberMetadata", 11: "ShareGroupMetadata", 12: "ShareGroupTargetAssignmentMetadata",
    13: "ShareGroupTargetAssignmentMember", 14: "ShareGroupCurrentMemberAssignment",
    15: "ShareGroupStatePartitionMetadata",
}
for _type, _name in RECORD_TYPES.items():  # the record type is the key's version
    assert S[_name + "Key"].valid.lo <= _type <= S[_name + "Key"].valid.hi
assert set(S) == {n + s for n in RECORD_TYPES.values() for s in ("Key", "Value")} | {
    "ConsumerProtocolSubscription", "ConsumerProtocolAssignment", "TransactionLogKey", "TransactionLogValue"}


class Abort(Exception):
    """An exception Kafka's dump tool does not catch: the run stops after the partial line."""

    def __init__(self, cls, message=None):
        super().__init__(message)
        self.error = km.JavaError(cls, message)


# --------------------------------------------------------------------------------------------
# DumpLogSegments.OffsetsMessageParser


def decode_embedded(name, data):
    """prepareGroupMetadataValue.replace: int16 version, the message, its JSON; None on failure."""
    try:
        buf = km.Buffer(data)
        version = buf.short()
        message = S[name]
        return km.to_json(message, message.root, km.read_message(message, buf, version), version)
    except km.JavaError:
        return None


def read_coordinator_part(message, buf, version, part):
    # CoordinatorRecordSerde.readMessage wraps every RuntimeException.
    try:
        return km.read_message(message, buf, version)
    except km.JavaError as e:
        raise km.runtime(f"Could not read record with version {version} from {part}'s buffer due to: {e.text}.")


def read_version(buf, part):
    try:
        return buf.short()
    except km.JavaError:
        raise km.runtime(f"Could not read version from {part}'s buffer.")


def offsets_parse(offset, key, value):
    if key is None:
        raise Abort("java.lang.RuntimeException", f"Failed to decode message at offset {offset} using offset "
                                                  "topic decoder (message had a missing key)")
    try:
        kbuf = km.Buffer(key)
        record_type = read_version(kbuf, "key")
        if record_type not in RECORD_TYPES:
            return f"Unknown record type {record_type} at offset {offset}, skipping.", None
        key_schema = S[RECORD_TYPES[record_type] + "Key"]
        key_value = read_coordinator_part(key_schema, kbuf, record_type, "key")
        payload = "<DELETE>"
        if value is not None:
            value_schema = S[RECORD_TYPES[record_type] + "Value"]
            vbuf = km.Buffer(value)
            version = read_version(vbuf, "value")
            decoded = read_coordinator_part(value_schema, vbuf, version, "value")
            data = km.to_json(value_schema, value_schema.root, decoded, version)
            if value_schema.name == "GroupMetadataValue" and data.get("protocolType") == "consumer":
                for m in data["members"]:
                    for field, embedded in (("subscription", "ConsumerProtocolSubscription"),
                                            ("assignment", "ConsumerProtocolAssignment")):
                        replacement = decode_embedded(embedded, km.base64.b64decode(m[field]))
                        if replacement is not None:
                            m[field] = replacement
            payload = km.jackson({"version": str(version), "data": data})
        key_data = km.to_json(key_schema, key_schema.root, key_value, record_type)
        return km.jackson({"type": str(record_type), "data": key_data}), payload
    except km.JavaError as e:
        return f"Error at offset {offset}, skipping. {e.text}", None


# --------------------------------------------------------------------------------------------
# TransactionLog.formatRecordKeyAndValue (nothing caught: every failure aborts the run)

STATES = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead",
          "PrepareEpochFence"]


def txn_parse(offset, key, value):
    try:
        if key is None:
            raise Abort("java.lang.NullPointerException")  # buffer.getShort on record.key == null
        kbuf = km.Buffer(key)
        key_version = kbuf.short()
        if key_version != 0:
            return f"unknown::version={key_version}", None
        transactional_id = km.read_message(S["TransactionLogKey"], kbuf, key_version)["TransactionalId"]
        key_text = f"transaction_metadata::transactionalId={transactional_id}"
        if value is None:
            return key_text, "<DELETE>"
        vbuf = km.Buffer(value)
        version = vbuf.short()
        if not 0 <= version <= 1:
            raise Abort("java.lang.IllegalStateException",
                        f"Unknown version {version} from the transaction log message value")
        v = km.read_message(S["TransactionLogValue"], vbuf, version)
        status = v["TransactionStatus"]
        if not 0 <= status < len(STATES):
            raise Abort("java.lang.IllegalStateException",
                        f"Unknown transaction state id {status} from the transaction status message")
        if v["ClientTransactionVersion"] not in (0, 1, 2):
            raise Abort("java.lang.IllegalArgumentException",
                        f"No feature:transaction.version with feature level {v['ClientTransactionVersion']}")
        partitions = MutableHashSet()
        if status != 0:
            if v["TransactionPartitions"] is None:
                raise Abort("java.lang.NullPointerException")
            for entry in v["TransactionPartitions"]:
                partitions.add_all([(entry["Topic"], p) for p in entry["PartitionIds"]])
        listed = ",".join(f"{t}-{p}" for t, p in partitions)
        return key_text, (f"producerId:{v['ProducerId']},producerEpoch:{v['ProducerEpoch']},"
                          f"state={STATES[status]},partitions=[{listed}],"
                          f"txnLastUpdateTimestamp={v['TransactionLastUpdateTimestampMs']},"
                          f"txnTimeoutMs={v['TransactionTimeoutMs']}")
    except km.JavaError as e:
        raise Abort(e.cls, e.message)


