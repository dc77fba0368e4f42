/// The record schemas of `__consumer_offsets` (on-disk-format §9.3–§9.7), field for field as
/// `group-coordinator/src/main/resources/common/message/*.json` and
/// `clients/src/main/resources/common/message/ConsumerProtocol{Subscription,Assignment}.json`
/// declare them in Kafka trunk at 1eb7644 (October 2024, 4.0.0-SNAPSHOT), the Kafka the golden
/// outputs come from. The same JSON files are in `Fixtures/internal-topics/schemas/`.
enum ConsumerOffsetsSchemas {
    typealias Schema = KafkaMessage.Schema
    typealias F = KafkaMessage.FieldSpec
    typealias StructSpec = KafkaMessage.StructSpec

    /// `GroupCoordinatorRecordSerde.apiMessageKeyFor` / `apiMessageValueFor`: the record type (the
    /// key's version) selects both schemas.
    static func forRecordType(_ type: Int16) -> (key: Schema, value: Schema)? {
        guard type >= 0 && Int(type) < byRecordType.count else { return nil }
        return byRecordType[Int(type)]
    }

    static let byRecordType: [(key: Schema, value: Schema)] = [
        (offsetCommitKey, offsetCommitValue),
        (offsetCommitKey, offsetCommitValue),
        (groupMetadataKey, groupMetadataValue),
        (groupKey("ConsumerGroupMetadataKey", type: "3"), epochValue("ConsumerGroupMetadataValue", field: "Epoch")),
        (groupKey("ConsumerGroupPartitionMetadataKey", type: "4"), partitionMetadataValue("ConsumerGroupPartitionMetadataValue")),
        (memberKey("ConsumerGroupMemberMetadataKey", type: "5"), consumerGroupMemberMetadataValue),
        (groupKey("ConsumerGroupTargetAssignmentMetadataKey", type: "6"), epochValue("ConsumerGroupTargetAssignmentMetadataValue", field: "AssignmentEpoch")),
        (memberKey("ConsumerGroupTargetAssignmentMemberKey", type: "7"), targetAssignmentMemberValue("ConsumerGroupTargetAssignmentMemberValue")),
        (memberKey("ConsumerGroupCurrentMemberAssignmentKey", type: "8"), currentMemberAssignmentValue("ConsumerGroupCurrentMemberAssignmentValue", pendingRevocation: true)),
        (groupKey("ShareGroupPartitionMetadataKey", type: "9"), partitionMetadataValue("ShareGroupPartitionMetadataValue")),
        (memberKey("ShareGroupMemberMetadataKey", type: "10"), shareGroupMemberMetadataValue),
        (groupKey("ShareGroupMetadataKey", type: "11"), epochValue("ShareGroupMetadataValue", field: "Epoch")),
        (groupKey("ShareGroupTargetAssignmentMetadataKey", type: "12"), epochValue("ShareGroupTargetAssignmentMetadataValue", field: "AssignmentEpoch")),
        (memberKey("ShareGroupTargetAssignmentMemberKey", type: "13"), targetAssignmentMemberValue("ShareGroupTargetAssignmentMemberValue")),
        (memberKey("ShareGroupCurrentMemberAssignmentKey", type: "14"), currentMemberAssignmentValue("ShareGroupCurrentMemberAssignmentValue", pendingRevocation: false)),
        (groupKey("ShareGroupStatePartitionMetadataKey", type: "15"), shareGroupStatePartitionMetadataValue),
    ]

    // MARK: Keys: one version each, the record type; never flexible.

    static let offsetCommitKey = Schema("OffsetCommitKey", validVersions: "0-1", flexibleVersions: "none", [
        F("group", .string, versions: "0-1"),
        F("topic", .string, versions: "0-1"),
        F("partition", .int32, versions: "0-1"),
    ])

    static let groupMetadataKey = Schema("GroupMetadataKey", validVersions: "2", flexibleVersions: "none", [
        F("group", .string, versions: "2"),
    ])

    static func groupKey(_ name: String, type: KafkaMessage.Versions) -> Schema {
        Schema(name, validVersions: type, flexibleVersions: "none", [
            F("GroupId", .string, versions: type),
        ])
    }

