"""The records of the internal-topic fixtures (see make.py): lists of batches of (key, value)."""

import struct

import kafka_messages as km
from dump_parsers import RECORD_TYPES, S

T = 1700000000000
# Topic ids: the spec's example, one whose URL-safe base64 uses '-' and '_', and zero.
U1 = bytes.fromhex("523e709ff16a4d78ab1004af559458d7")
U2 = bytes([0xFB, 0xFF, 0xBF, 0x00, 0x3E, 0xFF, 0xFE, 0x10, 0x00, 0x01, 0x02, 0x03, 0xFC, 0xFD, 0xFE, 0xFF])
ZERO = bytes(16)


def short(v):
    return struct.pack(">h", v)


def enc(name, value, version):
    return km.write_message(S[name], value, version)


def key(record_type, **fields):
    return short(record_type) + enc(RECORD_TYPES[record_type] + "Key", fields, record_type)


def val(record_type, version, fields, written_at=None):
    """A value with the version prefix `version`, laid out as version `written_at` (default: the same)."""
    return short(version) + enc(RECORD_TYPES[record_type] + "Value", fields, version if written_at is None else written_at)


def sub(version, fields, written_at=None):
    return short(version) + enc("ConsumerProtocolSubscription", fields, version if written_at is None else written_at)


def asg(version, fields, written_at=None):
    return short(version) + enc("ConsumerProtocolAssignment", fields, version if written_at is None else written_at)


def uvarint(v):
    v &= 0xFFFFFFFF
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


# A string with everything Jackson escapes or passes through: quote, backslash, the short escapes,
# other control characters (\u00XX, upper-case hex), DEL, slash, non-ASCII, a 4-byte character, a
# malformed byte and an encoded surrogate (both replaced by U+FFFD as Java does).
ODD = b'q"b\\s/\x08\x09\x0a\x0c\x0d\x00\x01\x1a\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xff \xed\xa0\x80 end'


# --------------------------------------------------------------------------------------------
# __consumer_offsets


def member(i, subscription, assignment, instance=None):
    return {"memberId": f"member-{i}", "groupInstanceId": instance, "clientId": f"client-{i}",
            "clientHost": f"/10.0.0.{i}", "rebalanceTimeout": 300000, "sessionTimeout": 45000,
            "subscription": subscription, "assignment": assignment}


def group_metadata(version, protocol_type, members, protocol="range", leader="member-1", **extra):
    v = {"protocolType": protocol_type, "generation": 5, "protocol": protocol, "leader": leader,
         "currentStateTimestamp": T, "members": members}
    v.update(extra)
    return val(2, version, v)


def offset_commit_cases():
    c = {"offset": 1046, "leaderEpoch": 3, "metadata": "", "commitTimestamp": T + 500, "expireTimestamp": T + 86400500}
    k1 = key(1, group="my-group", topic="orders", partition=3)
    batch = [
        (key(0, group="g0", topic="orders", partition=0), val(0, 0, dict(c, metadata="m0"))),
        (k1, val(1, 0, c)),
        (k1, val(1, 1, dict(c, metadata="with expire"))),
        (k1, val(1, 2, c)),
        (k1, val(1, 3, c)),
        (k1, val(1, 4, c)),
        # Version 4 with tagged fields: OffsetCommitValue defines none, so they are unknown and skipped.
        (k1, val(1, 4, dict(c, _unknown_tags=[(0, b"\x01\x02"), (5, b""), (200, b"x" * 130)]))),
        (k1, None),
        # Versions beyond the schema read as its last known layout; below it, as its first.
        (k1, val(1, 7, c, written_at=4)),
        (k1, val(1, 5, c, written_at=4)),
        (k1, val(1, -1, c, written_at=0)),
        # Extremes and a string that needs escaping.
        (key(1, group="", topic=ODD, partition=-2147483648),
         val(1, 3, {"offset": 2 ** 63 - 1, "leaderEpoch": -1, "metadata": ODD, "commitTimestamp": -2 ** 63})),
        (key(1, group="g\u00e9\U0001F600", topic="t", partition=2147483647),
         val(1, 4, {"offset": -1, "leaderEpoch": 2147483647, "metadata": "x" * 300, "commitTimestamp": 0})),
        # Trailing bytes after a key and after a value are ignored.
        (k1 + b"\x00\x01\x02", val(1, 3, c) + b"\xff\xff"),
    ]
    return batch


