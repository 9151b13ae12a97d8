"""Kiểm tra thể thức: any uploaded .docx → the format linter's findings with rule ids."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ... import api
from ...errors import DvkError
from ..models import Membership, Organisation
from ..preview import blocks
from ..uploads import read_upload
from .base import org_view


@org_view()
def check(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    ctx: dict = {}
    if request.method == "POST":
        try:
            content, _ = read_upload(request.FILES.get("file"), {"docx"})
        except DvkError as err:
            ctx["error"] = str(err)
        else:
            name = request.FILES["file"].name
            family = request.POST.get("family") or None
            if family not in (None, "party", "state"):
                family = None
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "van-ban.docx"  # the uploaded name is never a path
                path.write_bytes(content)
                report = api.check_docx([path], family=family)[0]
            report.file = name
            ctx.update(report=report, name=name,
                       findings=[f.as_dict() for f in report.findings])
            if report.error is None:
                try:
                    ctx["page"] = blocks(content, limit=200)
                except Exception:
                    ctx["page"] = []
    return render(request, "dvk_web/check.html", ctx)
