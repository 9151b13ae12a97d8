"""Django settings for the test run: a scratch data folder, tasks run at once, fast hashing.

``DVK_TEST_DATABASE_URL`` (set by ``./dev.sh test`` when it started a PostgreSQL cluster)
runs the web tests on PostgreSQL instead of SQLite.
"""

import os
import tempfile

os.environ.setdefault("DVK_DATA_DIR", tempfile.mkdtemp(prefix="dvk-web-test-"))
if os.environ.get("DVK_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["DVK_TEST_DATABASE_URL"]

from dvk_docs.web.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
