"""The campaign notice: a province signs for it (签收, art. 7(2)); SAMR sees who has."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from core.downloads import private_file_response

from ..domain.campaigns import acknowledge as acknowledge_campaign
from ..domain.campaigns import acknowledgement_board, open_notice_file, province_of
from ..models import CampaignAcknowledgement
from .common import require_campaign


@login_required
def notice(request):
    """The open campaign's notice, with the sign-for button for a provincial bureau."""
    campaign = require_campaign(request.user)
    province = province_of(request.user)
    acknowledgement = (
        CampaignAcknowledgement.objects.filter(campaign=campaign, province=province)
        .select_related("acknowledged_by")
        .first()
        if province is not None
        else None
    )
    return render(
        request,
        "nominations/notice.html",
        {
            "campaign": campaign,
            "province": province,
            "acknowledgement": acknowledgement,
            "may_acknowledge": policy.can(request.user, "campaign.acknowledge", campaign),
            "may_see_board": policy.can(request.user, "campaign.acknowledgements.view", campaign),
        },
    )


@login_required
@require_POST
def acknowledge(request):
    campaign = require_campaign(request.user)
    try:
        acknowledge_campaign(request.user, campaign, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已签收。"))
    return redirect("nominations:notice")


@login_required
def board(request):
    """SAMR's view of which provinces have signed for the notice, and when (2 queries)."""
    campaign = require_campaign(request.user)
    policy.authorize(request.user, "campaign.acknowledgements.view", campaign)
    rows = acknowledgement_board(campaign)
    signed = sum(1 for _province, ack in rows if ack is not None)
    return render(request, "nominations/acknowledgements.html", {"campaign": campaign, "rows": rows, "signed": signed})


@login_required
def notice_file(request):
    campaign = require_campaign(request.user)
    file, content_type, name = open_notice_file(request.user, campaign, request=request)
    return private_file_response(file, content_type=content_type, name=name)
