"""``mkdocs-claims suggest``: what is not annotated yet, and where a claim belongs.

Three kinds of suggestion, each a :class:`Suggestion` located at
``path:line`` (see ``docs/guide/suggestions.md``):

``unannotated_statement``
    a prose paragraph (outside claim and quote blocks, code, headings and
    front matter) with a sentence that gives quoted words to a registered
    speaker, found by :mod:`mkdocs_claims.attribution` (the detector the
    ``attribution_mismatch`` diagnostic uses);
``proposition_candidate``
    a claim without a proposition whose words are close to the claims of an
    existing proposition: the cosine of BM25 term weights (bm25s) against
    one profile per proposition;
``similar_propositions``
    two propositions whose statements are so close they are likely the same
    question.

A writer silences a suggestion they have judged with a comment
``<!-- claims: ignore -->`` (``# claims: ignore`` in ``propositions.yml``).
The core alone runs here: no MkDocs, no build, no network. The lexical
measure needs bm25s and SciPy (``pip install 'mkdocs-claims[suggest]'``); without
it the two proposition suggestions are skipped with a note.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .attribution import (
    ANY_CUE,
    Attribution,
    Names,
    attributions,
    build_names,
    clean,
    shorten,
    word_set,
)
from .index import ClaimIndex
from .model import Claim
from .registry import key_lines
from .scan import Sources, read_text, scan
from .syntax import DEFAULT_BLOCK_NAMES, LIST_MARKER_RE, QUOTE_PREFIX_RE, ParsedSource

KINDS: dict[str, str] = {
    "unannotated_statement": "prose that gives quoted words to a registered speaker",
    "proposition_candidate": "a claim without a proposition whose words are close to one",
    "similar_propositions": "two propositions whose statements are close",
}
"""Every kind of suggestion, with what it means."""

PROPOSITION_THRESHOLD = 0.25
"""BM25 cosine from which a claim is close to a proposition's profile
(chosen from the data: see docs/guide/suggestions.md)."""

SIMILAR_THRESHOLD = 0.50
"""BM25 cosine from which two propositions' statements are near-duplicates."""

_BLOCK_ROWS = 256
"""Propositions compared with all the others at once (bounds the memory)."""

MIN_SHARED_TERMS = 2
"""A claim must share this many distinct terms with the profile it is close to."""

MARKER_RE = re.compile(r"<!--\s*claims:\s*ignore\b.*?-->", re.DOTALL)
MARKER_LINE_RE = re.compile(r"^\s*(?:>\s*)*<!--\s*claims:\s*ignore\b.*?-->\s*$")
YAML_MARKER_RE = re.compile(r"#\s*claims:\s*ignore\b")
HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]|$)")
SETEXT_RE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
RULE_RE = re.compile(r"^[ ]{0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$")
OTHER_BLOCK_RE = re.compile(r"^[ ]{0,3}(?:<|\||/{3}|\[[^\]]+\]:)")
TERM_RE = r"(?u)\b[^\W\d_]{2,}\b"

INSTALL_HINT = (
    "proposition_candidate and similar_propositions need bm25s and SciPy: "
    "pip install 'mkdocs-claims[suggest]'"
)


@dataclass(frozen=True)
class Suggestion:
    """Something an editor may want to annotate, located at ``path:line``."""

    path: str
    line: int
    kind: str
    message: str
    speaker: str | None = None
    via: str | None = None
    proposition: str | None = None
    other: str | None = None
    score: float | None = None
    header: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The suggestion as ``--json`` prints it (unset fields left out)."""
        data: dict[str, Any] = {"path": self.path, "line": self.line, "kind": self.kind}
        for key in ("speaker", "via", "proposition", "other", "score", "header"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["message"] = self.message
        return data


@dataclass
class Suggestions:
    """What :func:`suggest` found, and what it could not look at."""

    suggestions: list[Suggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reports: int = 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose: its text and the file line of each of its lines."""

    text: str
    lines: tuple[int, ...]
    silenced: bool
    follows: bool = False
    """Whether only blank lines separate it from the paragraph of prose before."""

    def line_at(self, offset: int) -> int:
        """The file line of a character of the paragraph's text."""
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


