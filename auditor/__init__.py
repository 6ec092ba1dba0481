"""auditor: reads and audits Chinese government information-disclosure annual reports."""

__version__ = "0.1.0"
