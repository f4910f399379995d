"""Do no harm: a site renders exactly as without the plugin, but for its two asset tags.

The corpora are ones nobody here wrote, from the source distributions of the
versions installed: the documentation and the legacy test documents of
Python-Markdown, and pymdown-extensions' own documentation (about 50 pages,
Material with some thirty extensions, and a Blocks admonition type named
'quote', the name of the plugin's quote block), each built by MkDocs with and
without the plugin.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, build_site, make_config, write

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.superfences",
]


@pytest.fixture(scope="session")
def markdown_corpus(tmp_path_factory: pytest.TempPathFactory, pytestconfig) -> Path:
    """docs/ and tests/ of Python-Markdown's sdist, as a docs_dir."""
    release = version("markdown")
    cache = Path(pytestconfig.cache.mkdir(f"markdown-sdist-{release}"))
    archives = list(cache.glob("*.tar.gz"))
    if not archives:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"markdown=={release}",
                "-d",
                str(cache),
            ],
            check=True,
        )
        archives = list(cache.glob("*.tar.gz"))
    docs = tmp_path_factory.mktemp("corpus") / "docs"
    with tarfile.open(archives[0]) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if len(parts) < 3 or parts[1] not in ("docs", "tests") or not member.isfile():
                continue
            if not member.name.endswith((".md", ".txt")):
                continue
            target = docs / Path(*parts[1:]).with_suffix(".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = archive.extractfile(member)
            assert handle is not None
            target.write_bytes(handle.read())
    assert len(list(docs.rglob("*.md"))) > 100
    return docs


def build_corpus(docs: Path, root: Path, plugins: list) -> dict[str, str]:
    root.mkdir()
    shutil.copytree(docs, root / "docs")
    (root / "mkdocs.yml").write_text(
        make_config(markdown_extensions=EXTENSIONS, plugins=plugins), encoding="utf-8"
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    build(config)
    pages = {}
    for path in sorted((root / "site").rglob("*.html")):
        relative = path.relative_to(root / "site").as_posix()
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
            "article"
        )
        if article is not None:
            pages[relative] = str(article)
    return pages


def test_pages_without_annotations_render_identically(markdown_corpus: Path, tmp_path: Path):
    without = build_corpus(markdown_corpus, tmp_path / "without", ["search"])
    with_plugin = build_corpus(
        markdown_corpus, tmp_path / "with", ["search", {"claims": {"content_dir": "none"}}]
    )
    assert len(without) > 100
    for name, html in without.items():
        assert with_plugin.get(name) == html, name


def test_escapes_and_at_links_of_unannotated_pages_are_kept(tmp_path: Path):
    docs = tmp_path / "src"
    docs.mkdir()
    (docs / "index.md").write_text(
        "A path a\\/b, a handle [me](@someone), and `/// claim | x` in code.\n",
        encoding="utf-8",
    )
    without = build_corpus(docs, tmp_path / "without", ["search"])
    with_plugin = build_corpus(docs, tmp_path / "with", ["search", "claims"])
    assert with_plugin["index.html"] == without["index.html"]
    assert "a\\/b" in without["index.html"]


# -- a larger real site: pymdown-extensions' own documentation ---------------------

# The two asset tags, each on its own line as the themes write them.
ASSET_TAGS = re.compile(
    r"^[ \t]*(?:<link[^>\n]*mkdocs-claims/claims\.css[^>\n]*>"
    r"|<script[^>\n]*mkdocs-claims/claims\.js[^>\n]*></script>)[ \t]*\n",
    re.MULTILINE,
)
BLANK_LINES = re.compile(r"^[ \t]*\n", re.MULTILINE)


def without_assets(html: str) -> str:
    """A page without the plugin's two asset tags (and the blank line the
    theme's loop writes with each: whitespace-only lines are dropped)."""
    return BLANK_LINES.sub("", ASSET_TAGS.sub("", html))


def _pip_download(name: str, release: str, target: Path) -> Path:
    """The sdist of ``name==release``, fetched once into ``target``."""
    found = sorted(target.glob(f"{name.replace('-', '_')}-{release}.tar.gz"))
    if not found:
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{name}=={release}",
                "-d",
                str(target),
            ],
            check=True,
        )
        found = sorted(target.glob(f"{name.replace('-', '_')}-{release}.tar.gz"))
    return found[0]


