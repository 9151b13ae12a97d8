"""What the web application stores, one module per part of the year's work."""

from .core import AuditEntry, Job, Membership, Organisation, Registration, Role, Year
from .evidence import Evidence

__all__ = ["AuditEntry", "Evidence", "Job", "Membership", "Organisation", "Registration",
           "Role", "Year"]
