"""One request must not freeze the server: operations over the cost budget are refused before
anything runs, and an operation that runs past its time budget is stopped with a code."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncGenerator
from pathlib import Path

import pytest
import strawberry
from django.conf import settings
from graphql import parse, validate

from graphql_api.core.limits import TimeBudget, _limit_rules, measure_operations
from graphql_api.schema import Schema, schema
from tests.conftest import DEFAULT_TIMEOUT_SECONDS

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = sorted((ROOT / "frontend_contract" / "operations").glob("*.graphql"))


def fragment_chain(n: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice...: 2^n fields once the fragments are expanded."""
    fragments = " ".join(
        f"fragment F{i} on Organisation {{ name ...F{i + 1} ...F{i + 1} }}" for i in range(n)
    )
    return f"{{ organisations(first: 1) {{ edges {{ node {{ ...F0 }} }} }} }} {fragments} fragment F{n} on Organisation {{ name }}"


def refusal(cost: int) -> dict:
    return {
        "message": f"'anonymous' costs {cost}, over the maximum of 10000: select fewer fields or ask for smaller pages.",
        "locations": [{"line": 1, "column": 1}],
        "extensions": {"code": "QUERY_TOO_COMPLEX"},
    }


def test_the_default_budget_is_ten_thousand():
    assert settings.GRAPHQL_MAX_COST == 10000
    assert DEFAULT_TIMEOUT_SECONDS == 10  # as configured; the suite widens it (tests/conftest.py)


def test_a_chain_of_forty_fragments_is_refused_at_once_and_runs_nothing(gql, tree, django_assert_num_queries):
    # given 40 fragments each spreading the next twice: 2^41 fields once expanded, 2 KB of text,
    # and a server that has answered once (the first request of a process sets things up)
    query = fragment_chain(40)
    gql.execute("{ __typename }")

    # when
    started = time.perf_counter()
    with django_assert_num_queries(0):
        result = gql.execute(query)
    elapsed = time.perf_counter() - started

    # then it is refused before execution, in far less than the 2^40 steps it would take
    assert result == {"data": None, "errors": [refusal(2**41 + 2)]}
    # a bound on "never walks the 2^40 expansions", not a speed figure (that one is measured by
    # benchmarks/query_limits.py: well under 100 ms)
    assert elapsed < 5


def test_a_chain_of_sixteen_fragments_is_refused(gql, tree):
    # given the chain that took 8 s before the budget (2^17 fields once expanded)
    query = fragment_chain(16)

    # when
    result = gql.execute(query)

    # then
    assert result == {"data": None, "errors": [refusal(2**17 + 2)]}


def test_a_short_chain_within_the_budget_runs(gql, tree):
    # given a chain of 8 (2^9 fields once expanded, cost 2^9 + 2)
    query = fragment_chain(8)

    # when
    result = gql.execute(query)

    # then
    assert "errors" not in result
    assert len(result["data"]["organisations"]["edges"]) == 1


WIDE = (
    "{ "
    + " ".join(
        f"o{i}: organisations(first: %(first)d) {{ edges {{ node {{ code name shortName level kind address phone email }} }} }}"
        for i in range(15)
    )
    + " }"
)


def test_a_wide_query_within_the_alias_cap_but_over_the_budget_is_refused(gql, tree):
    # given 15 aliased pages of 100 organisations with 8 fields each: 15 × (1 + 100 × 10)
    query = WIDE % {"first": 100}

    # when
    result = gql.execute(query)

    # then
    assert result == {"data": None, "errors": [refusal(15015)]}


def test_the_same_query_with_smaller_pages_runs(gql, tree):
    # given the same 15 lists, 50 items each: 15 × (1 + 50 × 10) = 7515
    query = WIDE % {"first": 50}

    # when
    result = gql.execute(query)

    # then
    assert "errors" not in result
    assert len(result["data"]["o14"]["edges"]) == 7


