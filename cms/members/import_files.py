"""Reading the lists offices upload (CSV or .xlsx: members, contest questions) without trusting them.

Anyone who may import members can upload anything. A 2 KB workbook can declare 16,384 columns by
a million rows, a 9 MB one can hold two million shared strings, a zip entry can inflate a
thousandfold, a CSV can be one 5 MB line. So nothing here reads a file whole or believes what it
says about itself: rows come out one at a time, and every bound below is checked while reading,
before the structure it guards is built. The bounds follow from what a member list is: at most
``MAX_ROWS`` members, at most ``MAX_COLUMNS`` columns worth reading, Excel's own limits per cell.

For .xlsx, openpyxl reads the package (content types, workbook, relationships: small parts whose
size is checked first) and converts cell values (numbers, dates, booleans, shared strings). The
parts that grow with the data (the shared strings, the styles, the sheet) are read here as
streams, because openpyxl builds them whole: every shared string as objects (25 µs each), the
whole stylesheet as objects (a 6 KB file of 200,000 empty ``<xf/>`` took 9 s and 120 MB), every
sheet parsed once just to learn its size when it declares none, and whatever follows the rows
(merged cells, conditional formats) as objects. The declared ``<dimension>`` is never read.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections.abc import Generator, Iterator
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_ROWS = 20_000  # member rows in one file
MAX_SHEET_ROWS = 5 * MAX_ROWS  # rows read, empty ones included (a sheet formatted down to row 65,536 passes)
MAX_COLUMNS = 50  # columns read from each row; any further ones are ignored
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell

# CSV: every line of a row, together. A member's row is a few hundred characters.
MAX_CSV_ROW_CHARS = 64 * 1024
CSV_SNIFF_BYTES = 64 * 1024

# .xlsx: a zip of XML parts. Sizes are those the zip declares: Python's zipfile never inflates an
# entry past its declared size (and fails its CRC check if the data goes on).
MAX_ZIP_DIRECTORY_BYTES = 256 * 1024  # ~5,000 entries; a workbook has tens to a few hundred
MAX_INFLATE_RATIO = 100  # Apache POI's ZipSecureFile refuses the same (a minimum inflate ratio of 0.01)
INFLATE_RATIO_GRACE_BYTES = 1024 * 1024  # small parts may compress as well as they like
# A generous XML budget per member row: Excel writes ~60 bytes per cell, a row of 20 filled cells.
XML_BYTES_PER_ROW = 1280
MAX_SHEET_XML_BYTES = MAX_ROWS * XML_BYTES_PER_ROW  # 25.6 MB
# Every cell of a full list being a different text, in ten text columns.
MAX_SHARED_STRINGS = MAX_ROWS * 10
MAX_SHARED_STRINGS_XML_BYTES = MAX_SHARED_STRINGS * 64  # 12.8 MB
MAX_CELL_FORMATS = 64_000  # Excel's own limit of distinct cell formats in a workbook
MAX_STYLES_XML_BYTES = 4 * 1024 * 1024
MAX_PACKAGE_PART_BYTES = 512 * 1024  # content types, workbook, its relationships: a few KB in practice
MAX_UNCOMPRESSED_BYTES = 2 * (MAX_SHEET_XML_BYTES + MAX_SHARED_STRINGS_XML_BYTES + MAX_STYLES_XML_BYTES)
# XML elements in one row (a cell is 1 to 4: c, v, is, t): 5,000 cells, far wider than any list.
MAX_ELEMENTS_PER_ROW = 20_000
MAX_ELEMENTS_PER_STRING = 1000  # in one shared string: its text and formatted runs

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"  # openpyxl's SHEET_MAIN_NS
_ROW, _CELL, _INLINE_STRING, _TEXT, _RUN = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"
_SHEET_DATA, _STRING_ITEM = f"{_MAIN}sheetData", f"{_MAIN}si"
_NUMBER_FORMATS, _NUMBER_FORMAT = f"{_MAIN}numFmts", f"{_MAIN}numFmt"
_CELL_FORMATS, _CELL_FORMAT = f"{_MAIN}cellXfs", f"{_MAIN}xf"
_ZIP_END = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and other Office 97-2003 files)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who uploaded it."""


