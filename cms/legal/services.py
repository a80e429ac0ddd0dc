"""The legal library's safety rules: when an answer is under review, and what may not sit in one.

An answer members read is *under review* when an editor marked it so (while checking it against
the law) or when one of its legal bases is not in force today: the instrument has been replaced
(``valid_until`` passed) or does not apply yet (``valid_from`` ahead). Members still read the
answer, with a visible notice; editors find these answers in the admin, oldest review first.

Editor notes ("Ghi chú biên tập: ...", TODO, bracketed remarks) belong in the scenario's review
note, never in the answer: :func:`editor_note_markers` finds them, and the page refuses them.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cms.legal.models import LegalBasis, LegalScenarioPage, has_outdated_basis_expression, outdated_basis_q
from search.normalize import fold


class ReviewStatus(models.TextChoices):
    """Where an answer stands with its legal review. Anything but CURRENT shows members a notice."""

    CURRENT = "CURRENT", _("Reviewed, every legal basis in force")
    MARKED_FOR_REVIEW = "MARKED_FOR_REVIEW", _("Marked under review by an editor")
    BASIS_NOT_IN_FORCE = "BASIS_NOT_IN_FORCE", _("Cites a legal basis not in force")


# The annotation list querysets carry, so a page of answers costs one query, not one per answer.
BASIS_NOT_IN_FORCE = "_has_outdated_basis"


def with_review_state(queryset: QuerySet, on: date | None = None) -> QuerySet:
    """Scenarios annotated with whether a basis is not in force (read by :func:`review_status`)."""
    return queryset.annotate(**{BASIS_NOT_IN_FORCE: has_outdated_basis_expression(on)})


def under_review_q(on: date | None = None) -> Q:
    """Scenarios under review on ``on``: marked by an editor, or citing a basis not in force."""
    return Q(under_review=True) | Q(pk__in=LegalBasis.objects.filter(outdated_basis_q(on)).values("page_id"))


def cites_basis_not_in_force(page: LegalScenarioPage, on: date | None = None) -> bool:
    """Whether the page cites a basis not in force: the list annotation when there is one."""
    annotated = getattr(page, BASIS_NOT_IN_FORCE, None)
    if annotated is not None and on is None:
        return bool(annotated)
    # The page's own bases: in memory for a draft being previewed, one query otherwise.
    return page.has_outdated_basis(on)


def review_status(page: LegalScenarioPage, on: date | None = None) -> ReviewStatus:
    """A lapsed basis outranks an editor's mark: it is the more urgent reason to read carefully."""
    if cites_basis_not_in_force(page, on):
        return ReviewStatus.BASIS_NOT_IN_FORCE
    if page.under_review:
        return ReviewStatus.MARKED_FOR_REVIEW
    return ReviewStatus.CURRENT


def is_under_review(page: LegalScenarioPage, on: date | None = None) -> bool:
    return review_status(page, on) != ReviewStatus.CURRENT


# --- What may not sit in an answer members read ------------------------------------------------

# Accent-folded, lower-case phrases an editor leaves for colleagues, not for members.
EDITOR_NOTE_PHRASES = (
    "ghi chu bien tap",
    "ghi chu cua bien tap",
    "luu y bien tap",
    "bien tap vien:",
    "note to editor",
    "editor's note",
    "editor note",
)
EDITOR_NOTE_WORDS = re.compile(r"\b(todo|fixme|tbd|xxx)\b")
# Text in square brackets that holds a letter: "[cần rà soát]", "[Luật cũ?]". Footnote-style
# numbers such as "[1]" are left alone.
BRACKETED_NOTE = re.compile(r"\[[^\]]*[^\W\d_][^\]]*\]")


def editor_note_markers(html: str) -> list[str]:
    """The editor-note markers found in an answer's text (its HTML tags ignored), in order found."""
    text = strip_tags(html or "")
    folded = fold(text)
    found = [phrase for phrase in EDITOR_NOTE_PHRASES if phrase in folded]
    found += [match.group(0) for match in EDITOR_NOTE_WORDS.finditer(folded)]
    found += [match.group(0) for match in BRACKETED_NOTE.finditer(text)]
    return found


def review_date_problem(reviewed_on: date | None, today: date | None = None) -> str | None:
    """Why a last-review date cannot be accepted, or None: a review cannot have happened tomorrow."""
    today = today or timezone.localdate()
    if reviewed_on is not None and reviewed_on > today:
        return str(_("The last legal review cannot be in the future."))
    return None
