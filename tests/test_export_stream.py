"""claims.json is written streaming; it must be exactly the documented document."""

from __future__ import annotations

import io
import json

from conftest import REPO
from mkdocs_claims.export import PlainText, SiteData, claims_document, write_claims_json
from mkdocs_claims.layout import Layout
from mkdocs_claims.scan import Sources, scan


def test_streamed_json_equals_the_document_and_is_script_safe():
    result = scan(Sources(str(REPO / "content"), str(REPO)))
    plain = PlainText()
    for layout in (Layout(), Layout(directory_urls=False)):
        for site_url in (None, "https://news.example/"):
            data = SiteData(
                result.index,
                layout,
                lambda claim: plain(claim.body),
                lambda quote: plain(quote.body),
                site_url,
            )
            buffer = io.StringIO()
            write_claims_json(buffer, data)
            text = buffer.getvalue()
            assert "<" not in text and ">" not in text and "&" not in text
            document = claims_document(data)
            assert json.loads(text) == document
            assert document["site_url"] == site_url
            assert any(p["affirming"] and p["denying"] for p in document["propositions"])
            # one record per line: a diff of two versions shows what changed
            assert len(text.splitlines()) == 4 + sum(
                len(document[name]) + 2
                for name in ("reports", "speakers", "propositions", "claims", "quotes")
            )