# -- prose ------------------------------------------------------------------


def prose_paragraphs(body: str, body_line: int, prose_lines: Sequence[int]) -> list[Paragraph]:
    """The paragraphs of prose of a report, from the lines the scanner read
    as text outside blocks and code (headings, rules, tables, HTML and link
    definitions left out). A paragraph is silenced by a ``<!-- claims:
    ignore -->`` in it or alone on the nearest non-blank line above it."""
    lines = body.split("\n")
    paragraphs: list[Paragraph] = []
    current: list[tuple[int, str]] = []
    previous = -2
    last = [-1]  # the last line of the paragraph before

    def close() -> None:
        if current:
            text = "\n".join(content for _, content in current)
            numbers = tuple(number for number, _ in current)
            silenced = bool(MARKER_RE.search(text)) or _marked_above(lines, numbers[0] - body_line)
            follows = bool(paragraphs) and all(
                not lines[n - body_line].strip() for n in range(last[0] + 1, numbers[0])
            )
            paragraphs.append(Paragraph(text, numbers, silenced, follows))
            last[0] = numbers[-1]
            current.clear()

    for number in prose_lines:
        index = number - body_line
        if not 0 <= index < len(lines):
            continue
        content = QUOTE_PREFIX_RE.sub("", lines[index].expandtabs(4))
        if number != previous + 1:
            close()
        previous = number
        if SETEXT_RE.match(content) and current:
            current.clear()  # the paragraph above is a heading
            continue
        if HEADING_RE.match(content) or RULE_RE.match(content) or OTHER_BLOCK_RE.match(content):
            close()
            continue
        marker = LIST_MARKER_RE.match(content)
        if marker:
            close()
            content = content[marker.end() :]
        current.append((number, content.strip()))
    close()
    return paragraphs


def _marked_above(lines: list[str], index: int) -> bool:
    """Whether the nearest non-blank line above line ``index`` is a marker alone."""
    index -= 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    return index >= 0 and bool(MARKER_LINE_RE.match(lines[index]))


def statements(
    path: str, paragraphs: Iterable[Paragraph], names: Names, kinds: Mapping[str, str]
) -> list[Suggestion]:
    """``unannotated_statement`` suggestions: one per paragraph and speaker, at
    the first sentence that gives that speaker quoted words."""
    found: list[Suggestion] = []
    antecedent: tuple[str, ...] | None = None
    for paragraph in paragraphs:
        if not paragraph.follows:
            antecedent = None
        speaking, antecedent = _speaking(attributions(paragraph.text, names), kinds, antecedent)
        if paragraph.silenced:
            continue
        seen: set[str] = set()
        for attribution, via in speaking:
            speaker = attribution.candidates[0]
            if speaker in seen:
                continue
            seen.add(speaker)
            header = f"/// claim | {speaker}"
            relay = f" with 'via: {via}'" if via else ""
            others = [names.display.get(i, i) for i in attribution.candidates[1:]]
            shared = f"; the name is also {' and '.join(others)}'s" if others else ""
            found.append(
                Suggestion(
                    path=path,
                    line=paragraph.line_at(attribution.sentence),
                    kind="unannotated_statement",
                    message=(
                        f"quoted words given to {names.display.get(speaker, speaker)} "
                        f"('{shorten(attribution.cue)}'{shared}) are not annotated: wrap "
                        f"them in '{header}'{relay} or a quote block, or add "
                        "<!-- claims: ignore --> to the paragraph"
                    ),
                    speaker=speaker,
                    via=via,
                    header=header,
                )
            )
    return found


