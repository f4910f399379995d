"""The catalogue of diagnostics, and how severe each one is for a site."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Diagnostic, Severity

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
    "invalid_yaml": "YAML that does not parse (front matter, registry, block options)",
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
    "not_utf8": "a file that is not UTF-8",
    "unrecognized_block": "a block header that Markdown reads as text (check blank lines)",
    "reserved_path": "a report or id whose page would replace an index page",
    "duplicate_key": "a key given twice in one YAML mapping (ratings.yml)",
    "invalid_import": (
        "an import: entry of mkdocs.yml that cannot be used, or another site's claims.json "
        "that is not a valid version 2 export"
    ),
    "import_unavailable": (
        "another site's claims.json that cannot be fetched or read (the cached copy is used "
        "when there is one)"
    ),
    "attribution_mismatch": "a claim or quote whose text gives its words to another speaker",
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
