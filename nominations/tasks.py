from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from .domain.notifications import recipients
from .models import AuditEvent


@shared_task(name="nominations.send_notification")
def send_notification(event_id):
    """E-mail the people concerned by one audit event; running it twice sends nothing new of substance."""
    event = AuditEvent.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None:
        return 0
    subject = event.content_type.get_object_for_this_type(pk=event.object_pk)
    addresses = recipients(event, subject)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("【激励推荐认定平台】%(object)s：%(action)s") % {"object": event.object_repr, "action": event.action}
        body = _("%(object)s 状态变更：%(from)s → %(to)s。\n说明：%(comment)s\n请登录平台查看。") % {
            "object": event.object_repr,
            "from": event.from_state or "—",
            "to": event.to_state or "—",
            "comment": event.comment or "—",
        }
    send_mail(title, body, None, addresses)
    return len(addresses)
