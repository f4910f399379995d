"""Do no harm: Markdown without annotations renders exactly as without the plugin.

The corpus is one nobody here wrote: the documentation and the legacy test
documents of Python-Markdown, from the source distribution of the version
installed, built by MkDocs with Material with and without the plugin.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_config

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
