"""Kafka's generated-message semantics in Python, driven by the message schemas in ./schemas/.

Written for kseg's test fixtures from Apache Kafka's generator sources (trunk, commit
1eb7644349cb07139d6a3c1ad1986979647cac99, October 2024), independently of kseg's Swift code:

  generator/src/main/java/org/apache/kafka/message/
      MessageDataGenerator.java   what a generated read() and write() do, field by field
      JsonConverterGenerator.java what a generated <Message>JsonConverter.write() emits
      VersionConditional.java     which version tests the generator emits (and which it omits)
      FieldSpec.java, StructRegistry.java, Versions.java
  clients/src/main/java/org/apache/kafka/common/protocol/ByteBufferAccessor.java, Readable.java
  clients/src/main/java/org/apache/kafka/common/utils/ByteUtils.java (readUnsignedVarint)

The reader raises JavaError with the class and getMessage() the Java code would throw, so the
fixture script can predict Kafka's error texts. The writer produces what Kafka's writers produce.
"""

import base64
import json
import os
import re
import struct

SHORT_MAX = 0x7FFF


class Versions:
    """org.apache.kafka.message.Versions: an inclusive range; NONE is (0, -1)."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    @property
    def empty(self):
        return self.lo > self.hi

    def __eq__(self, other):
        return self.lo == other.lo and self.hi == other.hi

    def __repr__(self):
        return "none" if self.empty else f"{self.lo}-{self.hi}"

    @staticmethod
    def parse(text, default):
        if text is None or str(text).strip() == "":
            return default
        text = str(text).strip()
        if text == "none":
            return NONE
        if text.endswith("+"):
            return Versions(int(text[:-1]), SHORT_MAX)
        if "-" in text:
            lo, hi = text.split("-", 1)
            return Versions(int(lo), int(hi))
        return Versions(int(text), int(text))

    def intersect(self, other):
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        return NONE if lo > hi else Versions(lo, hi)

    def subtract(self, other):
        if other.lo <= self.lo:
            if other.hi >= self.hi:
                return NONE
            if other.hi < self.lo:
                return self
            return Versions(other.hi + 1, self.hi)
        if other.hi >= self.hi:
            new_hi = other.lo - 1
            if new_hi < 0:
                return self
            if new_hi < self.hi:
                return Versions(self.lo, new_hi)
            return self
        raise ValueError("two ranges")


NONE = Versions(0, -1)


def member(containing, possible, v):
    """The version test VersionConditional emits for (containing, possible), evaluated at v.

    The generator only tests the bounds of `containing` that `possible` crosses, so a version
    outside every range the generator knows behaves like the nearest bound it did test.
    """
    if possible.lo < containing.lo:
        if possible.hi > containing.hi:
            return containing.lo <= v <= containing.hi
        if possible.hi >= containing.lo:
            return v >= containing.lo
        return False
    if possible.hi >= containing.lo and possible.lo <= containing.hi:
        if possible.hi > containing.hi:
            return v <= containing.hi
        return True
    return False


# --------------------------------------------------------------------------------------------
# Schemas


def strip_comments(text):
    """Kafka's schema files are JSON with // comments (outside strings)."""
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


PRIMITIVES = {"bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64", "uuid", "string", "bytes"}


class Struct:
    def __init__(self, name, versions, fields, parent):
        self.name = name
        self.versions = versions
        self.fields = fields
        # The parentVersions the generator passes to this class's read()/write(): the message's
        # valid versions for the top level, the enclosing parent ∩ enclosing struct versions for an
        # inline struct (StructRegistry.addStructSpecs), the struct's own versions for a common one.
        self.parent = parent

    @property
    def cur(self):
        return self.parent.intersect(self.versions)


