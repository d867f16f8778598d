"""The permission matrix (issue 10, "Access"): every role and the public × every page and API operation × objects
inside and outside the persona's jurisdiction, in the states the answer depends on (``matrix.TABLE``).

One test per persona runs every case of the table and lists every wrong cell in one failure message.
"""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from ..conftest import PERSONA_SPECS, PERSONAS
from . import matrix
from .world import build_world

pytestmark = pytest.mark.django_db

ROUTES = matrix.project_routes()
TABLE = matrix.full_table(ROUTES)


def test_every_route_has_its_row_in_the_table():
    missing, unknown = matrix.uncovered(ROUTES, TABLE)
    assert not missing, "routes without a row in tests/security/matrix.py TABLE:\n" + "\n".join(missing)
    assert not unknown, f"rows for routes that do not exist: {unknown}"


@pytest.fixture
def world(request, monkeypatch):
    # Thousands of refusals: django.request's warning for each would drown the report.
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)
    cache.clear()  # DRF's throttles count in the cache
    users = {name: request.getfixturevalue(name) for name in PERSONA_SPECS}
    return build_world(users)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_matrix(name, world):
    persona = matrix.PERSONAS[name]
    client = APIClient()
    if not persona.anonymous:
        client.force_login(world.users[name])
    wrong, cases = [], 0
    baseline = matrix.fingerprint()
    for row in TABLE:
        if row.personas is not None and name not in row.personas:
            continue
        route = ROUTES[row.route]
        for target in world.targets[row.target] if row.target else [None]:
            expected = row.rule(persona, target)
            if expected == matrix.SKIP:
                continue
            cases += 1
            status, change, error = matrix.call(client, row, route, target, world, baseline, expected)
            if row.route == "accounts:logout" and not persona.anonymous:
                client.force_login(world.users[name])
            if not matrix.matches(expected, status, change, row.method):
                label = f" [{target.label}]" if target is not None else ""
                detail = f"; {error}" if error else f"; changed: {change}" if change else ""
                wrong.append(f"{row.method} {row.route}{label}: expected {expected}, got {status}{detail}")
    print(f"{name}: {cases} cases")
    assert not wrong, f"{len(wrong)} of {cases} cells wrong for {name}:\n" + "\n".join(wrong)


# ---------------------------------------------------------------- filters and searches never widen what one sees

QH_PREFECTURE = "630200"  # 海东市, above 乐都区
GD_PREFECTURE = "440900"  # 茂名市, above 茂南区

# (list route, the kind of its rows, who sees a row, the query strings tried): the unfiltered list holds exactly the
# rows the persona may see, and no filter or search (naming the other province, its localities, its objects) adds one.
LISTS = [
    (
        "api:nomination-list",
        "any_nomination",
        matrix.sees_nomination,
        [
            {"province": "630000"},
            {"province": "440000"},
            {"prefecture": QH_PREFECTURE},
            {"prefecture": GD_PREFECTURE},
            {"q": "乐都"},
            {"q": "63"},
            {"q": "茂南"},
            {"state": "draft"},
            {"state": "awarded"},
            {"ordering": "-province_score"},
        ],
    ),
    (
        "api:province-recommendation-list",
        "recommendation",
        lambda p, t: matrix.national(p) or matrix.in_province(p, t),
        [{"province": "630000"}, {"province": "440000"}, {"category": "business_reform"}],
    ),
    ("api:assignment-list", "assignment", matrix.sees_assignment, [{"expert": "expert"}]),
    (
        "api:information-request-list",
        "information_request",
        lambda p, t: matrix.national(p) or matrix.in_province(p, t),
        [{"open": "true"}],
    ),
    ("api:award-list", "award", matrix.sees_award, [{"revoked": "false"}]),
    ("api:award-task-list", "award_task", matrix.sees_award, [{"status": "open"}]),
    ("api:sanction-list", "sanction", matrix.jurisdiction, [{"kind": "application_ban"}]),
    ("api:incident-list", "incident", matrix.jurisdiction, [{"province": "630000"}, {"province": "440000"}]),
    ("api:indicator-value-list", "indicator_value", matrix.national, [{"division": "630000"}, {"division": "440000"}]),
    ("api:objection-list", "objection", matrix.samr_or_admin, [{"q": "YY"}, {"status": "received"}]),
    ("api:national-list-list", "national_list", matrix.national, [{"category": "quality"}]),
    ("api:export-list", "export", matrix.owner, []),
]


