"""The MkDocs adapter: configuration, events and generated files; nothing else.

Everything it does is delegated to the core (``syntax``, ``registry``,
``index``, ``markdown``, ``render``, ``export``), which does not import MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from markdown import Markdown
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from . import __version__
from .config import ClaimsConfig
from .depends import BuildState, common_fingerprint, fingerprints, remove_inside
from .diagnostics import KINDS, ordered, severity
from .export import PlainText, SiteData, json_ld, write_json
from .federation import Importer, read_entries
from .feeds import Addresses, Feeds, atom
from .index import ClaimIndex
from .layout import Layout, relative_url
from .markdown import ClaimsExtension, ClaimsState, PageCursor, unindexed_lines
from .model import Claim, Diagnostic, Report
from .output import export_target, shorten
from .pagemeta import Theme
from .render import PageLinks, Renderer
from .scan import ScanCache, Sources, read_source, scan
from .siteconfig import annotation_names, plugin_line, take_names
from .sqlite import write_sqlite
from .syntax import DEFAULT_ANNOTATIONS, DEFAULT_BLOCK_NAMES, split_front_matter, tame_headers

# A plain logger under "mkdocs.": MkDocs counts its warnings for --strict, and
# the message starts with "path:line:" as writers and editors' tools expect
# (get_plugin_logger would put the plugin's name in front of it).
log = logging.getLogger("mkdocs.plugins.claims")

CSS_URI = "assets/mkdocs-claims/claims.css"
JS_URI = "assets/mkdocs-claims/claims.js"
PageKind = Literal["report", "speaker", "proposition", "reports", "speakers", "propositions"]


class ClaimsFile(File):
    """A generated page that a ``--dirty`` build rebuilds when the data it
    shows changed (see :mod:`mkdocs_claims.depends`), not when a file's
    modification time says so: a report page must be rebuilt when another
    report starts contradicting it."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin added: what it shows."""

    kind: PageKind
    key: str = ""


