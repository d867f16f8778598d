"""The awarded localities' tasks (art. 13): SAMR assigns pilots, exchanges and research with a due date; the
locality reports each done, or a problem met (工作中遇到的问题及时报告)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from nominations.enums import NominationState
from provinces.enums import Role

from ..models import Award, AwardTask, TaskKind, TaskStatus

S = NominationState


@transaction.atomic
def assign_task(user, award, *, kind, title, due_on, description="", request=None):
    award = Award.objects.select_for_update().select_related("nomination__division").get(pk=award.pk)
    policy.authorize(user, "award_task.assign", award.nomination)
    problems = []
    if award.is_revoked or award.nomination.state != S.AWARDED:
        problems.append(_("该地方的激励已撤销，不能部署任务。"))
    if kind not in TaskKind.values:
        problems.append(_("任务类型须为试点、交流、课题研究或其他。"))
    title = (title or "").strip()
    if not title:
        problems.append(_("请填写任务名称。"))
    if not isinstance(due_on, date):
        problems.append(_("请填写完成期限。"))
    elif due_on < timezone.localdate():
        problems.append(_("完成期限不能早于今天。"))
    if problems:
        raise ValidationError(problems)
    task = AwardTask.objects.create(
        award=award, kind=kind, title=title, description=(description or "").strip(), due_on=due_on, assigned_by=user
    )
    event = record(
        user,
        "award_task.assign",
        award.nomination,
        role=Role.SAMR_REVIEWER,
        comment=title,
        request=request,
        task=task.pk,
        due_on=due_on.isoformat(),
    )
    notify_after_commit(event)
    return task


@transaction.atomic
def report_task(user, task, *, status, report, request=None):
    """The locality reports a task done, or a problem met (art. 13: 工作中遇到的问题及时报告); a later report replaces
    the earlier one until the task is done."""
    task = AwardTask.objects.select_for_update().select_related("award__nomination__division").get(pk=task.pk)
    nomination = task.award.nomination
    policy.authorize(user, "award_task.report", nomination)
    problems = []
    if task.status == TaskStatus.DONE:
        problems.append(_("该任务已报告完成。"))
    if status not in (TaskStatus.DONE, TaskStatus.PROBLEM):
        problems.append(_("请选择“已完成”或“遇到问题”。"))
    report = (report or "").strip()
    if not report:
        problems.append(_("请填写完成情况或遇到的问题。"))
    if problems:
        raise ValidationError(problems)
    task.status = status
    task.report = report
    task.reported_at = timezone.now()
    task.save()
    event = record(
        user,
        "award_task.report",
        nomination,
        role=Role.APPLICANT,
        comment=report,
        request=request,
        task=task.pk,
        status=status,
    )
    notify_after_commit(event)
    return task
