import pytest
from django.core.exceptions import ImproperlyConfigured

from fremdrift.config import (
    check_production_safety,
    env_bool,
    env_int,
    env_list,
    persistent_secret,
)

GOOD_KEY = "k" * 20 + "Zq8#-Lm2!pX9$wR4^tY7&uI1*oP3(aS5)dF6_gH" + "x" * 10


def test_env_parsing(monkeypatch):
    monkeypatch.setenv("FLAG", "ja")
    monkeypatch.setenv("NUMBER", "42")
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert env_bool("FLAG", False) is True
    assert env_int("NUMBER", 1) == 42
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_bool("MISSING", True) is True


def test_env_parsing_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 1)


def test_persistent_secret_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_KEY", raising=False)
    first = persistent_secret("TEST_KEY", tmp_path)
    assert len(first) >= 64
    assert persistent_secret("TEST_KEY", tmp_path) == first
    assert (tmp_path / "test_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("TEST_KEY", "from-env")
    assert persistent_secret("TEST_KEY", tmp_path) == "from-env"


@pytest.mark.parametrize(
    "key", ["short", "django-insecure-" + "a" * 50, "a" * 60, "changeme" + GOOD_KEY]
)
def test_production_refuses_an_insecure_key(key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        check_production_safety(
            debug=False, secret_key=key, demo_mode=False, allowed_hosts=["fremdrift.kommune.dk"]
        )


def test_production_refuses_demo_mode_on_a_public_host():
    with pytest.raises(ImproperlyConfigured, match="DEMO_MODE"):
        check_production_safety(
            debug=False, secret_key=GOOD_KEY, demo_mode=True, allowed_hosts=["fremdrift.dk"]
        )


def test_demo_mode_on_localhost_and_a_good_key_are_accepted():
    check_production_safety(
        debug=False, secret_key=GOOD_KEY, demo_mode=True, allowed_hosts=["127.0.0.1", "localhost"]
    )
    check_production_safety(
        debug=False, secret_key=GOOD_KEY, demo_mode=False, allowed_hosts=["fremdrift.kommune.dk"]
    )


def _start_settings(tmp_path, **env):
    import os
    import subprocess
    import sys

    environment = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_MODE", "SECRET_KEY")
    }
    environment.update(VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", "import fremdrift.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_module_refuses_to_start_with_an_insecure_key(tmp_path):
    result = _start_settings(tmp_path, SECRET_KEY="geheim")
    assert result.returncode != 0
    assert "SECRET_KEY is insecure" in result.stderr


def test_settings_module_refuses_demo_mode_on_a_public_host(tmp_path):
    result = _start_settings(tmp_path, DEMO_MODE="true", ALLOWED_HOSTS="fremdrift.odense.dk")
    assert result.returncode != 0
    assert "DEMO_MODE is on" in result.stderr


def test_settings_module_starts_with_a_generated_key(tmp_path):
    result = _start_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "secret_key").read_text()) >= 64