def group_metadata_cases():
    s0 = sub(0, {"Topics": ["orders", "payments"], "UserData": None})
    s1 = sub(1, {"Topics": ["orders"], "UserData": b"\x00\x01user", "OwnedPartitions": [
        {"Topic": "orders", "Partitions": [0, 2]}, {"Topic": "payments", "Partitions": []}]})
    s2 = sub(2, {"Topics": [], "UserData": b"", "OwnedPartitions": [], "GenerationId": 7})
    s3 = sub(3, {"Topics": ["orders"], "UserData": None, "OwnedPartitions": [{"Topic": "orders", "Partitions": [1]}],
                 "GenerationId": -1, "RackId": "rack-a"})
    s3null = sub(3, {"Topics": ["a", "b", "c"], "UserData": None, "GenerationId": 3, "RackId": None})
    a0 = asg(0, {"AssignedPartitions": [{"Topic": "orders", "Partitions": [0, 1, 2]}], "UserData": None})
    a1 = asg(1, {"AssignedPartitions": [], "UserData": b"\xff\xfe"})
    a2 = asg(2, {"AssignedPartitions": [{"Topic": "a", "Partitions": []}, {"Topic": "b", "Partitions": [9]}],
                 "UserData": b""})
    a3 = asg(3, {"AssignedPartitions": [{"Topic": ODD, "Partitions": [2147483647, -1]}], "UserData": b"abc"})
    kg = key(2, group="group")
    batch = [
        (kg, group_metadata(0, "consumer", [member(1, s0, a0)])),
        (kg, group_metadata(1, "consumer", [member(1, s1, a1), member(2, s0, a0)])),
        (kg, group_metadata(2, "consumer", [member(1, s2, a2)])),
        (kg, group_metadata(3, "consumer", [member(1, s3, a3, instance="instance-1"),
                                            member(2, s3null, a1, instance=None)])),
        (kg, group_metadata(4, "consumer", [member(1, s3, a3, instance="i")])),
        # Flexible version with unknown tagged fields at the top level and in a member.
        (kg, group_metadata(4, "consumer", [dict(member(1, s1, a0), _unknown_tags=[(3, b"tag")])],
                            _unknown_tags=[(0, b""), (1, b"\x00" * 20)])),
        # Undecodable embedded protocol stays base64 (the spec's example), as do a 1-byte and an
        # empty one.
        (kg, group_metadata(3, "consumer", [member(1, b"Subscription", b"Assignment")])),
        (kg, group_metadata(3, "consumer", [member(1, b"\x00", b"")])),
        # Embedded versions beyond the schema: read as version 3 while no struct of a newer version
        # must be read; a non-empty OwnedPartitions (or AssignedPartitions) of version 5 (4) cannot.
        (kg, group_metadata(3, "consumer", [
            member(1, sub(5, {"Topics": ["t"], "UserData": b"u", "OwnedPartitions": [], "GenerationId": 1,
                                 "RackId": "r"}, written_at=3),
                   asg(4, {"AssignedPartitions": [], "UserData": None}, written_at=3)),
            member(2, sub(5, {"Topics": ["t"], "OwnedPartitions": [{"Topic": "t", "Partitions": [0]}]},
                             written_at=3),
                   asg(4, {"AssignedPartitions": [{"Topic": "t", "Partitions": [0]}]}, written_at=3)),
            member(3, sub(-1, {"Topics": ["neg"], "UserData": None}, written_at=0),
                   asg(-1, {"AssignedPartitions": [], "UserData": None}, written_at=0)),
        ])),
        # Trailing bytes after an embedded message are ignored.
        (kg, group_metadata(3, "consumer", [member(1, s0 + b"\x01\x02", a0 + b"\x00")])),
        # Another protocol type: the bytes stay base64.
        (kg, group_metadata(3, "connect", [member(1, b"\x00\x01\x02\x03", s0)])),
        (kg, group_metadata(3, "Consumer", [member(1, s0, a0)])),
        # An empty group: no protocol, no leader, no members.
        (key(2, group="empty"), group_metadata(3, "", [], protocol=None, leader=None, currentStateTimestamp=-1)),
        (key(2, group="empty"), group_metadata(4, "consumer", [], protocol=None, leader=None)),
        (kg, None),
        # A version beyond the schema is read as version 4.
        (kg, val(2, 9, {"protocolType": "consumer", "generation": 1, "protocol": "range", "leader": "m",
                        "currentStateTimestamp": 5, "members": [member(1, s0, a0, instance="x")]}, written_at=4)),
    ]
    return batch


