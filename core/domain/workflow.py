"""The workflow table: which action each state allows, for whom, under which rule of the measures.

Every state machine of the portal is declared once, on its model, with django-fsm-2's ``@transition``:

- ``source`` and ``target``: the states (``target=None`` for an action that keeps the state, such as scoring);
- ``permission=Rule("nomination.review")``: the policy rule (``accounts.policy``) that decides who may act;
- ``conditions=[guard, …]``: ``Guard`` objects, each a rule of the measures with its article and its refusal;
- ``custom=step(label, article, …)``: the action's name for people, what is recorded and who is told.

Everything else reads that table through this module: the domain services (``require`` before they act), the pages'
buttons and the API's allowed actions (``actions``), the dashboards' to-dos (``sources``) and ``docs/workflow.md``
(``describe``, written by ``manage.py workflow_doc``). No code but a transition method assigns a state field
(``tests/test_workflow_table.py`` reads the whole code base to prove it).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin

from accounts import policy


class Guard:
    """A rule a transition needs: ``check(instance, step)`` returns the problems (Chinese messages), empty if it holds.

    django-fsm-2 calls a condition as ``condition(instance) -> bool``; the pages, the API and the domain ask
    ``problems`` for the reasons. ``costly`` guards read the database beyond the instance (a sanction, the incident
    register, the evaluation): they are always checked before acting, but not for every row of a list.
    The result is kept on the instance between ``require`` and the transition method, so it is computed once.
    """

    def __init__(self, check, *, article, rule, costly=False):
        self.check = check
        self.article = article
        self.rule = rule
        self.costly = costly
        self.__name__ = check.__name__
        self.__doc__ = check.__doc__

    def problems(self, instance, step=""):
        cache = instance.__dict__.setdefault("_guard_problems", {})
        if self not in cache:
            cache[self] = list(self.check(instance, step) or [])
        return cache[self]

    def __call__(self, instance):
        return not self.problems(instance)

    def __repr__(self):
        return f"<Guard {self.__name__} ({self.article})>"


def guard(*, article, rule, costly=False):
    """Decorate ``check(instance, step)`` as a ``Guard`` citing ``article``; ``rule`` says it for the docs."""

    def wrap(check):
        return Guard(check, article=article, rule=rule, costly=costly)

    return wrap


def forget_guards(instance):
    """Drop the guards' remembered answers (after a transition, or before asking again)."""
    instance.__dict__.pop("_guard_problems", None)


class Rule:
    """django-fsm-2's ``permission``: the policy rule that decides who may take the transition."""

    def __init__(self, action):
        self.action = action

    def __call__(self, instance, user):
        return policy.can(user, self.action, instance)

    def __repr__(self):
        return f"<Rule {self.action}>"


class PartOf:
    """django-fsm-2's ``permission`` of a transition taken for each entry of a list by the list's own action (the
    province's recommendation, the national list's publicity, …): that action decides who; the application shows no
    button for it."""

    action = None

    def __init__(self, whole):
        self.whole = whole

    def __call__(self, instance, user):
        return False

    def __repr__(self):
        return f"<PartOf {self.whole}>"


def step(label, article="", *, audit=None, notify="", todo=None, irreversible=False, role=None):
    """The transition's ``custom``: its label (Chinese, translatable), the article it enforces, the audit action
    (``<model>.<name>`` by default), who is told, the dashboard's to-do for those who may take it (a text with
    ``%(n)s``), whether it cannot be undone (asks for the password again), and the role that takes it."""
    return {
        "label": label,
        "article": article,
        "audit": audit,
        "notify": notify,
        "todo": todo,
        "irreversible": irreversible,
        "role": role,
    }


@dataclass(frozen=True)
class Step:
    """One action of a state machine, gathered from django-fsm-2's per-source transitions."""

    name: str
    sources: tuple
    target: object
    model_name: str
    rule: str
    whole: str
    guards: tuple
    custom: dict = field(compare=False, hash=False)

    @property
    def label(self):
        return str(self.custom.get("label") or self.name)

    @property
    def article(self):
        return self.custom.get("article", "")

    @property
    def irreversible(self):
        return bool(self.custom.get("irreversible"))

    @property
    def audit(self):
        """The audit action(s) the domain records for this step."""
        return self.custom.get("audit") or f"{self.model_name}.{self.name}"

    @property
    def todo(self):
        return self.custom.get("todo")

    @property
    def keeps_state(self):
        return self.target is None


@dataclass(frozen=True)
class Action:
    """An action the user may take on an object now (``allowed``), or could but for ``reasons``."""

    name: str
    label: str
    allowed: bool
    reasons: tuple
    irreversible: bool
    article: str


def state_field(model, name=None):
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    if name is not None:
        fields = [f for f in fields if f.name == name]
    if len(fields) != 1:
        raise LookupError(f"{model.__name__} has {len(fields)} state fields named {name!r}")
    return fields[0]


_STEPS = {}