class Field:
    def __init__(self, spec, message, enclosing):
        self.name = spec["name"]
        self.json_name = self.name[:1].lower() + self.name[1:]  # FieldSpec.camelCaseName()
        self.tagged = Versions.parse(spec.get("taggedVersions"), NONE)
        self.versions = Versions.parse(spec.get("versions"), None if self.tagged.empty else self.tagged)
        self.nullable = Versions.parse(spec.get("nullableVersions"), NONE)
        self.tag = spec.get("tag")
        # FieldSpec: a JSON null default is the empty string, i.e. the type's default, not null.
        raw_default = spec.get("default")
        self.default_string = "" if raw_default is None else str(raw_default)
        self.zero_copy = bool(spec.get("zeroCopy", False))
        override = spec.get("flexibleVersions")
        self.flexible = message.flexible if override is None else Versions.parse(override, None)
        type_text = spec["type"]
        self.is_array = type_text.startswith("[]")
        self.element = type_text[2:] if self.is_array else type_text
        self.struct = None
        if self.element not in PRIMITIVES:
            if spec.get("fields"):
                inline_parent = enclosing.parent.intersect(enclosing.versions)
                self.struct = Struct(self.element, self.versions, [], inline_parent)
                self.struct.fields = [Field(f, message, self.struct) for f in spec["fields"]]
            else:
                self.struct = message.common_struct(self.element)

    @property
    def mandatory(self):
        return self.versions.subtract(self.tagged)

    def default_value(self):
        """The value FieldSpec.fieldDefault() gives a field absent from the data."""
        d = self.default_string
        if self.is_array:
            return None if d == "null" else []
        t = self.element
        if t in ("int8", "int16", "uint16", "int32", "uint32", "int64"):
            return int(d, 16) if d.startswith("0x") else int(d or "0")
        if t == "bool":
            return d.lower() == "true"
        if t == "uuid":
            return bytes(16) if d == "" else base64.urlsafe_b64decode(d + "==")
        if t == "string":
            return None if d == "null" else d
        if t == "bytes":
            return None if d == "null" else b""
        if self.struct is not None:
            return None if d == "null" else StructValue.default(self.struct)
        raise ValueError(t)


