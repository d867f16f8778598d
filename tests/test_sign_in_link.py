"""Issue 19: the public pages lead to the sign-in (a bureau's user arriving from the public notice found no way in);
the sign-in page itself does not link to itself, and a signed-in user sees its account links instead."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LINK = f'href="{reverse("accounts:login")}"'


@pytest.mark.parametrize("name", ["publicity:index", "publicity:final_lists"])
def test_a_public_page_links_to_the_sign_in(client, name):
    assert LINK in client.get(reverse(name)).content.decode()


def test_not_on_the_sign_in_page_itself_nor_when_signed_in(client, county_clerk):
    assert LINK not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(county_clerk)
    page = client.get(reverse("publicity:index")).content.decode()
    assert LINK not in page and "退出" in page


@pytest.mark.parametrize("path", ["/admin/login/", "/accounts/login/", "/publicity/"])
def test_every_page_carries_the_portals_icon(client, path):
    """Issue 19: a favicon on every page, the admin's included (Django's own base_site is extended)."""
    page = client.get(path).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg' in page and page.count('rel="icon"') == 1


def test_the_help_of_a_field_is_announced_with_it(client, county_clerk):
    """Issue 19 (axe): ``form_fields.html`` gave the help the id ``…_help`` while the input's ``aria-describedby``
    names ``…_helptext``: a screen reader never read the password rules."""
    import re

    client.force_login(county_clerk)
    page = client.get(reverse("accounts:password_change")).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described
    for ids in described:
        for one in ids.split():
            assert f'id="{one}"' in page, one
