"""Import the member lists union offices keep, as CSV or Excel (.xlsx).

All or nothing: every row is checked first (required fields, phone numbers, dates, duplicates
within the file and against the database, the organisation and the importing officer's right
over it). If any row is wrong nothing is imported and the report lists each bad row, by the
row number the office sees in its spreadsheet, with the reasons. Otherwise every member is
created in one transaction.

A phone number that already belongs to a member is an error, unless the import is asked to
update existing members: then that member's profile is updated from the row's non-empty cells
(a change of organisation is recorded as a transfer), and the report counts them apart.

Headers are recognised in Vietnamese or English, with or without accents, in any order; title
rows above the header row are skipped. CSV files are UTF-8 (with or without BOM), separated by
commas or semicolons.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.errors import ServiceError, ServiceErrors
from cms.members.models import Gender, Member, MemberStatus, TransferReason
from cms.members.phone import InvalidPhone, normalize_phone
from cms.members.services import MEMBER_LEVELS, create_members_in_bulk, update_member
from cms.organisations.models import Organisation
from cms.organisations.permissions import MEMBER_ROLES, can_manage, role_root_paths
from search.normalize import fold

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 15
REQUIRED_COLUMNS = ("full_name", "phone")

# Folded, punctuation-free header text → field. The first column matching a field wins.
HEADER_ALIASES: dict[str, set[str]] = {
    "full_name": {
        "ho va ten",
        "ho ten",
        "ho ten doan vien",
        "ten doan vien",
        "full name",
        "name",
        "member name",
    },
    "phone": {
        "so dien thoai",
        "dien thoai",
        "so dien thoai di dong",
        "dien thoai di dong",
        "sdt",
        "so dt",
        "dt",
        "phone",
        "phone number",
        "mobile",
        "mobile phone",
        "mobile number",
        "telephone",
    },
    "date_of_birth": {
        "ngay sinh",
        "ngay thang nam sinh",
        "sinh ngay",
        "date of birth",
        "birth date",
        "birthday",
        "dob",
    },
    "gender": {"gioi tinh", "gender", "sex"},
    "card_number": {
        "so the doan vien",
        "so the",
        "ma the doan vien",
        "ma the",
        "the doan vien",
        "card number",
        "union card number",
        "membership card number",
        "card no",
        "card",
    },
    "organisation": {
        "ma cong doan co so",
        "ma cdcs",
        "ma cong doan",
        "ma don vi",
        "cong doan co so",
        "ten cong doan co so",
        "cdcs",
        "don vi",
        "to chuc cong doan",
        "cong doan",
        "organisation",
        "organization",
        "organisation code",
        "organization code",
        "union",
        "union code",
        "grassroots union",
        "grassroots union code",
    },
    "joined_on": {
        "ngay vao cong doan",
        "ngay ket nap",
        "ngay ket nap cong doan",
        "ngay gia nhap cong doan",
        "ngay gia nhap",
        "joined on",
        "join date",
        "date joined",
        "joined",
        "joined the union on",
    },
    "job_title": {
        "chuc danh cong viec",
        "chuc danh",
        "cong viec",
        "chuc vu",
        "nghe nghiep",
        "vi tri cong viec",
        "job title",
        "job",
        "position",
        "title",
        "occupation",
    },
}
_HEADER_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

GENDER_VALUES = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "khac": Gender.OTHER,
    "other": Gender.OTHER,
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Column headers of the downloadable template, in the order union offices use.
TEMPLATE_HEADERS = (
    "STT",
    "Họ và tên",
    "Số điện thoại",
    "Ngày sinh",
    "Giới tính",
    "Số thẻ đoàn viên",
    "Mã công đoàn cơ sở",
    "Ngày vào công đoàn",
    "Chức danh/Công việc",
)
TEMPLATE_EXAMPLE = (
    "1",
    "Nguyễn Văn An",
    "0912345678",
    "15/03/1990",
    "Nam",
    "NA-000123",
    "cdcs-vd-ma",
    "01/06/2015",
    "Công nhân may",
)


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    row: int
    messages: list[str]

    @property
    def message(self) -> str:
        return "; ".join(self.messages)


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors


@dataclass
class ParsedRow:
    row: int
    values: dict
    errors: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    existing: Member | None = None


# --- Reading the file ---------------------------------------------------------------------------


def _header_key(text) -> str:
    return _NOT_ALNUM.sub(" ", fold(str(text or ""))).strip()


def _map_headers(cells: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _HEADER_TO_FIELD.get(_header_key(cell))
        if name and name not in columns:
            columns[name] = index
    return columns


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not in UTF-8: save it again as “CSV UTF-8”.")) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("The Excel file could not be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(data: bytes, filename: str = "") -> list[list]:
    if data[:4] == b"PK\x03\x04":  # .xlsx is a zip archive
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or filename.lower().endswith(".xls"):
        raise ImportFileError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.")
        )
    return _read_csv(data)


def _find_header(table: list[list]) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns = _map_headers(cells)
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns
    return None


# --- Parsing values -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores "0912345678" typed as a number as 912345678.0
    return str(value).strip()


def _date(value, label: str, errors: list[str]) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(_("%(field)s “%(value)s” is not a date (dd/mm/yyyy).") % {"field": label, "value": text})
    return None


def _parse_row(number: int, cells: list, columns: dict[str, int]) -> ParsedRow | None:
    raw = {name: (cells[index] if index < len(cells) else None) for name, index in columns.items()}
    if not any(_text(value) for value in raw.values()):
        return None  # an empty line
    row = ParsedRow(row=number, values={})
    errors = row.errors
    values = row.values

    values["full_name"] = " ".join(_text(raw.get("full_name")).split())
    if not values["full_name"]:
        errors.append(_("The full name is missing."))

    phone = _text(raw.get("phone"))
    if not phone:
        errors.append(_("The phone number is missing."))
    else:
        try:
            values["phone"] = normalize_phone(phone)
        except InvalidPhone:
            errors.append(_("“%(phone)s” is not a Vietnamese mobile number.") % {"phone": phone})

    today = timezone.localdate()
    values["date_of_birth"] = _date(raw.get("date_of_birth"), _("Date of birth"), errors)
    if values["date_of_birth"] and not (datetime.date(1900, 1, 1) <= values["date_of_birth"] < today):
        errors.append(
            _("The date of birth %(date)s is not plausible.")
            % {"date": f"{values['date_of_birth']:%d/%m/%Y}"}
        )
    values["joined_on"] = _date(raw.get("joined_on"), _("Joining date"), errors)
    if values["joined_on"]:
        if values["joined_on"] > today:
            errors.append(
                _("The joining date %(date)s is in the future.") % {"date": f"{values['joined_on']:%d/%m/%Y}"}
            )
        elif values["date_of_birth"] and values["joined_on"] < values["date_of_birth"]:
            errors.append(_("The joining date is before the date of birth."))

    gender = _text(raw.get("gender"))
    values["gender"] = ""
    if gender:
        values["gender"] = GENDER_VALUES.get(fold(gender), "")
        if not values["gender"]:
            errors.append(_("Gender “%(value)s” is not recognised (Nam/Nữ).") % {"value": gender})

    values["card_number"] = _text(raw.get("card_number")) or None
    values["job_title"] = _text(raw.get("job_title"))[:120]
    values["organisation"] = _text(raw.get("organisation"))
    return row


# --- Checking against the database ----------------------------------------------------------------


class _OrganisationResolver:
    """Finds each organisation named in the file once, by code or by name, and checks it."""

    def __init__(self, user, default: Organisation | None, roots: list[str]):
        self.user = user
        self.default = default
        self.roots = roots
        self.cache: dict[str, tuple[Organisation | None, str | None]] = {}

    def resolve(self, value: str) -> tuple[Organisation | None, str | None]:
        if not value:
            if self.default is not None:
                return self._check(self.default, self.default.name)
            return None, _("The organisation is missing.")
        key = fold(value)
        if key not in self.cache:
            self.cache[key] = self._lookup(value)
        return self.cache[key]

    def _lookup(self, value: str) -> tuple[Organisation | None, str | None]:
        by_code = Organisation.objects.filter(code__iexact=value).first()
        if by_code is not None:
            return self._check(by_code, value)
        folded = fold(value)
        candidates = [
            org
            for org in Organisation.objects.filter(search_name__contains=folded)
            if folded in (fold(org.name), fold(org.short_name))
        ]
        active = [org for org in candidates if org.is_active] or candidates
        if len(active) > 1:
            return None, _("Several organisations are called “%(value)s”: use its code.") % {"value": value}
        if not active:
            return None, _("No organisation has the code or name “%(value)s”.") % {"value": value}
        return self._check(active[0], value)

    def _check(self, organisation: Organisation, value: str) -> tuple[Organisation | None, str | None]:
        if not can_manage(self.user, organisation, MEMBER_ROLES, roots=self.roots):
            return None, _("“%(value)s” is not among the organisations you manage.") % {"value": value}
        if not organisation.is_active:
            return None, _("“%(name)s” is no longer active.") % {"name": organisation.name}
        if organisation.level not in MEMBER_LEVELS:
            return None, _("“%(name)s” is not a grassroots union or a unit inside one.") % {
                "name": organisation.name
            }
        return organisation, None


def _duplicates(rows: list[ParsedRow], key: str) -> dict[str, list[int]]:
    counts = Counter(row.values.get(key) for row in rows if row.values.get(key))
    found: dict[str, list[int]] = {}
    for row in rows:
        value = row.values.get(key)
        if value and counts[value] > 1:
            found.setdefault(value, []).append(row.row)
    return found


def _check_rows(rows: list[ParsedRow], user, default_organisation, update_existing: bool) -> None:
    roots = role_root_paths(user, MEMBER_ROLES)
    resolver = _OrganisationResolver(user, default_organisation, roots)
    for row in rows:
        row.organisation, error = resolver.resolve(row.values.pop("organisation"))
        if error:
            row.errors.append(error)

    for key, message in (
        ("phone", _("The phone number %(value)s is repeated in rows %(rows)s.")),
        ("card_number", _("The union card number %(value)s is repeated in rows %(rows)s.")),
    ):
        for value, numbers in _duplicates(rows, key).items():
            for row in rows:
                if row.values.get(key) == value:
                    row.errors.append(message % {"value": value, "rows": ", ".join(map(str, numbers))})

    phones = {row.values["phone"] for row in rows if row.values.get("phone")}
    members_by_phone = {
        m.phone: m for m in Member.objects.filter(phone__in=phones).select_related("organisation")
    }
    usernames = {
        name.lower()
        for name in get_user_model().objects.filter(username__in=phones).values_list("username", flat=True)
    }
    cards = {row.values["card_number"] for row in rows if row.values.get("card_number")}
    card_owners = dict(Member.objects.filter(card_number__in=cards).values_list("card_number", "phone"))

    for row in rows:
        phone = row.values.get("phone")
        existing = members_by_phone.get(phone) if phone else None
        if existing is not None:
            if not update_existing:
                row.errors.append(
                    _(
                        "A member with the phone number %(phone)s already exists (tick “update existing members” to update)."
                    )
                    % {"phone": phone}
                )
            elif not can_manage(user, existing.organisation, MEMBER_ROLES, roots=roots):
                row.errors.append(
                    _("The phone number %(phone)s belongs to a member of an organisation you do not manage.")
                    % {"phone": phone}
                )
            else:
                row.existing = existing
        elif phone and phone.lower() in usernames:
            row.errors.append(
                _("The phone number %(phone)s is already used by another account.") % {"phone": phone}
            )
        card = row.values.get("card_number")
        if card and card in card_owners and card_owners[card] != phone:
            row.errors.append(_("The union card number %(card)s belongs to another member.") % {"card": card})


# --- Importing ----------------------------------------------------------------------------------


def import_members(
    data: bytes,
    filename: str = "",
    *,
    by,
    default_organisation: Organisation | None = None,
    update_existing: bool = False,
) -> ImportReport:
    """Check and import a member list; returns the report (nothing is written if it has errors)."""
    report = ImportReport()
    try:
        table = read_table(data, filename)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report

    found = _find_header(table)
    if found is None:
        report.file_errors.append(
            _("No header row with the columns “Họ và tên” and “Số điện thoại” (full name, phone) was found.")
        )
        return report
    header_index, columns = found
    if "organisation" not in columns and default_organisation is None:
        report.file_errors.append(
            _(
                "The file has no “Mã công đoàn cơ sở” (organisation) column: choose the organisation for all rows."
            )
        )
        return report

    rows = [
        parsed
        for number, cells in enumerate(table[header_index + 1 :], start=header_index + 2)
        if (parsed := _parse_row(number, list(cells), columns)) is not None
    ]
    report.total_rows = len(rows)
    if not rows:
        report.file_errors.append(_("The file has no member rows."))
        return report
    if len(rows) > MAX_ROWS:
        report.file_errors.append(
            _("The file has %(count)d rows; split it into files of at most %(max)d rows.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
        return report

    _check_rows(rows, by, default_organisation, update_existing)
    report.row_errors = [RowError(row.row, row.errors) for row in rows if row.errors]
    if report.row_errors:
        return report

    new_rows = [row for row in rows if row.existing is None]
    try:
        with transaction.atomic():
            create_members_in_bulk([_entry(row) for row in new_rows], by=by)
            for row in rows:
                if row.existing is not None:
                    _update(row, by)
    except _RowFailed as failure:
        report.row_errors = [RowError(failure.row, failure.messages)]
        return report
    except IntegrityError:
        # Someone registered one of these phones or cards meanwhile: still all or nothing.
        report.file_errors.append(
            _("A phone or card number in the file was registered meanwhile: upload the file again.")
        )
        return report
    report.created = sum(1 for row in rows if row.existing is None)
    report.updated = len(rows) - report.created
    return report


class _RowFailed(Exception):
    def __init__(self, row: int, messages: list[str]):
        super().__init__(row)
        self.row = row
        self.messages = messages


def _entry(row: ParsedRow) -> dict:
    values = {key: value for key, value in row.values.items() if value is not None}
    return {**values, "organisation": row.organisation, "status": MemberStatus.ACTIVE}


def _update(row: ParsedRow, by) -> None:
    # Empty cells leave what the member's profile already says.
    values = {key: value for key, value in row.values.items() if value not in (None, "") and key != "phone"}
    assert row.existing is not None  # rows to update were matched to a member when parsed
    try:
        update_member(
            row.existing,
            by=by,
            organisation=row.organisation,
            transfer_reason=TransferReason.IMPORT,
            transfer_note=_("Member import, row %(row)d.") % {"row": row.row},
            **values,
        )
    except ServiceErrors as failure:
        raise _RowFailed(row.row, [error.message for error in failure.errors]) from None
    except ServiceError as failure:
        raise _RowFailed(row.row, [failure.message]) from None


def template_rows() -> Iterable[tuple[str, ...]]:
    return [TEMPLATE_HEADERS, TEMPLATE_EXAMPLE]


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(template_rows())
    # The BOM makes Excel open the file as UTF-8 and show the accents.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Doan vien"
    for row in template_rows():
        sheet.append(list(row))
    for column, width in zip("ABCDEFGHI", (6, 28, 16, 14, 10, 18, 22, 20, 26), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
