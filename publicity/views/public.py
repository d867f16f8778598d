"""The public pages (no login): the running publicity with its list and the objection form, the receipt, and the
published final lists with their versions (art. 7(4) 对外公示).

Thin views: ``publicity.domain`` decides and checks; these only shape the input and choose what to show.

Both list pages are the same for every visitor, so what they show is rendered once and kept in the cache under a
key that one small query computes on every request from exactly what the lists depend on (bench/causes.md, cause
10): a publication, a period starting or ending, an entry taken off or renumbered, another language — each gives
another key, so nothing is ever invalidated and no visitor sees a list older than the request. Only the objection
form's CSRF token, and a submitted form with its errors and values, are rendered per request.
"""

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import security
from core.domain.audit import client_ip
from national.models import NationalListEntry
from provinces.enums import Level

from ..domain import objections
from ..forms import ObjectionForm, StatusForm
from ..models import Objection, PublicityPeriod, PublishedList

# Ended periods stay on the public page this long, marked as ended.
RECENTLY_ENDED = timedelta(days=30)
RECEIPT_SESSION_KEY = "publicity_receipt"
# A kept rendering is right for its key whatever its age. The time bounds what the cache holds, and how long a
# change the key does not follow (a division renamed in the admin, a reworded translation) waits to show.
LISTS_CACHE_SECONDS = 10 * 60


def _periods(now):
    """Started periods still running or recently ended, each with its list (two queries whatever the size)."""
    # Only what the public list shows: the place and its province (bench/: the whole rows cost half the page).
    entries = (
        NationalListEntry.objects.select_related("nomination__division__province")
        .only(
            "position",
            "national_list",
            "nomination__division__name",
            "nomination__division__code",
            "nomination__division__province__name",
        )
        .order_by("position", "pk")
    )
    return list(
        PublicityPeriod.objects.filter(starts_at__lte=now, ends_at__gt=now - RECENTLY_ENDED)
        .select_related("national_list__campaign")
        .prefetch_related(Prefetch("national_list__entries", queryset=entries))
        .order_by("-starts_at", "national_list__category", "pk")
    )


def locality_name(nomination):
    division = nomination.division
    province = division.province.name if division.province_id else ""
    return f"{province} {division.name}".strip()


def _choices(open_periods):
    """The localities on the running lists, grouped by list: what the objection form offers."""
    return [
        (
            period.national_list.get_category_display(),
            [
                (str(entry.nomination_id), locality_name(entry.nomination))
                for entry in period.national_list.entries.all()
            ],
        )
        for period in open_periods
    ]


def _lists_key(now):
    """The key of the public page's lists as of ``now``, from one query: every shown period, whether it has ended,
    and each entry of its list (application and position), in the active language.

    A publication or a scheduled start adds a period, an end changes its state, thirty days later it leaves, an
    upheld objection or a disqualification takes an entry off and renumbers the rest: each changes the key. What
    else the lists show never changes once published: the notice, the period, the list's year and category. The
    periods' creation times keep apart two databases whose ids coincide (a test copy sharing the Redis).
    """
    rows = list(
        PublicityPeriod.objects.filter(starts_at__lte=now, ends_at__gt=now - RECENTLY_ENDED)
        .annotate(ended=ExpressionWrapper(Q(ends_at__lte=now), output_field=BooleanField()))
        .order_by("pk", "national_list__entries__pk")
        .values_list(
            "pk", "created_at", "ended", "national_list__entries__nomination_id", "national_list__entries__position"
        )
    )
    return f"publicity-lists:{get_language()}:{hashlib.sha256(repr(rows).encode()).hexdigest()}"


def _objection_fields(form):
    return render_to_string("publicity/_objection_fields.html", {"form": form})


def _render_lists(now):
    """What the page shows the same to everyone: the running lists, the recently ended ones, the objection form's
    choices and the form as it is before anything is entered."""
    periods = _periods(now)
    open_periods = [period for period in periods if period.is_open(now)]
    ended = [period for period in periods if period.has_ended(now)]
    choices = _choices(open_periods)
    return {
        "open": render_to_string("publicity/_open_periods.html", {"open_periods": open_periods}),
        "ended": render_to_string("publicity/_ended_periods.html", {"ended_periods": ended}),
        "taking_objections": bool(open_periods),
        "choices": choices,
        "blank_form": _objection_fields(ObjectionForm(choices=choices)),
    }


def _lists(now):
    key = _lists_key(now)
    lists = cache.get(key)
    if lists is None:
        lists = _render_lists(now)
        cache.set(key, lists, LISTS_CACHE_SECONDS)
    return lists


def _chosen_target(request, choices):
    """The locality whose row's "对此提出异议" link was followed (``?target=``), if it is on a running list."""
    target = request.GET.get("target", "")
    offered = {value for _list, localities in choices for value, _name in localities}
    return target if target in offered else ""


