"""A FAKE of Meilisearch's HTTP API, for testing what our adapter sends and how it copes.

This is not Meilisearch: no Meilisearch server can be installed on these machines. It is a
small threaded stdlib HTTP server on 127.0.0.1 that records every request and answers the
routes search.backends.meilisearch and search.sync use, in the shapes Meilisearch documents
(https://www.meilisearch.com/docs/reference/api): summarized tasks on 202, task objects with
fractional-second timestamps, ``results`` lists, error bodies with message/code/type/link.

It stores what it is sent but evaluates nothing: a search answers with the stored documents
(or the ids set in ``hits``) in order, whatever the query and filter, with facet counts over
them. What it proves is what our side sends and does with an answer, never what Meilisearch
would find; that is the contract suite's job against a real server (MEILISEARCH_URL).

It can be scripted: ``fail`` (error answers), ``hang`` (answers later than a timeout),
``task_statuses`` (a task seen ``enqueued`` before it ``succeeded``, or ending ``failed``),
``stop`` (connections refused) and ``start`` again on the same port.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: object


@dataclass
class Failure:
    status: int
    code: str
    message: str
    path: str | None  # only requests to this path fail (any when None)
    times: int


@dataclass
class _State:
    requests: list[Recorded] = field(default_factory=list)
    indexes: dict[str, dict] = field(default_factory=dict)  # uid -> {"primaryKey", "settings"}
    documents: dict[str, dict[str, dict]] = field(default_factory=dict)  # uid -> id -> document
    tasks: dict[int, dict] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def error_body(message: str, code: str, error_type: str = "internal") -> dict:
    return {
        "message": message,
        "code": code,
        "type": error_type,
        "link": f"https://docs.meilisearch.com/errors#{code}",
    }


class FakeMeilisearch:
    """A fake Meilisearch HTTP API (see the module's docstring): ``with FakeMeilisearch() as fake``."""

    def __init__(self, api_key: str | None = None, port: int = 0) -> None:
        self.api_key = api_key
        self.port = port
        self.state = _State()
        self.lock = threading.Lock()
        # Ids (document keys) a search answers with, in order; None: every stored document.
        self.hits: list[str] | None = None
        # Statuses a task goes through, one per GET /tasks/{uid}; the last one stays.
        self.task_statuses: list[str] = ["succeeded"]
        self.task_error: dict | None = None  # the error of a task that ends "failed"
        self.hang_seconds = 0.0
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._next_task = 0

    # --- Running --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeMeilisearch:
        self._release.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: connections to ``url`` are refused until ``start``."""
        self._release.set()  # hung requests end now
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None

    def __enter__(self) -> FakeMeilisearch:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- Scripting ------------------------------------------------------------------------

    def fail(
        self,
        status: int = 500,
        code: str = "internal",
        message: str = "Internal error",
        *,
        path: str | None = None,
        times: int = 1_000_000,
    ) -> None:
        """Answer the next ``times`` requests (to ``path`` only, if given) with an error body."""
        with self.lock:
            self.state.failures.append(Failure(status, code, message, path, times))

    def hang(self, seconds: float) -> None:
        """Answer each request only after ``seconds`` (or at ``stop``): past a client's timeout."""
        self.hang_seconds = seconds

    # --- What it received -----------------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        with self.lock:
            return list(self.state.requests)

    def requests_to(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def documents(self, index: str) -> dict[str, dict]:
        with self.lock:
            return dict(self.state.documents.get(index, {}))

    def settings(self, index: str) -> dict:
        with self.lock:
            return dict(self.state.indexes.get(index, {}).get("settings", {}))

    # --- Answers, as Meilisearch documents them --------------------------------------------

    def _enqueue(
        self, index_uid: str | None, task_type: str, details: dict, error: dict | None = None
    ) -> dict:
        uid = self._next_task
        self._next_task += 1
        enqueued = _now()
        self.state.tasks[uid] = {
            "uid": uid,
            "batchUid": uid,
            "indexUid": index_uid,
            "type": task_type,
            "details": details,
            "forced_error": error,
            "canceledBy": None,
            "enqueuedAt": enqueued,
            "polls": 0,
        }
        return {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": task_type,
            "enqueuedAt": enqueued,
        }

    def _task(self, uid: int) -> dict | None:
        task = self.state.tasks.get(uid)
        if task is None:
            return None
        statuses = self.task_statuses
        status = statuses[min(task["polls"], len(statuses) - 1)]
        task["polls"] += 1
        error = None
        if task["forced_error"] is not None:
            status, error = "failed", task["forced_error"]
        elif status == "failed":
            error = self.task_error or error_body("The task failed.", "internal")
        done = status in ("succeeded", "failed", "canceled")
        now = _now()
        return {
            "uid": uid,
            "batchUid": task["batchUid"],
            "indexUid": task["indexUid"],
            "status": status,
            "type": task["type"],
            "canceledBy": None,
            "details": task["details"],
            "error": error,
            "duration": "PT0.001S" if done else None,
            "enqueuedAt": task["enqueuedAt"],
            "startedAt": now if status != "enqueued" else None,
            "finishedAt": now if done else None,
        }

    def _search(self, query: dict) -> dict:
        uid = query.get("indexUid")
        stored = self.state.documents.get(uid, {})
        ids = list(stored) if self.hits is None else list(self.hits)
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 20))
        page = ids[offset : offset + limit]
        attributes = query.get("attributesToRetrieve")
        hits = []
        for key in page:
            document = stored.get(key, {"id": key})
            hits.append({k: v for k, v in document.items() if attributes is None or k in attributes})
        answer = {
            "indexUid": uid,
            "hits": hits,
            "query": query.get("q", ""),
            "processingTimeMs": 1,
            "limit": limit,
            "offset": offset,
            "estimatedTotalHits": len(ids),
        }
        if query.get("facets"):
            distribution: dict[str, dict[str, int]] = {}
            for facet in query["facets"]:
                counts: dict[str, int] = {}
                for key in ids:
                    values = stored.get(key, {}).get(facet)
                    for value in values if isinstance(values, list) else [values] if values else []:
                        counts[str(value)] = counts.get(str(value), 0) + 1
                distribution[facet] = counts
            answer["facetDistribution"] = distribution
            answer["facetStats"] = {}
        return answer

    def _answer(self, method: str, path: str, body) -> tuple[int, object]:
        state = self.state
        if method == "GET" and path == "/health":
            return 200, {"status": "available"}
        if method == "POST" and path == "/indexes":
            uid = body["uid"]
            if uid in state.indexes:
                error = error_body(
                    f"Index `{uid}` already exists.", "index_already_exists", "invalid_request"
                )
                return 202, self._enqueue(uid, "indexCreation", {"primaryKey": body.get("primaryKey")}, error)
            state.indexes[uid] = {"primaryKey": body.get("primaryKey"), "settings": {}}
            return 202, self._enqueue(uid, "indexCreation", {"primaryKey": body.get("primaryKey")})
        if method == "POST" and path == "/multi-search":
            return 200, {"results": [self._search(query) for query in body["queries"]]}
        match = re.fullmatch(r"/tasks/(\d+)", path)
        if method == "GET" and match:
            task = self._task(int(match[1]))
            if task is None:
                return 404, error_body(f"Task `{match[1]}` not found.", "task_not_found", "invalid_request")
            return 200, task
        match = re.fullmatch(r"/indexes/([A-Za-z0-9_-]+)/(settings|documents|documents/delete-batch)", path)
        if match:
            uid, route = match[1], match[2]
            if route == "settings" and method == "PATCH":
                state.indexes.setdefault(uid, {"primaryKey": None, "settings": {}})["settings"].update(body)
                return 202, self._enqueue(uid, "settingsUpdate", dict(body))
            if route == "documents" and method == "POST":
                stored = state.documents.setdefault(uid, {})
                for document in body:
                    stored[str(document["id"])] = document
                details = {"receivedDocuments": len(body), "indexedDocuments": None}
                return 202, self._enqueue(uid, "documentAdditionOrUpdate", details)
            if route == "documents/delete-batch" and method == "POST":
                stored = state.documents.setdefault(uid, {})
                for key in body:
                    stored.pop(str(key), None)
                details = {"providedIds": len(body), "deletedDocuments": None}
                return 202, self._enqueue(uid, "documentDeletion", details)
        return 404, error_body(
            f"Route `{method} {path}` not handled by the fake.", "not_found", "invalid_request"
        )

    def _failure_for(self, path: str) -> Failure | None:
        for failure in self.state.failures:
            if failure.times > 0 and (failure.path is None or failure.path == path):
                failure.times -= 1
                return failure
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with self.lock:
            self.state.requests.append(
                Recorded(handler.command, url.path, parse_qs(url.query), dict(handler.headers.items()), body)
            )
        if self.hang_seconds:
            self._release.wait(self.hang_seconds)
        with self.lock:
            authorization = handler.headers.get("Authorization", "")
            failure = self._failure_for(url.path)
            if self.api_key and url.path != "/health" and authorization != f"Bearer {self.api_key}":
                status, answer = (
                    403,
                    error_body("The provided API key is invalid.", "invalid_api_key", "auth"),
                )
            elif failure is not None:
                status, answer = failure.status, error_body(failure.message, failure.code)
            else:
                status, answer = self._answer(handler.command, url.path, body)
        data = json.dumps(answer).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:  # the client gave up (timed out) before the answer
            pass

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                fake._handle(self)

            do_POST = do_PATCH = do_PUT = do_DELETE = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        return Handler