Row = tuple[int, list[Any]]  # the row number the office sees in its spreadsheet, and its cells


def max_upload_bytes() -> int:
    return settings.MEMBER_IMPORT_MAX_BYTES


def too_large_message(size: int) -> str:
    return _("The file is %(size)s; files up to %(max)s are accepted. Split the list into smaller files.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(max_upload_bytes()),
    }


def _count(value: int) -> str:
    return count(value)


def count(value: int) -> str:
    """A number as a message shows it (1.234 in Vietnamese, 1,234 in English)."""
    return number_format(value, force_grouping=True)


def read_rows(file: IO[bytes], filename: str = "") -> Generator[Row, None, None]:
    """The rows of the file's first sheet, lazily, as ``(row number, cells)``; empty rows included.

    The size limit and the format are checked before this returns; anything else that is wrong
    raises ``ImportFileError`` while iterating. Closing the iterator stops reading.
    """
    file.seek(0, io.SEEK_END)
    size = file.tell()
    if size > max_upload_bytes():
        raise ImportFileError(too_large_message(size))
    file.seek(0)
    signature = file.read(8)
    file.seek(0)
    if signature[:4] == b"PK\x03\x04":  # .xlsx is a zip archive
        return _xlsx_rows(file, size)
    if signature == _OLE_SIGNATURE or filename.lower().endswith(".xls"):
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.")
        )
    return _csv_rows(file)


# --- CSV ----------------------------------------------------------------------------------------


