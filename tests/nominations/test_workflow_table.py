"""The workflow table is the only place a transition is defined, and nothing else writes a state."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import FSMFieldMixin

from core.domain import workflow
from nominations.enums import NominationState
from nominations.models import Nomination, guards

ROOT = Path(settings.BASE_DIR)
# Fields named like a state that are not state machines: an award task's status (reported by the locality, art. 13)
# and an export's progress. Writing them is not a transition. The bench's generator persists in bulk the states its
# emulator moved through the transition methods in memory (bench/emulate.py), for volume.
NOT_STATE_MACHINES = {
    "awards/domain/award_tasks.py": {"status"},
    "documents/": {"state"},
    "bench/generate.py": {"state"},
}


def _state_fields():
    return {
        field.name
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, FSMFieldMixin)
    }


def _written_fields(tree):
    """(line, field) for every write of a field in ``tree`` that does not go through a transition method."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute):
                yield node.lineno, target.attr
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in {"update", "create", "get_or_create", "update_or_create"}:
                for keyword in node.keywords:
                    if keyword.arg == "defaults" and isinstance(keyword.value, ast.Dict):
                        yield from ((node.lineno, k.value) for k in keyword.value.keys if isinstance(k, ast.Constant))
                    elif keyword.arg:
                        yield node.lineno, keyword.arg
            if name == "bulk_update" and len(node.args) > 1 and isinstance(node.args[1], ast.List | ast.Tuple):
                yield from ((node.lineno, e.value) for e in node.args[1].elts if isinstance(e, ast.Constant))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
        ):
            yield node.lineno, node.args[1].value


def _allowed(relative, field):
    return any(relative.startswith(prefix) and field in fields for prefix, fields in NOT_STATE_MACHINES.items())


def test_no_code_but_a_transition_writes_a_state_field():
    state_fields = _state_fields()
    assert state_fields == {"state", "status"}
    offenders = []
    for folder in [*settings.PROJECT_APPS, "config", "bench"]:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            for line, field in _written_fields(ast.parse(path.read_text(encoding="utf-8"))):
                if field in state_fields and not _allowed(relative, field):
                    offenders.append(f"{relative}:{line} writes {field}")
    assert not offenders, "a state changes only through a transition (core.domain.workflow):\n" + "\n".join(offenders)


def test_the_scan_finds_each_way_of_writing_a_state():
    source = """
n.state = "awarded"
Nomination.objects.filter(pk=1).update(state="awarded")
Nomination.objects.create(state="awarded")
Objection.objects.update_or_create(pk=1, defaults={"status": "upheld"})
Nomination.objects.bulk_update(rows, ["state"])
setattr(n, "status", "closed")
"""
    assert [field for _line, field in _written_fields(ast.parse(source))] == [
        "state",
        "state",
        "state",
        "pk",
        "status",
        "state",
        "status",
    ]


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if any(isinstance(f, FSMFieldMixin) for f in m._meta.concrete_fields)]
)
def test_every_transition_says_who_takes_it_and_what_it_is_called(model):
    steps = workflow.steps(model)
    assert steps
    for step in steps.values():
        assert bool(step.rule) != bool(step.whole), step.name  # a policy rule, or the list action it is part of
        assert step.label and step.label != step.name, step.name
        for guard in step.guards:
            assert isinstance(guard, workflow.Guard) and guard.article.startswith("art. "), (step.name, guard)


@pytest.mark.django_db
def test_require_names_the_state_and_the_action(submitted, province_reviewer):
    with pytest.raises(ValidationError, match="申报当前状态为“已提交”，不能列入拟推荐名单。"):
        workflow.require(province_reviewer, submitted, "shortlist")


@pytest.mark.django_db
def test_a_guard_is_computed_once_between_require_and_the_transition(submitted, province_reviewer, monkeypatch):
    calls = []
    original = guards.still_eligible.check

    def counting(nomination, step):
        calls.append(step)
        return original(nomination, step)

    monkeypatch.setattr(guards.still_eligible, "check", counting)
    workflow.require(province_reviewer, submitted, "verify")
    workflow.take(submitted, "verify")
    assert calls == ["核实"]
    assert submitted.state == NominationState.VERIFIED
    assert "_guard_problems" not in submitted.__dict__  # forgotten after the transition


@pytest.mark.django_db
def test_actions_leave_out_what_the_policy_refuses_and_give_reasons_for_the_rest(
    submitted, province_reviewer, county_clerk
):
    reviewer_actions = {a.name: a for a in workflow.actions(submitted, province_reviewer)}
    assert set(reviewer_actions) == {"return_for_revision", "verify", "reject", "score"}
    assert all(a.allowed for a in reviewer_actions.values())
    assert {a.name for a in workflow.actions(submitted, county_clerk)} == {"withdraw"}
    campaign = submitted.campaign
    campaign.province_deadline = timezone.now() - timedelta(minutes=1)
    campaign.save(update_fields=["province_deadline"])
    submitted.refresh_from_db()
    campaign.refresh_from_db()
    closed = {a.name: a for a in workflow.actions(submitted, province_reviewer)}
    assert not closed["verify"].allowed and "省级推荐已于" in closed["verify"].reasons[0]


def test_the_recheck_covers_each_forward_step_after_submission():
    assert workflow.guarded_states(Nomination, guards.still_eligible) == {
        NominationState.SUBMITTED,
        NominationState.VERIFIED,
        NominationState.SHORTLISTED,
        NominationState.RECOMMENDED,
        NominationState.EVALUATED,
        NominationState.PROPOSED,
        NominationState.IN_PUBLICITY,
        NominationState.APPROVED,
    }


@pytest.mark.django_db
def test_the_application_page_offers_what_the_table_allows_and_says_why_not(submitted, province_reviewer):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(province_reviewer)
    page = reverse("nominations:detail", args=[submitted.pk])
    open_page = client.get(page).content.decode()
    assert reverse("nominations:verify", args=[submitted.pk]) in open_page
    assert "暂不能进行的操作" not in open_page
    campaign = submitted.campaign
    campaign.province_deadline = timezone.now() - timedelta(minutes=1)
    campaign.save(update_fields=["province_deadline"])
    closed_page = client.get(page).content.decode()
    assert reverse("nominations:verify", args=[submitted.pk]) not in closed_page
    assert "不能核实：" in closed_page and "省级推荐已于" in closed_page
