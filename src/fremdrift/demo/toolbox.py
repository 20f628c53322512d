"""The toolbox's demo: Odense has a filled example of every document; two other
municipalities have a self-evaluation round (demo/generator.py calls this last)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.demo.action_plans import build_demo_action_plans
from fremdrift.demo.names import StaffNames, municipality_domain, staff_email
from fremdrift.demo.self_evaluation import build_demo_reflections, build_demo_self_evaluation
from fremdrift.demo.theories import backdate, build_demo_theories
from fremdrift.toolbox.models import ActionPlan, Checklist, MethodDescription, TheoryKind

# Odense, and two municipalities with enough staff for both groups to reach three answers.
SELF_EVALUATION_CODES = ("461", "730", "316")
# Team leaders beside the named manager, so the leaders' group is large enough to be shown.
EXTRA_LEADERS = 3


def _leaders(municipality: Municipality, password: str, names: StaffNames) -> list[User]:
    manager = User.objects.filter(municipality=municipality, role=Role.MANAGER).first()
    assert manager is not None, "the demo generator gives every municipality a manager"
    slug = manager.username.removesuffix("-leder")
    existing = list(User.objects.filter(municipality=municipality, role=Role.MANAGER))
    for i in range(EXTRA_LEADERS):
        first_name, last_name = names.take()
        existing.append(
            User.objects.create(
                username=f"{slug}-teamleder{i + 1}",
                first_name=first_name,
                last_name=last_name,
                email=staff_email(first_name, last_name, municipality_domain(slug)),
                role=Role.MANAGER,
                municipality=municipality,
                password=password,
                is_demo_account=True,
            )
        )
    return existing


def build_demo_toolbox(
    *, rng: random.Random, today: dt.date, password: str, names: StaffNames
) -> int:
    """Build the toolbox documents; returns how many users it added (the team leaders)."""
    added = 0
    for code in SELF_EVALUATION_CODES:
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            continue
        leaders = _leaders(municipality, password, names)
        added += EXTRA_LEADERS
        employees = list(
            User.objects.filter(
                municipality=municipality, role__in=(Role.CASEWORKER, Role.CONSULTANT)
            )
        )
        first = None
        if code == "461":
            # Odense repeated its round a year later: the comparison has a previous round.
            first = build_demo_self_evaluation(
                municipality=municipality,
                leaders=leaders,
                employees=employees,
                rng=rng,
                opened_on=today - dt.timedelta(days=400),
            )
        build_demo_self_evaluation(
            municipality=municipality,
            leaders=leaders,
            employees=employees,
            rng=rng,
            opened_on=today - dt.timedelta(days=30),
            previous=first,
        )
        if code != "461":
            continue
        manager = leaders[0]
        build_demo_reflections(
            municipality=municipality, authors=[manager, *employees[:3]], today=today
        )
        theories = build_demo_theories(municipality=municipality, author=manager, today=today)
        build_demo_action_plans(
            municipality=municipality,
            author=manager,
            staff=[manager, *employees],
            today=today,
            theory=max(
                (t for t in theories if t.kind == TheoryKind.CHANGE),
                key=lambda t: t.version,
                default=None,
            ),
        )
        # Written over the autumn's meetings, not all in the second the demo was built.
        start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=60), dt.time(9)))
        for model in (MethodDescription, ActionPlan, Checklist):
            for document in model.objects.filter(municipality=municipality):
                backdate(document, start, dt.timedelta(minutes=7))
                start += dt.timedelta(days=9)
    return added
