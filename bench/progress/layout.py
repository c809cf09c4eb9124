"""The progress layout of Streaming.Core/Progress (ProgressLayout, ProgressShard, HashSlot), for the benchmarks.

The C# classes are the source: this mirrors them so the benchmark writes the keys the API writes. The unit test
ProgressLayoutTests.A_user_always_maps_to_the_same_shard pins the same values this module prints with `check`.
"""
import sys, uuid

SLOTS = 16384

def crc16(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc

def slot(key: str) -> int:
    k = key.encode()
    start = k.find(b"{")
    if start >= 0:
        end = k.find(b"}", start + 1)
        if end > start + 1:
            k = k[start + 1:end]
    return crc16(k) % SLOTS

def tag_for(index: int, shards: int) -> str:
    low, high = index * SLOTS // shards, (index + 1) * SLOTS // shards
    k = 0
    while True:
        tag = f"s{index}.{k}"
        if low <= slot(tag) < high:
            return tag
        k += 1

def stable_hash(user: uuid.UUID) -> int:
    h = 2166136261
    for b in user.bytes:  # RFC 4122 byte order, as Guid.TryWriteBytes(bigEndian: true)
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h

class Layout:
    def __init__(self, shards: int = 16):
        self.tags = [tag_for(i, shards) for i in range(shards)]

    def tag(self, user: uuid.UUID) -> str:
        return self.tags[stable_hash(user) % len(self.tags)]

    def stream(self, tag): return f"progress:{{{tag}}}:buffer"
    def due(self, tag): return f"progress:{{{tag}}}:due"
    def prefix(self, tag): return f"progress:{{{tag}}}:"

    def write_keys(self, u: uuid.UUID, m: uuid.UUID):
        """The KEYS of ProgressWrite.lua, in ProgressWriter's order."""
        t = self.tag(u)
        return [f"progress:{{{t}}}:{u.hex}:{m.hex}", self.stream(t), f"progress:{{{t}}}:session:{u.hex}:{m.hex}", f"progress:{{{t}}}:user-rate:{u.hex}:progress", self.due(t)]

    def streams(self):
        return [self.stream(t) for t in self.tags]

if __name__ == "__main__" and sys.argv[1:] == ["check"]:
    user = uuid.UUID("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01")
    print(slot("123456789"), stable_hash(user), Layout(16).tag(user), Layout(16).tags)
