#!/usr/bin/env python3
"""Hand decoding of a few kafka-python fixtures with struct/zlib/gzip only (no
kafka-python, own bitwise CRC-32C), checked against the on-disk-format spec
(sections 2-6) and against the .expected.json listings made by the oracle.

Usage: .venv/bin/python scripts/check-fixtures-by-hand.py   (python3 works too)
Exits non-zero (AssertionError) on any mismatch."""
import struct, zlib, gzip, json, sys
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
assert crc32c(b"123456789") == 0xE3069283
import os
F = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Fixtures", "kafka-python") + "/"

def zz(b, pos):
    shift = result = 0
    while True:
        x = b[pos]; pos += 1
        result |= (x & 0x7f) << shift; shift += 7
        if not x & 0x80: break
    return (result >> 1) ^ -(result & 1), pos

# 1) kp-v2-none-0 second segment: walk all batch headers, verify CRC-32C, offsets, decode control records
data = open(F + "kp-v2-none-0/00000000000000000014.log", "rb").read()
exp = json.load(open(F + "kp-v2-none-0/00000000000000000014.log.expected.json"))
pos = 0; i = 0; prev_last = 13
while pos < len(data):
    (base, length, ple, magic, crc, attrs, lod, bts, mts, pid, pe, bseq, cnt) = struct.unpack_from(">qiibIhiqqqhii", data, pos)
    assert magic == 2
    end = pos + 12 + length
    assert crc == crc32c(data[pos+21:end]), "crc"
    assert base == prev_last + 1, (base, prev_last)
    e = exp["batches"][i]
    assert (e["position"], e["baseOffset"], e["lastOffset"], e["checksum"], e["count"], e["partitionLeaderEpoch"], e["producerId"], e["baseSequence"], e["sizeInBytes"]) == (pos, base, base+lod, crc, cnt, ple, pid, bseq, 12+length)
    if attrs & 0x20:
        # control record, uncompressed
        p = pos + 61
        rlen, p = zz(data, p); start = p
        rattr = data[p]; p += 1
        tsd, p = zz(data, p); od, p = zz(data, p)
        kl, p = zz(data, p); key = data[p:p+kl]; p += kl
        vl, p = zz(data, p); val = data[p:p+vl]; p += vl
        hc, p = zz(data, p)
        assert p - start == rlen and p == end
        ver, typ = struct.unpack(">hh", key); mver, coord = struct.unpack(">hi", val)
        print("control batch at", pos, "offset", base+od, "attrs %#x" % attrs, "type", typ, "coordEpoch", coord, "pid", pid, "pe", pe, "bseq", bseq)
        assert e["records"][0]["control"]["typeId"] == typ and e["records"][0]["control"]["coordinatorEpoch"] == coord
    if bseq >= 0:
        lastseq = bseq + lod if bseq <= 2147483647 - lod else lod - (2147483647 - bseq) - 1
        assert lastseq == e["lastSequence"]
    prev_last = base + lod; pos = end; i += 1
print("v2-none seg 14: %d batches, hand decode OK" % i)

