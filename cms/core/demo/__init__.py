"""Demo data for ``manage.py seed_demo``: what every domain's seeders share, and their registry.

Core holds only the generic parts: the run's context and the idempotent upsert (``base``), the
page and image helpers of content seeders (``content``) and the registry (``registry``). Each
domain owns its demo data and seeder in its own ``demo`` module and registers it here:

    register_seeder("news", seed, after=("organisations",), order=50)

A seeder keys its rows on stable natural keys, so running it again changes and duplicates
nothing. Seeders run in dependency order, in one transaction.
"""

from __future__ import annotations

from cms.core.demo.base import DEFAULT_DEMO_PASSWORD, Credential, SeedContext, Seeder
from cms.core.demo.registry import register_home_page, register_seeder, seeders

__all__ = [
    "DEFAULT_DEMO_PASSWORD",
    "Credential",
    "SeedContext",
    "Seeder",
    "register_home_page",
    "register_seeder",
    "seeders",
]
