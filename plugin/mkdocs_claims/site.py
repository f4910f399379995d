"""The pages a newsroom site has, and what each shows: for any site generator.

Besides the site's own pages, a newsroom has a page per report, per speaker
and per proposition, and the three indexes (reports, speakers,
propositions). This module knows their source paths (``speakers/<id>.md``),
their titles and their bodies, rendered from the claim index by
:mod:`mkdocs_claims.render`. The MkDocs adapter serves them as generated
files; ``mkdocs-claims pages`` writes them as Markdown for another
generator. Neither knows more about the pages than what is asked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup, escape

from .index import ClaimIndex
from .layout import Layout, relative_url
from .model import Report
from .render import PageLinks, Renderer

PageKind = Literal["report", "speaker", "proposition", "reports", "speakers", "propositions"]
INDEX_KINDS: tuple[Literal["reports", "speakers", "propositions"], ...] = (
    "reports",
    "speakers",
    "propositions",
)


@dataclass(frozen=True)
class SitePage:
    """A page of the newsroom: what it shows (``kind``, and the report key,
    speaker id or proposition id in ``key``) and its source path in the site."""

    kind: PageKind
    key: str
    src: str


class NewsroomSite:
    """Every page the newsroom adds to a site, from one claim index.

    ``own_indexes`` names the index pages the newsroom builds (the others
    are the site's own pages, which win).
    """

    def __init__(
        self,
        index: ClaimIndex,
        layout: Layout,
        renderer: Renderer,
        own_indexes: frozenset[str] = frozenset(INDEX_KINDS),
    ) -> None:
        self.index = index
        self.layout = layout
        self.renderer = renderer
        self.own_indexes = own_indexes

    def index_src(self, kind: str) -> str:
        """Source path of the index page of ``kind`` (reports, speakers, propositions)."""
        prefix = {
            "reports": self.layout.reports,
            "speakers": self.layout.speakers,
            "propositions": self.layout.propositions,
        }[kind]
        return self.layout.index_src(prefix)

    def pages(self) -> Iterator[SitePage]:
        """The pages, in a fixed order: the indexes the newsroom builds, then
        every report, speaker and proposition."""
        layout = self.layout
        for kind in INDEX_KINDS:
            if kind in self.own_indexes:
                yield SitePage(kind, "", self.index_src(kind))
        for report in self.index.reports.values():
            yield SitePage("report", report.key, layout.report_src(report.key))
        for speaker in self.index.speakers.values():
            yield SitePage("speaker", speaker.id, layout.speaker_src(speaker.id))
        for proposition in self.index.propositions.values():
            yield SitePage("proposition", proposition.id, layout.proposition_src(proposition.id))

    def newest_reports(self, count: int) -> list[Report]:
        """The ``count`` newest reports (what a navigation lists)."""
        return self.index.reports_newest_first[: max(0, count)]

    def report(self, page: SitePage) -> Report:
        """The report a report page shows."""
        return self.index.reports[page.key]

    def title(self, page: SitePage) -> str:
        """The page's title, as text (escape it where it goes into HTML)."""
        index = self.index
        if page.kind == "speaker":
            return index.speakers[page.key].name
        if page.kind == "proposition":
            return index.propositions[page.key].statement
        if page.kind == "report":
            return index.reports[page.key].title
        return self.renderer.labels[page.kind]

    def report_header(self, page: SitePage, links: PageLinks) -> Markup:
        """What goes above a report's text: outlet, date, author, source, speakers."""
        return self.renderer.report_header(self.report(page), self.index, links)

    def body(self, page: SitePage, links: PageLinks) -> Markup:
        """The whole HTML of a page that is not a report."""
        index = self.index
        renderer = self.renderer
        if page.kind == "speaker":
            return renderer.speaker_page(index.speakers[page.key], index, links)
        if page.kind == "proposition":
            return renderer.proposition_page(index.propositions[page.key], index, links)
        if page.kind == "speakers":
            return renderer.speakers_page(index, links)
        if page.kind == "propositions":
            return renderer.propositions_page(index, links)
        if page.kind == "reports":
            return renderer.reports_page(index, links)
        raise ValueError(f"a report page's body is its Markdown: {page.src}")

    def feed_url(self, page: SitePage) -> str | None:
        """The site-relative URL of the Atom feed that follows the page, if any."""
        if not self.renderer.feeds:
            return None
        if page.kind == "speaker":
            return self.layout.speaker_feed_url(page.key)
        if page.kind == "proposition":
            return self.layout.proposition_feed_url(page.key)
        if page.kind == "reports":
            return self.layout.reports_feed_url()
        return None

    def feed_link(self, page: SitePage, page_url: str) -> str:
        """``<link rel="alternate">`` to the page's feed, for the page's head."""
        url = self.feed_url(page)
        if url is None:
            return ""
        href = escape(relative_url(url, page_url))
        title = escape(f"{self.title(page)} ({self.renderer.label('feed')})")
        return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'


def page_meta(meta: dict[str, object], title: str) -> dict[str, Any]:
    """The front matter a generator and its theme see for a report: the
    escaped title and the values the core let through
    (:mod:`mkdocs_claims.pagemeta`), text escaped (themes print meta values
    unescaped)."""
    safe: dict[str, Any] = {"title": str(escape(title))}
    for key, value in meta.items():
        if key == "title":
            continue
        if isinstance(value, str):
            safe[key] = str(escape(value))
        elif isinstance(value, list):
            safe[key] = [str(escape(item)) if isinstance(item, str) else item for item in value]
        else:
            safe[key] = value
    return safe
