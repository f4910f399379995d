"""mkdocs-claims: annotate who said what in news reports; get claim callouts,
speaker and proposition pages and automatic contradicting-report links.

The core (``syntax``, ``registry``, ``index``, ``render``, ``export``) does
not import MkDocs; :mod:`mkdocs_claims.plugin` is the MkDocs adapter.
"""

from __future__ import annotations

from .index import ClaimIndex
from .model import Claim, Diagnostic, Mention, Proposition, Quote, Report, Speaker

__all__ = [
    "Claim",
    "ClaimIndex",
    "Diagnostic",
    "Mention",
    "Proposition",
    "Quote",
    "Report",
    "Speaker",
]
__version__ = "0.1.0"