def index(request):
    """公示: the running lists (序号、省份、地方), the notice, the period, and the objection form."""
    lists = _lists(timezone.now())
    context = {
        "open_lists": mark_safe(lists["open"]),
        "ended_lists": mark_safe(lists["ended"]),
        "taking_objections": lists["taking_objections"],
    }
    if request.method != "POST":
        target = _chosen_target(request, lists["choices"])
        context["objection_fields"] = (
            _objection_fields(ObjectionForm(initial={"nomination": target}, choices=lists["choices"]))
            if target
            else mark_safe(lists["blank_form"])
        )
        return render(request, "publicity/index.html", context)
    form = ObjectionForm(request.POST, request.FILES, choices=lists["choices"])
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            objection = objections.file_objection(
                data["nomination"],
                name=data["name"],
                contact=data["contact"],
                grounds=data["grounds"],
                evidence=data["evidence"],
                ip=client_ip(request),
                request=request,
            )
        except objections.TooManyObjections as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[RECEIPT_SESSION_KEY] = objection.receipt
            return redirect("publicity:receipt")
    context["objection_fields"] = _objection_fields(form)
    return render(request, "publicity/index.html", context, status=status)


def receipt(request):
    """受理回执: the receipt number of the objection this browser has just filed."""
    number = request.session.get(RECEIPT_SESSION_KEY)
    found = (
        Objection.objects.select_related("nomination__division__province", "period").filter(receipt=number).first()
        if number
        else None
    )
    if found is None:
        return redirect("publicity:index")
    return render(request, "publicity/receipt.html", {"objection": found, "locality": locality_name(found.nomination)})


STATUS_FAILURES = "objection_status"


def objection_status(request):
    """查询异议办理情况: the objector enters its receipt number and the contact it left, and reads how its objection
    stands (and, once decided, the result). A failed lookup counts against the address (ADDRESS_FAILURE_LIMITS)."""
    form = StatusForm(request.POST if request.method == "POST" else None)
    found, status = None, 200
    if form.is_bound and form.is_valid():
        if security.address_refused(STATUS_FAILURES, request):
            form.add_error(None, _("查询失败次数过多，请稍后再试。"))
            status = 429
        else:
            found = objections.objection_for(form.cleaned_data["receipt"], form.cleaned_data["contact"])
            if found is None:
                security.count_failure(STATUS_FAILURES, request)
                form.add_error(None, _("受理编号或联系方式不正确，请核对后重试。"))
    context = {"form": form, "objection": found, "locality": locality_name(found.nomination) if found else ""}
    return render(request, "publicity/status.html", context, status=status)


def _with_labels(published):
    levels = dict(Level.choices)
    for entry in published.entries:
        entry["level_display"] = levels.get(entry.get("level"), "")
    return published


def final_lists(request):
    """最终名单: the latest version of every published list; older versions linked, with what each changed.

    Published versions are never changed or deleted (a correction is a new version), so their number and the
    newest one's id and time key the rendered lists exactly: one query per request while nothing new is published.
    """
    published = PublishedList.objects.aggregate(count=Count("pk"), newest=Max("pk"), at=Max("published_at"))
    at = published["at"].isoformat() if published["at"] else ""
    key = f"publicity-final-lists:{get_language()}:{published['count']}:{published['newest']}:{at}"
    content = cache.get(key)
    if content is None:
        content = render_to_string("publicity/_final_lists.html", {"rows": _final_rows()})
        cache.set(key, content, LISTS_CACHE_SECONDS)
    return render(request, "publicity/final_lists.html", {"final_lists": mark_safe(content)})


def _final_rows():
    """Each list's latest published version with its older versions (two queries whatever their number)."""
    latest = PublishedList.objects.filter(national_list=OuterRef("national_list")).order_by("-version")
    current = [
        _with_labels(published)
        for published in PublishedList.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("national_list__campaign")
        .order_by("-national_list__campaign__year", "national_list__category")
    ]
    older = {}
    for published in (
        PublishedList.objects.filter(national_list__in=[item.national_list_id for item in current])
        .exclude(pk__in=[item.pk for item in current])
        .only("pk", "national_list_id", "version", "published_at", "note")
        .order_by("-version")
    ):
        older.setdefault(published.national_list_id, []).append(published)
    return [(published, older.get(published.national_list_id, [])) for published in current]


def final_version(request, pk):
    """One published version, with its changes against the version before it."""
    published = get_object_or_404(PublishedList.objects.select_related("national_list__campaign"), pk=pk)
    versions = list(
        PublishedList.objects.filter(national_list=published.national_list_id)
        .only("pk", "national_list_id", "version", "published_at")
        .order_by("-version")
    )
    context = {"published": _with_labels(published), "versions": versions}
    return render(request, "publicity/final_version.html", context)
