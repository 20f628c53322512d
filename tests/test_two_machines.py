"""More than one machine: two web servers (gunicorn, as `make run` starts it) and one job
worker on the same PostgreSQL, as the country would run. A session made on one server works
on the other, a lockout counts failed logins on both, and a figure rebuild queued from one
server is done by the worker and seen on the other. Nothing is shared but the database."""

from __future__ import annotations

import datetime as dt
import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from fremdrift.core import clock
from fremdrift.results.refresh import rebuild
from tests.results.helpers import citizen, in_m2

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several servers need a server database"
    ),
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "korrekt-hest-batteri"  # tests.factories.UserFactory's


def _secrets() -> dict[str, str]:
    """The same keys on every machine, from the environment, as docs/operations.md asks: the
    test process's own, which wrote the CPR numbers and audit entries the servers read (a
    server refuses to start with a FIELD_KEY that cannot read them)."""
    return {
        "SECRET_KEY": "Fq9Lm2Xr7Tb4Wn8Ks1Vd6Hy3Jc0Pz5Ga-two-machines-test-key-NOT-FOR-USE",
        "FIELD_KEY": settings.FIELD_KEY,
        "AUDIT_KEY": settings.AUDIT_KEY,
    }


def _on_our_clock(*argv: str) -> list[str]:
    """A command run as a process of its own, on the tests' clock."""
    code = (
        "import sys, time_machine; "
        f"time_machine.travel({clock.now().isoformat()!r}, tick=True).start(); "
        f"sys.argv = {list(argv)!r}; "
    )
    if argv[0] == "gunicorn":
        code += "from gunicorn.app.wsgiapp import run; run()"
    else:
        code += "from fremdrift.__main__ import main; main()"
    return [sys.executable, "-c", code]


def _environment() -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        **_secrets(),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "fremdrift.test_settings",
        "SECURE_COOKIES": "false",  # plain http between the test and the servers
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    for _attempt in range(300):
        try:
            urllib.request.urlopen(url, timeout=10)  # noqa: S310 - our own local server
            return
        except OSError:  # refused while it starts, or slow on its first request
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer")


@pytest.fixture
def servers(tmp_path) -> Iterator[list[str]]:
    """Two web servers, each with one sync worker, on ports of their own."""
    started, urls, logs = [], [], []
    try:
        for _n in range(2):
            port = _free_port()
            argv = _on_our_clock(
                "gunicorn",
                "fremdrift.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "30",
            )
            logs.append(tmp_path / f"server-{port}.log")
            with logs[-1].open("w") as log:
                started.append(
                    subprocess.Popen(  # noqa: S603 - our own server
                        argv, env=_environment(), stdout=log, stderr=log
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
        for url, server, log in zip(urls, started, logs, strict=True):
            _wait_for(f"{url}/healthz", server, log)
        yield urls
    finally:
        for server in started:
            server.terminate()
        for server, log in zip(started, logs, strict=True):
            server.wait(timeout=30)
            if "Traceback" in log.read_text():
                print(log.read_text())  # pytest shows it when the test failed


class Browser:
    """A user agent with one cookie jar, whichever server it asks."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, base: str, username: str, password: str) -> tuple[int, str]:
        _status, page = self.get(f"{base}/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the login form carries a CSRF token"
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": html.unescape(token.group(1)),
                "username": username,
                "password": password,
            }
        ).encode()
        try:
            with self.opener.open(f"{base}/login/", data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_a_session_made_on_one_server_works_on_the_other(servers, odense_manager):
    first, second = servers
    browser = Browser()
    status, _page = browser.log_in(first, odense_manager.username, PASSWORD)
    assert status == 200
    status, page = browser.get(f"{second}/resultater/")
    assert status == 200 and "Lars Bach" in page
    assert "Log ind på Fremdrift" not in page  # served, not sent to the login page


def test_a_lockout_counts_failed_logins_on_both_servers(servers, odense_manager):
    first, second = servers
    browser = Browser()
    # AXES_FAILURE_LIMIT is 3 in the test settings: two failures here, one there.
    for base in (first, second, first):
        status, _page = browser.log_in(base, odense_manager.username, "forkert-kodeord")
        assert status in (200, 429)
    status, page = Browser().log_in(second, odense_manager.username, PASSWORD)
    assert status == 429 and "Login er midlertidigt spærret" in page


def test_a_rebuild_queued_from_one_server_is_seen_on_the_other(servers, odense, odense_manager):
    first, second = servers
    in_m2(citizen(odense), dt.date(2020, 1, 1))
    rebuild(today=clock.today().replace(day=1) - dt.timedelta(days=1))  # a month behind
    browser = Browser()
    browser.log_in(first, odense_manager.username, PASSWORD)
    _status, page = browser.get(f"{first}/resultater/")
    assert "En ny måned er begyndt" in page  # queued, not rebuilt in the request

    worker = subprocess.run(  # noqa: S603 - our own command
        _on_our_clock("fremdrift", "worker", "--once", "-v", "0"),
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    _status, page = browser.get(f"{second}/resultater/")
    assert "En ny måned er begyndt" not in page
    assert "Nøgletallene er fuldt beregnet" in page
