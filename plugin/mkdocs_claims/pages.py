"""The newsroom's pages as Markdown files, for a generator that runs
Python-Markdown extensions but not MkDocs plugins (Zensical).

``mkdocs-claims pages`` writes every page of :class:`NewsroomSite` into a
folder of the generator's ``docs_dir``: a report page is the report's
Markdown (its claim blocks left for the claims extension to render,
:mod:`mkdocs_claims.standalone`) under its header; a speaker, proposition or
index page is the HTML the MkDocs build shows. Links between the pages are
relative links to their Markdown sources (``../speakers/mike-pompeo.md``),
which the generator resolves for its own URL style and checks.

Every file written starts, after its front matter, with a marker line
naming what it shows. The marker is how a later run knows its own files
(rewritten when they change, removed when the page is gone) from the site's
own pages (never touched), and how the claims extension knows which report
a page shows and whether it is older than the report's source.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

import yaml
from markupsafe import escape

from .marker import is_written_page, marker_line
from .model import Diagnostic
from .output import replacing
from .render import PageLinks
from .scan import Sources, read_source
from .site import NewsroomSite, SitePage, page_meta
from .syntax import split_front_matter, tame_headers

ASSETS = ("assets/mkdocs-claims/claims.css", "assets/mkdocs-claims/claims.js")
"""Where the stylesheet and script go (for ``extra_css`` and ``extra_javascript``)."""

_DROPPED_META = ("template", "icon")
"""Front matter that names a file of an MkDocs theme (another generator may lack it)."""


def _front_matter(values: dict[str, object]) -> str:
    # A value's later lines are indented (or its line breaks escaped), so no
    # line of a value can end the front matter.
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{text}---\n"


def page_text(site: NewsroomSite, page: SitePage, sources: Sources, digest: str = "") -> str | None:
    """The Markdown file of ``page`` (None: its report can no longer be read)."""
    links = PageLinks(site.layout, site.layout.url(page.src))
    mark = marker_line(page, digest)
    if page.kind != "report":
        # Generated pages have no table of contents (as in the MkDocs build).
        head = _front_matter({"title": str(escape(site.title(page))), "hide": ["toc"]})
        return f"{head}{mark}\n\n{site.body(page, links).strip()}\n"
    report = site.report(page)
    path = os.path.join(sources.content_dir, report.key + ".md")
    text = read_source(path, report.path, [], sources.content_dir, sources.max_size)
    if text is None:
        return None
    _, body, _ = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    meta = {
        key: value
        for key, value in page_meta(report.meta, report.title).items()
        if key not in _DROPPED_META
    }
    header = site.report_header(page, links).strip()
    return f"{_front_matter(meta)}{mark}\n\n{header}\n\n{tame_headers(body)}"


@dataclass
class Written:
    """What one run did."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([root, path]) == root


def write_pages(
    site: NewsroomSite, sources: Sources, out_dir: str, digests: dict[str, str]
) -> Written:
    """Write every page of ``site`` and the two assets into ``out_dir``;
    remove the pages an earlier run wrote that the site no longer has.

    A file is rewritten only when its text changes. A file that is not one
    this command wrote is never replaced (the scan has already left out the
    pages that would replace one, with a ``reserved_path`` diagnostic).
    """
    result = Written()
    root = os.path.realpath(out_dir)
    os.makedirs(root, exist_ok=True)

    def label(src: str) -> str:
        return sources.label(os.path.join(root, src))

    wanted: set[str] = set()
    for page in site.pages():
        digest = digests.get(page.key, "") if page.kind == "report" else ""
        text = page_text(site, page, sources, digest)
        if text is None:
            continue
        wanted.add(page.src)
        _write(root, page.src, text.encode("utf-8"), result, label, is_written_page)
    assets = resources.files("mkdocs_claims").joinpath("assets")
    for uri in ASSETS:
        data = assets.joinpath(os.path.basename(uri)).read_bytes()
        _write(root, uri, data, result, label, None)
    layout = site.layout
    folders = {layout.reports, layout.speakers, layout.propositions}
    _remove_stale(root, sorted(folders), wanted, result)
    return result


def _write(
    root: str,
    src: str,
    data: bytes,
    result: Written,
    label: Callable[[str], str],
    owned: Callable[[str], bool] | None,
) -> None:
    """Write ``data`` to ``src`` under ``root`` unless it is there already;
    a file there that ``owned`` says is not ours is left alone, and nothing
    is written (or a folder made) through a link out of ``root``."""
    target = os.path.normpath(os.path.join(root, src))
    if not _inside(target, root):
        return  # ids and report paths are checked; never write outside all the same
    parent = os.path.dirname(target)
    existing = parent
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not _inside(os.path.realpath(existing), root):
        result.diagnostics.append(_refused(label(src), "its folder is a link out of the folder"))
        return
    os.makedirs(parent, exist_ok=True)
    if os.path.lexists(target):
        if os.path.islink(target) or not os.path.isfile(target):
            result.diagnostics.append(_refused(label(src), "a link or a folder is in its place"))
            return
        if owned is not None and not owned(target):
            result.diagnostics.append(
                _refused(label(src), "a page of the site's own is in its place")
            )
            return
        with open(target, "rb") as handle:
            if handle.read(len(data) + 1) == data:
                result.unchanged += 1
                return
    with replacing(target) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
    result.written.append(src)


def _refused(path: str, why: str) -> Diagnostic:
    return Diagnostic(path, 1, "reserved_path", f"this page is not written: {why}")


def _remove_stale(
    root: str, folders: Iterable[str], wanted: Iterable[str], result: Written
) -> None:
    """Remove the pages an earlier run wrote under ``folders`` (the
    newsroom's URL prefixes) that are not wanted now, and the folders that
    leaves empty. Hidden folders are not looked into."""
    keep = {os.path.normpath(os.path.join(root, src)) for src in wanted}
    emptied: set[str] = set()
    seen: set[str] = set()
    for prefix in folders:
        top = os.path.normpath(os.path.join(root, prefix))
        if not os.path.isdir(top) or os.path.islink(top) or not _inside(top, root):
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            if folder in seen:
                dirs[:] = []
                continue
            seen.add(folder)
            for name in sorted(names):
                path = os.path.join(folder, name)
                if path in keep or not is_written_page(path):
                    continue
                os.remove(path)
                result.removed.append(os.path.relpath(path, root).replace(os.sep, "/"))
                emptied.add(folder)
    for folder in sorted(emptied, key=len, reverse=True):
        while folder != root and _inside(folder, root):
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty
            folder = os.path.dirname(folder)
