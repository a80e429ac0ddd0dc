"""A choice's name in the request's language, from a table built once per model field.

Django's ``get_FOO_display()`` rebuilds the dictionary of the field's choices on every call
(``make_hashable`` over each choice): in the union directory's 50 rows with two labels each, that
was a fifth of the list's Python time. The table holds the lazy labels, so each call still
translates into the request's language.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _labels(model: type, name: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(name).flatchoices)


def choice_label(instance: Any, name: str) -> str:
    """What ``instance.get_<name>_display()`` says: the label of its value, or the value itself
    when it is not one of the choices ("" for none)."""
    value = getattr(instance, name)
    if value is None:
        return ""
    return str(_labels(instance._meta.model, name).get(value, value))
