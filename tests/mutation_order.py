"""A pytest plugin for ``make mutation`` only (``-p tests.mutation_order`` in pyproject's ``[tool.mutmut]``).

mutmut runs the tests that reach a mutant and stops at the first failure, ordered by the time their bodies took; but
what costs is the fixtures (a test building a campaign up to its national list), and pytest-django then moves the
tests without a database, the pure tables that kill most mutants of a rule in milliseconds, to the end. This runs the
tests without a database first, then the database tests with the fewest fixtures first, the transactional ones last
as pytest-django has them. The order changes the time a mutant takes, never its verdict.
"""

import pytest


def _cost(item):
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool({"transactional_db", "live_server"} & fixtures) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    uses_database = marker is not None or "db" in fixtures
    return (2 if transactional else 1 if uses_database else 0, len(fixtures))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=_cost)
