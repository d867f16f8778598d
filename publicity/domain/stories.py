"""Success stories (art. 12): SAMR staff write them for awarded localities and publish or withdraw them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record

from ..models import Story

MAX_TITLE = 200
MAX_BODY = 20_000


def public_stories():
    """What the public page shows: published stories of awards that stand."""
    return Story.objects.filter(published_at__isnull=False, award__revoked_at__isnull=True)


def _clean(title, body):
    title, body = (title or "").strip(), (body or "").strip()
    problems = []
    if not title:
        problems.append(_("请填写标题。"))
    elif len(title) > MAX_TITLE:
        problems.append(_("标题不能超过 %(max)s 个字。") % {"max": MAX_TITLE})
    if not body:
        problems.append(_("请填写正文。"))
    elif len(body) > MAX_BODY:
        problems.append(_("正文不能超过 %(max)s 个字。") % {"max": MAX_BODY})
    if problems:
        raise ValidationError(problems)
    return title, body


@transaction.atomic
def write_story(user, award, *, title, body, publish=False, request=None):
    policy.authorize(user, "story.manage", award)
    if award.is_revoked:
        raise ValidationError(_("该地方的激励已撤销，不能宣传。"))
    title, body = _clean(title, body)
    story = Story.objects.create(
        award=award, title=title, body=body, created_by=user, published_at=timezone.now() if publish else None
    )
    record(user, "story.write", award.nomination, request=request, story=story.pk, published=publish)
    return story


@transaction.atomic
def set_published(user, story, *, published, request=None):
    """Publish or withdraw a story; publishing a story of a revoked award is refused."""
    story = Story.objects.select_for_update().select_related("award__nomination").get(pk=story.pk)
    policy.authorize(user, "story.manage", story.award)
    if published and story.award.is_revoked:
        raise ValidationError(_("该地方的激励已撤销，不能宣传。"))
    if published != story.is_published:
        story.published_at = timezone.now() if published else None
        story.save(update_fields=["published_at", "updated_at"])
        action = "story.publish" if published else "story.withdraw"
        record(user, action, story.award.nomination, request=request, story=story.pk)
    return story
