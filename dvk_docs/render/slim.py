"""Drop the Word styles a template never uses.

python-docx's blank document carries about 190 styles (``styles.xml`` 362 kB and
``stylesWithEffects.xml`` 438 kB, 95 % of a template's XML), parsed on every open and written
on every save. A slim template keeps the document defaults, the latent styles, the default
style of each type, every ``DVK ...`` style (Markdown bodies and tables name them at render
time) and every style a part refers to (``pStyle``, ``rStyle``, ``tblStyle``, numbering
links), with what those are based on, linked to or followed by.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLE_PARTS = ("word/styles.xml", "word/stylesWithEffects.xml")
_REF = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
_CHAIN = ("basedOn", "link", "next")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def referenced_styles(parts: dict[str, bytes]) -> set[str]:
    """Style ids named by the document, headers, footers, numbering ... (not the styles)."""
    ids: set[str] = set()
    for name, data in parts.items():
        if name.endswith(".xml") and name not in STYLE_PARTS:
            ids.update(m.decode("utf-8") for m in _REF.findall(data))
    return ids


def slim_styles_xml(data: bytes, used: set[str], keep_prefix: str = "DVK ") -> bytes:
    """``data`` (a styles part) with only the styles in ``used`` (or named ``keep_prefix``
    ..., or default), closed over basedOn/link/next."""
    root = etree.fromstring(data)
    styles = {s.get(_w("styleId")): s for s in root.iter(_w("style"))}
    keep = set()
    todo = [sid for sid, s in styles.items()
            if sid in used or s.get(_w("default")) in {"1", "true", "on"}
            or (s.find(_w("name")) is not None
                and (s.find(_w("name")).get(_w("val")) or "").startswith(keep_prefix))]
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in styles:
            continue
        keep.add(sid)
        for tag in _CHAIN:
            ref = styles[sid].find(_w(tag))
            if ref is not None:
                todo.append(ref.get(_w("val")))
    for sid, style in styles.items():
        if sid not in keep:
            root.remove(style)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def slim_docx(data: bytes) -> bytes:
    """A .docx's bytes with its unused styles removed (other parts copied unchanged)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i.filename) for i in infos}
    if not any(name in parts for name in STYLE_PARTS):
        return data
    used = referenced_styles(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            body = parts[info.filename]
            if info.filename in STYLE_PARTS:
                body = slim_styles_xml(body, used)
            zout.writestr(info, body)
    return out.getvalue()
