"""The claims Markdown extension configured on its own, for a generator that
runs Python-Markdown extensions but not MkDocs plugins (Zensical)::

    # zensical.toml
    [project.markdown_extensions."mkdocs_claims.markdown"]
    content_dir = "content"

It renders claim and quote blocks, mentions and contradiction links exactly
as the MkDocs plugin does, on the pages ``mkdocs-claims pages`` wrote
(:mod:`mkdocs_claims.pages`), with links to the other pages' Markdown
sources for the generator to resolve.

Such a generator makes a new Markdown and a new extension for every page,
in one long-lived process. The newsroom (the scan of every report and the
claim index) is therefore kept at module level, built once per process and
settings, and built again only when a file under the content folder
changes (looked at no more than once a second; ``mkdocs serve`` would tell
a plugin, but nothing tells an extension). Each page says which report it
shows by the marker ``mkdocs-claims pages`` wrote at its top; the
extension removes it.

Warnings go to the ``mkdocs_claims`` logger, once per scan. Zensical does
not count them (``--strict`` does not fail on them): run ``mkdocs-claims
check`` in CI.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .cli import Project, project_from
from .diagnostics import ordered, severity
from .federation import Importer, read_entries
from .layout import Layout
from .markdown import ClaimsExtension, ClaimsState, PageCursor
from .marker import is_written_page, read_marker
from .model import Diagnostic
from .output import cache_folder, shorten
from .render import PageLinks, Renderer
from .rendered import disagreements
from .scan import Scan, ScanCache, Sources
from .site import NewsroomSite, PageKind, SitePage
from .siteconfig import ConfigError

log = logging.getLogger("mkdocs_claims")

OPTIONS: dict[str, Any] = {
    "content_dir": "content",
    "speakers_file": "speakers.yml",
    "propositions_file": "propositions.yml",
    "ratings_file": "ratings.yml",
    "reports_url": "reports/",
    "speakers_url": "speakers/",
    "propositions_url": "propositions/",
    "max_contradictions": 5,
    "labels": {},
    "contradiction_window": None,
    "block_names": {"claim": "claim", "quote": "quote"},
    "sanitize": False,
    "max_report_size": 5 * 1024 * 1024,
    "validation": {},
    "import": [],
}
"""The options of the extension: those of the plugin that shape a page."""

CHECK_INTERVAL = 1.0
"""Seconds between two looks at the content folder for changes."""
KEPT = 4
"""Newsrooms kept (one per settings) in a process."""


@dataclass
class Newsroom:
    """One scan of a newsroom, shared by every page a process renders."""

    sources: Sources
    site: NewsroomSite
    state: ClaimsState
    annotations: dict[str, str]
    digests: dict[str, str]
    unclosed: set[str]
    validation: dict[str, str]
    cache: ScanCache = field(default_factory=dict)


@dataclass
class _Entry:
    signature: tuple[Any, ...]
    checked: float
    newsroom: Newsroom


_NEWSROOMS: dict[tuple[Any, ...], _Entry] = {}
_LOCK = threading.Lock()


def _signature(sources: Sources) -> tuple[Any, ...]:
    """What changes when any source changes: every file's size and
    modification time under the content folder, and the registries'."""
    found: list[tuple[str, int, int]] = []
    paths = [*sources.registry_paths(), sources.ratings_path()]
    for folder, dirs, names in os.walk(sources.content_dir):
        dirs.sort()
        paths.extend(os.path.join(folder, name) for name in sorted(names))
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            found.append((path, -1, -1))
            continue
        found.append((path, info.st_mtime_ns, info.st_size))
    return tuple(found)


def _frozen(value: Any) -> Any:
    """Settings as a key (what cannot be hashed, by its repr)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def newsroom(
    options: Mapping[str, Any], project_dir: str, config: dict[str, Any], config_file: str
) -> Newsroom:
    """The newsroom for these settings, scanned once and again only when
    its sources change. ``config`` holds what of the generator's own
    configuration (read from ``config_file``) the scan reads: docs_dir,
    use_directory_urls, site_url, markdown_extensions."""
    key = (os.path.abspath(project_dir), _frozen(options), _frozen(config), config_file)
    with _LOCK:
        entry = _NEWSROOMS.get(key)
        now = time.monotonic()
        if entry is not None and now - entry.checked < CHECK_INTERVAL:
            return entry.newsroom
        if entry is not None and _signature(entry.newsroom.sources) == entry.signature:
            entry.checked = now
            return entry.newsroom
        # The settings are read again too: the site's own pages may have changed.
        project = _project(options, project_dir, config, config_file)
        signature = _signature(project.sources)
        room = _scan(options, project, entry.newsroom.cache if entry is not None else {})
        _NEWSROOMS.pop(key, None)
        while len(_NEWSROOMS) >= KEPT:  # settings of long ago (a serve whose config changed)
            del _NEWSROOMS[next(iter(_NEWSROOMS))]
        _NEWSROOMS[key] = _Entry(signature, now, room)
        return room


def _project(
    options: Mapping[str, Any], project_dir: str, config: dict[str, Any], config_file: str
) -> Project:
    # The CLI reads the same settings the same way (and says the same of them).
    return project_from(
        config,
        dict(options),
        os.path.join(os.path.abspath(project_dir), config_file),
        docs_skip=is_written_page,
        zensical=True,
    )


@dataclass
class Loaded:
    """A newsroom read for another generator: the scan, the site with links
    between the pages' sources, and every diagnostic."""

    scan: Scan
    site: NewsroomSite
    diagnostics: list[Diagnostic]


