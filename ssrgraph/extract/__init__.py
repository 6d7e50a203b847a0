"""Extraction layer: documents in, entities and relation assertions (plain data) out."""

from ssrgraph.extract.documents import Document, DocumentError, find_documents, read_document
from ssrgraph.extract.model import Assertion, Entity, Extraction
from ssrgraph.extract.pipeline import build_pipeline, default_pipeline, extract

__all__ = ["Document", "DocumentError", "find_documents", "read_document", "Assertion", "Entity",
           "Extraction", "build_pipeline", "default_pipeline", "extract"]
