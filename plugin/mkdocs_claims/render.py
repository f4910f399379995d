"""Renderers: the Jinja2 environment and every piece of HTML the plugin writes.

All content is escaped by the template engine (``autoescape=True``); the only
markup marked safe is what these templates (or Python-Markdown) produced.
Links are relative to the page they appear on, computed per page.
"""

from __future__ import annotations

import datetime
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from .export import PlainText
from .index import ClaimIndex, newest_first
from .layout import Layout, relative_url
from .model import Claim, Proposition, Quote, Report, Speaker
from .timeline import build_timeline

DEFAULT_LABELS: dict[str, str] = {
    "affirms": "affirms",
    "denies": "denies",
    "via": "via",
    "see_also": "See also: contradicting report",
    "disputes": "Disputed in this report by",
    "and_more": "and {count} more",
    "earlier": "{time} earlier",
    "later": "{time} later",
    "same_day": "same day",
    "one_day": "1 day",
    "days": "{count} days",
    "one_month": "1 month",
    "months": "{count} months",
    "one_year": "1 year",
    "years": "{count} years",
    "window": "Claims contradict each other only when made at most {time} apart.",
    "window_same_day": "Claims contradict each other only when made on the same day.",
    "outlet": "Outlet",
    "date": "Date",
    "author": "Author",
    "source": "Original report",
    "original_headline": "Original headline",
    "quoted_in_report": "Quoted in this report",
    "mentioned_in_report": "Also mentioned",
    "reports": "Reports",
    "speakers": "Speakers",
    "propositions": "Propositions",
    "claims": "Claims",
    "quotes": "Quotes",
    "mentioned_in": "Mentioned in",
    "relayed": "Statements relayed",
    "role": "Role",
    "kind": "Kind",
    "native_name": "Native name",
    "link": "Link",
    "aliases": "Also known as",
    "affirming": "Affirming",
    "denying": "Denying",
    "for": "For",
    "against": "Against",
    "no_claims": "No claims yet.",
    "reversal": "Has taken both stances on this proposition",
    "undated": "undated",
    "kind_person": "Person",
    "kind_organization": "Organization",
    "kind_outlet": "Outlet",
    "kind_anonymous": "Anonymous source",
    "unknown_speaker": "unknown speaker",
    "count_claims": "Claims",
    "count_quotes": "Quotes",
    "count_reports": "Reports",
    "name": "Name",
    "statement": "Statement",
    "title": "Title",
    "proposition": "Proposition",
    "other_statements": "Other statements",
    "read_more": "read in full",
    "timeline": "Who said what, when",
    "timeline_mark": "{speaker} {stance}, {date}",
    "latest": "Latest",
    "feed": "Atom feed",
    "feed_speaker": "{name}: claims and quotes",
    "feed_proposition": "{statement}",
    "feed_reports": "Newest reports",
    "entry_claim": "{speaker} {stance}: {statement}",
    "entry_statement": "{speaker}, in “{report}”",
    "tap_to_open": "Tap the link again to open it",
    "rating": "Fact check: {name}",
    "on_site": "on {site}",
    "other_sites": "On other sites",
}
"""Every UI text; the ``labels`` option overrides any of them."""


@dataclass(frozen=True)
class PageLinks:
    """Relative links from one page."""

    layout: Layout
    page_url: str

    def to(self, url: str) -> str:
        """A site-relative URL as a link from this page."""
        return relative_url(url, self.page_url)

    def speaker(self, speaker: str) -> str:
        """Link to a speaker page."""
        return self.to(self.layout.speaker_url(speaker))

    def proposition(self, proposition: str) -> str:
        """Link to a proposition page."""
        return self.to(self.layout.proposition_url(proposition))

    def report(self, key: str) -> str:
        """Link to a report page."""
        return self.to(self.layout.report_url(key))

    def claim(self, claim: Claim) -> str:
        """Link to a claim's anchor in its report."""
        return self.to(self.layout.claim_url(claim.report, claim.id))

    def quote(self, quote: Quote) -> str:
        """Link to a quote's anchor in its report."""
        return self.to(self.layout.quote_url(quote.report, quote.id))

    def index(self, prefix: str) -> str:
        """Link to an index page."""
        return self.to(self.layout.index_url(prefix))


