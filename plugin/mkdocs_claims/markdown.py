"""The Python-Markdown extension that renders claim and quote blocks and mentions.

pymdown-extensions Blocks parses the block bodies (so blocks nest in lists,
block quotes and other blocks, and their text is ordinary Markdown). Blocks
silently turns a block whose options fail to validate into plain paragraphs,
so a small block processor that runs just before it takes the options out of
claim and quote blocks (the scanner in :mod:`mkdocs_claims.syntax` has
already read and checked them, with line numbers): Blocks then always sees a
valid block and the callout is never lost.

The extension renders from a :class:`PageCursor` that the site generator
adapter binds before each page and unbinds after it.
"""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import quote as urlquote

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from .annotate import read_header
from .export import element_text
from .ids import normalize_id
from .index import ClaimIndex
from .model import Claim, Proposition, Quote, Report, Speaker
from .render import PageLinks, Renderer
from .syntax import ANNOTATION_BLOCKS, CLAIM_OPTIONS, MISPLACED_OPTIONS, load_yaml

# pymdownx.blocks.RE_START, searched in a block the way BlocksProcessor does.
RE_START = re.compile(r"(?:^|\n)([ ]{0,3})(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?(?:\n|$)")
RE_END_LINE = re.compile(r"^[ ]{0,3}/{3,}[ ]*$")
RE_OPTION_LIKE = re.compile(r"^[ ]{0,3}([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)")


@dataclass
class PageCursor:
    """What the extension needs to render one page.

    ``report`` is None on pages that are not reports (claims there are
    rendered from their header alone and not indexed). Annotations are taken
    in document order, which is the order both the scanner and
    Python-Markdown read them in.
    """

    links: PageLinks
    src: str
    report: Report | None = None
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    counter: int = 0
    unindexed: list[str] = field(default_factory=list)
    """Headers (arguments) of the claims Markdown read but the scan did not."""

    @classmethod
    def for_report(cls, report: Report, links: PageLinks, src: str) -> PageCursor:
        """A cursor over a report's annotations."""
        return cls(links, src, report, list(report.claims), list(report.quotes))

    def take_claim(self, argument: str) -> Claim | None:
        """The next claim written with this header, if the scan found it."""
        for position, claim in enumerate(self.claims):
            if claim.argument.strip() == argument.strip():
                del self.claims[: position + 1]
                return claim
        return None

    def take_quote(self, argument: str) -> Quote | None:
        """The next quote written with this header, if the scan found it."""
        for position, quote in enumerate(self.quotes):
            if quote.argument.strip() == argument.strip():
                del self.quotes[: position + 1]
                return quote
        return None


# A block header anywhere in a line (in a list item, a block quote). The
# argument is stripped in Python: a lazy group before trailing spaces would
# be quadratic on a long line of spaces.
RE_HEADER_LINE = re.compile(r"^[ \t>*+\-0-9.]*/{3,}[ ]*[\w-]+[ ]*\|(.*)$")


def unindexed_lines(text: str, report: Report, arguments: list[str]) -> list[int]:
    """The lines of the block headers Markdown read but the scan did not:
    for each header, in order, the next line that writes it and is not a
    block the scan found."""
    known = {claim.line for claim in report.claims} | {quote.line for quote in report.quotes}
    wanted = [argument.strip() for argument in arguments]
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if len(lines) == len(wanted):
            break
        match = RE_HEADER_LINE.match(line)
        if match and number not in known and match.group(1).strip() == wanted[len(lines)]:
            lines.append(number)
    return lines


