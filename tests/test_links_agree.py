"""The core writes links itself (it does not import MkDocs): they must be the
links MkDocs would write between the same pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from mkdocs_claims.layout import Layout, relative_url

segment = st.sampled_from(["reports", "2018", "speakers", "김여정", "a b", "index", "x.y", "p"])
sources = st.lists(segment, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")


@settings(max_examples=3000, deadline=None)
@given(sources, sources, st.booleans(), st.sampled_from(["", "#claim-c1"]))
def test_relative_url_is_mkdocs_get_relative_url(target, base, directory_urls, anchor) -> None:
    layout = Layout(directory_urls=directory_urls)
    target_url, base_url = layout.url(target), layout.url(base)
    if not target_url:
        return  # the site root: ours ends with '/', MkDocs' is '.' (both resolve alike)
    assert relative_url(target_url + anchor, base_url) == (
        get_relative_url(target_url, base_url) + anchor
    )


def test_links_to_the_site_root_end_with_a_slash() -> None:
    assert relative_url("", "reports/2018/pompeo/") == "../../../"
    assert relative_url("", "") == "./"
    assert relative_url("", "reports/2018/pompeo.html") == "../../"