@pytest.fixture(scope="session")
def pymdownx_docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """pymdown-extensions' documentation from the sdist of the installed
    version (cached under .cache/corpora), as a project MkDocs with Material
    9 builds: the sdist carries the configuration for Zensical, so what
    Material 9 does not have is supplied (Lucide icons as empty SVGs in the
    site's own custom_dir, the two files the sdist leaves out) and the one
    Markdown extension of the repository that the sdist lacks is dropped."""
    archive = _pip_download(
        "pymdown-extensions", version("pymdown-extensions"), REPO / ".cache" / "corpora"
    )
    root = tmp_path_factory.mktemp("pymdownx")
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    project = next(root.iterdir())
    source = project / "mkdocs.yml"
    if not source.exists():
        source = project / "zensical.yml"
    lines = source.read_text(encoding="utf-8").split("\n")
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("  - tools.collapse_code"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    config = "\n".join(kept)
    docs = project / "docs"
    for icon in sorted(set(re.findall(r"lucide/[a-z0-9-]+", config + _all_text(docs)))):
        path = docs / "theme" / ".icons" / f"{icon}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>')
    (project / "SECURITY.md").write_text("# Security\n", encoding="utf-8")
    image = docs / "src" / "markdown" / "images" / "placeholder.jpeg"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"")
    (project / "base.yml").write_text(config, encoding="utf-8")
    # Its fences import tools.pymdownx_md_render: importable, without the
    # sdist's own copy of pymdownx shadowing the installed one.
    path = tmp_path_factory.mktemp("pymdownx-tools")
    shutil.copytree(project / "tools", path / "tools")
    sys.path.insert(0, str(path))
    try:
        yield project
    finally:
        sys.path.remove(str(path))


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*.md"))


def build_project(project: Path, site: str, plugins: list[Any]) -> tuple[dict[str, str], list[str]]:
    """Build ``project`` (its base.yml with these plugins) into ``site``: the
    HTML of every page, and every warning (what --strict counts)."""
    (project / f"{site}.yml").write_text(
        f"INHERIT: base.yml\n{yaml.safe_dump({'plugins': plugins})}", encoding="utf-8"
    )
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    cwd = os.getcwd()
    os.chdir(project)  # its snippets' base_path is relative to where mkdocs runs
    try:
        config = load_config(config_file=str(project / f"{site}.yml"), site_dir=str(project / site))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    pages = {
        path.relative_to(project / site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((project / site).rglob("*.html"))
    }
    return pages, handler.messages


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="session")
def pymdownx_without(pymdownx_docs: Path) -> dict[str, str]:
    """The pages of pymdown-extensions' documentation built without the plugin."""
    without, warned = build_project(pymdownx_docs, "site-without", ["search"])
    assert len(without) > 40 and warned == []  # so --strict passes without the plugin
    return without


def test_a_larger_real_site_builds_exactly_as_without_the_plugin(
    pymdownx_docs: Path, pymdownx_without: dict[str, str]
):
    without = pymdownx_without
    assert "/// quote" in _all_text(pymdownx_docs / "docs")  # the Blocks name the site uses
    plain, warned = build_project(pymdownx_docs, "site-plugin", ["search", "claims"])
    assert warned == []  # and with it
    assert set(plain) == set(without)
    for name, html in without.items():
        assert without_assets(plain[name]) == BLANK_LINES.sub("", html), name
        assert len(ASSET_TAGS.findall(plain[name])) == 2, name
    assert not (pymdownx_docs / "site-plugin" / "claims.json").exists()


def test_the_same_site_with_reports_keeps_its_blocks(
    pymdownx_docs: Path, pymdownx_without: dict[str, str]
):
    """With reports, and block_names set for the 'quote' the site uses: its
    own pages are unchanged but for the asset tags, and the reports work."""
    content = pymdownx_docs / "content"
    content.mkdir(exist_ok=True)
    (content / "speakers.yml").write_text("alice:\n  name: Alice\n", encoding="utf-8")
    (content / "propositions.yml").write_text("peace:\n  statement: Peace.\n", encoding="utf-8")
    (content / "r.md").write_text(
        "---\ntitle: R\ndate: 2020-01-01\n---\n\n/// claim | alice affirms peace\n\nYes.\n"
        "///\n\n/// speaker-quote | alice\n\nQuoted.\n///\n\n/// quote | A site quote\n\n"
        "The site's admonition.\n///\n",
        encoding="utf-8",
    )
    without = pymdownx_without
    try:
        options = {"block_names": {"quote": "speaker-quote"}}
        with_reports, warned = build_project(
            pymdownx_docs, "site-reports", ["search", {"claims": options}]
        )
    finally:
        shutil.rmtree(content)
    assert warned == []
    for name, html in without.items():
        assert without_assets(with_reports[name]) == BLANK_LINES.sub("", html), name
    report = BeautifulSoup(with_reports["reports/r/index.html"], "html.parser")
    assert report.select_one(".claim[data-stance=affirms]") is not None
    assert report.select_one("blockquote.speaker-quote[data-speaker=alice]") is not None
    assert report.select_one(".admonition.quote") is not None  # the site's block still works