    static func memberKey(_ name: String, type: KafkaMessage.Versions) -> Schema {
        Schema(name, validVersions: type, flexibleVersions: "none", [
            F("GroupId", .string, versions: type),
            F("MemberId", .string, versions: type),
        ])
    }

    // MARK: Classic groups

    static let offsetCommitValue = Schema("OffsetCommitValue", validVersions: "0-4", flexibleVersions: "4+", [
        F("offset", .int64, versions: "0+"),
        F("leaderEpoch", .int32, versions: "3+", default: "-1"),
        F("metadata", .string, versions: "0+"),
        F("commitTimestamp", .int64, versions: "0+"),
        F("expireTimestamp", .int64, versions: "1", default: "-1"),
    ])

    static let groupMetadataValue = Schema("GroupMetadataValue", validVersions: "0-4", flexibleVersions: "4+", [
        F("protocolType", .string, versions: "0+"),
        F("generation", .int32, versions: "0+"),
        F("protocol", .string, versions: "0+", nullableVersions: "0+"),
        F("leader", .string, versions: "0+", nullableVersions: "0+"),
        F("currentStateTimestamp", .int64, versions: "2+", default: "-1"),
        F("members", .array(.common("MemberMetadata")), versions: "0+"),
    ], commonStructs: [
        StructSpec("MemberMetadata", versions: "0+", [
            F("memberId", .string, versions: "0+"),
            F("groupInstanceId", .string, versions: "3+", nullableVersions: "3+", default: "null"),
            F("clientId", .string, versions: "0+"),
            F("clientHost", .string, versions: "0+"),
            F("rebalanceTimeout", .int32, versions: "1+", default: "-1"),
            F("sessionTimeout", .int32, versions: "0+"),
            F("subscription", .bytes, versions: "0+"),
            F("assignment", .bytes, versions: "0+"),
        ]),
    ])

    // MARK: Consumer groups (KIP-848) and share groups (KIP-932): version 0, flexible

    static func epochValue(_ name: String, field: String) -> Schema {
        Schema(name, validVersions: "0", flexibleVersions: "0+", [
            F(field, .int32, versions: "0+"),
        ])
    }

    static func partitionMetadataValue(_ name: String) -> Schema {
        Schema(name, validVersions: "0", flexibleVersions: "0+", [
            F("Topics", .array(.inline("TopicMetadata", [
                F("TopicId", .uuid, versions: "0+"),
                F("TopicName", .string, versions: "0+"),
                F("NumPartitions", .int32, versions: "0+"),
                F("PartitionMetadata", .array(.inline("PartitionMetadata", [
                    F("Partition", .int32, versions: "0+"),
                    F("Racks", .array(.string), versions: "0+"),
                ])), versions: "0+"),
            ])), versions: "0+"),
        ])
    }

    static let consumerGroupMemberMetadataValue = Schema("ConsumerGroupMemberMetadataValue", validVersions: "0", flexibleVersions: "0+", [
        F("InstanceId", .string, versions: "0+", nullableVersions: "0+"),
        F("RackId", .string, versions: "0+", nullableVersions: "0+"),
        F("ClientId", .string, versions: "0+"),
        F("ClientHost", .string, versions: "0+"),
        F("SubscribedTopicNames", .array(.string), versions: "0+"),
        F("SubscribedTopicRegex", .string, versions: "0+", nullableVersions: "0+"),
        F("RebalanceTimeoutMs", .int32, versions: "0+", default: "-1"),
        F("ServerAssignor", .string, versions: "0+", nullableVersions: "0+"),
        // The schema says `"default": null` (a JSON null, not "null"): the default is the empty
        // struct, so the converter omits an empty struct and prints a null one as null.
        F("ClassicMemberMetadata", .inline("ClassicMemberMetadata", [
            F("SessionTimeoutMs", .int32, versions: "0+"),
            F("SupportedProtocols", .array(.inline("ClassicProtocol", [
                F("Name", .string, versions: "0+"),
                F("Metadata", .bytes, versions: "0+"),
            ])), versions: "0+"),
        ]), versions: "0+", nullableVersions: "0+", taggedVersions: "0+", tag: 0),
    ])

