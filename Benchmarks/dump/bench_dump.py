#!/usr/bin/env python3
"""Dump benchmarks, each figure printed next to its baseline measured in the same run.

  batch-level dump of a 1 GiB uncompressed v2 segment  vs  `cat FILE > /dev/null`   (goal: >= 0.5x)
  --print-data-log, 100-byte records, uncompressed      records/s                   (goal: >= 5,000,000)
  --print-data-log, 100-byte records, lz4               records/s                   (goal: >= 3,000,000)
  peak RSS dumping 1 GiB and 4 GiB segments                                          (goal: <= 32 MiB)
  dumping a sparse 2 GiB .index (one entry, then holes)  time and peak RSS          (goal: flat in file size)
  kseg --help                                           vs `true`                   (goal: < 20 ms)

All files are read from the page cache (each is read once before timing); every timing is the best
of --repeat runs. Output goes to /dev/null, as in the goals.
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KSEG = os.path.join(ROOT, ".build/release/kseg")
DATA = os.path.join(ROOT, "Benchmarks/data")
GIB = 1 << 30


def segment(name, size, codec):
    directory = os.path.join(DATA, name)
    path = os.path.join(directory, "00000000000000000000.log")
    if not os.path.exists(path) or os.path.getsize(path) < size - (1 << 20):
        os.makedirs(directory, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/make_segment.py"), path, "--bytes", str(size),
                        "--codec", codec, "--value-size", "100", "--records-per-batch", "100"], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def best(cmd, repeat, shell=False):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, shell=shell, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_kib(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1])


def records_in(path):
    # One JSON batch object per line; sum the record counts.
    out = subprocess.run([KSEG, "dump-log-segments", "--json", path], stdout=subprocess.PIPE, check=True, text=True).stdout
    import json
    return sum(obj.get("count", 0) for obj in map(json.loads, out.splitlines()) if obj.get("type") == "batch")


def sparse_index(size):
    """A small segment whose .index has one entry and is then extended to `size` bytes of holes
    (a preallocated or damaged index): costs no disk."""
    log = segment("sparse-index", 1 << 20, "none")
    index = log[:-len(".log")] + ".index"
    with open(index, "wb") as f:
        f.write((99).to_bytes(4, "big") + (0).to_bytes(4, "big"))
        f.truncate(size)
    return index


def warm(path):
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-4gib", action="store_true")
    args = parser.parse_args()
    r = args.repeat

    plain = segment("v2-none-1g", GIB, "none")
    lz4 = segment("v2-lz4-1g", GIB, "lz4")
    warm(plain)
    cat = best(["cat", plain], r)
    dump = best([KSEG, "dump-log-segments", "--files", plain], r)
    size = os.path.getsize(plain)
    print(f"batch-level dump, 1 GiB v2 none: kseg {size / dump / 1e9:.2f} GB/s ({dump:.3f} s) | "
          f"baseline cat {size / cat / 1e9:.2f} GB/s ({cat:.3f} s) | ratio {cat / dump:.2f}x (goal >= 0.50x)")

    n_plain = records_in(plain)
    data_plain = best([KSEG, "dump-log-segments", "--print-data-log", "--files", plain], r)
    print(f"--print-data-log, 1 GiB v2 none, 100-byte values: kseg {n_plain / data_plain / 1e6:.2f} M records/s "
          f"({n_plain} records, {data_plain:.3f} s) | baseline cat {cat:.3f} s | goal >= 5.00 M records/s")

    warm(lz4)
    n_lz4 = records_in(lz4)
    cat_lz4 = best(["cat", lz4], r)
    data_lz4 = best([KSEG, "dump-log-segments", "--print-data-log", "--files", lz4], r)
    print(f"--print-data-log, 1 GiB v2 lz4, 100-byte values: kseg {n_lz4 / data_lz4 / 1e6:.2f} M records/s "
          f"({n_lz4} records, {data_lz4:.3f} s) | baseline cat {cat_lz4:.3f} s | goal >= 3.00 M records/s")

    rss_1g = peak_rss_kib([KSEG, "dump-log-segments", "--files", plain]) / 1024
    rss_1g_data = peak_rss_kib([KSEG, "dump-log-segments", "--print-data-log", "--files", lz4]) / 1024
    line = f"peak RSS: 1 GiB batch-level {rss_1g:.1f} MiB, 1 GiB lz4 --print-data-log {rss_1g_data:.1f} MiB"
    if not args.skip_4gib:
        big = segment("v2-none-4g", 4 * GIB, "none")
        rss_4g = peak_rss_kib([KSEG, "dump-log-segments", "--files", big]) / 1024
        rss_4g_data = peak_rss_kib([KSEG, "dump-log-segments", "--print-data-log", "--files", big]) / 1024
        line += f", 4 GiB batch-level {rss_4g:.1f} MiB, 4 GiB --print-data-log {rss_4g_data:.1f} MiB"
    print(line + " | baseline cat " + f"{peak_rss_kib(['cat', plain]) / 1024:.1f} MiB | goal <= 32 MiB, flat in file size")

    index = sparse_index(2 * GIB)
    index_time = best([KSEG, "dump-log-segments", "--files", index], r)
    rss_index = peak_rss_kib([KSEG, "dump-log-segments", "--files", index]) / 1024
    rss_sanity = peak_rss_kib([KSEG, "dump-log-segments", "--index-sanity-check", "--files", index]) / 1024
    print(f"sparse 2 GiB .index: kseg {index_time:.3f} s, peak RSS {rss_index:.1f} MiB "
          f"(--index-sanity-check {rss_sanity:.1f} MiB) | goal: flat in file size (<= 32 MiB)")

    runs = 50
    help_time = best([KSEG, "--help"], runs)
    true_time = best(["true"], runs)
    print(f"kseg --help: {help_time * 1000:.1f} ms | baseline `true` {true_time * 1000:.1f} ms | goal < 20 ms")


if __name__ == "__main__":
    main()