class ClaimsState:
    """Shared between the adapter and every Markdown instance of a build."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.index: ClaimIndex | None = None
        self.cursor: PageCursor | None = None

    @property
    def speakers(self) -> Mapping[str, Speaker]:
        """Known speakers (none before the index is built)."""
        return self.index.speakers if self.index else {}

    @property
    def propositions(self) -> Mapping[str, Proposition]:
        """Known propositions."""
        return self.index.propositions if self.index else {}


# test() and run() of the processor both ask about the same block.
@functools.lru_cache(maxsize=64)
def strip_options(block: str) -> str | None:
    """Take the options out of the first claim or quote header of ``block``.

    Returns the new block text, or None when there is nothing to change.
    Option lines (indented four spaces, or unindented lines that start with
    a known option key, which the scanner reports) are dropped when they are
    a valid YAML mapping: the scanner has read them. Otherwise they become
    body text, so the writer's words stay on the page.
    """
    match = RE_START.search(block)
    if not match or match.group(3).lower() not in ANNOTATION_BLOCKS:
        return None
    head, rest = block[: match.end()], block[match.end() :]
    if not head.endswith("\n"):
        return None
    lines = rest.split("\n")
    options: list[str] = []
    for line in lines:
        if RE_END_LINE.match(line) or len(line) - len(line.lstrip(" ")) < 4 or not line.strip():
            break
        options.append(line[4:])
    unindented = not options
    if unindented:
        for line in lines:
            option = RE_OPTION_LIKE.match(line)
            if not option or option.group(1) not in CLAIM_OPTIONS + MISPLACED_OPTIONS:
                break
            options.append(line.strip())
    if not options:
        return None
    data, error = load_yaml("\n".join(options))
    remaining = "\n".join(lines[len(options) :])
    if error is None and (data is None or isinstance(data, dict)):
        return head + remaining
    if unindented:
        return None  # Blocks already reads them as body text
    return head + "\n".join(line.strip() for line in options) + "\n\n" + remaining


class OptionsProcessor(BlockProcessor):
    """Runs just before pymdown Blocks: takes claim and quote options out."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return strip_options(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        stripped = strip_options(blocks[0])
        if stripped is not None:
            blocks[0] = stripped
        # False: the parser goes on to the next processor (Blocks) with the
        # rewritten block, as if it had been written without options.
        return False


class _AnnotationBlock(Block):  # type: ignore[misc]
    """Shared parts of the claim and quote blocks."""

    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Callable[[Any], Any]]]] = {}

    @property
    def state(self) -> ClaimsState:
        state: ClaimsState = self.config["state"]
        return state

    def stash(self, parent: etree.Element, html: str) -> None:
        """Put trusted template output into the tree, as raw HTML."""
        holder = etree.SubElement(parent, "p")
        holder.text = self.md.htmlStash.store(html)


class ClaimBlock(_AnnotationBlock):
    """``/// claim | speaker [affirms|denies proposition]``"""

    NAME = "claim"

    def on_init(self) -> None:
        self.claim: Claim | None = None
        self.body: etree.Element | None = None

    def on_create(self, parent: etree.Element) -> etree.Element:
        state = self.state
        cursor = state.cursor
        argument = str(self.argument or "")
        claim = cursor.take_claim(argument) if cursor and cursor.report else None
        if claim is None:
            claim = self._transient(argument, cursor)
        self.claim = claim
        attributes = {"class": "claim admonition", "id": f"claim-{claim.id}"}
        if claim.stance:
            attributes["class"] += f" claim--{claim.stance}"
        attributes["data-claim"] = claim.id
        if claim.speaker:
            attributes["data-speaker"] = claim.speaker
        if claim.stance:
            attributes["data-stance"] = claim.stance
        if claim.proposition and claim.stance:
            attributes["data-proposition"] = claim.proposition
        element = etree.SubElement(parent, "div", attributes)
        links = cursor.links if cursor else PageLinks(state.renderer.layout, "")
        self.stash(
            element,
            state.renderer.claim_header(
                claim, state.index, state.speakers, state.propositions, links
            ),
        )
        self.body = etree.SubElement(element, "div", {"class": "claim-body"})
        return element

    def _transient(self, argument: str, cursor: PageCursor | None) -> Claim:
        """A claim the scan did not index (a page that is not a report)."""
        header = read_header(argument, "claim", "", 0, [])
        number = 1
        if cursor is not None:
            cursor.counter += 1
            number = cursor.counter
            cursor.unindexed.append(argument)
        return Claim(
            report=cursor.report.key if cursor and cursor.report else "",
            id=f"unindexed-{number}",
            line=0,
            argument=argument,
            speaker=header.speaker,
            stance=header.stance,
            proposition=header.proposition,
            date=None,
        )

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.body if self.body is not None else block

    def on_end(self, block: etree.Element) -> None:
        state = self.state
        cursor = state.cursor
        if self.claim is None:
            return
        links = cursor.links if cursor else PageLinks(state.renderer.layout, "")
        index = state.index if cursor and cursor.report else None
        footer = state.renderer.claim_footer(self.claim, index, links)
        if footer.strip():
            self.stash(block, footer)

    def on_inline_end(self, block: etree.Element) -> None:
        cursor = self.state.cursor
        if cursor is not None and self.claim is not None and self.body is not None:
            cursor.texts[self.claim.id] = element_text(self.body, self.md)


