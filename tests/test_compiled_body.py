"""The rendered body is put into the document by one parse (issue 14: the append of a big
body into the parsed skeleton grew with the square of a Mẫu 1's rows)."""

from __future__ import annotations

from lxml import etree

from dvk_docs.render.compiled import _with_body

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = (f'<w:body xmlns:w="{W}" xmlns:x="urn:x"><w:p><w:r><w:t>Một</w:t></w:r></w:p>'
        "</w:body>").encode()


def test_body_joins_the_skeleton_without_repeated_declarations() -> None:
    """This test ensures the body becomes the root's last child and keeps only the
    namespace declarations the root does not make (the XML is as lxml's append wrote it)."""
    skeleton = f'<w:document xmlns:w="{W}"><w:background/></w:document>'.encode()
    xml = _with_body(skeleton, BODY)
    root = etree.fromstring(xml)
    assert [etree.QName(c).localname for c in root] == ["background", "body"]
    assert xml.count(f'xmlns:w="{W}"'.encode()) == 1
    assert b'xmlns:x="urn:x"' in xml
    assert root.findtext(f".//{{{W}}}t") == "Một"


def test_a_skeleton_with_no_other_child() -> None:
    """This test ensures a document whose body was its only child (serialised as an empty
    element) gets the body back inside it."""
    xml = _with_body(f'<w:document xmlns:w="{W}"/>'.encode(), BODY)
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "document" and len(root) == 1
    assert root.findtext(f".//{{{W}}}t") == "Một"
