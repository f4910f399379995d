"""``mkdocs-claims check [PATH]``: the build's diagnostics, without building.

For editors and pre-commit hooks: it reads the same sources with the same
core as the plugin (MkDocs is not imported), prints every diagnostic as
``path:line: message`` and exits with status 1 when any is a warning.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import yaml

from .diagnostics import ordered, severity
from .scan import Sources, scan


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose tags (``!ENV``, ``!relative``, ``!!python/name``)
    are not needed to find the plugin's options."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("!", _ignore_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def plugin_options(config_file: str) -> dict[str, Any]:
    """The ``claims`` plugin's options in an mkdocs.yml (empty when absent)."""
    with open(config_file, encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_LenientLoader) or {}
    plugins = config.get("plugins") or [] if isinstance(config, dict) else []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins:
        if isinstance(entry, dict) and "claims" in entry:
            options = entry["claims"]
            return options if isinstance(options, dict) else {}
    return {}


def sources_for(path: str) -> tuple[Sources, dict[str, str]]:
    """Where the sources are for PATH (a project with mkdocs.yml, the
    mkdocs.yml itself, or a content directory), and the validation options."""
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
        return Sources(content_dir=path, project_dir=os.getcwd()), {}
    options = plugin_options(config_file)
    project = os.path.dirname(config_file)
    validation = options.get("validation") or {}
    sources = Sources(
        content_dir=os.path.normpath(
            os.path.join(project, str(options.get("content_dir", "content")))
        ),
        project_dir=project,
        speakers_file=str(options.get("speakers_file", "speakers.yml")),
        propositions_file=str(options.get("propositions_file", "propositions.yml")),
    )
    return sources, {str(k): str(v) for k, v in validation.items()}


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
    _add_suggest(commands)
    args = parser.parse_args(argv)
    if args.command == "suggest":
        return _suggest(args)
    sources, validation = sources_for(args.path)
    if not os.path.isdir(sources.content_dir):
        print(f"mkdocs-claims: no content directory at {sources.content_dir}", file=sys.stderr)
        return 2
    result = scan(sources)
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

    sources, _ = sources_for(args.path)
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
