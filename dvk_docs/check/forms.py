"""Blank forms sent with a document (Mẫu 1, Mẫu 2 after a kế hoạch's signature): each starts
with its label ("Mẫu 1", "Mẫu số 02") on a new page or right after a signature block and has
its own header and table to fill in. They are not body text, and their "ĐƠN VỊ……" and empty
cells are meant to stay blank, so the body rules and the leftover-dots rule skip them."""

from __future__ import annotations

import re

from .common import Ctx
from .grid import Layout
from .model import Para, Table

FORM_LABEL = re.compile(r"^Mẫu\s+(?:số\s+)?\d{1,2}[a-z]?$", re.IGNORECASE)


def check_attached_forms(ctx: Ctx, layout: Layout) -> None:
    """Mark every block from the first form label after a signature block to the end as an
    attached form, and drop the leftover-dots findings inside it."""
    blocks = ctx.doc.blocks
    start = None
    after_signature = False
    for i in range(layout.body_start, len(blocks)):
        block = blocks[i]
        if isinstance(block, Table):
            after_signature = i in layout.signature_tables or after_signature
            continue
        if not block.clean:
            continue
        if (after_signature or block.page_break_before) and FORM_LABEL.match(block.clean):
            start = i
            break
        after_signature = False
    if start is None:
        return
    inside: set[str] = set()
    for i in range(start, len(blocks)):
        block = blocks[i]
        paras: list[Para] = [block] if isinstance(block, Para) else \
            [p for c in block.cells for p in c.paras]
        if isinstance(block, Table):
            layout.form_tables.add(i)
        for p in paras:
            layout.fixed.add(id(p))
            inside.add(p.where)
    ctx.findings[:] = [f for f in ctx.findings
                       if not (f.rule == "leftover.dots" and f.where in inside)]
