import os
import subprocess
import sys


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "baken.settings.production",
        "SECRET_KEY": "k3J9-vQ2pX8rT5wY1zA6bN4mC7dF0gH2jL5nP8sU1xW4yZ7e-Rt6Uq",
        "BAKEN_FIELD_KEYS": "bm90LXRoZS1kZW1vLWtleS1idXQtMzItYnl0ZXMtb2s=",
        "ALLOWED_HOSTS": "baken.example.nl",
    }
    result = subprocess.run(
        [sys.executable, "-m", "baken.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baken.settings.production", "SECRET_KEY": ""}
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-m", "baken.cli", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
