"""Who reporting prose says is speaking: the attribution detector.

One detector serves two features: the ``attribution_mismatch`` diagnostic
(a claim whose text gives its words to another registered speaker) and the
``unannotated_statement`` suggestion of ``mkdocs-claims suggest`` (prose that
attributes quoted words to a registered speaker). It reads plain text with
rules a copy editor would recognise, precision first:

- a **name** is a registered speaker's name, alias or native name, matched
  as whole words, case-sensitively (a lowercase first word such as "the" in
  "the Post" may be capitalised), the longest name winning ("Sung Kim" over
  "Kim"); a one-word alias written all in lowercase is matched only for an
  unnamed group ("experts"); a name followed by another capitalised word
  ("Kim Yo Jong", "the North Koreans") or preceded by one that is not a
  title ("Ambassador"),
  article or day is part of a longer, unregistered name; a possessive
  ("Pompeo's spokeswoman") does not speak; one word shared by two people's
  names ("Kim": Kim Jong Un, Sung Kim) stands for either of them;
- an **attribution** is a name and a speech verb (a *cue*: said, told,
  added, argued, warned, noted, reported, wrote, tweeted, asked, insisted…)
  in one of these shapes: ``Pompeo said`` (with at most three words such as
  "has", "also", "later", "on Monday" between, or an appositive between
  commas: ``Hecker, a former director …, said``), ``said Cha`` after a
  quotation or a comma, ``according to the Post``, ``citing the office of …``
  (the one cited speaks, the one citing relays), ``quoted Cha as saying``;
  a name inside a relative clause (``an official who accompanied Pompeo
  said``) or after a preposition (``a letter from Kim said``) is not the
  speaker, nor is anything inside quotation marks;
- a **quotation** is text between double quotes (straight, curly or
  guillemets) or single curly/straight quotes used as quotation marks;
  titles of works (``"The Art of the Deal"``, every main word capitalised)
  and quoted terms (``the word "rapid"``, ``so-called "peace process"``) are
  not speech.

What it misses is documented in ``docs/guide/suggestions.md``. Everything
here is linear in the length of the text: names are looked up in a table of
word sequences (built once per registry), not by a regular expression per
name or per claim.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .model import Diagnostic, Report, Speaker


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set."""
    return frozenset(text.split())


# A word: letters or digits, with inner hyphens, dots (U.S) or apostrophes
# (can't, Kim's): so "Kim's" and "Trump-Kim" are single words, never a name.
TOKEN_RE = re.compile(r"\w+(?:[-.'’]\w+)*")

SUBJECT_CUES = word_set(
    """said says say told tells added adds argued argues warned warns noted notes
    reported reports wrote writes tweeted tweets asked asks insisted insists stated
    declared declares explained explains replied replies responded responds recalled
    recalls acknowledged acknowledges conceded concedes cautioned cautions claimed
    claims contended contends maintained maintains stressed stresses emphasized
    emphasised emphasizes emphasises announced announces predicted predicts concluded
    concludes remarked observed observes urged urges vowed vows promised promises
    pledged pledges admitted admits confirmed confirms complained complains assured
    assures boasted boasts continued continues suggested suggests posted
    """
)
"""Speech verbs that follow their speaker: ``Pompeo said``."""

INVERTED_CUES = word_set(
    """said says added adds argued warned noted wrote writes tweeted asked asks
    insisted stated declared explained replied responded recalled continued
    concluded cautioned observed remarked conceded acknowledged
    """
)
"""Speech verbs that may precede their speaker after a quotation: ``said Cha``."""

BETWEEN = word_set(
    """has had have also later then previously repeatedly once again reportedly
    earlier recently separately privately publicly flatly bluntly simply first
    already subsequently often too himself herself itself on monday tuesday
    wednesday thursday friday saturday sunday yesterday today
    """
)
"""Words allowed between a speaker and the verb: ``Pompeo has also said``."""

PRONOUNS = frozenset({"he", "she"})
ANY_CUE = SUBJECT_CUES | INVERTED_CUES | {"according", "citing", "saying"}
TOPIC_VERBS = word_set("reported reports wrote writes posted")
"""Verbs that, followed by "on", name a topic: "the Post reported on the talks"."""
ARTICLES = frozenset({"the", "a", "an"})
TITLES = word_set(
    """Mr Mrs Ms Dr Prof Sen Rep Gen Gov President Secretary Ambassador Minister
    Chairman Chairwoman Leader Premier Prime Vice Deputy Foreign Defense Defence
    State Senator Representative General Governor Envoy Special Chief Former
    The A An
    """
)
"""Capitalised words that may stand right before a name."""
DAYS_MONTHS = word_set(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Jan Feb
    Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)
