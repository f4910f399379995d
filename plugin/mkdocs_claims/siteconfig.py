"""What the plugin needs to know about the site, without MkDocs.

The MkDocs adapter asks MkDocs; ``mkdocs-claims check`` (which must agree
with the build but not import MkDocs) reads ``mkdocs.yml`` itself with the
same rules: ``!ENV`` resolved as MkDocs resolves it, ``INHERIT`` merged,
the files of ``docs_dir`` at the addresses MkDocs gives them, the theme's
template folders, and the Blocks names registered by the site's
``pymdownx.blocks`` extensions. The rules both share (which block names the
plugin takes) are here too.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import yaml

from .layout import Layout
from .model import Diagnostic

KINDS_OF_BLOCKS = ("claim", "quote")
_BLOCK_NAME_RE = re.compile(r"^[\w-]+$")
_PLUGIN_LINE_RE = re.compile(r"^\s*-?\s*['\"]?claims['\"]?\s*(?::.*)?$")


def plugin_line(config_text: str) -> int:
    """The line of the ``claims`` entry under ``plugins:`` (1 if not found)."""
    for number, line in enumerate(config_text.split("\n"), start=1):
        if _PLUGIN_LINE_RE.match(line):
            return number
    return 1


@dataclass(frozen=True)
class OptionLines:
    """Where the plugin's options are written in mkdocs.yml, for messages:
    the line of the ``claims`` entry, of each of its options, and of each
    ``import`` entry. What cannot be found (an option inherited through
    ``INHERIT``, a file that is not YAML) is at the plugin's line, or 1."""

    plugin: int = 1
    options: Mapping[str, int] = field(default_factory=dict)
    imports: Sequence[int] = ()

    def option(self, key: str) -> int:
        """The line of option ``key``."""
        return self.options.get(key, self.plugin)

    def entry(self, number: int) -> int:
        """The line of the ``number``-th entry of ``import`` (from 1)."""
        if 0 < number <= len(self.imports):
            return self.imports[number - 1]
        return self.option("import")


def option_lines(config_text: str) -> OptionLines:
    """The lines of the plugin's options in the text of mkdocs.yml. The text is
    composed, not loaded: tags such as ``!ENV`` need no constructor, and an
    alias is one node, never expanded."""
    plugin = plugin_line(config_text)
    try:
        root = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return OptionLines(plugin)
    entry = _claims_entry(root)
    if entry is None:
        return OptionLines(plugin)
    key, settings = entry
    plugin = key.start_mark.line + 1
    if not isinstance(settings, yaml.MappingNode):
        return OptionLines(plugin)
    options: dict[str, int] = {}
    imports: list[int] = []
    for name, value in settings.value:
        if isinstance(name, yaml.ScalarNode) and name.value not in options:
            options[name.value] = name.start_mark.line + 1
            if name.value == "import" and isinstance(value, yaml.SequenceNode):
                imports = [item.start_mark.line + 1 for item in value.value]
    return OptionLines(plugin, options, imports)


