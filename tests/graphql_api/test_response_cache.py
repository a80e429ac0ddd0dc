"""Lists answered from the cache to guests and to members with nothing but their membership
(graphql_api.core.caching.ResponseCache): one answer serves every such member of a union, never
a member of another union, an officer, or a field that is the reader's own."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.db import connection
from django.utils import timezone
from graphql import GraphQLInterfaceType, GraphQLUnionType, get_named_type

from cms.jobs import services
from cms.members import tokens
from cms.organisations.models import Officer
from graphql_api.core.caching import CACHEABLE_LISTS, personal_fields, signed_in_max_age
from graphql_api.schema import schema
from tests.content_factories import make_job, make_news
from tests.factories import PASSWORD, make_member

NEWS = "{ news(first: 10) { totalCount edges { node { title summary categories { name } } } } }"


def titles(result: dict, field: str = "news") -> list[str]:
    assert "errors" not in result, result
    return [edge["node"]["title"] for edge in result["data"][field]["edges"]]


class Statements:
    """The SQL sent while it is open (a wrapper: unlike the debug log, a request does not reset it)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self) -> Statements:
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)


def recomputed(statements: Statements) -> bool:
    """Whether the list was answered afresh: its categories were read (a kept answer has them)."""
    return any("news_newspage_categories" in sql for sql in statements.sql)


def token_of(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


def test_members_of_one_union_share_an_answer_that_shows_what_their_union_may_read(gql, tree, member):
    # given an article for everyone and one addressed to the member's industrial zone
    make_news(tree["root"], "Cho mọi người", day=date(2026, 11, 2))
    make_news(tree["root"], "Cho KCN", day=date(2026, 11, 3), audience=[tree["kcn"]])
    colleague = make_member(tree["vsip"], full_name="Trần Thị Bình")
    teacher = make_member(tree["thpt"], full_name="Lê Văn Cường")
    first = gql.execute(NEWS, token=token_of(member))

    # when a colleague of the same union, then a teacher, then a guest read the same list
    with Statements() as colleague_ctx:
        colleague_answer = gql.execute(NEWS, token=token_of(colleague))
    with Statements() as teacher_ctx:
        teacher_answer = gql.execute(NEWS, token=token_of(teacher))
    guest_answer = gql.execute(NEWS)

    # then the colleague gets the kept answer; the teacher and the guest see only what is theirs
    assert titles(first) == ["Cho KCN", "Cho mọi người"]
    assert colleague_answer == first and not recomputed(colleague_ctx)
    assert titles(teacher_answer) == ["Cho mọi người"] and recomputed(teacher_ctx)
    assert titles(guest_answer) == ["Cho mọi người"]


def test_a_kept_member_answer_never_shows_what_has_since_been_hidden(gql, tree, member):
    pages = [
        make_news(tree["root"], f"Tin {i}", day=date(2026, 11, 10 - i), audience=[tree["kcn"]])
        for i in range(3)
    ]
    token = token_of(member)
    assert titles(gql.execute(NEWS, token=token)) == ["Tin 0", "Tin 1", "Tin 2"]

    # when an article is taken offline behind the cache's back (no log entry)
    type(pages[1]).objects.filter(pk=pages[1].pk).update(live=False)

    assert titles(gql.execute(NEWS, token=token)) == ["Tin 0", "Tin 2"]


def test_an_officers_answers_are_never_kept(gql, tree, member):
    # given a member who is also an editor of their industrial zone
    make_news(tree["root"], "Tin", day=date(2026, 11, 2))
    Officer.objects.create(user=member.user, organisation=tree["kcn"], role="editor")
    token = token_of(member)
    gql.execute(NEWS, token=token)

    # when they read the list again
    with Statements() as statements:
        answer = gql.execute(NEWS, token=token)

    # then it is answered afresh: what an officer may read is not what their union's members may
    assert titles(answer) == ["Tin"] and recomputed(statements)


def test_a_members_answer_is_kept_no_longer_than_a_fifth_of_a_signed_links_life(gql, tree, member):
    make_news(tree["root"], "Tin", day=date(2026, 11, 2))
    token = token_of(member)
    gql.execute(NEWS, token=token)
    later = timezone.now() + timedelta(seconds=signed_in_max_age() + 1)

    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        Statements() as ctx,
    ):
        assert titles(gql.execute(NEWS, token=token)) == ["Tin"]

    assert recomputed(ctx)
    assert signed_in_max_age() * 5 <= 300  # the default life of a signed link (PRIVATE_FILE_URL_TTL)


