"""The fingerprint of the calculators' rules data, which every record made on the site carries (the calculator's
root element holds it as data-jm-rules; the page puts it in the result's address and QR code).

Computed here, at build time, and not in the calculators: the browser's trimmed standard library has no hashlib,
and needs none. calculators/rules/history.toml lists every fingerprint with its date and change, which is all
the browser needs; a test holds the last entry to the fingerprint of the files as they are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "calculators" / "rules"
# What the calculators decide by. Not words.toml (how answers are worded) and not history.toml itself.
RULE_FILES = ("allowance.toml", "grades.toml", "provisions.toml", "ratio.toml", "selfcheck.toml")


def rules_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in RULE_FILES:
        content = (RULES_DIR / name).read_bytes()
        digest.update(name.encode("ascii") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:8]