def _csv_rows(file: IO[bytes]) -> Generator[Row, None, None]:
    head = file.read(CSV_SNIFF_BYTES).decode("utf-8-sig", errors="ignore")
    file.seek(0)
    first_line = next((line for line in head.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # Lazily decoded; newline="" hands csv the line ends it needs for quoted cells spanning lines.
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    number = 0
    fed = 0  # characters handed to csv since its last row: one row's, across all its lines

    def lines() -> Iterator[str]:
        nonlocal fed
        while line := text.readline(MAX_CSV_ROW_CHARS + 1):
            fed += len(line)
            if fed > MAX_CSV_ROW_CHARS:
                raise ImportFileError(
                    _(
                        "Row %(row)s is longer than %(max)s characters, far longer than a row of such a list: "
                        "check that this is the right file."
                    )
                    % {"row": _count(number + 1), "max": _count(MAX_CSV_ROW_CHARS)}
                )
            yield line

    try:
        for number, cells in enumerate(csv.reader(lines(), delimiter=delimiter), start=1):
            fed = 0
            if number > MAX_SHEET_ROWS:
                raise _too_many_sheet_rows()
            yield number, cells[:MAX_COLUMNS]
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not in UTF-8: save it again as “CSV UTF-8”.")) from None
    except csv.Error:
        raise ImportFileError(
            _("Row %(row)s of the CSV file could not be read: check its quotation marks.")
            % {"row": _count(number + 1)}
        ) from None
    finally:
        text.detach()  # the upload stays open: it is its owner's to close


# --- .xlsx --------------------------------------------------------------------------------------


def _unreadable() -> ImportFileError:
    return ImportFileError(_("The Excel file could not be read."))


def _inflates_too_much(size: int) -> ImportFileError:
    return ImportFileError(
        _(
            "The Excel file unpacks to %(size)s, far more than such a list holds: it may be damaged "
            "or made to overload the server. Copy the list into a new workbook, or save it as CSV UTF-8."
        )
        % {"size": filesizeformat(size)}
    )


def _xlsx_rows(file: IO[bytes], size: int) -> Generator[Row, None, None]:
    _check_zip_directory(file, size)
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(file, read_only=True, data_only=True, keep_links=False)
    except Exception:  # zipfile and openpyxl raise many kinds on a damaged file
        raise _unreadable() from None
    archive = reader.archive
    try:
        _check_zip_entries(archive)
        yield from _workbook_rows(reader)
    except ImportFileError:
        raise
    except Exception:
        raise _unreadable() from None
    finally:
        archive.close()


def _check_zip_directory(file: IO[bytes], size: int) -> None:
    """Bound the zip's central directory before zipfile builds an object per entry in it.

    A 5 MB zip can list 100,000 entries (zipfile took 1.4 s and 38 MB to list them).
    """
    tail_size = min(size, 22 + 0xFFFF)  # the end record, after which comes a comment of up to 64 KB
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    file.seek(0)
    at = tail.rfind(_ZIP_END)
    if at < 0 or len(tail) - at < 22:
        raise _unreadable()
    (directory_size,) = struct.unpack_from("<I", tail, at + 12)
    if directory_size == 0xFFFFFFFF:  # Zip64: the size is in the Zip64 end record
        locator = tail.rfind(_ZIP64_LOCATOR, 0, at)
        if locator < 0:
            raise _unreadable()
        (end_offset,) = struct.unpack_from("<Q", tail, locator + 8)
        if end_offset > size - 56:
            raise _unreadable()
        file.seek(end_offset)
        record = file.read(56)
        file.seek(0)
        if record[:4] != _ZIP64_END:
            raise _unreadable()
        (directory_size,) = struct.unpack_from("<Q", record, 40)
    if directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise ImportFileError(
            _(
                "The Excel file is made of far more parts than such a list needs: copy the list into a "
                "new workbook, or save it as CSV UTF-8."
            )
        )


def _check_zip_entries(archive: zipfile.ZipFile) -> None:
    total = 0
    for entry in archive.infolist():
        total += entry.file_size
        if entry.file_size > INFLATE_RATIO_GRACE_BYTES and entry.file_size > MAX_INFLATE_RATIO * max(
            entry.compress_size, 1
        ):
            raise _inflates_too_much(entry.file_size)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _inflates_too_much(total)


def _part_size(archive: zipfile.ZipFile, name: str, limit: int) -> None:
    size = archive.getinfo(name).file_size
    if size > limit:
        raise _inflates_too_much(size)


def _workbook_rows(reader) -> Iterator[Row]:
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS

    archive: zipfile.ZipFile = reader.archive
    names = set(archive.namelist())
    # openpyxl reads the manifest, the workbook part and its relationships whole: small parts.
    _part_size(archive, ARC_CONTENT_TYPES, MAX_PACKAGE_PART_BYTES)
    reader.read_manifest()
    workbook_part = _find_workbook_part(reader.package).PartName[1:]
    _part_size(archive, workbook_part, MAX_PACKAGE_PART_BYTES)
    if get_rels_path(workbook_part) in names:
        _part_size(archive, get_rels_path(workbook_part), MAX_PACKAGE_PART_BYTES)
    reader.read_workbook()

    sheet_path = next(
        (
            relation.target
            for _sheet, relation in reader.parser.find_sheets()
            if relation.Type.endswith("/worksheet") and relation.target in names
        ),
        None,
    )
    if sheet_path is None:
        raise ImportFileError(_("The Excel file has no worksheet."))
    _part_size(archive, sheet_path, MAX_SHEET_XML_BYTES)

    date_formats, timedelta_formats = _date_styles(archive, names)
    strings_part = reader.package.find(SHARED_STRINGS)
    strings = _shared_strings(archive, strings_part.PartName[1:]) if strings_part is not None else []

    with archive.open(sheet_path) as source:
        parser = WorkSheetParser(
            source,
            strings,
            data_only=True,
            epoch=reader.wb.epoch,
            date_formats=date_formats,
            timedelta_formats=timedelta_formats,
        )
        yield from _sheet_rows(parser)


def _sheet_rows(parser) -> Iterator[Row]:
    """The rows of ``sheetData``, one in memory at a time; what follows them is never parsed.

    openpyxl's own loop (``iter_rows``) fills the gaps between rows one empty row at a time,
    keeps every row element it has read, parses all cells of a row, and parses the merged cells
    and conditional formats after the rows into objects; it is used here for cell values only.
    """
    rows = 0
    ended = 0  # elements ended since the last row: a row's cells, or anything else
    for _event, element in _iterparse(parser.source, ("end",)):
        if element.tag == _ROW:
            rows += 1
            if rows > MAX_SHEET_ROWS:
                raise _too_many_sheet_rows()
            yield _row(parser, element)
            element.clear()  # the (now empty) element stays in the tree: at most MAX_SHEET_ROWS of them
            ended = 0
        elif element.tag == _SHEET_DATA:
            return
        else:
            ended += 1
            if ended > MAX_ELEMENTS_PER_ROW:
                raise ImportFileError(
                    _("Row %(row)s of the sheet holds too many cells to be part of such a list.")
                    % {"row": _count(parser.row_counter + 1)}
                )


def _too_many_sheet_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(max)s rows, empty ones included: delete the unused rows below the list, "
            "or split it into files of at most %(rows)s rows."
        )
        % {"max": _count(MAX_SHEET_ROWS), "rows": _count(MAX_ROWS)}
    )