def classic(session, protocols, unknown=()):
    return km.StructValue({"SessionTimeoutMs": session,
                           "SupportedProtocols": [{"Name": n, "Metadata": m} for n, m in protocols]},
                          unknown_tags=unknown)


def consumer_group_cases():
    tp = lambda u, ps: {"TopicId": u, "Partitions": ps}  # noqa: E731
    topic_metadata = [
        {"TopicId": U1, "TopicName": "orders", "NumPartitions": 3, "PartitionMetadata": [
            {"Partition": 0, "Racks": ["rack-a", "rack-b"]}, {"Partition": 1, "Racks": []}]},
        {"TopicId": U2, "TopicName": "payments", "NumPartitions": 1, "PartitionMetadata": []},
        {"TopicId": ZERO, "TopicName": ODD, "NumPartitions": 0, "PartitionMetadata": []},
    ]
    member_value = {"InstanceId": None, "RackId": None, "ClientId": "client", "ClientHost": "/127.0.0.1",
                    "SubscribedTopicNames": ["orders", "payments"], "SubscribedTopicRegex": None,
                    "RebalanceTimeoutMs": 300000, "ServerAssignor": "uniform"}
    # A ClassicMemberMetadata tag holding exactly the default struct, written by hand (Kafka's writer
    # leaves a default out): presence marker 1, SessionTimeoutMs 0, no protocols, no tags.
    default_struct = b"\x01" + b"\x00\x00\x00\x00" + b"\x01" + b"\x00"
    k3, k5 = key(3, GroupId="cg"), key(5, GroupId="cg", MemberId="m-1")
    batch = [
        (k3, val(3, 0, {"Epoch": 10})),
        (k3, val(3, 7, {"Epoch": -1}, written_at=0)),
        (k3, val(3, 0, {"Epoch": 2, "_unknown_tags": [(4, b"abc")]})),
        (k3, None),
        (key(4, GroupId="cg"), val(4, 0, {"Topics": topic_metadata})),
        (key(4, GroupId="cg"), val(4, 0, {"Topics": []})),
        (key(4, GroupId="cg"), val(4, 1, {"Topics": []}, written_at=0)),
        (key(4, GroupId="cg"), val(4, 1, {"Topics": topic_metadata[:1]}, written_at=0)),
        (key(4, GroupId="cg"), None),
        # A consumer-protocol member: Kafka writes ClassicMemberMetadata = null as tag 0 with a null
        # marker, and the converter prints it, since the field's default is the empty struct.
        (k5, val(5, 0, dict(member_value, ClassicMemberMetadata=None))),
        # A classic-protocol member.
        (k5, val(5, 0, dict(member_value, InstanceId="instance", RackId="rack", SubscribedTopicRegex="^orders.*",
                            ClassicMemberMetadata=classic(45000, [("range", b"\x00\x01"), ("roundrobin", b"")])))),
        # No tag at all, a tag holding the default struct (both omitted from the JSON), and the default
        # struct carrying an unknown tagged field of its own (not equal to the default: printed).
        (k5, val(5, 0, dict(member_value, ClassicMemberMetadata=classic(0, []), SubscribedTopicNames=[]))),
        (k5, val(5, 0, dict(member_value, ClassicMemberMetadata=classic(0, []), _unknown_tags=[(0, default_struct)]))),
        (k5, val(5, 0, dict(member_value, ClassicMemberMetadata=classic(0, [], unknown=[(7, b"u")])))),
        (k5, val(5, 0, dict(member_value, ClassicMemberMetadata=classic(1, []), _unknown_tags=[(3, b"z")]))),
        # Version 1: fine without the struct, "Can't read version 1 of ClassicMemberMetadata" with it.
        (k5, val(5, 1, dict(member_value, ClassicMemberMetadata=None), written_at=0)),
        (k5, val(5, 1, dict(member_value, ClassicMemberMetadata=classic(1, [])), written_at=0)),
        (k5, None),
        (key(6, GroupId="cg"), val(6, 0, {"AssignmentEpoch": 5})),
        (key(6, GroupId="cg"), None),
        (key(7, GroupId="cg", MemberId="m-1"), val(7, 0, {"TopicPartitions": [tp(U1, [0, 2, 4]), tp(U2, [])]})),
        (key(7, GroupId="cg", MemberId="m-1"), val(7, 0, {"TopicPartitions": []})),
        (key(7, GroupId="cg", MemberId="m-1"), val(7, 3, {"TopicPartitions": [tp(U1, [0])]}, written_at=0)),
        (key(7, GroupId="cg", MemberId="m-1"), None),
    ]
    for state in (0, 1, 2, 127, -128):
        batch.append((key(8, GroupId="cg", MemberId="m-1"), val(8, 0, {
            "MemberEpoch": 11, "PreviousMemberEpoch": 10, "State": state,
            "AssignedPartitions": [tp(U1, [0, 1])], "PartitionsPendingRevocation": [tp(U2, [3])] if state == 1 else []})))
    # TopicPartitions is a common struct: no version check, so version 2 reads as version 0.
    batch.append((key(8, GroupId="cg", MemberId="m-1"), val(8, 2, {
        "MemberEpoch": 1, "PreviousMemberEpoch": 0, "State": 0, "AssignedPartitions": [tp(U2, [5])],
        "PartitionsPendingRevocation": []}, written_at=0)))
    batch.append((key(8, GroupId="cg", MemberId="m-1"), None))
    return batch


