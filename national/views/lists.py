"""The proposed national list of one category with its balance (art. 7(4) 综合平衡, art. 8).

The domain functions in ``national`` and ``national_list`` decide and check; these views only shape the input.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.security import recent_authentication_required
from core.charts import Chart, Series
from core.exports import by_format
from core.history import history_rows
from criteria.enums import Category
from nominations.enums import NominationState
from nominations.views.common import add_domain_errors, get_nomination, require_campaign
from provinces.enums import Level, Region

from ..domain import balance, national_list
from ..models import NationalList, NationalListState

S = NominationState
PAGE_SIZE = 50


# ---------------------------------------------------------------- the proposed national list (综合平衡)


def _national_list(request, category):
    if category not in Category.values:
        raise Http404
    campaign = require_campaign(request.user)
    found = NationalList.objects.filter(campaign=campaign, category=category).select_related("campaign").first()
    found = found or NationalList(campaign=campaign, category=category)
    policy.authorize(request.user, "national_list.view", found)
    return campaign, found


class BalanceSettingsForm(forms.ModelForm):
    """The list's bonuses and shares (art. 8); ``national_list.configure`` checks and stores them."""

    class Meta:
        model = NationalList
        fields = national_list.SETTING_FIELDS
        widgets = {name: forms.NumberInput(attrs={"class": "input--short"}) for name in national_list.SETTING_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False  # empty means none: no bonus, no minimum, no cap


def _distributions(figures, suggested):
    """The list's make-up by region, level, underdeveloped flag and province: for each, the table's rows (label,
    count, share of the list, share of the quota) and a chart of the list against the suggestion (art. 8)."""
    groups = (
        (_("按区域"), "by_region", "region_shares", lambda key: Region(key).label, True),
        (_("按层级"), "by_level", "level_shares", lambda key: Level(key).label, True),
        (
            _("按是否欠发达地区"),
            "by_underdeveloped",
            "underdeveloped_shares",
            lambda key: _("欠发达地区") if key else _("其他地区"),
            True,
        ),
        (_("按省份"), "by_province", "province_shares", str, False),
    )
    result = []
    for caption, counts_name, shares_name, label, against_quota in groups:
        counts, shares = getattr(figures, counts_name), getattr(figures, shares_name)
        # The provinces of either list, the current list's order first.
        keys = list(counts) + [key for key in getattr(suggested, counts_name) if key not in counts]
        rows = [
            (label(key), counts.get(key, 0), shares.get(key, 0), balance.quota_share(counts.get(key, 0), figures.quota))
            for key in keys
            if key in counts
        ]
        chart = Chart(
            labels=[label(key) for key in keys],
            series=[
                Series(_("当前名单"), [counts.get(key, 0) for key in keys]),
                Series(_("建议名单"), [getattr(suggested, counts_name).get(key, 0) for key in keys]),
            ],
            maximum=figures.quota if against_quota else None,
            unit=_("个"),
        )
        result.append({"caption": caption, "rows": rows, "chart": chart, "id": counts_name.replace("_", "-")})
    return result


def _list_context(request, campaign, the_list, settings_form=None):
    analysis = national_list.analyse(request.user, the_list)
    figures = analysis.figures
    entries = (
        list(the_list.entries.select_related("nomination__division__province").order_by("position", "pk"))
        if the_list.pk
        else []
    )
    current = {entry.nomination_id for entry in entries}
    suggested = set(analysis.suggestion.selected)
    by_pk = {item.nomination.pk: item for item in analysis.ranking}
    can_edit = policy.can(request.user, "national_list.edit", the_list)
    is_draft = the_list.state == NationalListState.DRAFT
    return {
        "campaign": campaign,
        "national_list": the_list,
        "category": the_list.category,
        "category_label": Category(the_list.category).label,
        "entries": [(entry, by_pk.get(entry.nomination_id)) for entry in entries],
        "analysis": analysis,
        "ranking": analysis.ranking,
        "figures": figures,
        "suggestion": analysis.suggestion,
        "suggested_names": [by_pk[pk].nomination for pk in analysis.suggestion.selected],
        "to_add": [by_pk[pk].nomination for pk in analysis.suggestion.selected if pk not in current],
        "to_remove": [entry.nomination for entry in entries if entry.nomination_id not in suggested],
        "distributions": _distributions(
            figures,
            balance.distribution([item.line.candidate for item in analysis.ranking if item.suggested], figures.quota),
        ),
        "total": figures.total,
        "is_draft": is_draft,
        "can_edit": can_edit,
        "can_approve": policy.can(request.user, "national_list.approve", the_list),
        "settings_form": settings_form or BalanceSettingsForm(instance=the_list),
        "history": history_rows(the_list, NationalListState) if the_list.pk else [],
        "export_params": by_format({"national_list": the_list.pk}) if the_list.pk else None,
        # Finalising publishes version 1: a finalised or reported list has a published final list.
        "final_list_exportable": the_list.state in (NationalListState.FINALISED, NationalListState.REPORTED),
    }


@login_required
def list_page(request, category):
    """全国建议名单 of one category: entries, the candidates ranked with the bonuses, the distribution against the
    quota with its charts, the suggestion; SAMR reviewers change the balance settings here (POST)."""
    campaign, the_list = _national_list(request, category)
    form = None
    if request.method == "POST":
        form = BalanceSettingsForm(request.POST, instance=NationalList(campaign=campaign, category=category))
        if form.is_valid():
            try:
                the_list, _created = national_list.open_national_list(request.user, campaign, category)
                national_list.configure(
                    request.user,
                    the_list,
                    request=request,
                    **{name: form.cleaned_data[name] for name in national_list.SETTING_FIELDS},
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("已保存综合平衡设置。"))
                return redirect("national:national_list", category=category)
    return render(request, "national/list.html", _list_context(request, campaign, the_list, form))


@login_required
@require_POST
def list_accept_suggestion(request, category):
    """采用建议名单: the suggested list becomes the draft (entries added, removed and ordered as suggested)."""
    campaign, the_list = _national_list(request, category)
    try:
        the_list, _created = national_list.open_national_list(request.user, campaign, category)
        national_list.accept_suggestion(request.user, the_list, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已采用建议名单，可继续调整。"))
    return redirect("national:national_list", category=category)


def _list_change(request, category, pk, change, success):
    campaign, the_list = _national_list(request, category)
    nomination = get_nomination(request, pk)
    try:
        the_list, _created = national_list.open_national_list(request.user, campaign, category)
        change(request.user, the_list, nomination, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"name": nomination.division.name})
    return redirect("national:national_list", category=category)


@login_required
@require_POST
def list_add(request, category, pk):
    return _list_change(request, category, pk, national_list.add, _("已将%(name)s加入建议名单。"))


@login_required
@require_POST
def list_remove(request, category, pk):
    return _list_change(request, category, pk, national_list.remove, _("已将%(name)s移出建议名单。"))


@login_required
@recent_authentication_required
def list_approve(request, category):
    """批准名单: a confirmation page, then the approval (the list is frozen for publicity)."""
    campaign, the_list = _national_list(request, category)
    policy.authorize(request.user, "national_list.approve", the_list)
    errors = []
    if request.method == "POST":
        try:
            national_list.approve(request.user, the_list, request=request)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("建议名单已批准，进入公示准备。"))
            return redirect("national:national_list", category=category)
    context = _list_context(request, campaign, the_list)
    context["errors"] = errors
    return render(request, "national/list_approve.html", context)