def _row(parser, element) -> Row:
    """A row's number and the values of its first ``MAX_COLUMNS`` cells, as openpyxl reads them."""
    from openpyxl.utils.cell import column_index_from_string

    number = element.get("r")
    parser.row_counter = int(float(number)) if number else parser.row_counter + 1
    parser.col_counter = 0
    values: list[Any] = []
    for cell in element:
        if cell.tag != _CELL:
            continue
        coordinate = cell.get("r")
        if coordinate:
            column = column_index_from_string(coordinate.rstrip("0123456789"))
        else:
            column = parser.col_counter + 1
        parser.col_counter = column
        if column > MAX_COLUMNS:
            continue
        if cell.get("t") == "inlineStr":
            # openpyxl builds objects for each inline string (Text.from_tree): same text, much slower.
            text = cell.find(_INLINE_STRING)
            value = _plain_text(text) if text is not None else None
        else:
            value = parser.parse_cell(cell)["value"]
        if len(values) < column:
            values.extend([None] * (column - len(values)))
        values[column - 1] = value
    return parser.row_counter, values


def _plain_text(element) -> str:
    """A string item's text, as openpyxl's ``Text.content``: the plain text, then the text of the
    formatted runs; phonetic runs left out."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.extend(grandchild.text or "" for grandchild in child if grandchild.tag == _TEXT)
    text = "".join(parts)
    if len(text) > MAX_CELL_CHARS:
        raise ImportFileError(
            _("A cell of the workbook holds more than %(max)s characters, more than Excel allows.")
            % {"max": _count(MAX_CELL_CHARS)}
        )
    return text


def _iterparse(source: IO[bytes], events: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    import pyexpat

    if pyexpat.version_info >= (2, 4, 1):
        # The C parser, twice as fast as defusedxml's pure-Python one that openpyxl uses. With
        # expat 2.4.1 or later it stops entity expansion ("billion laughs") and ElementTree never
        # fetches external entities or DTDs (Python's documentation, "XML vulnerabilities").
        from xml.etree.ElementTree import iterparse as c_iterparse

        return c_iterparse(source, events=events)
    from openpyxl.xml.functions import iterparse

    return iterparse(source, events=events)


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> tuple[set[int], set[int]]:
    """The indexes of the cell formats that show dates and durations, as openpyxl computes them.

    Read as a stream: only the number formats and the ``cellXfs`` list matter here.
    """
    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
    from openpyxl.xml.constants import ARC_STYLE

    path = ARC_STYLE
    if path not in names:
        return set(), set()
    _part_size(archive, path, MAX_STYLES_XML_BYTES)
    custom: dict[int, str] = {}
    cell_formats: list[int] = []
    open_elements: list = []
    with archive.open(path) as source:
        for event, element in _iterparse(source, ("start", "end")):
            if event == "start":
                parent = open_elements[-1].tag if open_elements else None
                open_elements.append(element)
                if element.tag == _NUMBER_FORMAT and parent == _NUMBER_FORMATS:
                    custom[int(element.get("numFmtId"))] = element.get("formatCode", "")
                elif element.tag == _CELL_FORMAT and parent == _CELL_FORMATS:
                    cell_formats.append(int(element.get("numFmtId", 0)))
                if len(custom) + len(cell_formats) > MAX_CELL_FORMATS:
                    raise ImportFileError(
                        _(
                            "The workbook holds more cell formats than Excel allows (%(max)s): copy the list "
                            "into a new workbook, or save it as CSV UTF-8."
                        )
                        % {"max": _count(MAX_CELL_FORMATS)}
                    )
                continue
            open_elements.pop()
            if open_elements:
                del open_elements[-1][-1]  # attributes were read at the start: let the element go
    dates, durations = set(), set()
    for index, format_id in enumerate(cell_formats):
        code = custom.get(format_id) or builtin_format_code(format_id)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _too_much_text() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook holds more text than a list of %(rows)s rows needs (at most %(max)s different "
            "texts): keep only the list in the file, or save it as CSV UTF-8."
        )
        % {"rows": _count(MAX_ROWS), "max": _count(MAX_SHARED_STRINGS)}
    )


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    """The workbook's shared strings, as openpyxl reads them (plain text, phonetic runs left out)."""
    if archive.getinfo(path).file_size > MAX_SHARED_STRINGS_XML_BYTES:
        raise _too_much_text()
    with archive.open(path) as source:  # the count the table declares, if it does: refuse at once
        for _event, table in _iterparse(source, ("start",)):
            declared = table.get("uniqueCount", "")
            if declared.isdigit() and int(declared) > MAX_SHARED_STRINGS:
                raise _too_much_text()
            break
    strings: list[str] = []
    ended = 0  # elements ended since the last string: its text and runs
    with archive.open(path) as source:
        for _event, element in _iterparse(source, ("end",)):
            if element.tag == _STRING_ITEM:
                strings.append(_plain_text(element).replace("x005F_", ""))
                if len(strings) > MAX_SHARED_STRINGS:
                    raise _too_much_text()
                element.clear()  # the empty element stays in the table: at most MAX_SHARED_STRINGS
                ended = 0
            else:
                ended += 1
                if ended > MAX_ELEMENTS_PER_STRING:
                    raise _too_much_text()
    return strings


