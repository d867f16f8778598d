"""The permission matrix: one table of who gets what from every page and API operation.

A row names a route (its URL name), a method, the kind of object its URL names (``world.Target`` lists) and a rule
``(persona, target) -> expected``. The cases are the rows × the personas × the objects of the row's kind (inside and
outside each persona's jurisdiction, in the states the world holds). Expected answers:

* an int: exactly that status (200, 302, 400, 403, 404, 405);
* ``ALLOWED``: the persona may do it: anything but a refusal (403, 404, 405) or a server error — the request runs in
  a transaction that is rolled back, so the payload may well be accepted;
* ``Refused(code)``: that status, and nothing changed (a form or a 400 that says why).

Every unsafe request that is refused (403, 404, 405, ``Refused``) must leave the database as it was: row counts of
every table of the project's apps and the state of every object with a workflow are compared before and after.

The rules state the access design of docs/roles.md in terms of the personas' bureaus and the objects' divisions;
they never call ``accounts.policy``, which is what is being tested.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from nominations.enums import NATIONAL_STATES
from provinces.enums import Role

from ..conftest import PERSONA_SPECS

ALLOWED = "allowed"
SKIP = "not asked"
REFUSALS = (403, 404, 405)


@dataclass(frozen=True)
class Refused:
    code: int

    def __str__(self):
        return f"{self.code} (refused)"


@dataclass(frozen=True)
class Persona:
    name: str
    role: str | None
    division: str | None

    @property
    def anonymous(self):
        return self.role is None

    @property
    def province(self):
        return f"{self.division[:2]}0000" if self.division else None


PERSONAS = {
    **{name: Persona(name, role, code) for name, (role, code, _extra) in PERSONA_SPECS.items()},
    "anonymous": Persona("anonymous", None, None),
}

# ---------------------------------------------------------------- who is who (docs/roles.md)

SAMR = {Role.SAMR_REVIEWER, Role.SAMR_APPROVER}
NATIONAL = SAMR | {Role.ADMIN}
PROVINCIAL = {Role.PROVINCE_REVIEWER, Role.PROVINCE_APPROVER}


def anyone(p, t=None):
    return True


def national(p, t=None):
    return p.role in NATIONAL


def samr(p, t=None):
    return p.role in SAMR


def samr_or_admin(p, t=None):
    return p.role in NATIONAL


def samr_reviewer(p, t=None):
    return p.role == Role.SAMR_REVIEWER


def samr_approver(p, t=None):
    return p.role == Role.SAMR_APPROVER


def admin(p, t=None):
    return p.role == Role.ADMIN


def applicant(p, t=None):
    return p.role == Role.APPLICANT


def expert(p, t=None):
    return p.role == Role.EXPERT


def provincial(p, t=None):
    return p.role in PROVINCIAL


def in_province(p, t):
    """A provincial bureau over the object's province."""
    return p.role in PROVINCIAL and p.division == t.province


def reviewer_of(p, t):
    return p.role == Role.PROVINCE_REVIEWER and p.division == t.province


def approver_of(p, t):
    return p.role == Role.PROVINCE_APPROVER and p.division == t.province


def own_locality(p, t):
    """The applicant bureau of the object's own division (a city does not see its counties)."""
    return p.role == Role.APPLICANT and p.division == t.division


def jurisdiction(p, t):
    return national(p) or in_province(p, t) or own_locality(p, t)


def sees_nomination(p, t):
    """Applicants their own, provinces theirs, SAMR what was recommended to it, admins all, experts their grants."""
    return (
        admin(p)
        or (samr(p) and t.state in NATIONAL_STATES)
        or own_locality(p, t)
        or in_province(p, t)
        or p.name in t.experts
    )


def sees_award(p, t):
    return jurisdiction(p, t)


def evaluates(p, t):
    return samr_reviewer(p) and t.state in NATIONAL_STATES


def reads_reviews(p, t):
    return (national(p) and sees_nomination(p, t)) or in_province(p, t)


def reads_opinions(p, t):
    return (national(p) and sees_nomination(p, t)) or p.name in t.experts


def owner(p, t):
    return p.name == t.owner


def sees_assignment(p, t):
    return national(p) or p.name in t.experts


# ---------------------------------------------------------------- rule builders


def page(see=anyone, may=anyone, ok=200, login=302):
    """A signed-in page: anonymous to the login page, then 404 unless ``see``, 403 unless ``may``."""

    def rule(p, t):
        if p.anonymous:
            return login
        if not see(p, t):
            return 404
        if not may(p, t):
            return 403
        return ok

    return rule


def api(see=anyone, may=anyone, ok=200, refused=403):
    """An API operation: anonymous 403 (session and token authentication), then as ``page``."""
    return page(see, may, ok, login=403) if refused == 403 else _refused_api(see, may, ok, refused)


def _refused_api(see, may, ok, refused):
    def rule(p, t):
        if p.anonymous:
            return 403
        if not see(p, t):
            return 404
        return ok if may(p, t) else refused

    return rule


def everyone(code):
    return lambda p, t: code


def post_only(p, t):
    """GET on a POST-only page: the login page first, then 405."""
    return 302 if p.anonymous else 405


