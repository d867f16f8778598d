"""The layout mirrors the chain of the measures (docs/architecture.md): each app imports only from the apps below it,
in the order of ``settings.PROJECT_APPS``; its models point only to models of its own app or below; no app holds
more than about a third of the code; no domain module depends on a page, a form or a serializer.

The root URLconf, the settings, WSGI, the Celery app and the API's composition (``config/``) wire the apps
together from above and may import any of them; no app imports ``config``.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
LAYERS = list(settings.PROJECT_APPS)
COMPOSITION_ROOT = "config"
# Not code of the app (makemessages writes short-lived .py files beside the templates while it runs).
SKIPPED = {"migrations", "tests", "__pycache__", "templates", "static"}
MAX_SHARE = 0.35
# Inside an app, what its domain may not depend on: the interfaces that call it.
INTERFACES = {"views", "forms", "serializers", "api", "admin", "urls"}


def python_files(app, root=ROOT):
    for path in sorted((root / app).rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(root / app).parts):
            yield path


def imported_modules(path, root=ROOT):
    """Every module ``path`` imports, at the top or inside a function, as absolute dotted names."""
    package = list(path.relative_to(root).with_suffix("").parts)[:-1]  # the package holding the module
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def app_of(module):
    top = module.split(".")[0]
    return top if top in LAYERS or top == COMPOSITION_ROOT else None


def upward_imports(root=ROOT):
    found = []
    for rank, app in enumerate(LAYERS):
        for path in python_files(app, root):
            for module in set(imported_modules(path, root)):
                other = app_of(module)
                if other == COMPOSITION_ROOT or (other in LAYERS and LAYERS.index(other) > rank):
                    found.append(f"{path.relative_to(root)} imports {module} ({app} is below {other})")
    return sorted(set(found))


def test_the_layers_are_the_installed_apps_in_order():
    installed = [config.name for config in apps.get_app_configs()]
    assert [name for name in installed if name in LAYERS] == LAYERS
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert on_disk == set(LAYERS), "every app of the project is a layer, and every layer an app"


def test_every_app_imports_only_from_the_apps_below_it():
    """No upward import, not even a lazy one inside a function: an event goes up through a signal or a registry."""
    assert upward_imports() == []


def test_the_check_finds_an_upward_import(tmp_path):
    """The check itself: a lower app importing a higher one is reported."""
    for app in ("provinces", "awards"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "provinces" / "models.py").write_text("def f():\n    from awards.models import Award\n")

    assert upward_imports(tmp_path) == [
        "provinces/models.py imports awards.models (provinces is below awards)",
        "provinces/models.py imports awards.models.Award (provinces is below awards)",
    ]


def test_models_point_only_to_their_own_app_or_below():
    """The user model is the exception Django makes itself: every app names it through ``AUTH_USER_MODEL``
    (``provinces.Membership`` says who works in a bureau), whichever app provides it."""
    rank = {app: index for index, app in enumerate(LAYERS)}
    upward = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label not in rank:
            continue
        for field in model._meta.get_fields():
            swappable = getattr(field, "swappable_setting", None) == "AUTH_USER_MODEL"
            if field.is_relation and not field.auto_created and field.related_model is not None and not swappable:
                target = field.related_model._meta.app_label
                if target in rank and rank[target] > rank[label]:
                    upward.append(f"{model._meta.label}.{field.name} → {field.related_model._meta.label}")
    assert upward == []


def test_no_app_holds_more_than_about_a_third_of_the_code():
    def lines(app):
        return sum(
            1 for path in python_files(app) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        )

    sizes = {app: lines(app) for app in [*LAYERS, COMPOSITION_ROOT]}
    whole = sum(sizes.values())
    too_big = {app: f"{size / whole:.0%}" for app, size in sizes.items() if size > MAX_SHARE * whole}
    assert too_big == {}


def test_no_domain_module_depends_on_the_interfaces():
    """A domain function is called by the pages, the API, the admin, commands and tasks: never the other way."""
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app / "domain").glob("*.py")):
            for module in set(imported_modules(path)):
                parts = module.split(".")
                if app_of(module) and INTERFACES.intersection(parts[1:]):
                    found.append(f"{path.relative_to(ROOT)} imports {module}")
    assert found == []
