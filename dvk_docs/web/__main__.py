"""``python -m dvk_docs.web <django command>``: Django's manage.py on the data folder."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk_docs.web.settings")
execute_from_command_line([sys.argv[0], *sys.argv[1:]])
