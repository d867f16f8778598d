from django.utils import translation

from portal.management.commands.workflow_docs import (
    DIAGRAM,
    WORKFLOW,
    citations,
    diagram_document,
    workflow_document,
)


def test_the_committed_docs_match_the_workflow_table():
    with translation.override("zh-hans"):
        assert DIAGRAM.read_text(encoding="utf-8") == diagram_document(), "run: python manage.py workflow_docs"
        current = WORKFLOW.read_text(encoding="utf-8")
        assert current == workflow_document(current), "run: python manage.py workflow_docs"


def test_every_state_and_transition_is_drawn():
    text = diagram_document()
    for edge in ("draft --> submitted: submit", "awarded --> revoked: revoke", "in_publicity --> finalised: finalise"):
        assert edge in text


def test_the_table_names_each_actions_rule_guards_and_article():
    with translation.override("zh-hans"):
        text = workflow_document("")
    assert (
        "| `verify` — art. 7(3) | 核实 | submitted → verified | `nomination.review` | "
        "`province_window`: 省级推荐截止前 (art. 7(3)); `still_eligible`:"
    ) in text
    assert "| `recommend` — art. 7(3) | 推荐至总局 ⚠ | shortlisted → recommended | with 省级推荐名单的推荐" in text
    assert "| `score` — art. 7(3) | 评分 | submitted, verified, shortlisted → (unchanged) |" in text


def test_the_article_index_finds_each_citation_and_its_function():
    index = citations()
    assert "Nomination.shortlist" in index["7(3)"]["nominations/models/nomination.py"]
    # "art. 5, 6(8), 14" on the still_eligible guard names three articles.
    for article in ("5", "6(8)", "14"):
        assert "still_eligible" in index[article]["nominations/models/guards.py"]
    assert not any(int(article.split("(")[0]) > 18 for article in index)
