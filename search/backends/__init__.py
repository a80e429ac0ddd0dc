"""Search backends: ``database`` (always there, the source of truth) and ``meilisearch``.

Each answers ``search(request: SearchRequest) -> SearchResults`` (search.results). A backend
that cannot answer raises ``BackendUnavailable``; search.query then answers from the database.
"""


class BackendUnavailable(Exception):
    """The backend did not answer (down, timed out, refused): use another one."""
