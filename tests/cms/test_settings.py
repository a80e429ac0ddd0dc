"""Production refuses to start with insecure values; the embedded default needs no variables."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "cms.congdoannghean.vn",
    "DATABASE_URL": "postgres://u:p@db:5432/congdoanso",
    "REDIS_URL": "redis://redis:6379/0",
    "DEBUG": "0",
}
PROJECT_VARIABLES = (*SAFE, "AWS_STORAGE_BUCKET_NAME", "MEILISEARCH_URL", "ENABLE_REST_API_V2")


def load_settings(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}
    env.update({k: v for k, v in overrides.items() if v is not None})
    code = "import cms.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_embedded_default_needs_no_variables():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
    ]


def test_production_with_safe_values_starts_on_postgres_and_redis():
    result = load_settings(**SAFE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
    ]


def test_production_refuses_each_insecure_value():
    cases = {
        "DEBUG must be off": {"DEBUG": "1"},
        "SECRET_KEY must be set": {"SECRET_KEY": None},
        "ALLOWED_HOSTS must list": {"ALLOWED_HOSTS": None},
        "DATABASE_URL must point at PostgreSQL": {"DATABASE_URL": None},
        "REDIS_URL must be set": {"REDIS_URL": None},
        "ENABLE_REST_API_V2 ignores audiences": {"ENABLE_REST_API_V2": "1"},
    }
    for message, change in cases.items():
        env = {**SAFE, **change}
        result = load_settings(**env)
        assert result.returncode != 0, message
        assert "Refusing to start in production" in result.stderr
        assert message in result.stderr


def test_malformed_boolean_names_the_variable():
    result = load_settings(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


WEAK_KEYS = {
    "the embedded default": None,
    "Django's own placeholder": "django-insecure-" + secrets.token_urlsafe(48),
    "a short key": secrets.token_urlsafe(30),
    "a long key of few characters": "x" * 64,
}


@pytest.mark.parametrize("key", list(WEAK_KEYS.values()), ids=list(WEAK_KEYS))
@pytest.mark.parametrize("django_env", [None, "development", "test"])
def test_with_debug_off_a_weak_secret_key_is_refused_outside_production_too(key, django_env):
    # when the server starts with DEBUG off but without DJANGO_ENV=production
    result = load_settings(DEBUG="0", SECRET_KEY=key, DJANGO_ENV=django_env)

    # then it refuses: a public or guessable key lets anyone forge preview tokens and signed links
    assert result.returncode != 0
    assert (
        "Refusing to start with DEBUG off: "
        "SECRET_KEY must be set to a random value of at least 50 characters." in result.stderr
    )


def test_with_debug_off_a_long_random_secret_key_starts():
    # when
    result = load_settings(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))

    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
    ]


def test_with_debug_on_the_embedded_key_still_serves_make_run():
    # when (what `make run` and `make test` start with: no variables, or DEBUG on explicitly)
    results = [load_settings(), load_settings(DEBUG="1")]

    # then
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]


@pytest.mark.parametrize("key", list(WEAK_KEYS.values())[1:], ids=list(WEAK_KEYS)[1:])
def test_production_refuses_each_weak_secret_key(key):
    # when
    result = load_settings(**{**SAFE, "SECRET_KEY": key})

    # then
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
