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

import inspect
import posixpath
import re
import secrets
import xml.etree.ElementTree as etree
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import quote as urlquote

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from .annotate import read_header
from .export import element_text
from .ids import normalize_id
from .index import ClaimIndex
from .model import Claim, Proposition, Quote, Report, Speaker
from .render import PageLinks, Renderer
from .sanitize import clean_html
from .syntax import (
    CLAIM_OPTIONS,
    DEFAULT_ANNOTATIONS,
    MISPLACED_OPTIONS,
    is_options_mapping,
    load_yaml,
    options_as_text,
)

# pymdownx.blocks.RE_START, searched in a block the way BlocksProcessor does,
# but with the argument taken greedily (stripped afterwards): the lazy
# "(.*?)[ ]*" of the original costs the square of a run of spaces.
RE_START = re.compile(r"(?:^|\n)([ ]{0,3})(/{3,})[ ]*([\w-]+)[ ]*(\|[^\n]*)?(?:\n|$)")
RE_END_LINE = re.compile(r"^[ ]{0,3}/{3,}[ ]*$")
RE_OPTION_LIKE = re.compile(r"^[ ]{0,3}([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)")


def _words(argument: str) -> tuple[str, ...]:
    return tuple(argument.split())


@dataclass
class PageCursor:
    """What the extension needs to render one page.

    ``report`` is None on pages that are not reports (claims there are
    rendered from their header alone and not indexed). Annotations are taken
    in document order, which is the order both the scanner and
    Python-Markdown read them in; a header is matched by its words, so that
    spacing does not matter.
    """

    links: PageLinks
    src: str
    report: Report | None = None
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    counter: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    """Indexed mentions not yet rendered, by speaker id."""
    unindexed_mentions: int = 0
    _queues: dict[tuple[str, tuple[str, ...]], deque[tuple[int, Any]]] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)
    _taken: set[tuple[str, int]] = field(default_factory=set)
    elements: set[int] = field(default_factory=set)
    """The elements of the page's claims and quotes (by id)."""
    unindexed: list[str] = field(default_factory=list)
    """Headers (arguments) of the claims Markdown read but the scan did not."""

    @classmethod
    def for_report(cls, report: Report, links: PageLinks, src: str) -> PageCursor:
        """A cursor over a report's annotations."""
        cursor = cls(links, src, report, list(report.claims), list(report.quotes))
        annotations: tuple[tuple[str, list[Any]], ...] = (
            ("claim", cursor.claims),
            ("quote", cursor.quotes),
        )
        for kind, items in annotations:
            for position, item in enumerate(items):
                queue = cursor._queues.setdefault((kind, _words(item.argument)), deque())
                queue.append((position, item))
        cursor.mentions = Counter(mention.speaker for mention in report.mentions)
        return cursor

    def _take(self, kind: str, argument: str) -> Any:
        """The next annotation of ``kind`` written with this header after the
        last one taken, if the scan found it (amortised constant time)."""
        queue = self._queues.get((kind, _words(argument)))
        floor = self._next.get(kind, 0)
        while queue and queue[0][0] < floor:
            queue.popleft()
        if not queue:
            return None
        position, item = queue.popleft()
        self._next[kind] = position + 1
        self._taken.add((kind, position))
        return item

    def take_claim(self, argument: str) -> Claim | None:
        """The next claim written with this header, if the scan found it."""
        claim: Claim | None = self._take("claim", argument)
        return claim

    def take_quote(self, argument: str) -> Quote | None:
        """The next quote written with this header, if the scan found it."""
        quote: Quote | None = self._take("quote", argument)
        return quote

    def unrendered(self) -> list[Claim]:
        """The claims the scan found that Markdown did not render."""
        return [
            claim
            for position, claim in enumerate(self.claims)
            if ("claim", position) not in self._taken
        ]

    def take_mention(self, speaker: str) -> bool:
        """Whether a mention of ``speaker`` is one the scan indexed (each once)."""
        if self.mentions[speaker] > 0:
            self.mentions[speaker] -= 1
            return True
        return False


# A block header anywhere in a line (in a list item, a block quote). The
# argument is stripped in Python: a lazy group before trailing spaces would
# be quadratic on a long line of spaces.
RE_HEADER_LINE = re.compile(r"^[ \t>*+\-0-9.]*/{3,}[ ]*[\w-]+[ ]*\|(.*)$")


