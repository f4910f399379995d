"""The annotation language: one pure parser from Markdown source to annotations.

This module reads a report the way Python-Markdown and pymdown-extensions
Blocks will read it (fenced code is not scanned, blocks nest inside lists,
block quotes and other blocks), and records what Blocks does not give: line
numbers, and every mistake as a :class:`~mkdocs_claims.model.Diagnostic`.
It never raises on any input and imports nothing from MkDocs. What the
blocks mean (speakers, stances, ids) is read by :mod:`mkdocs_claims.annotate`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Diagnostic

ANNOTATION_BLOCKS = frozenset({"claim", "quote"})
"""The block names this plugin owns."""

DEFAULT_BLOCK_NAMES = ANNOTATION_BLOCKS | {
    "admonition",
    "note",
    "attention",
    "caution",
    "danger",
    "error",
    "tip",
    "hint",
    "warning",
    "details",
    "tab",
    "html",
    "caption",
    "figure-caption",
    "table-caption",
    "define",
}
"""Blocks names assumed registered when the caller does not say which are."""

CLAIM_OPTIONS = ("id", "date", "via", "note", "rating")
"""The option keys a claim accepts."""

QUOTE_OPTIONS = ("id", "date")
"""The option keys a quote accepts."""

MISPLACED_OPTIONS = ("stance", "speaker", "proposition", "affirms", "denies")
"""Keys writers put in the options although they belong in the header."""

# Front matter, as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*(?:\n|$)", re.DOTALL)

# pymdownx.blocks RE_START / RE_END, applied to one line whose container
# prefix (block quote markers, list indentation) has been removed.
BLOCK_START_RE = re.compile(r"^(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
BLOCK_END_RE = re.compile(r"^(/{3,})[ ]*$")
FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
QUOTE_PREFIX_RE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
LIST_MARKER_RE = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])[ ]+")
OPTION_LIKE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)")
MENTION_RE = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(@([^)\s]*)\)")
CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


@dataclass(frozen=True)
class RawBlock:
    """A claim or quote block as written, before any validation."""

    name: str
    line: int
    argument: str
    options: dict[str, Any] | None
    options_text: str
    options_line: int
    unindented_options: bool
    body: str
    body_line: int
    closed: bool


@dataclass(frozen=True)
class RawMention:
    """An ``[text](@id)`` link as written."""

    line: int
    speaker: str
    text: str


@dataclass
class ParsedSource:
    """What the scanner found in one file."""

    path: str
    front_matter: dict[str, Any] | None
    front_matter_text: str | None
    body: str
    body_line: int
    blocks: list[RawBlock] = field(default_factory=list)
    mentions: list[RawMention] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    prose_lines: list[int] = field(default_factory=list)
    """Lines (1-based, in file order) that Markdown reads as text outside any
    claim or quote block and outside code: where unannotated statements are."""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``text`` into the YAML front matter (or None), the body, and the
    1-based line of the body's first line.

    Unlike MkDocs, a front matter block whose YAML does not parse is still
    split off, so that its text is not rendered as the page's first lines.
    """
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, text, 1
    rest = text[match.end() :]
    stripped = rest.lstrip("\n")
    body_line = 1 + text[: match.end()].count("\n") + (len(rest) - len(stripped))
    return match.group(1), stripped, body_line


def _lenient_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date that looks like one but does not exist (``2018-02-30``) stays
    text, so that it is reported as a bad date, not as broken front matter
    (which would cost the report its title and outlet too)."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with lenient timestamps."""


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

