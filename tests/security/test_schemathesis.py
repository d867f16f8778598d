"""The API against its own OpenAPI schema (issue 10, "Input"): schemathesis generates requests for every operation of
the schema drf-spectacular serves, signed in as several roles, and every answer must be no server error and, where the
schema documents the status, conform to it.

Path parameters name real objects of the security world (``world.py``) so that the serializers run on stored data;
queries and bodies are generated. The examples are bounded and derandomized (the same cases on every run); each
request runs in a transaction that is rolled back, so that one example never feeds the next.
"""

import json
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from ..conftest import PERSONA_SPECS
from .world import build_world

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 5
ROLES = ["county_clerk", "province_reviewer", "samr_reviewer", "admin_user"]
SCHEMA_URL = "/api/schema/?format=json"
CHECKS = [not_a_server_error, response_schema_conformance]

# The first segment of an operation's path → the kind of world object its ``{id}`` names.
KINDS = {
    "nominations": "nomination",
    "province-recommendations": "recommendation",
    "assignments": "assignment",
    "national-lists": "national_list",
    "information-requests": "information_request",
    "publicity": "period",
    "objections": "objection",
    "published-lists": "published_list",
    "awards": "award",
    "award-tasks": "award_task",
    "sanctions": "sanction",
    "exports": "export",
    "criteria-sets": "criteria_set",
    "incidents": "incident",
    "indicator-values": "indicator_value",
    "campaigns": "campaign",
}


@pytest.fixture
def world(request, monkeypatch):
    import logging

    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)
    cache.clear()
    return build_world({name: request.getfixturevalue(name) for name in PERSONA_SPECS})


@pytest.fixture
def api_schema(world):
    """The schema as the portal serves it (drf-spectacular, public)."""
    body = APIClient().get(SCHEMA_URL)
    assert body.status_code == 200
    return schemathesis.openapi.from_dict(json.loads(body.content))


def send(client, case, headers):
    """The case through Django's test client (in the test's transaction, on SQLite and PostgreSQL alike), answered
    as schemathesis' own response for its checks."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    fields = ("method", "url", "headers", "params", "data", "json", "files", "cookies")
    request = requests.Request(**{name: kwargs[name] for name in fields if name in kwargs}).prepare()
    url = urlsplit(request.url)
    extra = {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in request.headers.items()
        if name.lower() not in ("content-type", "content-length")
    }
    body = request.body or b""
    answer = client.generic(
        request.method,
        url.path + (f"?{url.query}" if url.query else ""),
        body.encode() if isinstance(body, str) else body,
        content_type=request.headers.get("Content-Type", ""),
        **extra,
    )
    return schemathesis.Response(
        status_code=answer.status_code,
        headers={name.lower(): [value] for name, value in answer.items()},
        content=b"".join(answer.streaming_content) if answer.streaming else answer.content,
        request=request,
        elapsed=0.0,
        message="",
        encoding="utf-8",
        http_version="1.1",
        verify=True,
    )


def path_parameters(operation, world, user_name):
    """Real ids for the operation's path: an object of the first path segment's kind, the role's own where it has
    one (its own application, the export it requested), with the attachment or criterion that belongs to it."""
    names = {parameter.name for parameter in operation.path_parameters}
    if not names:
        return {}
    segment = operation.path.removeprefix("/api/v1/").split("/")[0]
    if segment == "divisions":
        return {"code": "440902"}
    targets = world.targets[KINDS[segment]]
    own = [t for t in targets if t.owner == user_name or t.label.startswith("gd")]
    target = (own or targets)[0]
    values = {"id": target.obj.pk}
    if "attachment_id" in names:
        attachment = next(t for t in world.targets["attachment"] if t.obj.nomination_id == target.obj.pk)
        values["attachment_id"] = attachment.obj.pk
    if "nomination_id" in names:
        values["nomination_id"] = world.nominations["gd_recommended"].pk
    if "number" in names:
        values["number"] = target.obj.criteria.order_by("pk").first().number
    return {name: value for name, value in values.items() if name in names}


def _first_lines(error):
    return " ".join(str(error).split())[:400]


def describe(case, response, error):
    status = getattr(response, "status_code", "no answer")
    body = "" if case.body is None or type(case.body).__name__ == "NotSet" else case.body
    return f"{case.method} {case.formatted_path} {case.query or ''} {body} → {status}: {error}"


@pytest.mark.parametrize("user_name", ROLES)
def test_every_operation_answers_within_its_schema(user_name, api_schema, world):
    user = world.users[user_name]
    headers = {"Authorization": f"Token {AuthToken.objects.create(user)[1]}"}
    failures, operations, examples = [], 0, 0
    client = APIClient(raise_request_exception=False)  # a server error is an answer to report, with its case

    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategy = operation.as_strategy(path_parameters=path_parameters(operation, world, user_name))

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            nonlocal examples
            examples += 1
            with transaction.atomic():
                response = None
                try:
                    response = send(client, case, headers)
                    case.validate_response(response, checks=CHECKS)
                except FailureGroup as group:
                    failures.extend(describe(case, response, _first_lines(failure)) for failure in group.exceptions)
                except Exception as error:  # a crash in the transport: reported with the case
                    failures.append(describe(case, response, _first_lines(error)))
                finally:
                    transaction.set_rollback(True)
                    cache.clear()  # no example is throttled because of the ones before it

        run()

    print(f"{user_name}: {operations} operations, {examples} examples")
    assert operations >= 80
    assert not failures, f"{len(failures)} failures as {user_name}:\n" + "\n".join(dict.fromkeys(failures))
