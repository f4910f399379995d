"""The ``mkdocs-claims`` command: the core without MkDocs, for editors and CI.

``check [PATH]`` prints the build's diagnostics as ``path:line: message``
and exits with status 1 when any is a warning; it reads the ``import:``
entries too, local files and the cached copies of fetched ones (``--fetch``
fetches them). ``diff OLD [PATH]`` compares
a published ``claims.json`` with the sources (see :mod:`mkdocs_claims.diff`).
Both read the same sources with the same core as the plugin (MkDocs is not
imported), and ``mkdocs.yml`` as MkDocs reads it (``!ENV``, ``INHERIT``; see
:mod:`mkdocs_claims.siteconfig`): an ``mkdocs.yml`` that cannot be read is
one line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import ordered, severity
from .diff import DiffError, compare, format_text, from_index, read_published
from .federation import Importer, read_entries
from .index import ClaimIndex
from .layout import Layout
from .marker import is_written_page
from .model import Diagnostic
from .output import cache_folder
from .pagemeta import Theme
from .scan import DEFAULT_MAX_SIZE, Scan, ScanCache, Sources, scan
from .siteconfig import (
    CONFIG_NAMES,
    ConfigError,
    OptionLines,
    _ConfigLoader,
    annotation_names,
    docs_dests,
    find_config_file,
    load_config_file,
    option,
    option_lines,
    site_block_names,
    take_names,
    theme_dirs,
)
from .siteconfig import plugin_options as plugin_options_of
from .syntax import DEFAULT_ANNOTATIONS, DEFAULT_BLOCK_NAMES


class _LenientLoader(_ConfigLoader):
    """mkdocs.yml's loader (``mkdocs-claims export`` reads with it too)."""


def plugin_options(config_file: str) -> dict[str, Any]:
    """The ``claims`` plugin's options in an mkdocs.yml (or the claims
    extension's in a zensical.toml; empty when absent)."""
    config, _ = load_config_file(config_file)
    return plugin_options_of(config) or {}


def find_config(path: str, names: Sequence[str] = CONFIG_NAMES) -> str | None:
    """The configuration file of PATH (a project directory, or the file
    itself), if any: properdocs.yml, properdocs.yaml, mkdocs.yml, mkdocs.yaml
    (ProperDocs' order, which ends with MkDocs'), then zensical.toml."""
    path = os.path.abspath(path)
    if os.path.isfile(path):
        return path
    return find_config_file(path, names)


@dataclass(frozen=True)
class Project:
    """What the commands need of a project to scan it as the build does: its
    sources, the validation options, the site's URL layout, the site's
    contradiction window as written in mkdocs.yml (checked by the scan), the
    files of docs_dir, the block names, the theme, what mkdocs.yml itself
    gets wrong, its ``import:`` entries as written (checked by
    :func:`mkdocs_claims.federation.read_entries`) and the site's address."""

    sources: Sources
    validation: dict[str, str] = field(default_factory=dict)
    layout: Layout = field(default_factory=Layout)
    contradiction_window: object = None
    taken: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ANNOTATIONS))
    block_names: frozenset[str] = DEFAULT_BLOCK_NAMES
    theme: Theme = field(default_factory=Theme)
    diagnostics: tuple[Diagnostic, ...] = ()
    imports: object = None
    site_url: str | None = None
    config_file: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    """The claims options as written (the plugin's, or the extension's)."""
    lines: OptionLines = field(default_factory=OptionLines)
    """Where those options are written in ``config_file``."""

    def scan(self, cache: ScanCache | None = None) -> Scan:
        """The scan the build would make (``cache``: an earlier scan's)."""
        result = scan(
            self.sources,
            self.block_names,
            cache,
            contradiction_window=self.contradiction_window,
            layout=self.layout,
            taken=self.taken,
            annotations=self.annotations,
            theme=self.theme,
            window_line=self.lines.option("contradiction_window"),
            config_label=self.sources.label(self.config_file) if self.config_file else None,
        )
        result.diagnostics[:0] = self.diagnostics
        return result


def sources_for(path: str) -> tuple[Sources, dict[str, str]]:
    """Where the sources are for PATH (a project with mkdocs.yml, the
    mkdocs.yml itself, or a content directory), and the validation options."""
    project = project_for(path)
    return project.sources, project.validation


def project_for(path: str, zensical: bool | None = None) -> Project:
    """The project at PATH (a project with mkdocs.yml, the mkdocs.yml itself,
    or a content directory, which gets the default options). Raises
    ConfigError for an mkdocs.yml that MkDocs could not use either.

    Pages ``mkdocs-claims pages`` wrote into docs_dir are not the site's
    own (the plugin builds them itself, and leaves them out too)."""
    path = os.path.abspath(path)
    config_file = find_config(path)
    if config_file is None:
        return Project(Sources(content_dir=path, project_dir=os.getcwd()))
    config, text = load_config_file(config_file)
    options = plugin_options_of(config) or {}
    return project_from(config, options, config_file, text, is_written_page, zensical)


