from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fremdrift.audit.chain import verify_chains

MAX_LISTED_BREAKS = 50


class Command(BaseCommand):
    help = (
        "Kontrollér revisionsloggens hashkæder, én pr. kommune og én for poster uden kommune: "
        "afslører poster, der er ændret eller slettet."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = verify_chains()
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
        checked = sum(r.checked for r in reports)
        broken = [r for r in reports if not r.intact]
        if broken:
            breaks = sum(len(r.breaks) for r in broken)
            raise CommandError(
                f"Revisionsloggen er IKKE intakt: {breaks} brud fundet i {len(broken)} af "
                f"{len(reports)} kæder ({checked} poster)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Revisionsloggen er intakt: {checked} poster i {len(reports)} "
                f"{'kæde' if len(reports) == 1 else 'kæder'}."
            )
        )
