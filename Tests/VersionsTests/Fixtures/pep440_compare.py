"""Prints `packaging.version`'s verdict for each "hexA,hexB" line of the file named on the command line.

With packaging >= 22 invalid strings are refused ("x"); with packaging 21.3 `parse` falls back to
LegacyVersion, whose order is printed, and validity means "is a PEP 440 Version".
"""
import sys

import packaging
from packaging import version

legacy = hasattr(version, "LegacyVersion")
for line in open(sys.argv[1], encoding="utf-8"):
    a, b = (bytes.fromhex(h).decode("utf-8") for h in line.strip("\n").split(","))
    if legacy:
        x, y = version.parse(a), version.parse(b)
        va, vb = isinstance(x, version.Version), isinstance(y, version.Version)
        print(f"{(x > y) - (x < y)} {int(va)} {int(vb)}")
        continue
    try:
        x = version.Version(a)
    except version.InvalidVersion:
        x = None
    try:
        y = version.Version(b)
    except version.InvalidVersion:
        y = None
    if x is None or y is None:
        print(f"x {int(x is not None)} {int(y is not None)}")
    else:
        print(f"{(x > y) - (x < y)} 1 1")
