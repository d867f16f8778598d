"""What the load clients need from a scenario's database, written as JSON for ``bench/locustfile.py``.

Run by ``bench/run`` against the working copy: ``python -m bench.prepare rush|national|final OUT.json``. Signed-in
users get a session made the way ``django.contrib.auth.login`` makes one (no password check: logging in is not what
is measured), API clients a token.
"""

import json
import os
import sys
from pathlib import Path


def session_for(username):
    """A session key for ``username``, as ``login`` stores it after the second factor (``django_otp.login``: the
    verified device's id), which SAMR staff need for every page and API call."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.PortalModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def division_codes():
    from provinces.models import Division

    return list(Division.objects.order_by("code").values_list("code", flat=True))


def campaign():
    from nominations.models import Campaign

    return Campaign.objects.get()


def rush():
    """Every draft left for the rush, with its clerk's token, its answers as the clerk sends them again and the
    criterion whose evidence file is still missing, in a seeded random order (bureaus do not submit in code order)."""
    import random
    from datetime import timedelta

    from knox.models import AuthToken

    from nominations.enums import AttachmentPurpose, NominationState
    from nominations.models import Answer, Attachment, Nomination

    drafts = list(
        Nomination.objects.filter(state=NominationState.DRAFT)
        .select_related("division", "created_by", "criteria_set")
        .order_by("pk")
    )
    clerks = {n.created_by for n in drafts}
    # One knox token per clerk (a digest each, fast), valid for the run; only the client sees the token itself.
    tokens = {u.pk: AuthToken.objects.create(u, expiry=timedelta(days=1))[1] for u in clerks}
    answers = {}
    for answer in (
        Answer.objects.filter(nomination__in=drafts).select_related("criterion").order_by("criterion__position")
    ):
        item = {"criterion": answer.criterion.number, "met": answer.met, "narrative": answer.narrative}
        if answer.value is not None:
            item["value"] = str(answer.value)
        if answer.highlight:
            item["highlight"] = True
        answers.setdefault(answer.nomination_id, []).append(item)
    attached = {}
    for nomination_id, number in Attachment.objects.filter(
        nomination__in=drafts, purpose=AttachmentPurpose.EVIDENCE
    ).values_list("nomination_id", "criterion__number"):
        attached.setdefault(nomination_id, set()).add(number)
    rows = []
    for nomination in drafts:
        missing = [
            c.number
            for c in nomination.criteria_set.criteria.all()
            if c.evidence_required and c.number not in attached.get(nomination.pk, set())
        ]
        rows.append(
            {
                "id": nomination.pk,
                "code": nomination.division.code,
                "token": tokens[nomination.created_by_id],
                "summary": nomination.summary,
                "answers": answers[nomination.pk],
                "criterion": missing[0],
            }
        )
    random.Random(len(rows)).shuffle(rows)
    return {"codes": division_codes(), "drafts": rows}


def national():
    """Sichuan's reviewer (the largest province) and SAMR's reviewer, with the values their filters take."""
    from math import ceil

    from criteria.enums import Category
    from nominations.enums import NominationState
    from nominations.models import Nomination
    from provinces.enums import Level, Region
    from provinces.models import Division

    the_campaign = campaign()
    sichuan = Division.objects.get(code="510000")
    queue = Nomination.objects.filter(campaign=the_campaign, division__province=sichuan).count()
    candidates = Nomination.objects.filter(campaign=the_campaign, state=NominationState.EVALUATED).count()
    return {
        "codes": division_codes(),
        "campaign": the_campaign.pk,
        "categories": list(Category.values),
        "province_queue": {
            "session": session_for("sc_reviewer"),
            "province": sichuan.code,
            "campaign": the_campaign.pk,
            "pages": ceil(queue / 50),
            "categories": list(Category.values),
            "states": [NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED],
            "prefectures": list(
                Division.objects.filter(province=sichuan, level=Level.PREFECTURE).values_list("code", flat=True)
            ),
        },
        "national_board": {
            "session": session_for("samr_reviewer"),
            "campaign": the_campaign.pk,
            "pages": ceil(candidates / 50),
            "state": NominationState.EVALUATED,
            "categories": list(Category.values),
            "regions": list(Region.values),
            "levels": [Level.PREFECTURE, Level.COUNTY],
            "provinces": list(Division.objects.filter(level=Level.PROVINCE).values_list("code", flat=True)),
        },
    }


def final():
    return {"codes": division_codes(), "publicity": {}}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    kind, out = sys.argv[1], Path(sys.argv[2])
    plan = {"rush": rush, "national": national, "final": final}[kind]()
    out.write_text(json.dumps(plan, ensure_ascii=False))


if __name__ == "__main__":
    main()
