"""The data model: frozen values that flow from the sources to the pages.

Nothing here knows about MkDocs or Markdown; every other module passes these
around instead of dictionaries.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Literal

Stance = Literal["affirms", "denies"]
SpeakerKind = Literal["person", "organization", "outlet", "anonymous"]
Severity = Literal["warn", "info", "ignore"]

STANCES: tuple[Stance, ...] = ("affirms", "denies")
SPEAKER_KINDS: tuple[SpeakerKind, ...] = ("person", "organization", "outlet", "anonymous")


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """``text`` with control characters (line breaks included) and lone
    surrogates written as escapes, so that it stays on one line of a log."""
    if text.isprintable():
        return text
    return _CONTROLS.sub(lambda match: ascii(match.group(0))[1:-1], text)


def opposite(stance: Stance) -> Stance:
    """The stance that contradicts ``stance``."""
    return "denies" if stance == "affirms" else "affirms"


@dataclass(frozen=True)
class Diagnostic:
    """A problem in the sources, located at ``path:line``.

    ``path`` is the path as the writer sees it (``content/2018/pompeo.md``),
    ``kind`` one of :data:`mkdocs_claims.diagnostics.KINDS`.
    """

    path: str
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        # A file name or a value with a line break must not forge a log line.
        return f"{escape_controls(self.path)}:{self.line}: {escape_controls(self.message)}"


@dataclass(frozen=True)
class Speaker:
    """Someone (or something) that says things: a person, an organisation,
    an outlet or an anonymous source."""

    id: str
    name: str
    role: str | None = None
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()
    native_name: str | None = None
    url: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Proposition:
    """A statement that claims affirm or deny."""

    id: str
    statement: str
    description: str | None = None
    window: int | None = None
    """Days: claims further apart than this do not contradict (None: the site's rule)."""


@dataclass(frozen=True)
class Claim:
    """An annotated statement of a report.

    ``speaker``, ``stance`` and ``proposition`` are the ids as written; they
    are resolved against the registries by :mod:`mkdocs_claims.index`.
    ``key`` is the claim's global key: the report key and the claim id.
    """

    report: str
    id: str
    line: int
    argument: str
    speaker: str | None
    stance: Stance | None
    proposition: str | None
    date: datetime.date | None
    via: str | None = None
    note: str | None = None
    body: str = ""
    rating: str | None = None
    """The id of the site's fact-check rating of the claim (ratings.yml), as written."""

    external = False
    """A claim of this site (see :class:`ExternalClaim` for another site's)."""

    @property
    def key(self) -> tuple[str, str]:
        """The claim's site-wide identity: (report key, claim id)."""
        return (self.report, self.id)

    @property
    def checkable(self) -> bool:
        """Whether the claim takes a stance on a proposition."""
        return self.stance is not None and self.proposition is not None


@dataclass(frozen=True)
class Rating:
    """A fact-check verdict of ``ratings.yml``: its id, the name readers see
    and its value on the site's scale (None when the value was unusable)."""

    id: str
    name: str
    value: int | float | None


@dataclass(frozen=True)
class RatingScale:
    """The site's rating scale: ``best`` is the most accurate value, ``worst``
    the least (ClaimReview's bestRating and worstRating)."""

    best: int | float = 5
    worst: int | float = 1

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies on the scale, ends included."""
        return min(self.best, self.worst) <= value <= max(self.best, self.worst)


@dataclass(frozen=True)
class ExternalClaim:
    """A claim of another site, read from its ``claims.json`` (federation).

    It takes part in this site's contradictions on the same proposition id
    but is never one of this site's claims: it has no report here, no page,
    and is not exported. ``url`` is its absolute http(s) address; ``site``
    the name the import gives the other site. Every text is the other
    site's, shown escaped like our own.
    """

    site: str
    url: str
    id: str
    stance: Stance
    proposition: str
    date: datetime.date | None
    speaker: str | None
    speaker_name: str | None
    report_title: str
    report_outlet: str | None = None
    note: str | None = None
    text: str = ""

    external = True
    """Always true: the templates tell the two kinds of claim apart by it."""


@dataclass(frozen=True)
class Quote:
    """An attributed quotation, without a stance."""

    report: str
    line: int
    argument: str
    speaker: str | None
    body: str = ""
    id: str = "quote"
    date: datetime.date | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The quote's site-wide identity: (report key, quote id)."""
        return (self.report, self.id)


@dataclass(frozen=True)
class Mention:
    """An inline ``[text](@speaker-id)`` mention."""

    report: str
    line: int
    speaker: str
    text: str


@dataclass(frozen=True)
class Report:
    """One annotated report: its front matter and its annotations.

    ``key`` is the report's path under the content directory without ``.md``
    (``2018/pompeo``); ``path`` is the file as the writer sees it.
    """

    key: str
    path: str
    title: str
    date: datetime.date | None
    outlet: str | None = None
    author: str | None = None
    source: str | None = None
    summary: str | None = None
    original_headline: str | None = None
    speakers: tuple[Speaker, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    mentions: tuple[Mention, ...] = ()
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def speaker_ids(self) -> tuple[str, ...]:
        """Every speaker of the report, in order of first appearance."""
        seen: dict[str, None] = {}
        for claim in self.claims:
            if claim.speaker:
                seen.setdefault(claim.speaker, None)
            if claim.via:
                seen.setdefault(claim.via, None)
        for quote in self.quotes:
            if quote.speaker:
                seen.setdefault(quote.speaker, None)
        for mention in self.mentions:
            seen.setdefault(mention.speaker, None)
        return tuple(seen)

    @property
    def quoted_speaker_ids(self) -> tuple[str, ...]:
        """The speakers whose words the report carries (claims and quotes), in
        order of first appearance."""
        seen: dict[str, None] = {}
        for claim in self.claims:
            if claim.speaker:
                seen.setdefault(claim.speaker, None)
        for quote in self.quotes:
            if quote.speaker:
                seen.setdefault(quote.speaker, None)
        return tuple(seen)

    @property
    def mentioned_speaker_ids(self) -> tuple[str, ...]:
        """The speakers the report only names (mentions) or cites as the
        source that relayed a claim (``via``), and never quotes."""
        quoted = set(self.quoted_speaker_ids)
        return tuple(ident for ident in self.speaker_ids if ident not in quoted)