def share_group_cases():
    tp = lambda u, ps: {"TopicId": u, "Partitions": ps}  # noqa: E731
    return [
        (key(9, GroupId="sg"), val(9, 0, {"Topics": [
            {"TopicId": U2, "TopicName": "shares", "NumPartitions": 2, "PartitionMetadata": [
                {"Partition": 1, "Racks": ["r"]}]}]})),
        (key(9, GroupId="sg"), val(9, 1, {"Topics": [{"TopicId": U1, "TopicName": "x", "NumPartitions": 1}]},
                                   written_at=0)),
        (key(10, GroupId="sg", MemberId="sm-1"), val(10, 0, {
            "RackId": None, "ClientId": "c", "ClientHost": "h", "SubscribedTopicNames": ["shares"]})),
        (key(10, GroupId="sg", MemberId="sm-1"), val(10, 0, {
            "RackId": "rack", "ClientId": "", "ClientHost": "", "SubscribedTopicNames": []})),
        (key(11, GroupId="sg"), val(11, 0, {"Epoch": 3})),
        (key(12, GroupId="sg"), val(12, 0, {"AssignmentEpoch": 3})),
        (key(13, GroupId="sg", MemberId="sm-1"), val(13, 0, {"TopicPartitions": [tp(U2, [0, 1])]})),
        (key(14, GroupId="sg", MemberId="sm-1"), val(14, 0, {
            "MemberEpoch": 3, "PreviousMemberEpoch": 2, "State": 0, "AssignedPartitions": [tp(U2, [1])]})),
        (key(15, GroupId="sg"), val(15, 0, {
            "InitializedTopics": [{"TopicId": U1, "TopicName": "orders", "Partitions": [0, 1]},
                                  {"TopicId": U2, "TopicName": "shares", "Partitions": []}],
            "DeletingTopics": [{"TopicId": ZERO, "TopicName": "old"}]})),
        (key(15, GroupId="sg"), val(15, 0, {"InitializedTopics": [], "DeletingTopics": []})),
        # Common structs: no version check.
        (key(15, GroupId="sg"), val(15, 4, {"InitializedTopics": [{"TopicId": U1, "TopicName": "o", "Partitions": [2]}],
                                            "DeletingTopics": [{"TopicId": U2, "TopicName": "d"}]}, written_at=0)),
    ] + [(key(t, GroupId="sg", MemberId="sm-1") if t in (10, 13, 14) else key(t, GroupId="sg"), None)
         for t in range(9, 16)]


