"""From the blocks the scanner found to claims, quotes and mentions.

:func:`annotate` reads each raw block's header as a sentence (speaker,
stance, proposition), checks its options, gives every claim an id (derived
from speaker and proposition when the writer gave none) and turns every
mistake into a :class:`~mkdocs_claims.model.Diagnostic` with its line.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import shown
from .ids import collision_key, id_problem, normalize_id, slugify
from .model import STANCES, Claim, Diagnostic, Mention, Quote, Stance
from .syntax import CLAIM_OPTIONS, MISPLACED_OPTIONS, QUOTE_OPTIONS, ParsedSource, RawBlock


@dataclass(frozen=True)
class Header:
    """A block header read as a sentence: speaker [stance proposition]."""

    speaker: str | None
    stance: Stance | None
    proposition: str | None


def read_header(
    argument: str, name: str, path: str, line: int, diagnostics: list[Diagnostic]
) -> Header:
    """Read ``SPEAKER [affirms|denies PROPOSITION]``, reporting what is wrong."""
    words = argument.split()
    if not words:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "missing_speaker",
                f"{name} without a speaker: write '/// {name} | speaker-id'",
            )
        )
        return Header(None, None, None)
    speaker = normalize_id(words[0])
    if name != "claim":
        if len(words) > 1:
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "bad_header",
                    f"a quote takes only a speaker, not {shown(' '.join(words[1:]))} "
                    "(use a claim to affirm or deny a proposition)",
                )
            )
        return Header(speaker, None, None)
    if len(words) == 1:
        return Header(speaker, None, None)
    stance_word = words[1]
    if stance_word not in STANCES:
        close = difflib.get_close_matches(stance_word.lower(), STANCES, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "bad_stance",
                f"stance {shown(stance_word)} is neither 'affirms' nor 'denies'{hint}; "
                "the claim is shown without a stance",
            )
        )
        return Header(speaker, None, None)
    if len(words) == 2:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "bad_header",
                f"{shown(stance_word)} needs a proposition: "
                f"'/// claim | {shown(words[0])[1:-1]} {stance_word} proposition-id'",
            )
        )
        return Header(speaker, None, None)
    if len(words) > 3:
        diagnostics.append(
            Diagnostic(
                path,
                line,
                "bad_header",
                f"unexpected text after the proposition: {shown(' '.join(words[3:]))}",
            )
        )
    stance: Stance = "affirms" if stance_word == "affirms" else "denies"
    return Header(speaker, stance, normalize_id(words[2]))


@dataclass
class Annotations:
    """The validated annotations of one report (registries not yet consulted)."""

    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def annotate(parsed: ParsedSource, report: str, default_date: datetime.date | None) -> Annotations:
    """Turn the raw blocks and mentions of a report into claims, quotes and
    mentions, with a diagnostic for every syntax mistake."""
    result = Annotations()
    path = parsed.path
    diagnostics = result.diagnostics
    explicit_ids: dict[str, int] = {}
    pending: list[tuple[RawBlock, Header, dict[str, Any]]] = []
    quoted: list[tuple[RawBlock, Header, dict[str, Any]]] = []
    for block in parsed.blocks:
        header = read_header(block.argument, block.name, path, block.line, diagnostics)
        options = dict(block.options or {})
        if block.unindented_options:
            diagnostics.append(
                Diagnostic(
                    path,
                    block.options_line,
                    "unindented_options",
                    f"options of the {block.name} block must be indented four spaces "
                    "under the header; they were read as options",
                )
            )
        if not block.body.strip():
            diagnostics.append(
                Diagnostic(
                    path,
                    block.line,
                    "empty_claim",
                    f"the {block.name} block has no text: write what was said "
                    "between the header and the closing '///'",
                )
            )
        if block.name == "quote":
            quoted.append((block, header, _check_options(path, block, options, diagnostics)))
            continue
        checked = _check_options(path, block, options, diagnostics)
        pending.append((block, header, checked))
        claim_id = checked.get("id")
        if isinstance(claim_id, str):
            key = collision_key(claim_id)
            if key in explicit_ids:
                diagnostics.append(
                    Diagnostic(
                        path,
                        block.options_line or block.line,
                        "duplicate_claim_id",
                        f"claim id {shown(claim_id)} is already used on line "
                        f"{explicit_ids[key]} of this report; anchors must be unique",
                    )
                )
            else:
                explicit_ids[key] = block.line
    taken: set[str] = set()
    for _, _, checked in pending:
        claim_id = checked.get("id")
        if isinstance(claim_id, str):
            taken.add(collision_key(claim_id))
    seen_explicit: set[str] = set()
    tried: dict[str, int] = {}
    for block, header, checked in pending:
        explicit = checked.get("id")
        if isinstance(explicit, str) and collision_key(explicit) not in seen_explicit:
            seen_explicit.add(collision_key(explicit))
            claim_id = explicit
        else:
            base = explicit if isinstance(explicit, str) else _derived_id(header)
            claim_id = _unique(base, taken, tried)
        taken.add(collision_key(claim_id))
        date = checked.get("date")
        result.claims.append(
            Claim(
                report=report,
                id=claim_id,
                line=block.line,
                argument=block.argument,
                speaker=header.speaker,
                stance=header.stance,
                proposition=header.proposition,
                date=date if isinstance(date, datetime.date) else default_date,
                via=checked.get("via"),
                note=checked.get("note"),
                body=block.body,
                rating=checked.get("rating"),
            )
        )
    quote_ids: set[str] = set()
    quote_tried: dict[str, int] = {}
    for block, header, checked in quoted:
        explicit = checked.get("id")
        base = explicit if isinstance(explicit, str) else slugify(header.speaker or "") or "quote"
        if isinstance(explicit, str) and collision_key(explicit) in quote_ids:
            diagnostics.append(
                Diagnostic(
                    path,
                    block.options_line or block.line,
                    "duplicate_claim_id",
                    f"quote id {shown(explicit)} is already used in this report; "
                    "anchors must be unique",
                )
            )
        quote_id = _unique(base, quote_ids, quote_tried)
        quote_ids.add(collision_key(quote_id))
        date = checked.get("date")
        result.quotes.append(
            Quote(
                report,
                block.line,
                block.argument,
                header.speaker,
                block.body,
                id=quote_id,
                date=date if isinstance(date, datetime.date) else default_date,
            )
        )
    for mention in parsed.mentions:
        result.mentions.append(
            Mention(report, mention.line, normalize_id(mention.speaker), mention.text)
        )
    return result


def _derived_id(header: Header) -> str:
    parts = [part for part in (header.speaker, header.proposition) if part]
    return slugify("-".join(parts)) or "claim"


def _unique(base: str, taken: set[str], tried: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free first; ``tried``
    remembers where each base got to, so that a report with k claims of one
    speaker and proposition costs k steps, not k²/2."""
    number = tried.get(base, 1)
    candidate = base if number == 1 else f"{base}-{number}"
    while collision_key(candidate) in taken:
        number += 1
        candidate = f"{base}-{number}"
    tried[base] = number
    return candidate