    static func targetAssignmentMemberValue(_ name: String) -> Schema {
        Schema(name, validVersions: "0", flexibleVersions: "0+", [
            F("TopicPartitions", .array(.inline("TopicPartition", [
                F("TopicId", .uuid, versions: "0+"),
                F("Partitions", .array(.int32), versions: "0+"),
            ])), versions: "0+"),
        ])
    }

    /// ConsumerGroupCurrentMemberAssignmentValue; ShareGroupCurrentMemberAssignmentValue is the
    /// same without PartitionsPendingRevocation.
    static func currentMemberAssignmentValue(_ name: String, pendingRevocation: Bool) -> Schema {
        let assigned = [
            F("MemberEpoch", .int32, versions: "0+"),
            F("PreviousMemberEpoch", .int32, versions: "0+"),
            F("State", .int8, versions: "0+"),
            F("AssignedPartitions", .array(.common("TopicPartitions")), versions: "0+"),
        ]
        let pending = F("PartitionsPendingRevocation", .array(.common("TopicPartitions")), versions: "0+")
        return Schema(name, validVersions: "0", flexibleVersions: "0+", pendingRevocation ? assigned + [pending] : assigned,
                      commonStructs: [
                          StructSpec("TopicPartitions", versions: "0+", [
                              F("TopicId", .uuid, versions: "0+"),
                              F("Partitions", .array(.int32), versions: "0+"),
                          ]),
                      ])
    }

    static let shareGroupMemberMetadataValue = Schema("ShareGroupMemberMetadataValue", validVersions: "0", flexibleVersions: "0+", [
        F("RackId", .string, versions: "0+", nullableVersions: "0+"),
        F("ClientId", .string, versions: "0+"),
        F("ClientHost", .string, versions: "0+"),
        F("SubscribedTopicNames", .array(.string), versions: "0+"),
    ])

    static let shareGroupStatePartitionMetadataValue = Schema("ShareGroupStatePartitionMetadataValue", validVersions: "0", flexibleVersions: "0+", [
        F("InitializedTopics", .array(.common("TopicPartitionsInfo")), versions: "0+"),
        F("DeletingTopics", .array(.common("TopicInfo")), versions: "0+"),
    ], commonStructs: [
        StructSpec("TopicPartitionsInfo", versions: "0+", [
            F("TopicId", .uuid, versions: "0+"),
            F("TopicName", .string, versions: "0+"),
            F("Partitions", .array(.int32), versions: "0+"),
        ]),
        StructSpec("TopicInfo", versions: "0+", [
            F("TopicId", .uuid, versions: "0+"),
            F("TopicName", .string, versions: "0+"),
        ]),
    ])

    // MARK: The embedded consumer protocol (GroupMetadataValue members of protocol type "consumer")

    static let consumerProtocolSubscription = Schema("ConsumerProtocolSubscription", validVersions: "0-3", flexibleVersions: "none", [
        F("Topics", .array(.string), versions: "0+"),
        F("UserData", .bytes, versions: "0+", nullableVersions: "0+", default: "null", zeroCopy: true),
        F("OwnedPartitions", .array(.inline("TopicPartition", [
            F("Topic", .string, versions: "1+"),
            F("Partitions", .array(.int32), versions: "1+"),
        ])), versions: "1+"),
        F("GenerationId", .int32, versions: "2+", default: "-1"),
        F("RackId", .string, versions: "3+", nullableVersions: "3+", default: "null"),
    ])

    static let consumerProtocolAssignment = Schema("ConsumerProtocolAssignment", validVersions: "0-3", flexibleVersions: "none", [
        F("AssignedPartitions", .array(.inline("TopicPartition", [
            F("Topic", .string, versions: "0+"),
            F("Partitions", .array(.int32), versions: "0+"),
        ])), versions: "0+"),
        F("UserData", .bytes, versions: "0+", nullableVersions: "0+", default: "null", zeroCopy: true),
    ])
}
