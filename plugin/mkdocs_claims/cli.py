"""``mkdocs-claims check [PATH]``: the build's diagnostics, without building.

For editors and pre-commit hooks: it reads the same sources with the same
core as the plugin (MkDocs is not imported), prints every diagnostic as
``path:line: message`` and exits with status 1 when any is a warning, 2 when
it cannot run (no content folder, an mkdocs.yml that cannot be read).
``mkdocs.yml`` is read as MkDocs reads it (``!ENV``, ``INHERIT``; see
:mod:`mkdocs_claims.siteconfig`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from .diagnostics import ordered, severity
from .layout import Layout
from .model import Diagnostic
from .pagemeta import Theme
from .scan import DEFAULT_MAX_SIZE, Scan, Sources, scan
from .siteconfig import (
    ConfigError,
    annotation_names,
    docs_dests,
    load_mkdocs_yml,
    option,
    plugin_line,
    plugin_options,
    site_block_names,
    take_names,
    theme_dirs,
)
from .syntax import DEFAULT_ANNOTATIONS, DEFAULT_BLOCK_NAMES


@dataclass
class Check:
    """Everything ``check`` needs to scan as the build does."""

    sources: Sources
    validation: dict[str, str] = field(default_factory=dict)
    layout: Layout = field(default_factory=Layout)
    taken: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ANNOTATIONS))
    block_names: frozenset[str] = DEFAULT_BLOCK_NAMES
    theme: Theme = field(default_factory=Theme)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def run(self) -> Scan:
        """The scan the build would make."""
        result = scan(
            self.sources,
            self.block_names,
            layout=self.layout,
            taken=self.taken,
            annotations=self.annotations,
            theme=self.theme,
        )
        result.diagnostics[:0] = self.diagnostics
        return result


def plan(path: str) -> Check:
    """What to check for PATH (a project with mkdocs.yml, the mkdocs.yml
    itself, or a content directory). Raises ConfigError for an mkdocs.yml
    that MkDocs could not use either."""
    path = os.path.abspath(path)
    config_file = None
    if os.path.isfile(path):
        config_file = path
    else:
        # MkDocs looks for both names, .yml first.
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if os.path.isfile(os.path.join(path, name)):
                config_file = os.path.join(path, name)
                break
    if config_file is None:
        return Check(Sources(content_dir=path, project_dir=os.getcwd()))
    config, text = load_mkdocs_yml(config_file)
    options = plugin_options(config) or {}
    project = os.path.dirname(config_file)
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
        max_size=max(0, option(options, "max_report_size", int, DEFAULT_MAX_SIZE)),
    )
    label, line = os.path.relpath(config_file, project).replace(os.sep, "/"), plugin_line(text)
    names, problems = annotation_names(
        option(options, "block_names", dict, {"claim": "claim", "quote": "quote"}), label, line
    )
    site_names = site_block_names(config)
    site = site_names if site_names is not None else DEFAULT_BLOCK_NAMES - {"claim", "quote"}
    annotations, refused = take_names(names, site, label, line)
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise ConfigError("mkdocs.yml: docs_dir must be a folder name")
    return Check(
        sources,
        {str(kind): str(level) for kind, level in validation.items()},
        layout,
        docs_dests(os.path.normpath(os.path.join(project, docs_dir)), project, layout),
        annotations,
        frozenset(site) | frozenset(annotations),
        Theme(theme_dirs(config, project)),
        problems + refused,
    )


def sources_for(path: str) -> tuple[Sources, dict[str, str]]:
    """Where the sources are for PATH, and the validation options."""
    found = plan(path)
    return found.sources, found.validation


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mkdocs-claims`` command."""
    parser = argparse.ArgumentParser(
        prog="mkdocs-claims", description="Tools for mkdocs-claims newsrooms."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="report the diagnostics of the build without building the site",
        description="Report every diagnostic the build would report; exit status 1 on any warning.",
    )
    check.add_argument(
        "path",
        nargs="?",
        default=".",
        help="a project directory with mkdocs.yml, an mkdocs.yml, or a content directory "
        "(default: the current directory)",
    )
    check.add_argument("-v", "--verbose", action="store_true", help="also print info diagnostics")
    args = parser.parse_args(argv)
    try:
        check_plan = plan(args.path)
    except ConfigError as error:
        print(f"mkdocs-claims: {error}", file=sys.stderr)
        return 2
    sources, validation = check_plan.sources, check_plan.validation
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    result = check_plan.run()
    warnings = 0
    for diagnostic in ordered(result.diagnostics):
        level = severity(diagnostic.kind, validation)
        if level == "warn":
            warnings += 1
            print(diagnostic)
        elif level == "info" and args.verbose:
            print(f"{diagnostic} [info]")
    reports = len(result.index.reports)
    claims = len(result.index.claims)
    print(
        f"mkdocs-claims: {reports} reports, {claims} claims, {warnings} warnings",
        file=sys.stderr,
    )
    return 1 if warnings else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
