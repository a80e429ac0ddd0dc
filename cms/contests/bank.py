"""A contest's question bank as attempts read it: kept in each server process while unchanged.

At a deadline rush every start draws from the same bank and every submit scores against it, so
reading it from the database each time (questions, then choices) is most of an attempt's SQL.
Each process keeps the banks it has read, under the bank's **version**: a token in the shared cache
(Redis in production) that every change to a question or a choice replaces, when it is written
and again once its transaction has committed (signals below; bulk writers call
:func:`bank_changed`). A request reads the
version (one cache read) and uses the kept bank only if it matches, so an edit made in any
process is seen by every process from its next request; a process that read the bank while the
edit was uncommitted keeps it under the old version, which nobody asks for again.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.contests.models import ContestChoice, ContestQuestion

KEPT_BANKS = 64  # per process; a province runs a handful of contests at a time


@dataclass(frozen=True)
class Choice:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class Question:
    text: str
    category: str
    explanation: str
    choices: dict[int, Choice]  # choice id -> choice, in the editor's order

    @property
    def right_choice(self) -> int | None:
        return next((pk for pk, choice in self.choices.items() if choice.is_correct), None)


@dataclass(frozen=True)
class Bank:
    questions: dict[int, Question]  # question id -> question

    def pool(self, category: str = "") -> list[int]:
        """The question ids a round draws from: those of ``category``, or all of them."""
        return [pk for pk, q in self.questions.items() if not category or q.category == category]


_kept: OrderedDict[int, tuple[str, Bank]] = OrderedDict()
_lock = Lock()


def _version_key(contest_id: int) -> str:
    return f"contests:bank-version:{contest_id}"


def _version(contest_id: int) -> str:
    version = cache.get(_version_key(contest_id))
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(_version_key(contest_id), version, None):
            version = cache.get(_version_key(contest_id)) or version
    return version


def _load(contest_id: int) -> Bank:
    questions = {
        pk: Question(text=text, category=category, explanation=explanation, choices={})
        for pk, text, category, explanation in ContestQuestion.objects.filter(contest_id=contest_id)
        .order_by("pk")
        .values_list("pk", "text", "category", "explanation")
    }
    for question_id, pk, text, is_correct in (
        ContestChoice.objects.filter(question__contest_id=contest_id)
        .order_by("question_id", "sort_order", "pk")
        .values_list("question_id", "pk", "text", "is_correct")
    ):
        questions[question_id].choices[pk] = Choice(text=text, is_correct=is_correct)
    return Bank(questions=questions)


def bank_for(contest_id: int) -> Bank:
    """The contest's bank as it is now (kept in this process while its version holds)."""
    version = _version(contest_id)
    with _lock:
        kept = _kept.get(contest_id)
        if kept is not None and kept[0] == version:
            _kept.move_to_end(contest_id)
            return kept[1]
    bank = _load(contest_id)
    with _lock:
        _kept[contest_id] = (version, bank)
        _kept.move_to_end(contest_id)
        while len(_kept) > KEPT_BANKS:
            _kept.popitem(last=False)
    return bank


def bank_changed(contest_id: int | None) -> None:
    """Give the contest's bank a new version now and again once the current transaction commits.

    Now: a process reading meanwhile still sees the committed bank, and keeps it under a version
    that the commit replaces. Once committed: every process reads the change.
    """
    if contest_id is None:
        return

    def renew() -> None:
        cache.set(_version_key(contest_id), uuid.uuid4().hex, None)

    renew()
    transaction.on_commit(renew)


@receiver([post_save, post_delete], sender=ContestQuestion, dispatch_uid="contests_bank_question")
def _question_changed(sender, instance: ContestQuestion, **kwargs) -> None:
    bank_changed(instance.contest_id)


@receiver([post_save, post_delete], sender=ContestChoice, dispatch_uid="contests_bank_choice")
def _choice_changed(sender, instance: ContestChoice, **kwargs) -> None:
    contest_id = (
        ContestQuestion.objects.filter(pk=instance.question_id).values_list("contest_id", flat=True).first()
    )
    bank_changed(contest_id)