def _speaking(
    found: list[Attribution],
    kinds: Mapping[str, str],
    antecedent: tuple[str, ...] | None,
) -> tuple[list[tuple[Attribution, str | None]], tuple[str, ...] | None]:
    """The attributions of quoted words to a speaker, in order, each with the
    speaker relaying it (``X reported, citing Y``) if any; and who a he/she
    in the next paragraph stands for.

    A he/she stands for the person last named as speaking before it in the
    paragraph or, at the start of a paragraph, for the one person who spoke
    in the paragraph just before ("… Pompeo said." / "He also said …").
    """
    result: list[tuple[Attribution, str | None]] = []
    relays = {a.sentence: a.candidates[0] for a in found if a.role == "relay" and a.candidates}
    persons: list[tuple[str, ...]] = []
    last = antecedent
    for attribution in sorted(found, key=lambda a: a.position):
        if attribution.role == "speaker" and attribution.candidates:
            if kinds.get(attribution.candidates[0]) == "person":
                last = attribution.candidates
                persons.append(last)
            if attribution.quoted:
                result.append((attribution, relays.get(attribution.sentence)))
        elif attribution.role == "pronoun" and last is not None:
            persons.append(last)
            if attribution.quoted:
                result.append((replace(attribution, candidates=last, role="speaker"), None))
    following = persons[-1] if persons and len({p[0] for p in persons}) == 1 else None
    return result, following


# -- propositions -------------------------------------------------------------


def _library() -> tuple[Any, Any, Any] | None:
    """bm25s, NumPy and SciPy's sparse matrices, or None when not installed."""
    try:
        import bm25s
        import numpy
        import scipy.sparse
    except ImportError:
        return None
    return bm25s, numpy, scipy.sparse


EXTRA_STOP_WORDS = word_set(
    """about after all also am any because been before being both can could did do
    does doing down during each few from further had has have having he her here
    hers him his how i its itself just me more most my nor now only other our ours
    out over own same she should so some than them those through too under until
    up very we were what when where which while who whom why would you your"""
)
"""Function words left out besides bm25s's English list (Lucene's 33 words)."""


def _stop_words(lib: Any, index: ClaimIndex | None) -> frozenset[str]:
    """English function words and speech verbs; with ``index``, also the words
    of speakers' names and aliases (a claim is close to a proposition by what
    is said, not by who says it)."""
    from bm25s.stopwords import STOPWORDS_EN

    words = set(STOPWORDS_EN) | EXTRA_STOP_WORDS | ANY_CUE
    if index is not None:
        for speaker in index.speakers.values():
            for text in (speaker.name, *speaker.aliases):
                words.update(re.findall(TERM_RE, text.lower()))
    return frozenset(words)


def _terms(text: str, stop: frozenset[str]) -> list[str]:
    """The words of a text that weigh: letters only, lowercased, accents kept."""
    return [word for word in re.findall(TERM_RE, clean(text).lower()) if word not in stop]


def _vectors(lib: Any, documents: list[list[str]]) -> Any:
    """One row per document: its BM25 term weights as bm25s computes them
    (Lucene's BM25, k1 = 1.5, b = 0.75, document frequencies over these
    documents), scaled to unit length so that a product of rows is a cosine."""
    bm25s, np, sparse = lib
    retriever = bm25s.BM25()
    retriever.index(documents, show_progress=False)
    scores = retriever.scores
    indptr = np.asarray(scores["indptr"])
    matrix = sparse.csc_matrix(
        (scores["data"], scores["indices"], indptr),
        shape=(int(scores["num_docs"]), len(indptr) - 1),
    ).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def proposition_suggestions(
    index: ClaimIndex, propositions_path: str, propositions_text: str | None
) -> list[Suggestion] | None:
    """``proposition_candidate`` and ``similar_propositions`` suggestions
    (None when bm25s or SciPy is not installed).

    Every proposition gets one profile, a document made of its statement,
    its description and the text of its claims; every claim without a
    proposition is a document too. bm25s weighs the words of these documents
    (BM25), and a claim is as close to a proposition as the cosine of their
    weight vectors: one sparse product for all claims and profiles, linear in
    the number of claims for a given number of propositions. Propositions
    are compared pairwise by their statements alone, weighed among the
    statements.
    """
    lib = _library()
    if lib is None:
        return None
    propositions = list(index.propositions.values())
    claims = sorted(index.claims.values(), key=lambda c: (c.report, c.line))
    loose = [
        c for c in claims if c.proposition is None and c.speaker is not None and c.body.strip()
    ]
    found: list[Suggestion] = []
    # Only propositions with claims have claims to be close to.
    claimed = {c.proposition for c in claims if c.stance is not None} & set(index.propositions)
    if claimed and loose:
        stop = _stop_words(lib, index)
        profiles: dict[str, list[str]] = {
            p.id: _terms(" ".join(filter(None, (p.statement, p.description))), stop)
            for p in propositions
            if p.id in claimed
        }
        for claim in claims:
            if claim.proposition in profiles and claim.stance is not None:
                profiles[claim.proposition].extend(_terms(claim.body, stop))
        loose_terms = [_terms(c.body, stop) for c in loose]
        vectors = _vectors(lib, list(profiles.values()) + loose_terms)
        profile_rows = vectors[: len(profiles)]
        loose_rows = vectors[len(profiles) :]
        scores = (loose_rows @ profile_rows.T).tocsr()
        for row, claim in enumerate(loose):
            found.extend(
                _candidate(
                    index,
                    claim,
                    list(profiles),
                    scores.getrow(row),
                    loose_rows.getrow(row),
                    profile_rows,
                )
            )
    if len(propositions) > 1:
        found.extend(_similar(lib, propositions, propositions_path, propositions_text))
    return found


