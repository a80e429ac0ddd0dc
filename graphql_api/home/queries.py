from __future__ import annotations

import strawberry
import strawberry_django

from cms.home.models import HomePage, Menu
from graphql_api.home.links import visible_links
from graphql_api.home.types import HomeType, MenuType


@strawberry.type
class Query:
    @strawberry_django.field(
        description="The home screen: welcome, hero image, news, quick links. Null if unpublished."
    )
    def home(self, info: strawberry.Info) -> HomeType | None:
        return HomePage.objects.select_related("hero_image")

    @strawberry.field(
        description="A menu by slug (main: the bottom bar). Items whose page you may not see are left out."
    )
    def menu(self, info: strawberry.Info, slug: str = "main") -> MenuType | None:
        menu = Menu.objects.filter(slug=slug).first()
        if menu is None:
            return None
        items = menu.items.select_related("page").only(
            "label",
            "icon",
            "screen",
            "url",
            "page_id",
            "menu_id",
            "sort_order",
            "page__url_path",
            "page__content_type_id",
        )
        return MenuType(name=menu.name, slug=menu.slug, items=visible_links(items, info.context))