def test_a_list_without_first_counts_as_a_full_page(gql, tree):
    # given lists whose size comes from a variable or from no argument at all: 100 items each
    query = (
        "query($n: Int) { a: organisations(first: $n) { edges { node { "
        + "name " * 60
        + "} } } b: organisations { edges { node { "
        + "name " * 40
        + "} } } }"
    )

    # when
    result = gql.execute(query, {"n": 1})

    # then (1 + 100 × 62) + (1 + 100 × 42)
    assert result["errors"][0]["message"] == (
        "'anonymous' costs 10402, over the maximum of 10000: select fewer fields or ask for smaller pages."
    )
    assert result["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}


def test_the_budget_comes_from_the_setting(gql, tree, settings):
    # given a smaller budget
    settings.GRAPHQL_MAX_COST = 20

    # when a page of 5 organisations with 3 fields each is asked for: 1 + 5 × (1 + 1 + 3)
    result = gql.execute("{ organisations(first: 5) { edges { node { code name shortName } } } }")

    # then
    assert result["errors"][0]["message"] == (
        "'anonymous' costs 26, over the maximum of 20: select fewer fields or ask for smaller pages."
    )


def test_depth_and_aliases_are_measured_through_fragments_in_linear_time(gql, tree):
    # given 40 chained fragments that each alias a field (2^40 - 1 aliases once expanded)
    fragments = " ".join(
        f"fragment F{i} on Organisation {{ n{i}: name ...F{i + 1} ...F{i + 1} }}" for i in range(40)
    )
    query = f"{{ organisations(first: 1) {{ edges {{ node {{ ...F0 }} }} }} }} {fragments} fragment F40 on Organisation {{ name }}"

    # when
    started = time.perf_counter()
    result = gql.execute(query)
    elapsed = time.perf_counter() - started

    # then both the cost and the alias caps refuse it, quickly
    assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [
        (
            f"'anonymous' costs {2**41 + 2}, over the maximum of 10000: select fewer fields or ask for smaller pages.",
            "QUERY_TOO_COMPLEX",
        ),
        (f"{2**40 - 1} aliases found. Allowed: 15", "QUERY_TOO_COMPLEX"),
    ]
    assert elapsed < 5  # never walks the expansions (benchmarks/query_limits.py measures the time)


def test_a_validation_error_quoting_a_limit_message_is_not_a_limit(gql, db):
    # given an enum argument written as a string that reads like the parser's token refusal
    query = '{ documents(first: 1, type: "Parsing aborted.") { totalCount } }'

    # when
    result = gql.execute(query)

    # then it is an ordinary validation error
    assert "Parsing aborted." in result["errors"][0]["message"]
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.name)
def test_every_contract_operation_fits_the_budget_with_room_to_spare(path: Path):
    # given a documented operation
    document = parse(path.read_text(encoding="utf-8"))

    # when it is measured (variables count as full pages) and validated against the limits
    costs = measure_operations(schema._schema, document, settings.GRAPHQL_MAX_PAGE_SIZE)
    limits = _limit_rules(
        settings.GRAPHQL_MAX_DEPTH,
        settings.GRAPHQL_MAX_ALIASES,
        settings.GRAPHQL_MAX_COST,
        settings.GRAPHQL_MAX_PAGE_SIZE,
    )
    errors = validate(schema._schema, document, limits)

    # then each costs at most a third of the budget
    assert errors == []
    assert costs
    assert {name: cost for name, cost in costs.items() if cost * 3 > settings.GRAPHQL_MAX_COST} == {}


def test_a_list_counts_its_literal_its_default_or_a_full_page_for_a_variable():
    # given home-screen lists sized by a variable, a literal and the field's default (5)
    document = parse(
        "query Lists($n: Int = 5) { home { latestNews(first: $n) { id title }"
        " featuredNews(first: 3) { id } pinnedAnnouncements { id } } }"
    )

    # when
    costs = measure_operations(schema._schema, document, settings.GRAPHQL_MAX_PAGE_SIZE)

    # then home = 1 + (1 + 100 × 2) + (1 + 3 × 1) + (1 + 5 × 1)
    assert costs == {"Lists": 212}


# -- Time budget ------------------------------------------------------------------------------

TIMEOUT = {
    "message": "The operation took longer than 0.2 seconds and was stopped: ask for less, or try again later.",
    "extensions": {"code": "TIMEOUT"},
}


def test_a_slow_list_is_stopped_with_a_timeout_error(gql, tree, settings, slow_level_labels):
    # given a 0.2 s budget and 7 organisations whose label takes 100 ms each (0.7 s in all)
    settings.GRAPHQL_TIMEOUT_SECONDS = 0.2

    # when
    started = time.perf_counter()
    result = gql.execute("{ organisations(first: 7) { edges { node { code levelLabel } } } }")
    elapsed = time.perf_counter() - started

    # then the list stops at the first item after the deadline, and the answer is one error
    assert result == {"data": None, "errors": [TIMEOUT]}
    assert len(slow_level_labels) < 7
    assert elapsed < 3  # the count above shows the stop; this only rules out a hang


def test_an_operation_within_its_time_budget_answers(gql, tree, settings, slow_level_labels):
    # given a budget larger than the work
    settings.GRAPHQL_TIMEOUT_SECONDS = 2

    # when
    result = gql.execute("{ organisations(first: 7) { edges { node { levelLabel } } } }")

    # then
    assert "errors" not in result
    assert len(slow_level_labels) == 7