def _candidate(
    index: ClaimIndex,
    claim: Claim,
    propositions: list[str],
    scores: Any,
    vector: Any,
    profiles: Any,
) -> list[Suggestion]:
    import numpy as np

    if scores.nnz == 0:
        return []
    order = np.argsort(-scores.data, kind="stable")
    best = int(scores.indices[order[0]])
    score = float(scores.data[order[0]])
    if score < PROPOSITION_THRESHOLD:
        return []
    shared = vector.multiply(profiles.getrow(best)).nnz
    if shared < MIN_SHARED_TERMS:
        return []
    report = index.reports.get(claim.report)
    path = report.path if report is not None else claim.report
    proposition = propositions[best]
    runner = ""
    if len(order) > 1 and float(scores.data[order[1]]) >= PROPOSITION_THRESHOLD:
        second = propositions[int(scores.indices[order[1]])]
        runner = f"; next: '{second}', {float(scores.data[order[1]]):.2f}"
    header = f"/// claim | {claim.speaker} affirms|denies {proposition}"
    return [
        Suggestion(
            path=path,
            line=claim.line,
            kind="proposition_candidate",
            message=(
                f"claim '{claim.id}' has no proposition, and its words are close to the "
                f"claims of '{proposition}' (BM25 cosine {score:.2f}{runner}): if it takes "
                f"a stance on it, write '{header}' with that stance; if not, add "
                "<!-- claims: ignore --> above the claim"
            ),
            speaker=claim.speaker,
            proposition=proposition,
            score=round(score, 3),
            header=header,
        )
    ]


