"""`amlnet verify`: offline flow verification of synthesized stacks. No cdktf import."""

from .engine import Document, Finding, Report, VerifyError, load_documents, render, verify_document

__all__ = ["Document", "Finding", "Report", "VerifyError", "load_documents", "render", "verify_document"]
