"""The abstract page every piece of member-facing content inherits.

It carries what the visibility rule and the API need: the publishing organisation, the
audience (organisations whose subtrees receive it; empty means everyone), a summary and a
cover image. Go-live, expiry, revisions, moderation and privacy are Wagtail's own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.core.forms import ContentPageForm
from cms.core.visibility import PAGES, Viewer, VisiblePageManager


class ReadablePage(Page):
    """A page the API can return: it carries its access policy (cms.core.visibility).

    ``Model.objects.visible_to(viewer)`` narrows a queryset to what ``viewer`` may see and
    ``page.is_visible_to(viewer)`` answers for one page: the same rule, for the API's lists and
    nested relations, realtime delivery, file downloads and rich-text links.
    """

    access_policy = PAGES
    objects = VisiblePageManager()

    class Meta:
        abstract = True

    def is_visible_to(self, viewer: Viewer) -> bool:
        return self.access_policy.is_visible(self, viewer)

    def permissions_for_user(self, user):
        """What ``user`` may do to this page in the admin: Wagtail's rules and the organisation rule.

        Every admin view, menu and bulk action asks this (cms.core.editor_rights).
        """
        from cms.core.editor_rights import OrganisationPagePermissionTester

        return OrganisationPagePermissionTester(user, self)

    # --- The admin's preview and "View live" of a headless page (cms.core.page_preview) ----

    @property
    def preview_modes(self):
        """The content as the API gives it; also the frontend's preview screen when configured."""
        from cms.core.page_preview import preview_modes

        return preview_modes(self)

    def serve_preview(self, request, mode_name):
        """No page template exists here: every preview shows the page's content as the API gives it."""
        from cms.core.page_preview import serve_preview

        return serve_preview(self, request, mode_name)

    def get_url_parts(self, request=None):
        """The frontend's address of the page (``FRONTEND_URL`` + the API's ``path``), or no URL."""
        from cms.core.page_preview import frontend_url_parts

        return frontend_url_parts(self, super().get_url_parts(request=request))

    def get_url(self, request=None, current_site=None):
        # The page lives only in the frontend: never a path relative to this server.
        from cms.core.page_preview import frontend_url

        if frontend_url():
            return self.get_full_url(request=request)
        return super().get_url(request=request, current_site=current_site)

    # Wagtail's ``url`` is a property of its own ``get_url``: bind it to the one above.
    url = property(get_url)

    def get_route_paths(self):
        """No path of this server shows the page, whatever its URL in the frontend: so Wagtail
        makes no redirect here when a slug changes, and every path outside the admin and the API
        stays the same 404 (see cms/urls.py)."""
        return []


class ContentPage(ReadablePage):
    summary = models.TextField(
        _("summary"), blank=True, max_length=600, help_text=_("Shown in lists and previews.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("publishing organisation"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("audience"),
        blank=True,
        related_name="+",
        help_text=_(
            "Organisations whose members (including all unions below them) receive this. Empty: everyone."
        ),
    )

    base_form_class = ContentPageForm

    publishing_panels = [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("audience")], heading=_("Publisher and audience")
        ),
    ]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("cover_image")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("organisation"),
    ]

    class Meta:
        abstract = True


class SectionPage(ReadablePage):
    """A section of the app (news, documents, jobs...): one per section, under the home page.

    It holds the section's heading and introduction; its content pages live below it.
    Subclasses name their content type in ``subpage_types``.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