PREPOSITIONS = word_set(
    """of from to with by for about on at than against like toward towards into
    between among without under over after before behind beside near via per
    and or nor but told asked met thanked praised criticized criticised
    accompanied joined urged called
    """
)
"""Words after which a name is an object, not the one speaking."""
RELATIVES = frozenset({"who", "whom", "whose", "which"})

TERM_MARKERS = word_set(
    """word words term terms phrase phrases expression expressions label labels
    slogan slogans motto headline headlines title titled entitled headlined dubbed
    nicknamed labeled labelled branded so-called called named
    """
)
"""A quotation right after one of these is a quoted term or a title, not speech."""
SMALL_WORDS = word_set("a an the and or nor but of in on to for with at by from as into is are vs")
ABBREVIATIONS = word_set(
    """mr mrs ms dr prof sen rep gen gov lt col sgt capt jr sr st no vs etc inc corp
    co ltd jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon pres
    """
)

DOUBLE_MARK_RE = re.compile('["“”«»„]')
SINGLE_MARK_RE = re.compile("[‘’']")
DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
CLOSING_MARKS = "\"”’»'"

HTML_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
BACKTICKS_RE = re.compile(r"`+")
IMAGE_RE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
LINK_RE = re.compile(r"\[([^\[\]\n]*)\](\([^()\n]*\)|\[[^\[\]\n]*\])")
TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>")
EMPHASIS_RE = re.compile(r"\*+")


