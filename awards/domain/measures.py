"""The measures of each award (art. 10 for the 商事制度改革 category of art. 5, art. 11 for the 质量工作 category of
art. 6), chosen per award by SAMR, and the achievements two of them reward.

Most measures come with being recognised. Two reward what the locality's department achieved, and are granted only
where SAMR has recorded that achievement (``Achievement``, art. 4: from what SAMR knows of the locality's work):

- art. 10(1) 对在商事制度改革、广告监管、网络市场监管中作出突出成绩和贡献的市场监管部门先进集体和个人进行表彰奖励;
- art. 10(4) 对在打击传销工作取得显著成效的市场监管部门先进集体和个人进行表彰奖励.

Art. 10(8) (市场监管总局确定的其他激励措施) is whatever SAMR decides: granted when SAMR chooses it, never by default.
Art. 11's five are all general. The rules are pure functions (``default_measures``, ``measure_problems``); the
report (``report.report``) and ``set_measures`` apply them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from criteria.enums import Category
from nominations.domain.applications import lock
from nominations.enums import NominationState
from provinces.enums import Role

from ..models import MEASURES_BY_CATEGORY, Achievement, AchievementField, Award, Measure

S = NominationState
F = AchievementField

# The achievement a measure rewards (any one of them suffices), and what its refusal says is missing.
REQUIRED_ACHIEVEMENTS = {
    # art. 10(1)
    Measure.BR_COMMENDATION: (
        (F.BUSINESS_REFORM, F.ADVERTISING, F.ONLINE_MARKET),
        gettext_lazy("在商事制度改革、广告监管或网络市场监管中作出突出成绩和贡献的记录（第十条第一项）"),
    ),
    # art. 10(4)
    Measure.BR_ANTI_PYRAMID: ((F.ANTI_PYRAMID,), gettext_lazy("在打击传销工作中取得显著成效的记录（第十条第四项）")),
}
# art. 10(8): the measure SAMR defines itself.
NEVER_BY_DEFAULT = frozenset({Measure.BR_OTHER})

# SAMR records an achievement while it evaluates the application and until the award is taken back.
ACHIEVEMENT_STATES = (S.RECOMMENDED, S.EVALUATED, S.PROPOSED, S.IN_PUBLICITY, S.APPROVED, S.AWARDED)


def qualifies(measure, achieved):
    """Whether a locality with the recorded achievements ``achieved`` (fields) may be granted ``measure``."""
    required = REQUIRED_ACHIEVEMENTS.get(measure)
    return required is None or any(field in achieved for field in required[0])


def default_measures(category, achieved):
    """The measures an award of ``category`` gets unless SAMR chooses otherwise: every measure of its article the
    locality qualifies for, except art. 10(8)."""
    return [m.value for m in MEASURES_BY_CATEGORY[category] if m not in NEVER_BY_DEFAULT and qualifies(m, achieved)]


def category_problems(category, measures):
    """The problems of ``measures`` (codes) for ``category`` whoever receives them: not of its article, or none."""
    allowed = {m.value for m in MEASURES_BY_CATEGORY[category]}
    unknown = [code for code in measures if code not in allowed]
    problems = []
    if unknown:
        problems.append(
            _("激励措施%(codes)s不适用于本类别（第十条适用于商事制度改革类，第十一条适用于质量工作类）。")
            % {"codes": "、".join(map(str, unknown))}
        )
    if not measures:
        problems.append(_("请至少选择一项激励措施。"))
    return problems


def achievement_problems(name, measures, achieved):
    """The problems of granting ``measures`` to the locality ``name`` with the achievements ``achieved``: one per
    measure whose achievement is not recorded, naming the measure and what is missing."""
    return [
        _("%(name)s不能获得“%(measure)s”：尚无%(missing)s。")
        % {"name": name, "measure": Measure(code).label, "missing": REQUIRED_ACHIEVEMENTS[code][1]}
        for code in measures
        if code in Measure.values and not qualifies(code, achieved)
    ]


def measure_problems(category, name, measures, achieved):
    """Everything wrong with granting ``measures`` to the locality ``name`` of ``category`` (pure)."""
    return category_problems(category, measures) or achievement_problems(name, measures, achieved)


def chosen(measures):
    """The codes in the order given, each once."""
    return list(dict.fromkeys(measures))


def achieved_by(nominations):
    """{application id: the fields of its recorded achievements}, in one query."""
    found = {nomination.pk: set() for nomination in nominations}
    rows = Achievement.objects.filter(nomination__in=list(found)).values_list("nomination_id", "field")
    for nomination_id, field in rows:
        found[nomination_id].add(field)
    return found


# ---------------------------------------------------------------- recording an achievement


def recording_problems(nomination, field, description, basis):
    """The problems of recording an achievement of ``nomination`` in ``field`` (art. 10(1), 10(4)), in Chinese: a
    商事制度改革 application being evaluated or recognised, a known field recorded once, what and on which basis."""
    problems = []
    if nomination.category != Category.BUSINESS_REFORM:
        problems.append(
            _("%(name)s的申报属于“%(category)s”类；第十条的激励措施及其所需的工作成效只适用于商事制度改革类。")
            % {"name": nomination.division.name, "category": nomination.get_category_display()}
        )
    if nomination.state not in ACHIEVEMENT_STATES:
        problems.append(_("申报当前状态为“%(state)s”，不能记录工作成效。") % {"state": nomination.get_state_display()})
    if field not in AchievementField.values:
        problems.append(_("请选择工作领域：商事制度改革、广告监管、网络市场监管或打击传销（第十条第一项、第四项）。"))
    elif nomination.achievements.filter(field=field).exists():
        problems.append(
            _("已记录%(name)s在%(field)s方面的工作成效。")
            % {"name": nomination.division.name, "field": AchievementField(field).label}
        )
    if not description:
        problems.append(_("请填写突出成绩或显著成效。"))
    if not basis:
        problems.append(_("请填写依据，例如总局考核评议、督查检查结果或通报的文号（第四条）。"))
    return problems


@transaction.atomic
def record_achievement(user, nomination, *, field, description, basis, request=None):
    """SAMR records what a recognised locality of the 商事制度改革 category achieved, on which art. 10(1) or 10(4)
    may then be granted (at the report, or afterwards by ``set_measures``)."""
    nomination = lock(nomination)
    policy.authorize(user, "award.record_achievement", nomination)
    description, basis = (description or "").strip(), (basis or "").strip()
    problems = recording_problems(nomination, field, description, basis)
    if problems:
        raise ValidationError(problems)
    achievement = Achievement.objects.create(
        nomination=nomination,
        field=field,
        description=description,
        basis=basis,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    record(
        user,
        "award.achievement",
        nomination,
        comment=description,
        request=request,
        achievement=achievement.pk,
        field=field,
        basis=basis,
    )
    return achievement


# ---------------------------------------------------------------- the measures of one award, after the report


def change_problems(award, nomination, measures, reason):
    """The problems of giving ``award`` (of ``nomination``) the ``measures`` instead of its own, in Chinese: not
    revoked, measures it may get, a change, and its reason."""
    problems = []
    if award.is_revoked:
        problems.append(_("该地方的激励已撤销，不能调整激励措施。"))
    problems += measure_problems(
        nomination.category, nomination.division.name, measures, achieved_by([nomination])[nomination.pk]
    )
    if not problems and measures == award.measures:
        problems.append(_("激励措施没有变化。"))
    if not reason:
        problems.append(_("请填写调整原因。"))
    return problems


@transaction.atomic
def set_measures(user, award, *, measures, reason, request=None):
    """SAMR leadership changes the measures of one award after the report, with the reason; the measures rewarding an
    achievement (art. 10(1), 10(4)) only where it is recorded. The locality and its province are told."""
    nomination = lock(award.nomination)
    policy.authorize(user, "award.measures", nomination)
    award = Award.objects.select_for_update().get(pk=award.pk)
    measures = chosen(measures or [])
    reason = (reason or "").strip()
    problems = change_problems(award, nomination, measures, reason)
    if problems:
        raise ValidationError(problems)
    before = award.measures
    award.measures = measures
    award.save(update_fields=["measures"])
    event = record(
        user,
        "award.measures",
        nomination,
        role=Role.SAMR_APPROVER,
        comment=reason,
        request=request,
        award=award.pk,
        before=before,
        after=measures,
    )
    notify_after_commit(event)
    return award
