"""The row labels and state badges (core/templatetags/labels.py): translated per language, escaped."""

import pytest
from django.template import Context, Template
from django.utils import translation

from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.models import Objection

ROW = Template('{% load labels %}{{ nomination|label:"category" }} {% state_badge nomination %}')


@pytest.mark.parametrize(
    ("language", "category", "state"),
    [("zh-hans", "推进质量工作", "已提交"), ("en", "Advancing quality work", "Submitted")],
)
def test_labels_follow_the_language_of_the_request(language, category, state):
    nomination = Nomination(category="quality", state=NominationState.SUBMITTED)
    with translation.override(language):
        html = ROW.render(Context({"nomination": nomination}))
    assert html == f'{category} <span class="state state--submitted">{state}</span>'


def test_a_badge_names_another_field_and_escapes_its_text():
    objection = Objection(status="received")
    with translation.override("zh-hans"):
        html = Template('{% load labels %}{% state_badge objection "status" %}').render(
            Context({"objection": objection})
        )
        assert html == f'<span class="state state--received">{objection.get_status_display()}</span>'
        escaped = Template("{% load labels %}{% badge value text %}").render(Context({"value": "x", "text": "<b>"}))
    assert escaped == '<span class="state state--x">&lt;b&gt;</span>'


def test_the_api_the_files_and_the_pages_read_one_label_per_language():
    from core.labels import choice_labels

    with translation.override("zh-hans"):
        chinese = choice_labels(NominationState)[NominationState.SUBMITTED]
        assert ROW.render(Context({"nomination": Nomination(category="quality", state="submitted")})).endswith(
            f">{chinese}</span>"
        )
    with translation.override("en"):
        english = choice_labels(NominationState)[NominationState.SUBMITTED]
    assert (chinese, english) == ("已提交", "Submitted")
