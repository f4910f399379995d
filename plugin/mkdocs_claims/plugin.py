"""The MkDocs adapter: configuration, events and generated files; nothing else.

What the newsroom's pages are and show is :mod:`mkdocs_claims.site`; the
navigation :mod:`mkdocs_claims.nav`; ``--dirty`` :mod:`mkdocs_claims.dirty`;
the exports and feeds :mod:`mkdocs_claims.publish`. None of them imports
MkDocs; this module turns MkDocs' events into calls to them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

from markdown import Markdown
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import __version__, parsecache
from .config import ClaimsConfig
from .depends import fingerprint
from .diagnostics import KINDS, ordered, severity
from .dirty import BuildState, DirtyBuild, state_path
from .export import PlainText, SiteData, json_ld
from .federation import Importer, read_entries
from .feeds import Addresses, Feeds
from .index import ClaimIndex
from .layout import Layout
from .markdown import ClaimsExtension, ClaimsState, PageCursor
from .marker import is_written_page
from .model import Claim, Diagnostic, Quote
from .nav import arrange, describe, plan
from .output import cache_folder
from .pagemeta import Theme
from .publish import write_exports, write_feeds
from .render import PageLinks, Renderer
from .rendered import disagreements
from .scan import ReadReport, ScanCache, Sources, read_source, scan
from .site import INDEX_KINDS, NewsroomSite, SitePage, page_meta
from .siteconfig import OptionLines, annotation_names, option_lines, take_names
from .syntax import DEFAULT_ANNOTATIONS, DEFAULT_BLOCK_NAMES, split_front_matter, tame_headers

# A plain logger under "mkdocs.": MkDocs counts its warnings for --strict, and
# the message starts with "path:line:" as writers and editors' tools expect
# (get_plugin_logger would put the plugin's name in front of it).
log = logging.getLogger("mkdocs.plugins.claims")

CSS_URI = "assets/mkdocs-claims/claims.css"
JS_URI = "assets/mkdocs-claims/claims.js"


class ClaimsFile(File):
    """A generated page that a ``--dirty`` build rebuilds when the data it
    shows changed (see :mod:`mkdocs_claims.dirty`), not when a file's
    modification time says so: a report page must be rebuilt when another
    report starts contradicting it."""

    decide: Callable[[str], bool] | None = None
    """Whether the page at a source path changed (None: it did)."""
    _modified: bool | None = None

    def is_modified(self) -> bool:
        # Asked twice per page (before reading it and before writing it).
        if self._modified is None:
            changed = self.decide is None or self.decide(self.src_uri)
            self._modified = changed or not os.path.isfile(self.abs_dest_path)
        return self._modified


class ClaimsPlugin(BasePlugin[ClaimsConfig]):
    """Claim callouts, speaker and proposition pages, contradicting-report links."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirty = False
        self.serving = False
        # Kept across `mkdocs serve --dirty` rebuilds instead of the state file.
        self.last_state: BuildState | None = None
        self.last_path: str | None = ""
        self.config_label = "mkdocs.yml"
        self.config_lines = OptionLines()
        # The one thing kept from build to build (mkdocs serve): reports already
        # parsed, each reused only while its file's text is unchanged.
        self.scan_cache: ScanCache = {}
        self.build = DirtyBuild()
        self.state: ClaimsState | None = None
        self.site: NewsroomSite | None = None
        self.layout = Layout()
        self.pages: dict[str, SitePage] = {}
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

    # -- lifecycle ----------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether builds are dirty. (Defining this hook also makes
        MkDocs keep this instance across `mkdocs serve` rebuilds, so every
        per-build collection is created anew in on_config.)"""
        self.dirty = dirty
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start every build from scratch: nothing survives from the last one."""
        self.pages = {}
        self.site_files = set()
        self.state = None
        self.site = None
        self.plain = PlainText()
        self.active = False
        self.pending = []
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
        path = state_path(base, config.site_dir)
        # `mkdocs serve` builds into a temporary folder: its state stays in
        # memory, and without --dirty every rebuild is whole (nothing to keep).
        self.build = DirtyBuild(
            self.dirty,
            path,
            previous=self.last_state if self.serving and path == self.last_path else None,
            track=self.dirty or not self.serving,
            persist=not self.serving,
            plugin=__version__,
        )
        self.last_path = path
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
        cache_dir = cache_folder(base)
        if cache_dir is None:
            log.info(
                "claims: .cache/mkdocs-claims next to mkdocs.yml is not a plain folder (a part "
                "of it is a symbolic link or a file), so nothing is cached there or read from it"
            )
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
        label, self.config_lines = self._config_origin(config)
        self.config_label = label
        line = self.config_lines.option("block_names")
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

    def _config_origin(self, config: MkDocsConfig) -> tuple[str, OptionLines]:
        """mkdocs.yml as the writer sees it, and where the plugin's options are in it."""
        path = config.config_file_path or os.path.join(self.sources.project_dir, "mkdocs.yml")
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = option_lines(handle.read())
        except OSError:
            lines = OptionLines()
        return self.sources.label(os.path.abspath(path)), lines

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
        # Pages `mkdocs-claims pages` wrote into docs_dir (for Zensical, in a
        # project that MkDocs builds too) are pages this plugin builds itself.
        for written in [
            f
            for f in files.documentation_pages()
            if f.abs_src_path and is_written_page(f.abs_src_path)
        ]:
            files.remove(written)
        taken = {
            file.dest_uri: self.sources.label(file.abs_src_path)
            if file.abs_src_path
            else file.src_uri
            for file in files
        }
        load: Callable[[int], Mapping[tuple[str, str], ReadReport]] | None = None
        if self.dirty and not self.scan_cache:
            # A new process: the reports the last build read, if unchanged.
            load = self._load_parses
        result = scan(
            self.sources,
            self.site_blocks | frozenset(self.annotations),
            self.scan_cache,
            self.config.contradiction_window,
            window_line=self.config_lines.option("contradiction_window"),
            config_label=self.config_label,
            layout=self.layout,
            taken=taken,
            annotations=self.annotations,
            theme=self.theme,
            load_cache=load,
        )
        self.scan_cache = result.cache
        # Written when it gained much: a report parsed again costs less than
        # writing the whole file after each edit (a clean build writes it all).
        fresh = len(result.cache) - len(result.loaded)
        cache_path = self._parse_cache_path()
        if (
            cache_path is not None
            and self.build.persist
            and fresh
            and (not self.dirty or fresh * 100 >= len(result.cache))
        ):
            parsecache.save(
                cache_path,
                __version__,
                self._parse_settings(),
                result.cache.values(),
                result.loaded,
            )
        # Reports whose scan found an unclosed block: Markdown then nests the
        # blocks that follow, and that is already said, at the right line.
        self.unclosed = {d.path for d in result.diagnostics if d.kind == "unclosed_block"}
        self.state.index = result.index
        self.site = NewsroomSite(result.index, self.layout, self.state.renderer, result.own_indexes)
        imported = self._import(result.index)
        self._log(
            self.pending + result.diagnostics + imported + self._add_files(files, config, self.site)
        )
        # The state holds a few hundred bytes per page and the texts of the claims.
        self.build.load(16 * result.size + 512 * len(self.pages) + (8 << 20))
        self.build.start(
            result.index,
            self.layout,
            result.digests,
            {src: (page.kind, page.key) for src, page in self.pages.items()},
            max(0, self.config.max_contradictions),
            self._static(config, self.site),
            result.altered,
        )
        for note in self.build.notes:
            log.info(f"claims: {note}")
        for src in self.pages:
            file = files.get_file_from_path(src)
            if isinstance(file, ClaimsFile):
                file.decide = self.build.changed
        # The exports never replace a file of the site (see on_post_build).
        self.site_files = {file.dest_uri for file in files}
        return files

    def _parse_cache_path(self) -> str | None:
        return parsecache.cache_path(self.sources.project_dir, self.sources.content_dir)

    def _parse_settings(self) -> str:
        return parsecache.settings_key(
            self.site_blocks | frozenset(self.annotations),
            self.annotations,
            self.theme,
            self.sources.max_size,
        )

    def _load_parses(self, size: int) -> Mapping[tuple[str, str], ReadReport]:
        """The reports an earlier build read (a file of at most 16 times the
        reports' size: an entry holds a report's claims and quotes once)."""
        path = self._parse_cache_path()
        if path is None:
            return {}
        found, notes = parsecache.load(
            path, __version__, self._parse_settings(), self.theme, 16 * size + (1 << 20)
        )
        for note in notes:
            log.info(f"claims: {self.sources.label(path)}: {note}")
        return found

    def _import(self, index: ClaimIndex) -> list[Diagnostic]:
        """Other sites' claims (``import:``) into the index; what went wrong."""
        label = self.config_label
        entries, diagnostics = read_entries(
            self.config.import_, self.sources.project_dir, label, self.config_lines
        )
        if not entries or self.importer is None:
            return diagnostics
        result = self.importer.load(entries, label, self.site_url or None)
        kept = index.attach_external(result.claims)
        for note in result.notes:
            log.info(f"claims: import {note}")
        log.info(f"claims: {kept} imported claim(s) are on propositions of this site")
        return diagnostics + result.diagnostics

    def _static(self, config: MkDocsConfig, site: NewsroomSite) -> str:
        """What every generated page shows besides its own data and the
        navigation (for ``--dirty``): the settings and the templates."""
        config_text = ""
        if config.config_file_path and os.path.isfile(config.config_file_path):
            with open(config.config_file_path, encoding="utf-8", errors="replace") as handle:
                config_text = handle.read()
        return fingerprint(
            [
                __version__,
                config_text,
                sorted(self.config.items(), key=lambda item: item[0]),
                config.site_url,
                site.renderer.template_sources(),
            ]
        )

    @property
    def nav_reports(self) -> int:
        """How many of the newest reports the navigation lists."""
        return max(0, self.config.nav_reports)

    def _add_files(
        self, files: Files, config: MkDocsConfig, site: NewsroomSite
    ) -> list[Diagnostic]:
        """The newsroom's pages as generated files (and the two assets)."""
        diagnostics: list[Diagnostic] = []
        explicit_nav = config.nav is not None
        newest = {report.key for report in site.newest_reports(self.nav_reports)}
        # With an explicit nav, no page of the plugin is listed in it, so none
        # may count as omitted (validation: omitted_files).
        listed = InclusionLevel.NOT_IN_NAV if explicit_nav else InclusionLevel.INCLUDED
        config_label, config_line = self.config_label, self.config_lines.plugin
        for page in site.pages():
            if page.kind == "report":
                in_nav = page.key in newest and not explicit_nav
                file = ClaimsFile.generated(
                    config,
                    page.src,
                    abs_src_path=os.path.join(self.sources.content_dir, page.key + ".md"),
                    inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
                )
                origin, line = site.report(page).path, 1
            else:
                file = ClaimsFile.generated(
                    config,
                    page.src,
                    content="",
                    inclusion=listed if page.kind in INDEX_KINDS else InclusionLevel.NOT_IN_NAV,
                )
                origin, line = config_label, config_line
            # The scan gave every page its own file (allocate); this only
            # guards against a file another plugin added after it.
            if files.get_file_from_path(page.src) is not None or page.src in self.pages:
                diagnostics.append(
                    Diagnostic(
                        origin,
                        line,
                        "reserved_path",
                        f"the page '{page.src}' already exists in the site; this one is not built",
                    )
                )
                continue
            files.append(file)
            self.pages[page.src] = page
            self.build.written(page.src, file.dest_uri)
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
        """Reports, Speakers and Propositions (see :mod:`mkdocs_claims.nav`)."""
        if self.site is None:
            return nav
        if self.dirty:
            self._titles_for_unread_pages(nav, config, files)
        if config.nav is None:

            def page_of(src: str) -> Page | None:
                file = files.get_file_from_path(src)
                return file.page if file is not None else None

            items, pages = arrange(
                nav.items,
                plan(self.site, self.nav_reports, self.pages),
                page_of,
                lambda title, children: Section(title, children),
            )
            nav = Navigation(items, pages)
        final = nav
        # Described when a --dirty build decides what to rebuild: by then
        # the site's own changed pages have been read, and have their titles.
        self.build.nav = lambda: describe(final.items)
        return nav

    def _titles_for_unread_pages(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """A dirty build does not read unchanged pages, and MkDocs then leaves
        their titles out of the navigation of the pages it does rebuild. Give
        them the titles (and the front matter the navigation shows) a clean
        build gives them, so that a rebuilt page equals a clean build's."""
        assert self.site is not None
        for page in nav.pages:
            generated = self.pages.get(page.file.src_uri)
            if generated is not None:
                # Every one, changed or not (which is decided later): a page
                # that is rebuilt gets the same again in on_page_markdown.
                page.markdown = ""
                page.meta = self._generated_meta(generated)
            elif not page.file.is_modified():
                self._site_page_title(page, config, files)

    def _site_page_title(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """The title of one of the site's own pages that this dirty build
        does not read: from its front matter, else as it was rendered the
        last time its source was the same (a heading's Markdown and entities
        rendered), else rendered now."""
        page.read_source(config)
        if "title" in page.meta:
            return
        try:
            source = hashlib.sha1(page.file.content_bytes, usedforsecurity=False).hexdigest()
        except OSError:
            return
        static = self.build.static
        title = self.build.title_of(page.file.src_uri, source, static)
        # A rendered heading has no markup (its '<' is '&lt;'); a title that
        # has some did not come from a render and is not used.
        if title is not None and "<" not in title:
            page.meta["title"] = title
        elif self.state is not None:
            self.state.cursor = PageCursor(PageLinks(self.layout, str(page.url)), page.file.src_uri)
            try:
                page.render(config, files)
            except Exception:  # the page is not rebuilt; its title stays as read
                return
            finally:
                self.state.cursor = None
            title = page.title
        if isinstance(title, str):
            self.build.keep_title(page.file.src_uri, source, title, static)

    def _generated_meta(self, generated: SitePage) -> dict[str, Any]:
        """The front matter a generated page gets (its title, escaped)."""
        assert self.site is not None
        if generated.kind == "report":
            report = self.site.report(generated)
            return page_meta(report.meta, report.title)
        # Generated pages have no table of contents: give Material's space
        # for it to the page (a timeline, two columns of statements).
        return {"title": str(escape(self.site.title(generated))), "hide": ["toc"]}

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
        state, site = self.state, self.site
        if state is None or site is None:
            return markdown
        src = page.file.src_uri
        links = PageLinks(self.layout, str(page.url))
        generated = self.pages.get(src)
        if generated is None:
            state.cursor = PageCursor(links, src)
            return markdown
        page.meta = self._generated_meta(generated)
        if generated.kind == "report":
            state.cursor = PageCursor.for_report(site.report(generated), links, src)
            return markdown
        state.cursor = None
        return ""

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Report header and JSON-LD around a report; generated pages' HTML."""
        state, site = self.state, self.site
        if state is None or site is None:
            return html
        cursor, state.cursor = state.cursor, None
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        if generated.kind != "report":
            # Made in on_page_context, just before the page is written: MkDocs
            # renders every page before it writes the first, and the speaker
            # and proposition pages held all at once were the build's peak.
            return ""
        links = PageLinks(self.layout, str(page.url))
        report = site.report(generated)
        texts: dict[str, str] = {}
        if cursor is not None:
            self._log(disagreements(report, cursor, self.sources, self.unclosed))
            texts = cursor.texts
        self.build.rendered(report.key, texts)
        return f"{site.report_header(generated, links)}\n{html}"

    @event_priority(50)  # before the search plugins, which take the page's text here
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The HTML of a speaker, proposition or index page (see on_page_content)."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.kind != "report" and self.site is not None:
            page.content = self.site.body(generated, PageLinks(self.layout, str(page.url)))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """JSON-LD and feed links go in the head (Material's instant navigation
        re-runs the scripts of the page body as JavaScript, whatever their type).
        JSON-LD is made here, page by page, not kept from on_page_content: MkDocs
        renders every page before it writes the first."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            self._keep_title(page)
            return output
        # MkDocs keeps every page's HTML (and a report's Markdown) until the
        # build ends, though nothing reads them once the page is written (the
        # search plugins took the text in on_page_context; the title is in
        # the front matter the plugin gave the page). A newsroom's pages are
        # most of the site and richer than hand-written ones: let them go.
        page.content = None
        page.markdown = ""
        script = ""
        if self.site is not None:
            if generated.kind == "report" and self.config.json_ld:
                report = self.site.report(generated)
                if report.claims:
                    script = json_ld(
                        report,
                        self.site.index,
                        self.layout,
                        self.build.claim_texts(report.key),
                        self.site_url,
                        self.site_name,
                    )
            script += self.site.feed_link(generated, str(page.url))
            # claims.js reads the touch hint here, in the site's language.
            hint = escape(self.site.renderer.label("tap_to_open"))
            script += f'<meta name="mkdocs-claims:tap-hint" content="{hint}">'
        if not script:
            return output
        head, found, rest = output.partition("</head>")
        if not found:
            return output + script
        return f"{head}{script}\n{found}{rest}"

    # -- after the build -----------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write claims.json (and claims.db) and the feeds; remember what was built."""
        if self.site is None:
            return
        site_dir = config.site_dir
        exporting = bool(self.config.export_json or self.config.export_sqlite or self.config.feeds)
        before = {
            key: dest
            for key, dest in self.build.written_before().items()
            if key.startswith(("export:", "feed:"))
        }
        files = [os.path.join(site_dir, dest) for dest in before.values()]
        if exporting and not self.build.exports_changed(files):
            # A dirty build after an edit that changed none of their data.
            for key, dest in before.items():
                self.build.written(key, dest)
        elif exporting:
            self._write_exports(config)
        state = self.build.finish(site_dir, self.site_files)
        if self.serving:
            self.last_state = state

    def _write_exports(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        index, site_dir = self.site.index, config.site_dir
        data = SiteData(index, self.layout, self._text_of, self._quote_text, self.site_url or None)
        written: list[str] = []
        for problem in write_exports(self.config, site_dir, data, self.site_files, written):
            log.warning(problem)
        for path in written:
            relative = os.path.relpath(path, site_dir).replace(os.sep, "/")
            self.build.written(f"export:{relative}", relative)
        if self.config.feeds:
            feeds = Feeds(
                index,
                self.layout,
                self.site.renderer.label,
                self._text_of,
                self.plain,
                str(config.site_author or config.site_name),
            )
            addresses = Addresses(self.site_url, str(config.site_name))
            paths, problems = write_feeds(feeds, addresses, site_dir)
            for problem in problems:
                log.warning(problem)
            for path in paths:
                self.build.written(f"feed:{path}", path)

    def _text_of(self, claim: Claim) -> str:
        return self.build.text_of(claim, self.plain.convert)

    def _quote_text(self, quote: Quote) -> str:
        return self.build.quote_text(quote, self.plain.convert)

    def _keep_title(self, page: Page) -> None:
        """Remember the title one of the site's own pages was rendered with,
        for the navigation of the next dirty build."""
        if self.site is None or not self.build.track or "title" in page.meta:
            return
        title = page.title
        if not isinstance(title, str):
            return
        try:
            source = hashlib.sha1(page.file.content_bytes, usedforsecurity=False).hexdigest()
        except OSError:
            return
        self.build.keep_title(page.file.src_uri, source, title, self.build.static)

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
