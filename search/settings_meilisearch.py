"""The Meilisearch index's settings, kept in code and applied by ``manage.py search_configure``.

Searchable text comes twice: as stored (accented, what people read and what Meilisearch's
exactness rule compares with the query) and folded by search.normalize (``title_folded``,
``text_folded``), so "cong doan" finds "Công đoàn" whatever Meilisearch's own normalisation
does with ``đ``. Synonyms come from search.synonyms, the list the database backend expands
queries with, each abbreviation and its phrase finding each other in accented and folded form.
"""

from __future__ import annotations

from search.normalize import fold
from search.synonyms import SYNONYMS

SEARCHABLE_ATTRIBUTES = ["title", "summary", "body", "title_folded", "text_folded"]
FILTERABLE_ATTRIBUTES = [
    "kind",
    "topics",
    "audience",
    "organisation_lineage",
    "visible_from",
    "visible_until",
    "date",
]
SORTABLE_ATTRIBUTES = ["date"]
# Meilisearch's default rules, then the newest first among equally relevant hits.
RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness", "date:desc"]
MAX_VALUES_PER_FACET = 100
MAX_TOTAL_HITS = 1000

# How the abbreviations and phrases of search.synonyms are written with their diacritics
# (search.synonyms keeps the folded forms). ``tests/search/test_meilisearch_adapter.py``
# checks that each folds back to its entry, so the two lists cannot drift apart.
ACCENTED: dict[str, tuple[str, ...]] = {
    "bhxh": ("bảo hiểm xã hội",),
    "bhyt": ("bảo hiểm y tế",),
    "bhtn": ("bảo hiểm thất nghiệp",),
    "cdcs": ("cđcs", "công đoàn cơ sở"),
    "hdld": ("hđlđ", "hợp đồng lao động"),
    "ldld": ("lđlđ", "liên đoàn lao động"),
    "tuldtt": ("tưlđtt", "thỏa ước lao động tập thể", "thoả ước lao động tập thể"),
    "nld": ("nlđ", "người lao động"),
    "nsdld": ("nsdlđ", "người sử dụng lao động"),
}


def synonym_groups() -> list[list[str]]:
    """Each abbreviation with its phrase, folded and accented: the words that find each other."""
    groups = []
    for abbreviation, phrase in SYNONYMS.items():
        group = [abbreviation, *ACCENTED.get(abbreviation, ()), phrase]
        groups.append(list(dict.fromkeys(group)))
    return groups


def synonyms() -> dict[str, list[str]]:
    """Meilisearch's ``synonyms`` setting: every word of a group maps to all the others (so each
    direction is explicit: "bhxh" finds "bảo hiểm xã hội" and "bảo hiểm xã hội" finds "bhxh")."""
    mapping: dict[str, list[str]] = {}
    for group in synonym_groups():
        for term in group:
            mapping[term] = [other for other in group if other != term]
    return dict(sorted(mapping.items()))


def index_settings() -> dict:
    return {
        "searchableAttributes": list(SEARCHABLE_ATTRIBUTES),
        "filterableAttributes": list(FILTERABLE_ATTRIBUTES),
        "sortableAttributes": list(SORTABLE_ATTRIBUTES),
        "rankingRules": list(RANKING_RULES),
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnAttributes": [],
        },
        "synonyms": synonyms(),
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET},
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    }


def accented_forms_fold_back() -> list[str]:
    """The accented forms that do not fold to their entry (none, unless the lists drifted)."""
    wrong: list[str] = []
    for abbreviation, forms in ACCENTED.items():
        targets = {abbreviation, SYNONYMS.get(abbreviation)}
        wrong.extend(form for form in forms if fold(form) not in targets)
    return wrong
