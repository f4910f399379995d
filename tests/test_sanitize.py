"""sanitize: true cleans the raw HTML of report bodies, and changes nothing else.

Both halves are checked on real builds of the same sources: with
``sanitize: true`` no script, handler attribute or non-http(s) link of a
report body survives (parsed HTML and Chromium agree), and the ordinary
Markdown output of another report (tables, footnotes, admonitions, tabs, task
lists, highlighted code, ids and anchors, the plugin's own markup) is the
same with and without it. The hover preview is checked here too: it never
fetches a link the plugin did not write, or another site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import Tag
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from conftest import Site, build_site, make_config, write

EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span"}},
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
    "pymdownx.blocks.details",
]

ORDINARY = """\
---
title: Ordinary
date: 2020-01-01
---

# A heading {#custom-id .big}

Some *text* with a footnote[^1], an abbreviation HTML and `code`.

*[HTML]: Hyper Text Markup Language

| Left | Right |
|:-----|------:|
| a    | b     |

!!! note "A note"
    Inside the note.

??? tip "Folded"
    Inside.

=== "One"
    First tab.

=== "Two"
    Second tab.

- [x] done
- [ ] to do

Term
:   Definition.

```python linenums="1"
def f(x):
    return x < 1 and "&"
```

A [relative link](other.md#claim-other), an [anchor](#custom-id) and a
[web link](https://example.org/?a=1&b=2 "Title").

/// claim | alice affirms peace
    id: ordinary

Peace is *near*, she said.
///

/// quote | alice

We will see.
///

<div markdown="1" class="box">**Raw** HTML the writer meant.</div>

[^1]: The footnote.
"""

ATTACKS = """\
---
title: Attacks
date: 2020-01-02
---

<script>window.__xss = 1</script>
<img src="x" onerror="window.__xss = 2">
<a href="javascript:window.__xss = 3">raw javascript link</a>
[markdown javascript link](javascript:window.__xss=4)
[attribute list](https://example.org/){onclick="window.__xss = 5" onmouseover="window.__xss = 5"}
<svg onload="window.__xss = 6"><circle r="1"/></svg>
<iframe src="javascript:window.__xss = 7"></iframe>
<a href="data:text/html,<script>parent.__xss=8</script>">data link</a>
<form action="javascript:window.__xss=9"><button>Go</button></form>
<style>body { display: none }</style>
<p style="position: fixed; top: 0; background: red">overlay</p>

/// claim | alice denies peace
    id: other

Peace is far <b onmouseover="window.__xss = 10">away</b>.
///

[Same site, not ours](ordinary.md#claim-ordinary){.claim-contradiction}
[Another site](http://127.0.0.1:9/reports/x/#claim-x){.claim-contradiction data-claim="x"}
"""


def newsroom(root: Path, sanitize: bool | None) -> Site:
    options = {} if sanitize is None else {"sanitize": sanitize}
    write(
        root,
        {
            "mkdocs.yml": make_config(options, markdown_extensions=EXTENSIONS, site_url=""),
            "content/speakers.yml": "alice:\n  name: Alice\n",
            "content/propositions.yml": "peace:\n  statement: Peace is near.\n",
        },
    )
    (root / "content/ordinary.md").write_text(ORDINARY, encoding="utf-8")
    (root / "content/other.md").write_text(ATTACKS, encoding="utf-8")
    return build_site(root)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site]:
    return (
        newsroom(tmp_path_factory.mktemp("trusted"), None),  # the default: trusted
        newsroom(tmp_path_factory.mktemp("sanitized"), True),
    )


BOOLEAN = {"checked", "disabled", "open"}


def shape(element: Tag) -> Any:
    """An element as a reader's browser sees it: tag, attributes, children
    (a boolean attribute's value, the spelling of a style, and the <tbody> a
    browser adds to a table do not matter)."""
    attributes = {}
    for name, value in element.attrs.items():
        if name in BOOLEAN:
            value = ""
        elif name == "style":
            value = ";".join(
                "".join(part.split()) for part in str(value).split(";") if part.strip()
            )
        elif isinstance(value, list):
            value = " ".join(value)
        attributes[name] = value
    children: list[Any] = []
    for child in element.children:
        if isinstance(child, Tag) and child.name == "tbody":
            children.extend(shape(child)[2])
        elif isinstance(child, Tag):
            children.append(shape(child))
        elif str(child).strip():
            children.append(" ".join(str(child).split()))
    return (element.name, attributes, children)


def article(site: Site, url: str) -> Tag:
    found = site.page(url).select_one("article")
    assert found is not None
    return found


def test_ordinary_markdown_is_unchanged(sites: tuple[Site, Site]):
    trusted, sanitized = sites
    before = article(trusted, "reports/ordinary/")
    after = article(sanitized, "reports/ordinary/")
    # The page really has what the comparison is about.
    for selector in (
        "table",
        ".footnote li[id]",
        ".admonition.note",
        "details.tip",
        ".tabbed-set input[type=radio]",
        ".task-list input[type=checkbox]",
        '.highlight a[href^="#__codelineno"]',
        ".highlight a[id][name]",
        "#custom-id",
        "abbr[title]",
        "dl dd",
        "#claim-ordinary[data-claim] a.claim-speaker",
        "#claim-ordinary .claim-contradictions a.claim-contradiction[data-claim]",
        "blockquote.speaker-quote[data-speaker]",
        "td[style]",
        "div.box strong",
    ):
        assert after.select_one(selector) is not None, selector
    assert shape(after) == shape(before)


def test_nothing_that_runs_survives_in_report_bodies(sites: tuple[Site, Site]):
    trusted, sanitized = sites
    assert article(trusted, "reports/other/").select_one("script") is not None  # trusted HTML
    body = article(sanitized, "reports/other/")
    assert body.select("script, style, iframe, svg, form, object, embed") == []
    for element in body.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name)
            if name in ("href", "src", "action", "formaction"):
                assert (
                    str(value).split(":", 1)[0].lower() in ("http", "https")
                    or ":" not in (str(value).split("/", 1)[0])
                ), value
        assert "position" not in element.get("style", "")
    text = body.get_text()
    assert "raw javascript link" in text and "Peace is far away." in text  # the words stay
    assert body.select_one("#claim-other[data-claim] .claim-body b") is not None


def test_no_script_runs_and_the_preview_stays_on_our_links(sites: tuple[Site, Site]):
    _, sanitized = sites
    requests: list[str] = []
    with serve(sanitized.site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in ("reports/other/", "reports/ordinary/"):
            page.goto(base + url)
            for link in page.locator("article a").all():
                if link.is_visible():
                    link.hover(force=True)
                    page.keyboard.press("Escape")
            page.wait_for_timeout(100)
            assert page.evaluate("() => window.__xss === undefined"), url
        page.goto(base + "reports/other/")
        for name in ("Same site, not ours", "Another site"):
            page.mouse.move(0, 0)
            page.get_by_text(name).hover(force=True)
            page.wait_for_timeout(150)
            assert page.locator("#claims-preview").is_hidden(), name
        page.goto(base + "reports/ordinary/")
        page.locator("a.claim-contradiction").first.hover()
        page.locator("#claims-preview").wait_for(state="visible")  # ours still previews
        browser.close()
    assert dialogs == []
    assert not [url for url in requests if "127.0.0.1:9/" in url], requests  # the other site
