"""Roles and what each may do. One table, so the boundary tests and the views agree."""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler")
    CONSULTANT = "consultant", _("Virksomhedskonsulent")
    MANAGER = "manager", _("Leder")
    ADMINISTRATOR = "administrator", _("Administrator")
    FACILITATOR = "facilitator", _("Facilitator")
    # The product's own administrator: runs the installation (each municipality's single
    # sign-on), belongs to no municipality and reads no citizen. Created by command only.
    OPERATOR = "operator", _("Driftsadministrator")


class Permission(enum.Enum):
    VIEW_CITIZEN = "view_citizen"
    EDIT_CITIZEN = "edit_citizen"
    # Periods (offers, placements, absences ...): consultants start the placements they find.
    EDIT_JOURNEY = "edit_journey"
    REVEAL_CPR = "reveal_cpr"
    # A company's contact persons and capacity, and a placement's mentor, consultant and
    # tasks: the company consultant's own work (and the manager's, standing in).
    EDIT_PLACEMENT = "edit_placement"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"
    MANAGE_INSTRUMENTS = "manage_instruments"
    VIEW_AGGREGATES = "view_aggregates"
    # The municipality's own figures, dashboard and monthly book.
    VIEW_RESULTS = "view_results"
    # Baselines, targets, explanations of deviations, the monthly book's reflections.
    MANAGE_RESULTS = "manage_results"
    # National statistics (Jobindsats) into the figure table.
    IMPORT_STATISTICS = "import_statistics"
    # Citizens and periods from the system a municipality moves from.
    IMPORT_CASES = "import_cases"
    # The toolbox: read the municipality's documents, answer self-evaluations, write the
    # team's reflection notes.
    VIEW_TOOLBOX = "view_toolbox"
    # Make and change the toolbox documents, open and close self-evaluation rounds.
    MANAGE_TOOLBOX = "manage_toolbox"
    # Erase one citizen's personal data on request (GDPR art. 17), with a reason.
    ERASE_CITIZEN = "erase_citizen"
    # The municipality's retention rule: how long after a case ends its data are kept.
    MANAGE_RETENTION = "manage_retention"
    # The installation's set-up across municipalities: each one's identity provider.
    CONFIGURE_SIGN_IN = "configure_sign_in"
    # Move citizens from one caseworker or consultant to another (someone leaves).
    MANAGE_CASELOADS = "manage_caseloads"


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset(
        {
            P.VIEW_CITIZEN,
            P.EDIT_CITIZEN,
            P.EDIT_JOURNEY,
            P.REVEAL_CPR,
            P.VIEW_RESULTS,
            P.VIEW_TOOLBOX,
        }
    ),
    # Consultants see the citizens they place and record the placements; the citizen record
    # itself is kept by caseworkers.
    Role.CONSULTANT: frozenset(
        {P.VIEW_CITIZEN, P.EDIT_JOURNEY, P.EDIT_PLACEMENT, P.VIEW_RESULTS, P.VIEW_TOOLBOX}
    ),
    Role.MANAGER: frozenset(
        {
            P.VIEW_CITIZEN,
            P.EDIT_CITIZEN,
            P.EDIT_JOURNEY,
            P.EDIT_PLACEMENT,
            P.REVEAL_CPR,
            P.VIEW_AUDIT_LOG,
            P.VIEW_AGGREGATES,
            P.VIEW_RESULTS,
            P.MANAGE_RESULTS,
            P.VIEW_TOOLBOX,
            P.MANAGE_TOOLBOX,
            P.ERASE_CITIZEN,
            P.MANAGE_CASELOADS,
        }
    ),
    # Administrators run users and set-up; they have no need to read citizens' records.
    Role.ADMINISTRATOR: frozenset(
        {
            P.MANAGE_USERS,
            P.MANAGE_INSTRUMENTS,
            P.IMPORT_CASES,
            P.MANAGE_RETENTION,
            P.MANAGE_CASELOADS,
        }
    ),
    # Across municipalities, aggregates only: never a person.
    Role.FACILITATOR: frozenset({P.VIEW_AGGREGATES, P.IMPORT_STATISTICS}),
    Role.OPERATOR: frozenset({P.CONFIGURE_SIGN_IN}),
}

MUNICIPAL_ROLES = frozenset({Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER, Role.ADMINISTRATOR})
# Roles across the installation, with no municipality: created only by `fremdrift create_user`.
INSTALLATION_ROLES = frozenset({Role.FACILITATOR, Role.OPERATOR})


def role_allows(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
