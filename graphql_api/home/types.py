"""The home screen in one request, and the app's menus.

Every list here starts from the owning domain's visible queryset: the home screen can never show
what the domain's own list would hide. Domains plug in by adding a field that calls their query.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import strawberry
import strawberry_django
from django.db.models import F, QuerySet

from cms.announcements.models import AnnouncementPage
from cms.contests.models import ContestPage, ContestStatus, order_for_listing, with_schedule
from cms.documents.models import OfficialDocumentPage
from cms.home import models
from cms.news.models import NewsPage
from graphql_api.announcements.types import AnnouncementPageType
from graphql_api.contests.types import ContestPageType, request_now
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.media import ImageType
from graphql_api.core.visibility import AccessControlled, FirstItemsField
from graphql_api.documents.types import OfficialDocumentType
from graphql_api.news.types import NewsPageType

MAX_HOME_ITEMS = 20


def check_first(first: int) -> None:
    if first < 0 or first > MAX_HOME_ITEMS:
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"`first` must be between 0 and {MAX_HOME_ITEMS}.")


# The screen's lists as their fields build them, before the type's access policy and `first`
# (``now``: the request's one moment, which open contests' status follows): the fields below and
# the response cache's re-read of the screen (graphql_api.home.rereads) both start from these,
# so the re-read lists the same items in the same order.


def latest_news(now: datetime | None = None) -> QuerySet:
    return NewsPage.objects.order_by("-date", "-pk")


def featured_news(now: datetime | None = None) -> QuerySet:
    return NewsPage.objects.filter(is_featured=True).order_by("-date", "-pk")


def pinned_announcements(now: datetime | None = None) -> QuerySet:
    queryset = AnnouncementPage.objects.filter(is_pinned=True)
    return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


def open_contests(now: datetime | None = None) -> QuerySet:
    queryset = with_schedule(ContestPage.objects.all(), now=now)
    return order_for_listing(queryset.filter(status=ContestStatus.OPEN.value))


def latest_documents(now: datetime | None = None) -> QuerySet:
    return OfficialDocumentPage.objects.order_by("-issued_on", "-pk")


# Each list field of `Home` by its GraphQL name.
HOME_LISTS: dict[str, Callable[[datetime], QuerySet]] = {
    "latestNews": latest_news,
    "featuredNews": featured_news,
    "pinnedAnnouncements": pinned_announcements,
    "openContests": open_contests,
    "latestDocuments": latest_documents,
}


@strawberry.type(
    name="Link", description="A menu item or quick link: open `path` (a page), `screen` or `url`."
)
class LinkType:
    label: str
    icon: str
    screen: str | None = strawberry.field(description="An app screen, e.g. feedback.")
    url: str | None = strawberry.field(description="An external link.")
    path: str | None = strawberry.field(description="Path of the target page from the site root.")
    page_type: str | None = strawberry.field(description="Type of the target page, for routing.")


@strawberry.type(name="Menu", description="A navigation menu of the app, e.g. main (bottom bar).")
class MenuType:
    name: str
    slug: str
    items: list[LinkType]


@strawberry_django.type(models.HomePage, name="Home", description="Everything the home screen shows.")
class HomeType(AccessControlled):
    title: str
    welcome: str
    hero_image: ImageType | None

    # Resolvers return unsliced querysets: FirstItemsField applies the type's access policy and
    # the optimizer, then takes the first items.
    @strawberry_django.field(description="The newest news, newest first.", field_cls=FirstItemsField)
    def latest_news(self, first: int = 5) -> list[NewsPageType]:
        check_first(first)
        return latest_news()

    @strawberry_django.field(
        description="News editors marked as featured, newest first.", field_cls=FirstItemsField
    )
    def featured_news(self, first: int = 3) -> list[NewsPageType]:
        check_first(first)
        return featured_news()

    @strawberry_django.field(description="Pinned announcements, newest first.", field_cls=FirstItemsField)
    def pinned_announcements(self, first: int = 5) -> list[AnnouncementPageType]:
        check_first(first)
        return pinned_announcements()

    @strawberry_django.field(
        description="Contests open now, closing soonest first.", field_cls=FirstItemsField
    )
    def open_contests(self, info: strawberry.Info, first: int = 5) -> list[ContestPageType]:
        check_first(first)
        return open_contests(request_now(info))

    @strawberry_django.field(
        description="The most recently issued official documents you may see.", field_cls=FirstItemsField
    )
    def latest_documents(self, first: int = 5) -> list[OfficialDocumentType]:
        check_first(first)
        return latest_documents()

    @strawberry_django.field(
        description="Shortcut tiles; links to pages you may not see are left out.", only=["pk"]
    )
    def quick_links(self, info: strawberry.Info) -> list[LinkType]:
        from graphql_api.home.links import visible_links

        links = (
            models.HomeQuickLink.objects.filter(home_id=self.pk).select_related("page").order_by("sort_order")
        )
        return visible_links(links, info.context)
