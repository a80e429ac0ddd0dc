"""The seeder registry: domains register their demo seeders, seed_demo runs them in dependency order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.core.demo import Seeder, seeders
from cms.core.demo.registry import in_dependency_order


def noop(ctx) -> None:
    return None


def names(ordered) -> list[str]:
    return [seeder.name for seeder in ordered]


def test_every_domain_registers_its_seeder_and_they_run_in_the_demos_order():
    # when
    registered = seeders()

    # then
    assert names(registered) == [
        "organisations",
        "members",
        "accounts",
        "legal",
        "benefits",
        "news",
        "congress",
        "announcements",
        "documents",
        "contests",
        "feedback",
        "jobs",
        "contest_entries",
        "statistics",
        "home",
    ]
    assert {seeder.run.__module__ for seeder in registered} == {
        "cms.organisations.demo",
        "cms.members.demo",
        "cms.legal.demo",
        "cms.benefits.demo",
        "cms.news.demo",
        "cms.congress.demo",
        "cms.announcements.demo",
        "cms.documents.demo",
        "cms.contests.demo",
        "cms.contests.demo_entries",
        "cms.feedback.demo",
        "cms.jobs.demo",
        "cms.statistics.demo",
        "cms.home.demo",
    }


def test_a_seeder_runs_after_what_it_depends_on_whatever_its_order():
    # given
    candidates = [
        Seeder("home", noop, after=("news",), order=0),
        Seeder("news", noop, after=("organisations",), order=50),
        Seeder("jobs", noop, after=("organisations",), order=10),
        Seeder("organisations", noop, order=100),
    ]

    # when
    ordered = in_dependency_order(candidates)

    # then
    assert names(ordered) == ["organisations", "jobs", "news", "home"]


def test_seeders_free_to_run_together_go_by_order_then_name():
    # given
    candidates = [Seeder("b", noop, order=1), Seeder("c", noop), Seeder("a", noop, order=1)]

    # when
    ordered = in_dependency_order(candidates)

    # then
    assert names(ordered) == ["c", "a", "b"]


def test_an_unknown_dependency_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'news' runs after unknown seeders: organisation"):
        in_dependency_order([Seeder("news", noop, after=("organisation",))])


def test_a_cycle_is_refused():
    with pytest.raises(ImproperlyConfigured, match="in a cycle: a, b"):
        in_dependency_order(
            [Seeder("a", noop, after=("b",)), Seeder("b", noop, after=("a",)), Seeder("c", noop)]
        )