def load(project: Project, options: Mapping[str, Any], cache: ScanCache | None = None) -> Loaded:
    """Scan the newsroom of ``project``, attach other sites' claims
    (``import``), and make its site with links between the pages' Markdown
    sources (``mkdocs-claims pages`` and the extension read it the same way)."""
    sources = project.sources
    result = project.scan(cache)
    diagnostics = list(result.diagnostics)
    label = sources.label(project.config_file) if project.config_file else "mkdocs.yml"
    entries, problems = read_entries(project.imports, sources.project_dir, label, project.lines)
    diagnostics += problems
    if entries:
        importer = Importer(cache_folder(sources.project_dir))
        loaded = importer.load(entries, label, project.site_url)
        result.index.attach_external(loaded.claims)
        diagnostics += loaded.diagnostics
    layout = project.layout.with_source_links()
    renderer = Renderer(layout, _labels(options), _count(options, "max_contradictions"))
    return Loaded(
        result, NewsroomSite(result.index, layout, renderer, result.own_indexes), diagnostics
    )


def _scan(options: Mapping[str, Any], project: Project, cache: ScanCache) -> Newsroom:
    loaded = load(project, options, cache)
    state = ClaimsState(loaded.site.renderer)
    state.index = loaded.scan.index
    room = Newsroom(
        project.sources,
        loaded.site,
        state,
        dict(project.annotations),
        loaded.scan.digests,
        {d.path for d in loaded.scan.diagnostics if d.kind == "unclosed_block"},
        project.validation,
        loaded.scan.cache,
    )
    report(loaded.diagnostics, project.validation)
    return room


def checked_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """The extension's options with their defaults; raises ConfigError for
    an unknown option or a value of the wrong type."""
    unknown = sorted(str(key) for key in set(options) - set(OPTIONS))
    if unknown:
        raise ConfigError(
            f"mkdocs_claims.markdown: unknown option(s) {', '.join(unknown)}; "
            f"the options are {', '.join(OPTIONS)}"
        )
    merged = {**OPTIONS, **options}
    _labels(merged)
    _count(merged, "max_contradictions")
    return merged


def _labels(options: Mapping[str, Any]) -> dict[str, str]:
    labels = options.get("labels") or {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in labels.items()
    ):
        raise ConfigError("mkdocs_claims.markdown: labels must map names to texts")
    return dict(labels)


def _count(options: Mapping[str, Any], name: str) -> int:
    value = options.get(name, OPTIONS[name])
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"mkdocs_claims.markdown: {name} must be a whole number")
    return max(0, value)


def report(diagnostics: list[Diagnostic], validation: Mapping[str, str]) -> None:
    """Log diagnostics as the plugin does (``path:line: message``)."""
    for diagnostic in ordered(diagnostics):
        level = severity(diagnostic.kind, validation)
        if level == "warn":
            log.warning(str(diagnostic))
        elif level == "info":
            log.info(str(diagnostic))


def _context(md: Markdown) -> Any:
    """Zensical's rendering context of the page (its path, the project's
    configuration), or None under another generator. Zensical does not
    document it, so it is looked up with care."""
    try:
        from zensical.extensions.context import (  # type: ignore[import-not-found,unused-ignore]
            ContextPreprocessor,
        )
    except ImportError:
        return None
    try:
        return ContextPreprocessor.from_markdown(md)
    except Exception:  # pragma: no cover - an internal that changed
        return None


