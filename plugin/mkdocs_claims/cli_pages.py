"""``mkdocs-claims pages [PATH] --out DIR``: the newsroom's pages as Markdown
for another site generator (Zensical), see :mod:`mkdocs_claims.pages`.

It reads the project as ``check`` does, preferring ``zensical.toml`` (where
the claims extension is configured on its own) to ``mkdocs.yml``, prints
the diagnostics, and writes the report, speaker, proposition and index
pages and the stylesheet and script into DIR (the generator's docs_dir).
Exit status 0; 1 with ``--strict`` when there is a warning (the pages are
written all the same); 2 when the project cannot be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from typing import Any

from .cli import find_config, project_for
from .diagnostics import ordered, severity
from .marker import is_written_page
from .output import shorten
from .pages import write_pages
from .siteconfig import CONFIG_NAMES, ConfigError, docs_dests
from .standalone import OPTIONS, checked_options, load

ORDER = ("zensical.toml", *(name for name in CONFIG_NAMES if name != "zensical.toml"))
"""Where ``pages`` looks for the configuration: Zensical's file first."""


def add_pages_command(commands: Any) -> None:
    """Add ``pages`` to the ``mkdocs-claims`` subcommands."""
    pages = commands.add_parser(
        "pages",
        help="write the report, speaker, proposition and index pages as Markdown "
        "for another site generator (Zensical)",
        description="Write the newsroom's pages as Markdown into DIR (the generator's "
        "docs_dir), with relative .md links between them, and the claims stylesheet and "
        "script under DIR/assets/mkdocs-claims/. Pages written earlier that the newsroom no "
        "longer has are removed; the site's own pages are never replaced. The claim blocks of "
        "report pages are rendered by the claims Markdown extension (mkdocs_claims.markdown).",
    )
    pages.add_argument(
        "path",
        nargs="?",
        default=".",
        help="a project directory with zensical.toml or mkdocs.yml, the file itself, or a "
        "content directory (default: the current directory)",
    )
    pages.add_argument("--out", required=True, metavar="DIR", help="where to write the pages")
    pages.add_argument(
        "--strict", action="store_true", help="exit with status 1 when there is a warning"
    )


def run_pages(args: argparse.Namespace) -> int:
    """Run ``mkdocs-claims pages``; the exit status."""
    config_file = find_config(args.path, ORDER)
    try:
        project = project_for(config_file or args.path, zensical=True)
        # The plugin's options that pages do not show (feeds, nav_reports...) are left out.
        options = {key: value for key, value in project.options.items() if key in OPTIONS}
        options = checked_options(options)
    except ConfigError as error:
        print(f"mkdocs-claims: {error}", file=sys.stderr)
        return 2
    sources = project.sources
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not os.path.isdir(out):
        print(f"mkdocs-claims pages: --out '{shorten(args.out)}' is not a folder", file=sys.stderr)
        return 2
    content = os.path.realpath(sources.content_dir)
    if os.path.commonpath([content, os.path.realpath(out)]) == content:
        # Written pages would be read as reports next time.
        print(
            f"mkdocs-claims pages: --out '{shorten(args.out)}' is inside the content folder",
            file=sys.stderr,
        )
        return 2
    # The site's own files are those in DIR that this command did not write.
    project = dataclasses.replace(
        project, taken=docs_dests(out, sources.project_dir, project.layout, is_written_page)
    )
    loaded = load(project, options)
    diagnostics = loaded.diagnostics
    try:
        written = write_pages(loaded.site, sources, out, loaded.scan.digests)
    except OSError as error:
        print(
            f"mkdocs-claims pages: cannot write the pages: {shorten(str(error), 200)}",
            file=sys.stderr,
        )
        return 2
    diagnostics += written.diagnostics
    warnings = 0
    for diagnostic in ordered(diagnostics):
        if severity(diagnostic.kind, project.validation) == "warn":
            warnings += 1
            print(diagnostic)
    print(
        f"mkdocs-claims: {len(written.written)} files written to {shorten(args.out, 200)} "
        f"({written.unchanged} unchanged, {len(written.removed)} removed), "
        f"{warnings} warning{'' if warnings == 1 else 's'}",
        file=sys.stderr,
    )
    return 1 if warnings and args.strict else 0