def test_no_budget_when_the_setting_is_zero(gql, tree, settings, slow_level_labels):
    settings.GRAPHQL_TIMEOUT_SECONDS = 0

    result = gql.execute("{ organisations(first: 3) { edges { node { levelLabel } } } }")

    assert "errors" not in result


CALLS: list[str] = []  # what the budgeted schema's resolvers ran, in order


@strawberry.type
class Done:
    at: float

    @strawberry.field
    def later(self) -> float:
        CALLS.append("later")
        time.sleep(0.15)
        return time.monotonic()


@strawberry.type(name="Query")
class BudgetQuery:
    ok: bool = True


@strawberry.type(name="Mutation")
class BudgetMutation:
    @strawberry.mutation
    def change(self) -> Done:
        CALLS.append("change")
        time.sleep(0.15)
        return Done(at=time.monotonic())


@strawberry.type(name="Subscription")
class BudgetSubscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        for tick in range(3):
            await asyncio.sleep(0.1)
            yield tick


def _budgeted_schema() -> Schema:
    """A small schema with only the time budget: a slow mutation and a slow subscription."""
    return Schema(
        query=BudgetQuery, mutation=BudgetMutation, subscription=BudgetSubscription, extensions=[TimeBudget]
    )


def test_a_started_mutation_completes_and_the_next_one_is_refused(settings):
    # given a 0.1 s budget and a mutation that takes 0.15 s, then 0.15 s more for its payload
    settings.GRAPHQL_TIMEOUT_SECONDS = 0.1
    schema = _budgeted_schema()
    CALLS.clear()

    # when it is asked for twice in one operation
    result = schema.execute_sync("mutation { a: change { at later } b: change { at } }")

    # then the first ran to its end, payload included (0.3 s), and the second never started
    assert CALLS == ["change", "later"]
    assert result.data is None
    assert [(error.message, error.extensions) for error in result.errors] == [
        (
            "The operation took longer than 0.1 seconds and was stopped: ask for less, or try again later.",
            {"code": "TIMEOUT"},
        )
    ]


async def test_a_subscription_has_no_time_budget(settings):
    # given a 0.1 s budget and a subscription whose three events come 0.1 s apart
    settings.GRAPHQL_TIMEOUT_SECONDS = 0.1
    schema = _budgeted_schema()

    # when
    events = [event async for event in await schema.subscribe("subscription { ticks }")]

    # then every event arrives
    assert [(event.data, event.errors) for event in events] == [
        ({"ticks": 0}, None),
        ({"ticks": 1}, None),
        ({"ticks": 2}, None),
    ]


# -- Database statement timeout ----------------------------------------------------------------


def _database_settings(**environment: str) -> str:
    names = {
        "DATABASE_URL",
        "DATABASE_STATEMENT_TIMEOUT_MS",
        "DATABASE_POOL_MAX_SIZE",
        "DATABASE_CONN_MAX_AGE",
    }
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(environment)
    code = (
        "import cms.settings as s; d = s.DATABASES['default']; "
        "print(d.get('OPTIONS'), d['CONN_MAX_AGE'], sep=' | ')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


POSTGRES_URL = "postgres://u:p@db:5432/congdoanso"
POOL = "'pool': {'min_size': 1, 'max_size': 8, 'timeout': 5, 'max_idle': 60}"


def test_postgresql_connections_cancel_statements_after_ten_seconds():
    assert _database_settings(DATABASE_URL=POSTGRES_URL) == (
        "{" + POOL + ", 'options': '-c statement_timeout=10000'} | 0"
    )
    assert (
        _database_settings(DATABASE_URL=POSTGRES_URL, DATABASE_STATEMENT_TIMEOUT_MS="0")
        == "{" + POOL + "} | 0"
    )


def test_postgresql_connections_come_from_a_bounded_pool_unless_switched_off():
    # a pool of DATABASE_POOL_MAX_SIZE per process; Django requires CONN_MAX_AGE 0 with it
    assert _database_settings(
        DATABASE_URL=POSTGRES_URL, DATABASE_POOL_MAX_SIZE="3", DATABASE_STATEMENT_TIMEOUT_MS="0"
    ) == ("{'pool': {'min_size': 1, 'max_size': 3, 'timeout': 5, 'max_idle': 60}} | 0")
    # switched off: persistent connections as before
    assert (
        _database_settings(
            DATABASE_URL=POSTGRES_URL, DATABASE_POOL_MAX_SIZE="0", DATABASE_STATEMENT_TIMEOUT_MS="0"
        )
        == "None | 60"
    )