def format_date(date: datetime.date | None) -> str:
    """ISO date, the form newsrooms and machines both read."""
    return date.isoformat() if date else ""


DAYS_SHOWN = 60
"""Below this many days apart, the exact number of days is shown."""
DAYS_PER_MONTH = 365.2425 / 12
"""The mean Gregorian month (30.44 days)."""


@dataclass(frozen=True)
class Span:
    """How far apart two dates are, rounded for a reader: ``unit`` is
    ``day``, ``month`` or ``year`` (``count`` 0: the same day)."""

    count: int
    unit: str


def span_between(date: datetime.date, other: datetime.date) -> Span:
    """The distance between two dates as a reader would say it.

    Under 60 days, the exact number of days (0 is the same day); then months,
    rounded to the nearest (a month being 30.44 days, so 60 days are
    "2 months" and 118 days "4 months"), while that gives fewer than 12; then
    years, rounded to the nearest, at least 1.
    """
    days = abs(other.toordinal() - date.toordinal())
    if days < DAYS_SHOWN:
        return Span(days, "day")
    months = int(days / DAYS_PER_MONTH + 0.5)
    if months < 12:
        return Span(months, "month")
    return Span(max(1, int(days / (12 * DAYS_PER_MONTH) + 0.5)), "year")


@dataclass(frozen=True)
class Relation:
    """When another claim was made, relative to one claim: ``kind`` is
    ``earlier``, ``later`` or ``same-day`` (the HTML contract's
    ``data-relation``), ``label`` the text a reader sees ("4 months later")."""

    kind: str
    label: str


WORDS_LIMIT = 60
"""A statement longer than this many words is shortened on listing pages..."""
WORDS_KEPT = 50
"""... to this many, with a link to the whole in its report."""


@dataclass(frozen=True)
class Words:
    """The words of a claim or quote as a listing shows them."""

    text: str
    shortened: bool


class Excerpts:
    """The words of a claim or quote body: its plain text, shortened past
    :data:`WORDS_LIMIT` words.

    Taken from the Markdown body, not from the rendered report page, so that
    a speaker page shows the same words whichever page MkDocs renders first
    (and in a ``--dirty`` build, where the report is not rendered at all).
    Each body is converted once per build; only the excerpt is kept, at most
    :data:`WORDS_KEPT` words per claim.
    """

    def __init__(self, plain: Callable[[str], str] | None = None) -> None:
        self._plain = plain or PlainText().convert
        self._cache: dict[str, Words] = {}

    def __call__(self, body: str) -> Words:
        found = self._cache.get(body)
        if found is None:
            found = self._cache[body] = shorten(self._plain(body))
        return found


