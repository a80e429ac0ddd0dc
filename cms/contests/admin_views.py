"""The contest admin: the organisers' list of contests, each contest's results page (live counts per
round, "rank now", the top of the rankings, exports) and its question-bank import.

Rights: a contest's entries, results and question import belong to whoever may edit the contest
page (Wagtail's page permissions, which apply the organisation rule: officers with an editor role
over the publishing union, and superusers). Anyone else is refused as Wagtail refuses any admin
area (back to the dashboard, with its message); a contest that does not exist is a 404. The prize list, the only export with phone numbers, is for superusers and federation editors.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.contests import exports, question_import, ranking
from cms.contests.attempts import GRACE
from cms.contests.models import (
    AttemptStatus,
    ContestAttempt,
    ContestPage,
    ContestQuestion,
    ContestRound,
    ContestStatus,
    Ranking,
    RoundResult,
    order_for_listing,
    with_schedule,
)
from cms.core.admin_views import AdminFormView
from cms.core.errors import ServiceError, ServiceErrors
from cms.core.publishing import editable_organisations, is_federation_editor
from cms.members import import_files
from cms.organisations.permissions import is_superuser

TOP_ROWS = 20  # places of each round shown on the results page
TOP_UNIONS = 10  # unions of each level shown in the collective ranking
EXPORT_KINDS = ("individual", "collective", "prizes")
NAMESPACE = "contest_admin"


def url_name(name: str) -> str:
    return f"{NAMESPACE}:{name}"


def url(name: str, *args) -> str:
    return reverse(url_name(name), args=args)


# --- Rights ---------------------------------------------------------------------------------


def may_manage(user, contest: ContestPage) -> bool:
    """Whether ``user`` manages ``contest``'s entries, results and questions: they may edit its page."""
    return bool(user.is_authenticated and contest.permissions_for_user(user).can_edit())


def may_see_contest_admin(user) -> bool:
    """Whether the "Contests" menu is for the user: editors and superusers."""
    return is_superuser(user) or editable_organisations(user).exists()


def may_download_prize_list(user) -> bool:
    """Phone numbers of winners: the province's organisers only (superusers, federation editors)."""
    return is_superuser(user) or is_federation_editor(user)


def managed_contests(user) -> list[ContestPage]:
    """The contests ``user`` may manage: open ones first, then upcoming, then closed (newest first)."""
    if is_superuser(user):
        candidates = ContestPage.objects.all()
    else:
        candidates = ContestPage.objects.filter(organisation__in=editable_organisations(user))
    candidates = (
        order_for_listing(with_schedule(candidates)).select_related("organisation").prefetch_related("rounds")
    )
    return [contest for contest in candidates if may_manage(user, contest)]


class ContestMixin:
    """Loads the contest of the URL (404) and refuses anyone who may not manage it (PermissionDenied:
    Wagtail's admin answers it by going back to the dashboard with its "no permission" message)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.contest = get_object_or_404(ContestPage, pk=kwargs["contest_id"])

    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user, self.contest):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def round_or_none(self, value) -> ContestRound | None:
        """The contest's round named by ``value`` (an id), or None for the whole contest."""
        if value in (None, "", "contest"):
            return None
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise Http404 from None
        return get_object_or_404(ContestRound, pk=pk, page=self.contest)


# --- The list of contests -----------------------------------------------------------------


STATUS_LABELS = {
    ContestStatus.UPCOMING: pgettext_lazy("contest round status", "Not open yet"),
    ContestStatus.OPEN: pgettext_lazy("contest round status", "Open"),
    ContestStatus.CLOSED: pgettext_lazy("contest round status", "Ended"),
}


class ContestListView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Contest results")
    header_icon = "list-ol"
    template_name = "contests/admin/contest_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_contest_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        contests = managed_contests(self.request.user)
        entrants = dict(
            ContestAttempt.objects.filter(round__page__in=[c.pk for c in contests])
            .order_by()
            .values_list("round__page")
            .annotate(n=Count("entrant", distinct=True))
        )
        questions = dict(
            ContestQuestion.objects.filter(contest__in=[c.pk for c in contests])
            .order_by()
            .values_list("contest")
            .annotate(n=Count("pk"))
        )
        context["contests"] = [
            {
                "contest": contest,
                "status": STATUS_LABELS[contest.status_at(now)],
                "rounds": len(contest.rounds.all()),
                "entrants": entrants.get(contest.pk, 0),
                "questions": questions.get(contest.pk, 0),
                "results_url": url("results", contest.pk),
                "import_url": url("import", contest.pk),
            }
            for contest in contests
        ]
        return context


