"""Test settings: the same environment-driven settings, made fast."""

import tempfile
from pathlib import Path

from tatakelola.config.env import env_str
from tatakelola.config.settings import *  # noqa: F403

# A fixed audit key (no key file under var/). Checkpoints: under TATAKELOLA_HOME when a test runs the
# CLI in a home of its own, else in a directory of this process only (tests/conftest.py then gives
# each test its own file).
TATAKELOLA_AUDIT_KEY = "test-audit-key-not-secret-0001"
if not env_str("TATAKELOLA_HOME"):
    TATAKELOLA_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="tatakelola-audit-")) / "checkpoints.jsonl"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
