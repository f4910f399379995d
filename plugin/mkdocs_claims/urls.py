"""Which addresses the plugin links to or fetches: one rule for a speaker's
``url``, a report's ``source``, another site's address and an import's
``url``, and the redirects a fetch follows."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL = 2000
"""Characters: the longest URL linked. A speaker's url is repeated in the
JSON-LD of each of their claims and a report's source on many pages, so a
URL of megabytes would make the site grow with its square; 2,000 is what
browsers, search engines and sitemaps reliably accept."""


def url_problem(value: str) -> str | None:
    """Why ``value`` (surrounding spaces aside) is not an http(s) URL the
    plugin links to or fetches, or None: only http(s), with a host and a
    valid port, without user information (``https://trusted.example@evil.example/``
    shows one host and goes to another), spaces or control characters, and
    at most :data:`MAX_URL` characters."""
    text = value.strip()
    if not text.lower().startswith(("http://", "https://")):
        return "not an http(s) URL"
    if len(text) > MAX_URL:
        return f"an http(s) URL longer than {MAX_URL:,} characters"
    if not text.isprintable() or any(char.isspace() for char in text):
        return "an http(s) URL with spaces or control characters"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "not a valid http(s) URL"
    if "@" in parts.netloc:
        return "an http(s) URL with user information before '@', which hides the real host"
    if not host:
        return "an http(s) URL without a host"
    return None