@dataclass(frozen=True)
class Names:
    """Every registered name and alias as word sequences (built once per registry).

    ``table`` maps a name's words to the speakers it may stand for;
    ``owners`` to the speakers that registered exactly those words (for a
    shared surname such as "Kim", the one whose alias it is).
    """

    table: dict[tuple[str, ...], tuple[str, ...]]
    owners: dict[tuple[str, ...], tuple[str, ...]]
    longest: int
    display: dict[str, str] = field(default_factory=dict)
    memo: dict[str, tuple[Attribution, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Attributions already found in a block's text with these names: a
    rebuild after one edit reads only the blocks that changed."""

    def _variants(self, words: Sequence[str]) -> Iterable[tuple[str, ...]]:
        key = tuple(words)
        yield key
        if key and key[0][:1].isupper():
            # "The Post" at the start of a sentence for the alias "the Post".
            yield (key[0][:1].lower() + key[0][1:], *key[1:])
        elif key and key[0] in ARTICLES:
            # "the Washington Post" for the name "The Washington Post".
            yield (key[0][:1].upper() + key[0][1:], *key[1:])

    def lookup(self, words: Sequence[str]) -> tuple[str, ...] | None:
        """The speakers a word sequence names (exact case, or with the case of
        the first letter changed where it is a lowercase alias at the start of a
        sentence or an article)."""
        for key in self._variants(words):
            found = self.table.get(key)
            if found is not None:
                return found
        return None

    def preferred(self, words: Sequence[str]) -> tuple[str, ...]:
        """Who registered these exact words as a name or alias."""
        for key in self._variants(words):
            owners = self.owners.get(key)
            if owners is not None:
                return owners
        return ()


MEMO_LIMIT = 200_000
LONGEST_NAME = 12
"""Names and aliases of more words than this are not looked for."""
_LAST_NAMES: list[tuple[tuple[Speaker, ...], Names]] = []


def names_of(speakers: tuple[Speaker, ...]) -> Names:
    """The name table of these speakers, the same object as long as the
    registry does not change (so that its memo serves every rebuild)."""
    if _LAST_NAMES and _LAST_NAMES[0][0] == speakers:
        return _LAST_NAMES[0][1]
    names = build_names(speakers)
    _LAST_NAMES[:] = [(speakers, names)]
    return names


def build_names(speakers: Iterable[Speaker]) -> Names:
    """The name table of a registry (see :class:`Names`)."""
    owners: dict[tuple[str, ...], list[str]] = {}
    people_words: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    display: dict[str, str] = {}
    for speaker in speakers:
        kinds[speaker.id] = speaker.kind
        display[speaker.id] = speaker.name
        for text in (speaker.name, *speaker.aliases, speaker.native_name or ""):
            words = tuple(TOKEN_RE.findall(text))
            if not words or len(words) > LONGEST_NAME:
                continue  # a "name" of a sentence's length is not looked for
            # A single common word ("regime") would fire on ordinary prose,
            # except as the alias of an unnamed group ("experts"). Scripts
            # without case (김정은) are neither lower nor upper case.
            if len(words) == 1 and words[0].islower() and speaker.kind != "anonymous":
                continue
            slot = owners.setdefault(words, [])
            if speaker.id not in slot:
                slot.append(speaker.id)
            if speaker.kind == "person" and len(words) > 1:
                for word in words:
                    people_words.setdefault(word, set()).add(speaker.id)
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for words, ids in owners.items():
        candidates = list(ids)
        if len(words) == 1 and all(kinds.get(i) == "person" for i in ids):
            # A surname shared with another person's full name ("Kim") may
            # stand for either of them.
            candidates.extend(sorted(people_words.get(words[0], set()) - set(ids)))
        table[words] = tuple(candidates)
    longest = max((len(words) for words in table), default=0)
    return Names(
        table=table,
        owners={words: tuple(ids) for words, ids in owners.items()},
        longest=longest,
        display=display,
    )


@dataclass(frozen=True)
class Quotation:
    """Quoted words: offsets of the marks and whether they read as speech."""

    start: int
    end: int
    speech: bool
    last: str
    """The last character inside the marks (``,`` ``.`` ``?``…)."""


@dataclass(frozen=True)
class Attribution:
    """A name (or he/she) that a sentence of a passage gives words to."""

    sentence: int
    """Offset of the sentence's first character in the passage."""
    candidates: tuple[str, ...]
    """The speakers the name may stand for, most likely first (empty for a pronoun)."""
    name: str
    """The name (or pronoun) as written."""
    cue: str
    """The attribution as written (``Cha said``, ``according to the Post``)."""
    role: str
    """``speaker`` (the one speaking), ``relay`` (reported it, citing the
    speaker) or ``pronoun`` (he/she: who, the caller decides)."""
    quoted: bool = False
    """Whether the sentence holds quoted words (speech, not titles or terms)."""
    position: int = 0
    """Offset of the name in the passage."""
    cue_position: int = 0
    """Offset of the speech verb (or "according", "citing") in the passage."""


def clean(text: str) -> str:
    """The text with Markdown and HTML syntax blanked out, offsets kept.

    Link and mention text stays (``[Pompeo](@mike-pompeo)`` reads "Pompeo");
    comments, tags, code spans, images, link targets and emphasis marks
    become spaces.
    """

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    def link(match: re.Match[str]) -> str:
        inner = match.group(1)
        return " " + inner + " " * (len(match.group(0)) - len(inner) - 1)

    text = HTML_COMMENT_RE.sub(blank, text)
    text = _blank_code_spans(text)
    text = IMAGE_RE.sub(blank, text)
    text = LINK_RE.sub(link, text)
    text = TAG_RE.sub(blank, text)
    return EMPHASIS_RE.sub(lambda m: " " * len(m.group(0)), text)


def _blank_code_spans(text: str) -> str:
    """Blank out code spans: a run of backticks up to the next run of the same
    length (linear: each run is looked at once)."""
    runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    pointer = dict.fromkeys(by_length, 0)
    chars = list(text)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        at = pointer[end - start]
        while at < len(same) and same[at] <= number:
            at += 1
        pointer[end - start] = at
        if at == len(same):
            number += 1
            continue
        closing = runs[same[at]][1]
        for index in range(start, closing):
            if chars[index] != "\n":
                chars[index] = " "
        number = same[at] + 1
    return "".join(chars)


def find_quotations(text: str) -> list[Quotation]:
    """Double-quoted spans first, then single-quoted ones outside them.

    A double quotation left open runs to the end of the passage (a quotation
    that goes on into the next paragraph); a single one left open is an
    apostrophe, not a quotation.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in DOUBLE_MARK_RE.finditer(text):
        index = match.start()
        char = text[index]
        if char in DOUBLE_OPEN:
            if opened is None:
                opened = index
        elif char in DOUBLE_CLOSE:
            if opened is not None:
                spans.append((opened, index + 1))
                opened = None
            elif index + 1 < len(text) and text[index + 1].isalnum():
                opened = index  # a closing mark used to open
        elif opened is None:
            opened = index
        else:
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    doubles = [start for start, _ in spans]
    opened = None
    for match in SINGLE_MARK_RE.finditer(text):
        index = match.start()
        inside = bisect.bisect_right(doubles, index) - 1
        if inside >= 0 and index < spans[inside][1]:
            continue  # a single quotation inside a double one is part of it
        char = text[index]
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if opened is None:
            if char != "’" and (before.isspace() or before in "([{—–") and after.isalnum():
                opened = index
        elif char != "‘" and not before.isspace() and not after.isalnum():
            spans.append((opened, index + 1))
            opened = None
    spans.sort()
    return [_quotation(text, start, end) for start, end in spans]


def _quotation(text: str, start: int, end: int) -> Quotation:
    content = text[start + 1 : end - 1] if end - start > 1 else ""
    stripped = content.strip()
    last = stripped[-1] if stripped else ""
    words = re.findall(r"[^\W\d_][\w'’-]*", stripped)
    speech = bool(words)
    if speech:
        before = TOKEN_RE.findall(text[max(0, start - 40) : start])
        marker = [w.lower() for w in before[-2:]]
        if (marker and marker[-1] in TERM_MARKERS) or marker == ["known", "as"]:
            speech = False
        elif len(words) <= 10 and words[0][0].isupper():
            main = [w for w in words if w.lower() not in SMALL_WORDS]
            capitalised = all(w[0].isupper() for w in main)
            if capitalised and (len(words) > 1 or last not in ",.?!"):
                speech = False  # a title of a work, or a name
    return Quotation(start, end, speech, last)


@dataclass
class _Token:
    text: str
    start: int
    end: int


class _Passage:
    """One passage (a paragraph) prepared for the detector: quotations found
    and blanked out, words, sentences."""

    def __init__(self, text: str, names: Names) -> None:
        self.names = names
        self.quotes = find_quotations(text)
        parts: list[str] = []
        done = 0
        for quote in self.quotes:
            inner_start, inner_end = quote.start + 1, max(quote.start + 1, quote.end - 1)
            parts.append(text[done:inner_start])
            parts.append(NOT_NEWLINE_RE.sub(" ", text[inner_start:inner_end]))
            done = inner_end
        parts.append(text[done:])
        self.masked = "".join(parts)
        self.tokens = [
            _Token(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(self.masked)
        ]
        self.sentences = self._sentences()
        self.sentence_of = [
            bisect.bisect_right(self.sentences, token.start) - 1 for token in self.tokens
        ]
        self.quote_starts = [quote.start for quote in self.quotes]
        self._mentions: list[tuple[int, str]] | None = None

    def _sentences(self) -> list[int]:
        """Offsets where sentences start (quotations are blank, so a period
        inside one ends no sentence unless it closes the quotation)."""
        starts = [0]
        text = self.masked
        for match in SENTENCE_END_RE.finditer(text):
            word = WORD_BEFORE_RE.search(text, max(0, match.start() - 40), match.start())
            if word is not None:
                token = word.group(1)
                if (
                    token.lower() in ABBREVIATIONS
                    or (len(token) == 1 and token.isupper())
                    or "." in token
                ):
                    continue  # Mr. Pompeo, Siegfried S. Hecker, the U.S. envoy
            following = NEXT_RE.match(text, match.end())
            if following and _opens_sentence(following.group(1)):
                starts.append(following.start(1))
        for quote in self.quotes:
            if quote.last not in ".!?":
                continue
            following = NEXT_RE.match(text, quote.end)
            if not following or not _opens_sentence(following.group(1)):
                continue
            tail = TOKEN_RE.findall(CLAUSE_RE.split(text[quote.end : quote.end + 80], 1)[0])
            if any(word.lower() in SUBJECT_CUES for word in tail[:5]):
                continue  # "Absolutely?" Pompeo asked.
            starts.append(following.start(1))
        return sorted(set(starts))

    def sentence_at(self, offset: int) -> int:
        """The start offset of the sentence holding ``offset``."""
        return self.sentences[bisect.bisect_right(self.sentences, offset) - 1]

    def sentence_end(self, start: int) -> int:
        """The end offset of the sentence starting at ``start``."""
        index = bisect.bisect_right(self.sentences, start)
        return self.sentences[index] if index < len(self.sentences) else len(self.masked)

    def gap(self, left: int, right: int) -> str:
        """The text between token ``left`` and token ``right`` (left < right)."""
        return self.masked[self.tokens[left].end : self.tokens[right].start]

    def joined(self, left: int, right: int) -> bool:
        """Whether tokens left..right are one run of words: only spaces, or the
        dot of an initial or abbreviation ("Siegfried S. Hecker", "Mr. Pompeo",
        "a senior U.S. official"), between them."""
        for index in range(left, right):
            between = self.gap(index, index + 1)
            if SPACES_RE.fullmatch(between):
                continue
            word = self.tokens[index].text
            if not INITIAL_GAP_RE.fullmatch(between) or not (
                len(word) == 1 or word.lower() in ABBREVIATIONS or "." in word
            ):
                return False
        return True

    def _name(self, first: int, last: int) -> tuple[str, ...] | None:
        if not self.joined(first, last):
            return None
        return self.names.lookup([t.text for t in self.tokens[first : last + 1]])

    def name_ending(self, last: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest name whose last word is token ``last``: (first token, ids)."""
        for size in range(min(self.names.longest, last + 1), 0, -1):
            found = self._name(last - size + 1, last)
            if found:
                return last - size + 1, found
        return None

    def name_starting(self, first: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest name whose first word is token ``first``: (last token, ids)."""
        for size in range(min(self.names.longest, len(self.tokens) - first), 0, -1):
            found = self._name(first, first + size - 1)
            if found:
                return first + size - 1, found
        return None

    def standalone(self, first: int, last: int) -> bool:
        """Whether tokens first..last are a whole name, not part of a longer one
        ("Kim" in "Kim Yo Jong", "the North" in "the North Koreans") nor a
        plural possessive ("the officials' view")."""
        after = self.tokens[last].end
        if after < len(self.masked) and self.masked[after] in "’'":
            return False
        if last + 1 < len(self.tokens) and self.joined(last, last + 1):
            word = self.tokens[last + 1].text
            if _titlecase(word) and word not in DAYS_MONTHS:
                return False
        previous = first - 1
        if previous >= 0 and self.joined(previous, first):
            word = self.tokens[previous].text
            initial = previous == 0 or self.sentence_of[previous - 1] != self.sentence_of[previous]
            if _titlecase(word) and word not in TITLES and word not in DAYS_MONTHS and not initial:
                return False
        return True

    def subject_position(self, first: int) -> bool:
        """Whether a name starting at token ``first`` can be the subject of a
        verb: not the object of a preposition or verb, not in a relative clause."""
        sentence = self.sentence_of[first]
        index = first - 1
        while (
            index >= 0
            and first - index <= 6
            and self.tokens[index].text in TITLES
            and self.joined(index, index + 1)
        ):
            index -= 1  # "accompanied Mr. Pompeo": look past the title
        if (
            index >= 0
            and self.sentence_of[index] == sentence
            and self.tokens[index].text.lower() in PREPOSITIONS
            and self.joined(index, index + 1)
        ):
            return False
        # A relative pronoun earlier in the same clause: "an official who met Pompeo said".
        index = first - 1
        steps = 0
        while index >= 0 and self.sentence_of[index] == sentence and steps < 40:
            if CLAUSE_BREAK_RE.search(self.gap(index, index + 1)):
                break
            if self.tokens[index].text.lower() in RELATIVES:
                return False
            index -= 1
            steps += 1
        return True

    def unambiguous_mentions(self) -> list[tuple[int, str]]:
        """(token, speaker) for every name of several words that stands for one
        speaker, in order (computed once per passage)."""
        if self._mentions is None:
            self._mentions = []
            index = 0
            while index < len(self.tokens):
                named = self.name_starting(index)
                if named is not None and named[0] > index and len(named[1]) == 1:
                    self._mentions.append((index, named[1][0]))
                    index = named[0] + 1
                else:
                    index += 1
        return self._mentions


NOT_NEWLINE_RE = re.compile(r"[^\n]")
SENTENCE_END_RE = re.compile(r"[.!?]+[)\]\"”’»']*(?=\s+\S)")
WORD_BEFORE_RE = re.compile(r"(\w+(?:[-.'’]\w+)*)$")
NEXT_RE = re.compile(r"\s+(\S)")
CLAUSE_RE = re.compile(r"[.,;:!?\"“”]")
CLAUSE_BREAK_RE = re.compile(r"[,;:—–()\"“”«»]")
SPACES_RE = re.compile(r"[ \t\n]+")
INITIAL_GAP_RE = re.compile(r"\.[ \t\n]+")
COMMA_RE = re.compile(r"\s*,\s*")
QUOTE_MARK_RE = re.compile(r"[\"“”«»]")
STOP_RE = re.compile(r"[;:.!?]")
INVERSION_BEFORE_RE = re.compile(r"[,\"”’»'—–]\s*$")


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in "\"“‘'«(["


def _titlecase(word: str) -> bool:
    return word[:1].isupper() and any(char.islower() for char in word[1:])


def attributions(text: str, names: Names) -> list[Attribution]:
    """Every attribution to a registered speaker (or to he/she) in a passage.

    ``text`` is one paragraph of Markdown; its syntax is cleaned first.
    """
    if not any(word.lower() in ANY_CUE for word in TOKEN_RE.findall(text)):
        return []  # no speech verb, no "according to": nothing to read
    passage = _Passage(clean(text), names)
    found: list[Attribution] = []
    tokens = passage.tokens
    for index, token in enumerate(tokens):
        word = token.text
        lower = word.lower()
        if lower in SUBJECT_CUES:
            found.extend(_subject(passage, index))
        if lower in INVERTED_CUES and word == lower:
            found.extend(_inverted(passage, index))
        if (
            lower == "according"
            and index + 1 < len(tokens)
            and tokens[index + 1].text == "to"
            and passage.joined(index, index + 1)
        ):
            found.extend(_after(passage, index + 2, index, "speaker"))
        elif lower == "citing":
            found.extend(_after(passage, index + 1, index, "cited"))
        elif lower == "saying" and index >= 2 and tokens[index - 1].text == "as":
            last = index - 2
            named = passage.name_ending(last)
            if named is not None and passage.joined(last, index):
                first, ids = named
                if passage.standalone(first, last):
                    found.append(
                        _make(
                            passage,
                            first,
                            last,
                            ids,
                            index,
                            _shown(passage, first, index),
                            "speaker",
                        )
                    )
    return _finish(passage, found)


def _make(
    passage: _Passage, first: int, last: int, ids: tuple[str, ...], cue: int, shown: str, role: str
) -> Attribution:
    tokens = passage.tokens
    return Attribution(
        sentence=passage.sentence_at(tokens[first].start),
        candidates=_resolve(passage, first, last, ids),
        name=_text(passage, first, last),
        cue=shown,
        role=role,
        position=tokens[first].start,
        cue_position=tokens[cue].start,
    )


def _resolve(passage: _Passage, first: int, last: int, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Order a shared name's candidates: the person named unambiguously most
    recently before it in the passage first ("Sung Kim … Kim said"), else the
    speaker who registered the name."""
    if len(ids) < 2:
        return ids
    words = [t.text for t in passage.tokens[first : last + 1]]
    preferred = [i for i in passage.names.preferred(words) if i in ids]
    mentions = passage.unambiguous_mentions()
    at = bisect.bisect_left(mentions, (first, "")) - 1
    while at >= 0:
        ident = mentions[at][1]
        if ident in ids:
            preferred = [ident]
            break
        at -= 1
    return tuple(preferred + [i for i in ids if i not in preferred])


def _subject(passage: _Passage, cue: int) -> list[Attribution]:
    """``NAME [has also] said``, ``NAME, an appositive, said``, ``he said``,
    ``NAME and NAME said``; not ``the Post reported on …`` (a topic, not words)."""
    tokens = passage.tokens
    after = tokens[cue + 1].text.lower() if cue + 1 < len(tokens) else ""
    if (
        cue + 1 < len(tokens)
        and passage.joined(cue, cue + 1)
        and (after == "about" or (after == "on" and tokens[cue].text.lower() in TOPIC_VERBS))
    ):
        return []
    index = cue - 1
    skipped = 0
    while (
        index >= 0
        and skipped < 3
        and tokens[index].text.lower() in BETWEEN
        and passage.joined(index, index + 1)
    ):
        index -= 1
        skipped += 1
    if index < 0 or passage.sentence_of[index] != passage.sentence_of[cue]:
        return []
    gap = passage.gap(index, index + 1)
    if SPACES_RE.fullmatch(gap):
        if tokens[index].text.lower() in PRONOUNS:
            return [_pronoun(passage, index, cue)]
        named = passage.name_ending(index)
        if named is not None:
            first, ids = named
            if passage.standalone(first, index) and passage.subject_position(first):
                shown = _shown(passage, first, cue)
                return [_make(passage, first, index, ids, cue, shown, "speaker")]
            if passage.standalone(first, index):
                pair = _pair(passage, first, index, ids, cue)
                if pair:
                    return pair
        return _relative(passage, cue)
    if COMMA_RE.fullmatch(gap):
        return _appositive(passage, index, cue)
    return []


def _pair(
    passage: _Passage, first: int, last: int, ids: tuple[str, ...], cue: int
) -> list[Attribution]:
    """``Trump and Kim said``: both speak."""
    tokens = passage.tokens
    conjunction = first - 1
    if conjunction < 1 or tokens[conjunction].text != "and":
        return []
    if not passage.joined(conjunction - 1, first):
        return []
    named = _speaking_name(passage, conjunction - 1)
    if named is None:
        return []
    start, other = named
    shown = _shown(passage, start, cue)
    return [
        _make(passage, start, conjunction - 1, other, cue, shown, "speaker"),
        _make(passage, first, last, ids, cue, shown, "speaker"),
    ]


def _speaking_name(
    passage: _Passage, last: int, relative: bool = False
) -> tuple[int, tuple[str, ...]] | None:
    """The name ending at token ``last`` if it is whole and can be the subject
    of a verb (``relative``: it is, being followed by "who"): (first token, ids)."""
    named = passage.name_ending(last)
    if named is None or not passage.standalone(named[0], last):
        return None
    if not relative and not passage.subject_position(named[0]):
        return None
    return named


def _relative(passage: _Passage, cue: int) -> list[Attribution]:
    """``An American official who travelled with Pompeo said``: the name
    before a relative clause (at most 15 words, no punctuation) speaks."""
    tokens = passage.tokens
    index = cue - 1
    while index > 0 and cue - index <= 15 and passage.joined(index, index + 1):
        if tokens[index].text.lower() in ("who", "that") and passage.joined(index - 1, index):
            named = _speaking_name(passage, index - 1)
            if named is None:
                return []
            first, ids = named
            shown = _shown(passage, first, cue)
            return [_make(passage, first, index - 1, ids, cue, shown, "speaker")]
        index -= 1
    return []


def _shown(passage: _Passage, first: int, last: int) -> str:
    """Words first..last as written, long ones shortened in the middle."""
    if last - first < 8:
        return _text(passage, first, last)
    return f"{_text(passage, first, first + 2)} … {_text(passage, last - 1, last)}"


def _appositive(passage: _Passage, last_word: int, cue: int) -> list[Attribution]:
    """``Hecker, a former director …, who has visited …, said``: walk back over
    at most three comma-separated segments (40 words) to a name. A segment
    must start in lowercase ("Kim, too, said"), so that a list of names
    ("Trump met Kim, Pompeo and Moon, said …") is not read as one."""
    tokens = passage.tokens
    sentence = passage.sentence_of[cue]
    index = last_word
    commas = 0
    while index > 0 and cue - index <= 40 and passage.sentence_of[index] == sentence:
        gap = passage.gap(index - 1, index)
        if QUOTE_MARK_RE.search(gap) or STOP_RE.search(gap):
            return []
        if COMMA_RE.fullmatch(gap):
            commas += 1
            if commas > 3:
                return []
            opening = tokens[index].text
            if opening[:1].islower():
                named = _speaking_name(passage, index - 1, opening.lower() in RELATIVES)
                if named is not None:
                    first, ids = named
                    shown = _shown(passage, first, cue)
                    return [_make(passage, first, index - 1, ids, cue, shown, "speaker")]
        index -= 1
    return []


def _inverted(passage: _Passage, cue: int) -> list[Attribution]:
    """``"…," said Cha`` or ``…, said the Post``: the verb right after a
    quotation or a comma, the name right after the verb."""
    tokens = passage.tokens
    before = passage.masked[: tokens[cue].start] if cue == 0 else passage.gap(cue - 1, cue)
    if not INVERSION_BEFORE_RE.search(before):
        return []
    start = cue + 1
    if start >= len(tokens) or not passage.joined(cue, start):
        return []
    if tokens[start].text.lower() in PRONOUNS:
        return [_pronoun(passage, start, cue)]
    return _after(passage, start, cue, "speaker")


def _after(passage: _Passage, start: int, cue: int, role: str) -> list[Attribution]:
    """A name right after ``according to``, ``citing`` or an inverted verb
    (an article before it may be skipped: "according to the Washington Post")."""
    tokens = passage.tokens
    if start >= len(tokens) or not passage.joined(start - 1, start):
        return []
    for first in (start, start + 1):
        if first >= len(tokens):
            break
        if first > start and (
            tokens[start].text.lower() not in ARTICLES or not passage.joined(start, first)
        ):
            break
        named = passage.name_starting(first)
        if named is None:
            continue
        last, ids = named
        if not passage.standalone(first, last):
            continue
        return [_make(passage, first, last, ids, cue, _shown(passage, cue, last), role)]
    return []


def _pronoun(passage: _Passage, index: int, cue: int) -> Attribution:
    token = passage.tokens[index]
    verb = passage.tokens[cue].text
    shown = f"{token.text} {verb}" if index < cue else f"{verb} {token.text}"
    return Attribution(
        sentence=passage.sentence_at(token.start),
        candidates=(),
        name=token.text,
        cue=shown,
        role="pronoun",
        position=token.start,
        cue_position=passage.tokens[cue].start,
    )


def _text(passage: _Passage, first: int, last: int) -> str:
    return " ".join(passage.masked[passage.tokens[first].start : passage.tokens[last].end].split())


def _finish(passage: _Passage, found: list[Attribution]) -> list[Attribution]:
    """Mark whether each attribution's sentence holds quoted speech (not a
    title or a term, and not inside an appositive between the name and its
    verb), and turn "X reported, citing Y" into Y speaking, X relaying."""
    result: list[Attribution] = []
    cited = {a.sentence for a in found if a.role == "cited"}
    for attribution in found:
        start = attribution.sentence
        end = passage.sentence_end(start)
        low, high = sorted((attribution.position, attribution.cue_position))
        quoted = False
        at = bisect.bisect_left(passage.quote_starts, start)
        while at < len(passage.quotes) and passage.quotes[at].start < end:
            quote = passage.quotes[at]
            if quote.speech and not low < quote.start < high:
                quoted = True
                break
            at += 1
        role = attribution.role
        if role == "cited":
            role = "speaker"
        elif role == "speaker" and start in cited:
            role = "relay"
        result.append(replace(attribution, role=role, quoted=quoted))
    return result


def passages(text: str) -> list[tuple[int, str]]:
    """A block of text as paragraphs: (0-based line offset, text)."""
    result: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            result.append((first, "\n".join(current)))
            current = []
    if current:
        result.append((first, "\n".join(current)))
    return result


def words_of(text: str, names: Names) -> list[Attribution]:
    """Every attribution in a block of text, paragraph by paragraph, with
    offsets counted from the start of ``text``."""
    known = names.memo.get(text)
    if known is not None:
        return list(known)
    found: list[Attribution] = []
    offset = 0
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for first_line, paragraph in passages(text):
        offset = starts[first_line]
        for attribution in attributions(paragraph, names):
            found.append(
                replace(
                    attribution,
                    sentence=attribution.sentence + offset,
                    position=attribution.position + offset,
                    cue_position=attribution.cue_position + offset,
                )
            )
    if len(names.memo) >= MEMO_LIMIT:
        names.memo.clear()
    names.memo[text] = tuple(found)
    return found


def speakers_of(found: Sequence[Attribution]) -> tuple[set[str], Attribution | None, bool]:
    """Who a text gives its words to: every speaker its names may stand for,
    the first named attribution, and whether a he/she speaks before any name
    (then it may be the block's own speaker, whom the text need not name)."""
    named: set[str] = set()
    first: Attribution | None = None
    unresolved = False
    for attribution in sorted(found, key=lambda a: a.position):
        if attribution.role == "pronoun":
            if first is None:
                unresolved = True
            continue
        named.update(attribution.candidates)
        if first is None:
            first = attribution
    return named, first, unresolved


def mismatch(
    text: str, speaker: str, via: str | None, names: Names
) -> tuple[Attribution, tuple[str, ...]] | None:
    """The attribution that gives a block's words to another registered
    speaker than its own (or its ``via``), with the speakers it names; None
    when the text names its own speaker (or relayer) as speaking or names no
    one."""
    named, first, unresolved = speakers_of(words_of(text, names))
    if first is None or unresolved or speaker in named or (via is not None and via in named):
        return None
    return first, first.candidates


def check_attributions(
    reports: Iterable[Report], speakers: Mapping[str, Speaker]
) -> list[Diagnostic]:
    """``attribution_mismatch`` diagnostics for every claim and quote whose
    text gives its words to another registered speaker (see :func:`mismatch`)."""
    names = names_of(tuple(speakers.values()))
    diagnostics: list[Diagnostic] = []
    for report in reports:
        blocks: list[tuple[str, int, str | None, str | None, str]] = [
            ("claim", c.line, c.speaker, c.via, c.body) for c in report.claims
        ]
        blocks.extend(("quote", q.line, q.speaker, None, q.body) for q in report.quotes)
        for what, line, speaker, via, body in blocks:
            if speaker is None or speaker not in speakers:
                continue
            found = mismatch(body, speaker, via, names)
            if found is None:
                continue
            attribution, ids = found
            who = " or ".join(speakers[i].name for i in ids if i in speakers)
            also = f" nor to its via '{via}'" if via else ""
            diagnostics.append(
                Diagnostic(
                    report.path,
                    line,
                    "attribution_mismatch",
                    f"the text of this {what} gives its words to {shorten(who)} "
                    f"('{shorten(attribution.cue)}'), not to its speaker '{speaker}'{also}: "
                    "check the speaker in the header",
                )
            )
    return diagnostics


def shorten(text: str, limit: int = 60) -> str:
    """A value for a message, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
