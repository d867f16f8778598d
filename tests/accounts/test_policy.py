"""The policy's jurisdiction rules, as a persona × object table."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm, remove_perm

from accounts import policy
from accounts.models import User
from provinces.enums import Role
from provinces.models import Bureau, Division

from ..conftest import PERSONAS

pytestmark = pytest.mark.django_db

# Which divisions each persona's jurisdiction covers (the filter behind every
# list of applications, reviews and accounts in later issues).
# 440902 茂南区 ⊂ 440900 茂名市 ⊂ 440000 广东; 630202 乐都区 ⊂ 630200 海东市 ⊂ 630000 青海.
JURISDICTION = {
    #                          茂南区  茂名市  广东省  乐都区  青海省
    "county_clerk": (True, False, False, False, False),
    "other_county_clerk": (False, False, False, True, False),
    "city_clerk": (False, True, False, False, False),
    "province_reviewer": (True, True, True, False, False),
    "other_province_reviewer": (False, False, False, True, True),
    "province_approver": (True, True, True, False, False),
    "expert": (False, False, False, False, False),
    "samr_reviewer": (True, True, True, True, True),
    "samr_approver": (True, True, True, True, True),
    "admin_user": (True, True, True, True, True),
    "anonymous": (False, False, False, False, False),
}
CODES = ("440902", "440900", "440000", "630202", "630000")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_jurisdiction_filter_and_single_object_test_agree(persona, request):
    expected = JURISDICTION[request.node.callspec.params["persona"]]
    divisions = [Division.objects.get(code=code) for code in CODES]
    if persona.is_authenticated:
        in_scope = set(
            Division.objects.filter(policy.jurisdiction(persona, ""))
            .filter(code__in=CODES)
            .values_list("code", flat=True)
        )
        assert tuple(code in in_scope for code in CODES) == expected
    assert tuple(policy.in_jurisdiction(persona, d) for d in divisions) == expected


def test_jurisdiction_through_a_path_covers_everything_below(province_reviewer):
    visible_bureaus = Bureau.objects.filter(policy.jurisdiction(province_reviewer, "division"))
    assert visible_bureaus.count() == Division.objects.filter(code__startswith="44").count()


ACCOUNT_VIEW = {
    # persona: which of (county_clerk, other_county_clerk) accounts it may see
    "county_clerk": (True, False),
    "other_county_clerk": (False, True),
    "province_reviewer": (True, False),
    "other_province_reviewer": (False, True),
    "expert": (False, False),
    "samr_reviewer": (True, True),
    "admin_user": (True, True),
}


@pytest.mark.parametrize("name", list(ACCOUNT_VIEW))
def test_account_visibility(name, request, county_clerk, other_county_clerk):
    user = request.getfixturevalue(name)
    visible = set(policy.visible(user, User.objects.all()).values_list("username", flat=True))
    for account, expected in zip((county_clerk, other_county_clerk), ACCOUNT_VIEW[name], strict=True):
        assert (account.username in visible) is expected
        assert policy.can(user, "account.view", account) is expected
    assert user.username in visible  # everyone sees itself


def test_anonymous_sees_nothing(anonymous, county_clerk):
    assert not policy.visible(anonymous, User.objects.all()).exists()
    assert not policy.can(anonymous, "account.view", county_clerk)
    assert not policy.can(anonymous, "division.view", Division.objects.first())


def test_inactive_users_may_do_nothing(samr_reviewer):
    samr_reviewer.is_active = False
    assert not policy.can(samr_reviewer, "division.view", Division.objects.first())


def test_a_guardian_grant_extends_visibility_to_one_object(expert, county_clerk, other_county_clerk):
    assert not policy.visible(expert, User.objects.filter(pk=county_clerk.pk)).exists()
    assign_perm("accounts.view_user", expert, county_clerk)
    visible = set(policy.visible(expert, User.objects.all()).values_list("username", flat=True))
    assert visible == {"expert", "county_clerk"}


def test_grants_are_read_once_and_never_after_a_change(expert, county_clerk, django_assert_num_queries):
    users = User.objects.filter(pk=county_clerk.pk)
    assign_perm("accounts.view_user", expert, county_clerk)
    policy.memberships(expert)
    with django_assert_num_queries(1):  # the grants, then kept on the user object
        for _ in range(3):
            str(policy.visible(expert, users).query)
    assert policy.visible(expert, users).exists()
    remove_perm("accounts.view_user", expert, county_clerk)
    assert not policy.visible(expert, users).exists()  # the same user object: the change is seen at once


def test_a_group_grant_counts_like_a_personal_one(expert, county_clerk):
    group = Group.objects.create(name="专家组")
    expert.groups.add(group)
    assign_perm("accounts.view_user", group, county_clerk)
    assert set(policy.visible(expert, User.objects.all()).values_list("username", flat=True)) == {
        "expert",
        "county_clerk",
    }


def test_without_grants_the_filter_is_the_jurisdiction_alone(province_reviewer, expert, county_clerk):
    """No subquery on the grants table: joined into the jurisdiction by OR, it kept PostgreSQL from using the
    division index, and every provincial list scanned the whole year (bench/causes.md, cause 2)."""
    assign_perm("accounts.view_user", expert, county_clerk)  # someone else's grant
    sql = str(policy.visible(province_reviewer, User.objects.all()).query)
    assert "guardian" not in sql
    granted = str(policy.visible(expert, User.objects.all()).query)
    assert "guardian" not in granted and str(county_clerk.pk) in granted


def test_authorize_hides_foreign_objects_and_forbids_visible_ones(county_clerk, other_county_clerk, province_reviewer):
    with pytest.raises(Http404):
        policy.authorize(province_reviewer, "account.manage", other_county_clerk)
    with pytest.raises(PermissionDenied):
        policy.authorize(province_reviewer, "account.manage", county_clerk)


def test_admin_only_rules(admin_user, samr_reviewer, province_reviewer):
    maonan = Division.objects.get(code="440902")
    assert policy.can(admin_user, "division.change", maonan)
    assert not policy.can(samr_reviewer, "division.change", maonan)
    assert not policy.can(province_reviewer, "bureau.change", maonan.bureau)
    assert policy.can(province_reviewer, "division.view", maonan)


def test_unknown_actions_and_models_fail_loudly(samr_reviewer):
    with pytest.raises(LookupError):
        policy.can(samr_reviewer, "nonexistent.action")
    from accounts.models import ActivationCode

    with pytest.raises(LookupError):
        policy.visible(samr_reviewer, ActivationCode.objects.all())


def test_memberships_are_loaded_once_per_user_object(province_reviewer, django_assert_num_queries):
    user = User.objects.get(pk=province_reviewer.pk)
    maonan = Division.objects.get(code="440902")
    with django_assert_num_queries(1):
        for _ in range(5):
            assert policy.in_jurisdiction(user, maonan)
            assert policy.has_role(user, Role.PROVINCE_REVIEWER)


def test_visible_runs_a_constant_number_of_queries(province_reviewer, django_assert_num_queries):
    user = User.objects.get(pk=province_reviewer.pk)
    list(policy.visible(user, User.objects.all()))  # warms the memberships and content-type caches
    with django_assert_num_queries(1):
        list(policy.visible(user, User.objects.all()))


@pytest.mark.parametrize("name", ["samr_reviewer", "samr_approver", "admin_user"])
def test_a_question_about_provincial_roles_is_not_answered_by_being_national(name, request):
    user = request.getfixturevalue(name)
    maonan = Division.objects.get(code="440902")
    assert policy.in_jurisdiction(user, maonan)
    assert not policy.in_jurisdiction(user, maonan, roles_with_scope=policy.PROVINCE_ROLES)
    narrowed = Division.objects.filter(policy.jurisdiction(user, "", roles_with_scope=policy.PROVINCE_ROLES))
    assert not narrowed.exists()
