"""Policy rules of the publicity stage (art. 7(4) 对外公示).

The publicity page, the published lists and the objection form are public and need no rule. Objections carry the
objector's name and contact: SAMR's reviewers and leadership see and handle them; administrators see them, as they
see every record, but do not handle them. Opening publicity and finalising are ``national_list.publish``
(nominations/rules.py).
"""

from django.db.models import Q

from accounts import policy
from provinces.enums import Role

from .models import Objection

SAMR_STAFF = (Role.SAMR_REVIEWER, Role.SAMR_APPROVER)


def _samr_staff(user, obj=None):
    return policy.has_role(user, *SAMR_STAFF)


def _objection_view(user, obj=None):
    return _samr_staff(user) or policy.is_admin(user)


@policy.scope(Objection, view_action="objection.view")
def _objection_scope(user):
    return Q() if _objection_view(user) else Q(pk__in=[])


policy.rule("objection.view")(_objection_view)
# Take up (核查) and dismiss: SAMR's reviewers or leadership (DESIGN §2: samr_reviewer handles objections).
policy.rule("objection.handle")(_samr_staff)


@policy.rule("objection.uphold")
def _objection_uphold(user, objection):
    """Upholding disqualifies the locality (``nomination.disqualify``): SAMR leadership only."""
    return policy.has_role(user, Role.SAMR_APPROVER)


@policy.rule("story.manage")
def _story_manage(user, award):
    """Success stories of awarded localities (art. 12): SAMR staff."""
    return _samr_staff(user)
