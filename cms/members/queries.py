"""Read-side queries over members that the admin shares: search with ranking, and subtree counts.

Both stay in the database: a search is one query ordered there, a page of organisations gets
its subtree counts in one grouped query, whatever the number of rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from cms.members.models import Member, MemberStatus
from cms.organisations.models import Organisation
from search.normalize import fold
from search.query import matching_q

_PHONE_PUNCTUATION = re.compile(r"[\s.\-()+]")


# An officer with at most this many members has names matched among them only; above it, a
# name is matched among every member first (cheaper for a big union or the whole province:
# benchmarks/admin_at_scale.py, "members search name").
FEW_MEMBERS = 2_000


def _few(members: QuerySet[Member]) -> bool:
    """Whether ``members`` holds at most FEW_MEMBERS rows: one count that stops there."""
    return members.order_by().values("pk")[: FEW_MEMBERS + 1].count() <= FEW_MEMBERS


def member_search_q(query: str, among: QuerySet[Member] | None = None) -> Q:
    """Name words, accents optional, the last one maybe unfinished ("nguyen van a" finds "Nguyễn Văn
    An", through the search package), part of a phone number, or a card number.

    ``among``: the members searched (an officer's). If they are few, names are matched among
    their search documents only: a grassroots union's two dozen members, not the province's
    300,000 before the union's are picked out (a name search ~250 -> ~50 ms at province scale)."""
    compact = _PHONE_PUNCTUATION.sub("", query)
    if compact.isdigit() and len(compact) >= 3:
        if compact.startswith("84") and len(compact) >= 11:
            compact = "0" + compact[2:]
        condition = Q(phone__contains=compact)
    else:
        scoped = among is not None and _few(among)
        condition = matching_q("member", query, among=among.values("pk") if scoped else None)
    return condition | Q(card_number__iexact=query.strip())


class NameMatch:
    """How closely a member's folded name matches the folded query; lower ranks first."""

    EXACT = 0  # "nguyen van an" is "Nguyễn Văn An"
    STARTS_WITH = 1  # "nguyen van" begins "Nguyễn Văn An"
    ALL_WORDS = 2  # "an nguyen": every word of the query is a whole word of the name
    OTHER = 3  # the last word as the start of a name's word ("an" in "Anh"), phone and card numbers


def search_members(queryset: QuerySet[Member], query: str, *, rank: bool = True) -> QuerySet[Member]:
    """Members of ``queryset`` matching ``query``; with ``rank``, closest names first, then by name.

    Ranked: the exact folded full name, then names starting with the query, then names holding
    every word of it as a word, then the rest (an unfinished last word, phone and card numbers);
    alphabetical within each rank. One query, ordered by the database.
    """
    matching = queryset.filter(member_search_q(query, among=queryset if queryset.query.where else None))
    if not rank:
        return matching
    folded = fold(query)
    if not folded:
        return matching
    # search_name is folded like the query (single spaces, none at the ends): padded with a space
    # on each side, " word " is found only as a whole word.
    padded = Concat(Value(" "), "search_name", Value(" "), output_field=CharField())
    all_words = Q()
    for word in folded.split():
        all_words &= Q(padded_search_name__contains=f" {word} ")
    match_rank = Case(
        When(search_name=folded, then=Value(NameMatch.EXACT)),
        When(search_name__startswith=folded, then=Value(NameMatch.STARTS_WITH)),
        When(all_words, then=Value(NameMatch.ALL_WORDS)),
        default=Value(NameMatch.OTHER),
        output_field=IntegerField(),
    )
    return (
        matching.alias(padded_search_name=padded)
        .alias(name_match=match_rank)
        .order_by("name_match", "search_name", "pk")
    )


def active_member_counts(organisations: Sequence[Organisation]) -> dict[int, int]:
    """Active members of each organisation's subtree (itself and every union below it), by id.

    One query for any number of organisations: the active members of the subtrees are counted
    per organisation by the database, and each count is added to the organisation's ancestors
    among those asked for.
    """
    if not organisations:
        return {}
    wanted = {organisation.path: organisation.pk for organisation in organisations}
    # The topmost of the given organisations cover the others' subtrees.
    tops = [
        path
        for path in wanted
        if not any(path[:i] in wanted for i in range(Organisation.steplen, len(path), Organisation.steplen))
    ]
    in_subtrees = Q()
    for path in tops:
        in_subtrees |= Q(organisation__path__startswith=path)
    per_organisation = (
        Member.objects.filter(in_subtrees, status=MemberStatus.ACTIVE)
        .order_by()
        .values("organisation__path")
        .annotate(count=Count("pk"))
        .values_list("organisation__path", "count")
    )
    counts = dict.fromkeys(wanted.values(), 0)
    steplen = Organisation.steplen
    for path, count in per_organisation:
        for i in range(steplen, len(path) + 1, steplen):
            pk = wanted.get(path[:i])
            if pk is not None:
                counts[pk] += count
    return counts