def _unknown_option(
    path: str, block: RawBlock, key: str, allowed: tuple[str, ...], diagnostics: list[Diagnostic]
) -> None:
    close = difflib.get_close_matches(key, allowed + MISPLACED_OPTIONS, n=1, cutoff=0.6)
    meant = close[0] if close else None
    hint = f" (did you mean '{meant}'?)" if meant and meant != key else ""
    if (meant or key) in MISPLACED_OPTIONS:
        hint += (
            f"; '{meant or key}' belongs in the header: "
            "'/// claim | speaker affirms|denies proposition'"
            if block.name == "claim"
            else "; a quote takes only a speaker"
        )
    accepted = ", ".join(allowed) if allowed else "none"
    diagnostics.append(
        Diagnostic(
            path,
            block.options_line or block.line,
            "unknown_option",
            f"unknown option {shown(key)} in the {block.name} block{hint}; "
            f"accepted options: {accepted}",
        )
    )


def _check_options(
    path: str, block: RawBlock, options: dict[str, Any], diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    """Validate claim (or quote) options; return the ones that can be used, typed."""
    checked: dict[str, Any] = {}
    line = block.options_line or block.line
    allowed = CLAIM_OPTIONS if block.name == "claim" else QUOTE_OPTIONS
    for raw_key, value in options.items():
        key = str(raw_key)
        if key not in allowed:
            _unknown_option(path, block, key, allowed, diagnostics)
            continue
        if key == "date":
            date = parse_date(value)
            if date is None:
                diagnostics.append(
                    Diagnostic(
                        path,
                        line,
                        "invalid_date",
                        f"{block.name} date {shown(value)} is not a date: write it as YYYY-MM-DD",
                    )
                )
            else:
                checked["date"] = date
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "invalid_value",
                    f"option '{key}' must be a single line of text, not {shown(value)}",
                )
            )
            continue
        value = value.strip()
        if key in ("id", "via", "rating"):
            value = normalize_id(value)
            problem = id_problem(value)
            if problem is not None:
                if problem.startswith("use "):
                    problem = (
                        "use letters, digits and single hyphens (for example 'rapid-progress')"
                    )
                diagnostics.append(
                    Diagnostic(
                        path,
                        line,
                        "invalid_id",
                        f"{key} {shown(value)} is not a valid id: {problem}",
                    )
                )
                continue
        if key == "note" and len(value) > MAX_NOTE:
            # Shown beside every link to the claim: bounded, like a name.
            diagnostics.append(
                Diagnostic(
                    path,
                    line,
                    "invalid_value",
                    f"note has {len(value):,} characters; it is shortened to {MAX_NOTE}",
                )
            )
            value = value[: MAX_NOTE - 1] + "…"
        checked[key] = value
    return checked


MAX_NOTE = 500
"""Characters: the longest note kept (see ``registry.MAX_LINE``)."""


def parse_date(value: Any) -> datetime.date | None:
    """A date from YAML (which reads ``2018-06-11`` as a date) or an ISO string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