def project_from(
    config: dict[str, Any],
    options: dict[str, Any],
    config_file: str,
    text: str = "",
    docs_skip: Callable[[str], bool] | None = None,
    zensical: bool | None = None,
) -> Project:
    """The project configured by ``config`` (read from ``config_file``,
    whose text is ``text``) with the claims ``options``. ``docs_skip`` says
    which files of docs_dir are not the site's own (they are not ``taken``);
    ``zensical`` that the site is built by Zensical, whose theme has no
    template folders to look in (by default: when the file is a .toml)."""
    project = os.path.dirname(config_file)
    if zensical is None:
        zensical = config_file.lower().endswith(".toml")
    validation = option(options, "validation", dict, {})
    directory_urls = config.get("use_directory_urls", True)
    if not isinstance(directory_urls, bool):
        raise ConfigError("mkdocs.yml: use_directory_urls must be true or false")
    layout = Layout.create(
        option(options, "reports_url", str, "reports/"),
        option(options, "speakers_url", str, "speakers/"),
        option(options, "propositions_url", str, "propositions/"),
        directory_urls,
    )
    sources = Sources(
        content_dir=os.path.normpath(
            os.path.join(project, option(options, "content_dir", str, "content"))
        ),
        project_dir=project,
        speakers_file=option(options, "speakers_file", str, "speakers.yml"),
        propositions_file=option(options, "propositions_file", str, "propositions.yml"),
        ratings_file=option(options, "ratings_file", str, "ratings.yml"),
        max_size=max(0, option(options, "max_report_size", int, DEFAULT_MAX_SIZE)),
    )
    label = os.path.relpath(config_file, project).replace(os.sep, "/")
    lines = option_lines(text)
    line = lines.option("block_names")
    names, problems = annotation_names(
        option(options, "block_names", dict, {"claim": "claim", "quote": "quote"}), label, line
    )
    site_names = site_block_names(config)
    site = site_names if site_names is not None else DEFAULT_BLOCK_NAMES - {"claim", "quote"}
    annotations, refused = take_names(names, site, label, line)
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError("mkdocs.yml: docs_dir must be a folder name")
    site_url = config.get("site_url")
    return Project(
        sources,
        {str(kind): str(level) for kind, level in validation.items()},
        layout,
        options.get("contradiction_window"),
        docs_dests(os.path.normpath(os.path.join(project, docs_dir)), project, layout, docs_skip),
        annotations,
        frozenset(site) | frozenset(annotations),
        Theme(None if zensical else theme_dirs(config, project)),
        tuple(problems + refused),
        options.get("import"),
        site_url.rstrip("/") + "/" if isinstance(site_url, str) and site_url.strip() else None,
        config_file,
        dict(options),
        lines,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mkdocs-claims`` command."""
    parser = argparse.ArgumentParser(
        prog="mkdocs-claims", description="Tools for mkdocs-claims newsrooms."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    path_help = (
        "a project directory with mkdocs.yml, an mkdocs.yml, or a content directory "
        "(default: the current directory)"
    )
    check = commands.add_parser(
        "check",
        help="report the diagnostics of the build without building the site",
        description="Report every diagnostic the build would report; exit status 1 on any warning.",
    )
    check.add_argument("path", nargs="?", default=".", help=path_help)
    check.add_argument("-v", "--verbose", action="store_true", help="also print info diagnostics")
    check.add_argument(
        "--fetch",
        action="store_true",
        help="fetch the http(s) files of import: (by default only their cached copies are read)",
    )
    # Its own module (it imports this one): subcommands merge without conflicts.
    from .cli_export import add_export_command, run_export

    add_export_command(commands)
    diff = commands.add_parser(
        "diff",
        help="what publishing the sources would change, against a published claims.json",
        description="Compare a published claims.json (version 1 or 2) with the current sources, "
        "without building: claims added, removed and changed, and every contradiction link "
        "that appears or disappears. Exit status 0: no change; 1: changes; 2: trouble.",
    )
    diff.add_argument("old", help="the published claims.json ('-' reads standard input)")
    diff.add_argument("path", nargs="?", default=".", help=path_help)
    diff.add_argument("--json", action="store_true", help="print the changes as one JSON object")
    _add_suggest(commands)
    from .cli_pages import add_pages_command, run_pages

    add_pages_command(commands)
    args = parser.parse_args(argv)
    if args.command == "suggest":
        return _suggest(args)
    if args.command == "pages":
        return run_pages(args)
    if args.command == "export":
        try:
            return run_export(args)
        except ConfigError as error:
            print(f"mkdocs-claims: {error}", file=sys.stderr)
            return 2
    try:
        project = project_for(args.path)
    except ConfigError as error:
        print(f"mkdocs-claims: {error}", file=sys.stderr)
        return 2
    sources = project.sources
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    if args.command == "diff":
        return _diff(project, args.old, args.json)
    result = project.scan()
    diagnostics = result.diagnostics + _imports(project, result.index, args.fetch, args.verbose)
    warnings = 0
    for diagnostic in ordered(diagnostics):
        level = severity(diagnostic.kind, project.validation)
        if level == "warn":
            warnings += 1
            print(diagnostic)
        elif level == "info" and args.verbose:
            print(f"{diagnostic} [info]")
    reports = len(result.index.reports)
    claims = len(result.index.claims)
    print(
        f"mkdocs-claims: {_count(reports, 'report')}, {_count(claims, 'claim')}, "
        f"{_count(warnings, 'warning')}",
        file=sys.stderr,
    )
    return 1 if warnings else 0


def _imports(project: Project, index: ClaimIndex, fetch: bool, verbose: bool) -> list[Diagnostic]:
    """The ``import:`` entries read as the build reads them (an http(s) file
    from the cache unless ``fetch``), their claims attached to ``index``."""
    sources = project.sources
    label = sources.label(project.config_file or os.path.join(sources.project_dir, "mkdocs.yml"))
    entries, diagnostics = read_entries(project.imports, sources.project_dir, label, project.lines)
    if not entries:
        return diagnostics
    importer = Importer(cache_folder(sources.project_dir), fetch)
    loaded = importer.load(entries, label, project.site_url)
    kept = index.attach_external(loaded.claims)
    if verbose:
        for note in loaded.notes:
            print(f"mkdocs-claims: import {note}", file=sys.stderr)
        print(
            f"mkdocs-claims: {kept} imported claim(s) on this site's propositions", file=sys.stderr
        )
    return diagnostics + loaded.diagnostics


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _diff(project: Project, old: str, as_json: bool) -> int:
    """``mkdocs-claims diff``: 0 when publishing changes nothing, 1 when it
    changes something, 2 when the published file cannot be read."""
    try:
        if old == "-":
            text = sys.stdin.read()
        else:
            with open(old, encoding="utf-8") as handle:
                text = handle.read()
        published = read_published(text, "standard input" if old == "-" else old)
    except (OSError, UnicodeDecodeError) as error:
        print(f"mkdocs-claims: cannot read {old}: {error}", file=sys.stderr)
        return 2
    except DiffError as error:
        print(f"mkdocs-claims: {error}", file=sys.stderr)
        return 2
    result = project.scan()
    label = project.sources.label(project.sources.content_dir)
    current = from_index(result.index, project.layout, f"the sources in {label}/")
    found = compare(published, current)
    if as_json:
        print(json.dumps(found.as_json(), indent=1, sort_keys=False))
    else:
        sys.stdout.write(format_text(found, published, current))
    warnings = sum(
        1 for d in set(result.diagnostics) if severity(d.kind, project.validation) == "warn"
    )
    if warnings:
        print(
            f"mkdocs-claims: the sources have {_count(warnings, 'warning')}; "
            "run 'mkdocs-claims check' to see them",
            file=sys.stderr,
        )
    return 0 if found.empty else 1


def _add_suggest(commands: Any) -> None:
    suggest = commands.add_parser(
        "suggest",
        help="point at statements not annotated yet and claims that may belong to a proposition",
        description="Print what an editor may want to annotate: unannotated statements, "
        "claims without a proposition that are close to one, near-duplicate propositions.",
    )
    suggest.add_argument(
        "path",
        nargs="?",
        default=".",
        help="a project directory with mkdocs.yml, an mkdocs.yml, or a content directory "
        "(default: the current directory)",
    )
    suggest.add_argument("--json", action="store_true", help="print a JSON list for tools")


def _suggest(args: argparse.Namespace) -> int:
    """``mkdocs-claims suggest``: print the suggestions (exit status 0; 2
    without a content directory)."""
    from .suggest import suggest

    try:
        sources, _ = sources_for(args.path)
    except ConfigError as error:
        print(f"mkdocs-claims: {error}", file=sys.stderr)
        return 2
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    result = suggest(sources)
    if args.json:
        print(json.dumps([s.as_json() for s in result.suggestions], ensure_ascii=False, indent=2))
    else:
        for suggestion in result.suggestions:
            print(suggestion)
    for note in result.notes:
        print(f"mkdocs-claims: {note}", file=sys.stderr)
    print(
        f"mkdocs-claims: {result.reports} reports, {len(result.suggestions)} suggestions",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
