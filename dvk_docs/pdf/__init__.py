"""Everything PDF: LibreOffice conversion (``convert``), embedded Vietnamese fonts and a small
page canvas (``fonts``), the fillable phiếu đăng ký (``forms`` low level, ``formdata`` from and to
a dataset), and the hồ sơ đề nghị công nhận as one PDF (``dossier`` with its ``cover``).

Only the conversion is imported here (it needs no PDF library); the other modules load pypdf
and fontTools, so import them where they are used.
"""

from .convert import PdfError, convert_to_pdf, find_soffice, pdf_beside, quiet_pypdf

__all__ = ["PdfError", "convert_to_pdf", "find_soffice", "pdf_beside", "quiet_pypdf"]
