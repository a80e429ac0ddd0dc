"""Rules of contests that every writer obeys (the admin's forms, seeds, commands and the API).

- A question has between ``MIN_CHOICES`` and ``MAX_CHOICES`` choices, exactly one correct.
- A round draws no more questions than its pool (the contest's questions of the round's
  category, or all of them) holds.
- A round that has entries stays: removing it would remove its entrants' attempts and ranking.

The checks raise :class:`~cms.core.errors.ServiceError` (one failure) or
:class:`~cms.core.errors.ServiceErrors` (several) with a :class:`ContestErrorCode`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Count
from django.utils.translation import gettext as _

from cms.contests.errors import ContestErrorCode
from cms.contests.models import MAX_CHOICES, MIN_CHOICES, ContestPage, ContestQuestion, ContestRound
from cms.core.errors import ServiceError, ServiceErrors


def _raise(errors: list[ServiceError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ServiceErrors(errors)


def check_choices(choices: Sequence[tuple[str, bool]]) -> None:
    """Refuse a question's choices, given as (text, is correct), unless 2–6 with exactly one correct."""
    errors = []
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        errors.append(
            ServiceError(
                ContestErrorCode.WRONG_CHOICE_COUNT,
                _("A question has between %(min)d and %(max)d choices.")
                % {"min": MIN_CHOICES, "max": MAX_CHOICES},
                "choices",
            )
        )
    if sum(1 for _text, is_correct in choices if is_correct) != 1:
        errors.append(
            ServiceError(
                ContestErrorCode.NOT_ONE_CORRECT_CHOICE, _("Exactly one choice must be correct."), "choices"
            )
        )
    _raise(errors)


def check_round_pools(contest: ContestPage, rounds: Iterable[ContestRound] | None = None) -> None:
    """Refuse rounds that draw more questions than their pool holds.

    ``rounds`` are the contest's rounds as they are about to be saved (default: the contest's
    rounds, in memory when the page was built with them). A contest not saved yet has no
    question bank (questions point at the saved contest): its rounds are checked once it is
    saved and has questions, so a writer creating a contest in code adds the questions, then
    calls this.
    """
    if contest.pk is None:
        return
    rounds = list(contest.rounds.all() if rounds is None else rounds)
    if not rounds:
        return
    per_category = dict(
        ContestQuestion.objects.filter(contest_id=contest.pk)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    whole_bank = sum(per_category.values())
    errors = []
    for round_ in rounds:
        drawn = round_.questions_drawn or 0
        category = round_.question_category or ""
        available = per_category.get(category, 0) if category else whole_bank
        if drawn > available:
            errors.append(
                ServiceError(
                    ContestErrorCode.POOL_TOO_SMALL,
                    _("Round “%(name)s” draws %(drawn)d questions but its pool holds only %(available)d.")
                    % {"name": round_.name or "", "drawn": drawn, "available": available},
                    "rounds",
                )
            )
    _raise(errors)


def check_rounds_removable(contest: ContestPage, removed_round_ids: Iterable[int]) -> None:
    """Refuse removing rounds that already have attempts."""
    from cms.contests.models import ContestAttempt

    removed = [pk for pk in removed_round_ids if pk]
    if not removed or contest.pk is None:
        return
    with_entries = (
        ContestRound.objects.filter(pk__in=removed, page=contest)
        .filter(pk__in=ContestAttempt.objects.values("round_id"))
        .values_list("name", flat=True)
    )
    _raise(
        [
            ServiceError(
                ContestErrorCode.ROUND_HAS_ENTRIES,
                _("Round “%(name)s” already has entries: it cannot be removed.") % {"name": name},
                "rounds",
            )
            for name in with_entries
        ]
    )
