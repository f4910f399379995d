"""YAML in content (front matter, registries, block options), bounded.

Writers commit YAML, so it is read as untrusted input: in time and memory
linear in its size, whatever it holds.

- Anchors and aliases (``&a``, ``*a``) are refused: they are how a 1 KB
  "billion laughs" document expands to gigabytes, and a value that merely
  starts with ``&`` or ``*`` (``title: &Co``) would otherwise lose that word
  silently.
- Collections nest at most :data:`MAX_DEPTH` levels: deeper documents are
  refused before any recursive code (PyYAML's composer, libyaml's, ours)
  could overflow.
- A key given twice in one mapping keeps its first value, and the second is
  reported with its line: never "the last one wins" silently.
- Lone surrogates from escapes (``"\\uD800"``) become U+FFFD at load time,
  so nothing downstream fails to encode them; a valid escaped pair becomes
  its character.
- Lines are counted as writers' editors count them, by ``\\n`` only (YAML
  also breaks lines at U+0085, U+2028 and U+2029).

libyaml (when PyYAML has it) is about ten times faster and is used when a
cheap look at the text proves it safe: no ``&`` or ``*`` at all, and an
upper bound of the nesting depth within the limit. libyaml recurses in C
(a deep enough document crashes the process) and its scanner is quadratic in
the nesting depth, so it never sees a document that could be deep. It is
only trusted with success: a document it refuses, or in which it finds a
repeated key, is read again by the pure-Python loader, so every message is
the same with or without libyaml.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.scanner import ScannerError

MAX_DEPTH = 32
"""How deep collections may nest (the registries need 3 levels, front matter 4)."""

_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_surrogates(value: str) -> str:
    """``value`` with escaped surrogate pairs joined and lone surrogates as U+FFFD."""
    if value.isascii() or not _SURROGATES.search(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class _Refused(ScannerError):
    """Something this loader does not read (an anchor, an alias, deep nesting)."""


@dataclass(frozen=True)
class DuplicateKey:
    """A key given a second time in one mapping (0-based lines)."""

    key: str
    line: int
    first_line: int


@dataclass(frozen=True)
class YamlResult:
    """What :func:`read_yaml` found. Lines are 0-based, relative to the text."""

    data: Any = None
    error: str | None = None
    line: int = 0
    """The line of the error (0 when there is none or it is unknown)."""
    duplicates: tuple[DuplicateKey, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)
    """The line of every key of the top-level mapping (its first occurrence)."""
    entry_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """For each top-level key whose value is a mapping, the line of each of its keys."""

    @property
    def ok(self) -> bool:
        """Whether the text parsed."""
        return self.error is None


class _Checks(SafeConstructor):
    """Constructor parts shared by both loaders: repeated keys, surrogates,
    lenient timestamps and whole numbers."""

    def _init_checks(self) -> None:
        self.repeated: list[tuple[Any, int, int]] = []

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        return clean_surrogates(value) if isinstance(value, str) else value

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        constructor: Any = self
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        constructor.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found a key that is a list or a mapping",
                    key_node.start_mark,
                )
            index = key_node.start_mark.index
            if key in mapping:
                self.repeated.append((key, index, first[key]))
                continue
            first[key] = index
            mapping[key] = constructor.construct_object(value_node, deep=deep)
        return mapping

    def construct_lenient_timestamp(self, node: ScalarNode) -> Any:
        """A date that looks like one but does not exist (``2018-02-30``,
        ``2018-13-01``) stays text, so that it is reported as a bad date, not
        as broken YAML (which would cost the rest of the mapping)."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_lenient_int(self, node: ScalarNode) -> Any:
        """A whole number longer than Python converts (4,300 digits) stays
        text, so that it is reported where it is, not as broken YAML."""
        try:
            return self.construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