# 2) kp-v1-gzip-0 first segment: wrappers, CRC-32, relative inner offsets, max ts
data = open(F + "kp-v1-gzip-0/00000000000000000000.log", "rb").read()
exp = json.load(open(F + "kp-v1-gzip-0/00000000000000000000.log.expected.json"))
pos = 0; i = 0
while pos < len(data):
    off, size, crc, magic, attr, ts = struct.unpack_from(">qiIbbq", data, pos)
    assert magic == 1 and attr & 7 == 1
    assert crc == zlib.crc32(data[pos+16:pos+12+size])
    kl, = struct.unpack_from(">i", data, pos+26); assert kl == -1
    vl, = struct.unpack_from(">i", data, pos+30)
    comp = data[pos+34:pos+34+vl]; assert pos+34+vl == pos+12+size
    assert comp[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff", comp[:10]  # mtime 0, XFL 2 (level 9), OS ff
    inner = gzip.decompress(comp); ip = 0; rels = []; tss = []
    while ip < len(inner):
        ioff, isize, icrc, im, ia, its = struct.unpack_from(">qiIbbq", inner, ip)
        assert icrc == zlib.crc32(inner[ip+16:ip+12+isize]) and ia == 0 and im == 1
        rels.append(ioff); tss.append(its); ip += 12 + isize
    assert rels == list(range(len(rels))), rels
    assert ts == max(tss)
    absolute = [off - rels[-1] + r for r in rels]
    e = exp["batches"][i]
    assert [r["offset"] for r in e["records"]] == absolute and e["lastOffset"] == off and e["checksum"] == crc
    print("v1 gzip wrapper at", pos, "wrapper offset", off, "inner relative", rels[0], "..", rels[-1], "abs", absolute[0], "..", absolute[-1], "ts=max", ts)
    pos += 12 + size; i += 1

# 3) kp-v0-lz4-0: wrapper offsets, absolute inner offsets, broken HC (0x1A) -- spec 5.4
data = open(F + "kp-v0-lz4-0/00000000000000000000.log", "rb").read()
off, size, crc, magic, attr = struct.unpack_from(">qiIbb", data, 0)
vl, = struct.unpack_from(">i", data, 22)
frame = data[26:26+vl]
print("v0 lz4 first wrapper: offset", off, "crc ok", crc == zlib.crc32(data[16:12+size]), "frame header", frame[:7].hex())
assert crc == zlib.crc32(data[16:12+size])
assert frame[:7].hex() == "04224d1860401a"   # spec 5.4: magic-0 wrappers carry the broken HC 0x1A
# 4) v1 / v2 lz4 frame headers
data = open(F + "kp-v1-lz4-0/00000000000000000000.log", "rb").read()
vl, = struct.unpack_from(">i", data, 30); print("v1 lz4 frame header", data[34:34+7].hex())
# FLG 0x68: version 01, independent blocks, content size present (python-lz4); HC correct
assert data[34:34+6].hex() == "04224d186840"
data = open(F + "kp-v2-lz4-0/00000000000000000000.log", "rb").read()
print("v2 lz4 frame header", data[61:61+7+8].hex())
assert data[61:61+6].hex() == "04224d186840"
data = open(F + "kp-v2-zstd-0/00000000000000000000.log", "rb").read()
print("v2 zstd frame header", data[61:61+8].hex())
assert data[61:65].hex() == "28b52ffd"
data = open(F + "kp-v2-snappy-0/00000000000000000000.log", "rb").read()
print("v2 snappy header", data[61:61+20].hex())
assert data[61:61+16].hex() == "82534e41505059000000000100000001"

# 5) kp-v2-gzip-0 second batch (shapes): decompress + decode every record by hand
data = open(F + "kp-v2-gzip-0/00000000000000000000.log", "rb").read()
exp = json.load(open(F + "kp-v2-gzip-0/00000000000000000000.log.expected.json"))
pos = exp["batches"][1]["position"]
(base, length, ple, magic, crc, attrs, lod, bts, mts, pid, pe, bseq, cnt) = struct.unpack_from(">qiibIhiqqqhii", data, pos)
assert crc == crc32c(data[pos+21:pos+12+length]) and attrs & 7 == 1
recs = gzip.decompress(data[pos+61:pos+12+length]); p = 0; out = []
for _ in range(cnt):
    rlen, p = zz(recs, p); start = p; p += 1
    tsd, p = zz(recs, p); od, p = zz(recs, p)
    kl, p = zz(recs, p); key = None if kl < 0 else recs[p:p+kl]; p += max(kl, 0)
    vl, p = zz(recs, p); val = None if vl < 0 else recs[p:p+vl]; p += max(vl, 0)
    hc, p = zz(recs, p); hs = []
    for _ in range(hc):
        hkl, p = zz(recs, p); hk = recs[p:p+hkl].decode(); p += hkl
        hvl, p = zz(recs, p); hv = None if hvl < 0 else recs[p:p+hvl]; p += max(hvl, 0)
        hs.append({"key": hk, "value": None if hv is None else hv.hex()})
    assert p - start == rlen
    out.append((base+od, bts+tsd, None if key is None else key.hex(), None if val is None else val.hex(), hs))
assert p == len(recs)
e = exp["batches"][1]["records"]
assert [(r["offset"], r["timestamp"], r["key"], r["value"], r["headers"]) for r in e] == [o[:5] for o in out]
print("v2 gzip shapes batch: %d records hand-decoded, ts deltas:" % cnt, [o[1]-bts for o in out], "maxTs ok", mts == max(o[1] for o in out))
print("hand decoding: all checks passed")
