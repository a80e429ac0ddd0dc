"""The ``Page`` interface every content type implements, and page lookup by path or id."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import strawberry
import strawberry_django
from strawberry import relay
from strawberry_django.utils.typing import get_django_definition
from wagtail.models import Page, Site

from graphql_api.core.filters import parse_pk
from graphql_api.core.media import ImageType
from graphql_api.core.nodes import ModelNode
from graphql_api.core.visibility import AccessControlled, through_type
from graphql_api.organisations.types import OrganisationType


def site_root_path() -> str:
    """The default site's root ``url_path``, e.g. ``/home/``.

    With one site (the member app's case) this comes from Wagtail's cached site root paths,
    which Wagtail refreshes when a site or a root page changes: no query once warm.
    """
    paths = Site.get_site_root_paths()
    if len(paths) == 1:
        return paths[0].root_path
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def relative_path(url_path: str, root: str) -> str:
    """``/home/tin-tuc/abc/`` → ``/tin-tuc/abc/`` for the default site's root ``/home/``."""
    if url_path.startswith(root):
        return "/" + url_path[len(root) :]
    return url_path


@strawberry.interface(name="Page", description="Anything with its own screen: news, documents, contests...")
class PageInterface(ModelNode, AccessControlled, relay.Node):
    title: str
    slug: str
    seo_title: str
    search_description: str
    first_published_at: datetime | None
    last_published_at: datetime | None

    @strawberry_django.field(
        only=["url_path"], description="Path from the site root, e.g. /tin-tuc/dai-hoi/."
    )
    def path(self, info: strawberry.Info) -> str:
        return relative_path(self.url_path, info.context.site_root_path)

    @strawberry.field(description="The GraphQL type name (e.g. NewsPage), for routing to a screen.")
    def page_type(self, info: strawberry.Info) -> str:
        return info._raw_info.parent_type.name


@strawberry.interface(name="ContentPage", description="A page published by a union organisation.")
class ContentPageInterface(PageInterface):
    summary: str
    cover_image: ImageType | None
    organisation: OrganisationType | None


@strawberry.interface(
    name="SectionPage",
    description="A section of the app (news, documents, jobs...). List its content with the "
    "section's own query; `pageType` tells which section it is.",
)
class SectionPageInterface(PageInterface):
    intro: str


def section_page_type(model: type) -> type:
    """The GraphQL type of a section page model, named after the model (e.g. NewsIndexPage)."""

    @strawberry_django.type(
        model, name=model.__name__, description=f"The {model._meta.app_label} section (a SectionPage)."
    )
    class SectionPageType(SectionPageInterface):
        pass

    return SectionPageType


@cache
def _page_types() -> dict[type, type]:
    from graphql_api.schema import PAGE_TYPES

    return {get_django_definition(t, strict=True).model: t for t in PAGE_TYPES}


def page_type_name(model: type | None) -> str | None:
    """The GraphQL type ``page`` answers with for pages of ``model``; None if the API has none."""
    graphql_type = _page_types().get(model) if model is not None else None
    return graphql_type.__strawberry_definition__.name if graphql_type else None


def _lookup_page(id: relay.GlobalID | None, path: str | None):
    if id is not None:
        pk = parse_pk(id.node_id)
        return Page.objects.filter(pk=pk).first() if pk is not None else None
    if path is not None:
        root = site_root_path()
        url_path = root.rstrip("/") + "/" + path.strip("/") + "/" if path.strip("/") else root
        return Page.objects.filter(url_path=url_path).first()
    return None


@strawberry.type
class PageQueries:
    @strawberry.field(
        description="One page by global id or by path. Unknown, unpublished or not for you: null."
    )
    def page(
        self, info: strawberry.Info, id: relay.GlobalID | None = None, path: str | None = None
    ) -> PageInterface | None:
        page = _lookup_page(id, path)
        if page is None:
            return None
        graphql_type = _page_types().get(page.specific_class)
        if graphql_type is None:
            return None  # e.g. the home page, which has its own `home` query
        # Read through the type the page is answered as, so its access policy applies.
        return through_type(page.specific_class.objects.filter(pk=page.pk), graphql_type, info).first()

    @strawberry.field(
        description="A draft as an editor sees it, from a signed preview token made in the admin."
    )
    def preview(self, token: str) -> PageInterface | None:
        from cms.core.preview import load_preview

        page = load_preview(token)
        return page if page is not None and page_type_name(type(page)) else None
