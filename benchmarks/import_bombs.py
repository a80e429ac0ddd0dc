#!/usr/bin/env python
"""Spreadsheet and CSV bombs against the member import: time and memory of the parse step.

Builds each hostile file in a temporary directory, then parses it in a fresh subprocess with
``cms.members.importer.parse_member_file`` (reading, header search, row parsing: everything the
import does before it asks the database), and reports for each file its size, the outcome (the
refusal message, or how many rows were read), the time taken and the peak RSS growth of that
step above the process as it was just before (Linux VmHWM, reset before the step).

Files (the first five are the ones issue 8 reported):
- a 2 KB .xlsx declaring ``<dimension ref="A1:XFD8000"/>``, with a cell at XFD8000 (before: +600 MB);
- the same up to XFD1048576 (before: ~137 GB), and one that only declares it;
- 2,000,000 shared strings in a file at the size limit (before, 9 MB of them: 2.45 GB);
- a 20 MB CSV (before: parsed whole, 7 s, before the row cap refused it);
- a zip bomb: a 1 GB sheet deflated to 1 MB;
and others found while fixing those: shared strings without a declared count, a stylesheet of
200,000 cell formats, merged cells after the rows, a row of 16,384 cells, a zip of 45,000
parts, a CSV of one 5 MB line, a CSV at the size limit with 40,000 rows, shared strings just
under their bounds, 150,000 empty rows, a CSV of 5 MB of line ends; then a real list of 20,000
members for comparison: as CSV, as openpyxl writes it, as Excel writes it, and with 20 columns.

Usage:  .venv/bin/python benchmarks/import_bombs.py [--only NAME] [--keep DIR]
Needs no database and no network.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
SIZE_LIMIT = 5 * MB  # settings.MEMBER_IMPORT_MAX_BYTES's default
HEADER = [
    "STT",
    "Họ và tên",
    "Số điện thoại",
    "Ngày sinh",
    "Giới tính",
    "Số thẻ đoàn viên",
    "Mã công đoàn cơ sở",
    "Ngày vào công đoàn",
    "Chức danh/Công việc",
]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


# --- Building .xlsx packages by hand (openpyxl would not write what an attacker writes) ----------


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{column_letter(i)}{number}" t="inlineStr"><is><t>{_esc(v)}</t></is></c>'
        for i, v in enumerate(values, start=1)
        if v
    )
    return f'<row r="{number}">{cells}</row>'


def member_values(n: int) -> list[str]:
    return [
        str(n),
        f"Nguyễn Văn Thành Viên {n}",
        f"09{n:08d}",
        "15/03/1990",
        "Nam" if n % 2 else "Nữ",
        f"NA-{n:06d}",
        "cdcs-luxshare",
        "01/06/2015",
        "Công nhân may",
    ]


def sheet_xml(rows: str, *, dimension: str | None = None, after: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
        f'xmlns:r="{REL_NS}">{dim}<sheetData>{rows}</sheetData>{after}</worksheet>'
    )


def write_xlsx(
    path: Path | io.BytesIO,
    sheet: str | bytes | None = None,
    *,
    shared_strings: str | bytes | None = None,
    styles: str | bytes | None = None,
    sheet_chunks=None,
) -> None:
    """A minimal valid package; ``sheet_chunks`` (an iterable of bytes) streams a huge sheet."""
    types = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    ]
    rels = [f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared_strings is not None:
        types.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels.append(f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles is not None:
        types.append(
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        )
        rels.append(f'<Relationship Id="rId3" Type="{REL_NS}/styles" Target="styles.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(types) + "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        package.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheets><sheet name="Doan vien" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            + "".join(rels)
            + "</Relationships>",
        )
        if sheet_chunks is not None:
            with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                for chunk in sheet_chunks:
                    out.write(chunk)
        else:
            package.writestr("xl/worksheets/sheet1.xml", sheet or sheet_xml(""))
        if shared_strings is not None:
            package.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            package.writestr("xl/styles.xml", styles)


def header_and_one_member() -> str:
    return inline_row(1, HEADER) + inline_row(2, member_values(1))


# --- The files ----------------------------------------------------------------------------------


def _far_cell(number: int) -> str:
    return f'<row r="{number}"><c r="XFD{number}" t="inlineStr"><is><t>x</t></is></c></row>'


def dimension_bomb(path: Path) -> None:
    # The declared size, and a cell at its far corner: openpyxl filled every row up to it with
    # 16,384 cells.
    write_xlsx(path, sheet_xml(header_and_one_member() + _far_cell(8000), dimension="A1:XFD8000"))


def dimension_bomb_last_row(path: Path) -> None:
    write_xlsx(path, sheet_xml(header_and_one_member() + _far_cell(1048576), dimension="A1:XFD1048576"))


def dimension_declared_only(path: Path) -> None:
    write_xlsx(path, sheet_xml(header_and_one_member(), dimension="A1:XFD1048576"))


def _shared_strings(count: int, *, declared: bool) -> bytes:
    # Distinct short texts (base 36), the way the attack is built: as many as fit in the size limit.
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def text(n: int) -> str:
        out = ""
        while True:
            n, rest = divmod(n, 36)
            out = digits[rest] + out
            if not n:
                return out

    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}"'
    head += f' count="{count}" uniqueCount="{count}">' if declared else ">"
    return (head + "".join(f"<si><t>{text(n)}</t></si>" for n in range(count)) + "</sst>").encode()


def shared_strings_2m(path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    write_xlsx(path, sheet_xml(rows), shared_strings=_shared_strings(2_000_000, declared=True))


def shared_strings_undeclared(path: Path) -> None:
    # Within the XML bound, count left out: only counting while reading catches it.
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    write_xlsx(path, sheet_xml(rows), shared_strings=_shared_strings(600_000, declared=False))


def styles_bomb(path: Path) -> None:
    # 200,000 empty cell formats: 6 KB zipped; openpyxl alone took 9 s and 120 MB to load it.
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
        f'<cellXfs count="200000">{"<xf/>" * 200_000}</cellXfs></styleSheet>'
    )
    write_xlsx(path, sheet_xml(header_and_one_member()), styles=styles)


def merged_cells_after_rows(path: Path) -> None:
    # 600,000 merged ranges after the rows (15 MB of XML, under the sheet's bound, a ratio of ~15):
    # openpyxl's own loop parses them into objects once the rows are read.
    merges = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(3, 600_003))
    after = f'<mergeCells count="600000">{merges}</mergeCells>'
    write_xlsx(path, sheet_xml(header_and_one_member(), after=after))


def wide_row(path: Path) -> None:
    cells = "".join(f'<c r="{column_letter(i)}3"><v>1</v></c>' for i in range(1, 16_385))
    write_xlsx(path, sheet_xml(header_and_one_member() + f'<row r="3">{cells}</row>'))


def zip_bomb(path: Path) -> None:
    head = sheet_xml("").split("<sheetData>")[0].encode() + b"<sheetData>"
    blank = b" " * MB

    def chunks():
        yield head
        for _ in range(1024):
            yield blank
        yield b"</sheetData></worksheet>"

    write_xlsx(path, sheet_chunks=chunks())


def many_entries(path: Path) -> None:
    plain = io.BytesIO()
    write_xlsx(plain, sheet_xml(header_and_one_member()))
    with zipfile.ZipFile(plain) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
        # ~100 bytes an entry (local header and central directory): about 50,000 of them.
        for n in range((SIZE_LIMIT - 100_000) // 100):
            package.writestr(f"x/{n:x}", b"")
    path.write_bytes(buffer.getvalue())


def csv_20mb(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        n = 0
        while out.tell() < 20 * MB:
            n += 1
            out.write(",".join(member_values(n)) + "\r\n")


def csv_at_limit(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        n = 0
        while out.tell() < SIZE_LIMIT - 500:
            n += 1
            out.write(f"{n},Nguyễn Văn {n},09{n:08d},,,,cdcs-luxshare,,\r\n")


def csv_one_line(path: Path) -> None:
    path.write_bytes((",".join(HEADER) + "\r\n").encode() + b"1,An," + b"a," * (SIZE_LIMIT // 2 - 100))


def shared_strings_at_bounds(path: Path) -> None:
    # Just under every bound on shared strings: 199,000 texts of 45 characters (12.5 MB of XML).
    strings = "".join(f"<si><t>{n:045d}</t></si>" for n in range(199_000))
    table = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">{strings}</sst>'
    rows = inline_row(1, HEADER) + "".join(
        f'<row r="{n}"><c r="B{n}" t="s"><v>{n}</v></c><c r="C{n}" t="s"><v>{n + 1}</v></c></row>'
        for n in range(2, 9_000)
    )
    write_xlsx(path, sheet_xml(rows), shared_strings=table)


def empty_rows(path: Path) -> None:
    # Numbered, so that they compress like real rows (a ratio of ~10, not 600).
    rows = "".join(f'<row r="{n}"/>' for n in range(3, 150_003))
    write_xlsx(path, sheet_xml(header_and_one_member() + rows))


def csv_empty_lines(path: Path) -> None:
    path.write_bytes((",".join(HEADER) + "\r\n").encode() + b"\n" * (SIZE_LIMIT - 200))


def excel_like(path: Path, columns: int = 9) -> None:
    """20,000 members the way Excel writes them: texts in the shared strings, dates as numbers in a
    date format; ``columns`` above 9 adds text columns (a wide list)."""
    texts: dict[str, int] = {}

    def text(value: str) -> str:
        return str(texts.setdefault(value, len(texts)))

    header = HEADER + [f"Ghi chú {n}" for n in range(columns - 9)]
    lines = []
    for number in range(1, 20_002):
        if number == 1:
            cells = [(i, "s", text(v)) for i, v in enumerate(header, start=1)]
        else:
            values = member_values(number - 1)
            cells = [(1, "n", str(number - 1))]
            cells += [(i, "s", text(values[i - 1])) for i in (2, 3, 5, 6, 7, 9)]
            cells += [(4, "d", "32947"), (8, "d", "42156")]  # 15/03/1990, 01/06/2015
            # Three more columns different on every row (ID card, address, e-mail), the others repeating.
            cells += [
                (i, "s", text(f"ghi chú {number} {i}" if i < 13 else f"loại {number % 7} {i}"))
                for i in range(10, columns + 1)
            ]
        attributes = {"d": ' s="1"', "s": ' t="s"', "n": ""}
        xml = "".join(
            f'<c r="{column_letter(i)}{number}"{attributes[kind]}><v>{v}</v></c>'
            for i, kind, v in sorted(cells)
        )
        lines.append(f'<row r="{number}" spans="1:{columns}">{xml}</row>')
    strings = "".join(f"<si><t>{_esc(value)}</t></si>" for value in texts)
    table = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" uniqueCount="{len(texts)}">{strings}</sst>'
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}"><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    dimension = f"A1:{column_letter(columns)}20001"
    write_xlsx(path, sheet_xml("".join(lines), dimension=dimension), shared_strings=table, styles=styles)


def excel_like_wide(path: Path) -> None:
    excel_like(path, columns=20)


def legit_xlsx(path: Path) -> None:
    rows = inline_row(1, HEADER) + "".join(inline_row(n + 1, member_values(n)) for n in range(1, 20_001))
    write_xlsx(path, sheet_xml(rows, dimension="A1:I20001"))


def legit_csv(path: Path) -> None:
    lines = [",".join(HEADER)] + [",".join(member_values(n)) for n in range(1, 20_001)]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())


FILES = {
    "dimension-bomb.xlsx": dimension_bomb,
    "dimension-bomb-row-1048576.xlsx": dimension_bomb_last_row,
    "dimension-declared-only.xlsx": dimension_declared_only,
    "shared-strings-2m.xlsx": shared_strings_2m,
    "csv-20mb.csv": csv_20mb,
    "zip-bomb-1gb.xlsx": zip_bomb,
    "shared-strings-undeclared.xlsx": shared_strings_undeclared,
    "styles-200k-formats.xlsx": styles_bomb,
    "merged-cells-after-rows.xlsx": merged_cells_after_rows,
    "row-of-16384-cells.xlsx": wide_row,
    "zip-of-45000-parts.xlsx": many_entries,
    "csv-one-5mb-line.csv": csv_one_line,
    "csv-40k-rows-at-limit.csv": csv_at_limit,
    "shared-strings-at-bounds.xlsx": shared_strings_at_bounds,
    "xlsx-150k-empty-rows.xlsx": empty_rows,
    "csv-5mb-of-newlines.csv": csv_empty_lines,
    "legit-20000-members.csv": legit_csv,
    "legit-20000-members-openpyxl.xlsx": legit_xlsx,
    "legit-20000-members-excel.xlsx": excel_like,
    "legit-20000-members-20-columns.xlsx": excel_like_wide,
}


# --- Measuring, in a child process per file --------------------------------------------------------


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(path: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.utils import translation

    from cms.members.import_files import ImportFileError
    from cms.members.importer import parse_member_file

    translation.activate("en")
    # Warm up: imports and first-use caches are the idle process, not the parse.
    for warm in (b"Ho ten,SDT\r\nAn,0912345678\r\n",):
        parse_member_file(warm, "warm.csv", organisation_chosen=True)
    warm_xlsx = io.BytesIO()
    write_xlsx(warm_xlsx, sheet_xml(header_and_one_member()))
    parse_member_file(warm_xlsx.getvalue(), "warm.xlsx", organisation_chosen=True)

    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass
    idle = _rss_kb()
    started = time.perf_counter()
    with path.open("rb") as file:
        try:
            rows = parse_member_file(file, path.name, organisation_chosen=True)
            outcome = f"read: {len(rows)} member rows"
        except ImportFileError as error:
            outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rss_growth_mb": max(0, _peak_rss_kb() - idle) / 1024,
        "idle_rss_mb": idle / 1024,
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="build and measure only the files whose name contains this")
    parser.add_argument("--keep", help="build the files in this directory and keep them")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # child mode: one file
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return

    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="import-bombs-"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"{'file':34} {'size':>10} {'build s':>8} {'parse s':>8} {'peak RSS +MB':>13}  outcome")
    try:
        for name, build in FILES.items():
            if args.only and args.only not in name:
                continue
            path = directory / name
            started = time.perf_counter()
            build(path)
            built = time.perf_counter() - started
            child = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if child.returncode:
                print(f"{name:34} failed:\n{child.stderr[-2000:]}")
                continue
            result = json.loads(child.stdout.strip().splitlines()[-1])
            size = path.stat().st_size
            size_text = f"{size / MB:.2f} MB" if size >= MB / 10 else f"{size / 1024:.1f} KB"
            outcome = result["outcome"]
            print(
                f"{name:34} {size_text:>10} {built:8.2f} {result['seconds']:8.3f} "
                f"{result['rss_growth_mb']:13.1f}  {outcome[:150]}{'…' if len(outcome) > 150 else ''}",
                flush=True,
            )
            if not args.keep:
                path.unlink()
    finally:
        if not args.keep:
            for leftover in directory.iterdir():
                leftover.unlink()
            directory.rmdir()


if __name__ == "__main__":
    main()
