"""``mkdocs-claims export --sqlite FILE [--json FILE] [PATH]``: the site's
data without building the site (and without MkDocs).

It reads the sources as ``check`` does, with the settings of mkdocs.yml that
shape the data (``site_url``, ``use_directory_urls``, the plugin's URL
prefixes and ``contradiction_window``), and writes the same ``claims.db``
and ``claims.json`` as the build. Claim and quote text is the plain text of
their Markdown (:class:`mkdocs_claims.export.PlainText`), which is the text
the build renders unless the site's own Markdown extensions change words.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from .cli import _LenientLoader, find_config, plugin_options, sources_for
from .diagnostics import severity
from .export import PlainText, SiteData, write_json
from .layout import Layout
from .output import shorten
from .scan import scan
from .siteconfig import load_zensical_toml
from .sqlite import write_sqlite


class _SettingsLoader(_LenientLoader):
    """mkdocs.yml as MkDocs reads it where it matters here: ``!ENV`` is the
    environment variable's value (``site_url: !ENV [SITE_URL, default]``)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
        default = None
    else:
        names = list(loader.construct_sequence(node))  # type: ignore[arg-type]
        default = names.pop() if len(names) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


_SettingsLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class Settings:
    """What of mkdocs.yml shapes the exported data."""

    site_url: str | None = None
    directory_urls: bool = True
    reports_url: str = "reports/"
    speakers_url: str = "speakers/"
    propositions_url: str = "propositions/"
    contradiction_window: int | None = None


def settings_for(path: str) -> Settings:
    """The settings of the project at PATH; defaults without mkdocs.yml.

    Raises ValueError with a message when a setting has the wrong type.
    """
    config_file = find_config(path)
    if config_file is None:
        return Settings()
    if config_file.lower().endswith(".toml"):
        config, _ = load_zensical_toml(config_file)
    else:
        with open(config_file, encoding="utf-8") as handle:
            config = yaml.load(handle, Loader=_SettingsLoader) or {}
    if not isinstance(config, dict):
        config = {}
    options = plugin_options(config_file)
    site_url = config.get("site_url")
    if isinstance(site_url, str) and urlsplit(site_url.strip()).netloc:
        # As MkDocs does: the site's address ends with '/'.
        site_url = site_url.strip().rstrip("/") + "/"
    else:
        site_url = None  # unset, or not an address MkDocs would accept
    window = options.get("contradiction_window")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int)):
        raise ValueError(
            f"contradiction_window must be a whole number of days, not '{shorten(str(window))}'"
        )
    return Settings(
        site_url=site_url,
        directory_urls=config.get("use_directory_urls", True) is not False,
        reports_url=str(options.get("reports_url", "reports/")),
        speakers_url=str(options.get("speakers_url", "speakers/")),
        propositions_url=str(options.get("propositions_url", "propositions/")),
        contradiction_window=window,
    )


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
    sources, validation = sources_for(args.path)
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    try:
        settings = settings_for(args.path)
    except (OSError, yaml.YAMLError, ValueError) as error:
        print(f"mkdocs-claims export: {shorten(str(error), 200)}", file=sys.stderr)
        return 2
    result = scan(sources, contradiction_window=settings.contradiction_window)
    plain = PlainText()
    data = SiteData(
        result.index,
        Layout.create(
            settings.reports_url,
            settings.speakers_url,
            settings.propositions_url,
            settings.directory_urls,
        ),
        lambda claim: plain(claim.body),
        lambda quote: plain(quote.body),
        settings.site_url,
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
        1 for diagnostic in result.diagnostics if severity(diagnostic.kind, validation) == "warn"
    )
    note = f", {warnings} warnings (see mkdocs-claims check)" if warnings else ""
    print(
        f"mkdocs-claims: {len(result.index.reports)} reports, {len(result.index.claims)} claims "
        f"written to {', '.join(value for _, value in targets)}{note}",
        file=sys.stderr,
    )
    return 0
