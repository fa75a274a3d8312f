"""Prints `name<TAB>version` for each requirement in a requirements file that pins one exact version, using
`packaging` (the reference implementation of PEP 508/440), so the cataloger's line parser can be checked against it.

Usage: pinned-requirements.py FILE
"""
import sys

from packaging.requirements import InvalidRequirement, Requirement

text = open(sys.argv[1]).read().replace("\\\n", " ")
for line in text.splitlines():
    line = line.split(" #", 1)[0].strip()
    if not line or line.startswith("#") or line.startswith("-"):
        continue
    # pip's per-requirement options (--hash …) follow the requirement after whitespace.
    requirement_text = line.split(" --", 1)[0]
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement:
        continue
    specifiers = list(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator in ("==", "===") and "*" not in specifiers[0].version:
        print(f"{requirement.name}\t{specifiers[0].version}")
