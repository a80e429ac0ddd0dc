#!/usr/bin/env python
"""Search at scale: latency of the database backend over 100,000 documents, and rebuild throughput.

The search issue's benchmark (goal: p95 under 100 ms on PostgreSQL). Against its own database,
PostgreSQL or SQLite, the script:

1. migrates it (``manage.py migrate`` in a subprocess) and, unless ``--no-seed``, empties the
   search tables and seeds ``--documents`` search documents through the search package's own
   write path (``search.indexing._write``: the upsert, folding and audience/topic rows that
   ``index_objects`` and ``rebuild`` write; a private function, as no public one takes built
   documents without their objects). The text is Vietnamese union prose drawn from a fixed
   vocabulary with a fixed seed: titles, summaries, bodies of 1,500–3,000 characters; kinds
   spread over ``LISTED_KINDS``; 70% for everyone, 30% addressed to 1–3 of ~3,000
   organisations (a small tree of bench organisations, created once, so ``viewer_organisation_ids``
   resolves); topics; dates over five years; a few whose window has closed or not opened.
   The time spent in ``_write`` is the rebuild throughput (the builders' reading of pages
   excluded: see 4);
2. times ``DatabaseBackend().search(SearchRequest(...))``, the whole call (count, page of ids,
   hits with highlights, kind and topic facets), for a mix of queries (common and rare words,
   abbreviations, a word being typed, no words with a kind filter, a topic filter, ten words)
   for an anonymous viewer and a member of a grassroots union, in rotating rounds after a
   warm-up; prints per query and overall p50 / p95 / max in ms, the number of hits and the load;
3. for the slowest query, times each part of the call alone (count, page ids, hits, kind facets,
   topic facets) and, with ``--explain``, prints each statement's plan (``EXPLAIN ANALYZE`` on
   PostgreSQL, ``EXPLAIN QUERY PLAN`` on SQLite);
4. with ``--pages N`` (> 0), creates N published news pages (``cms.core.demo.bulk``) and times
   the real ``search.indexing.rebuild("news")`` over them, inside a transaction rolled back
   afterwards, so the seeded documents stay as they were.

Usage:  .venv/bin/python benchmarks/search_at_scale.py --database postgres|sqlite
            [--documents 100000] [--queries 440] [--batch 500] [--no-seed] [--pages 2000] [--explain]
            [--explain-query "topic filter"]  (also break down the slowest case of that kind of query)

Databases: PostgreSQL ``postgres://postgres@127.0.0.1:5432/congdoanso_search_bench`` (created if
missing) or SQLite ``/tmp/congdoanso_search_bench.sqlite3``; ``DATABASE_URL`` overrides either.
Meilisearch is switched off (``MEILISEARCH_URL`` empty). On PostgreSQL the search tables get
``VACUUM ANALYZE`` after seeding, as autovacuum would leave them. Statement timeout off.
The machine's load is printed next to the figures: on a shared machine, read them with it.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATABASES = {
    "postgres": "postgres://postgres@127.0.0.1:5432/congdoanso_search_bench",
    "sqlite": "sqlite:////tmp/congdoanso_search_bench.sqlite3",
}
SEED = 20261202
ORG_CODE_PREFIX = "bench-search-"
UPPER_UNIONS = 60
GRASSROOTS_PER_UPPER = 50  # 60 × 50 = 3,000 grassroots unions
YEARS = 5

# Kinds and their shares of the documents (news dominate, as in the province's content).
KIND_SHARES = {
    "news": 0.45,
    "announcement": 0.14,
    "document": 0.15,
    "legal": 0.08,
    "benefit": 0.05,
    "job": 0.08,
    "contest": 0.02,
    "congress": 0.03,
}

# fmt: off
TOPICS = {
    "news": (
        ("news:hoat-dong-cong-doan", "Hoạt động công đoàn"), ("news:chinh-sach", "Chính sách – pháp luật"),
        ("news:doi-song", "Đời sống công nhân"), ("news:guong-dien-hinh", "Gương điển hình"),
        ("news:dai-hoi", "Đại hội công đoàn"), ("news:van-hoa-the-thao", "Văn hóa – thể thao"),
    ),
    "document": (
        ("document:cong-van", "Công văn"), ("document:ke-hoach", "Kế hoạch"),
        ("document:quyet-dinh", "Quyết định"), ("document:huong-dan", "Hướng dẫn"),
        ("document:thong-bao", "Thông báo"), ("document:nghi-quyet", "Nghị quyết"),
    ),
    "legal": (
        ("legal:tien-luong", "Tiền lương"), ("legal:bao-hiem-xa-hoi", "Bảo hiểm xã hội"),
        ("legal:hop-dong-lao-dong", "Hợp đồng lao động"), ("legal:ky-luat", "Kỷ luật lao động"),
        ("legal:an-toan", "An toàn, vệ sinh lao động"), ("legal:tranh-chap", "Tranh chấp lao động"),
    ),
    "benefit": (("benefit:discount", "Ưu đãi mua sắm"), ("benefit:welfare", "Phúc lợi đoàn viên")),
    "job": (("job:full_time", "Toàn thời gian"), ("job:part_time", "Bán thời gian"), ("job:seasonal", "Thời vụ")),
}

PLACES = (
    "Nghi Lộc", "Hưng Nguyên", "Nam Đàn", "Đô Lương", "Yên Thành", "Diễn Châu", "Quỳnh Lưu", "Hoàng Mai",
    "Thái Hòa", "Nghĩa Đàn", "Tân Kỳ", "Anh Sơn", "Con Cuông", "Thanh Chương", "Vinh Hưng", "Cửa Lò",
    "Trường Vinh", "Thành Vinh", "Vinh Phú", "Hưng Dũng", "Quỳ Hợp", "Tương Dương", "Kỳ Sơn", "Quế Phong",
)
ZONES = ("VSIP Nghệ An", "WHA Nghệ An", "Nam Cấm", "Bắc Vinh", "Hoàng Mai I", "Đông Hồi")
BRANDS = (
    "Hoàng Long", "Minh Phát", "Thành Đạt", "An Phú", "Hưng Thịnh", "Việt Tiến", "Sông Lam", "Hồng Lĩnh",
    "Trường An", "Tân Phát", "Nam Việt", "Phúc Hưng", "Hòa Bình", "Quang Minh", "Hansol", "Foxlink",
    "Goertek", "Kyung Bang", "Namyang", "Sunwoo", "Vinatex", "Tiến Phong",
)
TRADES = ("May", "Giày da", "Điện tử", "Cơ khí", "Bao bì", "Chế biến gỗ", "Thực phẩm", "Nhựa", "Dệt may")
UNIONS = (
    "Công đoàn cơ sở Công ty TNHH {trade} {brand}", "Công đoàn cơ sở Công ty CP {trade} {brand}",
    "Công đoàn các Khu kinh tế tỉnh", "Liên đoàn Lao động tỉnh", "Công đoàn phường {place}",
    "Công đoàn xã {place}", "Công đoàn Trường THCS {place}", "Công đoàn Trạm Y tế xã {place}",
    "Công đoàn ngành Giáo dục", "Công đoàn ngành Y tế", "Nghiệp đoàn cơ sở xe ôm {place}",
)
WHO = (
    "người lao động", "đoàn viên công đoàn", "công nhân", "công nhân nữ", "lao động nữ", "cán bộ công đoàn",
    "người sử dụng lao động", "đoàn viên có hoàn cảnh khó khăn", "công nhân lao động khu công nghiệp",
    "lao động phổ thông", "giáo viên", "nhân viên y tế", "lao động tự do", "người lao động mất việc làm",
)
SUBJECTS = (
    "tiền lương", "tiền lương tối thiểu vùng", "tiền thưởng Tết", "bảo hiểm xã hội", "bảo hiểm y tế",
    "bảo hiểm thất nghiệp", "BHXH một lần", "hợp đồng lao động", "HĐLĐ xác định thời hạn",
    "thỏa ước lao động tập thể", "an toàn vệ sinh lao động", "thời giờ làm việc", "làm thêm giờ",
    "nghỉ phép năm", "chế độ thai sản", "chế độ ốm đau", "bữa ăn ca", "nhà ở cho công nhân",
    "tiền thuê nhà trọ", "đối thoại tại nơi làm việc", "kỷ luật lao động", "trợ cấp thôi việc",
    "đoàn phí công đoàn", "kinh phí công đoàn", "phát triển đoàn viên", "chuyển đổi số", "quyền lợi đoàn viên",
)
EVENTS = (
    "Tết Sum vầy", "Mái ấm Công đoàn", "Tháng Công nhân", "Tháng hành động về an toàn vệ sinh lao động",
    "Hội nghị người lao động", "Đại hội công đoàn cơ sở", "hội thi an toàn vệ sinh viên giỏi",
    "Chuyến xe Công đoàn", "Phiên chợ nghĩa tình", "giải bóng đá công nhân", "Ngày hội việc làm",
    "chương trình Phúc lợi cho đoàn viên", "hội thao công nhân lao động", "tuyên dương Gương sáng lao động",
)
VERBS = (
    "tổ chức", "triển khai", "phát động", "hướng dẫn", "tập huấn", "kiểm tra", "tổng kết", "ký kết",
    "hỗ trợ", "thăm hỏi", "giám sát", "tuyên truyền", "đối thoại về", "kiến nghị về",
)
TITLES = (
    "{union} {verb} {event} năm {year}",
    "{union} {verb} {subject} cho {who}",
    "Hướng dẫn {subject} cho {who}",
    "Những điểm mới về {subject} từ năm {year}",
    "{who} được hỗ trợ {subject} dịp {event}",
    "Giải đáp thắc mắc về {subject} của {who}",
    "Kế hoạch {event} năm {year} của {union}",
    "Công văn về việc {verb} {subject} tại khu công nghiệp {zone}",
    "{event}: chăm lo cho {who} tại {place}",
    "Quyết định khen thưởng tập thể, cá nhân trong {event} năm {year}",
)
SENTENCES = (
    "Năm {year}, {union} đã {verb} {subject} cho {number} {who}, góp phần ổn định đời sống và việc làm.",
    "Theo quy định của Bộ luật Lao động, {who} được bảo đảm {subject} và các quyền lợi hợp pháp khác.",
    "Công đoàn cơ sở phối hợp với người sử dụng lao động rà soát {subject} và kịp thời giải quyết kiến nghị của người lao động.",
    "Chương trình {event} năm nay dành {number} suất quà cho {who} tại các khu công nghiệp {zone} và {place}.",
    "Ban Chấp hành công đoàn cơ sở đề nghị doanh nghiệp nâng chất lượng bữa ăn ca và cải thiện điều kiện làm việc.",
    "Liên đoàn Lao động tỉnh đề nghị các cấp công đoàn đẩy mạnh tuyên truyền về {subject} đến từng đoàn viên.",
    "Thỏa ước lao động tập thể được ký kết với nhiều điều khoản có lợi hơn cho người lao động so với quy định của pháp luật.",
    "Người lao động tham gia bảo hiểm xã hội bắt buộc được hưởng các chế độ ốm đau, thai sản, tai nạn lao động, bệnh nghề nghiệp và hưu trí.",
    "Doanh nghiệp chậm đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp cho người lao động bị xử phạt theo quy định.",
    "Hợp đồng lao động phải được giao kết bằng văn bản và ghi rõ công việc, địa điểm làm việc, mức lương, thời hạn của hợp đồng.",
    "Khi xảy ra tranh chấp lao động tập thể, công đoàn đại diện người lao động thương lượng với người sử dụng lao động trước khi tính đến đình công.",
    "Cuộc đình công tự phát của {number} công nhân tại khu công nghiệp {zone} đã được công đoàn và các ngành chức năng giải quyết ổn thỏa.",
    "Quỹ Mái ấm Công đoàn đã hỗ trợ xây mới và sửa chữa {number} ngôi nhà cho đoàn viên có hoàn cảnh khó khăn tại {place}.",
    "Dịp Tết Sum vầy, công đoàn trao tặng vé xe về quê, tổ chức gian hàng 0 đồng và thăm hỏi {who} không có điều kiện về quê đón Tết.",
    "Mức lương tối thiểu vùng tăng từ ngày 1 tháng 7 năm {year}, doanh nghiệp phải điều chỉnh tiền lương trong hợp đồng lao động.",
    "Tháng hành động về an toàn, vệ sinh lao động nhằm nâng cao nhận thức phòng ngừa tai nạn lao động, bệnh nghề nghiệp.",
    "Công đoàn {verb} {subject} tại {union}, lắng nghe tâm tư, nguyện vọng của {who}.",
    "Đoàn viên công đoàn được hưởng ưu đãi khi mua sắm tại các đơn vị liên kết của chương trình Phúc lợi cho đoàn viên.",
    "Công đoàn các Khu kinh tế tỉnh kiến nghị hỗ trợ tiền thuê nhà trọ cho công nhân nữ đang nuôi con nhỏ dưới sáu tuổi.",
    "Người lao động làm thêm giờ vào ngày thường được trả lương ít nhất bằng 150% tiền lương của công việc đang làm.",
    "Hội nghị người lao động năm {year} thông qua quy chế dân chủ tại cơ sở, quy chế thi đua khen thưởng và thỏa ước lao động tập thể.",
    "Cán bộ công đoàn được tập huấn kỹ năng thương lượng, đối thoại và giải quyết tranh chấp lao động tại nơi làm việc.",
    "Người lao động nghỉ việc có thể hưởng trợ cấp thất nghiệp nếu đã đóng bảo hiểm thất nghiệp đủ mười hai tháng trở lên.",
    "Kế hoạch số {number}/KH-LĐLĐ hướng dẫn các công đoàn cơ sở {verb} {subject} trong năm {year}.",
    "{union} vận động {number} đoàn viên tham gia {event}, lan tỏa tinh thần tương thân tương ái.",
    "Từ ngày 1 tháng 7 năm 2025, Luật Bảo hiểm xã hội năm 2024 có hiệu lực với nhiều điểm mới về BHXH một lần và lương hưu.",
    "Phát triển đoàn viên, thành lập công đoàn cơ sở tại các doanh nghiệp ngoài nhà nước là nhiệm vụ trọng tâm của năm {year}.",
    "Lao động nữ mang thai được nghỉ sinh con sáu tháng hưởng chế độ thai sản theo quy định của Luật Bảo hiểm xã hội.",
)
SUMMARIES = (
    "{union} {verb} {subject} cho {who} trong {event} năm {year}.",
    "Hướng dẫn mới về {subject} giúp {who} hiểu rõ quyền và nghĩa vụ của mình.",
    "Hơn {number} {who} tại khu công nghiệp {zone} được hưởng lợi từ {event}.",
    "Những điều {who} cần biết về {subject} khi làm việc tại {place}.",
)
TEN_WORDS = "hỗ trợ tiền thuê nhà trọ cho công nhân nữ nuôi"
# fmt: on


@dataclass(frozen=True)
class Query:
    label: str  # the kind of query, for the per-kind summary
    text: str
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


QUERIES = (
    Query("common word", "công đoàn"),
    Query("common word", "cong doan"),
    Query("rare word", "đình công"),
    Query("rare word", "thỏa ước"),
    Query("abbreviation", "BHXH"),
    Query("abbreviation", "HĐLĐ"),
    Query("typing a word", "lươ"),
    Query("typing a word", "bảo hi"),
    Query("no words, kind", "", kinds=("document",)),
    Query("topic filter", "tiền lương", topics=("news:chinh-sach",)),
    Query("ten words", TEN_WORDS),
)


def environment(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DATABASES[database])
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DEBUG": "0",
            "MEILISEARCH_URL": "",
            "DATABASE_STATEMENT_TIMEOUT_MS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def migrate(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        from content_api import ensure_database

        ensure_database(url)
    print(f"database: {url} (migrating)", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * share) - 1, 0)]


# --- Organisations ---------------------------------------------------------------------------


@dataclass
class Tree:
    root: object
    upper: list
    grassroots: list

    @property
    def by_pk(self) -> dict:
        if not hasattr(self, "_by_pk"):
            self._by_pk = {org.pk: org for org in [self.root, *self.upper, *self.grassroots]}
        return self._by_pk


def organisations() -> Tree:
    """A federation, 60 upper-level unions and 3,000 grassroots unions (created once)."""
    from cms.core.demo.bulk import add_sorted_children
    from cms.organisations.models import Organisation, OrganisationKind, OrganisationLevel
    from search.normalize import fold

    def new(code: str, name: str, level: str, kind: str) -> Organisation:
        org = Organisation(code=ORG_CODE_PREFIX + code, name=name, level=level, kind=kind)
        org.search_name = fold(name)
        return org

    mine = Organisation.objects.filter(code__startswith=ORG_CODE_PREFIX)
    if not mine.filter(level=OrganisationLevel.FEDERATION).exists():
        started = time.perf_counter()
        root = Organisation.add_root(
            instance=new(
                "root", "Liên đoàn Lao động tỉnh (bench)", OrganisationLevel.FEDERATION, "federation"
            )
        )
        upper = add_sorted_children(
            Organisation,
            root,
            [
                new(f"u{i}", f"Công đoàn {PLACES[i % len(PLACES)]} {i}", OrganisationLevel.UPPER, "commune")
                for i in range(UPPER_UNIONS)
            ],
            sort_key=lambda org: org.search_name,
        )
        for i, parent in enumerate(upper):
            add_sorted_children(
                Organisation,
                parent,
                [
                    new(
                        f"g{i}-{j}",
                        f"Công đoàn cơ sở Công ty {BRANDS[(i + j) % len(BRANDS)]} {i}-{j}",
                        OrganisationLevel.GRASSROOTS,
                        OrganisationKind.ENTERPRISE,
                    )
                    for j in range(GRASSROOTS_PER_UPPER)
                ],
                sort_key=lambda org: org.search_name,
            )
        print(f"organisations: created {mine.count():,} in {time.perf_counter() - started:.1f} s")
    rows = list(mine.only("pk", "path", "level").order_by("path"))
    return Tree(
        root=next(o for o in rows if o.level == OrganisationLevel.FEDERATION),
        upper=[o for o in rows if o.level == OrganisationLevel.UPPER],
        grassroots=[o for o in rows if o.level == OrganisationLevel.GRASSROOTS],
    )


# --- Documents -------------------------------------------------------------------------------


class Writer:
    """Vietnamese union prose from the vocabulary above, drawn with a fixed seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str) -> str:
        rng = self.rng
        union = rng.choice(UNIONS).format(
            trade=rng.choice(TRADES), brand=rng.choice(BRANDS), place=rng.choice(PLACES)
        )
        return template.format(
            union=union,
            verb=rng.choice(VERBS),
            event=rng.choice(EVENTS),
            subject=rng.choice(SUBJECTS),
            who=rng.choice(WHO),
            zone=rng.choice(ZONES),
            place=rng.choice(PLACES),
            year=rng.randint(2020, 2026),
            number=rng.randint(12, 2400),
        )

    def title(self) -> str:
        text = self.fill(self.rng.choice(TITLES))
        return text[0].upper() + text[1:]

    def summary(self) -> str:
        return self.fill(self.rng.choice(SUMMARIES))

    def body(self) -> str:
        target = self.rng.randint(1_500, 3_000)
        paragraphs, length, sentences = [], 0, []
        while length < target:
            sentence = self.fill(self.rng.choice(SENTENCES))
            sentence = sentence[0].upper() + sentence[1:]
            sentences.append(sentence)
            length += len(sentence) + 1
            if len(sentences) >= self.rng.randint(3, 6):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)