def malformed_offsets_cases():
    k1 = key(1, group="my-group", topic="orders", partition=3)
    v3 = val(1, 3, {"offset": 1, "leaderEpoch": 0, "metadata": "meta", "commitTimestamp": T})
    k5 = key(5, GroupId="cg", MemberId="m-1")
    good5 = {"InstanceId": None, "RackId": None, "ClientId": "client", "ClientHost": "host",
             "SubscribedTopicNames": ["orders"], "SubscribedTopicRegex": None, "RebalanceTimeoutMs": 1,
             "ServerAssignor": None}
    body5 = val(5, 0, good5)
    return [
        # Unknown record types (with and without a value); the type is checked before the key.
        (short(16) + b"garbage", b"\x00\x00"),
        (short(-1), None),
        (short(32767) + k1[2:], v3),
        # Keys too short for a version, or for their fields.
        (b"", v3),
        (b"\x00", v3),
        (k1[:5], v3),
        (short(2) + b"\x00", None),
        (short(5) + b"\x00\x02cg", None),
        # Values too short for a version, or for their fields.
        (k1, b""),
        (k1, b"\x00"),
        (k1, v3[:-3]),
        (k1, v3[:2]),
        # Lengths: negative on a non-nullable string, beyond the data, beyond 32767 (compact).
        (k1, short(0) + struct.pack(">q", 1) + short(-1) + struct.pack(">q", T)),
        (k1, short(0) + struct.pack(">q", 1) + short(32767) + b"abc"),
        (k1, short(4) + struct.pack(">qi", 1, 0) + uvarint(40001) + b"x" * 10),
        (k1, short(4) + struct.pack(">qi", 1, 0) + uvarint(0) + struct.pack(">q", T) + b"\x00"),
        # A varint longer than five bytes; tagged-field counts and sizes beyond the data; a negative size.
        (k1, short(4) + struct.pack(">qi", 1, 0) + b"\xff\xff\xff\xff\xff\x01"),
        (k1, short(4) + struct.pack(">qi", 1, 0) + b"\x01" + struct.pack(">q", T) + uvarint(0x7FFFFFFF)),
        (k1, short(4) + struct.pack(">qi", 1, 0) + b"\x01" + struct.pack(">q", T) + b"\x01\x09" + uvarint(1000) + b"ab"),
        (k1, short(4) + struct.pack(">qi", 1, 0) + b"\x01" + struct.pack(">q", T) + b"\x01\x09" + uvarint(-1) + b"ab"),
        # Arrays: a member count far beyond the data, a bytes length far beyond it, a null array.
        (key(2, group="g"), short(3) + b"\x00\x08consumer" + struct.pack(">i", 1) + b"\xff\xff\xff\xff"
         + struct.pack(">q", T) + struct.pack(">i", 0x7FFFFFFF)),
        (key(2, group="g"), short(0) + b"\x00\x08consumer" + struct.pack(">i", 1) + b"\xff\xff\xff\xff"
         + struct.pack(">i", 1) + b"\x00\x01m\x00\x01c\x00\x01h" + struct.pack(">ii", 10, 0x7FFFFFFF) + b"xy"),
        (key(2, group="g"), short(0) + b"\x00\x08consumer" + struct.pack(">i", 1) + b"\xff\xff\xff\xff"
         + struct.pack(">i", -1)),
        # Flexible nulls where the schema does not allow them.
        (k5, body5[:2] + b"\x00\x00\x00"),
        (k5, body5.replace(b"\x02\x07orders", b"\x00", 1)),
        (k5, body5.replace(b"\x02\x07orders", b"\x02\x00", 1)),
        (k5, body5.replace(b"\x02\x07orders", b"\x80\x80\x80\x80\x08", 1)),
        # The ClassicMemberMetadata tag cut short.
        (k5, body5[:-1] + b"\x01\x00\x05\x01\x00\x00"),
    ]


def consumer_offsets_cases():
    cases = [offset_commit_cases(), group_metadata_cases(), consumer_group_cases(), share_group_cases(),
             malformed_offsets_cases()]
    # Kafka aborts on a record without a key; kseg reports it and goes on with the next batch.
    cases.append([(None, b"\x00\x00")])
    cases.append([(key(3, GroupId="after"), val(3, 0, {"Epoch": 1}))])
    return cases


def every_truncation(k, v):
    return [(k, v[:n]) for n in range(len(v))]


def every_bit_flip(k, v, bits=range(8)):
    return [(k, v[:i] + bytes([v[i] ^ (1 << b)]) + v[i + 1:]) for i in range(len(v)) for b in bits]


