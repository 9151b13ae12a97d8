"""What the web application stores, one module per part of the year's work.

``core``: organisations, accounts, years (the dataset), registrations, audit, jobs. Each
later part (online registration, the council's work, oversight) adds its own module and
one import line here, so that Django finds every model under ``dvk_docs.web.models``.
"""

from .core import AuditEntry, Job, Membership, Organisation, Registration, Role, Year
from .council import DocumentNumber, MeetingChange, MeetingLock  # noqa: F401
from .evidence import Evidence  # noqa: F401  (issue 12: minh chứng)
from .ops import PageImage, RolloverItem  # noqa: F401 - 12E: rollover checklist, page images
from .oversight import Oversight  # noqa: F401 (so that Django finds it)
from .workflow import Reopening, Submission, SubmissionEvent, SubmissionStatus  # noqa: F401

__all__ = ["AuditEntry", "Job", "Membership", "Organisation", "Registration", "Role", "Year"]
