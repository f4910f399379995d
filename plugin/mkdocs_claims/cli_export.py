"""``mkdocs-claims export --sqlite FILE [--json FILE] [PATH]``: the site's
data without building the site (and without MkDocs).

It reads the project as ``check`` does (the settings of mkdocs.yml that
shape the data: ``site_url``, ``use_directory_urls``, the plugin's URL
prefixes, ``block_names`` and ``contradiction_window``), and writes the same ``claims.db``
and ``claims.json`` as the build. Claim and quote text is the plain text of
their Markdown (:class:`mkdocs_claims.export.PlainText`), which is the text
the build renders unless the site's own Markdown extensions change words.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any

from .cli import project_for
from .diagnostics import severity
from .export import PlainText, SiteData, write_json
from .output import shorten
from .sqlite import write_sqlite


def add_export_command(commands: Any) -> None:
    """Add ``export`` to the ``mkdocs-claims`` subcommands."""
    export = commands.add_parser(
        "export",
        help="write claims.db (SQLite) or claims.json without building the site",
        description="Write the site's data as the build does, without MkDocs: a SQLite "
        "database for Datasette (--sqlite) and/or claims.json (--json).",
    )
    export.add_argument("--sqlite", metavar="FILE", help="write the SQLite database to FILE")
    export.add_argument("--json", metavar="FILE", help="write claims.json to FILE")
    export.add_argument(
        "path",
        nargs="?",
        default=".",
        help="a project directory with mkdocs.yml, an mkdocs.yml, or a content directory "
        "(default: the current directory)",
    )


def run_export(args: argparse.Namespace) -> int:
    """Run ``mkdocs-claims export``; the exit status."""
    targets = [
        (name, value) for name, value in (("sqlite", args.sqlite), ("json", args.json)) if value
    ]
    if not targets:
        print("mkdocs-claims export: give --sqlite FILE or --json FILE (or both)", file=sys.stderr)
        return 2
    for name, value in targets:
        if os.path.isdir(value) or value.endswith(("/", os.sep)):
            print(
                f"mkdocs-claims export: --{name} '{shorten(value)}' is a directory", file=sys.stderr
            )
            return 2
    if len({os.path.abspath(value) for _, value in targets}) < len(targets):
        print("mkdocs-claims export: --sqlite and --json name the same file", file=sys.stderr)
        return 2
    project = project_for(args.path)
    if not os.path.isdir(project.sources.content_dir):
        print(
            f"mkdocs-claims: no content directory at {project.sources.content_dir}",
            file=sys.stderr,
        )
        return 2
    result = project.scan()
    plain = PlainText()
    data = SiteData(
        result.index,
        project.layout,
        lambda claim: plain(claim.body),
        lambda quote: plain(quote.body),
        project.site_url,
    )
    for name, value in targets:
        writer = write_sqlite if name == "sqlite" else write_json
        try:
            writer(os.path.abspath(value), data)
        except (OSError, sqlite3.Error) as error:
            print(
                f"mkdocs-claims export: cannot write {shorten(value)}: {shorten(str(error), 200)}",
                file=sys.stderr,
            )
            return 2
    warnings = sum(
        1
        for diagnostic in result.diagnostics
        if severity(diagnostic.kind, project.validation) == "warn"
    )
    note = f", {warnings} warnings (see mkdocs-claims check)" if warnings else ""
    print(
        f"mkdocs-claims: {len(result.index.reports)} reports, {len(result.index.claims)} claims "
        f"written to {', '.join(value for _, value in targets)}{note}",
        file=sys.stderr,
    )
    return 0
