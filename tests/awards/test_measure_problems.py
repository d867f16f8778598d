"""The exact refusals of measures chosen outside their category's article (art. 10 for 商事制度改革, art. 11 for
质量工作), found by mutation testing (``make mutation``). Pure: no database."""

import pytest

from awards.domain import measures

BR, QUALITY = "business_reform", "quality"


@pytest.mark.parametrize(
    ("category", "codes", "problems"),
    [
        (BR, ["br_pilot", "br_other"], []),
        (
            BR,
            ["br_pilot", "q_pilot", "q_training"],  # every code of the other article, in the order chosen
            ["激励措施q_pilot、q_training不适用于本类别（第十条适用于商事制度改革类，第十一条适用于质量工作类）。"],
        ),
        (
            QUALITY,
            ["br_commendation"],
            ["激励措施br_commendation不适用于本类别（第十条适用于商事制度改革类，第十一条适用于质量工作类）。"],
        ),
        (QUALITY, [], ["请至少选择一项激励措施。"]),
    ],
)
def test_measures_of_the_other_article_are_named_in_one_refusal(category, codes, problems):
    assert measures.category_problems(category, codes) == problems
