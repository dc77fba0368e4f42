/// The value schemas of the KRaft control records whose JSON Kafka's dump tool prints
/// (dump-and-index §4.6), field for field as `clients/src/main/resources/common/message/
/// {SnapshotHeaderRecord,SnapshotFooterRecord,KRaftVersionRecord,VotersRecord}.json` declare them
/// in Kafka trunk at 1eb7644 (October 2024).
enum ControlRecordSchemas {
    typealias F = KafkaMessage.FieldSpec

    static let snapshotHeader = KafkaMessage.Schema("SnapshotHeaderRecord", validVersions: "0", flexibleVersions: "0+", [
        F("Version", .int16, versions: "0+"),
        F("LastContainedLogTimestamp", .int64, versions: "0+"),
    ])

    static let snapshotFooter = KafkaMessage.Schema("SnapshotFooterRecord", validVersions: "0", flexibleVersions: "0+", [
        F("Version", .int16, versions: "0+"),
    ])

    static let kraftVersion = KafkaMessage.Schema("KRaftVersionRecord", validVersions: "0", flexibleVersions: "0+", [
        F("Version", .int16, versions: "0+"),
        F("KRaftVersion", .int16, versions: "0+"),
    ])

    static let voters = KafkaMessage.Schema("VotersRecord", validVersions: "0", flexibleVersions: "0+", [
        F("Version", .int16, versions: "0+"),
        F("Voters", .array(.inline("Voter", [
            F("VoterId", .int32, versions: "0+"),
            F("VoterDirectoryId", .uuid, versions: "0+"),
            F("Endpoints", .array(.inline("Endpoint", [
                F("Name", .string, versions: "0+"),
                F("Host", .string, versions: "0+"),
                F("Port", .uint16, versions: "0+"),
            ])), versions: "0+"),
            F("KRaftVersionFeature", .inline("KRaftVersionFeature", [
                F("MinSupportedVersion", .int16, versions: "0+"),
                F("MaxSupportedVersion", .int16, versions: "0+"),
            ]), versions: "0+"),
        ])), versions: "0+"),
    ])
}
