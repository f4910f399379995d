"""Where every generated page lives: source paths, URLs and relative links.

The plugin's pages are virtual Markdown files (``reports/2018/pompeo.md``,
``speakers/mike-pompeo.md``) whose URLs follow the site generator's rule:
``reports/2018/pompeo/`` with directory URLs, ``reports/2018/pompeo.html``
without.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import quote


def _prefix(value: str) -> str:
    value = value.strip().strip("/")
    return f"{value}/" if value else ""


@dataclass(frozen=True)
class Layout:
    """The site's URL scheme for reports, speakers and propositions."""

    reports: str = "reports/"
    speakers: str = "speakers/"
    propositions: str = "propositions/"
    directory_urls: bool = True
    source_links: bool = False
    """Link pages by their source paths (``../speakers/mike-pompeo.md``), for
    a generator that resolves and checks such links itself."""

    @classmethod
    def create(cls, reports: str, speakers: str, propositions: str, directory_urls: bool) -> Layout:
        """A layout from the configured URL prefixes (slashes normalised)."""
        return cls(_prefix(reports), _prefix(speakers), _prefix(propositions), directory_urls)

    def with_source_links(self) -> Layout:
        """The same layout, linking pages by their source paths."""
        return dataclasses.replace(self, source_links=True)

    # source paths of the virtual pages
    def report_src(self, key: str) -> str:
        """Source path of a report page."""
        return f"{self.reports}{key}.md"

    def speaker_src(self, speaker: str) -> str:
        """Source path of a speaker page."""
        return f"{self.speakers}{speaker}.md"

    def proposition_src(self, proposition: str) -> str:
        """Source path of a proposition page."""
        return f"{self.propositions}{proposition}.md"

    def index_src(self, prefix: str) -> str:
        """Source path of an index page (``speakers/index.md``)."""
        return f"{prefix}index.md"

    def dest(self, src: str) -> str:
        """The file the page built from ``src`` is written to (MkDocs' ``File.dest_uri``)."""
        stem, _ = posixpath.splitext(src)
        if not self.directory_urls or posixpath.basename(stem) == "index":
            return f"{stem}.html"
        return f"{stem}/index.html"

    # site-relative URLs, percent-encoded like MkDocs' File.url
    def url(self, src: str) -> str:
        """The URL of the page built from ``src``, relative to the site root
        (with ``source_links``, its source path, percent-encoded alike)."""
        if self.source_links:
            return quote(src, safe="/")
        return _page_url(src, self.directory_urls)

    def report_url(self, key: str) -> str:
        """URL of a report page."""
        return self.url(self.report_src(key))

    def claim_url(self, report: str, claim: str) -> str:
        """The claim's global key: its report's URL and its anchor."""
        return f"{self.report_url(report)}#claim-{claim}"

    def quote_url(self, report: str, quote: str) -> str:
        """A quote's address: its report's URL and its anchor."""
        return f"{self.report_url(report)}#quote-{quote}"

    def speaker_url(self, speaker: str) -> str:
        """URL of a speaker page."""
        return self.url(self.speaker_src(speaker))

    def proposition_url(self, proposition: str) -> str:
        """URL of a proposition page."""
        return self.url(self.proposition_src(proposition))

    def index_url(self, prefix: str) -> str:
        """URL of an index page."""
        return self.url(self.index_src(prefix))

    # Atom feeds: beside the page they follow, whatever use_directory_urls says
    def speaker_feed_url(self, speaker: str) -> str:
        """URL of a speaker's feed (``speakers/<id>/feed.xml``)."""
        return quote(f"{self.speakers}{speaker}/feed.xml", safe="/")

    def proposition_feed_url(self, proposition: str) -> str:
        """URL of a proposition's feed (``propositions/<id>/feed.xml``)."""
        return quote(f"{self.propositions}{proposition}/feed.xml", safe="/")

    def reports_feed_url(self) -> str:
        """URL of the newest reports' feed (``reports/feed.xml``)."""
        return quote(f"{self.reports}feed.xml", safe="/")


@functools.lru_cache(maxsize=65536)
def _page_url(src: str, directory_urls: bool) -> str:
    # Every link of every page asks for a URL; a site has few distinct ones.
    stem, _ = posixpath.splitext(src)
    name = posixpath.basename(stem)
    if directory_urls:
        url = posixpath.dirname(stem) if name == "index" else stem
        url = f"{url}/" if url else ""
    else:
        url = f"{stem}.html"
    return quote(url, safe="/")


def _parts(path: str) -> list[str] | None:
    """The segments of a normal path, or None when it has '..' (needs posixpath)."""
    parts = [part for part in path.split("/") if part and part != "."]
    return None if ".." in parts else parts


def _relpath(target: str, base_dir: str) -> str:
    """``posixpath.relpath`` for two site-relative paths; a fast path for the
    normal ones, since every link of every generated page goes through here."""
    target_parts, base_parts = _parts(target), _parts(base_dir)
    if target_parts is None or base_parts is None:
        return posixpath.relpath("/" + target, "/" + base_dir)
    common = 0
    for mine, theirs in zip(target_parts, base_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


def relative_url(target: str, base: str) -> str:
    """``target`` (site-relative) as a link from the page at ``base``.

    The same rule as ``mkdocs.utils.get_relative_url`` for page URLs, written
    out so that the core does not import MkDocs; a link to the site root from
    a directory page ends with '/'.
    """
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    base_dir = posixpath.dirname(base) if not base.endswith("/") else base.rstrip("/")
    target_path = target or "."
    relative = _relpath(target_path, base_dir) if base_dir else target_path
    if relative == ".":
        relative = "./"
    elif target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    if not target and base_dir:
        relative = _relpath("", base_dir) + "/"
    return relative + fragment