# --- A contest's results --------------------------------------------------------------------


def round_counts(contest: ContestPage, now) -> dict[int, dict]:
    """Live figures of every round of ``contest``, in one grouped query over the attempts."""
    running = Q(status=AttemptStatus.IN_PROGRESS, deadline__gte=now - GRACE)
    ended_unsubmitted = Q(status=AttemptStatus.EXPIRED) | Q(
        status=AttemptStatus.IN_PROGRESS, deadline__lt=now - GRACE
    )
    rows = (
        ContestAttempt.objects.filter(round__page=contest)
        .order_by()
        .values("round_id")
        .annotate(
            entrants=Count("entrant", distinct=True),
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=AttemptStatus.SUBMITTED)),
            in_progress=Count("pk", filter=running),
            expired=Count("pk", filter=ended_unsubmitted),
            last_hour=Count(
                "pk", filter=Q(status=AttemptStatus.SUBMITTED, submitted_at__gte=now - timedelta(hours=1))
            ),
        )
    )
    return {row.pop("round_id"): row for row in rows}


EMPTY_COUNTS = {"entrants": 0, "started": 0, "submitted": 0, "in_progress": 0, "expired": 0, "last_hour": 0}


class ContestResultsView(ContestMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ol"
    template_name = "contests/admin/results.html"
    refresh_seconds = 30

    def get_page_title(self):
        return _("Contest results")

    def get_page_subtitle(self):
        return self.contest.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("index"), "label": _("Contest results")},
            {"url": "", "label": self.contest.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contest = self.contest
        now = timezone.now()
        rounds = list(contest.rounds.all())
        counts = round_counts(contest, now)
        results = {result.round_id: result for result in RoundResult.objects.filter(contest=contest)}
        top: dict[int | None, list[Ranking]] = {}
        for place in (
            Ranking.objects.filter(contest=contest, position__lte=TOP_ROWS)
            .select_related("entrant__organisation")
            .order_by("round_id", "position", "pk")
        ):
            top.setdefault(place.round_id, []).append(place)
        prizes = may_download_prize_list(self.request.user)
        context.update(
            contest=contest,
            rounds=[
                {
                    "round": round_,
                    "status": round_.status_at(now),
                    "status_label": STATUS_LABELS[round_.status_at(now)],
                    "counts": counts.get(round_.pk, EMPTY_COUNTS),
                    "result": results.get(round_.pk),
                    "top": [_place(place) for place in top.get(round_.pk, [])],
                    "rank_url": url("rank", contest.pk, round_.pk),
                    "exports": _export_links(contest, round_, prizes) if round_.pk in results else [],
                }
                for round_ in rounds
            ],
            overall={
                "result": results.get(None),
                "top": [_place(place) for place in top.get(None, [])],
                "exports": _export_links(contest, None, prizes) if None in results else [],
                "unions": _top_unions(contest),
            },
            any_open=any(round_.status_at(now) == ContestStatus.OPEN for round_ in rounds),
            refresh_seconds=self.refresh_seconds,
            import_url=url("import", contest.pk),
            edit_url=reverse("wagtailadmin_pages:edit", args=[contest.pk]),
            questions=contest.question_bank().count(),
            updated_at=now,
        )
        return context


def _place(place: Ranking) -> dict:
    entrant = place.entrant
    return {
        "position": place.position,
        "name": entrant.name,
        "union": entrant.organisation.name if entrant.organisation_id else entrant.workplace,
        "correct": place.correct,
        "questions": place.question_count,
        "prediction": place.prediction,
        "prediction_error": place.prediction_error,
        "duration": exports.duration(place.duration_ms),
        "submitted_at": exports.local_time(place.submitted_at),
    }


def _top_unions(contest: ContestPage) -> list:
    rows = exports.collective_results(contest, None).filter(
        participation_position__lte=TOP_UNIONS, organisation__level__in=["upper", "grassroots"]
    )
    return [
        {
            "name": row.organisation.name,
            "level": row.organisation.get_level_display(),
            "entrants": row.entrants,
            "members": row.members,
            "participation": exports.percent(row.participation),
            "average": exports.percent(row.average_score),
            "participation_position": row.participation_position,
            "results_position": row.results_position,
        }
        for row in rows
    ]


def _export_links(contest: ContestPage, round_: ContestRound | None, prizes: bool) -> list[dict]:
    scope = round_.pk if round_ is not None else "contest"
    base = url("export", contest.pk)
    links = [
        {"label": _("Ranking (.xlsx)"), "url": f"{base}?round={scope}&kind=individual"},
        {"label": _("Collective ranking (.xlsx)"), "url": f"{base}?round={scope}&kind=collective"},
    ]
    if prizes:
        links.append(
            {"label": _("Prize list with phone numbers (.xlsx)"), "url": f"{base}?round={scope}&kind=prizes"}
        )
    return links


class RankNowView(ContestMixin, View):
    """Rank a closed round now (then the contest over its ranked rounds); POST only."""

    http_method_names = ["post"]

    def post(self, request, contest_id: int, round_id: int):
        round_ = get_object_or_404(ContestRound, pk=round_id, page=self.contest)
        try:
            result = ranking.rank_round(round_)
            ranking.rank_contest(self.contest)
        except (ServiceError, ServiceErrors) as error:
            for item in error.errors if isinstance(error, ServiceErrors) else [error]:
                messages.error(request, f"{round_.name}: {item.message}")
        else:
            messages.success(
                request,
                _("%(round)s is ranked: %(entrants)s entrants, %(perfect)s with every answer right.")
                % {
                    "round": round_.name,
                    "entrants": number_format(result.entrants, force_grouping=True),
                    "perfect": number_format(result.perfect_entrants, force_grouping=True),
                },
            )
        return redirect(url("results", self.contest.pk))


class ExportView(ContestMixin, View):
    http_method_names = ["get"]

    def get(self, request, contest_id: int):
        kind = request.GET.get("kind", "individual")
        if kind not in EXPORT_KINDS:
            kind = "individual"
        round_ = self.round_or_none(request.GET.get("round"))
        if kind == "prizes":
            if not may_download_prize_list(request.user):
                raise PermissionDenied
            content = exports.prize_list_workbook(self.contest, round_)
        elif kind == "collective":
            content = exports.collective_workbook(self.contest, round_)
        else:
            content = exports.ranking_workbook(self.contest, round_)
        response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename(self.contest, round_, kind)}"'
        )
        return response