class SafeLoader(_Checks, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, bounded (see the module docstring)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._init_checks()

    def fetch_anchor(self) -> None:
        raise _Refused(None, None, _ANCHOR_PROBLEM, self.get_mark())

    def fetch_alias(self) -> None:
        raise _Refused(None, None, _ANCHOR_PROBLEM, self.get_mark())

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        # Block collections open (indents) and flow collections open: the depth.
        if self.flow_level + len(self.indents) >= MAX_DEPTH:
            raise _Refused(None, None, _DEPTH_PROBLEM, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        added: bool = super().add_indent(column)
        if len(self.indents) + self.flow_level > MAX_DEPTH:
            raise _Refused(None, None, _DEPTH_PROBLEM, self.get_mark())
        return added


_ANCHOR_PROBLEM = (
    "anchors and aliases ('&name', '*name') are not accepted; "
    "put a value that starts with '&' or '*' in quotes"
)
_DEPTH_PROBLEM = f"values nest more than {MAX_DEPTH} levels deep"


def _lenient_timestamp(loader: Any, node: Any) -> Any:
    return loader.construct_lenient_timestamp(node)


def _lenient_int(loader: Any, node: Any) -> Any:
    return loader.construct_lenient_int(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
SafeLoader.add_constructor("tag:yaml.org,2002:int", _lenient_int)

FAST_LOADER: Any = None
if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(_Checks, yaml.CSafeLoader):  # type: ignore[misc,name-defined,unused-ignore]
        """libyaml's safe loader, with the same constructor checks."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._init_checks()

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _lenient_int)
    FAST_LOADER = _FastLoader

_BRACKETS = re.compile(r"[\[\]{}]")
_INDICATORS = re.compile(r"(?:^|[ \t])[-?](?=[ \t]|$)|:(?=[ \t]|$)", re.MULTILINE)


def _line_flow_peak(line: str) -> int | None:
    """The deepest flow nesting a line can reach, if the line certainly
    closes every flow collection it opens (None when that is not certain)."""
    if '"' in line or "'" in line or "#" in line:
        return None  # a quoted scalar or a comment could hide a bracket
    depth = peak = 0
    for char in _BRACKETS.findall(line):
        depth += 1 if char in "[{" else -1
        if depth < 0:
            return None
        peak = max(peak, depth)
    return peak if depth == 0 else None


def _fast_is_safe(text: str) -> bool:
    """Whether libyaml may read ``text``: no anchor or alias can be in it, and
    its nesting depth is certainly within :data:`MAX_DEPTH`.

    The bound, per line: a block collection nests either under a deeper
    indentation (at most two levels per column: a mapping and a sequence
    written at its own indentation) or after an indicator (``- ``, ``? ``,
    ``: ``) on the same line; a flow collection needs a ``[`` or ``{``, so
    there are at most as many flow levels as those characters in the text,
    or as on the line when every line without quotes or comments closes the
    brackets it opens (``aliases: [Pompeo, Secretary Pompeo]``).
    """
    if "&" in text or "*" in text:
        return False
    lines = text.split("\n")
    total = text.count("[") + text.count("{")
    peaks: list[int] = []
    if total > MAX_DEPTH:
        for line in lines:
            peak = _line_flow_peak(line) if "[" in line or "{" in line else 0
            if peak is None:
                return False
            peaks.append(peak)
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        flow = peaks[number] if peaks else total
        bound = 2 * (len(line) - len(stripped) + 1) + flow
        if bound > MAX_DEPTH or bound + len(_INDICATORS.findall(stripped)) > MAX_DEPTH:
            return False
    return True


def _line_finder(text: str) -> Any:
    newlines: list[int] | None = None

    def line_of(index: int) -> int:
        nonlocal newlines
        if newlines is None:
            newlines = [i for i, char in enumerate(text) if char == "\n"]
        return bisect.bisect_left(newlines, index)

    return line_of


def _problem(error: Exception) -> str:
    problem = getattr(error, "problem", None)
    if problem:
        return str(problem)
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _error_index(error: Exception) -> int | None:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return int(mark.index)
    position = getattr(error, "position", None)  # yaml.reader.ReaderError
    return int(position) if isinstance(position, int) else None


def _load(text: str, loader_class: Any) -> tuple[Any, Node | None, list[tuple[Any, int, int]]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node, loader.repeated
    finally:
        loader.dispose()


def read_yaml(text: str) -> YamlResult:
    """Parse one YAML document of content; never raises."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result: tuple[Any, Node | None, list[tuple[Any, int, int]]] | None = None
    if FAST_LOADER is not None and _fast_is_safe(text):
        try:
            result = _load(text, FAST_LOADER)
        except Exception:  # the pure-Python loader below gives the message
            result = None
        if result is not None and result[2]:
            result = None  # repeated keys: reported from the pure loader's marks
    line_of = _line_finder(text)
    if result is None:
        try:
            result = _load(text, SafeLoader)
        except RecursionError:  # cannot happen within MAX_DEPTH; never raise anyway
            return YamlResult(error=_DEPTH_PROBLEM)
        except Exception as error:  # PyYAML raises YAMLError, and others on odd input
            index = _error_index(error)
            # An error at the end of the text (a missing ':') is on its last line.
            last = text.rstrip("\n").count("\n")
            return YamlResult(error=_problem(error), line=min(line_of(index), last) if index else 0)
    data, node, repeated = result
    duplicates = tuple(
        DuplicateKey(_shown_key(key), line_of(index), line_of(first))
        for key, index, first in repeated
    )
    key_lines = _key_lines(node, line_of)
    entry_lines: dict[str, dict[str, int]] = {}
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and isinstance(value_node, MappingNode):
                entry_lines.setdefault(
                    clean_surrogates(str(key_node.value)), _key_lines(value_node, line_of)
                )
    return YamlResult(data, None, 0, duplicates, key_lines, entry_lines)


def _key_lines(node: Node | None, line_of: Any) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                key = clean_surrogates(str(key_node.value))
                lines.setdefault(key, line_of(key_node.start_mark.index))
    return lines


def _shown_key(key: Any) -> str:
    return key if isinstance(key, str) else str(key)


def load_yaml(text: str) -> tuple[Any, str | None]:
    """Parse YAML; return (data, None) or (None, a one-line reason)."""
    result = read_yaml(text)
    return (result.data, None) if result.ok else (None, result.error)


def yaml_error_line(text: str) -> int:
    """The 0-based line of a YAML error in ``text``, or 0."""
    return read_yaml(text).line