def hostile_offsets_cases():
    s3 = sub(3, {"Topics": ["t"], "UserData": b"u", "OwnedPartitions": [{"Topic": "t", "Partitions": [1]}],
                 "GenerationId": 4, "RackId": "r"})
    a3 = asg(3, {"AssignedPartitions": [{"Topic": "t", "Partitions": [1]}], "UserData": None})
    small = {"memberId": "m", "groupInstanceId": "i", "clientId": "c", "clientHost": "h", "rebalanceTimeout": 9,
             "sessionTimeout": 8, "subscription": s3, "assignment": a3}
    gm = {"protocolType": "consumer", "generation": 5, "protocol": "p", "leader": "m", "currentStateTimestamp": 7,
          "members": [small]}
    gm3, gm4 = val(2, 3, gm), val(2, 4, gm)
    k5 = key(5, GroupId="cg", MemberId="m-1")
    v5 = val(5, 0, {"InstanceId": "i", "RackId": None, "ClientId": "c", "ClientHost": "h",
                    "SubscribedTopicNames": ["orders"], "SubscribedTopicRegex": None, "RebalanceTimeoutMs": 1,
                    "ServerAssignor": "u", "ClassicMemberMetadata": classic(45000, [("range", b"\x01")])})
    k8 = key(8, GroupId="cg", MemberId="m-1")
    v8 = val(8, 0, {"MemberEpoch": 2, "PreviousMemberEpoch": 1, "State": 1,
                    "AssignedPartitions": [{"TopicId": U1, "Partitions": [0, 1]}],
                    "PartitionsPendingRevocation": [{"TopicId": U2, "Partitions": [2]}]})
    k15 = key(15, GroupId="sg")
    v15 = val(15, 0, {"InitializedTopics": [{"TopicId": U1, "TopicName": "t", "Partitions": [0]}],
                      "DeletingTopics": [{"TopicId": U2, "TopicName": "d"}]})
    k1 = key(1, group="g", topic="t", partition=0)
    v1 = val(1, 4, {"offset": 5, "leaderEpoch": 1, "metadata": "m", "commitTimestamp": T,
                    "_unknown_tags": [(1, b"xy")]})
    v4 = val(4, 0, {"Topics": [{"TopicId": U1, "TopicName": "o", "NumPartitions": 1,
                                "PartitionMetadata": [{"Partition": 0, "Racks": ["a"]}]}]})
    batches = []
    for k, v in ((key(2, group="g"), gm3), (key(2, group="g"), gm4), (k5, v5), (k8, v8), (k15, v15),
                 (k1, v1), (key(4, GroupId="cg"), v4)):
        batches.append(every_truncation(k, v))
    batches.append([(k5[:n], v5) for n in range(len(k5))])
    batches.append(every_bit_flip(k5, v5, bits=(0, 7)))
    batches.append(every_bit_flip(key(2, group="g"), gm3))
    return batches


# --------------------------------------------------------------------------------------------
# __transaction_state


def txn_key(tid, version=0):
    return short(version) + enc("TransactionLogKey", {"TransactionalId": tid}, 0)


def txn_value(version, pid, epoch, state, partitions, written_at=None, **tags):
    v = {"ProducerId": pid, "ProducerEpoch": epoch, "TransactionTimeoutMs": 60000, "TransactionStatus": state,
         "TransactionPartitions": None if partitions is None else
         [{"Topic": t, "PartitionIds": ps} for t, ps in partitions],
         "TransactionLastUpdateTimestampMs": T + 10, "TransactionStartTimestampMs": T + 1 if partitions else -1}
    v.update(tags)
    return short(version) + enc("TransactionLogValue", v, version if written_at is None else written_at)


