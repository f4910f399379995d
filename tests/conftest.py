"""Real MkDocs builds in temporary directories, and what a reader would see."""

from __future__ import annotations

import json
import logging
import os
import posixpath
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class Site:
    """A built site: its pages parsed, its log records."""

    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def page(self, url: str) -> BeautifulSoup:
        """The parsed HTML of the page at a site-relative URL."""
        path = self.site_dir / unquote(url)
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def exists(self, url: str) -> bool:
        path = self.site_dir / unquote(url)
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.is_file()

    def json(self, name: str = "claims.json") -> Any:
        return json.loads((self.site_dir / name).read_text(encoding="utf-8"))

    @property
    def warnings(self) -> list[str]:
        return [
            r.getMessage()
            for r in self.records
            if r.levelno >= logging.WARNING and r.name.startswith("mkdocs.plugins.claims")
        ]

    def html_files(self) -> Iterator[Path]:
        yield from sorted(self.site_dir.rglob("*.html"))

    def url_of(self, path: Path) -> str:
        relative = path.relative_to(self.site_dir).as_posix()
        if relative.endswith("index.html"):
            return relative[: -len("index.html")]
        return relative

    def resolve(self, page_url: str, href: str) -> tuple[str, str] | None:
        """A relative href on a page, as (site-relative URL, fragment); None if external."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            return None
        base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url)
        if parts.path:
            joined = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path)))
            target = joined.lstrip("/")
            if parts.path.endswith("/") and target:
                target += "/"
            if target == ".":
                target = ""
        else:
            target = page_url
        return target, unquote(parts.fragment)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def make_config(plugin: dict[str, Any] | None = None, **extra: Any) -> str:
    config: dict[str, Any] = {
        "site_name": "Test newsroom",
        "theme": {"name": "material"},
        "markdown_extensions": ["admonition", "pymdownx.superfences", "pymdownx.blocks.details"],
        "plugins": ["search", {"claims": plugin or {}}],
    }
    config.update(extra)
    return yaml.safe_dump(config, allow_unicode=True)


def build_site(
    root: Path, caplog: pytest.LogCaptureFixture | None = None, **overrides: Any
) -> Site:
    """Build ``root/mkdocs.yml`` as ``mkdocs build`` would."""
    if not (root / "docs").exists():
        (root / "docs").mkdir()
    if not (root / "docs" / "index.md").exists():
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    start = len(caplog.records) if caplog is not None else 0
    build(config)
    records = list(caplog.records[start:]) if caplog is not None else []
    return Site(root, Path(config.site_dir), records)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_logged(root: Path, **overrides: Any) -> Site:
    """:func:`build_site` with the build's log records kept in ``Site.records``
    (caplog is function-scoped; this works in module-scoped fixtures too)."""
    handler = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build_site(root, **overrides)
    finally:
        logger.removeHandler(handler)
    site.records = handler.records
    return site


SPEAKERS = """
mike-pompeo:
  name: Mike Pompeo
  role: U.S. Secretary of State
  aliases: [Pompeo]
washington-post:
  name: The Washington Post
  kind: outlet
victor-cha:
  name: Victor Cha
  role: Korea scholar
김여정:
  name: Kim Yo Jong
  native_name: 김여정
"""

PROPOSITIONS = """
talks-progress:
  statement: US–North Korea talks are making substantial progress.
sanctions-stay:
  statement: Sanctions stay until North Korea denuclearizes.
"""


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A small newsroom: two reports that disagree, across and within."""
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "docs/index.md": "# Home\n",
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": PROPOSITIONS,
            "content/2018/rapid.md": """
                ---
                title: Pompeo says talks move "quite rapidly"
                date: 2018-06-11
                outlet: Example Wire
                author: A. Writer
                source: https://example.org/rapid
                ---

                Secretary [Pompeo](@mike-pompeo) spoke in Singapore.

                /// claim | mike-pompeo affirms talks-progress
                    id: rapid
                    note: "at a press briefing"

                "They are moving quite rapidly," he said.
                ///

                /// claim | washington-post denies talks-progress
                    id: little-progress

                The talks have made little progress.
                ///

                /// quote | victor-cha

                They can't even get past first base.
                ///
                """,
            "content/2018/summit.md": """
                ---
                title: Second summit agreed
                date: 2018-10-07
                outlet: Other Wire
                ---

                /// claim | victor-cha denies talks-progress
                    id: long-haul

                It is going to be a long haul.
                ///

                /// claim | 김여정 affirms talks-progress

                Significant progress.
                ///
                """,
        },
    )
    return tmp_path
