"""The catalogue of diagnostics, and how severe each one is for a site."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Diagnostic, Severity, escape_controls

KINDS: dict[str, str] = {
    "missing_speaker": "a claim or quote block without a speaker in its header",
    "unknown_speaker": "a speaker id that is in no registry",
    "unknown_proposition": "a proposition id that is not in propositions.yml",
    "unknown_via": "a 'via:' speaker id that is in no registry",
    "unknown_mention": "an [text](@id) mention of an unknown speaker",
    "bad_stance": "a stance other than 'affirms' or 'denies'",
    "bad_header": "a block header with missing or extra words",
    "unknown_option": (
        "an option key a claim (id, date, via, note, rating) or quote (id, date) does not take"
    ),
    "unknown_rating": "a 'rating:' id that is not in ratings.yml",
    "unindented_options": "block options that are not indented four spaces",
    "unclosed_block": "a block without its closing '///'",
    "invalid_yaml": "YAML that does not parse or is refused (front matter, registry, block "
    "options): anchors and aliases, nesting deeper than 32 levels, indented lines under a "
    "header that are not options",
    "duplicate_key": "a key given twice in one YAML mapping (the first value is kept)",
    "missing_field": "a registry entry without name/statement, a report without title",
    "unknown_field": "a registry field that the plugin does not know",
    "invalid_value": "a field or option with a value of the wrong kind",
    "invalid_id": "an id that is not letters, marks or digits joined by single hyphens",
    "id_collision": "two ids that differ only by case or Unicode normalisation",
    "duplicate_claim_id": "two claims of one report with the same id",
    "speaker_conflict": "a speaker declared twice with different fields",
    "missing_date": "a report without a date",
    "invalid_date": "a report or claim date that is not an ISO date",
    "bad_url": "a url or source that is not http(s)",
    "empty_claim": "a claim or quote block without text",
    "not_utf8": "a file that is not UTF-8, or cannot be read",
    "unsafe_path": "a report or registry that is a symbolic link out of the content folder, "
    "or not a regular file (a FIFO, a device, a folder named like a report)",
    "file_too_large": "a report or registry larger than max_report_size",
    "too_deep": "a report whose lists, block quotes and blocks nest more than 100 levels",
    "invalid_path": "a file or folder name that cannot be a page address (a control "
    "character, a backslash, bytes that are not UTF-8)",
    "unrecognized_block": "a block header that Markdown reads as text (check blank lines)",
    "reserved_path": "a report, speaker or proposition whose page would replace another "
    "page (an index page, a page of the site, another report)",
    "block_name_taken": "a claim or quote block name the site's Markdown extensions already "
    "use, or an invalid block_names option",
    "invalid_import": (
        "an import: entry of mkdocs.yml that cannot be used, or another site's claims.json "
        "that is not a valid version 2 export"
    ),
    "import_unavailable": (
        "another site's claims.json that cannot be fetched or read (the cached copy is used "
        "when there is one)"
    ),
    "attribution_mismatch": "a claim or quote whose text gives its words to another speaker",
    "stale_page": (
        "a page mkdocs-claims pages wrote that is older than its report, or shows a report, "
        "speaker or proposition the newsroom no longer has (another generator than MkDocs)"
    ),
}
"""Every diagnostic kind, with what it means."""

SEVERITIES: tuple[Severity, ...] = ("warn", "info", "ignore")


def severity(kind: str, overrides: Mapping[str, str]) -> Severity:
    """The severity of ``kind`` for a site: ``warn`` unless configured."""
    value = overrides.get(kind, "warn")
    if value == "info":
        return "info"
    if value == "ignore":
        return "ignore"
    return "warn"


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics by file and line, each once."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.kind, d.message))


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxdict = 4
_SHORT.maxstring = _SHORT.maxother = 60


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: ``'text'``, shortened past ``limit``
    characters with '…', control characters escaped (so a value cannot
    start a line of its own in the build log); other values as ``reprlib``
    shows them, bounded however large or deep they are."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return "'" + escape_controls(text).replace("'", "\\'") + "'"
    text = _SHORT.repr(value)
    return escape_controls(text if len(text) <= 2 * limit else text[: 2 * limit - 1] + "…")
