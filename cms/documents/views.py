"""The admin's receipts report: for each document an officer's subtree issued, who received it,
opened it, acknowledged it, reported, and who is overdue; reminders and exports.

Rights: editors see the documents issued in their subtree (``services.can_see_receipts``),
superusers all; anyone else gets 404, as if the document did not exist.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.spreadsheets import keep_as_text, neutralise_formula
from cms.documents import services
from cms.documents.models import DocumentDelivery, OfficialDocumentPage
from cms.organisations.permissions import current_roles, is_superuser
from search.normalize import fold
from search.query import matching_q

LIST_URL_NAME = "documents_receipts"
REPORT_URL_NAME = "documents_receipts_report"


def may_see_receipts(user) -> bool:
    """Whether the "Sent documents" menu is for the user: editors and superusers."""
    from cms.documents.access import ISSUER_ROLES

    return is_superuser(user) or current_roles(user, ISSUER_ROLES).exists()


STATES = [
    ("", _("All")),
    ("unopened", _("Not opened")),
    ("opened", _("Opened")),
    ("acknowledged", _("Acknowledged")),
    ("not_acknowledged", _("Not acknowledged")),
    ("reported", _("Report sent")),
    ("overdue", _("Overdue")),
]


class ReceiptFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    q = forms.CharField(label=_("Union"), required=False, max_length=100)


def filter_receipts(queryset, state: str, q: str):
    if state == "unopened":
        queryset = queryset.filter(first_opened_at__isnull=True)
    elif state == "opened":
        queryset = queryset.filter(first_opened_at__isnull=False)
    elif state == "acknowledged":
        queryset = queryset.filter(acknowledged_at__isnull=False)
    elif state == "not_acknowledged":
        queryset = queryset.filter(acknowledged_at__isnull=True)
    elif state == "reported":
        queryset = queryset.filter(report_submitted_at__isnull=False)
    elif state == "overdue":
        queryset = queryset.filter(services.overdue_q())
    if q.strip():
        queryset = queryset.filter(matching_q("organisation", q, "organisation_id"))
    return queryset


@dataclass
class Counts:
    delivered: int
    opened: int
    acknowledged: int
    reported: int
    overdue: int


def counts(document: OfficialDocumentPage) -> Counts:
    from django.db.models import Count, Q

    row = DocumentDelivery.objects.filter(document=document).aggregate(
        delivered=Count("pk"),
        opened=Count("pk", filter=Q(first_opened_at__isnull=False)),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        reported=Count("pk", filter=Q(report_submitted_at__isnull=False)),
        overdue=Count("pk", filter=services.overdue_q()),
    )
    return Counts(**row)


def _when(value: datetime | None) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def export_rows(document: OfficialDocumentPage, deliveries) -> tuple[list[str], list[list]]:
    headings = [
        gettext("Union"),
        gettext("Delivered at"),
        gettext("Opened at"),
        gettext("Opened by"),
        gettext("Acknowledged at"),
        gettext("Acknowledged by"),
        gettext("Report sent at"),
        gettext("Report sent by"),
        gettext("Overdue"),
    ]
    rows = [
        [
            d.organisation.name,
            _when(d.delivered_at),
            _when(d.first_opened_at),
            _who(d.first_opened_by),
            _when(d.acknowledged_at),
            _who(d.acknowledged_by),
            _when(d.report_submitted_at),
            _who(d.report_submitted_by),
            gettext("Yes") if d.is_overdue else "",
        ]
        for d in deliveries
    ]
    return headings, rows


def _file_stem(document: OfficialDocumentPage) -> str:
    return "nhan-van-ban-" + (slugify(fold(document.number_symbol).replace("/", "-")) or str(document.pk))


def csv_response(document, deliveries) -> HttpResponse:
    headings, rows = export_rows(document, deliveries)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_formula(h) for h in headings])
    for row in rows:
        writer.writerow([neutralise_formula(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(document)}.csv"'
    return response


def xlsx_response(document, deliveries) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    headings, rows = export_rows(document, deliveries)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Receipts")[:31])
    for row in [headings, *rows]:
        sheet.append([keep_as_text(WriteOnlyCell(sheet, value=value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(document)}.xlsx"'
    return response


class SentDocumentsView(WagtailAdminTemplateMixin, TemplateView):
    """Documents issued in the officer's subtree (superusers: all) that were sent to someone."""

    page_title = _("Sent documents")
    header_icon = "doc-full"
    template_name = "documents/admin/sent_documents.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_receipts(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q

        context = super().get_context_data(**kwargs)
        documents = services.issued_documents(self.request.user).annotate(
            delivered=Count("deliveries", distinct=True),
            acknowledged=Count(
                "deliveries", filter=Q(deliveries__acknowledged_at__isnull=False), distinct=True
            ),
            reported=Count(
                "deliveries", filter=Q(deliveries__report_submitted_at__isnull=False), distinct=True
            ),
        )[:200]
        context["documents"] = [
            (document, reverse(REPORT_URL_NAME, args=[document.pk])) for document in documents
        ]
        return context


class ReceiptsReportView(WagtailAdminTemplateMixin, TemplateView):
    """One document's receipts, with filters, counts, a reminder action and exports."""

    header_icon = "doc-full"
    template_name = "documents/admin/receipts.html"

    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(OfficialDocumentPage, pk=kwargs["page_id"])
        if not services.can_see_receipts(request.user, self.document):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Receipts")

    def get_page_subtitle(self):
        return self.document.number_symbol

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(LIST_URL_NAME), "label": gettext("Sent documents")},
            {"url": "", "label": f"{self.document.number_symbol} · {gettext('Receipts')}"},
        ]

    def filtered(self):
        self.form = ReceiptFilterForm(self.request.GET or None)
        state = q = ""
        if self.form.is_valid():
            state, q = self.form.cleaned_data["state"], self.form.cleaned_data["q"]
        return filter_receipts(services.receipts(self.document), state, q)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            deliveries = list(self.filtered())
            return (
                csv_response(self.document, deliveries)
                if export == "csv"
                else xlsx_response(self.document, deliveries)
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            reminded = services.send_reminders(request.user, self.document)
        if reminded:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(count)d union.",
                    "A reminder was sent to %(count)d unions.",
                    reminded,
                )
                % {"count": reminded},
            )
        else:
            messages.info(request, gettext("No union is waiting for a reminder."))
        return redirect(reverse(REPORT_URL_NAME, args=[self.document.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = list(self.filtered())
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            document=self.document,
            deliveries=deliveries,
            counts=counts(self.document),
            form=self.form,
            csv_url="?" + _with(query, "export", "csv"),
            xlsx_url="?" + _with(query, "export", "xlsx"),
            waiting=DocumentDelivery.objects.filter(document=self.document)
            .filter(services.waiting_for_reminder_q())
            .count(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.document.pk]),
        )
        return context


def _with(query, key: str, value: str) -> str:
    query = query.copy()
    query[key] = value
    return query.urlencode()


def report_file(request, delivery_id: int):
    """The report a union sent, for who may see the document's receipts: a redirect to a signed,
    short-lived link (cms.core.files)."""
    from cms.core.files import file_url

    delivery = get_object_or_404(DocumentDelivery.objects.select_related("document"), pk=delivery_id)
    if not delivery.report_file or not services.can_see_receipts(request.user, delivery.document):
        raise Http404
    return redirect(file_url(delivery.report_file, private=True))
