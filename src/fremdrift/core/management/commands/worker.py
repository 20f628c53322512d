"""`fremdrift worker`: runs the queued jobs (figure rebuilds, large imports, report PDFs).

django-tasks-db's own worker loop, in rounds: before each round the periodic checks run
(core.queue.register_periodic: e.g. a new month queues the figure rebuild), then every job
that is ready runs, then the worker sleeps. `--once` runs one round and stops (for tests and
for a cron job on a machine without a resident worker).
"""

from __future__ import annotations

import logging
import time
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from fremdrift.core.queue import run_periodic_checks
from fremdrift.core.startup import refuse_a_broken_start


class Command(BaseCommand):
    help = "Kører jobkøens job: genberegning af nøgletal, store importer og rapporter."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Sekunder mellem to runder uden job."
        )
        parser.add_argument("--once", action="store_true", help="Én runde, og stop så.")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        try:
            refuse_a_broken_start()
        except ImproperlyConfigured as problem:
            raise CommandError(str(problem)) from problem
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,  # a round ends when the queue is empty
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        # The packages log every empty round and every job at INFO: noise, not news.
        quiet = logging.INFO if options["verbosity"] > 1 else logging.WARNING
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(quiet)
        worker.configure_signals()
        if options["verbosity"] > 0:
            self.stdout.write(f"Jobkøen kører (worker {worker.worker_id[:8]}).")
        while worker.running:
            close_old_connections()
            run_periodic_checks()
            worker.run()
            if once:
                return
            time.sleep(interval)
