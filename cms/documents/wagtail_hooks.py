"""Admin wiring for documents: the "Sent documents" menu, each document's receipts report (also
reached from the document's header menu and the page listing), reminders and exports."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from cms.documents import services, views
from cms.documents.models import OfficialDocumentPage


@hooks.register("register_admin_urls")
def register_receipts_urls():
    return [
        path("documents/sent/", views.SentDocumentsView.as_view(), name=views.LIST_URL_NAME),
        path(
            "documents/sent/<int:page_id>/",
            views.ReceiptsReportView.as_view(),
            name=views.REPORT_URL_NAME,
        ),
        path(
            "documents/sent/report-file/<int:delivery_id>/",
            views.report_file,
            name="documents_receipts_report_file",
        ),
    ]


class SentDocumentsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see_receipts(request.user)


@hooks.register("register_admin_menu_item")
def register_sent_documents_menu_item():
    return SentDocumentsMenuItem(
        _("Sent documents"), reverse(views.LIST_URL_NAME), icon_name="doc-full", order=260
    )


def _receipts_button(page, user, priority: int):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, OfficialDocumentPage) or not page.live:
        return None
    if not services.can_see_receipts_of_page(user, page.pk):
        return None
    return Button(
        _("Receipts"),
        reverse(views.REPORT_URL_NAME, args=[page.pk]),
        icon_name="tasks",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def receipts_header_button(page, user, view_name=None, next_url=None):
    button = _receipts_button(page, user, priority=66)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def receipts_listing_button(page, user, next_url=None):
    button = _receipts_button(page, user, priority=55)
    if button is not None:
        yield button
