from __future__ import annotations

from pathlib import Path

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"


def run_operation(gql, file: str, operation: str, variables: dict | None = None) -> dict:
    """Run one named operation of a contract file; it must answer without errors."""
    result = gql.client.post(
        "/graphql/",
        data={
            "query": (OPERATIONS / file).read_text(encoding="utf-8"),
            "operationName": operation,
            "variables": variables or {},
        },
        content_type="application/json",
    ).json()
    assert "errors" not in result, result.get("errors")
    return result["data"]