def steps(model):
    """The model's actions in declaration order: name → ``Step``."""
    model = model._meta.concrete_model
    if model not in _STEPS:
        found = {}
        states = [value for value, _label in state_field(model).flatchoices]

        def order_of_states(state):
            return states.index(state) if state in states else len(states)

        for transition in state_field(model).get_all_transitions(model):
            permission = transition.permission
            if not isinstance(permission, Rule | PartOf):
                raise TypeError(f"{model.__name__}.{transition.name}: the permission must be a Rule or PartOf")
            known = found.get(transition.name)
            sources = tuple(sorted((known.sources if known else ()) + (transition.source,), key=order_of_states))
            found[transition.name] = Step(
                name=transition.name,
                sources=sources,
                target=transition.target,
                model_name=model._meta.model_name,
                rule=permission.action,
                whole=getattr(permission, "whole", ""),
                guards=tuple(transition.conditions),
                custom=transition.custom,
            )
        order = {name: i for i, name in enumerate(vars(model))}
        _STEPS[model] = dict(sorted(found.items(), key=lambda item: order.get(item[0], len(order))))
    return _STEPS[model]


def get_step(model, name):
    try:
        return steps(model)[name]
    except KeyError:
        raise LookupError(f"{model.__name__} has no action {name!r}") from None


def sources(model, name):
    """The states from which ``name`` may be taken: for querysets (dashboards' counts, queues)."""
    return get_step(model, name).sources


def guarded_states(model, guard_):
    """The states from which some action needs ``guard_``: where a page should already say that it fails."""
    return frozenset(s for step_ in steps(model).values() if guard_ in step_.guards for s in step_.sources)


def state_of(instance):
    return state_field(type(instance)).value_from_object(instance)


def _state_refusal(instance, step_):
    model = type(instance)
    field_ = state_field(model)
    label = dict(field_.flatchoices).get(state_of(instance), state_of(instance))
    return _("%(model)s当前状态为“%(state)s”，不能%(action)s。") % {
        "model": model._meta.verbose_name,
        "state": label,
        "action": step_.label,
    }


def problems(instance, name, *, costly=True):
    """Why ``name`` cannot be taken on ``instance`` now (the state, then each guard), empty when it can."""
    step_ = get_step(type(instance), name)
    if state_of(instance) not in step_.sources:
        return [_state_refusal(instance, step_)]
    found = []
    for guard_ in step_.guards:
        if costly or not guard_.costly:
            found.extend(guard_.problems(instance, step_.label))
    return found


def refuse(problems):
    """Raise the ``problems`` a guard or a rule found, if any, as one ``ValidationError``."""
    if problems:
        raise ValidationError(problems)


def check(instance, name):
    """Refuse ``name`` on ``instance`` with the state or every guard that fails (a ``ValidationError``); the policy is
    the caller's (``require``, or the list's own action for a ``PartOf`` step)."""
    found = problems(instance, name)
    if found:
        raise ValidationError(found)
    return get_step(type(instance), name)


def require(user, instance, name):
    """Refuse ``name`` unless ``user`` may take it on ``instance`` now: 404 if the object is not visible, 403 if the
    policy refuses the user, otherwise a ``ValidationError`` with the state or every guard that fails."""
    step_ = get_step(type(instance), name)
    if step_.rule is None:
        raise LookupError(f"{type(instance).__name__}.{name} is taken with {step_.whole}, not on its own")
    policy.authorize(user, step_.rule, instance)
    forget_guards(instance)
    return check(instance, name)


def take(instance, name):
    """Run the transition method ``name`` after ``check``; the guards' answers are then forgotten."""
    take_step(instance, name)


def take_step(instance, name):
    """``take``, returning the ``Step`` taken (its audit name, its label)."""
    step_ = check(instance, name)
    try:
        getattr(instance, name)()
    finally:
        forget_guards(instance)
    return step_


def allows(instance, name):
    """Whether the state alone allows ``name`` (no policy, no guards): for templates that know the rest."""
    return state_of(instance) in get_step(type(instance), name).sources


def actions(instance, user, *, costly=False):
    """The actions ``user`` may take on ``instance`` in its state, each allowed or with the reasons it is not.

    Actions the policy refuses the user are left out. Costly guards are asked only with ``costly=True`` (one object's
    page); a list shows what the state, the policy and the deadlines allow, and the action itself asks the rest.
    """
    found = []
    state = state_of(instance)
    forget_guards(instance)
    for step_ in steps(type(instance)).values():
        if step_.rule is None or state not in step_.sources or not policy.can(user, step_.rule, instance):
            continue
        reasons = tuple(problems(instance, step_.name, costly=costly))
        found.append(
            Action(step_.name, step_.label, not reasons, reasons, step_.irreversible, step_.article),
        )
    forget_guards(instance)
    return found


def describe(model):
    """The table as rows for ``docs/workflow.md``: action, label, from, to, rule, guards with articles, article."""
    field_ = state_field(model)
    labels = dict(field_.flatchoices)
    rows = []
    for step_ in steps(model).values():
        rows.append(
            {
                "name": step_.name,
                "label": step_.label,
                "sources": [str(s) for s in step_.sources],
                "source_labels": [str(labels.get(s, s)) for s in step_.sources],
                "target": "" if step_.keeps_state else str(step_.target),
                "target_label": "" if step_.keeps_state else str(labels.get(step_.target, step_.target)),
                "rule": step_.rule or "",
                "whole": step_.whole,
                "guards": [(g.__name__, str(g.rule), g.article) for g in step_.guards],
                "article": step_.article,
                "audit": step_.audit,
                "notify": str(step_.custom.get("notify") or ""),
                "irreversible": step_.irreversible,
            }
        )
    return rows
