"""Machine-readable output: ``claims.json`` and schema.org ``Claim`` JSON-LD.

Both are valid JSON in which ``<``, ``>`` and ``&`` are written as ``\\u003c``,
``\\u003e`` and ``\\u0026``, so that nothing in a claim can close a
``<script>`` element or open an HTML comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, TextIO

import markdown
from markupsafe import Markup

from .index import ClaimIndex
from .layout import Layout
from .model import Claim, Report, Speaker

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_PLACEHOLDER_RE = re.compile("\x02[^\x03]*\x03")

TextOf = Callable[[Claim], str]


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON that is safe inside ``<script>`` and in any HTML context."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class PlainText:
    """Plain text of a Markdown fragment (a claim or quote body)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown()
        self._cache: dict[str, str] = {}

    def __call__(self, source: str) -> str:
        cached = self._cache.get(source)
        if cached is None:
            cached = self._cache[source] = self.convert(source)
        return cached

    def convert(self, source: str) -> str:
        """The plain text, not cached (for callers that keep less than all of it)."""
        self._md.reset()
        html = self._md.convert(source)
        return clean_text(Markup(html).striptags())


def clean_text(text: str) -> str:
    """Collapse whitespace and drop Python-Markdown placeholders."""
    return " ".join(_PLACEHOLDER_RE.sub("", text).split())


def claim_record(
    claim: Claim, index: ClaimIndex, layout: Layout, text_of: TextOf
) -> dict[str, Any]:
    """One claim of ``claims.json``."""
    record = _claim_fields(claim, index, layout, text_of)
    record["contradicts"] = [
        layout.claim_url(other.report, other.id) for other in _contradicting(claim, index)
    ]
    return record


def _contradicting(claim: Claim, index: ClaimIndex) -> list[Claim]:
    return sorted(index.all_contradicting(claim), key=lambda c: (c.report, c.line))


def _claim_fields(
    claim: Claim, index: ClaimIndex, layout: Layout, text_of: TextOf
) -> dict[str, Any]:
    report = index.reports[claim.report]
    return {
        "id": claim.id,
        "url": layout.claim_url(claim.report, claim.id),
        "speaker": claim.speaker,
        "stance": claim.stance,
        "proposition": claim.proposition,
        "text": text_of(claim),
        "date": claim.date.isoformat() if claim.date else None,
        "via": claim.via,
        "note": claim.note,
        "report": {
            "url": layout.report_url(report.key),
            "title": report.title,
            "outlet": report.outlet,
            "date": report.date.isoformat() if report.date else None,
        },
    }


def speaker_record(speaker: Speaker, layout: Layout) -> dict[str, Any]:
    """One speaker of ``claims.json``."""
    return {
        "id": speaker.id,
        "name": speaker.name,
        "role": speaker.role,
        "kind": speaker.kind,
        "aliases": list(speaker.aliases),
        "native_name": speaker.native_name,
        "url": speaker.url,
        "description": speaker.description,
        "page": layout.speaker_url(speaker.id),
    }


def _registries(index: ClaimIndex, layout: Layout) -> dict[str, Any]:
    return {
        "speakers": [
            speaker_record(speaker, layout)
            for speaker in sorted(index.speakers.values(), key=lambda s: s.id)
        ],
        "propositions": [
            {
                "id": prop.id,
                "statement": prop.statement,
                "description": prop.description,
                "page": layout.proposition_url(prop.id),
            }
            for prop in sorted(index.propositions.values(), key=lambda p: p.id)
        ],
    }


def claims_document(index: ClaimIndex, layout: Layout, text_of: TextOf) -> dict[str, Any]:
    """The whole of ``claims.json``: speakers, propositions, claims."""
    document = _registries(index, layout)
    document["claims"] = [
        claim_record(claim, index, layout, text_of)
        for report in index.reports.values()
        for claim in report.claims
    ]
    return document


def write_claims_json(handle: TextIO, index: ClaimIndex, layout: Layout, text_of: TextOf) -> None:
    """Write :func:`claims_document` as script-safe JSON, streaming.

    ``contradicts`` grows with the square of a proposition's claims, so each
    (proposition, stance) list is serialised once and shared by every claim
    that has it, and nothing holds the whole document in memory.
    """
    registries = dumps(_registries(index, layout), indent=1)
    handle.write(registries[: registries.rstrip().rfind("}")].rstrip() + ',\n "claims": [')
    shared: dict[tuple[str, str], str] = {}
    first = True
    for report in index.reports.values():
        for claim in report.claims:
            fields = dumps(_claim_fields(claim, index, layout, text_of))
            if claim.stance is not None and claim.proposition is not None:
                key = (claim.proposition, claim.stance)
                if key not in shared:
                    urls = [layout.claim_url(o.report, o.id) for o in _contradicting(claim, index)]
                    shared[key] = dumps(urls)
                contradicts = shared[key]
            else:
                contradicts = "[]"
            handle.write(("\n  " if first else ",\n  ") + fields[:-1])
            handle.write(f', "contradicts": {contradicts}}}')
            first = False
    handle.write("\n ]\n}\n")


def _schema_author(speaker_id: str | None, index: ClaimIndex) -> dict[str, Any] | None:
    if speaker_id is None:
        return None
    speaker = index.speakers.get(speaker_id)
    person = speaker is None or speaker.kind in ("person", "anonymous")
    kind = "Person" if person else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": speaker.name if speaker else speaker_id}
    if speaker and speaker.url:
        author["url"] = speaker.url
    return author


def json_ld(
    report: Report,
    index: ClaimIndex,
    layout: Layout,
    texts: Mapping[str, str],
    site_url: str,
) -> str:
    """The ``<script type="application/ld+json">`` of a report page."""
    # Without a site_url the page's own address is unknown: ids are then
    # relative to the page itself ("#claim-x"), which JSON-LD resolves right.
    page_url = site_url + layout.report_url(report.key) if site_url else ""
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": report.title}
    if page_url:
        appearance["url"] = page_url
    if report.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": report.outlet}
    if report.date:
        appearance["datePublished"] = report.date.isoformat()
    graph = []
    for claim in report.claims:
        item: dict[str, Any] = {
            "@type": "Claim",
            "@id": f"{page_url}#claim-{claim.id}",
            "text": texts.get(claim.id, ""),
            "appearance": appearance,
        }
        author = _schema_author(claim.speaker, index)
        if author:
            item["author"] = author
        if claim.date:
            item["datePublished"] = claim.date.isoformat()
        if claim.proposition in index.propositions:
            item["about"] = index.propositions[claim.proposition].statement
        graph.append(item)
    document = {"@context": "https://schema.org", "@graph": graph}
    return f'<script type="application/ld+json">{dumps(document)}</script>'