class ClaimsPlugin(BasePlugin[ClaimsConfig]):
    """Claim callouts, speaker and proposition pages, contradicting-report links."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirty = False
        # The one thing kept from build to build (mkdocs serve): reports already
        # parsed, each reused only while its file's text is unchanged.
        self.scan_cache: ScanCache = {}
        self.fingerprints: dict[str, str] = {}
        self.previous = BuildState()
        self.state: ClaimsState | None = None
        self.layout = Layout()
        self.pages: dict[str, GeneratedPage] = {}
        self.destinations: dict[str, str] = {}
        self.digests: dict[str, str] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.json_ld: dict[str, str] = {}
        self.strip_front_matter: set[str] = set()
        self.undecodable: set[str] = set()
        self.site_files: set[str] = set()
        self.unclosed: set[str] = set()
        self.sources = Sources(content_dir="content", project_dir=os.getcwd())
        self.site_url = ""
        self.site_name = ""
        self.plain = PlainText()
        # Kept across `mkdocs serve` rebuilds: a fetched file is reused a while.
        self.importer: Importer | None = None
        self.active = False
        self.annotations: dict[str, str] = dict(DEFAULT_ANNOTATIONS)
        self.site_blocks: frozenset[str] = DEFAULT_BLOCK_NAMES
        self.theme = Theme()
        self.pending: list[Diagnostic] = []
        self.own_indexes: frozenset[str] = frozenset()

    # -- lifecycle ----------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether builds are dirty. (Defining this hook also makes
        MkDocs keep this instance across `mkdocs serve` rebuilds, so every
        per-build collection is created anew in on_config.)"""
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start every build from scratch: nothing survives from the last one."""
        self.pages = {}
        self.destinations = {}
        self.digests = {}
        self.texts = {}
        self.json_ld = {}
        self.strip_front_matter = set()
        self.undecodable = set()
        self.site_files = set()
        self.state = None
        self.plain = PlainText()
        self.active = False
        self.pending = []
        self.own_indexes = frozenset()
        if not self.config.enabled:
            return config
        base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.sources = Sources(
            content_dir=os.path.normpath(os.path.join(base, self.config.content_dir)),
            project_dir=base,
            speakers_file=self.config.speakers_file,
            propositions_file=self.config.propositions_file,
            ratings_file=self.config.ratings_file,
            max_size=max(0, self.config.max_report_size),
        )
        config.extra_css.append(CSS_URI)
        config.extra_javascript.append(JS_URI)
        if not os.path.isdir(self.sources.content_dir):
            # Do no harm: a site without reports gets nothing but the two tags.
            log.info(
                f"claims: no folder '{self.config.content_dir}' next to mkdocs.yml, so there "
                "are no reports: no report, speaker or proposition pages and no claims.json"
            )
            return config
        self.active = True
        cache_dir = os.path.join(base, ".cache", "mkdocs-claims")
        if self.importer is None or self.importer.cache_dir != cache_dir:
            self.importer = Importer(cache_dir)
        self.layout = Layout.create(
            self.config.reports_url,
            self.config.speakers_url,
            self.config.propositions_url,
            config.use_directory_urls,
        )
        self.site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        self.site_name = config.site_name or ""
        custom_dir = config.theme.custom_dir if config.theme else None
        renderer = Renderer(
            self.layout,
            self.config.labels,
            max(0, self.config.max_contradictions),
            [custom_dir] if custom_dir else [],
            feeds=self.config.feeds,
        )
        self.theme = Theme(tuple(config.theme.dirs)) if config.theme else Theme()
        label, line = self._config_origin(config)
        names, problems = annotation_names(self.config.block_names, label, line)
        self.site_blocks = self._site_block_names(config)
        self.annotations, refused = take_names(names, self.site_blocks, label, line)
        self.pending = problems + refused
        self.state = ClaimsState(renderer)
        config.markdown_extensions.append(
            ClaimsExtension(self.state, self.annotations, sanitize=self.config.sanitize)
        )
        for kind in self.config.validation:
            if kind not in KINDS:
                log.warning(
                    f"mkdocs.yml: unknown diagnostic kind '{kind}' under validation; "
                    f"known kinds: {', '.join(KINDS)}"
                )
        return config

    def _config_origin(self, config: MkDocsConfig) -> tuple[str, int]:
        """mkdocs.yml as the writer sees it, and the line of the plugin's entry."""
        path = config.config_file_path or os.path.join(self.sources.project_dir, "mkdocs.yml")
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                line = plugin_line(handle.read())
        except OSError:
            line = 1
        return self.sources.label(os.path.abspath(path)), line

    @staticmethod
    def _site_block_names(config: MkDocsConfig) -> frozenset[str]:
        """The Blocks names the site's own Markdown extensions register."""
        try:
            md = Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs
            )
        except Exception:  # an odd extension must not stop the build
            return DEFAULT_BLOCK_NAMES - {"claim", "quote"}
        if "blocks" not in md.parser.blockprocessors:
            return frozenset()
        manager: Any = md.parser.blockprocessors["blocks"]
        return frozenset(manager.blocks)

    # -- the index, before any page renders ------------------------------------

    @event_priority(-50)  # after plugins that add docs pages, so collisions are seen
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Pre-scan every report, build the claim index, add the generated pages."""
        if not self.config.enabled:
            return files
        if self.state is None or not self.active:
            self._add_assets(files, config)
            return files
        taken = {
            file.dest_uri: self.sources.label(file.abs_src_path)
            if file.abs_src_path
            else file.src_uri
            for file in files
        }
        result = scan(
            self.sources,
            self.site_blocks | frozenset(self.annotations),
            self.scan_cache,
            self.config.contradiction_window,
            layout=self.layout,
            taken=taken,
            annotations=self.annotations,
            theme=self.theme,
        )
        self.scan_cache = result.cache
        self.undecodable = result.undecodable
        # Reports whose scan found an unclosed block: Markdown then nests the
        # blocks that follow, and that is already said, at the right line.
        self.unclosed = {d.path for d in result.diagnostics if d.kind == "unclosed_block"}
        self.strip_front_matter = result.strip_front_matter
        self.digests = result.digests
        self.own_indexes = result.own_indexes
        self.state.index = result.index
        imported = self._import(result.index)
        self._log(
            self.pending
            + result.diagnostics
            + imported
            + self._add_files(files, config, result.index)
        )
        self._mark_changed(files, config, result.index)
        # The exports never replace a file of the site (see on_post_build).
        self.site_files = {file.dest_uri for file in files}
        return files

    def _import(self, index: ClaimIndex) -> list[Diagnostic]:
        """Other sites' claims (``import:``) into the index; what went wrong."""
        label = self.sources.label(os.path.join(self.sources.project_dir, "mkdocs.yml"))
        entries, diagnostics = read_entries(self.config.import_, self.sources.project_dir, label)
        if not entries or self.importer is None:
            return diagnostics
        result = self.importer.load(entries, label, self.site_url or None)
        kept = index.attach_external(result.claims)
        for note in result.notes:
            log.info(f"claims: import {note}")
        log.info(f"claims: {kept} imported claim(s) are on propositions of this site")
        return diagnostics + result.diagnostics

    # -- --dirty: rebuild exactly the pages whose data changed -------------------

    def _state_path(self, config: MkDocsConfig) -> str:
        """Kept beside the project, not in the site (which is deployed)."""
        site = hashlib.sha1(os.path.abspath(config.site_dir).encode(), usedforsecurity=False)
        name = f"{site.hexdigest()[:16]}.json"
        return os.path.join(self.sources.project_dir, ".cache", "mkdocs-claims", name)

    def _common(self, files: Files, config: MkDocsConfig, index: ClaimIndex) -> str:
        """What every generated page shows besides its own data: the settings,
        the templates, and the navigation."""
        newest = index.reports_newest_first[: max(0, self.config.nav_reports)]
        config_text = ""
        if config.config_file_path and os.path.isfile(config.config_file_path):
            with open(config.config_file_path, encoding="utf-8", errors="replace") as handle:
                config_text = handle.read()
        return common_fingerprint(
            [
                __version__,
                config_text,
                sorted(self.config.items(), key=lambda item: item[0]),
                config.site_url,
                self.state.renderer.template_sources() if self.state else "",
                [(report.key, report.title) for report in newest],
                sorted(
                    f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages
                ),
            ]
        )

    def _mark_changed(self, files: Files, config: MkDocsConfig, index: ClaimIndex) -> None:
        self.fingerprints = fingerprints(
            index,
            self.layout,
            self.digests,
            self._common(files, config, index),
            max(0, self.config.max_contradictions),
        )
        self.previous = BuildState.load(self._state_path(config)) if self.dirty else BuildState()
        for src, fingerprint in self.fingerprints.items():
            file = files.get_file_from_path(src)
            if isinstance(file, ClaimsFile):
                file.changed = self.previous.fingerprints.get(src) != fingerprint

    def _add_files(self, files: Files, config: MkDocsConfig, index: ClaimIndex) -> list[Diagnostic]:
        diagnostics: list[Diagnostic] = []
        layout = self.layout
        explicit_nav = config.nav is not None
        newest = {
            report.key for report in index.reports_newest_first[: max(0, self.config.nav_reports)]
        }

        def add(src: str, page: GeneratedPage, file: File, origin: str, line: int) -> bool:
            # The scan gave every page its own file (allocate); this only
            # guards against a file another plugin added after it.
            if files.get_file_from_path(src) is not None or src in self.pages:
                diagnostics.append(
                    Diagnostic(
                        origin,
                        line,
                        "reserved_path",
                        f"the page '{src}' already exists in the site; this one is not built",
                    )
                )
                return False
            files.append(file)
            self.pages[src] = page
            self.destinations[src] = file.dest_uri
            return True

        # With an explicit nav, no page of the plugin is listed in it, so none
        # may count as omitted (validation: omitted_files).
        listed = InclusionLevel.NOT_IN_NAV if explicit_nav else InclusionLevel.INCLUDED
        config_label, config_line = self._config_origin(config)
        for prefix, kind in (
            (layout.reports, "reports"),
            (layout.speakers, "speakers"),
            (layout.propositions, "propositions"),
        ):
            if kind not in self.own_indexes:
                continue  # the site's own page is there
            src = layout.index_src(prefix)
            add(
                src,
                GeneratedPage(kind),  # type: ignore[arg-type]
                ClaimsFile.generated(config, src, content="", inclusion=listed),
                config_label,
                config_line,
            )
        for report in index.reports.values():
            src = layout.report_src(report.key)
            in_nav = report.key in newest and not explicit_nav
            file = ClaimsFile.generated(
                config,
                src,
                abs_src_path=os.path.join(self.sources.content_dir, report.key + ".md"),
                inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
            )
            add(src, GeneratedPage("report", report.key), file, report.path, 1)
        for speaker in index.speakers.values():
            src = layout.speaker_src(speaker.id)
            file = ClaimsFile.generated(
                config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV
            )
            add(src, GeneratedPage("speaker", speaker.id), file, config_label, config_line)
        for proposition in index.propositions.values():
            src = layout.proposition_src(proposition.id)
            file = ClaimsFile.generated(
                config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV
            )
            add(src, GeneratedPage("proposition", proposition.id), file, config_label, config_line)
        self._add_assets(files, config)
        return diagnostics

    @staticmethod
    def _add_assets(files: Files, config: MkDocsConfig) -> None:
        """The stylesheet and the script the two asset tags load."""
        assets = resources.files("mkdocs_claims").joinpath("assets")
        for uri in (CSS_URI, JS_URI):
            if files.get_file_from_path(uri) is None:
                content = assets.joinpath(posixpath.basename(uri)).read_text("utf-8")
                files.append(File.generated(config, uri, content=content))

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in ordered(diagnostics):
            level = severity(diagnostic.kind, self.config.validation)
            if level == "warn":
                log.warning(str(diagnostic))
            elif level == "info":
                log.info(str(diagnostic))

    # -- navigation -------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Reports, Speakers and Propositions, each leading to its index; under
        Reports the newest reports. Never every page: the navigation is
        rendered into every page, so its size multiplies the build."""
        if self.state is None or self.state.index is None:
            return nav
        if self.dirty:
            self._titles_for_unread_pages(nav, config)
        if config.nav is not None:
            return nav
        ours = set(self.pages)
        items = _without(nav.items, ours)
        layout = self.layout
        labels = self.state.renderer.labels

        def page_of(src: str) -> Page | None:
            file = files.get_file_from_path(src)
            return file.page if file is not None else None

        newest: list[Any] = []
        for report in self.state.index.reports_newest_first[: max(0, self.config.nav_reports)]:
            page = page_of(layout.report_src(report.key))
            if page is not None:
                newest.append(page)
        ours_items: list[Any] = []
        reports_src = layout.index_src(layout.reports)
        reports_index = page_of(reports_src)
        if reports_src in ours and reports_index is not None:
            ours_items.append(Section(str(escape(labels["reports"])), [reports_index, *newest]))
        elif reports_index is not None and isinstance(reports_index.parent, Section):
            # The site's own reports index wins; the newest reports join its section.
            reports_index.parent.children.extend(newest)
        elif newest:
            ours_items.append(Section(str(escape(labels["reports"])), newest))
        for prefix in (layout.speakers, layout.propositions):
            src = layout.index_src(prefix)
            page = page_of(src)
            if page is not None and src in ours:  # else the site's page is where it was
                ours_items.append(page)
        # The newsroom first: right after the home page, before the site's
        # other pages (a writer's guide, an about page).
        home = 1 if items and isinstance(items[0], Page) and items[0].is_homepage else 0
        items[home:home] = ours_items
        pages = _pages(items)
        for previous, current in zip([None, *pages], pages, strict=False):
            current.previous_page = previous
            if previous is not None:
                previous.next_page = current
        if pages:
            pages[-1].next_page = None
        _set_parents(items, None)
        return Navigation(items, pages)

    def _titles_for_unread_pages(self, nav: Navigation, config: MkDocsConfig) -> None:
        """A dirty build does not read unchanged pages, and MkDocs then leaves
        their titles out of the navigation of the pages it does rebuild. Give
        them their titles so that a rebuilt page equals a clean build's."""
        for page in nav.pages:
            if not page.file.is_modified():
                generated = self.pages.get(page.file.src_uri)
                if generated is None:
                    page.read_source(config)
                else:
                    page.markdown = ""
                    page.meta = {"title": str(escape(self._title(generated)))}

    # -- pages --------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A report is read by the plugin, never by MkDocs: with the same
        checks as the pre-scan (a regular file inside the content folder, at
        most max_report_size bytes; not UTF-8 is read with replacement
        characters), and without its front matter, which the plugin has read
        (MkDocs would show front matter it cannot parse as text, and would
        resolve ``!ENV`` tags in it)."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None or generated.kind != "report":
            return None
        assert page.file.abs_src_path is not None
        text = read_source(
            page.file.abs_src_path, "", [], self.sources.content_dir, self.sources.max_size
        )
        if text is None:
            return ""  # changed since the pre-scan, which reported it
        _, body, _ = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
        return tame_headers(body)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Bind the page to the extension; give generated pages their title."""
        state = self.state
        if state is None or state.index is None:
            return markdown
        src = page.file.src_uri
        links = PageLinks(self.layout, _page_url(page))
        generated = self.pages.get(src)
        if generated is None:
            state.cursor = PageCursor(links, src)
            return markdown
        if generated.kind == "report":
            report = state.index.reports[generated.key]
            state.cursor = PageCursor.for_report(report, links, src)
            page.meta = _safe_meta(report.meta, report.title)
            return markdown
        state.cursor = None
        # Generated pages have no table of contents: give Material's space
        # for it to the page (a timeline, two columns of statements).
        page.meta = {"title": str(escape(self._title(generated))), "hide": ["toc"]}
        return ""

    def _title(self, generated: GeneratedPage) -> str:
        assert self.state is not None and self.state.index is not None
        index = self.state.index
        labels = self.state.renderer.labels
        if generated.kind == "speaker":
            return index.speakers[generated.key].name
        if generated.kind == "proposition":
            return index.propositions[generated.key].statement
        if generated.kind == "report":
            return index.reports[generated.key].title
        return labels[generated.kind]

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Report header and JSON-LD around a report; generated pages' HTML."""
        state = self.state
        if state is None or state.index is None:
            return html
        cursor, state.cursor = state.cursor, None
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        index = state.index
        renderer = state.renderer
        links = PageLinks(self.layout, _page_url(page))
        if generated.kind == "report":
            report = index.reports[generated.key]
            if cursor is not None:
                self._check_rendered(report, cursor)
            texts = cursor.texts if cursor is not None else {}
            for claim_id, text in texts.items():
                self.texts[(report.key, claim_id)] = text
            if self.config.json_ld and report.claims:
                self.json_ld[page.file.src_uri] = json_ld(
                    report, index, self.layout, texts, self.site_url, self.site_name
                )
            return f"{renderer.report_header(report, index, links)}\n{html}"
        if generated.kind == "speaker":
            return renderer.speaker_page(index.speakers[generated.key], index, links)
        if generated.kind == "proposition":
            return renderer.proposition_page(index.propositions[generated.key], index, links)
        if generated.kind == "speakers":
            return renderer.speakers_page(index, links)
        if generated.kind == "propositions":
            return renderer.propositions_page(index, links)
        return renderer.reports_page(index, links)

    def _check_rendered(self, report: Report, cursor: PageCursor) -> None:
        """The scan and Python-Markdown must agree on every block: a claim the
        index holds but the page does not show would be a dead link elsewhere."""
        if report.path in self.unclosed:
            return  # the consequence of the unclosed block the scan reported
        found = [
            Diagnostic(
                report.path,
                claim.line,
                "unrecognized_block",
                "this claim was indexed but Markdown did not read it as a block, so links "
                "to it lead nowhere: put a blank line before the block (inside a list "
                "item, indent it four spaces after a blank line)",
            )
            for claim in cursor.unrendered()
        ]
        shown = sum(cursor.mentions.values())
        if shown:
            found.append(
                Diagnostic(
                    report.path,
                    1,
                    "unknown_mention",
                    f"{shown} mention(s) found by the plugin's scan were not read as links by "
                    "Markdown (in raw HTML, or in an image?), so speaker pages list a mention "
                    "the report does not show",
                )
            )
        if cursor.unindexed_mentions:
            found.append(
                Diagnostic(
                    report.path,
                    1,
                    "unknown_mention",
                    f"{cursor.unindexed_mentions} '@' link(s) were read by Markdown but not "
                    "by the plugin's scan, so they are shown as text: write each mention as "
                    "[text](@speaker-id) on one line",
                )
            )
        path = os.path.join(self.sources.content_dir, report.key + ".md")
        text = (
            read_source(path, report.path, [], self.sources.content_dir, self.sources.max_size)
            if cursor.unindexed
            else None
        )
        lines = unindexed_lines(text or "", report, cursor.unindexed)
        for line in lines:
            found.append(
                Diagnostic(
                    report.path,
                    line,
                    "unrecognized_block",
                    "Markdown read this claim block but the plugin's scan did not, so it is "
                    "not cross-checked: check its indentation (inside a list item, a block "
                    "follows a blank line and is indented four spaces)",
                )
            )
        missing = len(cursor.unindexed) - len(lines)
        if missing:
            found.append(
                Diagnostic(
                    report.path,
                    1,
                    "unrecognized_block",
                    f"{missing} claim block(s) were read by Markdown but not by the "
                    "plugin's scan, so they are not cross-checked: check their indentation",
                )
            )
        self._log(found)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """JSON-LD and feed links go in the head (Material's instant navigation
        re-runs the scripts of the page body as JavaScript, whatever their type)."""
        script = self.json_ld.pop(page.file.src_uri, None) or ""
        script += self._feed_link(page)
        if page.file.src_uri in self.pages and self.state is not None:
            # claims.js reads the touch hint here, in the site's language.
            hint = escape(self.state.renderer.label("tap_to_open"))
            script += f'<meta name="mkdocs-claims:tap-hint" content="{hint}">'
        if not script:
            return output
        head, found, rest = output.partition("</head>")
        if not found:
            return output + script
        return f"{head}{script}\n{found}{rest}"

    def _feed_link(self, page: Page) -> str:
        """``<link rel="alternate">`` to the feed that follows this page, if any."""
        generated = self.pages.get(page.file.src_uri)
        if not self.config.feeds or generated is None or self.state is None:
            return ""
        layout = self.layout
        renderer = self.state.renderer
        if generated.kind == "speaker":
            url = layout.speaker_feed_url(generated.key)
        elif generated.kind == "proposition":
            url = layout.proposition_feed_url(generated.key)
        elif generated.kind == "reports":
            url = layout.reports_feed_url()
        else:
            return ""
        href = escape(relative_url(url, _page_url(page)))
        title = escape(f"{self._title(generated)} ({renderer.label('feed')})")
        return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'

    # -- after the build -----------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write claims.json (and claims.db) at the site root; remember what was built."""
        state = self.state
        if state is None or state.index is None:
            return
        self._write_exports(config, state.index)
        self._write_feeds(config, state.index)
        self._save_state(config, state.index)

    def _save_state(self, config: MkDocsConfig, index: ClaimIndex) -> None:
        texts = {f"{report}#{claim}": text for (report, claim), text in self.texts.items()}
        for key, text in self.previous.texts.items():
            report = key.split("#", 1)[0]
            if self.previous.digests.get(report) == self.digests.get(report) and key not in texts:
                texts[key] = text
        if self.dirty:
            # Pages of reports, speakers and propositions that no longer exist.
            # (and feeds, keyed "feed:<path>", that are no longer written).
            for src, dest in self.previous.destinations.items():
                if src not in self.destinations:
                    remove_inside(config.site_dir, dest)
        BuildState(self.fingerprints, dict(self.digests), texts, dict(self.destinations)).save(
            self._state_path(config)
        )

    def _write_exports(self, config: MkDocsConfig, index: ClaimIndex) -> None:
        data = SiteData(
            index,
            self.layout,
            self._text_of,
            lambda quote: self.plain(quote.body),
            self.site_url or None,
        )
        written: set[str] = set()
        for option, default, write in (
            ("export_json", "claims.json", write_json),
            ("export_sqlite", "claims.db", write_sqlite),
        ):
            target, problem = export_target(
                option, self.config[option], config.site_dir, default, self.site_files
            )
            if problem is not None:
                log.warning(problem)
            if target is None:
                continue
            if target in written:
                log.warning(f"mkdocs.yml: {option} names the same file as export_json; not written")
                continue
            try:
                write(target, data)
            except (OSError, sqlite3.Error) as error:
                log.warning(f"mkdocs.yml: {option}: cannot write the file: {shorten(str(error))}")
            written.add(target)

    def _write_feeds(self, config: MkDocsConfig, index: ClaimIndex) -> None:
        """One Atom file per speaker and proposition, and the reports' feed,
        written one at a time (never all in memory)."""
        if not self.config.feeds or self.state is None:
            return
        renderer = self.state.renderer
        feeds = Feeds(
            index,
            self.layout,
            renderer.label,
            self._text_of,
            self.plain,
            str(config.site_author or config.site_name),
        )
        addresses = Addresses(self.site_url, str(config.site_name))
        site_dir = os.path.abspath(config.site_dir)
        for feed in feeds.all():
            target = os.path.normpath(os.path.join(site_dir, feed.path))
            if os.path.commonpath([site_dir, target]) != site_dir:
                continue  # ids are checked; never write outside the site all the same
            if os.path.isdir(target):
                log.warning(
                    f"{feed.path}: a page of the site is already at this path; "
                    "this feed is not written"
                )
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(atom(feed, addresses))
            self.destinations[f"feed:{feed.path}"] = feed.path

    def _text_of(self, claim: Claim) -> str:
        """A claim's plain text: as rendered on its report page in this build
        (or the last one, for a report a dirty build did not render), else
        from its Markdown body."""
        text = self.texts.get(claim.key)
        if text is None and self.previous.digests.get(claim.report) == self.digests.get(
            claim.report
        ):
            text = self.previous.texts.get(f"{claim.report}#{claim.id}")
        return text if text is not None else self.plain(claim.body)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the reports and the registries."""
        if self.config.enabled and os.path.isdir(self.sources.content_dir):
            server.watch(self.sources.content_dir)
            for path in [*self.sources.registry_paths(), self.sources.ratings_path()]:
                if os.path.exists(path) and not path.startswith(self.sources.content_dir + os.sep):
                    server.watch(path)
            # Another site's claims.json on this machine: its rebuilds show here too.
            entries, _ = read_entries(self.config.import_, self.sources.project_dir, "mkdocs.yml")
            for entry in entries:
                if entry.path is not None and os.path.isfile(entry.path):
                    server.watch(entry.path)
        return server


def _page_url(page: Page) -> str:
    return str(page.url)


def _safe_meta(meta: dict[str, object], title: str) -> dict[str, Any]:
    """The front matter MkDocs and the theme see: the escaped title and the
    values the core let through (mkdocs_claims.pagemeta), text escaped
    (themes print meta values unescaped)."""
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


def _without(items: list[Any], ours: set[str]) -> list[Any]:
    """Navigation items without the plugin's pages (and sections left empty)."""
    kept: list[Any] = []
    for item in items:
        if isinstance(item, Page):
            if item.file.src_uri not in ours:
                kept.append(item)
        elif isinstance(item, Section):
            item.children = _without(item.children, ours)
            if item.children:
                kept.append(item)
        else:
            kept.append(item)
    return kept


def _pages(items: list[Any]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages(item.children))
    return found


def _set_parents(items: list[Any], parent: Section | None) -> None:
    for item in items:
        if isinstance(item, (Page, Section, Link)):
            item.parent = parent
        if isinstance(item, Section):
            _set_parents(item.children, item)
