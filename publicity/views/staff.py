"""SAMR's pages (login): the objection queue and one objection with its handling; opening publicity, finalising
and publishing a correction of a national list.

Who may: SAMR's reviewers and leadership handle objections, administrators only read them (``objection.view``;
other signed-in users get a 403 on the queue and a 404 on an objection); the list actions are SAMR leadership's
(``national_list.publish``: SAMR reviewers get a 403, users who cannot see national lists a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import policy
from accounts.security import reauthentication_redirect, recent_authentication_required
from core.domain.audit import record
from core.downloads import private_file_response
from core.exports import by_format, page_filters
from core.history import history_rows
from core.partials import render_page
from national.models import NationalList, NationalListState

from ..domain import objections, publication, publicity
from ..enums import OPEN_OBJECTION_STATUSES, ObjectionStatus
from ..forms import DismissForm, InvestigateForm, NoteForm, ObjectionFilterForm, PubliciseForm, UpholdForm
from ..models import Objection, PublishedList
from ..templatetags.publicity_dates import period_span
from .public import locality_name

PAGE_SIZE = 50
L = NationalListState


def _require_staff(request):
    if not policy.can(request.user, "objection.view"):
        raise PermissionDenied


def _objection_rows():
    return Objection.objects.select_related("nomination__division__province", "period__national_list__campaign")


def _lists():
    """The national lists past their approval, with their publicity and the count of open objections (one query)."""
    return (
        NationalList.objects.exclude(state=L.DRAFT)
        .select_related("campaign", "publicity")
        .annotate(
            open_objections=Count(
                "publicity__objections", filter=Q(publicity__objections__status__in=OPEN_OBJECTION_STATUSES)
            )
        )
        .order_by("-campaign__year", "category")
    )


@login_required
def queue(request):
    """异议办理: every objection, filtered by status or searched; and the lists' publicity with their actions."""
    _require_staff(request)
    form = ObjectionFilterForm(request.GET or None)
    rows = _objection_rows().order_by("-submitted_at", "-pk")
    selected = ""
    if form.is_bound and form.is_valid():
        selected = form.cleaned_data["status"]
        rows = ObjectionFilterForm.apply(rows, form.cleaned_data)
    counts = dict(Objection.objects.values_list("status").annotate(count=Count("pk")).order_by())
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in ObjectionStatus.choices],
        "total": sum(counts.values()),
        "selected_status": selected,
        "lists": _lists(),
        "can_publish": policy.can(request.user, "national_list.publish"),
        "export_params": by_format(page_filters(form)),
    }
    return render_page(request, "publicity/queue.html", context, fragment="publicity/_objections_panel.html")


@login_required
def detail(request, pk):
    """One objection: who, against which locality, why, the evidence, the history; take up, uphold or dismiss."""
    objection = get_object_or_404(policy.visible(request.user, _objection_rows()), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "uphold" and (reauthenticate := reauthentication_redirect(request)):
        return reauthenticate  # upholding disqualifies the locality and may start sanctions (art. 14)
    data = request.POST if request.method == "POST" else None
    forms_by_action = {
        "investigate": InvestigateForm(data if action == "investigate" else None, prefix="investigate"),
        "uphold": UpholdForm(data if action == "uphold" else None, prefix="uphold"),
        "dismiss": DismissForm(data if action == "dismiss" else None, prefix="dismiss"),
    }
    form = forms_by_action.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "investigate":
                objections.investigate(request.user, objection, note=form.cleaned_data["note"], request=request)
                done = _("已开始核查异议 %(receipt)s。")
            elif action == "uphold":
                objections.uphold(request.user, objection, request=request, **form.cleaned_data)
                done = _("已认定异议 %(receipt)s 成立，该地方已取消资格并移出名单。")
            else:
                objections.dismiss(request.user, objection, resolution=form.cleaned_data["resolution"], request=request)
                done = _("已认定异议 %(receipt)s 不成立。")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done % {"receipt": objection.receipt})
            return redirect("publicity:objection", pk=objection.pk)
    context = {
        "objection": objection,
        "locality": locality_name(objection.nomination),
        "history": history_rows(objection, ObjectionStatus),
        "can_handle": objection.is_open and policy.can(request.user, "objection.handle", objection),
        "can_uphold": objection.is_open and policy.can(request.user, "objection.uphold", objection),
        "can_investigate": objection.status == ObjectionStatus.RECEIVED,
        **{f"{name}_form": value for name, value in forms_by_action.items()},
    }
    return render(request, "publicity/objection.html", context)


@login_required
def evidence(request, pk):
    """The objection's evidence file (private; every download audited)."""
    objection = get_object_or_404(policy.visible(request.user, Objection.objects.all()), pk=pk)
    if not objection.evidence:
        raise Http404
    record(request.user, "objection.evidence.download", objection, request=request, sha256=objection.evidence_sha256)
    return private_file_response(
        objection.evidence.open("rb"), content_type=objection.evidence_content_type, name=objection.evidence_name
    )


# ---------------------------------------------------------------- the list's publicity, finalisation, corrections


def _national_list(request, pk):
    """A national list SAMR may see (others: 404), for SAMR leadership (SAMR reviewers: 403)."""
    found = get_object_or_404(policy.visible(request.user, NationalList.objects.select_related("campaign")), pk=pk)
    policy.authorize(request.user, "national_list.publish", found)
    return found


def _entries(national_list):
    return list(national_list.entries.select_related("nomination__division__province").order_by("position", "pk"))


@login_required
def publicise(request, pk):
    """对外公示: the notice and the start; the end is computed in working days."""
    national_list = _national_list(request, pk)
    title, text = publicity.default_notice(national_list)
    form = PubliciseForm(
        request.POST if request.method == "POST" else None, initial={"notice_title": title, "notice_text": text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = publicity.publicise(request.user, national_list, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("已发布公示，公示时间为%(span)s。") % {"span": period_span(period)},
            )
            return redirect("publicity:queue")
    context = {"national_list": national_list, "form": form, "entries": _entries(national_list)}
    return render(request, "publicity/publicise.html", context)


@login_required
@recent_authentication_required
def finalise(request, pk):
    """发布最终名单: after the period, with every objection decided; publishes version 1."""
    national_list = _national_list(request, pk)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            published = publication.finalise(
                request.user, national_list, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("最终名单已发布（第 %(version)s 版）。") % {"version": published.version})
            return redirect("publicity:queue")
    period = getattr(national_list, "publicity", None)
    context = {
        "national_list": national_list,
        "period": period,
        "open_objections": period.objections.filter(status__in=OPEN_OBJECTION_STATUSES).count() if period else 0,
        "form": form,
        "entries": _entries(national_list),
        "title": _("发布最终名单"),
        "button": _("发布最终名单"),
    }
    return render(request, "publicity/finalise.html", context)


@login_required
def correction(request, pk):
    """发布更正: the next version of a finalised list, with what changed since the last one and why."""
    national_list = _national_list(request, pk)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            published = publication.publish_correction(
                request.user, national_list, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已发布更正（第 %(version)s 版）。") % {"version": published.version})
            return redirect("publicity:queue")
    latest = PublishedList.objects.filter(national_list=national_list).order_by("-version").first()
    pending = publication.changes_between(latest.entries, publication.snapshot(national_list)) if latest else None
    context = {"national_list": national_list, "latest": latest, "pending": pending, "form": form}
    return render(request, "publicity/correction.html", context)