# --- The question import ------------------------------------------------------------------


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Question file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Excel (.xlsx) or CSV (UTF-8, comma or semicolon separated), with a header row; "
            "up to %(size)s and %(rows)s questions per file."
        ) % {
            "size": filesizeformat(import_files.max_upload_bytes()),
            "rows": number_format(question_import.MAX_QUESTIONS, force_grouping=True),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > import_files.max_upload_bytes():
            raise forms.ValidationError(import_files.too_large_message(upload.size), code="too_large")
        return upload


class QuestionImportView(ContestMixin, AdminFormView):
    form_class = QuestionImportForm
    template_name = "contests/admin/question_import.html"
    page_title = gettext_lazy("Import questions")
    submit_button_label = gettext_lazy("Import")
    submit_button_active_label = gettext_lazy("Importing…")
    header_icon = "upload"

    def get_page_subtitle(self):
        return self.contest.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("index"), "label": _("Contest results")},
            {"url": url("results", self.contest.pk), "label": self.contest.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = url("import_template", self.contest.pk)
        context.update(
            contest=self.contest,
            template_xlsx_url=template,
            template_csv_url=template + "?format=csv",
            results_url=url("results", self.contest.pk),
            questions=self.contest.question_bank().count(),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = question_import.import_questions(upload.file, upload.name, contest=self.contest)
        if report.ok:
            messages.success(
                self.request,
                _("Imported %(created)s questions into “%(contest)s”.")
                % {
                    "created": number_format(report.created, force_grouping=True),
                    "contest": self.contest.title,
                },
            )
        else:
            messages.error(self.request, _("Nothing was imported: correct the file and upload it again."))
        return self.render_to_response(self.get_context_data(form=form, report=report))


class QuestionTemplateView(ContestMixin, View):
    http_method_names = ["get"]

    def get(self, request, contest_id: int):
        if request.GET.get("format") == "csv":
            response = HttpResponse(question_import.template_csv(), content_type="text/csv; charset=utf-8")
            name = "mau-ngan-hang-cau-hoi.csv"
        else:
            response = HttpResponse(question_import.template_xlsx(), content_type=exports.XLSX_CONTENT_TYPE)
            name = "mau-ngan-hang-cau-hoi.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
