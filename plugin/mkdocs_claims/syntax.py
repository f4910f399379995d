"""The annotation language: one pure parser from Markdown source to annotations.

This module reads a report the way Python-Markdown and pymdown-extensions
Blocks will read it (fenced code is not scanned, blocks nest inside lists,
block quotes and other blocks), and records what Blocks does not give: line
numbers, and every mistake as a :class:`~mkdocs_claims.model.Diagnostic`.
It never raises on any input and imports nothing from MkDocs. What the
blocks mean (speakers, stances, ids) is read by :mod:`mkdocs_claims.annotate`.

The scan is one pass over the lines, linear in the size of the source
whatever it holds: closing fences are found through a table built by one
walk from the end, options are read only as far as they go, and the text of
a block leaves out the blocks nested in it (which have their own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import shown
from .model import Diagnostic
from .yamlload import YamlResult, load_yaml, read_yaml, yaml_error_line

__all__ = [
    "ANNOTATION_BLOCKS",
    "CLAIM_OPTIONS",
    "DEFAULT_ANNOTATIONS",
    "DEFAULT_BLOCK_NAMES",
    "MISPLACED_OPTIONS",
    "QUOTE_OPTIONS",
    "ParsedSource",
    "RawBlock",
    "RawMention",
    "is_options_mapping",
    "load_yaml",
    "options_as_text",
    "parse_source",
    "split_front_matter",
    "split_options",
    "tame_headers",
    "yaml_error_line",
]

ANNOTATION_BLOCKS = frozenset({"claim", "quote"})
"""The two kinds of block this plugin owns."""

DEFAULT_ANNOTATIONS: Mapping[str, str] = {"claim": "claim", "quote": "quote"}
"""Block name -> kind, when the site does not rename them (``block_names``)."""

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
# prefix (block quote markers, list indentation) has been removed. The
# argument is taken whole and stripped afterwards: pymdownx's lazy
# "(.*?)[ ]*$" costs the square of a run of spaces.
BLOCK_START_RE = re.compile(r"^(/{3,})[ ]*([\w-]+)[ ]*(\|.*)?$")
BLOCK_END_RE = re.compile(r"^(/{3,})[ ]*$")
FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
QUOTE_PREFIX_RE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
LIST_MARKER_RE = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])[ ]+")
OPTION_LIKE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)")
# [text](@id), [text](<@id>), [text](@id "title"): the link forms
# Python-Markdown reads, with one level of brackets in the text.
MENTION_RE = re.compile(
    r"(?<![!\\])\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\([ ]*(?:<@([^<>\n]*)>|@([^()<>\s]*))"
    r"""(?:[ ]+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ ]*\)"""
)
BACKTICKS_RE = re.compile(r"`+")
MAX_NESTING = 100
"""Lists, block quotes and blocks nested deeper than this are refused:
Python-Markdown recurses once per level and exhausts Python's stack on a list
a few hundred levels deep, which would stop the whole build."""
HEADER_LIKE_RE = re.compile(r"^[ >]*/{3,}")
LONG_SPACES_RE = re.compile(r" {17,}")
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
TOP_LEVEL_KEY_RE = re.compile(r"^([^\s#:][^:]*):(?:[ \t]+(.*))?$")


def block_argument(match: re.Match[str]) -> str:
    """The argument of a header matched by :data:`BLOCK_START_RE`."""
    rest = match.group(3)
    return rest[1:].strip(" ") if rest else ""


def tame_headers(text: str) -> str:
    """``text`` with runs of more than 16 spaces in block header lines cut to 16.

    pymdown Blocks finds headers with a regular expression that costs the
    square of the longest run of spaces in a header's argument (a header
    with 100,000 spaces takes minutes), so a report is handed to Markdown
    tamed. Whitespace in a header's argument means nothing (it is read word
    by word), so nothing a reader sees changes.
    """
    if "/" * 3 not in text or " " * 17 not in text:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if " " * 17 in line and HEADER_LIKE_RE.match(line):
            lines[number] = LONG_SPACES_RE.sub(" " * 16, line)
    return "\n".join(lines)


@dataclass(frozen=True)
class RawBlock:
    """A claim or quote block as written, before any validation.

    ``name`` is the block's kind (``claim`` or ``quote``), whatever name the
    site registered it under; ``body`` is its own text, without the claim
    and quote blocks nested in it.
    """

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
    """What the scanner found in one file.

    ``front_matter`` is what could be read of the front matter (None when
    there is none, or when it is not a mapping), ``front_matter_lines`` the
    1-based line of each of its keys, and ``front_matter_failed`` whether
    any of it could not be read.
    """

    path: str
    front_matter: dict[str, Any] | None
    front_matter_text: str | None
    body: str
    body_line: int
    blocks: list[RawBlock] = field(default_factory=list)
    mentions: list[RawMention] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    front_matter_speaker_lines: dict[str, int] = field(default_factory=dict)
    front_matter_failed: bool = False
    too_deep: tuple[int, int] | None = None
    """(line, depth) of the first line nested deeper than MAX_NESTING."""
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


def duplicate_diagnostics(
    result: YamlResult, path: str, first_line: int, what: str
) -> list[Diagnostic]:
    """A diagnostic for every key given twice in ``result`` (the text starts
    at line ``first_line`` of ``path``)."""
    return [
        Diagnostic(
            path,
            first_line + duplicate.line,
            "duplicate_key",
            f"{what}: key {shown(duplicate.key)} is given twice (first on line "
            f"{first_line + duplicate.first_line}); the first value is kept",
        )
        for duplicate in result.duplicates
    ]


def parse_source(
    text: str,
    path: str,
    block_names: Iterable[str] = DEFAULT_BLOCK_NAMES,
    annotations: Mapping[str, str] = DEFAULT_ANNOTATIONS,
) -> ParsedSource:
    """Scan one report: front matter, claim and quote blocks, mentions.

    ``block_names`` are the Blocks names the site registers; ``annotations``
    maps the names under which this plugin's blocks are registered to their
    kind (``claim`` or ``quote``).
    """
    kinds = {name.lower(): kind for name, kind in annotations.items()}
    names = frozenset(name.lower() for name in block_names) | frozenset(kinds)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body, body_line = split_front_matter(text)
    parsed = ParsedSource(
        path=path, front_matter=None, front_matter_text=front, body=body, body_line=body_line
    )
    if front is not None:
        _read_front_matter(parsed, front)
    _Scanner(parsed, names, kinds).scan()
    return parsed


def _read_front_matter(parsed: ParsedSource, front: str) -> None:
    path = parsed.path
    result = read_yaml(front)
    if result.ok and isinstance(result.data, dict):
        parsed.front_matter = result.data
        parsed.front_matter_lines = {key: 2 + line for key, line in result.key_lines.items()}
        speakers = result.entry_lines.get("speakers", {})
        parsed.front_matter_speaker_lines = {key: 2 + line for key, line in speakers.items()}
        parsed.diagnostics.extend(duplicate_diagnostics(result, path, 2, "front matter"))
    elif result.ok and result.data is None:
        parsed.front_matter = {}
    elif result.ok:
        parsed.front_matter_failed = True
        parsed.diagnostics.append(
            Diagnostic(path, 2, "invalid_yaml", "front matter must be a mapping of keys")
        )
    else:
        parsed.front_matter_failed = True
        _recover_front_matter(parsed, front, result)


def _recover_front_matter(parsed: ParsedSource, front: str, whole: YamlResult) -> None:
    """Front matter that does not parse as a whole: read each top-level key
    (a line at the left margin and the indented lines under it) on its own,
    keep what parses, take a one-line ``key: value`` that does not parse as
    the text it is, and report every line that could not be read."""
    path = parsed.path
    lines = front.split("\n")
    starts = [
        number
        for number, line in enumerate(lines)
        if line and not line[0].isspace() and not line.startswith("#")
    ]
    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    reported = False
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        chunk = "\n".join(lines[start:end])
        line = 2 + start
        part = read_yaml(chunk)
        if part.ok and isinstance(part.data, dict):
            parsed.diagnostics.extend(duplicate_diagnostics(part, path, line, "front matter"))
            for key, value in part.data.items():
                if key in meta:
                    parsed.diagnostics.append(
                        Diagnostic(
                            path,
                            line,
                            "duplicate_key",
                            f"front matter: key {shown(key)} is given twice (first on line "
                            f"{key_lines.get(str(key), line)}); the first value is kept",
                        )
                    )
                    continue
                meta[key] = value
                key_lines.setdefault(str(key), line + part.key_lines.get(str(key), 0))
                if key == "speakers":
                    parsed.front_matter_speaker_lines = {
                        name: line + offset
                        for name, offset in part.entry_lines.get("speakers", {}).items()
                    }
            continue
        reported = True
        single = TOP_LEVEL_KEY_RE.match(lines[start])
        rest_blank = all(not extra.strip() for extra in lines[start + 1 : end])
        problem = part.error or "not a 'key: value' line"
        key = single.group(1).rstrip() if single else ""
        # As text, but without the control characters YAML refuses (a NUL).
        value = RAW_CONTROLS.sub("\ufffd", (single.group(2) or "").strip()) if single else ""
        if value and rest_blank and key not in meta:
            meta[key] = value
            key_lines[key] = line
            parsed.diagnostics.append(
                Diagnostic(
                    path,
                    line + part.line,
                    "invalid_yaml",
                    f"front matter is not valid YAML: {problem}; {shown(key)} is read as "
                    f"the text {shown(value)} — put the value in quotes if it "
                    "contains ': ', ' #' or starts with '&', '*', '[' or '{'",
                )
            )
        else:
            last = start
            for extra in range(end - 1, start, -1):
                if lines[extra].strip():
                    last = extra
                    break
            span = (
                f"line {line} could not be read and is left out"
                if last == start
                else f"lines {line}-{2 + last} could not be read and are left out"
            )
            parsed.diagnostics.append(
                Diagnostic(
                    path,
                    line + part.line,
                    "invalid_yaml",
                    f"front matter is not valid YAML: {problem}; {span} (quote values "
                    "that contain ': ' or ' #')",
                )
            )
    if not reported:
        # Each part parses alone but not all together: say where YAML stopped.
        parsed.diagnostics.append(
            Diagnostic(
                path,
                2 + whole.line,
                "invalid_yaml",
                f"front matter is not valid YAML: {whole.error}; the keys that could be "
                "read on their own are kept",
            )
        )
    parsed.front_matter = meta
    parsed.front_matter_lines = key_lines


@dataclass
class _Open:
    """A Blocks block that is open while scanning."""

    name: str
    kind: str | None
    length: int
    line: int
    index: int
    indent: int
    argument: str = ""
    options: dict[str, Any] | None = None
    options_text: str = ""
    options_line: int = 0
    unindented: bool = False
    body_start: int = 0
    owner: _Open | None = None
    """The innermost claim or quote this block is nested in."""
    nested: list[tuple[int, int]] = field(default_factory=list)
    """Line ranges of the claims and quotes nested in this one (not its text)."""
    slot: int = -1
    """Where the block goes in the list of blocks: they are listed in the
    order their headers are read (as Markdown reads them), not closed."""


class _Scanner:
    """Line-by-line scan of a report body (see :func:`parse_source`)."""

    def __init__(self, parsed: ParsedSource, names: frozenset[str], kinds: dict[str, str]) -> None:
        self.parsed = parsed
        self.names = names
        self.kinds = kinds
        self.lines = parsed.body.split("\n")
        # Each line without its block quote markers, tabs expanded: computed once.
        self.contents: list[str] = []
        self.quotes: list[int] = []  # block quote markers of each line
        for line in self.lines:
            line = line.expandtabs(4)
            prefix = QUOTE_PREFIX_RE.match(line)
            end = prefix.end() if prefix else 0
            self.contents.append(line[end:])
            self.quotes.append(line.count(">", 0, end))
        self.stack: list[_Open] = []
        self._fence_tables: dict[str, list[int]] = {}
        self.slots: list[RawBlock | None] = []
        self.annotation_depth = 0  # claim/quote blocks open in the stack

    def lineno(self, index: int) -> int:
        return self.parsed.body_line + index

    def scan(self) -> None:
        contents = self.contents
        index = 0
        in_list = False
        previous_blank = True
        while index < len(contents):
            content = contents[index]
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
            depth = self.quotes[index] + indent // 4 + len(self.stack)
            if depth > MAX_NESTING and self.parsed.too_deep is None:
                self.parsed.too_deep = (self.lineno(index), depth)
            relative = indent - self._container_indent()
            fence = FENCE_RE.match(stripped)
            if fence:
                end = self._fence_end(index, fence.group("fence"), fence.group("info"))
                if end is not None:
                    index = end + 1
                    previous_blank = False
                    continue
            # Python-Markdown reads an indented line outside a list as code (or
            # as the continuation of a paragraph), and a block inside a list
            # item only when it starts a new chunk (after a blank line).
            may_open = relative < 4 if self.stack or not in_list else previous_blank
            if may_open and stripped[0] == "/":
                end_match = BLOCK_END_RE.match(stripped)
                if end_match and self.stack and len(end_match.group(1)) == self.stack[-1].length:
                    self._close(index)
                    index += 1
                    previous_blank = False
                    continue
                start = BLOCK_START_RE.match(stripped)
                if start and start.group(2).lower() in self.names:
                    index = self._open(index, start, indent)
                    previous_blank = False
                    continue
            if relative < 4 or in_list or self.stack:  # not in an indented code block
                if not self.annotation_depth:
                    self.parsed.prose_lines.append(self.lineno(index))
                self._mentions(index, content)
                if stripped[0] == "/":
                    start = BLOCK_START_RE.match(stripped)
                    kind = self.kinds.get(start.group(2).lower()) if start else None
                    if kind is not None:
                        self.parsed.diagnostics.append(
                            Diagnostic(
                                self.parsed.path,
                                self.lineno(index),
                                "unrecognized_block",
                                f"this {kind} header continues the paragraph above it, so it "
                                "is shown as text: put a blank line before it",
                            )
                        )
            previous_blank = False
            index += 1
        while self.stack:
            self._close(len(contents), closed=False)
        self.parsed.blocks.extend(block for block in self.slots if block is not None)

    def _container_indent(self) -> int:
        return self.stack[-1].indent if self.stack else 0

    def _fence_table(self, char: str) -> list[int]:
        """For each line, the length of the longest closing fence of ``char``
        at or after it (one walk from the end, built on first use)."""
        table = self._fence_tables.get(char)
        if table is None:
            table = [0] * (len(self.contents) + 1)
            longest = 0
            for index in range(len(self.contents) - 1, -1, -1):
                longest = max(longest, self._closer_length(index, char))
                table[index] = longest
            self._fence_tables[char] = table
        return table

    def _closer_length(self, index: int, char: str) -> int:
        content = self.contents[index].strip()
        if len(content) >= 3 and content[0] == char and content == char * len(content):
            return len(content)
        return 0

    def _fence_end(self, index: int, fence: str, info: str) -> int | None:
        """The line that closes a fence opened at ``index``, or None: a fence
        opens a code block only if a closing fence follows. The table says in
        constant time whether one does; finding it walks only over the lines
        the code block then skips."""
        char, length = fence[0], len(fence)
        if char == "`" and "`" in info:
            return None
        if self._fence_table(char)[index + 1] < length:
            return None
        for later in range(index + 1, len(self.contents)):
            if self._closer_length(later, char) >= length:
                return later
        return None  # not reached: the table said a closer follows

    def _open(self, index: int, start: re.Match[str], indent: int) -> int:
        name = start.group(2).lower()
        kind = self.kinds.get(name)
        top = self.stack[-1] if self.stack else None
        block = _Open(
            name=name,
            kind=kind,
            length=len(start.group(1)),
            line=self.lineno(index),
            index=index,
            indent=indent,
            argument=block_argument(start),
            owner=(top if top.kind else top.owner) if top else None,
        )
        self.stack.append(block)
        index += 1
        if kind is None:
            return index
        block.slot = len(self.slots)
        self.slots.append(None)
        self.annotation_depth += 1
        option_lines, unindented = split_options(self.contents, index, indent)
        if option_lines:
            block.options_line = self.lineno(index)
            block.unindented = unindented
            block.options_text = "\n".join(option_lines)
            self._read_options(block, kind)
        index += len(option_lines)
        block.body_start = index
        return index

    def _read_options(self, block: _Open, kind: str) -> None:
        path = self.parsed.path
        result = read_yaml(block.options_text)
        data = result.data
        if not result.ok:
            self.parsed.diagnostics.append(
                Diagnostic(
                    path,
                    block.options_line + result.line,
                    "invalid_yaml",
                    f"options of the {kind} block are not valid YAML: {result.error}; "
                    "they are shown as text (quote values that contain ': ' or ' #')",
                )
            )
        elif is_options_mapping(data):
            block.options = data
            self.parsed.diagnostics.extend(
                duplicate_diagnostics(
                    result, path, block.options_line, f"options of the {kind} block"
                )
            )
        elif data is None:
            # Only YAML comments: "    #1 priority is peace, she said." is the
            # writer's text, indented, not options.
            self.parsed.diagnostics.append(
                Diagnostic(
                    path,
                    block.options_line,
                    "invalid_yaml",
                    f"the indented lines under the {kind} header are not options (they have "
                    "no 'key: value' and would be read as a YAML comment), so they are shown "
                    "as text: leave a blank line after the header, or do not indent them",
                )
            )
        else:
            self.parsed.diagnostics.append(
                Diagnostic(
                    path,
                    block.options_line,
                    "invalid_yaml",
                    f"options of the {kind} block must be 'key: value' lines; "
                    "they are shown as text",
                )
            )

    def _close(self, index: int, closed: bool = True) -> None:
        """Close the innermost block at line ``index`` (its closing line, or
        the end of the file)."""
        block = self.stack.pop()
        if block.kind is None:
            if not closed:
                self._unclosed(block)
            return
        self.annotation_depth -= 1
        if block.owner is not None:
            block.owner.nested.append((block.index, index + 1))
        prefix = " " * block.indent
        body_lines: list[str] = []
        position = block.body_start
        for start, end in [*block.nested, (index, index)]:
            for line in self.contents[position:start]:
                body_lines.append(
                    line[block.indent :] if line.startswith(prefix) else line.lstrip(" ")
                )
            position = max(position, end)
        body = "\n".join(body_lines).strip("\n")
        if block.options is None and block.options_text:
            # Options that were not read are kept as text, never dropped.
            body = (options_as_text(block.options_text.split("\n")) + "\n\n" + body).strip("\n")
        self.slots[block.slot] = RawBlock(
            name=block.kind,
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
        if not closed:
            self._unclosed(block)

    def _unclosed(self, block: _Open) -> None:
        fence = "/" * block.length
        self.parsed.diagnostics.append(
            Diagnostic(
                self.parsed.path,
                block.line,
                "unclosed_block",
                f"the {block.kind or block.name} block opened here is never closed: add a "
                f"line '{fence}' after its text",
            )
        )

    def _mentions(self, index: int, content: str) -> None:
        if "](" not in content or "@" not in content:
            return
        for match in MENTION_RE.finditer(mask_code_spans(content)):
            self.parsed.mentions.append(
                RawMention(
                    self.lineno(index), match.group(2) or match.group(3) or "", match.group(1)
                )
            )


def mask_code_spans(line: str) -> str:
    """``line`` with its code spans blanked out, as Python-Markdown pairs
    backtick runs (a run closes at the next run of the same length), in
    time linear in the line."""
    runs = [(match.start(), match.end()) for match in BACKTICKS_RE.finditer(line)]
    if len(runs) < 2:
        return line
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for position in range(len(runs) - 1, -1, -1):
        width = runs[position][1] - runs[position][0]
        following[position] = last.get(width)
        last[width] = position
    pieces: list[str] = []
    copied = 0
    position = 0
    while position < len(runs):
        partner = following[position]
        if partner is None:
            position += 1
            continue
        begin, end = runs[position][0], runs[partner][1]
        pieces.append(line[copied:begin])
        pieces.append(" " * (end - begin))
        copied = end
        position = partner + 1
    pieces.append(line[copied:])
    return "".join(pieces)


def is_options_mapping(data: Any) -> bool:
    """Whether parsed option lines are options: a mapping with at least one key."""
    return isinstance(data, dict) and bool(data)


def options_as_text(lines: list[str]) -> str:
    """Option lines that were not read as options, as Markdown text of the
    block: dedented, with a leading '#' escaped so that it stays a '#'
    instead of making a heading."""
    text_lines = []
    for line in lines:
        line = line.strip()
        text_lines.append("\\" + line if line.startswith("#") else line)
    return "\n".join(text_lines)


def split_options(contents: list[str], index: int, indent: int) -> tuple[list[str], bool]:
    """Find a block's options in the lines from ``index`` on (the lines that
    follow its header); read only as far as the options go.

    Returns the option lines (dedented to the header) and whether they were
    written without the required indentation. Options are the lines right
    under the header indented four spaces more (as pymdown Blocks reads
    them); lines that are not indented but start with a known option key are
    taken as options too, so that a writer who forgot the indentation gets a
    diagnostic and a working callout.
    """
    options: list[str] = []
    for line in _lines_from(contents, index):
        stripped = line.strip()
        if not stripped or BLOCK_END_RE.match(stripped):
            break
        if len(line) - len(line.lstrip(" ")) - indent < 4:
            break
        options.append(line[indent + 4 :])
    if options:
        return options, False
    for line in _lines_from(contents, index):
        stripped = line.strip()
        match = OPTION_LIKE_RE.match(stripped)
        if not stripped or not match or match.group(1) not in CLAIM_OPTIONS + MISPLACED_OPTIONS:
            break
        options.append(stripped)
    return options, bool(options)


def _lines_from(contents: list[str], index: int) -> Iterable[str]:
    for position in range(index, len(contents)):
        yield contents[position]
