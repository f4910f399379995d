"""The newsroom in a site's navigation.

Without an explicit ``nav``, the navigation gains Reports, Speakers and
Propositions, each leading to its index, and under Reports the newest
reports: never every page, since the navigation is rendered into every page
and its size multiplies the build.

The navigation is MkDocs' (and ProperDocs') tree of pages, sections and
links. It is handled here through the flags every item of that tree has
(``is_page``, ``is_section``, ``is_link``, as themes read them), so that
this module does not import the generator; the adapter passes the two
things it must make itself (a section, a lookup of a page by source path).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from .site import NewsroomSite


@dataclass(frozen=True)
class NavPlan:
    """What the newsroom adds to the navigation, by source path."""

    reports_title: str
    """The Reports section's title (escaped: themes print it as it is)."""
    reports_index: str | None
    """The reports index the newsroom builds (None: the site's own, or none)."""
    reports_index_src: str
    newest: tuple[str, ...]
    """The newest reports, newest first."""
    indexes: tuple[str, ...]
    """The speakers and propositions indexes the newsroom builds."""
    ours: frozenset[str]
    """Every page of the newsroom (none of them is listed otherwise)."""


def plan(site: NewsroomSite, nav_reports: int, ours: Collection[str]) -> NavPlan:
    """The plan for a site whose newsroom pages are ``ours`` (source paths)."""
    mine = frozenset(ours)
    reports_src = site.index_src("reports")
    return NavPlan(
        reports_title=str(escape(site.renderer.labels["reports"])),
        reports_index=reports_src if reports_src in mine else None,
        reports_index_src=reports_src,
        newest=tuple(site.layout.report_src(r.key) for r in site.newest_reports(nav_reports)),
        indexes=tuple(
            src
            for src in (site.index_src("speakers"), site.index_src("propositions"))
            if src in mine
        ),
        ours=mine,
    )


def arrange(
    items: list[Any],
    nav: NavPlan,
    page_of: Callable[[str], Any | None],
    section: Callable[[str, list[Any]], Any],
) -> tuple[list[Any], list[Any]]:
    """The navigation's items with the newsroom's placed right after the home
    page (before the site's other pages: a writer's guide, an about page),
    and its pages in order, linked to each other (previous and next) and to
    their sections. ``page_of`` finds a page by source path; ``section``
    makes a section of pages."""
    items = _without(items, nav.ours)
    newest = [page for page in map(page_of, nav.newest) if page is not None]
    added: list[Any] = []
    reports_index = page_of(nav.reports_index_src)
    if nav.reports_index is not None and reports_index is not None:
        added.append(section(nav.reports_title, [reports_index, *newest]))
    elif reports_index is not None and getattr(reports_index.parent, "is_section", False):
        # The site's own reports index wins; the newest reports join its section.
        reports_index.parent.children.extend(newest)
    elif newest:
        added.append(section(nav.reports_title, newest))
    for src in nav.indexes:
        page = page_of(src)
        if page is not None:
            added.append(page)
    home = 1 if items and _is_page(items[0]) and items[0].is_homepage else 0
    items[home:home] = added
    pages = _pages(items)
    for previous, current in zip([None, *pages], pages, strict=False):
        current.previous_page = previous
        if previous is not None:
            previous.next_page = current
    if pages:
        pages[-1].next_page = None
    _set_parents(items, None)
    return items, pages


def _is_page(item: Any) -> bool:
    return bool(getattr(item, "is_page", False))


def _is_section(item: Any) -> bool:
    return bool(getattr(item, "is_section", False))


def _without(items: list[Any], ours: Collection[str]) -> list[Any]:
    """Navigation items without the newsroom's pages (and sections left empty)."""
    kept: list[Any] = []
    for item in items:
        if _is_page(item):
            if item.file.src_uri not in ours:
                kept.append(item)
        elif _is_section(item):
            item.children = _without(item.children, ours)
            if item.children:
                kept.append(item)
        else:
            kept.append(item)
    return kept


def _pages(items: list[Any]) -> list[Any]:
    found: list[Any] = []
    for item in items:
        if _is_page(item):
            found.append(item)
        elif _is_section(item):
            found.extend(_pages(item.children))
    return found


def _set_parents(items: list[Any], parent: Any) -> None:
    for item in items:
        if _is_page(item) or _is_section(item) or getattr(item, "is_link", False):
            item.parent = parent
        if _is_section(item):
            _set_parents(item.children, item)


NAV_META = ("icon", "subtitle", "status")
"""Front matter themes show beside a page's title in the navigation (Material)."""


def describe(items: list[Any]) -> tuple[list[object], bool]:
    """The navigation as every page shows it: each item's kind, title and
    address, and the front matter shown beside a page's title; and whether
    every page's title is known yet (a page not read has none)."""
    found: list[object] = []
    known = True
    for item in items:
        if _is_page(item):
            if getattr(item, "markdown", "") is None:
                known = False
            meta = getattr(item, "meta", None) or {}
            shown = [(key, meta.get(key)) for key in NAV_META if key in meta]
            found.append(("page", item.title, item.url, shown))
        elif _is_section(item):
            children, complete = describe(item.children)
            known = known and complete
            found.append(("section", item.title, children))
        else:
            found.append(("link", getattr(item, "title", None), getattr(item, "url", None)))
    return found, known
