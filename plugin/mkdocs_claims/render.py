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

from .index import ClaimIndex
from .layout import Layout, relative_url
from .model import Claim, Proposition, Quote, Report, Speaker

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
    "speakers_in_report": "Speakers in this report",
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


class Renderer:
    """Renders callouts and pages from the claim index."""

    def __init__(
        self,
        layout: Layout,
        labels: Mapping[str, str] | None = None,
        max_contradictions: int = 5,
        custom_dirs: list[str] | None = None,
    ) -> None:
        self.layout = layout
        self.labels = {**DEFAULT_LABELS, **(labels or {})}
        self.max_contradictions = max_contradictions
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
        )
        self.env.filters["date"] = format_date
        self.env.globals["labels"] = self.labels
        self.env.globals["label"] = self.label
        self.env.globals["relation"] = self.relation
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

    def speaker_page(
        self,
        speaker: Speaker,
        index: ClaimIndex,
        links: PageLinks,
        quote_text: Callable[[str], str],
    ) -> Markup:
        """A speaker's profile, claims grouped by proposition, quotes and mentions."""
        reversals = index.reversals(speaker.id)
        grouped: dict[str | None, list[Claim]] = {}
        for claim in index.claims_by_speaker.get(speaker.id, []):
            known = claim.proposition if claim.proposition in index.propositions else None
            grouped.setdefault(known, []).append(claim)
        groups = [
            SpeakerGroup(index.propositions[prop], claims, prop in reversals)
            for prop, claims in sorted(
                ((p, c) for p, c in grouped.items() if p is not None),
                key=lambda item: sort_key(index.propositions[item[0]].statement),
            )
        ]
        if None in grouped:
            groups.append(SpeakerGroup(None, grouped[None], False))
        quotes = [
            QuoteItem(quote, quote_text(quote.body))
            for quote in index.quotes_by_speaker.get(speaker.id, [])
        ]
        return self.render(
            "speaker.html",
            speaker=speaker,
            index=index,
            links=links,
            groups=groups,
            relayed=index.relayed_by_speaker.get(speaker.id, []),
            quotes=quotes,
            mentioned=index.reports_mentioning(speaker.id),
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
        """A proposition's affirming and denying claims side by side, in date order."""
        claims = index.by_proposition.get(proposition.id, [])
        return self.render(
            "proposition.html",
            proposition=proposition,
            window_note=self.window_note(index.window_of(proposition.id)),
            index=index,
            links=links,
            affirming=[c for c in claims if c.stance == "affirms"],
            denying=[c for c in claims if c.stance == "denies"],
            external=index.external_by_proposition.get(proposition.id, []),
        )

    def propositions_page(self, index: ClaimIndex, links: PageLinks) -> Markup:
        """Every proposition with its counts for and against."""
        rows = []
        for proposition in sorted(
            index.propositions.values(), key=lambda p: (sort_key(p.statement), p.id)
        ):
            claims = index.by_proposition.get(proposition.id, [])
            affirming = sum(1 for claim in claims if claim.stance == "affirms")
            rows.append(PropositionRow(proposition, affirming, len(claims) - affirming))
        return self.render("propositions.html", rows=rows, links=links)

    def reports_page(self, index: ClaimIndex, links: PageLinks) -> Markup:
        """Every report, newest first."""
        return self.render("reports.html", reports=index.reports_newest_first, links=links)


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
class QuoteItem:
    """A quote and its plain text."""

    quote: Quote
    text: str


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