def unindexed_lines(text: str, report: Report, arguments: list[str]) -> list[int]:
    """The lines of the block headers Markdown read but the scan did not:
    for each header, in order, the next line that writes it and is not a
    block the scan found."""
    known = {claim.line for claim in report.claims} | {quote.line for quote in report.quotes}
    wanted = [argument.split() for argument in arguments]
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(lines) == len(wanted):
            break
        match = RE_HEADER_LINE.match(line)
        if match and number not in known and match.group(1).split() == wanted[len(lines)]:
            lines.append(number)
    return lines


class ClaimsState:
    """Shared between the adapter and every Markdown instance of a build."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.index: ClaimIndex | None = None
        self.cursor: PageCursor | None = None
        self.refused: dict[str, str] = {}
        """Block names another extension had registered first (name -> kind)."""

    @property
    def speakers(self) -> Mapping[str, Speaker]:
        """Known speakers (none before the index is built)."""
        return self.index.speakers if self.index else {}

    @property
    def propositions(self) -> Mapping[str, Proposition]:
        """Known propositions."""
        return self.index.propositions if self.index else {}


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time (a block can be a whole report)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def strip_options(block: str, kinds: Mapping[str, str] = DEFAULT_ANNOTATIONS) -> str | None:
    """Take the options out of the first claim or quote header of ``block``.

    Returns the new block text, or None when there is nothing to change.
    Option lines (indented four spaces, or unindented lines that start with
    a known option key, which the scanner reports) are dropped when they are
    a 'key: value' mapping: the scanner has read them. Otherwise they become
    body text (``options_as_text``), so the writer's words stay on the page.
    Only the option lines are looked at, however long the block.
    """
    match = RE_START.search(block)
    if not match or match.group(3).lower() not in kinds:
        return None
    head = block[: match.end()]
    if not head.endswith("\n"):
        return None
    rest = block[match.end() :]
    options: list[str] = []
    for line in _lines(rest):
        if RE_END_LINE.match(line) or len(line) - len(line.lstrip(" ")) < 4 or not line.strip():
            break
        options.append(line[4:])
    unindented = not options
    if unindented:
        for line in _lines(rest):
            option = RE_OPTION_LIKE.match(line)
            if not option or option.group(1) not in CLAIM_OPTIONS + MISPLACED_OPTIONS:
                break
            options.append(line.strip())
    if not options:
        return None
    data, error = load_yaml("\n".join(options))
    remaining = _after_lines(rest, len(options))
    if error is None and is_options_mapping(data):
        return head + remaining
    if unindented:
        return None  # Blocks already reads them as body text
    return head + options_as_text(options) + "\n\n" + remaining


def _after_lines(text: str, count: int) -> str:
    """``text`` without its first ``count`` lines."""
    position = 0
    for _ in range(count):
        end = text.find("\n", position)
        if end < 0:
            return ""
        position = end + 1
    return text[position:]


class OptionsProcessor(BlockProcessor):
    """Runs just before pymdown Blocks: takes claim and quote options out."""

    def __init__(self, parser: Any, kinds: Mapping[str, str]) -> None:
        super().__init__(parser)
        self.kinds = kinds
        # test() and run() ask about the same block, one after the other.
        self._last: tuple[str, str | None] | None = None

    def _strip(self, block: str) -> str | None:
        if self._last is None or self._last[0] is not block:
            self._last = (block, strip_options(block, self.kinds))
        return self._last[1]

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._strip(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        stripped = self._strip(blocks[0])
        self._last = None
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
        if "claims_trust" in self.md.postprocessors:
            trust: TrustProcessor = self.md.postprocessors["claims_trust"]
            trust.trusted.append(self.md.htmlStash.html_counter - 1)

    def mark_nested(self, element: etree.Element) -> None:
        """Remember an annotation's element: the text of a claim around it
        leaves it out (it has its own)."""
        cursor = self.state.cursor
        if cursor is not None:
            cursor.elements.add(id(element))


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
        self.mark_nested(element)
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
            # Without the claims and quotes nested in it: they have their own.
            cursor.texts[self.claim.id] = element_text(self.body, self.md, cursor.elements)


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
        self.mark_nested(figure)
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
    """Turns ``[text](@speaker-id)`` into a link to the speaker page.

    On a report, only the mentions the scan indexed become links (each
    indexed mention once): what the speaker page lists and what the report
    shows are the same mentions. Any other ``@`` link keeps its text without
    a link, and is counted for a diagnostic.
    """

    def __init__(self, md: Markdown, state: ClaimsState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        cursor = self.state.cursor
        speakers = self.state.speakers
        report = cursor is not None and cursor.report is not None
        for element in root.iter("a"):
            href = element.get("href", "")
            if not href.startswith("@"):
                continue
            speaker = normalize_id(href[1:])
            if not report and speaker not in speakers:
                continue  # not a report: an "@" link is left as the writer made it
            indexed = cursor.take_mention(speaker) if cursor is not None and report else True
            if cursor is not None and not indexed:
                cursor.unindexed_mentions += 1
            element.set("data-speaker", speaker)
            classes = element.get("class", "")
            if speaker in speakers and cursor is not None and indexed:
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


class TrustProcessor(Postprocessor):
    """With ``sanitize``, on a report: before raw HTML is put back into the
    page, the plugin's own markup is set aside (a token stands in for it).

    Postprocessors also run on fragments (the toc extension runs them on
    each heading's text), so this is idempotent within a conversion; a
    preprocessor starts each conversion afresh (:meth:`start`)."""

    def __init__(self, md: Markdown, state: ClaimsState) -> None:
        super().__init__(md)
        self.state = state
        self.trusted: list[int] = []
        self.aside: dict[str, str] = {}
        self.nonce = secrets.token_hex(8)

    def start(self) -> None:
        """A new conversion: nothing set aside, a new token."""
        self.trusted, self.aside, self.nonce = [], {}, secrets.token_hex(8)

    def run(self, text: str) -> str:
        cursor = self.state.cursor
        if cursor is None or cursor.report is None:
            return text
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index in self.trusted:
            token = f"claimstrusted{self.nonce}x{index}y"
            self.aside[token] = str(blocks[index])
            blocks[index] = token
        self.trusted = []
        return text


class _StartProcessor(Preprocessor):
    """The first thing of each conversion (see :class:`TrustProcessor`)."""

    def __init__(self, md: Markdown, trust: TrustProcessor) -> None:
        super().__init__(md)
        self.trust = trust

    def run(self, lines: list[str]) -> list[str]:
        self.trust.start()
        return lines


class SanitizeProcessor(Postprocessor):
    """With ``sanitize``, on a report: the page's HTML (raw HTML included)
    through the allow-list of :mod:`mkdocs_claims.sanitize`, then the
    plugin's own markup put back."""

    def __init__(self, md: Markdown, trust: TrustProcessor) -> None:
        super().__init__(md)
        self.trust = trust

    def run(self, text: str) -> str:
        cursor = self.trust.state.cursor
        if cursor is None or cursor.report is None:
            return text
        cleaned = clean_html(text)
        if "claimstrusted" not in cleaned:
            return cleaned
        for token, markup in self.trust.aside.items():
            if token in cleaned:
                cleaned = cleaned.replace(f"<p>{token}</p>", markup).replace(token, markup)
        return cleaned


class _Link:
    """Stands for one ancestor in pymdown's parent map: its tag, and the one
    child on the way down to the block being parsed."""

    __slots__ = ("child", "tag")

    def __init__(self, tag: Any, child: Any) -> None:
        self.tag = tag
        self.child = child

    def __iter__(self) -> Iterator[Any]:
        return iter((self.child,))


class _Ancestry:
    """What pymdown's ``BlocksProcessor.parse_blocks`` gets as ``current_parent``.

    For every chunk of every block it builds a map from each element of
    ``current_parent``'s whole subtree to its parent, only to count the list
    items between nested blocks: the cost of a report is the square of its
    blocks (10,000 claims: about a minute). The block being parsed is at the
    end of the tree, so its ancestors are found by following last children;
    they are given as a chain with the same tags, which yields the same
    count. Anything unexpected falls back to the whole subtree."""

    def __init__(self, manager: Any, root: etree.Element) -> None:
        self.manager = manager
        self.root = root

    def iter(self) -> Iterator[Any]:
        stack = self.manager.stack
        if len(stack) <= 1:
            return iter(())  # the map is not consulted
        target = stack[-1].el
        path = [self.root]
        node = self.root
        while node is not target:
            if len(node) == 0 or len(path) > 100_000:
                return self.root.iter()
            node = node[-1]
            path.append(node)
        links: list[_Link] = []
        child: Any = target
        for ancestor in reversed(path[:-1]):
            link = _Link(ancestor.tag, child)
            links.append(link)
            child = link
        return iter(links)


def _lean_parent_maps() -> bool:
    """Whether pymdown's parse_blocks uses ``current_parent`` only for its
    parent map (checked, since :class:`_Ancestry` relies on it)."""
    try:
        source = inspect.getsource(BlocksProcessor.parse_blocks)
    except (OSError, TypeError):
        return False
    return (
        source.count("current_parent") == 2
        and "parent_map = {c: p for p in current_parent.iter() for c in p}" in source
    )


LEAN_PARENT_MAPS = _lean_parent_maps()


def _use_lean_parent_maps(manager: BlocksProcessor) -> None:
    if not LEAN_PARENT_MAPS or getattr(manager, "_claims_lean", False):
        return
    if type(manager).parse_blocks is not BlocksProcessor.parse_blocks:
        return  # a subclass of someone else's: leave it alone
    original = BlocksProcessor.parse_blocks

    def parse_blocks(blocks: list[str], current_parent: etree.Element) -> None:
        original(manager, blocks, _Ancestry(manager, current_parent))

    manager.parse_blocks = parse_blocks
    manager._claims_lean = True


_BLOCK_CLASSES: dict[tuple[str, str], type[_AnnotationBlock]] = {}


def block_class(name: str, kind: str) -> type[_AnnotationBlock]:
    """The claim or quote block registered under ``name``."""
    found = _BLOCK_CLASSES.get((name, kind))
    if found is None:
        base: type[_AnnotationBlock] = ClaimBlock if kind == "claim" else QuoteBlock
        found = base if name == base.NAME else type(base.__name__, (base,), {"NAME": name})
        _BLOCK_CLASSES[(name, kind)] = found
    return found


class ClaimsExtension(BlocksExtension):  # type: ignore[misc]
    """Registers the claim and quote blocks, their option handling and mentions.

    ``names`` maps the Blocks names to register to their kind (``claim`` or
    ``quote``); a name another extension already registered is left to it
    (and recorded in ``state.refused``). ``sanitize`` cleans the HTML of
    report bodies.
    """

    def __init__(
        self,
        state: ClaimsState,
        names: Mapping[str, str] = DEFAULT_ANNOTATIONS,
        sanitize: bool = False,
        **kwargs: Any,
    ) -> None:
        self.state = state
        self.names = dict(names)
        self.sanitize = sanitize
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
        _use_lean_parent_maps(block_mgr)
        config = {"state": self.state}
        registered: dict[str, str] = {}
        for name, kind in self.names.items():
            if name in block_mgr.blocks:
                # The site's own block of that name wins (pymdown would raise).
                self.state.refused[name] = kind
                continue
            block_mgr.register(block_class(name, kind), config)
            registered[name] = kind
        # Just before Blocks (89.99), after list indentation (90).
        md.parser.blockprocessors.register(
            OptionsProcessor(md.parser, registered), "claims_options", 89.995
        )
        # After inline processing (20), before MkDocs resolves relative links (0).
        md.treeprocessors.register(MentionProcessor(md, self.state), "claims_mentions", 15)
        if self.sanitize:
            trust = TrustProcessor(md, self.state)
            md.preprocessors.register(_StartProcessor(md, trust), "claims_start", 1000)
            # Before raw HTML is put back (30); after everything else.
            md.postprocessors.register(trust, "claims_trust", 31)
            md.postprocessors.register(SanitizeProcessor(md, trust), "claims_sanitize", 1)


def makeExtension(**options: Any) -> BlocksExtension:
    """The claims extension configured on its own (``markdown_extensions:
    - mkdocs_claims.markdown: {content_dir: content}``), for a generator that
    runs Python-Markdown extensions but not MkDocs plugins; see
    :mod:`mkdocs_claims.standalone`. (The MkDocs plugin adds the extension
    itself: do not list it as well.)"""
    from .standalone import StandaloneClaimsExtension

    return StandaloneClaimsExtension(**options)
