"""The ``Page`` interface every content type implements, and page lookup by path or id."""

from __future__ import annotations

from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay
from wagtail.models import Page, Site

from graphql_api.core.media import ImageType
from graphql_api.organisations.types import OrganisationType


def site_root_path() -> str:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def relative_path(url_path: str, root: str) -> str:
    """``/home/tin-tuc/abc/`` → ``/tin-tuc/abc/`` for the default site's root ``/home/``."""
    if url_path.startswith(root):
        return "/" + url_path[len(root) :]
    return url_path


@strawberry.interface(name="Page", description="Anything with its own screen: news, documents, contests...")
class PageInterface(relay.Node):
    title: str
    slug: str
    seo_title: str
    search_description: str
    first_published_at: datetime | None
    last_published_at: datetime | None

    @classmethod
    def resolve_id_attr(cls) -> str:
        # Pages are identified by their primary key. Without this, strawberry's relay default
        # re-reads every type annotation of the class hierarchy for each id it resolves.
        return "pk"

    @strawberry_django.field(
        only=["url_path"], description="Path from the site root, e.g. /tin-tuc/dai-hoi/."
    )
    def path(self, info: strawberry.Info) -> str:
        context = info.context
        root = getattr(context, "_site_root_path", None)
        if root is None:
            root = site_root_path()
            context._site_root_path = root
        return relative_path(self.url_path, root)

    @strawberry.field(description="The GraphQL type name (e.g. NewsPage), for routing to a screen.")
    def page_type(self, info: strawberry.Info) -> str:
        return info._raw_info.parent_type.name


@strawberry.interface(name="ContentPage", description="A page published by a union organisation.")
class ContentPageInterface(PageInterface):
    summary: str
    cover_image: ImageType | None
    organisation: OrganisationType | None


def _lookup_page(id: relay.GlobalID | None, path: str | None):
    if id is not None:
        return Page.objects.filter(pk=id.node_id).first() if id.node_id.isdigit() else None
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
        from cms.core.visibility import visible_pages

        page = _lookup_page(id, path)
        if page is None:
            return None
        model = page.specific_class
        if model is None:
            return None
        return visible_pages(model.objects.filter(pk=page.pk), info.context.viewer).first()

    @strawberry.field(
        description="A draft as an editor sees it, from a signed preview token made in the admin."
    )
    def preview(self, token: str) -> PageInterface | None:
        from cms.core.preview import load_preview

        return load_preview(token)
