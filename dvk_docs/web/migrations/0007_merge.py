"""Joins the migrations of the parts built side by side (online registration, the council's
work, evidence, oversight, operations); no change of its own."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dvk_web", "0002_workflow"),
        ("dvk_web", "0003_council"),
        ("dvk_web", "0004_evidence"),
        ("dvk_web", "0005_oversight"),
        ("dvk_web", "0006_ops"),
    ]

    operations: list = []
