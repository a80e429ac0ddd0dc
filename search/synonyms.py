"""The abbreviations members type, and what they stand for: each finds the other.

Folded (search.normalize): "BHXH" and "bảo hiểm xã hội" are ``bhxh`` and ``bao hiem xa hoi``.
The same list configures Meilisearch (search.backends.meilisearch) and expands queries for
the database backend (search.parsing), so both backends agree.
"""

from __future__ import annotations

SYNONYMS: dict[str, str] = {
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "bhtn": "bao hiem that nghiep",
    "cdcs": "cong doan co so",
    "hdld": "hop dong lao dong",
    "ldld": "lien doan lao dong",
    "tuldtt": "thoa uoc lao dong tap the",
    "nld": "nguoi lao dong",
    "nsdld": "nguoi su dung lao dong",
}
