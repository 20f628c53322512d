"""The turn of the month: a request never rebuilds the figure table; it queues one job,
which the worker runs under the figure lock, once however many ask for it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fremdrift.core import changes, clock
from fremdrift.core.months import month_index
from fremdrift.results.models import FigureState, FigureValue
from fremdrift.results.refresh import bring_figures_up_to_date, bring_up_to_date, rebuild
from tests.conftest import login
from tests.results.helpers import citizen, in_m2

JOB = bring_figures_up_to_date.module_path
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent requests need a server database"
)


def _last_month() -> dt.date:
    return clock.today().replace(day=1) - dt.timedelta(days=1)


def _built_last_month(municipality) -> None:
    """A table that was complete last month: this month has begun since."""
    in_m2(citizen(municipality), dt.date(2020, 1, 1))
    rebuild(today=_last_month())


def _jobs(status: str | None = None) -> list[DBTaskResult]:
    jobs = DBTaskResult.objects.filter(task_path=JOB)
    return list(jobs.filter(status=status) if status else jobs)


# The worker closes its connection between rounds, as a resident process must: the tests
# that run it commit for real instead of inside a transaction that is rolled back.
with_worker = pytest.mark.django_db(transaction=True)


def _horizon() -> int:
    return FigureState.objects.get(pk=1).horizon


@with_worker
def test_a_page_at_the_turn_of_the_month_queues_the_rebuild_and_says_so(odense, odense_manager):
    _built_last_month(odense)
    client = login(odense_manager)
    page = client.get(reverse("results:dashboard"))
    assert page.status_code == 200
    assert "En ny måned er begyndt" in page.content.decode()
    assert _horizon() == month_index(_last_month())  # the request did not rebuild
    client.get(reverse("results:dashboard"))
    assert len(_jobs(TaskResultStatus.READY)) == 1  # asked twice, queued once

    call_command("worker", once=True, verbosity=0)
    assert _horizon() == month_index(clock.today())
    [job] = _jobs()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.return_value is True
    page = client.get(reverse("results:dashboard"))
    assert "En ny måned er begyndt" not in page.content.decode()
    assert "Nøgletallene er fuldt beregnet" in page.content.decode()
    assert _jobs(TaskResultStatus.READY) == []


@pytest.mark.django_db
def test_the_api_says_how_fresh_the_figures_are(odense, odense_manager):
    _built_last_month(odense)
    body = login(odense_manager).get(reverse("results:api"), {"figure": "M2"}).json()
    assert body["freshness"]["current"] is False
    assert body["freshness"]["rebuilt_at"] is not None


@with_worker
def test_a_write_on_a_stale_table_leaves_it_to_the_rebuild_which_then_counts_it(odense):
    _built_last_month(odense)
    before = FigureValue.objects.count()
    newcomer = citizen(odense)
    with changes.following(newcomer.pk):
        in_m2(newcomer, dt.date(2021, 3, 1))
    assert FigureValue.objects.count() == before  # no delta on a table that is being replaced
    assert len(_jobs(TaskResultStatus.READY)) == 1
    call_command("worker", once=True, verbosity=0)
    expected = FigureValue.objects.count()
    rebuild()  # the same table from scratch: the newcomer was counted by the job
    assert FigureValue.objects.count() == expected


@with_worker
def test_the_worker_queues_the_rebuild_a_new_month_needs_by_itself(odense):
    _built_last_month(odense)
    call_command("worker", once=True, verbosity=0)
    assert _horizon() == month_index(clock.today())
    assert bring_up_to_date() is False  # nothing left to do this month


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_turn_of_the_month_rebuild_once_without_error(odense, odense_manager):
    _built_last_month(odense)
    statuses: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def view() -> None:
        try:
            client = login(odense_manager)
            barrier.wait()
            statuses.append(client.get(reverse("results:dashboard")).status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def rebuild_now(results: list[bool]) -> None:
        try:
            barrier.wait()
            results.append(bring_up_to_date())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=view) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and statuses == [200, 200]
    assert _horizon() == month_index(_last_month())
    assert 1 <= len(_jobs(TaskResultStatus.READY)) <= 2  # both may slip past the check at once

    # Two workers' jobs at the same moment: the lock lets one rebuild, the other finds it done.
    results: list[bool] = []
    threads = [threading.Thread(target=rebuild_now, args=(results,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, True]
    assert _horizon() == month_index(clock.today())


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_job_a_web_request_queued(odense, odense_manager):
    _built_last_month(odense)
    login(odense_manager).get(reverse("results:dashboard"))
    [queued] = _jobs(TaskResultStatus.READY)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    # The worker process on the tests' clock, as the web process here runs on it.
    on_our_clock = (
        "import sys, time_machine; "
        f"time_machine.travel({clock.now().isoformat()!r}, tick=True).start(); "
        "from fremdrift.__main__ import main; "
        "sys.argv = ['fremdrift', 'worker', '--once', '-v', '0']; main()"
    )
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", on_our_clock],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert _horizon() == month_index(clock.today())


@pytest.mark.django_db
def test_a_municipality_without_any_figures_gets_its_dashboard(odense, odense_manager):
    # Before the first rebuild there is no month to link the JSON figures from.
    page = login(odense_manager).get(reverse("results:dashboard"))
    assert page.status_code == 200
    assert "Nøgletallene er ikke beregnet endnu" in page.content.decode()
