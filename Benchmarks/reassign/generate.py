#!/usr/bin/env python3
"""Generate the reassign-partitions benchmark input: a cluster that grew.

100 brokers in 3 racks (ids 1..100, rack = a/b/c by id mod 3). The current assignment
places every partition (replication factor 3, one replica per rack) on brokers 1..90
with a rack-aware round robin from a random start per topic, as Kafka places new
topics; brokers 91..100 are new and empty, and broker 7 is being decommissioned (it is
left out of the broker list). Partition sizes are log-normal per topic, so bytes are very
uneven. Outputs, in the directory given:

  current.json    the current assignment, Kafka reassignment JSON (one line)
  log-dirs.json   sizes in the format `kafka-log-dirs.sh --describe` prints
  brokers.txt     the --broker-list value
  racks.txt       the --broker-racks value

Only the Python standard library is used; the output is deterministic for a seed.
"""
import argparse
import json
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--brokers", type=int, default=100)
    parser.add_argument("--new-brokers", type=int, default=10)
    parser.add_argument("--leaving", type=int, default=7)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--partitions-per-topic", type=int, default=100)
    parser.add_argument("--replication-factor", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    racks = ["a", "b", "c"]
    rack_of = {b: racks[b % 3] for b in range(1, args.brokers + 1)}
    old = [b for b in range(1, args.brokers - args.new_brokers + 1)]
    by_rack = {r: [b for b in old if rack_of[b] == r] for r in racks}

    partitions = []
    replicas_of = {}
    sizes = {}
    for t in range(args.topics):
        topic = "topic-%04d" % t
        start = rng.randrange(len(old))
        mean = rng.lognormvariate(20, 2)  # about 500 MB typical, heavy tail
        for p in range(args.partitions_per_topic):
            first = old[(start + p) % len(old)]
            chosen = [first]
            first_rack = racks.index(rack_of[first])
            for k in range(1, args.replication_factor):
                rack = racks[(first_rack + k) % 3]
                members = by_rack[rack]
                chosen.append(members[(start + p * 7 + k * 13 + t) % len(members)])
            partitions.append({"topic": topic, "partition": p, "replicas": chosen})
            size = int(mean * rng.lognormvariate(0, 0.5))
            sizes[(topic, p)] = size
            for b in chosen:
                replicas_of.setdefault(b, []).append((topic, p))

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "current.json"), "w") as f:
        json.dump({"version": 1, "partitions": partitions}, f, separators=(",", ":"))
        f.write("\n")

    brokers_json = []
    for b in sorted(replicas_of):
        entries = [{"partition": "%s-%d" % tp, "size": sizes[tp], "offsetLag": 0, "isFuture": False}
                   for tp in replicas_of[b]]
        brokers_json.append({"broker": b, "logDirs": [{"logDir": "/var/lib/kafka/data", "error": None,
                                                        "partitions": entries}]})
    with open(os.path.join(args.out, "log-dirs.json"), "w") as f:
        f.write("Querying brokers for log directories information\n")
        f.write("Received log directory information from brokers %s\n" % ",".join(str(b) for b in sorted(replicas_of)))
        json.dump({"version": 1, "brokers": brokers_json}, f, separators=(",", ":"))
        f.write("\n")

    targets = [b for b in range(1, args.brokers + 1) if b != args.leaving]
    with open(os.path.join(args.out, "brokers.txt"), "w") as f:
        f.write(",".join(str(b) for b in targets) + "\n")
    with open(os.path.join(args.out, "racks.txt"), "w") as f:
        f.write(",".join("%d:%s" % (b, rack_of[b]) for b in range(1, args.brokers + 1)) + "\n")


if __name__ == "__main__":
    main()