def shorten(text: str, limit: int = WORDS_LIMIT, kept: int = WORDS_KEPT) -> Words:
    """``text`` whole when it has at most ``limit`` words, else its first ``kept``."""
    words = text.split()
    if len(words) <= limit:
        return Words(text, False)
    return Words(" ".join(words[:kept]).rstrip(",;:—–-"), True)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the life of the process.

    Every build makes a new :class:`Renderer` (labels and template folders
    are settings), and compiling the templates again took about a tenth of
    a second of each `mkdocs serve` rebuild. Jinja keys each entry by the
    template's name and a checksum of its source, so an edited override in
    ``custom_dir`` is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    """Renders callouts and pages from the claim index."""

    def __init__(
        self,
        layout: Layout,
        labels: Mapping[str, str] | None = None,
        max_contradictions: int = 5,
        custom_dirs: list[str] | None = None,
        feeds: bool = False,
    ) -> None:
        self.layout = layout
        self.labels = {**DEFAULT_LABELS, **(labels or {})}
        self.max_contradictions = max_contradictions
        self.feeds = feeds
        self.words = Excerpts()
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader(os.path.join(directory, "claims"))
            for directory in custom_dirs or []
        ]
        loaders.append(jinja2.PackageLoader("mkdocs_claims", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_COMPILED,
        )
        self.env.filters["date"] = format_date
        self.env.globals["labels"] = self.labels
        self.env.globals["label"] = self.label
        self.env.globals["relation"] = self.relation
        self.env.globals["words"] = self.words
        self._templates: dict[str, jinja2.Template] = {}

    def template_sources(self) -> list[str]:
        """The text of every template in use (overrides included)."""
        loader = self.env.loader
        assert loader is not None
        return [loader.get_source(self.env, name)[0] for name in sorted(self.env.list_templates())]

    def label(self, key: str, **values: Any) -> str:
        """A UI text, with ``{placeholders}`` filled in."""
        text = self.labels.get(key, key)
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):
            return text

    def relation(self, claim: Claim, other: Claim) -> Relation | None:
        """When ``other`` was made relative to ``claim`` ("3 days later"); None
        when either is undated (possible only where no window applies)."""
        if claim.date is None or other.date is None:
            return None
        span = span_between(claim.date, other.date)
        if span.count == 0:
            return Relation("same-day", self.label("same_day"))
        unit = f"one_{span.unit}" if span.count == 1 else f"{span.unit}s"
        time = self.label(unit, count=span.count)
        kind = "later" if other.date > claim.date else "earlier"
        return Relation(kind, self.label(kind, time=time))

    def window_note(self, window: int | None) -> str:
        """What a proposition page says of its window (nothing without one)."""
        if window is None:
            return ""
        if window == 0:
            return self.label("window_same_day")
        unit = "one_day" if window == 1 else "days"
        return self.label("window", time=self.label(unit, count=window))

    def render(self, name: str, **context: Any) -> Markup:
        """Render one template."""
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return Markup(template.render(**context))

    # -- pieces of report pages --------------------------------------------

    def claim_header(
        self,
        claim: Claim,
        index: ClaimIndex | None,
        speakers: Mapping[str, Speaker],
        propositions: Mapping[str, Proposition],
        links: PageLinks,
    ) -> Markup:
        """The title line of a claim callout."""
        return self.render(
            "claim_header.html",
            claim=claim,
            speaker=speakers.get(claim.speaker or ""),
            via=speakers.get(claim.via or "") if claim.via else None,
            proposition=propositions.get(claim.proposition or ""),
            rating=index.rating_of(claim) if index is not None else None,
            links=links,
        )

    def claim_footer(self, claim: Claim, index: ClaimIndex | None, links: PageLinks) -> Markup:
        """Note, contradicting reports and disputes below a claim's text."""
        found = index.contradictions(claim, self.max_contradictions) if index else None
        return self.render(
            "claim_footer.html",
            claim=claim,
            found=found,
            index=index,
            links=links,
        )

    def quote_caption(
        self, speaker_id: str | None, speakers: Mapping[str, Speaker], links: PageLinks
    ) -> Markup:
        """The attribution under a quote."""
        return self.render(
            "quote_caption.html",
            speaker_id=speaker_id,
            speaker=speakers.get(speaker_id or ""),
            links=links,
        )

    def report_header(self, report: Report, index: ClaimIndex, links: PageLinks) -> Markup:
        """Title, outlet, date, author, source and speakers of a report."""
        return self.render("report_header.html", report=report, index=index, links=links)

    # -- generated pages ---------------------------------------------------

    def feed_link(self, url: str, links: PageLinks) -> str | None:
        """The link from a page to its feed, when feeds are on."""
        return links.to(url) if self.feeds else None

    def speaker_page(self, speaker: Speaker, index: ClaimIndex, links: PageLinks) -> Markup:
        """A speaker's profile, claims grouped by proposition (the group with
        the newest claim first; claims oldest first within a group, so that a
        change of position reads downwards), quotes, relayed statements and
        mentions, each statement with its words."""
        reversals = index.reversals(speaker.id)
        grouped: dict[str | None, list[Claim]] = {}
        for claim in index.claims_by_speaker.get(speaker.id, []):
            known = claim.proposition if claim.proposition in index.propositions else None
            grouped.setdefault(known, []).append(claim)
        groups = [
            SpeakerGroup(index.propositions[prop], claims, prop in reversals)
            for prop, claims in sorted(
                ((p, c) for p, c in grouped.items() if p is not None),
                key=lambda item: (
                    min(newest_first(claim) for claim in item[1]),
                    sort_key(index.propositions[item[0]].statement),
                ),
            )
        ]
        if None in grouped:
            groups.append(SpeakerGroup(None, grouped[None], False))
        quotes = sorted(
            index.quotes_by_speaker.get(speaker.id, []),
            key=lambda q: _quote_order(q, index),
        )
        claims = len(index.claims_by_speaker.get(speaker.id, []))
        return self.render(
            "speaker.html",
            speaker=speaker,
            index=index,
            links=links,
            groups=groups,
            relayed=index.relayed_by_speaker.get(speaker.id, []),
            quotes=quotes,
            mentioned=index.reports_mentioning(speaker.id),
            counts=SpeakerRow(
                speaker,
                claims,
                len(quotes),
                len(index.reports_of_speaker(speaker.id)),
            ),
            feed=self.feed_link(self.layout.speaker_feed_url(speaker.id), links),
        )

    def speakers_page(self, index: ClaimIndex, links: PageLinks) -> Markup:
        """Every speaker with counts of claims, quotes and reports, sorted by name."""
        rows = [
            SpeakerRow(
                speaker,
                len(index.claims_by_speaker.get(speaker.id, [])),
                len(index.quotes_by_speaker.get(speaker.id, [])),
                len(index.reports_of_speaker(speaker.id)),
            )
            for speaker in sorted(index.speakers.values(), key=lambda s: (sort_key(s.name), s.id))
        ]
        return self.render("speakers.html", rows=rows, links=links)

    def proposition_page(
        self, proposition: Proposition, index: ClaimIndex, links: PageLinks
    ) -> Markup:
        """A proposition's timeline, and its affirming and denying claims side
        by side, in date order, each with its words."""
        claims = index.by_proposition.get(proposition.id, [])
        return self.render(
            "proposition.html",
            proposition=proposition,
            window_note=self.window_note(index.window_of(proposition.id)),
            index=index,
            links=links,
            affirming=[c for c in claims if c.stance == "affirms"],
            denying=[c for c in claims if c.stance == "denies"],
            timeline=build_timeline(claims) if claims else None,
            feed=self.feed_link(self.layout.proposition_feed_url(proposition.id), links),
            external=index.external_by_proposition.get(proposition.id, []),
        )

    def propositions_page(self, index: ClaimIndex, links: PageLinks) -> Markup:
        """Every proposition with its counts for and against and its latest claim."""
        rows = []
        for proposition in sorted(
            index.propositions.values(), key=lambda p: (sort_key(p.statement), p.id)
        ):
            claims = index.by_proposition.get(proposition.id, [])
            affirming = sum(1 for claim in claims if claim.stance == "affirms")
            dates = [claim.date for claim in claims if claim.date is not None]
            rows.append(
                PropositionRow(
                    proposition, affirming, len(claims) - affirming, max(dates, default=None)
                )
            )
        return self.render("propositions.html", rows=rows, links=links)

    def reports_page(self, index: ClaimIndex, links: PageLinks) -> Markup:
        """Every report, newest first."""
        return self.render(
            "reports.html",
            reports=index.reports_newest_first,
            links=links,
            feed=self.feed_link(self.layout.reports_feed_url(), links),
        )


def _quote_order(quote: Quote, index: ClaimIndex) -> tuple[int, str, int]:
    """Quotes oldest first (undated last), like claims."""
    date = quote.date or index.reports[quote.report].date or datetime.date.max
    return (date.toordinal(), quote.report, quote.line)


def sort_key(text: str) -> str:
    """Unicode-aware, case- and accent-insensitive sort key for names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class SpeakerGroup:
    """A speaker's claims on one proposition (or on none)."""

    proposition: Proposition | None
    claims: list[Claim]
    reversal: bool


@dataclass(frozen=True)
class SpeakerRow:
    """A row of the speakers index."""

    speaker: Speaker
    claims: int
    quotes: int
    reports: int


@dataclass(frozen=True)
class PropositionRow:
    """A row of the propositions index."""

    proposition: Proposition
    affirming: int
    denying: int
    latest: datetime.date | None = None
