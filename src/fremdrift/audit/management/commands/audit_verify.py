from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fremdrift.audit.checkpoints import directory, verify_log

MAX_LISTED_BREAKS = 50


class Command(BaseCommand):
    help = (
        "Kontrollér revisionsloggens kæder (nøglede hashes), én pr. kommune og én for poster "
        "uden kommune, mod de signerede kontrolpunkter uden for databasen: afslører poster, "
        "der er ændret eller slettet."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_log()
        reports, checkpoints = result.reports, result.checkpoints
        listed = 0
        for report in reports:
            if report.intact:
                self.stdout.write(f"{report.label}: intakt, {report.checked} poster")
                continue
            self.stdout.write(
                f"{report.label}: IKKE intakt, {len(report.breaks)} brud i {report.checked} poster"
            )
            for problem in report.breaks[: max(0, MAX_LISTED_BREAKS - listed)]:
                self.stderr.write(f"{report.label}, post {problem.seq}: {problem.reason}")
            listed += len(report.breaks)
        for fault in checkpoints.problems[:MAX_LISTED_BREAKS]:
            self.stderr.write(f"Kontrolpunkt {fault.where}: {fault.reason}")
        if checkpoints.count:
            self.stdout.write(
                f"Holdt mod {checkpoints.count} kontrolpunkter i {directory()}; det nyeste "
                f"er fra {max(c.at for c in checkpoints.newest.values())}."
            )
        else:
            self.stderr.write(
                f"ADVARSEL: ingen kontrolpunkter i {directory()}. Uden dem ses en slettet hale "
                "eller kæde ikke; jobkøens worker skriver dem (`fremdrift audit_checkpoint`)."
            )
        checked = sum(r.checked for r in reports)
        broken = [r for r in reports if not r.intact]
        if not result.intact:
            breaks = sum(len(r.breaks) for r in broken)
            raise CommandError(
                f"Revisionsloggen er IKKE intakt: {breaks} brud fundet i {len(broken)} af "
                f"{len(reports)} kæder ({checked} poster), {len(checkpoints.problems)} fejl i "
                "kontrolpunkterne."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Revisionsloggen er intakt: {checked} poster i {len(reports)} "
                f"{'kæde' if len(reports) == 1 else 'kæder'}."
            )
        )
