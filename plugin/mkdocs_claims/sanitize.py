"""``sanitize: true``: the HTML of report bodies cleaned by nh3 (ammonia).

By default a report body is trusted HTML, like any MkDocs page: Markdown
passes raw HTML through, and ``attr_list`` sets any attribute. With
``sanitize: true`` the body's HTML (after Markdown, before the plugin's own
header and callout markup is put back in, see :mod:`mkdocs_claims.markdown`)
goes through an allow-list wide enough for what Markdown and the usual
extensions write — tables, footnotes, admonitions, details, tabs, task
lists, highlighted code with line anchors, ids, classes and ``data-``
attributes — and nothing else: no script or style element, no event handler
attribute, no inline style but ``text-align``, and no link or source whose
scheme is not http or https (relative links stay). Inline SVG is removed
(emoji and icons written as SVG do not survive).
"""

from __future__ import annotations

import nh3

TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "input",  # tabs (radio) and task lists (checkbox), see INPUT_TYPES
    "label",
    "section",
    "tfoot",
}
"""Elements kept (their text is kept even when the element is not)."""

GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "tabindex"})

ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "hreflang", "name", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {"checked", "disabled", "name"},
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": set(),
    "td": {"align", "colspan", "rowspan", "headers", "style"},
    "th": {"align", "colspan", "rowspan", "headers", "scope", "style"},
}
"""Attributes kept, per element ("*": on every element; and every ``data-``
and ``aria-`` attribute)."""

INPUT_TYPES = frozenset({"checkbox", "radio"})


def clean_html(html: str) -> str:
    """``html`` (a fragment) with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-", "aria-"},
        tag_attribute_values={"input": {"type": set(INPUT_TYPES)}},
        url_schemes={"http", "https"},
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
