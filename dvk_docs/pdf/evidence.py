"""Minh chứng kèm hồ sơ: the kinds of evidence a nominee's báo cáo thành tích can carry, which
of them the dossier requires, and the completeness checklist per nominee.

The dossier places each nominee's evidence right after its báo cáo thành tích (first set);
see :func:`dvk_docs.pdf.dossier.build_dossier`. What the dossier lacks is
:func:`dvk_docs.pdf.dossier.completeness` plus, when the evidence is known by kind,
:func:`evidence_gaps`; :func:`dvk_docs.pdf.dossier.checklist` groups both by nominee
(:class:`Checklist`) for a page or a report.
The required kinds are a setting (``required``): the spec names no rule, the default asks for
the signed and confirmed scan of each report, since the generated report carries no
signature or seal. :func:`read_pdf` is how an evidence PDF is opened, by the dossier and by
the web application's upload alike.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..dataset import LoadedDataset, Registration
from ..documents.nominee_list import name_and_position
from ..errors import DvkError
from ..facts import Facts

if TYPE_CHECKING:
    from pypdf import PdfReader


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str
    help: str


EVIDENCE_KINDS: dict[str, EvidenceKind] = {k.key: k for k in (
    EvidenceKind("bao_cao_ky", "Báo cáo thành tích đã ký, có xác nhận (bản quét)",
                 "bản báo cáo thành tích có chữ ký của người báo cáo, xác nhận và dấu của cơ "
                 "quan quản lý (và cấp ủy nếu hướng dẫn yêu cầu)"),
    EvidenceKind("bien_ban_don_vi", "Biên bản họp của đơn vị",
                 "biên bản cuộc họp của chính đơn vị/chi bộ đề nghị công nhận mô hình"),
    EvidenceKind("hinh_anh", "Hình ảnh hoạt động",
                 "ảnh chụp hoạt động, công trình, sản phẩm của mô hình"),
    EvidenceKind("khac", "Tài liệu minh chứng khác",
                 "giấy khen, bài báo, số liệu, văn bản liên quan"),
)}
DEFAULT_REQUIRED: tuple[str, ...] = ("bao_cao_ky",)


def kind_label(key: str) -> str:
    kind = EVIDENCE_KINDS.get(key)
    return kind.label if kind else key


def check_required(required: Sequence[str]) -> tuple[str, ...]:
    """The required kinds, each one a known kind (a ValueError names an unknown one)."""
    unknown = [k for k in required if k not in EVIDENCE_KINDS]
    if unknown:
        raise ValueError(f"loại minh chứng không có: {', '.join(unknown)} (có: "
                         f"{', '.join(EVIDENCE_KINDS)})")
    return tuple(required)


def nominee_label(reg: Registration, loaded: LoadedDataset) -> str:
    """How the dossier's gaps name a nominee: 'DK002 (Chi bộ thôn Phú Lợi)'."""
    ach = loaded.data.achievements.get(reg.id or "")
    return f"{reg.id} ({name_and_position(reg, ach)[0]})"


def report_nominees(loaded: LoadedDataset, facts: Facts) -> list[str]:
    """Ids whose báo cáo thành tích goes into the dossier (the same rule as build_dossier)."""
    assert facts.stages is not None
    proposed = {r.id for r in facts.stages.proposed} if loaded.data.proposal else None
    return [r.id or "" for r in loaded.registrations if r.id in loaded.data.achievements
            and (proposed is None or r.id in proposed)]


def evidence_gaps(loaded: LoadedDataset, facts: Facts, evidence: Mapping[str, Sequence[str]],
                  required: Sequence[str] = DEFAULT_REQUIRED) -> list[str]:
    """One line per required kind of evidence a report in the dossier lacks; ``evidence``
    maps a registration id to the kinds of the files attached to it."""
    regs = {r.id: r for r in loaded.registrations}
    gaps = []
    for reg_id in report_nominees(loaded, facts):
        have = set(evidence.get(reg_id, ()))
        for key in check_required(required):
            if key not in have:
                who = nominee_label(regs[reg_id], loaded)
                gaps.append(f"Báo cáo thành tích {who}: chưa có minh chứng “{kind_label(key)}”")
    return gaps


@dataclass
class NomineeCheck:
    reg_id: str
    who: str
    model_name: str
    in_dossier: bool  # its báo cáo thành tích goes into the dossier
    kinds: list[str] = field(default_factory=list)  # kinds of the evidence it has
    gaps: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.gaps


@dataclass
class Checklist:
    general: list[str]  # gaps that concern no single nominee
    nominees: list[NomineeCheck]
    required: tuple[str, ...]

    @property
    def gaps(self) -> list[str]:
        return self.general + [g for n in self.nominees for g in n.gaps]

    @property
    def complete(self) -> bool:
        return not self.gaps


__all__ = ["DEFAULT_REQUIRED", "EVIDENCE_KINDS", "Checklist", "EvidenceKind", "NomineeCheck",
           "evidence_gaps", "kind_label", "nominee_label", "report_nominees"]


class UnreadablePdf(DvkError):
    """A file that is not a readable PDF with pages (the message says what to do)."""


def read_pdf(data: bytes, where: str = "", *, empty_password_ok: bool = True,
             again: str = "thêm lại") -> PdfReader:
    """``data`` as a readable PDF with pages, every page's box and content readable, or a
    UnreadablePdf saying what to do (``again``: how the person gives the file again), after
    ``where`` (a file's name) when given. A PDF locked with the empty password opens as
    viewers open it, unless ``empty_password_ok`` is False (the web's evidence upload
    refuses every locked file)."""
    from pypdf import PdfReader

    from .convert import quiet_pypdf

    def say(text: str) -> str:
        return f"{where}: {text}" if where else text[0].upper() + text[1:]

    try:
        with quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("") if empty_password_ok else 0
                except Exception:  # pypdf needs 'cryptography' for AES: still locked
                    opened = 0
                if not opened:
                    raise UnreadablePdf(say("file PDF có mật khẩu; gỡ mật khẩu (in ra PDF "
                                           f"mới) rồi {again}"))
            count = len(reader.pages)
            for page in reader.pages:
                _ = page.mediabox, page.get_contents()
    except UnreadablePdf:
        raise
    except Exception as err:  # a damaged file fails in many pypdf exception types
        raise UnreadablePdf(say(f"file PDF bị hỏng, không đọc được ({type(err).__name__}); "
                               "mở và lưu lại bằng trình xem PDF, hoặc quét lại")) from None
    if count == 0:
        raise UnreadablePdf(say("file PDF không có trang nào"))
    return reader
