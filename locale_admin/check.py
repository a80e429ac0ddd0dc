"""How much of Wagtail's admin the project's locale_admin catalogue translates.

For every English catalogue shipped with the installed Wagtail
(wagtail/**/locale/en/LC_MESSAGES/{django,djangojs}.po, whose msgids are the
complete list of the app's strings), count how many msgids have a non-empty,
non-fuzzy Vietnamese translation in locale_admin/vi/LC_MESSAGES/ (same domain),
and, for comparison, in Wagtail's own vi catalogue. After a Wagtail upgrade the
"missing" column says what to translate; ``--missing`` lists the msgids.

    .venv/bin/python locale_admin/check.py                      # table, all apps
    .venv/bin/python locale_admin/check.py --app wagtail.admin --missing
    .venv/bin/python locale_admin/check.py --app wagtail.admin --strict   # exit 1 if incomplete

Standard library only; it reads files and needs neither Django settings nor a database.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOMAINS = ("django", "djangojs")
# Python named/positional and JavaScript-style placeholders, and HTML tags.
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z_]+\}|<[^>]+>")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(s.strip() for s in self.msgstr) and "fuzzy" not in self.flags


def parse_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The entries of a .po file by (msgctxt, msgid), header and obsolete (#~) entries left out."""
    entries: dict[tuple[str | None, str], Entry] = {}
    fields: dict[str, str] = {}
    flags: set[str] = set()
    last: str | None = None

    def flush() -> None:
        nonlocal fields, flags, last
        if "msgid" in fields and fields["msgid"]:
            msgstr = [fields[k] for k in sorted(k for k in fields if k.startswith("msgstr"))]
            entry = Entry(fields["msgid"], fields.get("msgctxt"), fields.get("msgid_plural"), msgstr, flags)
            entries[entry.key] = entry
        fields, flags, last = {}, set(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                flush()
            continue
        if line.startswith("#"):
            if "msgid" in fields:  # a comment starts the next entry
                flush()
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith('"'):
            if last is not None:
                fields[last] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgid" in fields:
            flush()
        last = keyword
        fields[keyword] = ast.literal_eval(value.strip())
    flush()
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholder_problem(entry: Entry) -> bool:
    """True when a translation drops, adds or alters a placeholder or an HTML tag of its msgid."""
    if not entry.translated:
        return False
    if entry.msgid_plural is None:
        return placeholders(entry.msgid) != placeholders(entry.msgstr[0])
    allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
    return any(not set(placeholders(s)) <= allowed for s in entry.msgstr)


def wagtail_dir() -> Path:
    spec = importlib.util.find_spec("wagtail")
    if spec is None or spec.origin is None:
        sys.exit("wagtail is not importable: run this with the project's .venv/bin/python")
    return Path(spec.origin).parent


def app_catalogues(app_filter: list[str] | None = None) -> list[tuple[str, str, Path]]:
    """(app, domain, English .po) for the installed Wagtail, app being e.g. "wagtail.admin"."""
    root = wagtail_dir()
    found = []
    for po in sorted(root.glob("**/locale/en/LC_MESSAGES/*.po")):
        if po.stem not in DOMAINS:
            continue
        app_dir = po.parents[3]  # .../<app>/locale/en/LC_MESSAGES/x.po
        app = ".".join(app_dir.relative_to(root.parent).parts)
        if app_filter and app not in app_filter:
            continue
        found.append((app, po.stem, po))
    return found


def project_catalogue(domain: str) -> dict[tuple[str | None, str], Entry]:
    path = HERE / "vi" / "LC_MESSAGES" / f"{domain}.po"
    return parse_po(path) if path.exists() else {}


@dataclass
class Coverage:
    app: str
    domain: str
    total: int
    ours: int
    upstream: int
    either: int
    missing: list[str]
    problems: list[str]


def coverage(app_filter: list[str] | None = None) -> list[Coverage]:
    ours_by_domain = {domain: project_catalogue(domain) for domain in DOMAINS}
    rows = []
    for app, domain, en_path in app_catalogues(app_filter):
        english = parse_po(en_path)
        vi_path = en_path.parents[2] / "vi" / "LC_MESSAGES" / en_path.name
        upstream = parse_po(vi_path) if vi_path.exists() else {}
        ours = ours_by_domain[domain]
        ours_ok = {k for k in english if k in ours and ours[k].translated}
        upstream_ok = {k for k in english if k in upstream and upstream[k].translated}
        rows.append(
            Coverage(
                app=app,
                domain=domain,
                total=len(english),
                ours=len(ours_ok),
                upstream=len(upstream_ok),
                either=len(ours_ok | upstream_ok),
                missing=[english[k].msgid for k in english if k not in ours_ok],
                problems=[ours[k].msgid for k in ours_ok if placeholder_problem(ours[k])],
            )
        )
    return rows


def not_from_wagtail() -> dict[str, list[str]]:
    """Entries of locale_admin that no installed Wagtail catalogue has (Django's strings, or removed upstream)."""
    known: dict[str, set[tuple[str | None, str]]] = {d: set() for d in DOMAINS}
    for _app, domain, en_path in app_catalogues():
        known[domain] |= set(parse_po(en_path))
    return {d: [e.msgid for k, e in project_catalogue(d).items() if k not in known[d]] for d in DOMAINS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", action="append", help="only this app, e.g. wagtail.admin (repeatable)")
    parser.add_argument("--missing", action="store_true", help="list the msgids locale_admin lacks")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a listed msgid is missing or broken")
    args = parser.parse_args(argv)

    rows = coverage(args.app)
    if not rows:
        print("No English catalogue found for", args.app)
        return 1
    width = max(len(f"{r.app} {r.domain}") for r in rows)
    print(f"Wagtail in {wagtail_dir()}")
    print(f"{'app / domain':<{width}}  msgids  locale_admin  missing  upstream vi  either")
    for r in rows:
        name = f"{r.app} {r.domain}"
        pct = 100 * r.ours / r.total if r.total else 100
        print(
            f"{name:<{width}}  {r.total:6}  {r.ours:6} {pct:5.1f}%  {len(r.missing):7}  {r.upstream:11}  {r.either:6}"
        )
    total, ours = sum(r.total for r in rows), sum(r.ours for r in rows)
    print(
        f"{'total':<{width}}  {total:6}  {ours:6} {100 * ours / total if total else 100:5.1f}%  {total - ours:7}"
    )

    for r in rows:
        for msgid in r.problems:
            print(f"PLACEHOLDERS DIFFER ({r.app} {r.domain}): {msgid!r}")
        if args.missing and r.missing:
            print(f"\nMissing in locale_admin for {r.app} {r.domain} ({len(r.missing)}):")
            for msgid in r.missing:
                print(f"  {msgid!r}")
    if not args.app:
        extra = not_from_wagtail()
        counts = ", ".join(f"{d}.po {len(v)}" for d, v in extra.items())
        print(
            f"\nEntries of locale_admin found in no Wagtail catalogue (Django's, or removed upstream): {counts}"
        )

    if args.strict and any(r.missing or r.problems for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
