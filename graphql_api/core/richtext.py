"""Rich text out of the database format: internal links and embedded images resolved."""

from __future__ import annotations

from wagtail.rich_text import expand_db_html


def rich_text_html(value) -> str:
    if not value:
        return ""
    return expand_db_html(str(value.source if hasattr(value, "source") else value))