def _mapping_value(node: object, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return name, value
    return None


def _claims_entry(root: object) -> tuple[yaml.Node, yaml.Node | None] | None:
    """The ``claims`` key under ``plugins`` and its settings (a list of
    entries or a mapping of them, as MkDocs accepts both)."""
    found = _mapping_value(root, "plugins")
    if found is None:
        return None
    plugins = found[1]
    if isinstance(plugins, yaml.MappingNode):
        return _mapping_value(plugins, "claims")
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == "claims":
                return item, None
            entry = _mapping_value(item, "claims")
            if entry is not None:
                return entry
    return None


def annotation_names(
    option: Mapping[str, Any], label: str, line: int
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The ``block_names`` option as block name -> kind, each name checked."""
    names: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for kind in KINDS_OF_BLOCKS:
        value = option.get(kind, kind)
        name = value.lower() if isinstance(value, str) else ""
        if not _BLOCK_NAME_RE.match(name) or name in names:
            diagnostics.append(
                Diagnostic(
                    label,
                    line,
                    "block_name_taken",
                    f"block_names: {kind} cannot be {value!r:.60} (a name of letters, digits, "
                    f"'_' and '-', not the other block's); '{kind}' is used",
                )
            )
            name = kind
        names[name] = kind
    for key in option:
        if key not in KINDS_OF_BLOCKS:
            diagnostics.append(
                Diagnostic(
                    label,
                    line,
                    "block_name_taken",
                    f"block_names: unknown key {str(key)!r:.60}; the keys are 'claim' and 'quote'",
                )
            )
    return names, diagnostics


def take_names(
    names: Mapping[str, str], site_names: Iterable[str], label: str, line: int
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The block names the plugin registers: those the site does not use
    already. For each name the site uses, a diagnostic says which
    ``block_names`` to set (the site's own block keeps working)."""
    taken = {name.lower() for name in site_names}
    kept: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for name, kind in names.items():
        if name not in taken:
            kept[name] = kind
            continue
        other = f"speaker-{kind}" if f"speaker-{kind}" not in taken else f"claims-{kind}"
        diagnostics.append(
            Diagnostic(
                label,
                line,
                "block_name_taken",
                f"another Markdown extension already registers the Blocks name '{name}' "
                f"(for example 'types' of pymdownx.blocks.admonition), so the plugin's "
                f"{kind} blocks are not available and '/// {name}' stays the site's block: "
                f"set block_names: {{{kind}: {other}}} under the claims plugin and write "
                f"'/// {other} | …' in reports",
            )
        )
    return kept, diagnostics


# -- mkdocs.yml, for `mkdocs-claims check` -----------------------------------------


class ConfigError(ValueError):
    """mkdocs.yml cannot be read; the message is one line for the writer."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: ``!ENV`` as MkDocs resolves it (pyyaml-env-tag),
    other tags (``!relative``, ``!!python/name:``) as their plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

    return construct_env_tag(loader, node)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _plain)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)


def _merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``INHERIT`` as MkDocs merges it (mergedeep): mappings deeply, the rest replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_mkdocs_yml(path: str, depth: int = 0) -> tuple[dict[str, Any], str]:
    """The configuration in ``path`` (``INHERIT`` merged) and its text."""
    label = os.path.basename(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        data = yaml.load(text, Loader=_ConfigLoader)
    except OSError as error:
        raise ConfigError(f"{label}: cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: the file is not UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(f"{label}{line}: not valid YAML: {problem}") from None
    except Exception as error:  # e.g. !ENV with a malformed node
        raise ConfigError(f"{label}: cannot be read: {error}".splitlines()[0]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: the configuration must be a mapping of settings")
    parent = data.pop("INHERIT", None)
    if parent is not None:
        if depth > 8 or not isinstance(parent, str):
            raise ConfigError(f"{label}: INHERIT must name one file (and not loop)")
        parent_path = os.path.normpath(os.path.join(os.path.dirname(path), parent))
        base, _ = load_mkdocs_yml(parent_path, depth + 1)
        data = _merge(base, data)
    return data, text


CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml", "zensical.toml")
"""The configuration files of a project, in the order they are looked for:
ProperDocs' own order (which ends with MkDocs'), then Zensical's file."""

EXTENSION = "mkdocs_claims.markdown"
"""The claims Markdown extension's name in ``markdown_extensions``, where a
generator without MkDocs plugins (Zensical) configures it."""


def find_config_file(directory: str, names: Iterable[str] = CONFIG_NAMES) -> str | None:
    """The first of ``names`` that is a file in ``directory``."""
    for name in names:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def load_config_file(path: str) -> tuple[dict[str, Any], str]:
    """A project's configuration (``mkdocs.yml`` or ``zensical.toml``) and its text."""
    if path.lower().endswith(".toml"):
        return load_zensical_toml(path)
    return load_mkdocs_yml(path)


def load_zensical_toml(path: str) -> tuple[dict[str, Any], str]:
    """``zensical.toml`` as Zensical reads it: the ``[project]`` table, with
    ``markdown_extensions`` as MkDocs writes them (a list of ``{name:
    options}``; Zensical's ``pymdownx`` and ``zensical`` nesting hoisted)."""
    label = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8")
        data: Any = tomllib.loads(text)
    except OSError as error:
        raise ConfigError(f"{label}: cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: the file is not UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{label}: not valid TOML: {str(error)[:200]}") from None
    if isinstance(data.get("project"), dict):
        data = data["project"]
    extensions = data.get("markdown_extensions")
    if isinstance(extensions, dict):
        data["markdown_extensions"] = _extension_list(extensions, label)
    return data, text


def _extension_list(table: Mapping[str, Any], label: str) -> list[Any]:
    """Zensical's table of Markdown extensions as MkDocs' list."""
    entries: list[Any] = []
    for name, settings in table.items():
        if name in ("pymdownx", "zensical") and isinstance(settings, dict):
            for inner, inner_settings in settings.items():
                if name == "pymdownx" and inner == "blocks" and isinstance(inner_settings, dict):
                    for block, block_settings in inner_settings.items():
                        entries.append({f"pymdownx.blocks.{block}": block_settings})
                else:
                    entries.append({f"{name}.{inner}": inner_settings})
        elif settings is None or isinstance(settings, dict):
            entries.append({name: settings})
        else:
            raise ConfigError(
                f"{label}: the options of the Markdown extension '{name}' are not a table"
            )
    return entries


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``claims`` plugin's options (None when the plugin is not listed);
    without the plugin, the options of the claims Markdown extension
    configured on its own (:data:`EXTENSION`), if it is listed."""
    found = plugin_entry(config)
    return found if found is not None else extension_options(config)


def extension_options(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The options of the claims Markdown extension in ``markdown_extensions``."""
    extensions = config.get("markdown_extensions") or []
    if not isinstance(extensions, list):
        return None
    for entry in extensions:
        if entry == EXTENSION:
            return {}
        if isinstance(entry, dict) and EXTENSION in entry:
            options = entry[EXTENSION]
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(f"the options of {EXTENSION} must be a mapping")
            return options
    return None


def plugin_entry(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``claims`` plugin's options (None when the plugin is not listed)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        raise ConfigError("mkdocs.yml: 'plugins' must be a list")
    for entry in plugins:
        if entry == "claims":
            return {}
        if isinstance(entry, dict) and "claims" in entry:
            options = entry["claims"]
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError("mkdocs.yml: the options of the claims plugin must be a mapping")
            return options
    return None


def option(
    options: Mapping[str, Any], name: str, kind: type | tuple[type, ...], default: Any
) -> Any:
    """A plugin option, of the type MkDocs' configuration would require."""
    value = options.get(name, default)
    if value is None and default is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ConfigError(
            f"mkdocs.yml: the claims option '{name}' has the wrong type: {value!r:.60}"
        )
    return value


def docs_dests(
    docs_dir: str, project_dir: str, layout: Layout, skip: Callable[[str], bool] | None = None
) -> dict[str, str]:
    """Every file MkDocs writes from ``docs_dir``, as MkDocs names it
    (``reports/index.md`` -> ``reports/index.html``), with the source's label.
    Hidden files and folders and ``templates/`` folders are left out, as
    MkDocs' default ``exclude_docs`` does; ``README.md`` is an index page
    where there is no ``index.md``. So are the files ``skip`` names (by
    path): pages ``mkdocs-claims pages`` wrote are not the site's own."""
    found: dict[str, str] = {}
    if not os.path.isdir(docs_dir):
        return found
    for root, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "templates")
        lowered = {name.lower() for name in names}
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if skip is not None and skip(path):
                continue
            src = os.path.relpath(path, docs_dir).replace(os.sep, "/")
            label = os.path.relpath(path, project_dir).replace(os.sep, "/")
            stem, extension = os.path.splitext(src)
            if extension.lower() not in (".md", ".markdown", ".mdown", ".mkdn", ".mkd"):
                found.setdefault(src, label)
                continue
            if os.path.basename(stem).lower() == "readme":
                if "index.md" in lowered:
                    continue  # MkDocs skips it (with a warning of its own)
                stem = f"{os.path.dirname(stem)}/index".lstrip("/")
            found.setdefault(layout.dest(f"{stem}.md"), label)
    return found


def theme_dirs(config: Mapping[str, Any], project_dir: str) -> tuple[str, ...] | None:
    """The theme's template folders, as MkDocs orders them (None: unknown)."""
    theme = config.get("theme", "mkdocs")
    if isinstance(theme, str):
        theme = {"name": theme}
    if not isinstance(theme, dict):
        return None
    dirs: list[str] = []
    custom = theme.get("custom_dir")
    if isinstance(custom, str):
        dirs.append(os.path.normpath(os.path.join(project_dir, custom)))
    name = theme.get("name")
    if name is not None:
        found = _installed_theme(str(name))
        if found is None:
            return None
        dirs.append(found)
    base = _package_dir("mkdocs")
    if base is not None:
        dirs.append(os.path.join(base, "templates"))
    return tuple(dirs)


def _installed_theme(name: str) -> str | None:
    for entry in entry_points(group="mkdocs.themes"):
        if entry.name == name:
            top, *rest = entry.value.split(".")
            package = _package_dir(top)
            return os.path.join(package, *rest) if package else None
    return None


def _package_dir(name: str) -> str | None:
    """A top-level package's folder, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    return os.path.dirname(spec.origin)


def site_block_names(config: Mapping[str, Any]) -> frozenset[str] | None:
    """The Blocks names the site's ``pymdownx.blocks`` extensions register
    (None when they cannot be found out)."""
    extensions = config.get("markdown_extensions") or []
    if not isinstance(extensions, list):
        return None
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in extensions:
        settings: Any
        if isinstance(entry, str):
            name, settings = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1:
            name, settings = next(iter(entry.items()))
        else:
            continue
        if isinstance(name, str) and name.startswith("pymdownx.blocks."):
            names.append(name)
            configs[name] = settings or {}
    if not names:
        return frozenset()
    try:
        from markdown import Markdown

        md = Markdown(extensions=names, extension_configs=configs)
        manager: Any = md.parser.blockprocessors["blocks"]
        return frozenset(manager.blocks)
    except Exception:  # a configuration MkDocs itself would refuse
        return None
