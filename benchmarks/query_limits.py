#!/usr/bin/env python
"""How fast the API refuses operations built to cost the most: the figures behind the limits.

In-process, on the embedded default (no server, no data needed: every operation here is refused
before anything runs). For each hostile operation, the median and the worst of ``--rounds``
refusals through the GraphQL view, after one warm-up request; each round's text differs (a comment), so no cached parse or
validation helps:

- a chain of N fragments that each spread the next twice (2^N fields once expanded), N = 16..40,
  the attack issue 8 reported (before: N=18 took 33 s, N=40 never finished);
- the same chain through aliases (2^40 - 1 aliases);
- a query nested past the depth limit, and one of 2,000 tokens.

Usage:  .venv/bin/python benchmarks/query_limits.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fragment_chain(n: int, alias: bool = False) -> str:
    spread = "a: ...F{0} b: ...F{0}" if alias else "...F{0} ...F{0}"
    if alias:  # aliases on fields: x: name inside each fragment, doubled by the spreads
        fragments = " ".join(
            f"fragment F{i} on Organisation {{ n{i}: name ...F{i + 1} ...F{i + 1} }}" for i in range(n)
        )
    else:
        fragments = " ".join(
            f"fragment F{i} on Organisation {{ name {spread.format(i + 1)} }}" for i in range(n)
        )
    return (
        f"{{ organisations(first: 1) {{ edges {{ node {{ ...F0 }} }} }} }} {fragments} "
        f"fragment F{n} on Organisation {{ name }}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)  # each refusal is logged at INFO
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()

    def post(query: str) -> dict:
        response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
        return response.json()

    post("{ __typename }")
    cases = [(f"fragment chain, N={n}", fragment_chain(n)) for n in (16, 18, 24, 32, 40)]
    cases += [
        ("fragment chain of aliases, N=40", fragment_chain(40, alias=True)),
        (
            "nested 40 deep",
            "{ organisations(first: 1) { edges { node { "
            + "parent { " * 40
            + "code"
            + " }" * 40
            + " } } } }",
        ),
        ("2,000 tokens", "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }"),
    ]
    print(
        f"{'operation':36} {'code':22} {'median ms':>10} {'max ms':>8}   ({args.rounds} rounds, {os.cpu_count()} cores)"
    )
    for label, query in cases:
        times, code = [], None
        for round_ in range(args.rounds):
            # a different text each round, as an attacker would send: no cached parse or validation
            varied = f"{query}\n# {round_}"
            started = time.perf_counter()
            result = post(varied)
            times.append((time.perf_counter() - started) * 1000)
            code = result["errors"][0]["extensions"]["code"] if result.get("errors") else "none"
        print(f"{label:36} {code:22} {statistics.median(times):10.2f} {max(times):8.2f}")


if __name__ == "__main__":
    main()
