"""Writes an rpm SQLite database whose `Packages` table holds one real header (copied from another
database) between headers with lying lengths.

Usage: make-hostile-sqlite.py SOURCE_DB OUTPUT_DB
"""
import sqlite3
import struct
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?immutable=1", uri=True)
good = source.execute("SELECT blob FROM Packages ORDER BY hnum LIMIT 1").fetchone()[0]
index_count, data_length = struct.unpack(">II", good[:8])
hostile = [
    # Index count and data length claim far more bytes than the blob has.
    struct.pack(">II", 1000, 10_000_000) + good[8:64],
    # Index count beyond rpm's limit.
    struct.pack(">II", 0x7FFFFFFF, 16) + bytes(32),
    # Truthful lengths, but the first index entry points its string past the data store.
    good[:8] + good[8:16] + struct.pack(">I", data_length + 4096) + good[20:],
    # Negative data length.
    struct.pack(">Ii", index_count, -5) + good[8:],
    # Too short for the preamble.
    b"\x00\x00",
]
output = sqlite3.connect(sys.argv[2])
output.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
for blob in hostile[:2] + [good] + hostile[2:]:
    output.execute("INSERT INTO Packages (blob) VALUES (?)", (blob,))
output.commit()
