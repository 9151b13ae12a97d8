# Merge of main's migrations (12C evidence + 12D oversight, merged in 0006_merge_…) and 12E's
# 0006_ops (after 0001_initial); the lead may fold this into the final merge migration.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dvk_web", "0006_merge_0004_evidence_0005_oversight"),
        ("dvk_web", "0006_ops"),
    ]

    operations = []