def test_a_members_own_application_is_never_given_from_anothers_answer(gql, tree, member):
    # given a job posting, and a colleague of the same union who has read the list
    job = make_job(tree["root"], "Tuyển công nhân")
    colleague = make_member(tree["vsip"], full_name="Trần Thị Bình")
    query = "{ jobs(first: 10) { edges { node { title myApplication { status } } } } }"
    colleague_answer = gql.execute(query, token=token_of(colleague))

    # when the member applies, then reads the same list
    services.apply_for_job(member.user, job, message="Tôi muốn ứng tuyển.")
    mine = gql.execute(query, token=token_of(member))

    # then each sees their own application only
    assert colleague_answer["data"]["jobs"]["edges"][0]["node"]["myApplication"] is None
    assert mine["data"]["jobs"]["edges"][0]["node"]["myApplication"] == {"status": "RECEIVED"}


def _reachable_fields() -> set[tuple[str, str]]:
    """(type, field) of every field an answer of a kept list can hold."""
    graphql_schema = schema._schema
    seen: set[str] = set()
    found: set[tuple[str, str]] = set()

    def visit(graphql_type) -> None:
        named = get_named_type(graphql_type)
        if named.name in seen:
            return
        seen.add(named.name)
        if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            for possible in graphql_schema.get_possible_types(named):
                visit(possible)
        for name, field in (getattr(named, "fields", None) or {}).items():
            found.add((named.name, name))
            visit(field.type)

    for name, field in graphql_schema.query_type.fields.items():
        if name in CACHEABLE_LISTS:
            visit(field.type)
    return found


def test_every_field_of_a_kept_list_named_for_the_reader_is_marked_personal():
    # A reader's own things are named my… (myApplication): such a field must never be shared.
    fields = _reachable_fields()
    own = {name for _type, name in fields if name.startswith(("my", "viewer"))}

    assert ("JobPage", "myApplication") in fields
    assert own and own <= personal_fields(schema)


def test_the_legal_librarys_topic_chips_are_kept_with_its_list_until_a_topic_is_edited(gql, tree):
    # given the library screen as the contract has it (topic chips beside the scenarios), read once
    from wagtail.log_actions import log

    from tests.content_factories import make_legal_scenario, make_legal_topic

    topic = make_legal_topic("Tiền lương", slug="tien-luong")
    make_legal_scenario(tree["root"], "Trả lương làm thêm giờ", topics=[topic])
    operation = (
        "{ legalTopics { id name slug } legalScenarios(first: 20) { totalCount edges { node { title } } } }"
    )
    first = gql.execute(operation)

    # when it is read again, then after the topic is renamed in the admin (a model log entry)
    with Statements() as statements:
        again = gql.execute(operation)
    topic.name = "Tiền lương, thưởng"
    topic.save()
    log(topic, "wagtail.edit")
    renamed = gql.execute(operation)

    # then the kept answer is given without reading the topics, and the new name at once
    assert again == first and [t["name"] for t in first["data"]["legalTopics"]] == ["Tiền lương"]
    assert not [sql for sql in statements.sql if 'FROM "legal_legaltopic"' in sql]
    assert [t["name"] for t in renamed["data"]["legalTopics"]] == ["Tiền lương, thưởng"]
