"""Atom 1.0 feeds (RFC 4287): the newest claims and quotes of each speaker,
the newest claims on each proposition, and the newest reports.

Plain Python, no MkDocs: the adapter only writes the files and announces
them in the pages' heads.

Addresses. With ``site_url`` set, every link and every id is the absolute
address of the page or claim (``https://news.example/reports/x/#claim-y``),
which is what feed readers expect. Without it the links are relative to the
feed file itself (RFC 4287 resolves them against the feed's address, so they
still lead to the right page), and ids are ``urn:uuid:`` names derived from
the site name and the site-relative address, stable from build to build.
Either way an entry's id changes only when its address does.

Dates. Entries are dated by the claim's date (or the quote's, or the
report's), at midnight UTC: the same every build, so a reader never sees an
old claim again as new. Undated claims and reports have no place in a feed
ordered by time and are left out; a feed's ``updated`` is its newest entry's
date (or the site's newest report's, for a feed with no entries).
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from .index import ClaimIndex, newest_first
from .layout import Layout, relative_url
from .model import Claim, Quote

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
"""How many entries a feed holds: the newest."""
_EPOCH = datetime.date(1970, 1, 1)
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Label = Callable[..., str]
TextOf = Callable[[Claim], str]


@dataclass(frozen=True)
class Entry:
    """One entry: ``url`` is site-relative (``reports/x/#claim-y``)."""

    url: str
    title: str
    updated: datetime.date
    summary: str = ""
    author: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Feed:
    """A feed: ``url`` is the feed's site-relative address, ``page`` the
    page it follows."""

    url: str
    page: str
    title: str
    updated: datetime.date
    author: str
    entries: tuple[Entry, ...]

    @property
    def path(self) -> str:
        """The file to write, relative to the site directory."""
        return unquote(self.url)


class Addresses:
    """Links and ids of a feed (see the module docstring)."""

    def __init__(self, site_url: str, site_name: str) -> None:
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.site_name = site_name

    def link(self, url: str, feed_url: str) -> str:
        """``url`` (site-relative) as written in the feed at ``feed_url``."""
        if self.site_url:
            return self.site_url + url
        return relative_url(url, feed_url)

    def id(self, url: str) -> str:
        """A permanent id for the thing at ``url``."""
        if self.site_url:
            return self.site_url + url
        name = f"mkdocs-claims:{self.site_name}:{url}"
        return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def atom(feed: Feed, addresses: Addresses) -> bytes:
    """The feed as an Atom 1.0 document (UTF-8, with its XML declaration)."""
    root = ET.Element("feed", {"xmlns": ATOM})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = _xml_text(text)
        return element

    add(root, "id", addresses.id(feed.url))
    add(root, "title", feed.title)
    add(root, "updated", _timestamp(feed.updated))
    page, self_link = addresses.link(feed.page, feed.url), addresses.link(feed.url, feed.url)
    add(root, "link", rel="alternate", type="text/html", href=page)
    add(root, "link", rel="self", type="application/atom+xml", href=self_link)
    author = add(root, "author")
    add(author, "name", feed.author)
    add(root, "generator", "mkdocs-claims")
    for item in feed.entries:
        entry = add(root, "entry")
        add(entry, "id", addresses.id(item.url))
        add(entry, "title", item.title)
        add(entry, "updated", _timestamp(item.updated))
        add(entry, "published", _timestamp(item.updated))
        href = addresses.link(item.url, feed.url)
        add(entry, "link", rel="alternate", type="text/html", href=href)
        if item.author:
            add(add(entry, "author"), "name", item.author)
        if item.category:
            add(entry, "category", term=item.category)
        if item.summary:
            add(entry, "summary", item.summary, type="text")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


class Feeds:
    """The feeds of a site, built one at a time from the claim index."""

    def __init__(
        self,
        index: ClaimIndex,
        layout: Layout,
        label: Label,
        text_of: TextOf,
        quote_text: Callable[[str], str],
        site_name: str,
        size: int = FEED_SIZE,
    ) -> None:
        self.index = index
        self.layout = layout
        self.label = label
        self.text_of = text_of
        self.quote_text = quote_text
        self.site_name = site_name
        self.size = size
        newest = next((r.date for r in index.reports_newest_first if r.date), None)
        self.fallback_date = newest or _EPOCH

    def all(self) -> Iterator[Feed]:
        """Every feed: the reports', then each speaker's and each proposition's."""
        yield self.reports()
        for speaker in self.index.speakers:
            yield self.speaker(speaker)
        for proposition in self.index.propositions:
            yield self.proposition(proposition)

    def _feed(self, url: str, page: str, title: str, entries: list[Entry]) -> Feed:
        updated = max((entry.updated for entry in entries), default=self.fallback_date)
        return Feed(url, page, title, updated, self.site_name, tuple(entries))

    def _speaker_name(self, ident: str | None) -> str:
        speaker = self.index.speakers.get(ident or "")
        return speaker.name if speaker else (ident or self.label("unknown_speaker"))

    def claim_entry(self, claim: Claim) -> Entry:
        """A claim as an entry: who, stance and proposition in the title, the
        words in the summary, the note after them."""
        assert claim.date is not None
        speaker = self._speaker_name(claim.speaker)
        proposition = self.index.propositions.get(claim.proposition or "")
        report = self.index.reports[claim.report]
        if claim.stance and proposition:
            title = self.label(
                "entry_claim",
                speaker=speaker,
                stance=self.label(claim.stance),
                statement=proposition.statement,
            )
        else:
            title = self.label("entry_statement", speaker=speaker, report=report.title)
        summary = self.text_of(claim)
        if claim.note:
            summary = f"{summary} ({claim.note})" if summary else claim.note
        return Entry(
            self.layout.claim_url(claim.report, claim.id),
            title,
            claim.date,
            summary,
            speaker,
            proposition.id if claim.stance and proposition else None,
        )

    def quote_entry(self, quote: Quote, date: datetime.date) -> Entry:
        """A quote as an entry, linking to its anchor."""
        speaker = self._speaker_name(quote.speaker)
        report = self.index.reports[quote.report]
        return Entry(
            self.layout.quote_url(quote.report, quote.id),
            self.label("entry_statement", speaker=speaker, report=report.title),
            date,
            self.quote_text(quote.body),
            speaker,
        )

    def speaker(self, ident: str) -> Feed:
        """The newest claims and quotes of a speaker."""
        speaker = self.index.speakers[ident]
        dated: list[tuple[Any, Claim | Quote, datetime.date]] = []
        for claim in self.index.claims_by_speaker.get(ident, []):
            if claim.date is not None:
                dated.append((newest_first(claim), claim, claim.date))
        for quote in self.index.quotes_by_speaker.get(ident, []):
            date = quote.date or self.index.reports[quote.report].date
            if date is not None:
                # The same key as newest_first(claim), so claims and quotes interleave by date.
                dated.append(((0, -date.toordinal(), quote.report, quote.line), quote, date))
        dated.sort(key=lambda item: item[0])
        entries = [
            self.claim_entry(item) if isinstance(item, Claim) else self.quote_entry(item, date)
            for _, item, date in dated[: self.size]
        ]
        return self._feed(
            self.layout.speaker_feed_url(ident),
            self.layout.speaker_url(ident),
            self.label("feed_speaker", name=speaker.name),
            entries,
        )

    def proposition(self, ident: str) -> Feed:
        """The newest claims on a proposition, both sides."""
        proposition = self.index.propositions[ident]
        claims = [c for c in self.index.by_proposition.get(ident, []) if c.date is not None]
        claims.sort(key=newest_first)
        return self._feed(
            self.layout.proposition_feed_url(ident),
            self.layout.proposition_url(ident),
            self.label("feed_proposition", statement=proposition.statement),
            [self.claim_entry(claim) for claim in claims[: self.size]],
        )

    def reports(self) -> Feed:
        """The newest reports."""
        entries: list[Entry] = []
        for report in self.index.reports_newest_first:
            if len(entries) == self.size:
                break
            if report.date is None:
                continue
            entries.append(
                Entry(
                    self.layout.report_url(report.key),
                    report.title,
                    report.date,
                    report.summary or "",
                    report.author or report.outlet,
                )
            )
        return self._feed(
            self.layout.reports_feed_url(),
            self.layout.index_url(self.layout.reports),
            self.label("feed_reports"),
            entries,
        )
