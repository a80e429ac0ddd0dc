"""What the feedback tests share: the people of two subtrees, files, and what is stored."""

from __future__ import annotations

import os
from dataclasses import dataclass
from io import BytesIO

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.documents.demo import minimal_pdf
from cms.feedback.models import Feedback, FeedbackAttachment, FeedbackForward, FeedbackMessage
from cms.feedback.services import submit_feedback
from cms.organisations.models import OfficerRole
from tests import factories

DESCRIPTION = "Công ty chậm trả lương tháng 10 đã hơn hai tuần, chưa có thông báo lý do."


@dataclass
class People:
    """Two members and their handlers, in two subtrees of the federation.

    - ``member`` at Luxshare (under the industrial zones' union ``kcn``), ``other_member`` at a
      school (under the education union ``gd``);
    - ``vsip_handler`` at Luxshare, ``kcn_handler`` at the zones' union, ``gd_handler`` at the
      education union, ``root_handler`` at the federation; ``kcn_editor`` an editor at ``kcn``;
      ``kcn_clerk`` a document clerk at ``kcn`` (no handling role).
    """

    tree: dict
    member: object
    other_member: object
    vsip_handler: object
    kcn_handler: object
    gd_handler: object
    root_handler: object
    kcn_editor: object
    kcn_clerk: object


def make_people(tree) -> People:
    def officer(org, role, username):
        user = factories.make_officer(tree[org], role=role, username=username).user
        user.email = f"{username}@example.vn"
        user.save(update_fields=["email"])
        return user

    return People(
        tree=tree,
        member=factories.make_member(
            tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An", card_number="4000000001"
        ),
        other_member=factories.make_member(tree["thpt"], phone="0987654321", full_name="Trần Thị Bình"),
        vsip_handler=officer("vsip", OfficerRole.FEEDBACK_HANDLER, "phananh.vsip"),
        kcn_handler=officer("kcn", OfficerRole.FEEDBACK_HANDLER, "phananh.kcn"),
        gd_handler=officer("gd", OfficerRole.FEEDBACK_HANDLER, "phananh.gd"),
        root_handler=officer("root", OfficerRole.FEEDBACK_HANDLER, "phananh.ldld"),
        kcn_editor=officer("kcn", OfficerRole.EDITOR, "bientap.kcn"),
        kcn_clerk=officer("kcn", OfficerRole.DOCUMENT_CLERK, "vanthu.kcn"),
    )


def png_bytes(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_png(side: int = 64) -> bytes:
    """A PNG that does not compress: about 3 * side * side bytes."""
    buffer = BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(3 * side * side)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return minimal_pdf(["Phieu luong thang 10"])


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(user, **overrides) -> Feedback:
    values = {
        "category": "wages",
        "title": "Chậm trả lương tháng 10",
        "description": DESCRIPTION,
    }
    values.update(overrides)
    return submit_feedback(user.user if hasattr(user, "user") else user, **values)


def stored_files(folder: str = "private/feedback") -> set[str]:
    """Every file stored under ``folder`` (local storage or S3 alike)."""
    found: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            directories, files = default_storage.listdir(current)
        except FileNotFoundError:
            continue
        found.update(f"{current}/{name}" for name in files)
        pending.extend(f"{current}/{name}" for name in directories)
    return found


def row_counts() -> tuple[int, int, int, int]:
    return (
        Feedback.objects.count(),
        FeedbackMessage.objects.count(),
        FeedbackAttachment.objects.count(),
        FeedbackForward.objects.count(),
    )
