"""Demo data for ``manage.py seed_demo``: an ordered registry of seeders.

To add demo content (news, documents, contests...), write a module here with a
``seed(ctx: SeedContext)`` function that keys its rows on stable natural keys, and append it to
``SEEDERS`` after what it depends on. Seeders run in this order, in one transaction.
"""

from __future__ import annotations

from cms.core.demo import (
    accounts,
    announcements,
    benefits,
    congress,
    contests,
    documents,
    home,
    jobs,
    legal,
    members,
    news,
    organisations,
    statistics,
)
from cms.core.demo.base import DEFAULT_DEMO_PASSWORD, Credential, SeedContext, Seeder

SEEDERS: tuple[Seeder, ...] = (
    Seeder("organisations", organisations.seed),
    Seeder("members", members.seed),
    Seeder("accounts", accounts.seed),
    Seeder("legal", legal.seed),
    Seeder("benefits", benefits.seed),
    Seeder("news", news.seed),  # before congress, which links news under the same section
    Seeder("congress", congress.seed),
    Seeder("announcements", announcements.seed),
    Seeder("documents", documents.seed),
    Seeder("contests", contests.seed),
    Seeder("jobs", jobs.seed),
    Seeder("statistics", statistics.seed),
    Seeder("home", home.seed),
)

__all__ = ["DEFAULT_DEMO_PASSWORD", "SEEDERS", "Credential", "SeedContext", "Seeder"]