def transaction_cases():
    two = [("orders", [0, 3]), ("payments", [1])]
    k = txn_key("tx-1")
    good = [(k, txn_value(0, 4000, 1, 0, None))]
    for state in range(1, 8):
        good.append((k, txn_value(0, 4000, state, state, two)))
    good += [
        (k, txn_value(1, 4001, 0, 0, None)),
        (k, txn_value(1, 4001, 2, 1, two)),
        (k, txn_value(1, 4001, 3, 4, two, PreviousProducerId=3999, ClientTransactionVersion=2)),
        (k, txn_value(1, 4001, 3, 5, two, NextProducerId=4002, ClientTransactionVersion=1)),
        (k, txn_value(1, 4001, 3, 2, two, PreviousProducerId=1, NextProducerId=2, ClientTransactionVersion=0,
                      _unknown_tags=[(7, b"unknown")])),
        # Empty with partitions stored anyway: not read.
        (k, txn_value(0, 4000, 1, 0, two)),
        (k, None),
        (txn_key("tx-\u00e9 \U0001F600 \"quoted\""), txn_value(0, -1, -1, 1, [("t", [0])])),
        (txn_key("tx-1") + b"trailing", txn_value(0, 4000, 1, 1, two) + b"trailing"),
        # Key versions other than 0: no payload, whatever the value.
        (txn_key("tx-1", version=1), txn_value(0, 4000, 1, 1, two)),
        (short(-1), None),
        (short(7) + b"\xff", b"\x00"),
    ]
    orders = [
        # More than 4 partitions in one topic (an immutable.HashSet, added without growth checks),
        # duplicates, a topic stored twice, non-ASCII topics (hashed over UTF-16), enough partitions
        # to grow the table, and the same partitions in another stored order.
        [("orders", list(range(20)))],
        [("orders", [5, 1, 5, 1]), ("orders", [1, 2])],
        [("a", [0]), ("b", [0]), ("c", [0]), ("d", [0]), ("e", [0]), ("f", [0]), ("g", [0]), ("h", [0]),
         ("i", [0]), ("j", [0]), ("k", [0]), ("l", [0]), ("m", [0]), ("n", [0])],
        [("n", [0]), ("m", [0]), ("l", [0]), ("k", [0]), ("j", [0]), ("i", [0]), ("h", [0]), ("g", [0]),
         ("f", [0]), ("e", [0]), ("d", [0]), ("c", [0]), ("b", [0]), ("a", [0])],
        [("topic-\u00e9", [0, 1]), ("\U0001F600", [7]), ("payments", [3, 4, 5, 6, 7, 8]), ("x", [])],
        [("t1", [0, 1, 2, 3]), ("t2", [0, 1, 2, 3]), ("t3", [0, 1, 2, 3]), ("t4", [0, 1, 2, 3])],
        [("big", list(range(100, 160))), ("small", [1, 2])],
        [("small", [1, 2]), ("big", list(range(100, 160)))],
        [("orders", [2147483647, -2147483648, -1, 0])],
    ]
    good += [(k, txn_value(0, 5000 + i, 0, 1, parts)) for i, parts in enumerate(orders)]
    batches = [good[i:i + 8] for i in range(0, len(good), 8)]
    # Each record that Kafka aborts on goes in a batch of its own, followed by a good batch: kseg
    # reports it and goes on.
    aborting = [
        (k, txn_value(0, 1, 0, 1, two)[:-4]),
        (k, b"\x00"),
        (k, b""),
        (k, short(2) + txn_value(0, 1, 0, 1, two)[2:]),
        (k, short(-1) + txn_value(0, 1, 0, 1, two)[2:]),
        (k, txn_value(0, 1, 0, 8, two)),
        (k, txn_value(0, 1, 0, -1, two)),
        (k, txn_value(1, 1, 0, 1, two, ClientTransactionVersion=3)),
        (k, txn_value(0, 1, 0, 1, None)),
        (None, txn_value(0, 1, 0, 1, two)),
        (b"\x00", None),
        (txn_key("tx-1")[:4], None),
        (k, short(0) + struct.pack(">qhib", 1, 0, 1, 1) + struct.pack(">i", 0x7FFFFFFF)),
        (k, txn_value(1, 1, 0, 1, two)[:-1] + b"\x01\x09" + uvarint(100) + b"x"),
        (k, txn_value(1, 1, 0, 1, two)[:-1] + b"\x01\x00\x08\x00"),
    ]
    for record in aborting:
        batches.append([record])
        batches.append([(txn_key("after"), txn_value(0, 9, 0, 0, None))])
    return batches


def hostile_transaction_cases():
    k = txn_key("tx-h")
    v0 = txn_value(0, 4000, 1, 1, [("orders", [0, 3]), ("p", [1])])
    v1 = txn_value(1, 4000, 1, 4, [("orders", [0])], PreviousProducerId=3999, ClientTransactionVersion=2)
    records = every_truncation(k, v0) + every_truncation(k, v1) + [(k[:n], v0) for n in range(len(k))]
    records += every_bit_flip(k, v0)
    return [[r] for r in records]
