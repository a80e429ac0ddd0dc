"""Production refuses to start with insecure values; the embedded default needs no variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 64,
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