# -- small sites: what a site that adds the plugin must not notice ------------------

REPORT = "---\ntitle: R\ndate: 2020-01-01\n---\n\n/// claim | a\n\nText.\n///\n"


def small_site(root: Path, plugin: dict[str, Any], files: dict[str, str], **extra: Any) -> Path:
    root.mkdir(exist_ok=True)
    write(root, {"mkdocs.yml": make_config(plugin, **extra), "docs/index.md": "# Home\n", **files})
    return root


def test_without_a_content_folder_nothing_is_added(tmp_path: Path, caplog):
    caplog.set_level(logging.INFO)
    site = build_site(small_site(tmp_path, {}, {}), caplog)
    names = {p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("*")}
    assert not [n for n in names if n.startswith(("reports", "speakers", "propositions"))]
    assert "claims.json" not in names
    assert "assets/mkdocs-claims/claims.css" in names  # what the two tags load
    infos = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.claims"]
    assert len(infos) == 1 and "no folder 'content'" in infos[0]


@pytest.mark.parametrize("with_reports", [False, True])
def test_an_explicit_nav_stays_strict(tmp_path: Path, with_reports: bool):
    files = {"docs/other.md": "# Other\n"}
    if with_reports:
        files |= {"content/r.md": REPORT, "content/speakers.yml": "a:\n  name: A\n"}
    root = small_site(
        tmp_path,
        {},
        files,
        nav=[{"Home": "index.md"}, {"Other": "other.md"}],
        validation={
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
        },
    )
    site = build_site(root, strict=True)  # raises Abort on any warning
    nav = site.page("").select("nav.md-nav--primary a.md-nav__link[href]")
    assert [a.get_text(strip=True) for a in nav] == ["Home", "Other"]
    assert site.exists("reports/r/") == with_reports


def test_the_sites_own_index_page_wins_once_in_the_navigation(tmp_path: Path, caplog):
    files = {
        "docs/reports/index.md": "# Our reports\n",
        "content/r.md": REPORT,
        "content/speakers.yml": "a:\n  name: A\n",
    }
    theme = {"name": "material", "features": ["navigation.footer"]}
    site = build_site(small_site(tmp_path, {}, files, theme=theme), caplog)
    assert site.warnings == [
        "docs/reports/index.md:1: this page is where the plugin writes the reports index "
        "('reports/index.md'); this page is kept and the plugin's index is not built"
    ]
    home = site.page("")
    links = [a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert links.count("reports/") == 1
    page = site.page("reports/")
    assert page.h1.get_text() == "Our reports"
    previous = page.select_one("a.md-footer__link--prev")
    following = page.select_one("a.md-footer__link--next")
    # Its neighbours are other pages (it was its own 'Previous' when listed twice).
    assert previous is not None and previous["href"] == "../propositions/"
    assert following is not None and following["href"] == "r/"


def test_a_blocks_name_the_site_uses_stays_the_sites(tmp_path: Path, caplog):
    extensions = [{"pymdownx.blocks.admonition": {"types": ["note", "quote"]}}]
    files = {
        "docs/index.md": "# Home\n\n/// quote | Wise words\nSaid well.\n///\n",
        "content/r.md": REPORT + "\n/// quote | a\n\nQuoted?\n///\n",
        "content/speakers.yml": "a:\n  name: A\n",
    }
    root = small_site(tmp_path, {}, files, markdown_extensions=extensions)
    (root / "docs/index.md").write_text(files["docs/index.md"], encoding="utf-8")
    site = build_site(root, caplog)
    config_line = (root / "mkdocs.yml").read_text().split("\n").index("- claims: {}") + 1
    assert site.warnings == [
        f"mkdocs.yml:{config_line}: another Markdown extension already registers the Blocks "
        "name 'quote' (for example 'types' of pymdownx.blocks.admonition), so the plugin's "
        "quote blocks are not available and '/// quote' stays the site's block: set "
        "block_names: {quote: speaker-quote} under the claims plugin and write "
        "'/// speaker-quote | …' in reports"
    ]
    assert site.page("").select_one(".admonition.quote") is not None
    report = site.page("reports/r/")
    assert report.select_one(".claim") is not None
    assert report.select_one(".admonition.quote") is not None  # the site's block
    check = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.stdout.splitlines() == site.warnings
