"""WSGI entry for a shared server: ``gunicorn dvk_docs.web.wsgi`` with DVK_DATA_DIR set."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk_docs.web.settings")
application = get_wsgi_application()
