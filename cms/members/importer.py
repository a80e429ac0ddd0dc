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

Files are read row by row within the bounds ``cms.members.import_files`` sets (upload size,
rows, columns, what an .xlsx may unpack to), and reading stops at the first row over them.
Messages never echo more of a cell than fits on a line, and never say who holds a phone or card
number that is taken: an officer learns no more about organisations outside their own than that
the number cannot be used.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.import_report import ImportReport, RowError
from cms.core.spreadsheets import csv_file, xlsx_file
from cms.members.import_files import (
    MAX_ROWS,
    ImportFileError,
    cell_text,
    count,
    find_header,
    read_rows,
    row_list,
    shown,
)
from cms.members.models import Gender, Member, MemberStatus, TransferReason
from cms.members.phone import InvalidPhone, normalize_phone
from cms.members.services import MEMBER_LEVELS, create_members_in_bulk, update_member
from cms.organisations.models import Organisation
from cms.organisations.permissions import MEMBER_ROLES, can_manage, role_root_paths
from search.normalize import fold

# Rows listed in one "repeated in rows ..." message: 20,000 copies of the same phone must not make
# each of 20,000 messages list 20,000 rows.
# Control characters no database column or .xlsx file can hold (NUL among them); tab, LF, CR pass.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
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


@dataclass
class ParsedRow:
    row: int
    values: dict
    errors: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    existing: Member | None = None


# --- Reading the file ---------------------------------------------------------------------------


def parse_member_file(
    source: bytes | IO[bytes], filename: str = "", *, organisation_chosen: bool = False
) -> list[ParsedRow]:
    """Read the file and parse its member rows, without asking the database anything.

    Raises ``ImportFileError`` when the file as a whole cannot be used; rows with wrong values
    come back with their errors.
    """
    rows = read_rows(io.BytesIO(source) if isinstance(source, bytes) else source, filename)
    parsed: list[ParsedRow] = []
    try:
        columns = find_header(
            rows,
            _HEADER_TO_FIELD,
            REQUIRED_COLUMNS,
            _("No header row with the columns “Họ và tên” and “Số điện thoại” (full name, phone) was found."),
        )
        if "organisation" not in columns and not organisation_chosen:
            raise ImportFileError(
                _(
                    "The file has no “Mã công đoàn cơ sở” (organisation) column: choose the organisation for all rows."
                )
            )
        for number, cells in rows:
            row = _parse_row(number, cells, columns)
            if row is None:
                continue
            if len(parsed) == MAX_ROWS:
                raise ImportFileError(
                    _(
                        "The file has more than %(max)s member rows; split it into files of at most %(max)s rows."
                    )
                    % {"max": count(MAX_ROWS)}
                )
            parsed.append(row)
    finally:
        rows.close()  # stops reading (and closes the workbook) at the first row over a bound
    if not parsed:
        raise ImportFileError(_("The file has no member rows."))
    return parsed


# --- Parsing values -----------------------------------------------------------------------------


FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "phone": gettext_lazy("Phone number"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "gender": gettext_lazy("Gender"),
    "card_number": gettext_lazy("Union card number"),
    "organisation": gettext_lazy("Organisation"),
    "joined_on": gettext_lazy("Joining date"),
    "job_title": gettext_lazy("Job title"),
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@functools.cache
def _max_length(name: str) -> int:
    return getattr(Member._meta.get_field(name), "max_length", None) or 0


def _date(value, name: str, errors: list[str]) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if found := _DAY_MONTH_YEAR.fullmatch(text):  # the usual way, without strptime's cost
        day, month, year = map(int, found.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    else:
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    errors.append(
        _("%(field)s “%(value)s” is not a date (dd/mm/yyyy).")
        % {"field": FIELD_LABELS[name], "value": shown(text)}
    )
    return None


def _parse_row(number: int, cells: list, columns: dict[str, int]) -> ParsedRow | None:
    raw = {name: (cells[index] if index < len(cells) else None) for name, index in columns.items()}
    if not any(cell_text(value) for value in raw.values()):
        return None  # an empty line
    row = ParsedRow(row=number, values={})
    errors = row.errors
    values = row.values
    # A cell with a NUL (which a CSV can hold) would fail in the database: say so, and read the
    # row as if the cell were empty, without also calling it missing.
    unstorable = {name for name, value in raw.items() if isinstance(value, str) and _UNSTORABLE.search(value)}
    for name in sorted(unstorable, key=list(columns).index):
        errors.append(
            _("%(field)s contains control characters (such as NUL) that cannot be stored: retype the cell.")
            % {"field": FIELD_LABELS[name]}
        )
        raw[name] = None

    values["full_name"] = " ".join(cell_text(raw.get("full_name")).split())
    if not values["full_name"]:
        if "full_name" not in unstorable:
            errors.append(_("The full name is missing."))
    elif len(values["full_name"]) > _max_length("full_name"):
        errors.append(
            _("The full name is longer than %(max)d characters.") % {"max": _max_length("full_name")}
        )

    phone = cell_text(raw.get("phone"))
    if not phone:
        if "phone" not in unstorable:
            errors.append(_("The phone number is missing."))
    else:
        try:
            # "+84 912 345 678" is a phone number, not a formula: exports neutralise, imports don't.
            values["phone"] = normalize_phone(phone)
        except InvalidPhone:
            errors.append(_("“%(phone)s” is not a Vietnamese mobile number.") % {"phone": shown(phone)})

    today = timezone.localdate()
    values["date_of_birth"] = _date(raw.get("date_of_birth"), "date_of_birth", errors)
    if values["date_of_birth"] and not (datetime.date(1900, 1, 1) <= values["date_of_birth"] < today):
        errors.append(
            _("The date of birth %(date)s is not plausible.")
            % {"date": f"{values['date_of_birth']:%d/%m/%Y}"}
        )
    values["joined_on"] = _date(raw.get("joined_on"), "joined_on", errors)
    if values["joined_on"]:
        if values["joined_on"] > today:
            errors.append(
                _("The joining date %(date)s is in the future.") % {"date": f"{values['joined_on']:%d/%m/%Y}"}
            )
        elif values["date_of_birth"] and values["joined_on"] < values["date_of_birth"]:
            errors.append(_("The joining date is before the date of birth."))

    gender = cell_text(raw.get("gender"))
    values["gender"] = ""
    if gender:
        values["gender"] = GENDER_VALUES.get(fold(gender), "")
        if not values["gender"]:
            errors.append(_("Gender “%(value)s” is not recognised (Nam/Nữ).") % {"value": shown(gender)})

    values["card_number"] = cell_text(raw.get("card_number")) or None
    if values["card_number"] and len(values["card_number"]) > _max_length("card_number"):
        errors.append(
            _("The union card number is longer than %(max)d characters.")
            % {"max": _max_length("card_number")}
        )
    values["job_title"] = cell_text(raw.get("job_title"))[: _max_length("job_title")]
    # None when the cell could not be read: the row is already wrong, no need to say it is missing.
    values["organisation"] = None if "organisation" in unstorable else cell_text(raw.get("organisation"))
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
            return None, _("Several organisations are called “%(value)s”: use its code.") % {
                "value": shown(value)
            }
        if not active:
            return None, _("No organisation has the code or name “%(value)s”.") % {"value": shown(value)}
        return self._check(active[0], value)

    def _check(self, organisation: Organisation, value: str) -> tuple[Organisation | None, str | None]:
        if not can_manage(self.user, organisation, MEMBER_ROLES, roots=self.roots):
            return None, _("“%(value)s” is not among the organisations you manage.") % {"value": shown(value)}
        if not organisation.is_active:
            return None, _("“%(name)s” is no longer active.") % {"name": organisation.name}
        if organisation.level not in MEMBER_LEVELS:
            return None, _("“%(name)s” is not a grassroots union or a unit inside one.") % {
                "name": organisation.name
            }
        return organisation, None


def _mark_repeated(rows: list[ParsedRow], key: str, message: str) -> None:
    """Each row whose ``key`` value another row repeats gets one message, built once per value."""
    numbers: dict[str, list[int]] = {}
    for row in rows:
        if value := row.values.get(key):
            numbers.setdefault(value, []).append(row.row)
    messages = {
        value: message % {"value": value, "rows": row_list(found)}
        for value, found in numbers.items()
        if len(found) > 1
    }
    for row in rows:
        if (value := row.values.get(key)) in messages:
            row.errors.append(messages[value])


def _phone_taken(phone: str, update_existing: bool) -> str:
    # The same words whoever holds the number (a member the officer manages, one of another
    # organisation, an account that is no member): which it is stays with the federation.
    if update_existing:
        return _(
            "The phone number %(phone)s is already registered and cannot be used here: contact the federation."
        ) % {"phone": phone}
    return _(
        "The phone number %(phone)s is already registered. If it is one of the members you manage, tick "
        "“Update existing members”; otherwise contact the federation."
    ) % {"phone": phone}


def _card_taken(card: str) -> str:
    return _(
        "The union card number %(card)s is already registered to someone else: check it, or contact the federation."
    ) % {"card": card}


def _check_rows(rows: list[ParsedRow], user, default_organisation, update_existing: bool) -> None:
    roots = role_root_paths(user, MEMBER_ROLES)
    resolver = _OrganisationResolver(user, default_organisation, roots)
    for row in rows:
        value = row.values.pop("organisation")
        if value is None:  # the cell could not be read, and the row already says so
            continue
        row.organisation, error = resolver.resolve(value)
        if error:
            row.errors.append(error)

    _mark_repeated(rows, "phone", _("The phone number %(value)s is repeated in rows %(rows)s."))
    _mark_repeated(rows, "card_number", _("The union card number %(value)s is repeated in rows %(rows)s."))

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
        if (
            existing is not None
            and update_existing
            and can_manage(user, existing.organisation, MEMBER_ROLES, roots=roots)
        ):
            row.existing = existing
        elif existing is not None or (phone and phone.lower() in usernames):
            assert phone is not None
            row.errors.append(_phone_taken(phone, update_existing))
        card = row.values.get("card_number")
        if card and card in card_owners and card_owners[card] != phone:
            row.errors.append(_card_taken(card))


# --- Importing ----------------------------------------------------------------------------------


def import_members(
    source: bytes | IO[bytes],
    filename: str = "",
    *,
    by,
    default_organisation: Organisation | None = None,
    update_existing: bool = False,
) -> ImportReport:
    """Check and import a member list; returns the report (nothing is written if it has errors).

    ``source`` is the file's content or a binary file open on it (an upload), read lazily.
    """
    report = ImportReport()
    try:
        rows = parse_member_file(source, filename, organisation_chosen=default_organisation is not None)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    report.total_rows = len(rows)

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
    return csv_file(template_rows())


def template_xlsx() -> bytes:
    return xlsx_file(template_rows(), title="Doan vien", widths=(6, 28, 16, 14, 10, 18, 22, 20, 26))