def _zensical_settings(context: Any) -> tuple[str, dict[str, Any], str]:
    """The project folder, what of Zensical's configuration the scan reads,
    and the configuration file's name."""
    config = getattr(context, "config", None)
    if not isinstance(config, dict):
        return os.getcwd(), {}, "markdown_extensions"
    root = os.path.abspath(config.get("root_dir") or os.getcwd())
    names = config.get("markdown_extensions") or []
    settings = config.get("mdx_configs") or {}
    extensions = [
        {name: settings.get(name) or {}}
        for name in names
        if isinstance(name, str) and name != "mkdocs_claims.markdown"
    ]
    config_file = next(
        (
            name
            for name in ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")
            if os.path.isfile(os.path.join(root, name))
        ),
        "zensical.toml",
    )
    return (
        root,
        {
            "docs_dir": config.get("docs_dir", "docs"),
            "use_directory_urls": bool(config.get("use_directory_urls", True)),
            "site_url": config.get("site_url"),
            "markdown_extensions": extensions,
        },
        config_file,
    )


class _PageProcessor(Preprocessor):
    """Binds the page to the extension: the report its marker names (the
    marker line is removed), or, on any other page, where the page is."""

    def __init__(self, md: Markdown, room: Newsroom, page_path: str | None) -> None:
        super().__init__(md)
        self.room = room
        self.page_path = page_path

    def run(self, lines: list[str]) -> list[str]:
        room = self.room
        site = room.site
        first = next((number for number, line in enumerate(lines) if line.strip()), -1)
        marker = read_marker(lines[first]) if first >= 0 else None
        if marker is None:
            src = self.page_path or "index.md"
            room.state.cursor = PageCursor(PageLinks(site.layout, site.layout.url(src)), src)
            return lines
        del lines[first]
        page, present = _page_of(site, marker.kind, marker.key)
        links = PageLinks(site.layout, site.layout.url(page.src))
        if not present:
            self._stale(
                self.page_path or page.src,
                f"this page was written by mkdocs-claims pages for a {marker.kind} the "
                f"newsroom no longer has ('{shorten(marker.key)}'): run mkdocs-claims "
                "pages again",
            )
        if page.kind != "report" or not present:
            room.state.cursor = PageCursor(links, page.src)
            return lines
        shown = site.report(page)
        if marker.digest != room.digests.get(shown.key):
            self._stale(
                shown.path,
                f"the page '{page.src}' was written from an older version of this report: "
                "run mkdocs-claims pages again",
            )
        room.state.cursor = PageCursor.for_report(shown, links, page.src)
        return lines

    def _stale(self, path: str, message: str) -> None:
        report([Diagnostic(path, 1, "stale_page", message)], self.room.validation)


def _page_of(site: NewsroomSite, kind: str, key: str) -> tuple[SitePage, bool]:
    """The page a marker names, and whether the newsroom still has it."""
    index = site.index
    layout = site.layout
    if kind == "report":
        return SitePage("report", key, layout.report_src(key)), key in index.reports
    if kind == "speaker":
        return SitePage("speaker", key, layout.speaker_src(key)), key in index.speakers
    if kind == "proposition":
        return SitePage("proposition", key, layout.proposition_src(key)), key in index.propositions
    # An index page: the marker's pattern allows no other kind.
    return SitePage(cast(PageKind, kind), "", site.index_src(kind)), kind in site.own_indexes


class _CheckProcessor(Treeprocessor):
    """After a report is rendered: what the scan and Markdown disagree on."""

    def __init__(self, md: Markdown, room: Newsroom) -> None:
        super().__init__(md)
        self.room = room

    def run(self, root: etree.Element) -> None:
        cursor = self.room.state.cursor
        if cursor is not None and cursor.report is not None:
            found = disagreements(cursor.report, cursor, self.room.sources, self.room.unclosed)
            report(found, self.room.validation)


class StandaloneClaimsExtension(ClaimsExtension):
    """The claims extension with its own settings (:data:`OPTIONS`)."""

    def __init__(self, **options: Any) -> None:
        self.options = checked_options(options)
        # The state is the newsroom's, known once the page's Markdown is.
        super().__init__(ClaimsState(Renderer(Layout())))

    def extendMarkdown(self, md: Markdown) -> None:
        context = _context(md)
        project_dir, config, config_file = _zensical_settings(context)
        room = newsroom(self.options, project_dir, config, config_file)
        self.state = room.state
        self.names = dict(room.annotations)
        self.sanitize = bool(self.options.get("sanitize"))
        page = getattr(context, "page", None)
        page_path = getattr(page, "path", None)
        super().extendMarkdown(md)
        # After Python-Markdown's whitespace normalisation (30), before raw
        # HTML is set aside (20): the marker is a line of raw HTML.
        md.preprocessors.register(
            _PageProcessor(md, room, page_path if isinstance(page_path, str) else None),
            "claims_page",
            25,
        )
        # After the blocks (Blocks ends them at 19.99) and the mentions (15).
        md.treeprocessors.register(_CheckProcessor(md, room), "claims_check", 1)