def built_documents(count: int, tree: Tree, rng: random.Random):
    """(kind, object_id, Built) for ``count`` documents, in a deterministic order."""
    from django.utils import timezone

    from search.documents import Built

    writer = Writer(rng)
    kinds, weights = list(KIND_SHARES), list(KIND_SHARES.values())
    next_id = dict.fromkeys(kinds, 0)
    now = timezone.now()
    span = timedelta(days=365 * YEARS).total_seconds()
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        next_id[kind] += 1
        day = now - timedelta(seconds=span * rng.random() ** 1.3)  # more of them recent
        audience: list[int] = []
        publisher = tree.root
        if rng.random() < 0.30:
            for _ in range(rng.choice((1, 1, 2, 3))):
                pool = tree.upper if rng.random() < 0.25 else tree.grassroots
                audience.append(rng.choice(pool).pk)
            publisher = tree.by_pk[audience[0]]  # a union publishes for its own subtree
            audience = sorted(set(audience))
        visible_from = visible_until = None
        roll = rng.random()
        if roll < 0.02:  # an announcement or job whose window has closed
            visible_until = day + timedelta(days=rng.randint(7, 60))
            visible_until = min(visible_until, now - timedelta(days=1))
        elif roll < 0.025:  # scheduled, not live yet
            visible_from = now + timedelta(days=rng.randint(1, 30))
        topics = []
        if kind in TOPICS:
            topics = rng.sample(TOPICS[kind], 2 if kind == "news" and rng.random() < 0.3 else 1)
        organisation = publisher
        yield (
            kind,
            next_id[kind],
            Built(
                title=writer.title(),
                summary=writer.summary(),
                body=writer.body(),
                extra=f"{rng.randint(1, 999)}/KH-LĐLĐ" if kind == "document" else "",
                date=day,
                organisation_id=organisation.pk,
                organisation_path=organisation.path,
                audience_ids=audience,
                visible_from=visible_from,
                visible_until=visible_until,
                path=f"/{kind}/{next_id[kind]}/",
                topics=topics,
            ),
        )


