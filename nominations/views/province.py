"""The provincial pages: the queue, the reviewer's decisions and scores, ranking and shortlisting (综合比选),
the approver's confirmation and recommendation (art. 7(3)).

The lists of one category belong to the user's own province: the URL names
the category only, the province comes from the user's provincial membership.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.security import recent_authentication_required
from core.downloads import private_file_response
from core.exports import by_format, page_filters
from core.history import history_rows
from core.partials import render_page
from criteria.enums import Category
from provinces.enums import Level
from provinces.models import Division

from ..domain import workflow
from ..domain.discrepancies import visible_flags
from ..enums import RecommendationState, ReviewStage
from ..forms import (
    PROVINCE_STATES,
    ConfirmationForm,
    QueueFilterForm,
    RankForm,
    RejectForm,
    ReturnForm,
    ReviewForm,
    VerifyForm,
)
from ..models import Nomination, ProvinceCap, ProvinceRecommendation, Review
from .common import (
    S,
    add_domain_errors,
    current_campaign,
    get_nomination,
    posted,
    require_campaign,
    require_province,
    scored_review,
)

PAGE_SIZE = 50
RANKED_ORDER = (F("province_rank").asc(nulls_last=True), F("province_score").desc(nulls_last=True), "division__code")


@login_required
def queue(request):
    """本省申报: the province's applications in the open campaign, filtered, with the counts per state."""
    province = require_province(request.user)
    campaign = current_campaign(request.user)
    prefectures = list(Division.objects.filter(province=province, level=Level.PREFECTURE).order_by("code"))
    form = QueueFilterForm(request.GET or None, prefectures=prefectures, states=PROVINCE_STATES)
    context = {"province": province, "campaign": campaign, "form": form, "categories": Category.choices}
    if campaign is not None:
        base = policy.visible(request.user, Nomination.objects.with_priority()).filter(
            campaign=campaign, division__province=province
        )
        counts = dict(
            form.filter(base, include_state=False)
            .order_by()
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        rows = (
            form.filter(base).select_related("division__prefecture").order_by("category", "-priority", "division__code")
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            flagged=visible_flags(request.user, page),
            state_counts=[(state, state.label, counts.get(state, 0)) for state in PROVINCE_STATES],
            total=sum(counts.values()),
            selected_state=form.cleaned_data.get("state", "") if form.is_bound else "",
            export_params=by_format({"campaign": campaign.pk, **page_filters(form)}),
        )
    return render_page(request, "nominations/province_queue.html", context, fragment="nominations/_queue_panel.html")


def _decision(request, pk, *, form_class, run, title, warning, button, success):
    """A reviewer's decision page: the form is also the confirmation step; the domain function decides."""
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.review", nomination)
    form = form_class(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            run(nomination, form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("nominations:detail", pk=nomination.pk)
    context = {"nomination": nomination, "form": form, "title": title, "warning": warning, "button": button}
    return render(request, "nominations/confirm_action.html", context)


@login_required
def return_for_revision(request, pk):
    return _decision(
        request,
        pk,
        form_class=ReturnForm,
        run=lambda nomination, data: workflow.return_for_revision(
            request.user, nomination, reason=data["reason"], deadline=data["deadline"], request=request
        ),
        title=_("退回修改"),
        warning=_("退回后申报单位可在修改期限前修改并重新提交；期限不能晚于省级推荐截止时间。"),
        button=_("确认退回"),
        success=_("已退回申报单位修改。"),
    )


@login_required
def verify(request, pk):
    return _decision(
        request,
        pk,
        form_class=VerifyForm,
        run=lambda nomination, data: workflow.verify(
            request.user, nomination, note=data["note"], evidence=data.get("evidence"), request=request
        ),
        title=_("情况核实"),
        warning=_("核实通过后不能撤销；申报进入综合比选。"),
        button=_("确认核实通过"),
        success=_("已核实，申报进入综合比选。"),
    )


@login_required
def reject(request, pk):
    return _decision(
        request,
        pk,
        form_class=RejectForm,
        run=lambda nomination, data: workflow.reject(request.user, nomination, reason=data["reason"], request=request),
        title=_("不予推荐"),
        warning=_("不予推荐后不能撤销，本年度该申报即告结束。"),
        button=_("确认不予推荐"),
        success=_("已记录为未推荐。"),
    )


@login_required
def review(request, pk):
    """Per-criterion scores and remarks (综合比选); saving again replaces the reviewer's own review."""
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.review", nomination)
    criteria = list(nomination.criteria_set.criteria.all())
    own = Review.objects.filter(nomination=nomination, stage=ReviewStage.PROVINCE, reviewer=request.user).first()
    form = ReviewForm(posted(request), criteria=criteria, review=own)
    if scored_review(request, nomination, form, workflow.save_province_review, _("评分已保存，加权得分 %(score)s。")):
        return redirect("nominations:detail", pk=nomination.pk)
    return render(request, "nominations/review.html", {"nomination": nomination, "form": form})


# ---------------------------------------------------------------- ranking, shortlist, confirmation, recommendation


def _province_list(request, category):
    """The user's province, the open campaign and the province's list of ``category`` (unsaved if not yet used)."""
    if category not in Category.values:
        raise Http404
    province = require_province(request.user)
    campaign = require_campaign(request.user)
    recommendation = (
        ProvinceRecommendation.objects.filter(campaign=campaign, province=province, category=category)
        .select_related("campaign", "province", "confirmed_by", "recommended_by")
        .first()
    ) or ProvinceRecommendation(campaign=campaign, province=province, category=category)
    policy.authorize(request.user, "recommendation.view", recommendation)
    return province, campaign, recommendation


def _entries(request, recommendation, states):
    return list(
        policy.visible(request.user, Nomination.objects.with_priority())
        .filter(
            campaign=recommendation.campaign,
            category=recommendation.category,
            division__province=recommendation.province,
            state__in=states,
        )
        .select_related("division__prefecture")
        .order_by(*RANKED_ORDER)
    )


def _list_context(request, recommendation):
    cap = ProvinceCap.objects.filter(
        campaign=recommendation.campaign, province=recommendation.province, category=recommendation.category
    ).first()
    return {
        "recommendation": recommendation,
        "category_label": Category(recommendation.category).label,
        "cap": cap,
        "used": workflow.shortlisted_count(recommendation.campaign, recommendation.province, recommendation.category),
        "list_open": recommendation.state == RecommendationState.DRAFT,
        "history": history_rows(recommendation, RecommendationState) if recommendation.pk else [],
    }


@login_required
def ranking(request, category):
    """综合比选: order the verified and shortlisted applications; shortlist within the cap."""
    _province, _campaign, recommendation = _province_list(request, category)
    candidates = _entries(request, recommendation, [S.VERIFIED, S.SHORTLISTED])
    form = RankForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        # Before the list is stored on first use: a refused request leaves nothing behind.
        policy.authorize(request.user, "recommendation.rank", recommendation)
        recommendation = workflow.recommendation_for(
            recommendation.campaign, recommendation.province, recommendation.category
        )
        try:
            workflow.rank(request.user, recommendation, form.ordered_ids(), request=request)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("排序已保存。"))
            return redirect("nominations:ranking", category=category)
    context = _list_context(request, recommendation)
    context.update(
        form=form,
        rows=[(n, form.order_field(n)) for n in candidates],
        can_rank=policy.can(request.user, "recommendation.rank", recommendation),
    )
    return render_page(request, "nominations/ranking.html", context, fragment="nominations/_ranking_panel.html")


@login_required
def shortlist(request, pk):
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.review", nomination)
    province = nomination.division.province
    cap = ProvinceCap.objects.filter(campaign=nomination.campaign, province=province, category=nomination.category)
    errors = []
    if request.method == "POST":
        try:
            workflow.shortlist(request.user, nomination, request=request)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("已将%(name)s列入拟推荐名单。") % {"name": nomination.division.name})
            return redirect("nominations:ranking", category=nomination.category)
    return render(
        request,
        "nominations/shortlist.html",
        {
            "nomination": nomination,
            "errors": errors,
            "cap": cap.first(),
            "used": workflow.shortlisted_count(nomination.campaign, province, nomination.category),
        },
    )


@login_required
@require_POST
def unshortlist(request, pk):
    nomination = get_nomination(request, pk)
    try:
        workflow.unshortlist(request.user, nomination, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已将%(name)s移出拟推荐名单。") % {"name": nomination.division.name})
    return redirect("nominations:ranking", category=nomination.category)


@login_required
def recommendation(request, category):
    """The province's list of one category: the ranked shortlist, the confirmation and the recommendation."""
    _province, _campaign, recommendation = _province_list(request, category)
    context = _list_context(request, recommendation)
    context.update(
        entries=_entries(request, recommendation, [S.SHORTLISTED, S.RECOMMENDED]),
        can_approve=policy.can(request.user, "recommendation.approve", recommendation),
        export_params={"recommendation": recommendation.pk},
    )
    return render(request, "nominations/recommendation.html", context)


@login_required
def confirm(request, category):
    """登记省级人民政府审核确认: the form is also the confirmation step (the list then closes)."""
    _province, _campaign, recommendation = _province_list(request, category)
    policy.authorize(request.user, "recommendation.approve", recommendation)
    form = ConfirmationForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        recommendation = workflow.recommendation_for(
            recommendation.campaign, recommendation.province, recommendation.category
        )
        try:
            workflow.confirm(
                request.user,
                recommendation,
                document_number=form.cleaned_data["document_number"],
                document_date=form.cleaned_data["document_date"],
                document=form.cleaned_data["document"],
                request=request,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已登记省级人民政府的确认，名单不再调整。"))
            return redirect("nominations:recommendation", category=category)
    context = _list_context(request, recommendation)
    context.update(form=form, entries=_entries(request, recommendation, [S.SHORTLISTED]))
    return render(request, "nominations/confirm_recommendation.html", context)


@login_required
@recent_authentication_required
def recommend(request, category):
    """向总局推荐: a confirmation page, then the recommendation (the entries lock)."""
    _province, _campaign, recommendation = _province_list(request, category)
    policy.authorize(request.user, "recommendation.approve", recommendation)
    errors = []
    if request.method == "POST":
        try:
            workflow.recommend(
                request.user,
                workflow.recommendation_for(recommendation.campaign, recommendation.province, recommendation.category),
                request=request,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("已向市场监管总局推荐。"))
            return redirect("nominations:recommendation", category=category)
    context = _list_context(request, recommendation)
    context.update(errors=errors, entries=_entries(request, recommendation, [S.SHORTLISTED, S.RECOMMENDED]))
    return render(request, "nominations/recommend.html", context)


@login_required
def confirmation_document(request, pk):
    """The provincial government's confirmation, for those who may see the list; every download is audited."""
    recommendation = get_object_or_404(
        policy.visible(request.user, ProvinceRecommendation.objects.select_related("campaign", "province")), pk=pk
    )
    file, content_type, name = workflow.open_confirmation_document(request.user, recommendation, request=request)
    return private_file_response(file, content_type=content_type, name=name)
