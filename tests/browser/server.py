"""The server the browser tests drive: what a newcomer gets from `make run`, on a free port.

A fresh SQLite database in a temporary ``VAR_DIR``, ``manage.py migrate``, ``manage.py seed_demo``,
then ``manage.py runserver`` (Django's development server through daphne, DEBUG on, which serves
the static files): the commands of the Makefile's ``run`` target, with the environment of a
newcomer's shell (no ``DATABASE_URL``, ``REDIS_URL``, ``AWS_*`` or other settings of this run).
Nothing here uses pytest-django's test database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a newcomer's shell holds; every setting of the project (README's table) is left out.
NEWCOMER_VARIABLES = (
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "TMPDIR",
    "TZ",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
)
# seed_demo's accounts and their password (DEMO_ADMIN_PASSWORD is not passed to the server).
DEMO_PASSWORD = "CongDoanSo@2026"
OFFICERS = {
    "admin": "superuser",
    "bientap.ldld": "federation editor",
    "bientap.kcn": "industrial-zone union editor",
    "bientap.luxshare": "grassroots union editor",
    "vanthu.ldld": "document clerk",
    "phananh.ldld": "feedback handler",
}
STARTUP_TIMEOUT = 120  # seconds for runserver to answer /healthz on a loaded 2-core machine
COMMAND_TIMEOUT = 600  # migrate and seed_demo take about 30 s

# Read from the seeded database once, before the server starts (manage.py shell): what the
# scenarios compare the admin with. Names, not ids, wherever an editor would read a name.
FACTS_SCRIPT = r"""
import json
from wagtail.models import Page

from cms.announcements.models import AnnouncementIndexPage
from cms.documents.models import DocumentIndexPage, OfficialDocumentPage
from cms.members.models import Member
from cms.news.models import NewsIndexPage, NewsPage
from cms.organisations.models import Organisation

def names(queryset):
    return sorted(o.name for o in queryset)

root = Organisation.objects.get(depth=1)
kcn = Organisation.objects.get(code="cd-kkt-kcn")
luxshare = Organisation.objects.get(code="cdcs-luxshare")
kcn_tree = Organisation.objects.filter(path__startswith=kcn.path)
document = OfficialDocumentPage.objects.get(number_symbol="21/TB-LĐLĐ")
federation_news = NewsPage.objects.live().filter(organisation=root).order_by("path").first()
inside = Member.objects.filter(organisation__in=kcn_tree, status="active").order_by("pk").first()
outside = Member.objects.exclude(organisation__in=kcn_tree).filter(status="active").order_by("pk").first()
facts = {
    # The explorer's way to the sections editors publish in: the home page, then the section.
    "root_page_id": Page.get_first_root_node().pk,
    "home": Page.objects.get(depth=2).title,
    "sections": {
        "news": NewsIndexPage.objects.get().title,
        "announcements": AnnouncementIndexPage.objects.get().title,
        "documents": DocumentIndexPage.objects.get().title,
    },
    "organisations": {o.code: o.name for o in Organisation.objects.filter(code__in=[root.code, kcn.code, luxshare.code])},
    "root_code": root.code,
    "federation_unions_active": names(Organisation.objects.filter(depth=2, status="active")),
    "kcn_subtree": names(kcn_tree),
    "kcn_subtree_active": names(kcn_tree.filter(status="active")),
    "document_21": {
        "id": document.pk,
        "title": document.title,
        "number_symbol": document.number_symbol,
        "audience": names(document.audience.all()),
        "recipients": names(document.recipients.all()),
        "recipient_codes": sorted(document.recipients.values_list("code", flat=True)),
    },
    "federation_news": {"id": federation_news.pk, "title": federation_news.title},
    "member_inside_kcn": {"name": inside.full_name, "phone": inside.phone, "organisation": inside.organisation.name},
    "member_outside_kcn": {"name": outside.full_name, "phone": outside.phone},
    "member_phones": sorted(Member.objects.values_list("phone", flat=True)),
}
print("FACTS=" + json.dumps(facts, ensure_ascii=False))
"""


def newcomer_environment(var_dir: Path) -> dict[str, str]:
    env = {name: os.environ[name] for name in NEWCOMER_VARIABLES if name in os.environ}
    env.update(VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class DemoServer:
    base_url: str
    var_dir: Path
    log_path: Path
    facts: dict
    process: subprocess.Popen | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int, limit: int = 6000) -> str:
        """What the server wrote since ``offset`` (its tracebacks, for the guard's report)."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", errors="replace")
        return text if len(text) <= limit else "…" + text[-limit:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def _manage(args: list[str], env: dict[str, str], log_path: Path) -> str:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    with log_path.open("a", encoding="utf-8") as log:
        log.write(
            f"$ manage.py {' '.join(args[:1])} ({time.monotonic() - started:.1f} s, exit {result.returncode})\n"
        )
        log.write(result.stdout[-20000:] + result.stderr[-20000:])
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args[:1])}` failed (exit {result.returncode}) while setting up the demo "
            f"server as `make run` does:\n{(result.stdout + result.stderr)[-4000:]}",
            pytrace=False,
        )
    return result.stdout


def start_demo_server(var_dir: Path) -> DemoServer:
    """Migrate, seed the demo and start runserver in ``var_dir``; return once /healthz answers."""
    env = newcomer_environment(var_dir)
    log_path = var_dir / "server.log"
    _manage(["migrate", "--noinput"], env, log_path)
    _manage(["seed_demo"], env, log_path)
    output = _manage(["shell", "-c", FACTS_SCRIPT], env, log_path)
    facts = json.loads(
        next(line for line in output.splitlines() if line.startswith("FACTS="))[len("FACTS=") :]
    )

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = log_path.open("a", encoding="utf-8")
    log.write(f"$ manage.py runserver 127.0.0.1:{port} --noreload\n")
    log.flush()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    server = DemoServer(base_url=base_url, var_dir=var_dir, log_path=log_path, facts=facts, process=process)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=5) as response:
                if response.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            pytest.fail(
                f"`manage.py runserver` did not answer /healthz within {STARTUP_TIMEOUT} s:\n"
                + server.log_since(0)[-4000:],
                pytrace=False,
            )
        time.sleep(0.3)