class StructValue(dict):
    """A decoded struct: field name -> value, plus the unknown tagged fields it carried."""

    def __init__(self, *args, unknown_tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown_tags = list(unknown_tags)

    @staticmethod
    def default(struct):
        return StructValue({f.name: f.default_value() for f in struct.fields})

    def __eq__(self, other):
        # Generated equals(): every field, then MessageUtil.compareRawTaggedFields.
        if not isinstance(other, dict):
            return False
        return dict.__eq__(self, other) and list(self.unknown_tags) == list(getattr(other, "unknown_tags", []))

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None


class Message:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            spec = json.loads(strip_comments(f.read()))
        self.name = spec["name"]
        self.valid = Versions.parse(spec["validVersions"], None)
        self.flexible = Versions.parse(spec["flexibleVersions"], NONE)
        self._common_specs = {c["name"]: c for c in spec.get("commonStructs", [])}
        self._common = {}
        self.root = Struct(self.name, self.valid, [], self.valid)
        self.root.fields = [Field(f, self, self.root) for f in spec["fields"]]

    def common_struct(self, name):
        if name not in self._common:
            c = self._common_specs[name]
            versions = Versions.parse(c["versions"], None)
            s = Struct(name, versions, [], versions)
            self._common[name] = s
            s.fields = [Field(f, self, s) for f in c["fields"]]
        return self._common[name]


def load_schemas(directory):
    return {name[:-5]: Message(os.path.join(directory, name))
            for name in sorted(os.listdir(directory)) if name.endswith(".json")}


# --------------------------------------------------------------------------------------------
# Reading (generated read() over ByteBufferAccessor)


class JavaError(Exception):
    def __init__(self, cls, message):
        super().__init__(message)
        self.cls, self.message = cls, message

    @property
    def text(self):
        """getMessage() as Scala/Java string concatenation prints it."""
        return "null" if self.message is None else self.message

    @property
    def description(self):
        """Throwable.toString()."""
        return self.cls if self.message is None else f"{self.cls}: {self.message}"


def runtime(message):
    return JavaError("java.lang.RuntimeException", message)


UNDERFLOW = ("java.nio.BufferUnderflowException", None)
FIXED = {"int8": ">b", "int16": ">h", "uint16": ">H", "int32": ">i", "uint32": ">I", "int64": ">q", "float64": ">d"}


def i32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


class Buffer:
    """A java.nio.ByteBuffer read by ByteBufferAccessor."""

    def __init__(self, data):
        self.data, self.pos = bytes(data), 0

    @property
    def remaining(self):
        return len(self.data) - self.pos

    def fixed(self, t):
        """readByte, readShort, readUnsignedShort, readInt, readUnsignedInt, readLong, readDouble."""
        fmt = FIXED[t]
        size = struct.calcsize(fmt)
        if self.remaining < size:
            raise JavaError(*UNDERFLOW)
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return v

    def byte(self):
        return self.fixed("int8")

    def short(self):
        return self.fixed("int16")

    def unsigned_varint(self):
        # ByteUtils.readUnsignedVarint: at most five bytes, Java int arithmetic.
        tmp = self.byte()
        if tmp >= 0:
            return tmp
        result = tmp & 127
        for shift in (7, 14, 21):
            tmp = self.byte()
            if tmp >= 0:
                return i32(result | (tmp << shift))
            result |= (tmp & 127) << shift
        tmp = self.byte()
        result = i32(result | (tmp << 28))
        if tmp < 0:
            raise JavaError("java.lang.IllegalArgumentException",
                            "Varint is too long, the most significant bit in the 5th byte is set, "
                            f"converted value: {result & 0xFFFFFFFF:x}")
        return result

    def array(self, size):
        if size > self.remaining:
            raise runtime(f"Error reading byte array of {size} byte(s): only {self.remaining} byte(s) available")
        if size < 0:
            raise JavaError("java.lang.NegativeArraySizeException", str(size))
        v = self.data[self.pos:self.pos + size]
        self.pos += size
        return v

    def byte_buffer(self, length):
        # readByteBuffer: slice().limit(length), then position += length.
        if length > self.remaining:
            raise JavaError("java.lang.IllegalArgumentException",
                            f"newLimit > capacity: ({length} > {self.remaining})")
        return self.array(length)


def java_utf8(data):
    """new String(bytes, UTF_8).

    Python's "replace" and the JDK agree on every malformed sequence except an encoded surrogate:
    ED followed by A0..BF. The JDK replaces ED b2 b3 (b3 a continuation byte) or ED b2 (otherwise,
    or at the end) by one U+FFFD; Python replaces each byte. ED is never a continuation byte, so
    the input can be cut around those sequences and the rest left to Python.
    """
    parts, start, i, n = [], 0, 0, len(data)
    while i < n:
        if data[i] == 0xED and i + 1 < n and 0xA0 <= data[i + 1] <= 0xBF:
            parts.append(data[start:i].decode("utf-8", errors="replace"))
            parts.append("\ufffd")
            i += 3 if i + 2 < n and data[i + 2] & 0xC0 == 0x80 else 2
            start = i
        else:
            i += 1
    parts.append(data[start:].decode("utf-8", errors="replace"))
    return "".join(parts)


def read_message(message, buf, version):
    return read_struct(message, message.root, buf, version)


def read_struct(message, s, buf, v):
    # Can't read a version outside the parent versions that the struct's own versions cross.
    if not member(s.parent, s.versions, v):
        raise JavaError("org.apache.kafka.common.errors.UnsupportedVersionException",
                        f"Can't read version {v} of {s.name}")
    cur = s.cur
    value = StructValue()
    for f in s.fields:
        if member(f.mandatory, cur, v):
            value[f.name] = read_field(message, f, buf, v, f.mandatory.intersect(cur), tagged=False)
        else:
            value[f.name] = f.default_value()
    if member(message.flexible, cur, v):
        cur_flexible = message.flexible.intersect(cur)
        by_tag = {f.tag: f for f in s.fields if not f.versions.intersect(f.tagged).empty}
        for _ in range(max(0, buf.unsigned_varint())):
            tag = buf.unsigned_varint()
            size = buf.unsigned_varint()
            f = by_tag.get(tag)
            if f is None:
                value.unknown_tags.append((tag, buf.array(size)))
                continue
            valid = f.versions.intersect(f.tagged)
            if not member(valid, cur_flexible, v):
                raise runtime(f"Tag {tag} is not valid for version {v}")
            value[f.name] = read_field(message, f, buf, v, valid.intersect(cur_flexible), tagged=True)
    return value


def read_field(message, f, buf, v, possible, tagged):
    if f.struct is not None and not f.is_array:
        if member(f.nullable, possible, v):
            marker = buf.unsigned_varint() if tagged else buf.byte()
            if marker <= 0 if tagged else marker < 0:
                return None
        return read_struct(message, f.struct, buf, v)
    if f.is_array or f.element in ("string", "bytes"):
        return read_variable(message, f, f.element, f.json_name, buf, v, possible, f.nullable,
                             tagged or member(f.flexible, possible, v), f.zero_copy)
    return read_primitive(f.element, buf)


def read_primitive(t, buf):
    if t == "bool":
        return buf.byte() != 0
    if t == "uuid":
        return struct.pack(">qq", buf.fixed("int64"), buf.fixed("int64"))
    return buf.fixed(t)


def read_variable(message, f, t, name, buf, v, possible, nullable, flexible, zero_copy, element=False):
    is_array = f.is_array and not element
    if flexible:
        length = i32(buf.unsigned_varint() - 1)
    elif t == "string" and not is_array:
        length = buf.short()
    else:
        length = buf.fixed("int32")
    if length < 0:
        if not member(nullable, possible, v):
            raise runtime(f"non-nullable field {name} was serialized as null")
        return None
    if t == "string" and not is_array:
        if length > 0x7FFF:
            raise runtime(f"string field {name} had invalid length {length}")
        return java_utf8(buf.array(length))
    if t == "bytes" and not is_array:
        return buf.byte_buffer(length) if zero_copy else buf.array(length)
    if length > buf.remaining:
        raise runtime(f"Tried to allocate a collection of size {length}, but there are only "
                      f"{buf.remaining} bytes remaining.")
    items = []
    for _ in range(length):
        if f.struct is not None:
            items.append(read_struct(message, f.struct, buf, v))
        elif t in ("string", "bytes"):
            items.append(read_variable(message, f, t, name + " element", buf, v, possible, NONE, flexible,
                                       False, element=True))
        else:
            items.append(read_primitive(t, buf))
    return items


# --------------------------------------------------------------------------------------------
# JSON (generated <Message>JsonConverter.write, then Jackson's compact toString())


def to_json(message, s, value, v):
    if not member(s.versions, s.parent, v):
        raise JavaError("org.apache.kafka.common.errors.UnsupportedVersionException",
                        f"Can't write version {v} of {s.name}")
    cur = s.cur
    out = {}
    for f in s.fields:
        if not member(f.versions, cur, v):
            continue
        present = f.versions.intersect(cur)
        x = value[f.name]
        if member(f.tagged, present, v) and x == f.default_value():
            continue
        out[f.json_name] = field_json(message, f, x, v)
    return out


def field_json(message, f, x, v):
    if x is None:
        return None
    if f.is_array:
        return [element_json(message, f, e, v) for e in x]
    return element_json(message, f, x, v)


def element_json(message, f, x, v):
    if f.struct is not None:
        return to_json(message, f.struct, x, v)
    if f.element == "uuid":
        return base64.urlsafe_b64encode(x).decode().rstrip("=")  # Uuid.toString()
    if f.element == "bytes":
        return base64.b64encode(x).decode()  # Jackson's BinaryNode: MIME, no line feeds
    return x


def jackson(obj):
    """Jackson's compact JsonNode.toString(): like json.dumps, but non-ASCII stays as is and the
    hex digits of \\u00XX escapes are upper case."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return re.sub(r'(?<!\\)((?:\\\\)*)\\u00([0-9a-f]{2})', lambda m: m.group(1) + "\\u00" + m.group(2).upper(), text)


# --------------------------------------------------------------------------------------------
# Writing (generated write(); used to build the fixtures)


class Writer:
    def __init__(self):
        self.out = bytearray()

    def fixed(self, fmt, v):
        self.out += struct.pack(fmt, v)

    def unsigned_varint(self, v):
        v &= 0xFFFFFFFF
        while v >= 0x80:
            self.out.append((v & 0x7F) | 0x80)
            v >>= 7
        self.out.append(v)


def write_message(message, value, version):
    w = Writer()
    write_struct(message, message.root, value, version, w)
    return bytes(w.out)


def write_struct(message, s, value, v, w):
    assert member(s.versions, s.parent, v), f"can't write version {v} of {s.name}"
    cur = s.cur
    tagged = []
    for f in s.fields:
        x = value.get(f.name, f.default_value())
        if not member(f.versions, cur, v):
            continue
        present = f.versions.intersect(cur)
        if member(f.tagged, present, v):
            if x != f.default_value():
                tagged.append((f.tag, f, x))
        else:
            write_field(message, f, x, v, w, present, tagged=False)
    unknown = list(getattr(value, "unknown_tags", [])) + list(value.get("_unknown_tags", []))
    if member(message.flexible, cur, v):
        entries = []
        for tag, f, x in tagged:
            inner = Writer()
            write_field(message, f, x, v, inner, f.versions.intersect(cur), tagged=True)
            entries.append((tag, bytes(inner.out)))
        entries += [(tag, bytes(data)) for tag, data in unknown]
        entries.sort(key=lambda e: e[0])
        w.unsigned_varint(len(entries))
        for tag, data in entries:
            w.unsigned_varint(tag)
            w.unsigned_varint(len(data))
            w.out += data
    else:
        assert not tagged and not unknown, "tagged fields in a non-flexible version"


def write_field(message, f, x, v, w, possible, tagged):
    flexible = tagged or member(f.flexible, possible, v)
    if f.struct is not None and not f.is_array:
        if member(f.nullable, possible, v):
            if x is None:
                if tagged:
                    w.unsigned_varint(0)
                else:
                    w.fixed(">b", -1)
                return
            if tagged:
                w.unsigned_varint(1)
            else:
                w.fixed(">b", 1)
        write_struct(message, f.struct, x, v, w)
        return
    if f.is_array:
        if x is None:
            write_length(w, -1, flexible, "array")
            return
        write_length(w, len(x), flexible, "array")
        for e in x:
            if f.struct is not None:
                write_struct(message, f.struct, e, v, w)
            else:
                write_scalar(f.element, e, w, flexible)
        return
    write_scalar(f.element, x, w, flexible)


def write_length(w, n, flexible, kind):
    if flexible:
        w.unsigned_varint(n + 1)
    elif kind == "string":
        w.fixed(">h", n)
    else:
        w.fixed(">i", n)


def write_scalar(t, x, w, flexible):
    if t == "string":
        if x is None:
            write_length(w, -1, flexible, "string")
        else:
            data = x.encode("utf-8") if isinstance(x, str) else bytes(x)
            write_length(w, len(data), flexible, "string")
            w.out += data
    elif t == "bytes":
        if x is None:
            write_length(w, -1, flexible, "bytes")
        else:
            write_length(w, len(x), flexible, "bytes")
            w.out += bytes(x)
    elif t == "uuid":
        assert len(x) == 16
        w.out += bytes(x)
    else:
        w.fixed(">?" if t == "bool" else FIXED[t], x)
