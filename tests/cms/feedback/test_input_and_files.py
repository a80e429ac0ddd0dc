"""Bad input gets a typed error and changes nothing: text, files, retries."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import IntegrityError, transaction

from cms.core.errors import ServiceError
from cms.feedback import services
from cms.feedback.errors import FeedbackErrorCode as Code
from cms.feedback.models import Feedback, FeedbackAttachment, FeedbackMessage
from tests.cms.feedback.helpers import (
    DESCRIPTION,
    noisy_png,
    pdf_bytes,
    png_bytes,
    row_counts,
    stored_files,
    submit,
    upload,
)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BAD_FILES = {
    "empty": ([upload("trong.pdf", b"")], Code.FILE_EMPTY),
    "zip named .pdf": ([upload("hop-dong.pdf", _zip_bytes(), "application/pdf")], Code.FILE_TYPE_NOT_ALLOWED),
    "html named .pdf": (
        [upload("bang-luong.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")],
        Code.FILE_TYPE_NOT_ALLOWED,
    ),
    "pdf without its end": ([upload("cut.pdf", pdf_bytes()[:-40])], Code.FILE_TYPE_NOT_ALLOWED),
    "png header, no image": (
        [upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)],
        Code.FILE_TYPE_NOT_ALLOWED,
    ),
    "too large": ([upload("lon.png", noisy_png(64))], Code.FILE_TOO_LARGE),
    "too many": ([upload(f"anh-{i}.png", png_bytes()) for i in range(6)], Code.TOO_MANY_FILES),
    "a good file then a bad one": (
        [upload("tot.png", png_bytes()), upload("xau.pdf", b"MZ\x90\x00 not a pdf")],
        Code.FILE_TYPE_NOT_ALLOWED,
    ),
}


@pytest.fixture
def small_uploads(settings):
    settings.UPLOAD_MAX_BYTES = 2_000
    settings.UPLOAD_MAX_FILES = 5


@pytest.mark.parametrize("case", BAD_FILES, ids=str)
def test_bad_files_are_refused_before_anything_is_written(people, media, small_uploads, case):
    # given
    files, code = BAD_FILES[case]
    feedback = submit(people.member)
    before, stored = row_counts(), stored_files()

    # when the member submits, writes, or an officer replies with them
    refusals = []
    for attempt in (
        lambda: submit(people.member, attachments=files),
        lambda: services.add_member_message(
            people.member.user, feedback, body="Gửi bổ sung", attachments=files
        ),
        lambda: services.reply_to_feedback(people.vsip_handler, feedback, body="Trả lời", attachments=files),
    ):
        for f in files:
            f.seek(0)
        with pytest.raises(ServiceError) as refused:
            attempt()
        refusals.append((refused.value.code, refused.value.field))

    # then
    assert refusals == [(code, "attachments")] * 3
    assert row_counts() == before
    assert stored_files() == stored
    assert Feedback.objects.get(pk=feedback.pk).status == "submitted"


def test_good_files_are_kept_under_private_names(people, media):
    # given
    before = stored_files()

    # when
    feedback = submit(
        people.member,
        attachments=[
            upload("../../Phiếu lương\x00 T10.png", png_bytes()),
            upload("hop dong.PDF", pdf_bytes()),
        ],
    )

    # then
    attachments = list(FeedbackAttachment.objects.filter(feedback=feedback))
    assert [(a.display_name, a.content_type, a.uploaded_by) for a in attachments] == [
        ("Phiếu lương T10.png", "image/png", people.member.user),
        ("hop dong.pdf", "application/pdf", people.member.user),
    ]
    names = {a.file.name for a in attachments}
    assert all(name.startswith("private/feedback/") for name in names)
    assert stored_files() - before == names


def test_a_refused_move_deletes_the_files_it_would_have_kept(people, media):
    # given a feedback waiting for the member's information
    feedback = submit(people.member)
    services.request_information(people.vsip_handler, feedback, body="Đề nghị gửi hợp đồng.")
    before, stored = row_counts(), stored_files()

    # when an officer gives the final answer from there (not allowed) with a file
    with pytest.raises(ServiceError) as refused:
        services.reply_to_feedback(
            people.vsip_handler, feedback, body="Trả lời", attachments=[upload("a.png", png_bytes())]
        )

    # then
    assert refused.value.code == Code.INVALID_TRANSITION
    assert (row_counts(), stored_files()) == (before, stored)


TEXT_CASES = {
    "title too short": ({"title": "Lươn"}, Code.TOO_SHORT, "title"),
    "title too long": ({"title": "L" * 201}, Code.TOO_LONG, "title"),
    "title blank": ({"title": "   \n "}, Code.REQUIRED, "title"),
    "description empty": ({"description": ""}, Code.REQUIRED, "description"),
    "description too short": ({"description": "Chậm lương"}, Code.TOO_SHORT, "description"),
    "description too long": ({"description": "a" * 5001}, Code.TOO_LONG, "description"),
    "NUL in the description": ({"description": DESCRIPTION + "\x00"}, Code.INVALID_CHARACTERS, "description"),
    "escape in the title": ({"title": "Chậm trả \x1b[31mlương"}, Code.INVALID_CHARACTERS, "title"),
    "employer too long": ({"employer_name": "C" * 201}, Code.TOO_LONG, "employer_name"),
    "unknown category": ({"category": "salary"}, Code.INVALID_CATEGORY, "category"),
    "bad idempotency key": (
        {"idempotency_key": "khóa trùng"},
        Code.INVALID_IDEMPOTENCY_KEY,
        "idempotency_key",
    ),
}


@pytest.mark.parametrize("case", TEXT_CASES, ids=str)
def test_bad_text_is_refused(people, case):
    overrides, code, field = TEXT_CASES[case]

    with pytest.raises(ServiceError) as refused:
        submit(people.member, **overrides)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert Feedback.objects.count() == 0


def test_text_is_trimmed_and_line_ends_unified(people):
    feedback = submit(
        people.member,
        title="  Chậm   trả\tlương  ",
        description=f"\r\n  {DESCRIPTION}\r\nĐề nghị công đoàn can thiệp.  ",
        employer_name=" Công ty TNHH Luxshare-ICT ",
    )

    assert (feedback.title, feedback.description, feedback.employer_name) == (
        "Chậm trả lương",
        f"{DESCRIPTION}\nĐề nghị công đoàn can thiệp.",
        "Công ty TNHH Luxshare-ICT",
    )


def test_a_retry_with_the_same_key_returns_the_first_feedback(people, media):
    # given a first submission with a key
    first = submit(
        people.member,
        idempotency_key="4f7a1c2e-9b1d-4c1e-8f00-000000000001",
        attachments=[upload("a.png", png_bytes())],
    )
    stored = stored_files()

    # when the app sends it again (even changed), and another member uses the same key
    again = submit(
        people.member, idempotency_key="4f7a1c2e-9b1d-4c1e-8f00-000000000001", title="Tiêu đề khác hẳn"
    )
    theirs = submit(people.other_member, idempotency_key="4f7a1c2e-9b1d-4c1e-8f00-000000000001")

    # then
    assert again.pk == first.pk and again.title == "Chậm trả lương tháng 10"
    assert theirs.pk != first.pk
    assert Feedback.objects.count() == 2
    assert FeedbackAttachment.objects.count() == 1
    assert stored_files() == stored


def test_a_race_with_the_same_key_returns_the_winners_feedback(people, monkeypatch):
    # given the first request's feedback, and a second request that looked before it was there
    first = submit(people.member, idempotency_key="race-1")
    monkeypatch.setattr(services, "_replayed_feedback", _none_then(services._replayed_feedback))

    # when the second request inserts (the unique constraint refuses it)
    second = submit(people.member, idempotency_key="race-1")

    # then
    assert second.pk == first.pk
    assert Feedback.objects.count() == 1


def _none_then(real):
    calls = []

    def replayed(user, key):
        calls.append(key)
        return None if len(calls) == 1 else real(user, key)

    return replayed


def test_the_database_refuses_a_second_feedback_with_the_same_key(people):
    first = submit(people.member, idempotency_key="k-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            submitter=first.submitter,
            member=first.member,
            category="wages",
            title="Trùng",
            description=DESCRIPTION,
            organisation=first.organisation,
            due_at=first.due_at,
            idempotency_key="k-1",
        )
    # Without a key, as many as the member sends.
    submit(people.member)
    submit(people.member)
    assert Feedback.objects.count() == 3


def test_a_retried_message_is_kept_once(people):
    # given
    feedback = submit(people.member)
    services.request_information(people.vsip_handler, feedback, body="Đề nghị gửi hợp đồng.")

    # when the member's answer is sent twice with its key
    first = services.add_member_message(
        people.member.user, feedback, body="Tôi gửi hợp đồng.", idempotency_key="m-1"
    )
    again = services.add_member_message(
        people.member.user, feedback, body="Tôi gửi hợp đồng.", idempotency_key="m-1"
    )

    # then one message, and the status moved once
    assert again.pk == first.pk
    assert FeedbackMessage.objects.filter(feedback=feedback, kind="member").count() == 1
    assert Feedback.objects.get(pk=feedback.pk).status == "in_progress"