def seed(count: int, batch: int, tree: Tree) -> None:
    from django.db import connection, transaction

    from search.indexing import _write
    from search.models import SearchAudience, SearchDocument, SearchText, SearchTopic

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {SearchTopic._meta.db_table}, {SearchAudience._meta.db_table}, "
                f"{SearchText._meta.db_table}, {SearchDocument._meta.db_table} RESTART IDENTITY"
            )
    else:
        with transaction.atomic():
            SearchDocument.objects.all().delete()  # the triggers empty search_fts
    print(f"emptied the search tables in {time.perf_counter() - started:.1f} s; seeding {count:,} ({load()})")

    rng = random.Random(SEED)
    documents = built_documents(count, tree, rng)
    generate = write = 0.0
    done = 0
    started = time.perf_counter()
    while done < count:
        t0 = time.perf_counter()
        chunk = [next(documents) for _ in range(min(batch, count - done))]
        t1 = time.perf_counter()
        by_kind: dict[str, list] = {}
        for kind, object_id, built in chunk:
            by_kind.setdefault(kind, []).append((object_id, built))
        with transaction.atomic():
            for kind, items in by_kind.items():
                _write(kind, items)
        t2 = time.perf_counter()
        generate += t1 - t0
        write += t2 - t1
        done += len(chunk)
        if done % (batch * 20) == 0 or done == count:
            print(
                f"  {done:>9,} documents  {time.perf_counter() - started:7.1f} s  "
                f"write {done / write:6.0f} docs/s  ({load()})",
                flush=True,
            )
    print(
        f"seeded {count:,} documents in {time.perf_counter() - started:.1f} s: text generation {generate:.1f} s, "
        f"search.indexing._write {write:.1f} s = {count / write:,.0f} documents/s "
        f"(batches of {batch}, one transaction each; {load()})"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (SearchDocument, SearchText, SearchAudience, SearchTopic):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
            label = "VACUUM ANALYZE"
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            label = "FTS5 optimize"
    print(f"{label}: {time.perf_counter() - started:.1f} s")


# --- Timing ----------------------------------------------------------------------------------


@dataclass
class Case:
    query: Query
    viewer_name: str
    viewer: object
    times: list[float] = field(default_factory=list)
    total: int = 0
    total_is_exact: bool = True
    facets: str = ""

    def request(self, offset: int = 0):
        from search.parsing import parse
        from search.results import SearchRequest

        return SearchRequest(
            viewer=self.viewer,
            query=parse(self.query.text),
            kinds=self.query.kinds,
            topics=self.query.topics,
            offset=offset,
        )


def member_viewer(tree: Tree):
    """A member of the grassroots union that the most documents are addressed to (or to its parent)."""
    from django.db.models import Count

    from cms.core.visibility import Viewer
    from search.models import SearchAudience

    by_org = dict(
        SearchAudience.objects.values_list("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    union = max(tree.grassroots, key=lambda org: by_org.get(org.pk, 0))
    return Viewer(organisation_paths=tuple(union.ancestor_paths()), is_authenticated=True, user_id=1), union


def run_queries(cases: list[Case], queries: int) -> None:
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    for case in cases:  # warm-up: connections, compiled regexes, the database's caches
        results = backend.search(case.request())
        case.total = results.total
        case.total_is_exact = results.total_is_exact
        capped = sum(not facet.is_exact for facet in results.kinds + results.topics)
        case.facets = f"{len(results.kinds)} kinds, {len(results.topics)} topics" + (
            f" ({capped} capped)" if capped else ""
        )
    rounds = max(math.ceil(queries / len(cases)), 1)
    for round_ in range(rounds):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            request = case.request()
            started = time.perf_counter()
            backend.search(request)
            case.times.append(time.perf_counter() - started)


def report(cases: list[Case]) -> None:
    ms = 1000
    print(
        f"\nDatabaseBackend().search(), the whole call, ms ({len(cases[0].times)} timed calls per row; {load()})\n"
    )
    print(f"{'query':36} {'viewer':9} {'hits':>7} {'p50':>7} {'p95':>7} {'max':>7}  facets")
    for case in cases:
        text = repr(case.query.text) + "".join(
            f" {name}={','.join(values)}"
            for name, values in (("kind", case.query.kinds), ("topic", case.query.topics))
            if values
        )
        print(
            f"{text[:36]:36} {case.viewer_name:9} {f'{case.total:,}' + ('' if case.total_is_exact else '+'):>7} {statistics.median(case.times) * ms:7.1f} "
            f"{percentile(case.times, 0.95) * ms:7.1f} {max(case.times) * ms:7.1f}  {case.facets}"
        )
    print(f"\n{'by kind of query':24} {'p50':>7} {'p95':>7} {'max':>7}")
    labels = list(dict.fromkeys(case.query.label for case in cases))
    for label in labels:
        values = [t for case in cases if case.query.label == label for t in case.times]
        print(
            f"{label:24} {statistics.median(values) * ms:7.1f} {percentile(values, 0.95) * ms:7.1f} {max(values) * ms:7.1f}"
        )
    for viewer in dict.fromkeys(case.viewer_name for case in cases):
        values = [t for case in cases if case.viewer_name == viewer for t in case.times]
        print(
            f"{'all, ' + viewer:24} {statistics.median(values) * ms:7.1f} {percentile(values, 0.95) * ms:7.1f} {max(values) * ms:7.1f}"
        )
    values = [t for case in cases for t in case.times]
    print(
        f"{'ALL':24} {statistics.median(values) * ms:7.1f} {percentile(values, 0.95) * ms:7.1f} {max(values) * ms:7.1f}"
        f"   ({len(values)} calls)"
    )


def breakdown(case: Case, repeat: int = 3) -> list[tuple[str, list]]:
    """Each part of the slowest call alone, and the statements one call sends."""
    from django.db import connection

    from search.backends.database import DatabaseBackend, filtered, searching
    from search.highlight import highlight
    from search.models import SearchDocument
    from search.results import TOTAL_CAP

    backend = DatabaseBackend()
    request = case.request()
    with searching(request.query):
        sample = backend._sample(filtered(request), request.query)
        every_match = len(sample) <= TOTAL_CAP
        ids = backend._page_ids(request, every_match=every_match)
    parts = {
        "total (first 1,001 ids)": lambda: backend._sample(filtered(request), request.query),
        "page of ids (ranked)": lambda: backend._page_ids(request, every_match=every_match),
        "hits: rows + highlights": lambda: [
            highlight(doc, request.query)
            for doc in SearchDocument.objects.select_related("text").in_bulk(ids).values()
        ],
        "kind facets": lambda: backend._kind_facets(request, sample),
        "topic facets": lambda: backend._topic_facets(request, sample),
        "whole call": lambda: backend.search(request),
    }
    print(
        f"\nThe slowest query, {case.query.text!r} for the {case.viewer_name} viewer, part by part (median of {repeat}, ms)"
    )
    for name, call in parts.items():
        times = []
        for _ in range(repeat + 1):
            # Each part in what a search's statements run in (planner settings; SQLite: the
            # matches read into a temporary table, not timed here).
            with searching(request.query):
                started = time.perf_counter()
                call()
                times.append(time.perf_counter() - started)
        times = times[1:]
        print(f"  {name:26} {statistics.median(times) * 1000:8.1f}")
    statements: list[tuple[str, list]] = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        backend.search(request)
    return statements


def explain(statements: list[tuple[str, list]], full: bool) -> None:
    from django.db import connection, transaction

    from search.backends.database import _without_jit

    postgres = connection.vendor == "postgresql"
    print(
        f"\nStatements of one call ({len(statements)}), {'EXPLAIN ANALYZE' if postgres else 'EXPLAIN QUERY PLAN'}:"
    )
    statements = [
        (sql, params) for sql, params in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    for number, (sql, params) in enumerate(statements, start=1):
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        # With the planner settings the search's transaction has (search.backends.database).
        with transaction.atomic(), _without_jit(), connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        lines = [row[0] if postgres else f"{row[1]:>3} {row[3]}" for row in rows]
        timing = next((line for line in lines if line.startswith("Execution Time")), "")
        print(f"\n[{number}] {sql[:160]}{'…' if len(sql) > 160 else ''}  {timing}")
        shown = lines if full else lines[:18]
        for line in shown:
            print(f"    {line}")
        if len(shown) < len(lines):
            print(f"    … {len(lines) - len(shown)} more lines (--explain shows them all)")


# --- A real rebuild over news pages ----------------------------------------------------------


def rebuild_news(count: int, tree: Tree) -> None:
    """Create ``count`` published news pages and time ``search.indexing.rebuild("news")`` over them,
    inside a transaction rolled back afterwards."""
    from django.db import transaction
    from wagtail.models import Page

    from cms.core.demo.bulk import publish_pages
    from cms.news.models import NewsIndexPage, NewsPage
    from search import indexing
    from search.models import SearchDocument

    rng = random.Random(SEED + 1)
    writer = Writer(rng)
    with transaction.atomic():
        root = Page.get_first_root_node()
        section = root.add_child(instance=NewsIndexPage(title="Tin tức (bench)", slug=f"bench-news-{SEED}"))
        pages = []
        for number in range(count):
            when = datetime(2022, 1, 1, 8, tzinfo=UTC) + timedelta(hours=number)
            paragraphs = writer.body().split("\n\n")
            audience = [rng.choice(tree.grassroots)] if rng.random() < 0.3 else []
            page = NewsPage(
                title=writer.title()[:250],
                slug=f"bench-{number}",
                summary=writer.summary(),
                date=when.date(),
                author="Ban Tuyên giáo",
                first_published_at=when,
                organisation_id=tree.root.pk,
                body=[("paragraph", f"<p>{p}</p>") for p in paragraphs],
            )
            page.audience = audience
            pages.append(page)
        started = time.perf_counter()
        publish_pages(section, pages)
        print(f"\n{count:,} news pages created in {time.perf_counter() - started:.1f} s ({load()})")
        stale = SearchDocument.objects.filter(kind="news").count() - count
        marks: list[float] = []
        started = time.perf_counter()
        written = indexing.rebuild("news", progress=lambda n: marks.append(time.perf_counter()))
        finished = time.perf_counter()
        pages_seconds = marks[-1] - started
        print(
            f'search.indexing.rebuild("news"): {written:,} pages in {pages_seconds:.1f} s = '
            f"{written / pages_seconds:,.0f} pages/s (read, build, write, batches of {indexing.BATCH_SIZE}); "
            f"then removing {max(stale, 0):,} seeded news documents without a page: {finished - marks[-1]:.1f} s "
            f"({load()}; all rolled back)"
        )
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=sorted(DATABASES), required=True)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--queries", type=int, default=440, help="timed searches in all, over every query and viewer"
    )
    parser.add_argument(
        "--batch", type=int, default=500, help="documents per _write (search.indexing.BATCH_SIZE)"
    )
    parser.add_argument("--no-seed", action="store_true", help="search the documents already there")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    parser.add_argument("--pages", type=int, default=0, help="also time rebuild('news') over N news pages")
    parser.add_argument("--explain", action="store_true", help="print the whole plans of the slowest query")
    parser.add_argument(
        "--explain-query",
        action="append",
        default=[],
        metavar="LABEL",
        help='also break down (and explain) the slowest case of this kind of query, e.g. "topic filter"',
    )
    args = parser.parse_args()

    env = environment(args.database)
    if args.database == "sqlite" and not args.no_seed:
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    migrate(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from cms.core.visibility import Viewer
    from search.models import SearchDocument

    print(f"{os.cpu_count()} cores, {load()}; {connection.vendor} {connection.Database.__name__}")
    tree = organisations()
    if not args.no_seed:
        seed(args.documents, args.batch, tree)
    print(f"search documents: {SearchDocument.objects.count():,}")
    if args.seed_only:
        return
    member, union = member_viewer(tree)
    print(
        f"member viewer: a member of {union.path} (organisation {union.pk}) and its {len(member.organisation_paths) - 1} ancestors"
    )
    cases = [
        Case(query, name, viewer)
        for query in QUERIES
        for name, viewer in (("anonymous", Viewer.anonymous()), ("member", member))
    ]
    print(f"timing {len(QUERIES)} queries × 2 viewers, {args.queries} calls ({load()})", flush=True)
    run_queries(cases, args.queries)
    report(cases)
    worst = max(cases, key=lambda case: statistics.median(case.times))
    chosen = [worst]
    for label in args.explain_query:
        of_label = [case for case in cases if case.query.label == label]
        if not of_label:
            parser.error(f"--explain-query: no query labelled {label!r}")
        case = max(of_label, key=lambda case: statistics.median(case.times))
        if case not in chosen:
            chosen.append(case)
    for case in chosen:
        statements = breakdown(case)
        explain(statements, args.explain)
    if args.pages:
        rebuild_news(args.pages, tree)
    print(f"\ndone ({load()})")


if __name__ == "__main__":
    main()
