"""`amlnet verify`: offline flow verification of synthesized stacks. No cdktf import."""

from .document import Document, VerifyError, load_documents
from .engine import verify_document
from .report import Finding, Report, render

__all__ = ["Document", "Finding", "Report", "VerifyError", "load_documents", "render", "verify_document"]
