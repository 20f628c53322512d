"""Demo data for toolbox step 1B/1C and KL's checklist, made through the real services.

For one municipality (the demo uses Odense): a method description for activity-ready
citizens, an action plan with actions in all five themes (some done, some overdue, linked to
the theory of change when one is given), two quarterly status rounds with notes, and a filled
KL checklist whose answers of no or partly partly became actions. All content is synthetic,
written for the demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fremdrift.accounts.models import Municipality, User
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.actions.services import (
    action_add,
    plan_create,
    quarter_end,
    quarter_of,
    status_round_save,
)
from fremdrift.toolbox.checklist.services import (
    checklist_answer_to_action,
    checklist_create,
    checklist_update,
    checklist_version,
)
from fremdrift.toolbox.method.services import (
    method_create,
    method_phase_update,
    method_update,
)
from fremdrift.toolbox.models import ActionStatus, ChecklistAnswer, Horizon, Theme, TheoryOfChange
from fremdrift.toolbox.revisions import latest_revision

S = ActionStatus

METHOD_PRINCIPLES = (
    "Borgeren ved fra første samtale, hvad forløbet skal føre til, og hvad vi forventer af "
    "hinanden.\n"
    "Borgeren er med til at sætte delmålene, og vi følger op på dem ved hver samtale.\n"
    "Virksomheden er stedet, hvor borgeren lærer: alle får et virksomhedsrettet tilbud inden "
    "for en måned.\n"
    "Vi ser på, hvad borgeren kan, og måler fremdriften, så både borger og medarbejder kan "
    "se den.\n"
    "Én plan for borgeren, som alle omkring borgeren arbejder ud fra."
)

METHOD_PHASES = {
    1: {
        "citizen_level": (
            "Velkomstsamtale med tolk, hvor forløbet tegnes op sammen med borgeren.\n"
            "Helbred, familie og bolig afklares, så de ikke står i vejen.\n"
            "Kompetencer og erfaringer afdækkes på kompetencekortet.\n"
            "Danskuddannelse starter, og det første virksomhedsrettede tilbud aftales."
        ),
        "internal_roles": (
            "Sagsbehandler: kontrakt, første progressionsmåling og borgerens plan.\n"
            "Virksomhedskonsulent: deltager i anden samtale og finder den første praktik.\n"
            "Sundhedskonsulent: afklarer helbredet, hvor der er brug for det."
        ),
    },
    2: {
        "citizen_level": (
            "Praktik i en virksomhed med få timer at starte på, der trappes op.\n"
            "Mentor i virksomheden og opfølgning hver fjerde uge.\n"
            "Sprogpraktik kombineret med danskuddannelse.\n"
            "Revisitation til jobparat, når borgeren er klar til det."
        ),
        "tools": (
            "Progressionsværktøjet ved hver samtale\n"
            "Kompetencekort udfyldt med virksomheden\n"
            "Opfølgningsskema for praktikken\n"
            "Samtaleguide til myndighedssamtalen"
        ),
    },
}

# (theme, what, owner index or external name, days from today to due, statuses
# (previous round, current round), notes (previous round, current round)).
PLAN_ACTIONS: Sequence[tuple[str, str, int | str, int, tuple[str, str], tuple[str, str]]] = (
    (
        Theme.ORGANISATION,
        "Fast samarbejdsmøde hver måned mellem jobcenter, sundhed og socialområdet om "
        "aktivitetsparate borgere.",
        0,
        -40,
        (S.IN_PROGRESS, S.DONE),
        ("Første møde holdt; dagsorden aftalt.", "Møderne kører nu hver måned."),
    ),
    (
        Theme.ORGANISATION,
        "Samle sagsbehandlere og virksomhedskonsulenter i samme kontorområde.",
        "Ejendomsafdelingen",
        60,
        (S.NOT_STARTED, S.IN_PROGRESS),
        ("Afventer budget.", "Indretningen er tegnet; flytning efter sommerferien."),
    ),
    (
        Theme.EMPLOYEES,
        "Alle medarbejdere på holdet gennemfører kurset i den anerkendende samtale.",
        1,
        -20,
        (S.NOT_STARTED, S.IN_PROGRESS),
        ("Kurset er bestilt.", "Halvdelen har gennemført; resten mangler en dato."),
    ),
    (
        Theme.EMPLOYEES,
        "Sidemandsoplæring: nye sagsbehandlere følger en erfaren kollega i de første fire uger.",
        2,
        30,
        (S.IN_PROGRESS, S.IN_PROGRESS),
        ("To nye er startet med en makker.", "Virker godt; skal skrives ind i introduktionen."),
    ),
    (
        Theme.TOOLS,
        "Bruge progressionsværktøjet ved alle samtaler med aktivitetsparate borgere.",
        0,
        -70,
        (S.IN_PROGRESS, S.DONE),
        ("Cirka to tredjedele af samtalerne har en måling.", "Målingerne er nu fast praksis."),
    ),
    (
        Theme.TOOLS,
        "Skrive en kort procesbeskrivelse for revisitation fra aktivitetsparat til jobparat.",
        1,
        -45,
        (S.NOT_STARTED, S.NOT_STARTED),
        ("Ikke nået.", "Stadig ikke startet; skal prioriteres på næste teammøde."),
    ),
    (
        Theme.PARTNERS,
        "Aftale med ti virksomheder i servicebranchen om praktikker med få timer at starte på.",
        2,
        90,
        (S.IN_PROGRESS, S.IN_PROGRESS),
        ("Fire aftaler på plads.", "Syv aftaler; tre virksomheder mangler svar."),
    ),
    (
        Theme.LEADERSHIP,
        "Ledelsen gennemgår tallene for virksomhedsrettet indsats hver måned og skriver en "
        "refleksion i månedsbogen.",
        "Jobcenterchefen",
        120,
        (S.IN_PROGRESS, S.IN_PROGRESS),
        ("Første gennemgang holdt.", "Fast punkt på ledermødet."),
    ),
)

# Checklist answers: item key -> (answer, note). Items left out are answered yes.
CHECKLIST_ANSWERS: dict[str, tuple[str, str]] = {
    "vaerdigrundlag-kendt": ("partly", "Kendt i jobcentret, men ikke i socialforvaltningen."),
    "politisk-opfoelgning": ("partly", "Udvalget får tallene en gang om året."),
    "resultater-afvigelse": ("no", "Vi ser tallene, men aftaler sjældent, hvad vi gør."),
    "visitation-revisitation": ("partly", "Sker, men uden fast rytme."),
    "innovation-laering": ("no", "Forsøg bliver ikke samlet op."),
    "tvaerfaglig-koordinering": ("partly", "Borgerne nævner ofte flere kontaktpersoner."),
    "kompetencer-overblik": ("no", "Intet samlet overblik over kompetencerne."),
    "rammer-samlokalisering": ("partly", "Konsulenterne sidder i en anden bygning."),
    "virksomhed-indgang": ("partly", "Virksomhederne ringer til flere forskellige."),
}
# Of those, the ones the leaders turned into actions at the workshop.
CHECKLIST_TO_ACTIONS = ("resultater-afvigelse", "kompetencer-overblik", "virksomhed-indgang")


def _theory_items(theory: TheoryOfChange | None) -> list:
    if theory is None:
        return []
    items = list(theory.items.order_by("horizon", "position", "id"))
    # Actions contribute first to activities and short-term results.
    preferred = [i for i in items if i.horizon in (Horizon.ACTIVITY, Horizon.SHORT)]
    return preferred or items


def build_demo_action_plans(
    *,
    municipality: Municipality,
    author: User,
    staff: Sequence[User],
    today: dt.date,
    theory: TheoryOfChange | None = None,
) -> None:
    """The municipality's method description, action plan and KL checklist (see module)."""
    owners = [user for user in staff if user.municipality_id == municipality.pk] or [author]

    # Method description: the generic model, then adapted to activity-ready citizens.
    method = method_create(
        actor=author,
        title="Det gode borgerforløb for aktivitetsparate",
        target_group="Aktivitetsparate borgere i integrationsprogrammet",
    )
    method_update(
        actor=author,
        description=method,
        title=method.title,
        target_group=method.target_group,
        core_principles=METHOD_PRINCIPLES,
        expected_version=method.edit_version,
    )
    phases = {phase.number: phase for phase in method.phases.all()}
    for number, values in METHOD_PHASES.items():
        method_phase_update(
            actor=author, phase=phases[number], expected_version=phases[number].version, **values
        )

    # Action plan, with two status rounds: last quarter and this one.
    plan = plan_create(
        actor=author,
        title=f"Handleplan {today.year}: flere aktivitetsparate i virksomhedsrettet indsats",
        theory=theory,
    )
    items = _theory_items(theory)
    actions = []
    for index, (theme, what, owner, days, _statuses, _notes) in enumerate(PLAN_ACTIONS):
        linked = [items[index % len(items)]] if items else []
        actions.append(
            action_add(
                actor=author,
                plan=plan,
                theme=theme,
                what=what,
                due=today + dt.timedelta(days=days),
                status=S.NOT_STARTED,
                owner=owners[owner % len(owners)] if isinstance(owner, int) else None,
                owner_external=owner if isinstance(owner, str) else "",
                theory_items=linked,
            )
        )
    year, quarter = quarter_of(today)
    previous = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    last_round_day = quarter_end(*previous) - dt.timedelta(days=12)
    for round_index, day in enumerate((last_round_day, today)):
        status_round_save(
            actor=author,
            plan=plan,
            entries={
                action.pk: (spec[4][round_index], spec[5][round_index])
                for action, spec in zip(actions, PLAN_ACTIONS, strict=True)
            },
            today=day,
            expected_version=latest_revision(plan),
        )

    # KL's checklist, answered by the leaders; three of the no/partly answers became actions.
    if checklist_version(municipality) is None:
        load_builtin_instruments(publish=True)
    checklist = checklist_create(
        actor=author, title="KL's tjekliste, ledergruppen", today=today - dt.timedelta(days=21)
    )
    checklist_update(
        actor=author,
        checklist=checklist,
        title=checklist.title,
        filled_on=checklist.filled_on,
        answers={
            item["key"]: CHECKLIST_ANSWERS.get(item["key"], ("yes", ""))
            for item in checklist.version.items()
        },
        expected_version=checklist.edit_version,
    )
    for key in CHECKLIST_TO_ACTIONS:
        answer = ChecklistAnswer.objects.get(checklist=checklist, item=key)
        checklist_answer_to_action(
            actor=author, answer=answer, plan=plan, today=today - dt.timedelta(days=20)
        )