def changes(see=anyone, may=anyone):
    return page(see, may, ok=ALLOWED)


def api_changes(see=anyone, may=anyone, refused=403):
    return api(see, may, ok=ALLOWED, refused=refused)


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    target: str | None
    rule: object
    data: object = None  # dict, or a function of the world and the target
    personas: tuple | None = None  # None: every persona; else only these (public answers that cost a PDF each)

    @property
    def is_api(self):
        return self.route.startswith("api:")


def later(days=10):
    return (timezone.now() + timedelta(days=days)).isoformat()


def rows(route, methods, target, rule, data=None):
    return [Row(route, method, target, rule, data) for method in methods.split()]


GP = "GET POST"
# Public answers that take a second each (the OpenAPI schema, a PDF) and do not depend on who asks: the public, an
# applicant and an administrator stand for everyone.
PUBLIC_SAMPLE = ("anonymous", "county_clerk", "admin_user")
# Function views that answer every method alike (they only read): their GET row stands for the others.
READ_ONLY = {
    "home",
    "healthz",
    "criteria:indicators",
    "nominations:my_list",
    "nominations:detail",
    "nominations:download",
    "nominations:queue",
    "national:information_requests",
    "nominations:notice",
    "nominations:notice_file",
    "nominations:acknowledgements",
    "national:candidates",
    "national:expert_tasks",
    "awards:awards",
    "awards:award",
    "awards:fraud_findings",
    "documents:exports",
    "documents:export",
    "documents:export_file",
    "nominations:recommendation",
    "nominations:confirmation_document",
    "documents:report_document_pdf",
    "publicity:receipt",
    "publicity:final_lists",
    "publicity:final_version",
    "publicity:stories",
    "publicity:story",
    "publicity:queue",
    "publicity:evidence",
    "documents:publicity_notice_pdf",
    "documents:final_list_pdf",
}


def nomination_id(label):
    return lambda world, t: {"nomination": world.nominations[label].pk}


