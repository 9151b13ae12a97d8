# Merge of the two branches of migrations on main after 12D (0005_oversight) and 12E
# (0006_ops), both after 0001_initial; the lead may fold this into the final merge migration.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dvk_web", "0005_oversight"),
        ("dvk_web", "0006_ops"),
    ]

    operations = []
