"""Whether a division may apply at all (art. 2), before any condition is looked at."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from provinces.enums import Kind, Level


@dataclass(frozen=True)
class ApplicantEligibility:
    eligible: bool
    reason: str

    def __bool__(self):
        return self.eligible


def applicant_eligibility(division):
    """Only 市（地、州、盟） and 县（市、区、旗） apply (art. 2); provinces and the Corps nominate (art. 7).

    Reads only the division's own fields: no query.
    """
    if not division.active:
        return ApplicantEligibility(False, _("%(name)s已不是有效的行政区划，不能申报。") % {"name": division.name})
    if division.kind == Kind.CORPS:
        return ApplicantEligibility(
            False,
            _("新疆生产建设兵团是省级单位，负责组织推荐，不能作为申报地方；其所属市可以申报（第二条、第七条）。"),
        )
    if division.level == Level.PROVINCE:
        return ApplicantEligibility(
            False,
            _(
                "%(name)s是省级单位，负责组织推荐，不能作为申报地方；只有市（地、州、盟）和县（市、区、旗）可以申报（第二条）。"
            )
            % {"name": division.name},
        )
    if division.level == Level.PREFECTURE:
        return ApplicantEligibility(True, _("市（地、州、盟）级地方，可以申报（第二条）。"))
    return ApplicantEligibility(True, _("县（市、区、旗）级地方，可以申报（第二条）。"))