def _ids(response):
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def _by_pk(world, kind):
    return {target.obj.pk: target for target in world.targets[kind]}


def _with_ids(world, params):
    """Query strings naming the world's objects by id: each application, award, nomination of an objection."""
    return [
        *params,
        *({"nomination": n.pk} for n in world.nominations.values()),
        *({"award": t.obj.pk} for t in world.targets["award"]),
        *({"division": code} for code in {t.division for t in world.targets["any_nomination"]}),
    ]


@pytest.mark.parametrize("name", [name for name in PERSONAS if name != "anonymous"])
def test_filters_and_searches_never_widen_what_one_sees(name, world):
    persona = matrix.PERSONAS[name]
    client = APIClient()
    client.force_login(world.users[name])
    wrong = []
    for route, kind, sees, params in LISTS:
        url = reverse(route)
        targets = _by_pk(world, kind)
        visible = {pk for pk, target in targets.items() if sees(persona, target)}
        unfiltered = client.get(url)
        assert unfiltered.status_code == 200, (route, unfiltered.status_code)
        if _ids(unfiltered) != visible:
            wrong.append(f"{route}: lists {sorted(_ids(unfiltered))}, may see {sorted(visible)}")
        for query in _with_ids(world, params):
            response = client.get(url, query)
            if response.status_code == 400:
                continue  # a filter this list does not take (or a value it refuses) shows nothing
            leaked = _ids(response) - visible
            if response.status_code != 200 or leaked:
                wrong.append(f"{route}?{query}: {response.status_code}, rows it may not see: {sorted(leaked)}")
    # The attachments of each application it sees: the evidence, and the province's files only for reviewers.
    attachments = {**_by_pk(world, "attachment"), **_by_pk(world, "verification")}
    for target in world.targets["nomination"]:
        if not matrix.sees_nomination(persona, target):
            continue
        listed = _ids(client.get(reverse("api:nomination-attachments", kwargs={"pk": target.obj.pk})))
        may = {
            pk
            for pk, a in attachments.items()
            if a.obj.nomination_id == target.obj.pk
            and (
                matrix.reads_reviews(persona, a)
                if a.obj.purpose == "verification"
                else matrix.sees_nomination(persona, a)
            )
        }
        if listed != may:
            wrong.append(f"attachments of {target.label}: lists {sorted(listed)}, may see {sorted(may)}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


# Pages that list applications, with filters naming the other side: no locality the persona may not see by any of
# its applications or awards appears on them.
PAGES = [
    ("nominations:my_list", {}),
    ("nominations:queue", {"prefecture": QH_PREFECTURE, "q": "乐都"}),
    ("nominations:queue", {"state": "recommended"}),
    ("national:candidates", {"province": "630000"}),
    ("national:candidates", {"q": "乐都"}),
    ("awards:awards", {}),
    ("national:information_requests", {}),
    ("national:expert_tasks", {}),
    ("documents:exports", {}),
    ("publicity:queue", {"q": "乐都"}),
    ("home", {}),
]


@pytest.mark.parametrize("name", [name for name in PERSONAS if name != "anonymous"])
def test_list_pages_show_no_locality_beyond_the_jurisdiction(name, world):
    persona = matrix.PERSONAS[name]
    client = APIClient()
    client.force_login(world.users[name])
    seen, unseen = set(), set()
    for target in world.targets["any_nomination"]:
        locality = target.obj.division.name
        (seen if matrix.sees_nomination(persona, target) else unseen).add(locality)
    hidden = unseen - seen
    wrong = []
    for route, query in PAGES:
        response = client.get(reverse(route), query)
        if response.status_code != 200:
            continue  # refused: the matrix says to whom
        text = response.content.decode()
        wrong += [f"{route}?{query} shows {locality}" for locality in sorted(hidden) if locality in text]
    assert not wrong, "\n".join(wrong)
