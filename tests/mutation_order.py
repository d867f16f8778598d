"""A pytest plugin for ``make mutation`` only (``-p tests.mutation_order`` in pyproject's ``[tool.mutmut]``).

mutmut runs the tests that reach a mutant fastest first and stops at the first failure, but pytest-django then moves
the tests that use no database to the end, and the pure tables that kill most mutants of a rule in milliseconds would
wait behind every test that builds a campaign. This runs them first again; the database tests keep pytest-django's
order among themselves.
"""

import pytest


def _uses_database(item):
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or bool({"db", "transactional_db"} & set(fixtures))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=_uses_database)
