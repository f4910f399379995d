"""The plugin's typed configuration (``plugins: - claims: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .diagnostics import SEVERITIES


class ClaimsConfig(base.Config):
    """Options of the ``claims`` plugin; docs/guide/configuration.md describes each."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (for a quick build of the other pages)."""

    content_dir = c.Type(str, default="content")
    """Directory of the annotated reports and the registries, relative to mkdocs.yml."""

    speakers_file = c.Type(str, default="speakers.yml")
    """The speakers registry, relative to ``content_dir``."""

    propositions_file = c.Type(str, default="propositions.yml")
    """The propositions registry, relative to ``content_dir``."""

    ratings_file = c.Type(str, default="ratings.yml")
    """The fact-check ratings (optional), relative to ``content_dir``."""

    reports_url = c.Type(str, default="reports/")
    """Where report pages live in the site."""

    speakers_url = c.Type(str, default="speakers/")
    """Where the speakers index and speaker pages live."""

    propositions_url = c.Type(str, default="propositions/")
    """Where the propositions index and proposition pages live."""

    max_contradictions = c.Type(int, default=5)
    """How many contradicting claims a callout lists before "and N more"."""

    nav_reports = c.Type(int, default=10)
    """How many of the newest reports the navigation lists under Reports."""

    export_json = c.Type((str, bool), default="claims.json")
    """File name of the machine-readable export at the site root, or false."""

    json_ld = c.Type(bool, default=True)
    """Emit schema.org Claim JSON-LD on report pages."""

    labels = c.DictOfItems(c.Type(str), default={})
    """Overrides of any UI text (see the labels table in the docs)."""

    validation = c.DictOfItems(c.Choice(SEVERITIES), default={})
    """Severity per diagnostic kind: warn, info or ignore."""

    contradiction_window = c.Optional(c.Type(int))
    """Days: claims further apart do not contradict, unless a proposition sets its own
    ``window`` (default: no limit)."""

    block_names = c.DictOfItems(c.Type(str), default={"claim": "claim", "quote": "quote"})
    """The Blocks names of the claim and quote blocks (rename when the site uses them)."""

    feeds = c.Type(bool, default=False)
    """Atom feeds per speaker, per proposition and of the newest reports."""

    export_sqlite = c.Type((str, bool), default=False)
    """File name of a SQLite export at the site root (for Datasette), or false."""

    sanitize = c.Type(bool, default=False)
    """Clean the raw HTML of report bodies (true) or trust it like any MkDocs page (false)."""

    max_report_size = c.Type(int, default=5 * 1024 * 1024)
    """Bytes: a larger report file is skipped, with a diagnostic."""

    import_ = c.Type(list, default=[])
    """Other sites' claims.json (the YAML key is ``import``: MkDocs drops the
    trailing underscore): entries ``{name, url, base?, max_size?}``, checked by
    :func:`mkdocs_claims.federation.read_entries` so that the build and
    ``mkdocs-claims check`` say the same about them."""