TABLE = [
    # ------------------------------------------------------------ accounts and site
    *rows("home", "GET", None, page()),
    *rows("accounts:login", GP, None, lambda p, t: 200 if p.anonymous else 302),
    Row("accounts:logout", "GET", None, everyone(405)),
    Row("accounts:logout", "POST", None, everyone(302)),
    *rows("accounts:password_change", GP, None, page()),
    *rows("accounts:activate", GP, None, everyone(200)),
    *rows("accounts:two_factor", GP, None, page()),
    *rows("accounts:reauthenticate", GP, None, page()),
    *rows("set_language", GP, None, everyone(302)),
    *rows("healthz", "GET", None, everyone(200)),
    Row("api-schema", "GET", None, everyone(200), personas=PUBLIC_SAMPLE),
    Row("api-docs", "GET", None, everyone(200), personas=PUBLIC_SAMPLE),
    Row("api-redoc", "GET", None, everyone(200), personas=PUBLIC_SAMPLE),
    # ------------------------------------------------------------ SAMR's indicator data
    *rows("criteria:indicators", "GET", None, page(may=national)),
    Row("criteria:indicator_import", "GET", None, page(may=national)),
    Row("criteria:indicator_import", "POST", None, changes(may=national)),
    # ------------------------------------------------------------ the applicant's pages
    *rows("nominations:my_list", "GET", None, page()),
    Row("nominations:create", "GET", None, page()),
    # Only an applicant bureau may create; the others are told so on the form (nothing is created).
    Row(
        "nominations:create",
        "POST",
        None,
        lambda p, t: 302 if p.anonymous else (ALLOWED if applicant(p) else Refused(200)),
        {"category": "quality"},
    ),
    *rows("nominations:detail", "GET", "nomination", page(see=sees_nomination)),
    Row("nominations:save_answers", "GET", "nomination", post_only),
    Row(
        "nominations:save_answers",
        "POST",
        "nomination",
        changes(sees_nomination, own_locality),
        {"summary": "改"},
    ),
    Row("nominations:upload", "GET", "nomination", post_only),
    Row("nominations:upload", "POST", "nomination", changes(sees_nomination, own_locality)),
    Row("nominations:download", "GET", "attachment", page(see=sees_nomination)),
    Row("nominations:download", "GET", "attachment_mismatch", page(see=lambda p, t: False)),
    # The province's on-site verification files: the province and SAMR, not the applicant (docs/documents.md).
    Row("nominations:download", "GET", "verification", page(see=reads_reviews)),
    Row("nominations:remove_attachment", "GET", "attachment", post_only),
    Row("nominations:remove_attachment", "POST", "attachment", changes(sees_nomination, own_locality)),
    Row("nominations:remove_attachment", "POST", "attachment_mismatch", page(see=lambda p, t: False)),
    *[
        row
        for route in ("submit", "withdraw")
        for row in (
            Row(f"nominations:{route}", "GET", "nomination", page(sees_nomination, own_locality)),
            Row(f"nominations:{route}", "POST", "nomination", changes(sees_nomination, own_locality)),
        )
    ],
    # ------------------------------------------------------------ the province
    *[
        row
        for route in ("return", "verify", "reject", "review", "shortlist")
        for row in (
            Row(f"nominations:{route}", "GET", "nomination", page(sees_nomination, reviewer_of)),
            Row(f"nominations:{route}", "POST", "nomination", changes(sees_nomination, reviewer_of)),
        )
    ],
    Row("nominations:unshortlist", "GET", "nomination", post_only),
    Row("nominations:unshortlist", "POST", "nomination", changes(sees_nomination, reviewer_of)),
    *rows("nominations:queue", "GET", None, page(may=provincial)),
    *rows("nominations:typical_experiences", "GET", None, page(may=provincial)),
    Row("nominations:typical_experiences", "POST", None, changes(may=provincial)),
    *rows("national:information_requests", "GET", None, page(may=provincial)),
    Row("national:information_answer", "GET", "information_request", post_only),
    # Only a provincial bureau reaches the lookup (403 for others whatever the id); then another province's is 404.
    Row(
        "national:information_answer",
        "POST",
        "information_request",
        lambda p, t: 302 if p.anonymous else 403 if not provincial(p) else ALLOWED if in_province(p, t) else 404,
    ),
    *rows(
        "nominations:confirmation_document",
        "GET",
        "recommendation",
        page(see=lambda p, t: national(p) or in_province(p, t)),
    ),
    # ------------------------------------------------------------ the province's lists, by category
    *rows("nominations:ranking", "GET", "category", page(see=lambda p, t: t.label != "nope", may=provincial)),
    Row(
        "nominations:ranking",
        "POST",
        "category",
        changes(see=lambda p, t: t.label != "nope", may=lambda p, t: p.role == Role.PROVINCE_REVIEWER),
    ),
    *rows("nominations:recommendation", "GET", "category", page(see=lambda p, t: t.label != "nope", may=provincial)),
    *[
        row
        for route in ("confirm", "recommend")
        for row in (
            Row(
                f"nominations:{route}",
                "GET",
                "category",
                page(see=lambda p, t: t.label != "nope", may=lambda p, t: p.role == Role.PROVINCE_APPROVER),
            ),
            Row(
                f"nominations:{route}",
                "POST",
                "category",
                changes(see=lambda p, t: t.label != "nope", may=lambda p, t: p.role == Role.PROVINCE_APPROVER),
            ),
        )
    ],
    # ------------------------------------------------------------ the campaign notice
    *rows("nominations:notice", "GET", None, page()),
    *rows("nominations:notice_file", "GET", None, page()),
    Row("nominations:acknowledge", "GET", None, post_only),
    Row("nominations:acknowledge", "POST", None, changes(may=provincial)),
    *rows("nominations:acknowledgements", "GET", None, page(may=national)),
    # ------------------------------------------------------------ SAMR: candidates, evaluation, experts
    *rows("national:candidates", "GET", None, page(see=national)),
    Row("national:evaluation", "GET", "nomination", page(sees_nomination, evaluates)),
    Row("national:evaluation", "POST", "nomination", changes(sees_nomination, evaluates), {"action": "finding"}),
    Row("national:unassign", "GET", "assignment_page", post_only),
    Row("national:unassign", "POST", "assignment_page", changes(sees_nomination, evaluates)),
    # Only experts reach the lookup; then an application not assigned to it is 404.
    *[
        Row(
            "national:opinion",
            method,
            "nomination",
            lambda p, t, ok=ok: 302 if p.anonymous else 403 if not expert(p) else ok if sees_nomination(p, t) else 404,
        )
        for method, ok in (("GET", 200), ("POST", ALLOWED))
    ],
    *rows("national:expert_tasks", "GET", None, page(may=expert)),
    # ------------------------------------------------------------ the national list, by category
    Row("national:national_list", "GET", "category", page(see=lambda p, t: national(p) and t.label != "nope")),
    Row(
        "national:national_list",
        "POST",
        "category",
        changes(see=lambda p, t: national(p) and t.label != "nope", may=samr_reviewer),
    ),
    *[
        row
        for route in ("national_list_add", "national_list_remove")
        for row in (
            Row(f"national:{route}", "GET", "list_nomination", post_only),
            Row(
                f"national:{route}",
                "POST",
                "list_nomination",
                changes(see=lambda p, t: national(p) and sees_nomination(p, t), may=samr_reviewer),
            ),
        )
    ],
    Row(
        "national:national_list_approve",
        "GET",
        "category",
        page(see=lambda p, t: national(p) and t.label != "nope", may=samr_approver),
    ),
    Row(
        "national:national_list_approve",
        "POST",
        "category",
        changes(see=lambda p, t: national(p) and t.label != "nope", may=samr_approver),
    ),
    Row("national:national_list_suggestion", "GET", "category", post_only),
    Row(
        "national:national_list_suggestion",
        "POST",
        "category",
        changes(see=lambda p, t: national(p) and t.label != "nope", may=samr_reviewer),
    ),
    Row(
        "awards:national_list_report",
        "GET",
        "category",
        page(see=lambda p, t: national(p) and t.label != "nope", may=samr_approver),
    ),
    Row(
        "awards:national_list_report",
        "POST",
        "category",
        changes(see=lambda p, t: national(p) and t.label != "nope", may=samr_approver),
    ),
    # ------------------------------------------------------------ awards, disqualification
    *rows("awards:awards", "GET", None, page()),
    *rows("awards:award", "GET", "award", page(see=sees_award)),
    Row("awards:task_report", "GET", "award_task_page", post_only),
    Row(
        "awards:task_report",
        "POST",
        "award_task_page",
        changes(sees_award, own_locality),
        lambda world, t: {f"t{t.obj.pk}-status": "done", f"t{t.obj.pk}-report": "已完成。"},
    ),
    Row("awards:disqualify", "GET", "nomination", page(sees_nomination, samr_approver)),
    Row("awards:disqualify", "POST", "nomination", changes(sees_nomination, samr_approver)),
    Row("awards:achievements", "GET", "nomination", page(sees_nomination, samr)),
    Row("awards:achievements", "POST", "nomination", changes(sees_nomination, samr)),
    Row("awards:fraud", "GET", "nomination", page(see=sees_nomination)),
    Row("awards:fraud", "POST", "nomination", changes(sees_nomination, samr_approver)),
    *rows("awards:fraud_findings", "GET", None, page()),
    # ------------------------------------------------------------ exports: the requester's own; what it names, checked
    *rows("documents:exports", "GET", None, page()),
    Row("documents:export_new", "GET", None, post_only),
    Row(
        "documents:export_new",
        "POST",
        "nomination",
        changes(see=sees_nomination),
        lambda world, t: {"kind": "dossier_pdf", "nomination": t.obj.pk},
    ),
    Row(
        "documents:export_new",
        "POST",
        "recommendation",
        changes(see=lambda p, t: national(p) or in_province(p, t)),
        lambda world, t: {"kind": "recommendation_pdf", "recommendation": t.obj.pk},
    ),
    *rows("documents:export", "GET", "export", page(see=owner)),
    *rows("documents:export_file", "GET", "export", page(see=owner)),
    Row("documents:report_document", "GET", None, page(see=national, may=samr_approver)),
    Row("documents:report_document", "POST", None, changes(see=national, may=samr_approver)),
    *rows("documents:report_document_pdf", "GET", None, page(see=national)),
    # ------------------------------------------------------------ publicity: public pages
    Row("publicity:index", "GET", None, everyone(200)),
    Row("publicity:index", "POST", None, everyone(Refused(200))),
    Row("publicity:objection_status", "GET", None, everyone(200)),
    Row("publicity:objection_status", "POST", None, everyone(Refused(200))),
    *rows("publicity:receipt", "GET", None, everyone(302)),
    Row("documents:publicity_notice_pdf", "GET", "period", everyone(200), personas=PUBLIC_SAMPLE),
    Row("documents:final_list_pdf", "GET", "published_list", everyone(200), personas=PUBLIC_SAMPLE),
    *rows("publicity:final_lists", "GET", None, everyone(200)),
    *rows("publicity:final_version", "GET", "published_list", everyone(200)),
    *rows("publicity:stories", "GET", None, everyone(200)),
    *rows("publicity:story", "GET", "story", everyone(200)),
    # ------------------------------------------------------------ publicity: SAMR's pages
    Row("publicity:stories_manage", "GET", None, page(may=samr)),
    Row("publicity:stories_manage", "POST", None, changes(may=samr)),
    Row("publicity:story_toggle", "GET", "story", post_only),
    Row("publicity:story_toggle", "POST", "story", changes(may=samr), {"published": "0"}),
    *rows("publicity:queue", "GET", None, page(may=samr_or_admin)),
    Row("publicity:objection", "GET", "objection", page(see=samr_or_admin)),
    Row(
        "publicity:objection",
        "POST",
        "objection",
        changes(see=samr_or_admin, may=samr),
        {"action": "investigate", "investigate-note": "开始核查。"},
    ),
    *rows("publicity:evidence", "GET", "objection", page(see=samr_or_admin)),
    *[
        row
        for route in ("publicise", "finalise", "correction")
        for row in (
            Row(f"publicity:{route}", "GET", "national_list", page(see=national, may=samr_approver)),
            Row(f"publicity:{route}", "POST", "national_list", changes(see=national, may=samr_approver)),
        )
    ],
    # ------------------------------------------------------------ API: accounts, reference data, criteria
    Row("api:api-root", "GET", None, api()),
    Row("api:api-me", "GET", None, api()),
    Row("api:api-token", "POST", None, everyone(400)),
    Row("api:api-token-revoke", "POST", None, api(ok=400)),  # signed in without a token: nothing to revoke
    Row("api:api-token-revoke-all", "POST", None, api(ok=204)),
    Row("api:division-list", "GET", None, api()),
    Row("api:division-detail", "GET", "division", api()),
    Row("api:criteria-set-list", "GET", None, api()),
    Row("api:criteria-set-detail", "GET", "criteria_set", api()),
    Row("api:criteria-set-detail", "PATCH", "criteria_set", api_changes(may=admin), {}),
    Row("api:criteria-set-detail", "PUT", "criteria_set", lambda p, t: 403 if p.anonymous else 405),
    Row("api:criteria-set-copy", "POST", "criteria_set", api_changes(may=admin), {"year": 2031}),
    Row("api:criteria-set-criterion", "GET", "criterion", api()),
    Row("api:criteria-set-criterion", "PATCH", "criterion", api_changes(may=admin), {}),
    Row("api:incident-list", "GET", None, api()),
    Row("api:incident-list", "POST", None, api_changes(may=national), {}),
    Row("api:incident-detail", "GET", "incident", api(see=jurisdiction)),
    Row("api:incident-detail", "PATCH", "incident", api_changes(see=jurisdiction, may=national), {}),
    Row("api:incident-detail", "PUT", "incident", lambda p, t: 403 if p.anonymous else 405),
    Row("api:indicator-value-list", "GET", None, api()),
    Row("api:indicator-value-import", "POST", None, api_changes(may=national), {}),
    Row("api:indicator-value-detail", "GET", "indicator_value", api(see=national)),
    Row("api:discrepancy-list", "GET", "nomination", api(sees_nomination, reads_reviews)),
    # ------------------------------------------------------------ API: campaigns
    Row("api:campaign-list", "GET", None, api()),
    Row("api:campaign-list", "POST", None, api_changes(may=admin), {}),
    Row("api:campaign-detail", "GET", "campaign", api()),
    *rows("api:campaign-detail", "PUT PATCH", "campaign", api_changes(may=admin), {}),
    Row("api:campaign-acknowledge", "POST", "campaign", api_changes(may=provincial)),
    Row("api:campaign-acknowledgements", "GET", "campaign", api(may=national)),
    Row("api:campaign-notice", "GET", "campaign", api()),
    Row("api:campaign-notice", "PUT", "campaign", api_changes(may=admin), {}),
    Row("api:campaign-open", "POST", "campaign", api_changes(may=admin)),
    Row("api:campaign-close", "POST", "campaign", api_changes(may=admin)),
    Row("api:campaign-set-caps", "PUT", "campaign", api_changes(may=admin), []),
    Row("api:campaign-set-quotas", "PUT", "campaign", api_changes(may=admin), []),
    # ------------------------------------------------------------ API: applications
    Row("api:nomination-list", "GET", None, api()),
    Row(
        "api:nomination-list",
        "POST",
        None,
        api_changes(may=applicant, refused=Refused(400)),
        lambda world, t: {"campaign": world.campaign.pk, "category": "quality"},
    ),
    Row("api:nomination-pledge", "GET", None, api()),
    Row("api:nomination-detail", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-aggregate", "GET", "nomination", api(sees_nomination, national)),
    Row("api:nomination-answers", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-answers", "PUT", "nomination", api_changes(sees_nomination, own_locality), {"summary": "改"}),
    Row("api:nomination-attachments", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-attachments", "POST", "nomination", api_changes(sees_nomination, own_locality), {}),
    Row("api:nomination-changes", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-history", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-evaluation", "GET", "nomination", api(see=sees_nomination)),
    Row("api:nomination-reviews", "GET", "nomination", api(sees_nomination, reads_reviews)),
    Row("api:nomination-reviews", "PUT", "nomination", api_changes(sees_nomination, reviewer_of), {}),
    Row("api:nomination-findings", "GET", "nomination", api(sees_nomination, reads_opinions)),
    Row(
        "api:nomination-findings",
        "POST",
        "nomination",
        api_changes(sees_nomination, evaluates),
        {"kind": "note", "text": "情况。"},
    ),
    Row("api:nomination-opinions", "GET", "nomination", api(see=sees_nomination)),
    Row(
        "api:nomination-opinions",
        "PUT",
        "nomination",
        api_changes(sees_nomination, lambda p, t: p.name in t.experts),
        {},
    ),
    Row("api:nomination-attachment-download", "GET", "attachment", api(see=sees_nomination)),
    Row("api:nomination-attachment-download", "GET", "attachment_mismatch", api(see=lambda p, t: False)),
    Row("api:nomination-attachment-download", "GET", "verification", api(see=reads_reviews)),
    Row("api:nomination-attachment", "DELETE", "attachment", api_changes(sees_nomination, own_locality)),
    Row("api:nomination-attachment", "DELETE", "attachment_mismatch", api(see=lambda p, t: False)),
    Row("api:nomination-submit", "POST", "nomination", api_changes(sees_nomination, own_locality), {"pledge": True}),
    Row(
        "api:nomination-resubmit",
        "POST",
        "nomination",
        api_changes(sees_nomination, own_locality),
        {"pledge": True, "comment": "已修改。"},
    ),
    Row(
        "api:nomination-withdraw", "POST", "nomination", api_changes(sees_nomination, own_locality), {"comment": "撤回"}
    ),
    Row(
        "api:nomination-return",
        "POST",
        "nomination",
        api_changes(sees_nomination, reviewer_of),
        lambda world, t: {"reason": "请补充。", "deadline": later()},
    ),
    Row("api:nomination-verify", "POST", "nomination", api_changes(sees_nomination, reviewer_of), {"note": "属实。"}),
    Row("api:nomination-reject", "POST", "nomination", api_changes(sees_nomination, reviewer_of), {"reason": "不符。"}),
    Row("api:nomination-shortlist", "POST", "nomination", api_changes(sees_nomination, reviewer_of)),
    Row("api:nomination-unshortlist", "POST", "nomination", api_changes(sees_nomination, reviewer_of), {}),
    Row("api:nomination-evaluate", "POST", "nomination", api_changes(sees_nomination, evaluates), {"score": "90"}),
    Row(
        "api:nomination-disqualify",
        "POST",
        "nomination",
        api_changes(sees_nomination, samr_approver),
        {"finding": "弄虚作假。"},
    ),
    # ------------------------------------------------------------ API: the province's lists
    Row("api:province-recommendation-list", "GET", None, api()),
    Row(
        "api:province-recommendation-list",
        "POST",
        None,
        api_changes(may=provincial),
        lambda world, t: {"campaign": world.campaign.pk, "category": "quality"},
    ),
    *[
        Row(route, method, "recommendation", rule, data)
        for route, method, rule, data in (
            ("api:province-recommendation-detail", "GET", api(see=lambda p, t: national(p) or in_province(p, t)), None),
            (
                "api:province-recommendation-document",
                "GET",
                api(see=lambda p, t: national(p) or in_province(p, t)),
                None,
            ),
            (
                "api:province-recommendation-rank",
                "POST",
                api_changes(lambda p, t: national(p) or in_province(p, t), reviewer_of),
                {"order": []},
            ),
            (
                "api:province-recommendation-confirm",
                "POST",
                api_changes(lambda p, t: national(p) or in_province(p, t), approver_of),
                {"document_number": "粤府函〔2026〕1号", "document_date": "2026-01-05"},
            ),
            (
                "api:province-recommendation-recommend",
                "POST",
                api_changes(lambda p, t: national(p) or in_province(p, t), approver_of),
                None,
            ),
        )
    ],
    # ------------------------------------------------------------ API: the national stage
    Row("api:assignment-list", "GET", None, api()),
    Row(
        "api:assignment-list",
        "POST",
        "nomination",
        # The application is named in the body: one the user cannot see is an invalid id (400), never a 403.
        lambda p, t: (
            403 if p.anonymous else ALLOWED if evaluates(p, t) else 403 if sees_nomination(p, t) else Refused(400)
        ),
        lambda world, t: {"nomination": t.obj.pk, "expert": world.users["expert"].username, "stage": "expert"},
    ),
    Row("api:assignment-detail", "GET", "assignment", api(see=sees_assignment)),
    Row("api:assignment-detail", "DELETE", "assignment", api_changes(sees_assignment, samr_reviewer)),
    Row("api:national-list-list", "GET", None, api()),
    Row(
        "api:national-list-list",
        "POST",
        None,
        api_changes(see=national, may=samr_reviewer),
        lambda world, t: {"campaign": world.campaign.pk, "category": "quality"},
    ),
    Row("api:national-list-detail", "GET", "national_list", api(see=national)),
    Row("api:national-list-detail", "PATCH", "national_list", api_changes(national, samr_reviewer), {}),
    Row("api:national-list-balance", "GET", "national_list", api(see=national)),
    *[
        Row(f"api:national-list-{route}", "POST", "national_list", api_changes(national, who), data)
        for route, who, data in (
            ("accept-suggestion", samr_reviewer, None),
            ("approve", samr_approver, None),
            ("entries", samr_reviewer, nomination_id("gd_recommended")),
            ("correction", samr_approver, {"note": "更正。"}),
            ("finalise", samr_approver, {"note": ""}),
            ("publicise", samr_approver, {}),
            ("report", samr_approver, {"document_number": "国市监信函〔2026〕1号", "document_date": "2026-01-05"}),
        )
    ],
    Row(
        "api:national-list-entry",
        "DELETE",
        "list_entry",
        api_changes(lambda p, t: national(p) and sees_nomination(p, t), samr_reviewer),
    ),
    Row("api:information-request-list", "GET", None, api()),
    Row(
        "api:information-request-list",
        "POST",
        "nomination",
        lambda p, t: (
            403 if p.anonymous else ALLOWED if evaluates(p, t) else 403 if sees_nomination(p, t) else Refused(400)
        ),
        lambda world, t: {"nomination": t.obj.pk, "question": "请补充。"},
    ),
    Row(
        "api:information-request-detail",
        "GET",
        "information_request",
        api(see=lambda p, t: national(p) or in_province(p, t)),
    ),
    Row(
        "api:information-request-answer",
        "POST",
        "information_request",
        api_changes(lambda p, t: national(p) or in_province(p, t), in_province),
        {"answer": "已补充。"},
    ),
    # ------------------------------------------------------------ API: publicity (public reads, SAMR's handling)
    Row("api:publicity-list", "GET", None, everyone(200)),
    Row("api:publicity-detail", "GET", "period", everyone(200)),
    Row("api:published-list-list", "GET", None, everyone(200)),
    Row("api:published-list-detail", "GET", "published_list", everyone(200)),
    Row("api:objection-list", "GET", None, api()),
    Row("api:objection-list", "POST", None, everyone(Refused(400)), {}),
    Row("api:objection-detail", "GET", "objection", api(see=samr_or_admin)),
    Row("api:objection-evidence", "GET", "objection", api(see=samr_or_admin)),
    Row("api:objection-investigate", "POST", "objection", api_changes(samr_or_admin, samr), {"note": "核查。"}),
    Row("api:objection-dismiss", "POST", "objection", api_changes(samr_or_admin, samr), {"resolution": "不成立。"}),
    Row(
        "api:objection-uphold",
        "POST",
        "objection",
        api_changes(samr_or_admin, samr_approver),
        {"resolution": "成立。", "fraud": False},
    ),
    # ------------------------------------------------------------ API: awards, tasks, sanctions, exports
    Row("api:award-list", "GET", None, api()),
    Row("api:award-detail", "GET", "award", api(see=sees_award)),
    Row("api:award-revoke", "POST", "award", api_changes(sees_award, samr_approver), {"reason": "撤销。"}),
    Row(
        "api:award-measures",
        "POST",
        "award",
        api_changes(sees_award, samr_approver),
        {"measures": ["q_training"], "reason": "调整。"},
    ),
    Row("api:nomination-achievements", "GET", "nomination", api(see=sees_nomination)),
    Row(
        "api:nomination-achievements",
        "POST",
        "nomination",
        api_changes(sees_nomination, samr),
        {"field": "anti_pyramid", "description": "打击传销成效显著。", "basis": "总局通报"},
    ),
    Row("api:nomination-fraud-findings", "GET", "nomination", api(see=sees_nomination)),
    Row(
        "api:nomination-fraud-referrals",
        "POST",
        "nomination",
        api_changes(sees_nomination, samr_approver),
        lambda world, t: {
            "government": "某市人民政府",
            "referred_on": later()[:10],
            "document_number": "国市监函〔2027〕1号",
        },
    ),
    Row("api:award-task-list", "GET", None, api()),
    Row(
        "api:award-task-list",
        "POST",
        "award",
        lambda p, t: 403 if p.anonymous else ALLOWED if samr(p) else 403 if sees_award(p, t) else Refused(400),
        lambda world, t: {"award": t.obj.pk, "kind": "pilot", "title": "试点", "due_on": "2030-01-01"},
    ),
    Row("api:award-task-detail", "GET", "award_task", api(see=sees_award)),
    Row(
        "api:award-task-report",
        "POST",
        "award_task",
        api_changes(sees_award, own_locality),
        {"status": "done", "report": "已完成。"},
    ),
    Row("api:sanction-list", "GET", None, api()),
    Row("api:sanction-detail", "GET", "sanction", api(see=jurisdiction)),
    Row(
        "api:sanction-lift",
        "POST",
        "sanction",
        api_changes(jurisdiction, lambda p, t: samr_approver(p) or admin(p)),
        {"reason": "复核后解除。", "document_number": "国市监〔2027〕9号"},
    ),
    Row("api:export-list", "GET", None, api()),
    Row(
        "api:export-list",
        "POST",
        "nomination",
        api_changes(see=sees_nomination),
        lambda world, t: {"kind": "dossier_pdf", "params": {"nomination": t.obj.pk}},
    ),
    Row("api:export-detail", "GET", "export", api(see=owner)),
    Row("api:export-file", "GET", "export", api(see=owner)),
]

# ---------------------------------------------------------------- every route of the project


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern), pattern


def _methods(callback):
    """The methods a view answers, or None for a function view (which answers any method itself)."""
    actions = getattr(callback, "actions", None)
    if actions:
        return set(actions)
    view_class = getattr(callback, "cls", None)  # Django's own class-based views answer like function views
    if view_class is None:
        return None
    return {m for m in view_class.http_method_names if m not in ("options", "head") and hasattr(view_class, m)}


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    methods: frozenset | None  # None: a function view
    params: frozenset

    @property
    def is_admin(self):
        return self.name.startswith("admin:")


def project_routes():
    """Every named route (API format-suffix variants folded into their route), by name."""
    found = {}
    for name, path, pattern in _walk(get_resolver().url_patterns):
        params = frozenset(pattern.pattern.regex.groupindex) - {"format"}
        if "format" in pattern.pattern.regex.groupindex or name in found:
            continue
        methods = _methods(pattern.callback)
        found[name] = Route(name, path, frozenset(m.upper() for m in methods) if methods is not None else None, params)
    return found


# Open to the public: DRF's AllowAny (anonymous gets the 405 of a wrong method, not the 403 of a missing login).
PUBLIC_API = {"api:publicity-list", "api:publicity-detail", "api:published-list-list", "api:published-list-detail"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def wrong_method_rows(routes, table):
    """For each API route, one method it does not answer: 405 (after the login check)."""
    targets = {}
    for row in table:
        targets.setdefault(row.route, row.target)
    generated = []
    for route in routes.values():
        if route.methods is None or not route.name.startswith("api:") or route.name not in targets:
            continue
        method = next(m for m in ("DELETE", "PUT", "PATCH", "POST", "GET") if m not in route.methods)
        if route.name in PUBLIC_API or route.name == "api:api-token":
            rule = everyone(405)
        else:
            rule = lambda p, t: 403 if p.anonymous else 405  # noqa: E731
        generated.append(Row(route.name, method, targets[route.name], rule))
    return generated


def admin_rows(routes):
    """The Django admin is for staff: everyone else, signed in or not, is sent to the admin's login page.

    The administrator's own answers are Django's (a disabled "add" is a 403, an object page needs a real id): for it
    the pages without an id must only work, and those with one are not asked.
    """
    generated = []
    for route in routes.values():
        if not route.is_admin:
            continue
        if route.name == "admin:login":
            rule = lambda p, t: 302 if admin(p) else 200  # noqa: E731
        elif route.params:
            rule = lambda p, t: SKIP if admin(p) else 302  # noqa: E731
        else:
            rule = lambda p, t: "no error" if admin(p) else 302  # noqa: E731
        generated.append(Row(route.name, "GET", "admin_placeholder" if route.params else None, rule))
    return generated


def full_table(routes):
    return [*TABLE, *wrong_method_rows(routes, TABLE), *admin_rows(routes)]


def uncovered(routes, table):
    """Routes (or a view's methods) without a row: a new URL must come with its line in the table."""
    covered = {(row.route, row.method) for row in table}
    missing = []
    for route in routes.values():
        if route.is_admin:
            continue
        if route.methods is not None:
            methods = route.methods
        else:
            methods = {"GET"} if route.name in READ_ONLY else {"GET", "POST"}
        missing += [
            f"{route.name} {method} ({route.path})" for method in sorted(methods) if (route.name, method) not in covered
        ]
    unknown = sorted({row.route for row in table} - set(routes))
    return missing, unknown


# ---------------------------------------------------------------- running the cases


def _project_tables():
    labels = {*settings.PROJECT_APPS, "guardian", "authtoken"}
    return sorted(model._meta.db_table for model in apps.get_models() if model._meta.app_label in labels)


STATEFUL = (
    ("nominations.Nomination", ("state", "summary", "updated_at")),
    ("national.NationalList", ("state",)),
    ("nominations.ProvinceRecommendation", ("state",)),
    ("nominations.Campaign", ("status",)),
    ("documents.Export", ("state",)),
    ("awards.Award", ("revoked_at",)),
    ("awards.AwardTask", ("status",)),
    ("national.InformationRequest", ("answered_at",)),
    ("publicity.Objection", ("status",)),
    ("publicity.Story", ("published_at",)),
    ("criteria.Sanction", ("lifted_at",)),
)


def fingerprint():
    """Row counts of every table of the project's apps, and the state of every object with a workflow (2 queries)."""
    quote = connection.ops.quote_name
    tables = _project_tables()
    states = " UNION ALL ".join(
        f"SELECT '{label}.{name}', {quote(model._meta.pk.column)},"
        f" CAST({quote(model._meta.get_field(name).column)} AS TEXT) FROM {quote(model._meta.db_table)}"
        for label, fields in STATEFUL
        for model in [apps.get_model(label)]
        for name in fields
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables))
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
        cursor.execute(states)
        values = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    return counts, values


def describe_change(before, after):
    counts = [f"{t}: {before[0][t]}→{after[0][t]}" for t in before[0] if before[0][t] != after[0][t]]
    return "; ".join(counts) or "a workflow state or field changed"


def _url(row, route, target):
    if route.is_admin:
        kwargs = {name: "nominations" if name == "app_label" else "1" for name in route.params}
    else:
        kwargs = {name: target.kwargs[name] for name in route.params}
    return reverse(row.route, kwargs=kwargs)


def call(client, row, route, target, world, baseline, expected):
    """One request, in a transaction that is rolled back; (status, change description or None, error).

    Every request is rolled back, so the database before each is ``baseline``; it is compared after an unsafe
    request whose answer should be a refusal.
    """
    url = _url(row, route, target)
    data = row.data(world, target) if callable(row.data) else row.data
    query = {row.target: target.obj.pk} if row.method == "GET" and target is not None and not route.params else {}
    with transaction.atomic():
        error = change = None
        try:
            if row.is_api and data is not None:
                response = client.generic(row.method, url, json.dumps(data), content_type="application/json")
            elif row.method == "GET":
                response = client.get(url, query)
            elif row.method == "POST":
                response = client.post(url, data or {})
            else:
                response = client.generic(row.method, url)
            status = response.status_code
        except Exception as exc:  # a server error: reported as a 500 with its cause
            status, error = 500, f"{type(exc).__name__}: {exc}"
        if row.method in UNSAFE and error is None and expected != ALLOWED:
            after = fingerprint()
            change = describe_change(baseline, after) if after != baseline else None
        transaction.set_rollback(True)
    return status, change, error


def matches(expected, status, change, method):
    if status >= 500:
        return False
    if expected == ALLOWED:
        return status not in REFUSALS
    if expected == "no error":
        return True
    if isinstance(expected, Refused):
        return status == expected.code and change is None
    if status != expected:
        return False
    return not (method in UNSAFE and status in REFUSALS and change is not None)