class QuoteBlock(_AnnotationBlock):
    """``/// quote | speaker``"""

    NAME = "quote"

    def on_init(self) -> None:
        self.speaker: str | None = None
        self.quote_el: etree.Element | None = None

    def on_create(self, parent: etree.Element) -> etree.Element:
        cursor = self.state.cursor
        argument = str(self.argument or "")
        quote = cursor.take_quote(argument) if cursor and cursor.report else None
        words = argument.split()
        self.speaker = quote.speaker if quote else (normalize_id(words[0]) if words else None)
        figure = etree.SubElement(parent, "figure", {"class": "speaker-quote-figure"})
        attributes = {"class": "speaker-quote"}
        if quote is not None:
            attributes["id"] = f"quote-{quote.id}"
        if self.speaker:
            attributes["data-speaker"] = self.speaker
        self.quote_el = etree.SubElement(figure, "blockquote", attributes)
        return figure

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.quote_el if self.quote_el is not None else block

    def on_end(self, block: etree.Element) -> None:
        state = self.state
        cursor = state.cursor
        links = cursor.links if cursor else PageLinks(state.renderer.layout, "")
        self.stash(block, state.renderer.quote_caption(self.speaker, state.speakers, links))


class MentionProcessor(Treeprocessor):
    """Turns ``[text](@speaker-id)`` into a link to the speaker page."""

    def __init__(self, md: Markdown, state: ClaimsState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        cursor = self.state.cursor
        speakers = self.state.speakers
        for element in root.iter("a"):
            href = element.get("href", "")
            if not href.startswith("@"):
                continue
            speaker = normalize_id(href[1:])
            if speaker not in speakers and (cursor is None or cursor.report is None):
                continue  # not a report: an "@" link is left as the writer made it
            element.set("data-speaker", speaker)
            classes = element.get("class", "")
            if speaker in speakers and cursor is not None:
                element.set("class", f"{classes} speaker-mention".strip())
                # A link to the speaker page's source, which the site generator
                # resolves (and checks) like any other link between pages.
                target = self.state.renderer.layout.speaker_src(speaker)
                relative = posixpath.relpath(target, posixpath.dirname(cursor.src) or ".")
                element.set("href", urlquote(relative))
            else:
                # Unknown speaker: keep the text, drop the link (reported by the index).
                element.tag = "span"
                del element.attrib["href"]
                element.set("class", f"{classes} speaker-mention-unknown".strip())


class ClaimsExtension(BlocksExtension):  # type: ignore[misc]
    """Registers the claim and quote blocks, their option handling and mentions."""

    def __init__(self, state: ClaimsState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Blocks makes "\/" an escape; a page without annotations must render
        # exactly as without the plugin, so undo that unless another Blocks
        # extension asked for it first.
        escaped = "/" in md.ESCAPED_CHARS
        super().extendMarkdown(md)
        if not escaped and "/" in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS = [char for char in md.ESCAPED_CHARS if char != "/"]

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        config = {"state": self.state}
        block_mgr.register(ClaimBlock, config)
        block_mgr.register(QuoteBlock, config)
        # Just before Blocks (89.99), after list indentation (90).
        md.parser.blockprocessors.register(OptionsProcessor(md.parser), "claims_options", 89.995)
        # After inline processing (20), before MkDocs resolves relative links (0).
        md.treeprocessors.register(MentionProcessor(md, self.state), "claims_mentions", 15)
