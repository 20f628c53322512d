"""HTTP for the page benchmark (bench/pages.py): log in through the real form, time single
requests, and drive a page with wrk. Standard library only, so it runs before Django does."""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

# wrk's done hook: one machine-readable line (latencies in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "FREMDRIFT-BENCH %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


@dataclass(frozen=True)
class Load:
    """What wrk measured: requests per second and latency percentiles in ms."""

    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    status_errors: int
    socket_errors: int


def request(
    port: int, path: str, *, cookie: str = "", form: dict[str, str] | None = None
) -> Response:
    """One request on a fresh connection (gunicorn's sync workers close it after each)."""
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST" if form is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    return Response(response.status, response.headers, content, time.perf_counter() - started)


def _cookies(response: Response, jar: dict[str, str]) -> dict[str, str]:
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in sorted(jar.items()))


def log_in(port: int, username: str, password: str) -> str:
    """Log in through the login form (CSRF token and django-axes included); the Cookie header."""
    form_page = request(port, "/login/")
    jar = _cookies(form_page, {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.body)
    if form_page.status != 200 or token is None:
        raise SystemExit(f"Login-siden svarede {form_page.status} uden CSRF-felt.")
    answer = request(
        port,
        "/login/",
        cookie=cookie_header(jar),
        form={
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": password,
            "next": "",
        },
    )
    jar = _cookies(answer, jar)
    if answer.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"{username} kunne ikke logge ind (HTTP {answer.status}).")
    return cookie_header(jar)


def single_ms(port: int, path: str, cookie: str, rounds: int) -> tuple[float, int]:
    """Median time of `rounds` sequential requests (after two to warm both workers), and the
    size of the last answer in bytes."""
    timings = []
    for index in range(rounds + 2):
        response = request(port, path, cookie=cookie)
        if response.status != 200:
            where = response.headers.get("Location", "")
            raise SystemExit(f"{path}: HTTP {response.status} {where}".rstrip())
        if index >= 2:
            timings.append(response.seconds * 1000)
    return statistics.median(timings), len(response.body)


def wrk(port: int, path: str, cookie: str, *, seconds: int, connections: int) -> Load:
    """Drive `path` with wrk: `connections` connections, no pause, for `seconds`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
        command += ["-s", script.name]
        command += ["-H", f"Cookie: {cookie}"] if cookie else []
        command.append(f"http://127.0.0.1:{port}{path}")
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        Path(script.name).unlink()
    line = next((x for x in out.splitlines() if x.startswith("FREMDRIFT-BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk gav ingen rapport for {path}:\n{out}")
    done, micros, p50, p95, status_errors, socket_errors = map(int, line.split()[1:])
    return Load(
        requests=done,
        per_second=done / (micros / 1e6),
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        status_errors=status_errors,
        socket_errors=socket_errors,
    )