# libyaml's parser (when PyYAML was built with it) is about ten times faster.
# It is only trusted with success: any document it refuses is parsed again by
# the pure-Python loader, so what parses and every message a writer reads are
# the same with or without libyaml.
FAST_LOADER: Any = None
if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined,unused-ignore]
        """libyaml's safe loader, with lenient timestamps."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    FAST_LOADER = _FastLoader


def load_yaml(text: str) -> tuple[Any, str | None]:
    """Parse YAML; return (data, None) or (None, a one-line reason)."""
    if FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=FAST_LOADER), None
        except Exception:  # the pure-Python loader below gives the message
            pass
    try:
        return yaml.load(text, Loader=SafeLoader), None
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, str(problem)
    except Exception as error:  # yaml can raise other errors on odd input
        return None, str(error) or type(error).__name__


def yaml_error_line(text: str) -> int:
    """The 0-based line of a YAML error in ``text``, or 0."""
    try:
        yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            return int(mark.line)
    except Exception:
        return 0
    return 0


def parse_source(
    text: str, path: str, block_names: Iterable[str] = DEFAULT_BLOCK_NAMES
) -> ParsedSource:
    """Scan one report: front matter, claim and quote blocks, mentions."""
    names = frozenset(name.lower() for name in block_names) | ANNOTATION_BLOCKS
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body, body_line = split_front_matter(text)
    parsed = ParsedSource(
        path=path, front_matter=None, front_matter_text=front, body=body, body_line=body_line
    )
    if front is not None:
        data, error = load_yaml(front)
        if error is not None:
            line = 2 + yaml_error_line(front)
            parsed.diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "invalid_yaml",
                    f"front matter is not valid YAML: {error}; the report is built "
                    "without its front matter (quote values that contain ': ' or ' #')",
                )
            )
        elif data is None:
            parsed.front_matter = {}
        elif not isinstance(data, dict):
            parsed.diagnostics.append(
                Diagnostic(path, 2, "invalid_yaml", "front matter must be a mapping of keys")
            )
        else:
            parsed.front_matter = data
    _Scanner(parsed, names).scan()
    return parsed


@dataclass
class _Open:
    """A Blocks block that is open while scanning."""

    name: str
    length: int
    line: int
    indent: int
    argument: str = ""
    options: dict[str, Any] | None = None
    options_text: str = ""
    options_line: int = 0
    unindented: bool = False
    body_start: int = 0


class _Scanner:
    """Line-by-line scan of a report body (see :func:`parse_source`)."""

    def __init__(self, parsed: ParsedSource, names: frozenset[str]) -> None:
        self.parsed = parsed
        self.names = names
        self.lines = parsed.body.split("\n")
        self.stack: list[_Open] = []
        self.annotation_depth = 0  # claim/quote blocks open in the stack

    def lineno(self, index: int) -> int:
        return self.parsed.body_line + index

    def scan(self) -> None:
        lines = self.lines
        index = 0
        in_list = False
        previous_blank = True
        while index < len(lines):
            raw = lines[index].expandtabs(4)
            content = QUOTE_PREFIX_RE.sub("", raw)
            stripped = content.lstrip(" ")
            indent = len(content) - len(stripped)
            if not stripped:
                previous_blank = True
                index += 1
                continue
            if LIST_MARKER_RE.match(content):
                in_list = True
            elif indent < 4 and previous_blank and not self.stack:
                in_list = False
            relative = indent - self._container_indent()
            fence = FENCE_RE.match(stripped)
            if fence and self._fence_closes(index, fence.group("fence"), fence.group("info")):
                index = self._skip_fence(index, fence.group("fence"))
                previous_blank = False
                continue
            # Python-Markdown reads an indented line outside a list as code (or
            # as the continuation of a paragraph), and a block inside a list
            # item only when it starts a new chunk (after a blank line).
            may_open = relative < 4 if self.stack or not in_list else previous_blank
            if may_open:
                header = stripped
                end = BLOCK_END_RE.match(header)
                if end and self.stack and len(end.group(1)) == self.stack[-1].length:
                    self._close(index)
                    index += 1
                    previous_blank = False
                    continue
                start = BLOCK_START_RE.match(header)
                if start and start.group(2).lower() in self.names:
                    index = self._open(index, start, indent)
                    previous_blank = False
                    continue
            if relative < 4 or in_list or self.stack:  # not in an indented code block
                if not self.annotation_depth:
                    self.parsed.prose_lines.append(self.lineno(index))
                self._mentions(index, content)
                start = BLOCK_START_RE.match(stripped)
                if start and start.group(2).lower() in ANNOTATION_BLOCKS:
                    self.parsed.diagnostics.append(
                        Diagnostic(
                            self.parsed.path,
                            self.lineno(index),
                            "unrecognized_block",
                            f"this {start.group(2).lower()} header continues the paragraph "
                            "above it, so it is shown as text: put a blank line before it",
                        )
                    )
            previous_blank = False
            index += 1
        while self.stack:
            self._close(len(lines), closed=False)

    def _container_indent(self) -> int:
        return self.stack[-1].indent if self.stack else 0

    def _fence_closes(self, index: int, fence: str, info: str) -> bool:
        """A fence opens a code block only if a closing fence follows."""
        if fence[0] == "`" and "`" in info:
            return False
        return self._fence_end(index, fence) is not None

    def _fence_end(self, index: int, fence: str) -> int | None:
        char, length = fence[0], len(fence)
        for later in range(index + 1, len(self.lines)):
            content = QUOTE_PREFIX_RE.sub("", self.lines[later].expandtabs(4)).strip()
            if content and set(content) == {char} and len(content) >= length:
                return later
        return None

    def _skip_fence(self, index: int, fence: str) -> int:
        end = self._fence_end(index, fence)
        return len(self.lines) if end is None else end + 1

    def _open(self, index: int, start: re.Match[str], indent: int) -> int:
        name = start.group(2).lower()
        block = _Open(
            name=name,
            length=len(start.group(1)),
            line=self.lineno(index),
            indent=indent,
            argument=start.group(3) or "",
        )
        self.stack.append(block)
        index += 1
        if name not in ANNOTATION_BLOCKS:
            return index
        self.annotation_depth += 1
        option_lines, unindented, after = split_options(
            [QUOTE_PREFIX_RE.sub("", line.expandtabs(4)) for line in self.lines[index:]],
            indent,
            block.length,
        )
        if option_lines:
            block.options_line = self.lineno(index)
            block.unindented = unindented
            block.options_text = "\n".join(option_lines)
            data, error = load_yaml(block.options_text)
            if error is not None:
                self.parsed.diagnostics.append(
                    Diagnostic(
                        self.parsed.path,
                        block.options_line + yaml_error_line(block.options_text),
                        "invalid_yaml",
                        f"options of the {name} block are not valid YAML: {error}; "
                        "they are shown as text (quote values that contain ': ' or ' #')",
                    )
                )
            elif isinstance(data, dict):
                block.options = data
            elif data is None:
                block.options = {}  # only comments
            else:
                self.parsed.diagnostics.append(
                    Diagnostic(
                        self.parsed.path,
                        block.options_line,
                        "invalid_yaml",
                        f"options of the {name} block must be 'key: value' lines; "
                        "they are shown as text",
                    )
                )
        index += after
        block.body_start = index
        return index

    def _close(self, index: int, closed: bool = True) -> None:
        block = self.stack.pop()
        if block.name in ANNOTATION_BLOCKS:
            self.annotation_depth -= 1
        if block.name not in ANNOTATION_BLOCKS:
            if not closed:
                self._unclosed(block)
            return
        prefix = " " * block.indent
        body_lines = []
        for line in self.lines[block.body_start : index]:
            line = QUOTE_PREFIX_RE.sub("", line.expandtabs(4))
            body_lines.append(line[block.indent :] if line.startswith(prefix) else line.lstrip(" "))
        body = "\n".join(body_lines).strip("\n")
        if block.options is None and block.options_text:
            # Options that did not parse are kept as text, never dropped.
            body = (textwrap.dedent(block.options_text) + "\n\n" + body).strip("\n")
        self.parsed.blocks.append(
            RawBlock(
                name=block.name,
                line=block.line,
                argument=block.argument,
                options=block.options,
                options_text=block.options_text,
                options_line=block.options_line,
                unindented_options=block.unindented,
                body=body,
                body_line=self.lineno(block.body_start),
                closed=closed,
            )
        )
        if not closed:
            self._unclosed(block)

    def _unclosed(self, block: _Open) -> None:
        fence = "/" * block.length
        self.parsed.diagnostics.append(
            Diagnostic(
                self.parsed.path,
                block.line,
                "unclosed_block",
                f"the {block.name} block opened here is never closed: add a line "
                f"'{fence}' after its text",
            )
        )

    def _mentions(self, index: int, content: str) -> None:
        if "](@" not in content:
            return
        text = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), content)
        for match in MENTION_RE.finditer(text):
            self.parsed.mentions.append(
                RawMention(self.lineno(index), match.group(2), match.group(1))
            )


def split_options(lines: list[str], indent: int, length: int) -> tuple[list[str], bool, int]:
    """Find a block's options in the lines that follow its header.

    Returns the option lines (dedented to the header), whether they were
    written without the required indentation, and how many lines they take.
    Options are the lines right under the header indented four spaces more
    (as pymdown Blocks reads them); lines that are not indented but start
    with a known option key are taken as options too, so that a writer who
    forgot the indentation gets a diagnostic and a working callout.
    """
    options: list[str] = []
    for line in lines:
        if not line.strip() or BLOCK_END_RE.match(line.strip()):
            break
        relative = len(line) - len(line.lstrip(" ")) - indent
        if relative < 4:
            break
        options.append(line[indent + 4 :])
    if options:
        return options, False, len(options)
    for line in lines:
        stripped = line.strip()
        match = OPTION_LIKE_RE.match(stripped)
        if not stripped or not match or match.group(1) not in CLAIM_OPTIONS + MISPLACED_OPTIONS:
            break
        options.append(stripped)
    return options, bool(options), len(options)