def _similar(lib: Any, propositions: list[Any], path: str, text: str | None) -> list[Suggestion]:
    # Names are kept: "Trump will meet Kim" and "Moon will meet Kim" differ.
    # Words weigh by their rarity among the statements.
    stop = _stop_words(lib, None)
    vectors = _vectors(lib, [_terms(p.statement, stop) for p in propositions])
    lines = key_lines(text) if text else {}
    silenced = _silenced_keys(text, lines) if text else set()
    # Each proposition is reported once, with the closest one above it in the
    # file (the highest cosine; the first such one on a tie): the output
    # stays linear even if many statements are alike.
    np = lib[1]
    count = len(propositions)
    quiet = np.array([p.id in silenced for p in propositions], dtype=bool)
    best_value = np.full(count, -1.0)
    best_left = np.full(count, -1, dtype=np.int64)
    rows, columns = vectors.tocsr(), vectors.T.tocsc()
    # A block of rows at a time, filtered and reduced in NumPy: statements
    # that share their words make every pair a candidate, and holding them
    # all, or looping over them in Python, took minutes and gigabytes at a
    # few thousand propositions.
    for start in range(0, count, _BLOCK_ROWS):
        block = (rows[start : start + _BLOCK_ROWS] @ columns).tocoo()
        lefts = block.row.astype(np.int64) + start
        rights = block.col.astype(np.int64)
        values = block.data.astype(np.float64)
        keep = (lefts < rights) & (values >= SIMILAR_THRESHOLD) & ~quiet[lefts] & ~quiet[rights]
        lefts, rights, values = lefts[keep], rights[keep], values[keep]
        if not len(rights):
            continue
        order = np.lexsort((lefts, -values, rights))
        lefts, rights, values = lefts[order], rights[order], values[order]
        first = np.ones(len(rights), dtype=bool)
        first[1:] = rights[1:] != rights[:-1]
        lefts, rights, values = lefts[first], rights[first], values[first]
        current = best_value[rights]
        better = (values > current) | ((values == current) & (lefts < best_left[rights]))
        best_value[rights[better]] = values[better]
        best_left[rights[better]] = lefts[better]
    closest = {
        int(right): (float(best_value[right]), int(best_left[right]))
        for right in np.flatnonzero(best_left >= 0)
    }
    found: list[Suggestion] = []
    for right, (value, left) in sorted(closest.items()):
        first, second = propositions[left], propositions[right]
        found.append(
            Suggestion(
                path=path,
                line=lines.get(second.id, 1),
                kind="similar_propositions",
                message=(
                    f"propositions '{second.id}' and '{first.id}' have close statements "
                    f"(BM25 cosine {value:.2f}): if they ask the same question, "
                    "merge them so that their claims are cross-checked; if not, make the "
                    "difference plain in the statements, or add '# claims: ignore' above "
                    "either of them"
                ),
                proposition=second.id,
                other=first.id,
                score=round(value, 3),
            )
        )
    return found


def _silenced_keys(text: str, lines: dict[str, int]) -> set[str]:
    """Proposition ids with ``# claims: ignore`` on their line or alone on the
    nearest non-blank line above."""
    source = text.split("\n")
    silenced: set[str] = set()
    for key, line in lines.items():
        index = line - 1
        if 0 <= index < len(source) and YAML_MARKER_RE.search(source[index]):
            silenced.add(key)
            continue
        index -= 1
        while index >= 0 and not source[index].strip():
            index -= 1
        if index >= 0 and YAML_MARKER_RE.match(source[index].lstrip()):
            silenced.add(key)
    return silenced


# -- the whole newsroom -------------------------------------------------------


def suggest(sources: Sources, block_names: Iterable[str] = DEFAULT_BLOCK_NAMES) -> Suggestions:
    """Every suggestion for a newsroom, sorted by file and line."""
    result = Suggestions()
    parsed_sources: dict[str, ParsedSource] = {}
    index = scan(sources, block_names, parsed_sources=parsed_sources).index
    result.reports = len(index.reports)
    names = build_names(index.speakers.values())
    kinds = {ident: speaker.kind for ident, speaker in index.speakers.items()}
    silenced_claims: set[tuple[str, int]] = set()
    for label, parsed in sorted(parsed_sources.items()):
        paragraphs = prose_paragraphs(parsed.body, parsed.body_line, parsed.prose_lines)
        result.suggestions.extend(statements(label, paragraphs, names, kinds))
        body_lines = parsed.body.split("\n")
        for block in parsed.blocks:
            if _marked_above(body_lines, block.line - parsed.body_line):
                silenced_claims.add((label, block.line))
    propositions_path = sources.registry_paths()[1]
    propositions_text = None
    if os.path.isfile(propositions_path):
        propositions_text = read_text(propositions_path, "", [])
    found = proposition_suggestions(index, sources.label(propositions_path), propositions_text)
    if found is None:
        result.notes.append(INSTALL_HINT)
    else:
        result.suggestions.extend(
            s
            for s in found
            if s.kind != "proposition_candidate" or (s.path, s.line) not in silenced_claims
        )
    result.suggestions.sort(key=lambda s: (s.path, s.line, s.kind, s.message))
    return result
