"""Strings from outside are text: control characters are refused before any resolver runs.

PostgreSQL refuses NUL in text and no driver can encode a lone surrogate, so such a value
would reach the database and come back as a bug (``INTERNAL_SERVER_ERROR`` with a logged
traceback); SQLite would accept it silently. No app sends them on purpose: they are typing
accidents, bad encoders or probes.

One rule for every string a request carries, whatever its type (``String``, ``ID``, dates,
enums given as variables) and wherever it sits (argument, input object field, list item,
variable default): the C0 controls other than tab, line feed and carriage return (free text
keeps its tabs and line breaks) and the surrogate code points U+D800–U+DFFF are refused with
``BAD_USER_INPUT``, naming the argument or variable.

Refused rather than stripped: most of these strings are identifiers (codes, paths, slugs,
cursors, tokens, phone numbers), and stripping would quietly turn ``cd-kcn\\x00`` into
``cd-kcn`` and answer for a value the app never sent; it would also hide the app's bug.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from graphql_api.core.errors import ApiError, ApiErrorCode

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def first_forbidden_character(value: str) -> tuple[int, str] | None:
    """The position and the first character of ``value`` a request may not send, or None."""
    found = _FORBIDDEN.search(value)
    return (found.start(), found.group()) if found else None


def _describe(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if "\ud800" <= character <= "\udfff":
        return f"{code}, which is not a character"
    return f"the control character {code}"


def _dotted(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text += part if part.startswith("[") or not text else f".{part}"
    return text


def _variable_strings(variables: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every string in the variables (dictionary keys included), with where it is.

    Iterative: JSON parsing allows values nested about a thousand deep.
    """
    stack: list[tuple[list[str], Any]] = [([f"${name}"], value) for name, value in variables.items()]
    stack.reverse()
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield _dotted(path), value
        elif isinstance(value, dict):
            items = list(value.items())
            for key, item in reversed(items):
                if isinstance(key, str):
                    yield _dotted(path), key
                stack.append(([*path, str(key)], item))
        elif isinstance(value, list):
            stack.extend(([*path, f"[{i}]"], item) for i, item in reversed(list(enumerate(value))))


class _LiteralStrings(Visitor):
    """Collects the first string literal of the document holding a forbidden character."""

    def __init__(self) -> None:
        super().__init__()
        self.found: tuple[str, str] | None = None

    def enter_string_value(self, node: StringValueNode, _key, parent, _path, ancestors) -> Any:
        if first_forbidden_character(node.value) is None:
            return None
        names = []
        label = "Argument"
        for ancestor in (*ancestors, parent):  # graphql-core's ancestors stop before the parent
            if isinstance(ancestor, VariableDefinitionNode):
                label = "Default of variable"
                names.append(f"${ancestor.variable.name.value}")
            elif isinstance(ancestor, ArgumentNode | ObjectFieldNode):
                names.append(ancestor.name.value)
        self.found = (f"{label} `{_dotted(names)}`", node.value)
        return self.BREAK


def _literal_problem(document: DocumentNode, query: str | None) -> tuple[str, str] | None:
    # A literal can hold a control character only through an escape (or a raw character the
    # lexer refuses): a query with neither needs no walk. That is nearly every query.
    if query is not None and "\\" not in query and first_forbidden_character(query) is None:
        return None
    visitor = _LiteralStrings()
    visit(document, visitor)
    return visitor.found


def check_request_strings(
    document: DocumentNode | None, query: str | None, variables: dict[str, Any] | None
) -> None:
    """Raise ``BAD_USER_INPUT`` for the first forbidden character in the request's strings."""
    for where, value in _variable_strings(variables or {}):
        found = first_forbidden_character(value)
        if found is not None:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"Variable `{where}` contains {_describe(found[1])}.")
    problem = _literal_problem(document, query) if document is not None else None
    if problem is not None:
        where, value = problem
        found = first_forbidden_character(value)
        assert found is not None
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"{where} contains {_describe(found[1])}.")


class RejectControlCharacters(SchemaExtension):
    """Refuse, before execution, a request with a control character in any of its strings.

    Runs after parsing and validation (the document is known to be well-formed) and before
    graphql-core coerces the variables; raising here ends the operation with this one error,
    for queries, mutations and subscriptions alike.
    """

    def on_execute(self):
        context = self.execution_context
        if context.result is None:  # not already refused (an invalid token)
            check_request_strings(context.graphql_document, context.query, context.variables)
        yield
