"""cms/core is shared by every domain and depends on none of the content domains.

The union tree (organisations) and the members are the ground everything stands on, so core
may use them; a content domain (news, documents, home...) plugs into core instead: its demo
seeder registers itself, its pages subclass core's content base.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cms

CMS = Path(cms.__file__).resolve().parent
CORE = CMS / "core"
# Not content domains: what core's access rules and admin are written against.
FOUNDATIONS = {"core", "organisations", "members"}
CONTENT_DOMAINS = sorted(
    path.name for path in CMS.iterdir() if (path / "__init__.py").is_file() and path.name not in FOUNDATIONS
)


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``source``, at any depth, relative ones resolved.

    ``from cms import news`` imports the domain as surely as ``import cms.news``: the imported
    names are reported as modules too.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(CMS.parent).parts[:-1])


def is_content_domain(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[0] == "cms" and parts[1] in CONTENT_DOMAINS


def test_the_content_domains_are_known():
    assert {
        "news",
        "announcements",
        "documents",
        "legal",
        "benefits",
        "contests",
        "jobs",
        "congress",
        "home",
        "statistics",
    } <= set(CONTENT_DOMAINS)


def test_core_imports_no_content_domain():
    # when
    offending = [
        f"{path.relative_to(CMS.parent)}:{line} imports {module}"
        for path in sorted(CORE.rglob("*.py"))
        for line, module in imported_modules(path.read_text(encoding="utf-8"), package_of(path))
        if is_content_domain(module)
    ]

    # then
    assert offending == []


def test_the_check_sees_imports_in_functions_relative_imports_and_imported_packages():
    # given
    source = (
        "from cms.core.demo.base import Tally\n"
        "from cms.organisations.models import Organisation\n"
        "def seed():\n"
        "    from cms.home.models import HomePage\n"
        "    from ...news import models\n"
        "    from ... import jobs\n"
        "    import cms.legal.models\n"
    )

    # when
    found = [
        (line, module)
        for line, module in imported_modules(source, "cms.core.demo")
        if is_content_domain(module)
    ]

    # then
    assert found == [
        (4, "cms.home.models"),
        (4, "cms.home.models.HomePage"),
        (5, "cms.news"),
        (5, "cms.news.models"),
        (6, "cms.jobs"),
        (7, "cms.legal.models"),
    ]
