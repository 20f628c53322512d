from __future__ import annotations

import pytest

from fremdrift.plans.models import Plan
from tests.plans.factories import PlanFactory


@pytest.fixture
def plan(odense_citizen) -> Plan:
    return PlanFactory(citizen=odense_citizen)
