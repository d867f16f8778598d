"""The fixtures of the application stage, on which the tests of the awards build."""

from ..nominations.conftest import (  # noqa: F401 (fixtures)
    campaign,
    draft,
    five_candidates,
    quality_list,
    submitted,
    verified,
)
