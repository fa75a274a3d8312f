"""Turns `rpmdb --exportdb` output into `db5.3_load` input for an rpm Berkeley DB hash `Packages` file.

Usage: rpm-export-to-db-dump.py EXPORT DUMP
Each exported header is the 8-byte header magic, then the blob rpm stores (index count, data length, index,
data); the database keys are header numbers as native (little-endian) 32-bit integers, and key 0 holds the
largest header number, as rpm writes it.
"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
magic = b"\x8e\xad\xe8\x01\x00\x00\x00\x00"
blobs = []
position = 0
while position < len(data):
    if data[position:position + 8] != magic:
        sys.exit(f"no header magic at offset {position}")
    index_count, data_length = struct.unpack(">II", data[position + 8:position + 16])
    size = 8 + 16 * index_count + data_length
    blobs.append(data[position + 8:position + 8 + size])
    position += 8 + size
lines = ["VERSION=3", "format=bytevalue", "type=hash", "db_pagesize=4096", "HEADER=END"]
lines += [" " + struct.pack("<I", 0).hex(), " " + struct.pack("<I", len(blobs)).hex()]
for number, blob in enumerate(blobs, 1):
    lines += [" " + struct.pack("<I", number).hex(), " " + blob.hex()]
lines.append("DATA=END")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