# --- What the importers share once the rows are read --------------------------------------------

HEADER_SEARCH_ROWS = 15  # a header row is looked for in the file's first rows (titles may come first)
MAX_LISTED_ROWS = 10  # row numbers listed in one message
SHOWN_CELL_CHARS = 40  # of a cell quoted back in a message
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def cell_text(value) -> str:
    """A cell as text: ``None`` is empty, a whole number Excel stored as a float loses its ``.0``
    (a phone number typed as a number, a year typed as a choice)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def shown(text: str) -> str:
    """A cell quoted back in a message: a line at most, whatever the file holds."""
    return text if len(text) <= SHOWN_CELL_CHARS else text[: SHOWN_CELL_CHARS - 1] + "…"


def row_list(numbers: list[int]) -> str:
    """Row numbers for a message: the first few, then how many more."""
    listed = ", ".join(map(str, numbers[:MAX_LISTED_ROWS]))
    if len(numbers) <= MAX_LISTED_ROWS:
        return listed
    return _("%(rows)s and %(count)s more") % {"rows": listed, "count": count(len(numbers) - MAX_LISTED_ROWS)}


def header_key(text) -> str:
    """A header cell as the importers look it up: folded (case, accents), words only."""
    from search.normalize import fold

    return _NOT_ALNUM.sub(" ", fold(str(text or ""))).strip()


def find_header(
    rows: Iterator[Row], header_to_field: dict[str, str], required: tuple[str, ...], missing: str
) -> dict[str, int]:
    """The columns (field -> index) of the header row, searched in the first rows; the rows after
    it stay unread. ``missing``: the message when no row holds every ``required`` field."""
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = header_to_field.get(header_key(cell))
            if name and name not in columns:
                columns[name] = index
        if all(name in columns for name in required):
            return columns
    raise ImportFileError(missing)
