"""Machine-readable output: ``claims.json`` and schema.org ``Claim`` JSON-LD.

Both are valid JSON in which ``<``, ``>`` and ``&`` are written as ``\\u003c``,
``\\u003e`` and ``\\u0026``, so that nothing in a claim can close a
``<script>`` element or open an HTML comment. ``claims.json`` follows the
JSON Schema shipped in ``schema/claims.schema.json`` (see docs/guide/data.md).
"""

from __future__ import annotations

import datetime
import html
import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup

from .index import ClaimIndex
from .layout import Layout
from .model import Claim, Quote, Rating, Report
from .output import write_text_atomically

VERSION = 2
"""The version of the ``claims.json`` format this package writes."""

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_PLACEHOLDER_RE = re.compile("\x02[^\x03]*\x03")


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON that is safe inside ``<script>`` and in any HTML context."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def element_text(element: etree.Element, md: markdown.Markdown, skip: Collection[int] = ()) -> str:
    """The plain text of a Markdown element once inline processing is done.

    Block elements are separated by a space. Raw HTML and entities are still
    placeholders at that point: each becomes its text (``&amp;`` is ``&``,
    ``<b>`` is nothing, a raw ``<div>`` its words). Code spans are still
    entity-escaped. Elements whose ``id()`` is in ``skip`` are left out (the
    claims nested in a claim have their own text).
    """
    parts: list[str] = []
    _collect(element, md, parts, skip)
    stash = md.htmlStash

    def raw(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(stash.rawHtmlBlocks):
            return ""
        value = stash.rawHtmlBlocks[number]
        if isinstance(value, str):
            return str(Markup(value).striptags())
        return "".join(value.itertext())

    return clean_text(HTML_PLACEHOLDER_RE.sub(raw, "".join(parts)))


def _collect(
    element: etree.Element, md: markdown.Markdown, parts: list[str], skip: Collection[int]
) -> None:
    # Iterative: a deeply nested body must not exhaust the stack.
    stack: list[tuple[etree.Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if not closing and id(node) in skip:
            if node.tail:
                parts.append(node.tail)
            continue
        if not isinstance(tag, str):  # a comment or processing instruction
            if closing and node.tail:
                parts.append(node.tail)
            continue
        block = md.is_block_level(tag)
        if closing:
            parts.append(" " if block else "")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if block:
            parts.append(" ")
        if node.text:
            parts.append(html.unescape(node.text) if tag == "code" else node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


class _TextCapture(Treeprocessor):
    """Records the document's text right after inline processing: the moment
    a claim block records its text in a real build."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.text = ""

    def run(self, root: etree.Element) -> None:
        self.text = element_text(root, self.md)


class PlainText:
    """Plain text of a Markdown fragment (a claim or quote body), read the way
    a build reads a claim's text, so that exports made without MkDocs agree
    with the build's."""

    def __init__(self) -> None:
        self._md = markdown.Markdown()
        self._capture = _TextCapture(self._md)
        # Right after "inline" (20), where Blocks' on_inline_end runs (19.99).
        self._md.treeprocessors.register(self._capture, "claims_text", 19.99)
        self._cache: dict[str, str] = {}

    def __call__(self, source: str) -> str:
        cached = self._cache.get(source)
        if cached is None:
            cached = self._cache[source] = self.convert(source)
        return cached

    def convert(self, source: str) -> str:
        """The plain text, not cached (for callers that keep less than all of it)."""
        self._md.reset()
        self._capture.text = ""
        self._md.convert(source)
        return self._capture.text


def clean_text(text: str) -> str:
    """Collapse whitespace and drop Python-Markdown placeholders."""
    return " ".join(_PLACEHOLDER_RE.sub("", text).split())


@dataclass(frozen=True)
class SiteData:
    """The records of ``claims.json`` and ``claims.db``, produced one at a time.

    Every record is a plain dict of JSON values, in the order of the file's
    keys; the writers stream them, so no export ever holds the whole site.
    ``claim_text`` and ``quote_text`` give the plain text of a claim or quote
    (the build passes what it rendered; a command without MkDocs reads the
    Markdown with :class:`PlainText`).
    """

    index: ClaimIndex
    layout: Layout
    claim_text: Callable[[Claim], str]
    quote_text: Callable[[Quote], str]
    site_url: str | None = None

    def reports(self) -> Iterator[dict[str, Any]]:
        """Every report, in order of its path."""
        for report in self.index.reports.values():
            yield {
                "url": self.layout.report_url(report.key),
                "path": report.path,
                "title": report.title,
                "date": _iso(report.date),
                "outlet": report.outlet,
                "author": report.author,
                "source": report.source,
                "original_headline": report.original_headline,
                "summary": report.summary,
            }

    def speakers(self) -> Iterator[dict[str, Any]]:
        """Every speaker (the registry's and those declared in reports), by id."""
        for speaker in sorted(self.index.speakers.values(), key=lambda s: s.id):
            yield {
                "id": speaker.id,
                "name": speaker.name,
                "role": speaker.role,
                "kind": speaker.kind,
                "aliases": list(speaker.aliases),
                "native_name": speaker.native_name,
                "url": speaker.url,
                "description": speaker.description,
                "page": self.layout.speaker_url(speaker.id),
            }

    def propositions(self) -> Iterator[dict[str, Any]]:
        """Every proposition, by id, with its effective window and the urls of
        the claims on each side (oldest first). Each claim is listed once, so
        the file stays linear however popular a proposition is."""
        index, layout = self.index, self.layout
        for prop in sorted(index.propositions.values(), key=lambda p: p.id):
            sides: dict[str, list[str]] = {"affirms": [], "denies": []}
            for claim in index.by_proposition.get(prop.id, ()):
                if claim.stance is not None:
                    sides[claim.stance].append(layout.claim_url(claim.report, claim.id))
            yield {
                "id": prop.id,
                "statement": prop.statement,
                "description": prop.description,
                "page": layout.proposition_url(prop.id),
                "window": index.window_of(prop.id),
                "affirming": sides["affirms"],
                "denying": sides["denies"],
            }

    def claims(self) -> Iterator[dict[str, Any]]:
        """Every claim, report by report, in document order."""
        layout = self.layout
        for report in self.index.reports.values():
            report_url = layout.report_url(report.key)
            for claim in report.claims:
                yield {
                    "id": claim.id,
                    "url": layout.claim_url(claim.report, claim.id),
                    "speaker": claim.speaker,
                    "stance": claim.stance,
                    "proposition": claim.proposition,
                    "text": self.claim_text(claim),
                    "date": _iso(claim.date),
                    "via": claim.via,
                    "note": claim.note,
                    "report": report_url,
                    "rating": self.rating(claim),
                }

    def rating(self, claim: Claim) -> dict[str, Any] | None:
        """A claim's fact-check rating as ``claims.json`` gives it (None: unrated)."""
        rating = self.index.rating_of(claim)
        if rating is None:
            return None
        scale = self.index.rating_scale
        return {
            "id": rating.id,
            "name": rating.name,
            "value": rating.value,
            "best": scale.best,
            "worst": scale.worst,
        }

    def ratings(self) -> Iterator[dict[str, Any]]:
        """Every rating of ``ratings.yml``, by value (best first), then id."""
        for rating in sorted(
            self.index.ratings.values(),
            key=lambda r: (r.value is None, -(r.value or 0), r.id),
        ):
            yield {"id": rating.id, "name": rating.name, "value": rating.value}

    def quotes(self) -> Iterator[dict[str, Any]]:
        """Every quote, report by report, in document order."""
        layout = self.layout
        for report in self.index.reports.values():
            report_url = layout.report_url(report.key)
            for quote in report.quotes:
                yield {
                    "id": quote.id,
                    "url": layout.quote_url(quote.report, quote.id),
                    "speaker": quote.speaker,
                    "date": _iso(quote.date),
                    "text": self.quote_text(quote),
                    "report": report_url,
                }

    def mentions(self) -> Iterator[dict[str, Any]]:
        """Every inline mention, report by report, in document order."""
        layout = self.layout
        for report in self.index.reports.values():
            report_url = layout.report_url(report.key)
            for mention in report.mentions:
                yield {"speaker": mention.speaker, "text": mention.text, "report": report_url}


def _iso(date: datetime.date | None) -> str | None:
    return date.isoformat() if date else None


def _sections(data: SiteData) -> list[tuple[str, Iterator[dict[str, Any]]]]:
    return [
        ("reports", data.reports()),
        ("speakers", data.speakers()),
        ("propositions", data.propositions()),
        ("claims", data.claims()),
        ("quotes", data.quotes()),
    ]


def claims_document(data: SiteData) -> dict[str, Any]:
    """The whole of ``claims.json`` as one value (for tests and small sites;
    :func:`write_claims_json` writes the same document without holding it)."""
    document: dict[str, Any] = {"version": VERSION, "site_url": data.site_url}
    for name, records in _sections(data):
        document[name] = list(records)
    return document


def write_claims_json(handle: TextIO, data: SiteData) -> None:
    """Write :func:`claims_document` as script-safe JSON, one record per line,
    streaming: memory does not grow with the site."""
    handle.write(f'{{\n "version": {VERSION},\n "site_url": {dumps(data.site_url)}')
    for name, records in _sections(data):
        handle.write(f',\n "{name}": [')
        separator = "\n  "
        for record in records:
            handle.write(separator + dumps(record))
            separator = ",\n  "
        handle.write("]" if separator == "\n  " else "\n ]")
    handle.write("\n}\n")


def write_json(target: str, data: SiteData) -> None:
    """Write ``claims.json`` at ``target``, replacing any earlier file at once."""
    write_text_atomically(target, lambda handle: write_claims_json(handle, data))


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


def _claim_review(
    claim_ld: dict[str, Any],
    text: str,
    rating: Rating,
    report: Report,
    index: ClaimIndex,
    anchor: str,
    site_url: str,
    site_name: str,
) -> dict[str, Any]:
    """A schema.org ClaimReview of ``claim_ld`` (the Claim), as Google's fact
    check documentation asks: claimReviewed, reviewRating (alternateName,
    ratingValue, bestRating, worstRating), url (the claim's anchor on this
    page), author (the site: it publishes the verdict), datePublished (the
    report's date: the review appears in it), itemReviewed (the Claim)."""
    scale = index.rating_scale
    verdict: dict[str, Any] = {"@type": "Rating", "alternateName": rating.name}
    if rating.value is not None:
        verdict["ratingValue"] = rating.value
    verdict["bestRating"] = scale.best
    verdict["worstRating"] = scale.worst
    review: dict[str, Any] = {"@type": "ClaimReview"}
    if site_url:
        review["url"] = anchor
    review["claimReviewed"] = text
    review["reviewRating"] = verdict
    if site_name:
        author: dict[str, Any] = {"@type": "Organization", "name": site_name}
        if site_url:
            author["url"] = site_url
        review["author"] = author
    if report.date:
        review["datePublished"] = report.date.isoformat()
    review["itemReviewed"] = claim_ld
    return review


def json_ld(
    report: Report,
    index: ClaimIndex,
    layout: Layout,
    texts: Mapping[str, str],
    site_url: str,
    site_name: str = "",
) -> str:
    """The ``<script type="application/ld+json">`` of a report page: a
    schema.org ``Claim`` per claim, a ``ClaimReview`` of it when it is rated."""
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
        rating = index.rating_of(claim)
        if rating is not None:
            item = _claim_review(
                item,
                texts.get(claim.id, ""),
                rating,
                report,
                index,
                f"{page_url}#claim-{claim.id}",
                site_url,
                site_name,
            )
        graph.append(item)
    document = {"@context": "https://schema.org", "@graph": graph}
    return f'<script type="application/ld+json">{dumps(document)}</script>'
