"""Fact-check ratings: ratings.yml, the claim option ``rating``, what readers
see, the ClaimReview JSON-LD aggregators read, and the exports."""

from __future__ import annotations

import json
import os
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import (
    PROPOSITIONS,
    REPO,
    SPEAKERS,
    Site,
    build_logged,
    build_site,
    make_config,
    write,
)
from mkdocs_claims.model import RatingScale
from mkdocs_claims.ratings import load_ratings
from mkdocs_claims.registry import Registry, read_report
from mkdocs_claims.scan import Sources, load_registries
from mkdocs_claims.syntax import parse_source

RATINGS = """
scale: {best: 5, worst: 1}
ratings:
  accurate: {name: Accurate, value: 5}
  misleading:
    name: Misleading
    value: 2
  inaccurate: {name: Inaccurate, value: 1}
"""

REPORT = """
---
title: Pompeo says talks move "quite rapidly"
date: 2018-06-11
outlet: Example Wire
---

/// claim | mike-pompeo affirms talks-progress
    id: rapid
    rating: misleading

"They are moving quite rapidly," he said.
///

/// claim | washington-post denies talks-progress
    id: little-progress
    rating: acurate

The talks have made little progress.
///

/// claim | victor-cha
    id: first-base
    rating: accurate

They can't even get past first base.
///
"""


def read(text: str) -> Registry:
    registry = Registry()
    load_ratings(text, "content/ratings.yml", registry)
    return registry


def messages(registry: Registry) -> list[str]:
    return [str(d) for d in registry.diagnostics]


# -- ratings.yml ---------------------------------------------------------------------------


def test_a_good_ratings_file():
    registry = read(RATINGS)
    assert registry.diagnostics == []
    assert registry.rating_scale == RatingScale(5, 1)
    assert {r.id: (r.name, r.value) for r in registry.ratings.values()} == {
        "accurate": ("Accurate", 5),
        "misleading": ("Misleading", 2),
        "inaccurate": ("Inaccurate", 1),
    }


def test_a_yaml_boolean_is_not_an_id():
    # YAML reads the key `false` as a boolean: reported, never renamed silently.
    registry = read("scale: {best: 5, worst: 1}\nratings:\n  false: {name: False, value: 1}\n")
    assert messages(registry) == ["content/ratings.yml:3: rating id False is not a valid id"]


def test_every_mistake_is_reported_at_its_line():
    registry = read(
        """\
scale: {best: 5, worst: 1}
ratings:
  accurate: {name: Accurate, value: 5}
  unnamed: {value: 4}
  valueless: {name: Valueless}
  too-good: {name: Too good, value: 6}
  wordy: {name: Wordy, value: "five"}
  endless: {name: Endless, value: ENDLESS}
  accurate: {name: Again, value: 5}
  Accurate: {name: Shouting, value: 5}
  extra: {name: Extra, value: 3, colour: red}
  bad/id: {name: Bad, value: 3}
  bare: Just a name
verdicts: {}
""".replace("ENDLESS", "9" * 5000)
    )
    found = messages(registry)
    expected = [
        "content/ratings.yml:4: rating 'unnamed' has no 'name'",
        "content/ratings.yml:5: rating 'valueless' has no 'value' on the scale 1 to 5",
        "content/ratings.yml:6: rating 'too-good' has value 6, which is outside the scale",
        "content/ratings.yml:7: rating 'wordy' has value 'five', which is not a number",
        # More digits than Python turns into a number: reported where it is,
        # shortened, and the rest of the file is kept.
        "content/ratings.yml:8: rating 'endless' has value '" + "9" * 39 + "…', which is not a",
        "content/ratings.yml:9: the ratings file: key 'accurate' is given twice (first on "
        "line 3); the first value is kept",
        "content/ratings.yml:10: rating id 'Accurate' collides with 'accurate'",
        "content/ratings.yml:11: unknown field 'colour' in rating 'extra'",
        "content/ratings.yml:12: rating id 'bad/id' is not a valid id",
        "content/ratings.yml:13: rating 'bare' needs a name and a value",
        "content/ratings.yml:14: unknown key 'verdicts' in the ratings file",
    ]
    for prefix in expected:
        assert any(message.startswith(prefix) for message in found), (prefix, found)
    assert len(found) == len(expected)
    # What can be kept is kept: the name is never lost, a bad value is dropped.
    assert registry.ratings["unnamed"].name == "unnamed"
    assert registry.ratings["too-good"].value is None
    assert registry.ratings["valueless"].name == "Valueless"
    # The first of two values is kept, as in every registry.
    assert registry.ratings["accurate"].name == "Accurate"


def test_an_unindented_rating_is_still_an_option_and_reported():
    text = (
        "---\ntitle: R\ndate: 2018-06-11\n---\n\n"
        "/// claim | victor-cha\nrating: accurate\n\nSaid.\n///\n"
    )
    report, diagnostics = read_report(parse_source(text, "content/r.md"), "r")
    assert report.claims[0].rating == "accurate"
    assert [(d.line, d.kind) for d in diagnostics] == [(7, "unindented_options")]


def test_ratings_yml_is_read_like_the_other_registries(tmp_path: Path):
    # Only a regular file inside the content folder, of at most
    # max_report_size bytes: a symbolic link out of it is never followed.
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "secret.yml").write_text(RATINGS, encoding="utf-8")
    os.symlink(tmp_path / "secret.yml", content / "ratings.yml")
    sources = Sources(content_dir=str(content), project_dir=str(tmp_path))
    registry = load_registries(sources)
    assert registry.ratings == {}
    assert [(d.path, d.kind) for d in registry.diagnostics] == [
        ("content/ratings.yml", "unsafe_path")
    ]
    (content / "ratings.yml").unlink()
    (content / "ratings.yml").write_text(RATINGS, encoding="utf-8")
    assert set(load_registries(sources).ratings) == {"accurate", "misleading", "inaccurate"}
    small = Sources(content_dir=str(content), project_dir=str(tmp_path), max_size=100)
    registry = load_registries(small)
    assert registry.ratings == {}
    assert [(d.path, d.kind) for d in registry.diagnostics] == [
        ("content/ratings.yml", "file_too_large")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ratings: {a: {name: A, value: 5}}\n", "has no 'scale:'; schema.org's default"),
        ("scale: {best: 1, worst: 5}\nratings: {}\n", "best (1) must be greater than worst (5)"),
        ("scale: {best: yes, worst: 1}\nratings: {}\n", "'scale' best is True; write a number"),
        ("scale: 5\nratings: {}\n", "'scale:' must give 'best' and 'worst'"),
        ("scale: {best: 5, worst: 1}\n", "has no 'ratings:'"),
        ("scale: {best: 5, worst: 1}\nratings: [accurate]\n", "'ratings:' must map rating ids"),
        ("- accurate\n", "the ratings file must be a mapping"),
        ("scale: {best: 5\n", "the ratings file is not valid YAML"),
    ],
)
def test_a_broken_scale_or_file(text: str, message: str):
    found = messages(read(text))
    assert any(message in line for line in found), found


def test_a_custom_scale_bounds_the_values():
    registry = read("scale: {best: 10, worst: 0}\nratings:\n  half: {name: Half, value: 5.5}\n")
    assert registry.diagnostics == []
    assert registry.rating_scale == RatingScale(10, 0)
    assert registry.ratings["half"].value == 5.5


# -- a build ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rated(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("rated")
    write(
        root,
        {
            "mkdocs.yml": make_config(
                {"export_sqlite": "claims.db"}, site_url="https://desk.example/news/"
            ),
            "content/speakers.yml": SPEAKERS,
            "content/propositions.yml": PROPOSITIONS,
            "content/ratings.yml": RATINGS,
            "content/2018/rapid.md": REPORT,
        },
    )
    return build_logged(root)


def test_the_callout_shows_the_rating(rated: Site):
    page = rated.page("reports/2018/rapid/")
    badge = page.select_one("#claim-rapid .claim-title .claim-rating")
    assert badge["data-rating"] == "misleading"
    assert badge["data-rating-value"] == "2"
    assert badge.get_text() == "Fact check: Misleading"
    # An unknown rating id shows no rating; a claim without a stance can be rated.
    assert page.select_one("#claim-little-progress .claim-rating") is None
    assert page.select_one("#claim-first-base .claim-rating")["data-rating"] == "accurate"


def test_speaker_and_proposition_pages_show_the_rating(rated: Site):
    speaker = rated.page("speakers/mike-pompeo/")
    item = speaker.select_one("a.claim-ref[data-claim=rapid]").find_parent("li")
    assert item.select_one(".claim-rating").get_text() == "Fact check: Misleading"
    proposition = rated.page("propositions/talks-progress/")
    item = proposition.select_one("a.claim-ref[data-claim=rapid]").find_parent("li")
    assert item.select_one(".claim-rating")["data-rating"] == "misleading"
    assert len(proposition.select(".claim-rating")) == 1


def test_an_unknown_rating_is_reported_with_a_suggestion(rated: Site):
    assert any(
        message.startswith("content/2018/rapid.md:")
        and "unknown rating 'acurate' (did you mean 'accurate'?)" in message
        for message in rated.warnings
    ), rated.warnings


def ld_graph(site: Site, url: str) -> list[dict[str, Any]]:
    scripts = site.page(url).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    document = json.loads(scripts[0].string)
    assert document["@context"] == "https://schema.org"
    graph: list[dict[str, Any]] = document["@graph"]
    return graph


def test_a_rated_claim_is_a_claim_review_as_google_documents_it(rated: Site):
    graph = ld_graph(rated, "reports/2018/rapid/")
    assert [item["@type"] for item in graph] == ["ClaimReview", "Claim", "ClaimReview"]
    review = graph[0]
    page = "https://desk.example/news/reports/2018/rapid/"
    # Required by Google: claimReviewed, reviewRating (with alternateName), url.
    assert review["claimReviewed"] == '"They are moving quite rapidly," he said.'
    assert review["url"] == page + "#claim-rapid"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    for key in ("ratingValue", "bestRating", "worstRating"):
        assert isinstance(review["reviewRating"][key], (int, float))
    # Recommended: author (the publishing organisation), datePublished, itemReviewed.
    assert review["author"] == {
        "@type": "Organization",
        "name": "Test newsroom",
        "url": "https://desk.example/news/",
    }
    assert review["datePublished"] == "2018-06-11"
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["@id"] == page + "#claim-rapid"
    assert claim["author"] == {"@type": "Person", "name": "Mike Pompeo"}
    assert claim["datePublished"] == "2018-06-11"
    assert claim["appearance"]["@type"] == "NewsArticle"
    assert claim["appearance"]["url"] == page
    # An unrated claim stays a plain Claim.
    assert graph[1]["@id"] == page + "#claim-little-progress"


def test_claims_json_and_claims_db_carry_the_rating(rated: Site):
    data = rated.json()
    schema = json.loads(
        resources.files("mkdocs_claims").joinpath("schema/claims.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator(schema).validate(data)
    ratings = {claim["id"]: claim["rating"] for claim in data["claims"]}
    assert ratings["rapid"] == {
        "id": "misleading",
        "name": "Misleading",
        "value": 2,
        "best": 5,
        "worst": 1,
    }
    assert ratings["little-progress"] is None
    with sqlite3.connect(rated.site_dir / "claims.db") as db:
        rows = db.execute(
            "SELECT c.id, r.name, r.value FROM claims c JOIN ratings r ON r.id = c.rating "
            "ORDER BY c.id"
        ).fetchall()
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert rows == [("first-base", "Accurate", 5), ("rapid", "Misleading", 2)]
    assert (meta["rating_best"], meta["rating_worst"]) == ("5", "1")


def test_a_file_without_rating_still_validates():
    """A version 2 file written before ratings existed has no 'rating' key."""
    schema = json.loads((REPO / "docs" / "guide" / "claims.schema.json").read_text("utf-8"))
    claim = {
        "id": "a",
        "url": "reports/r/#claim-a",
        "speaker": "x",
        "stance": None,
        "proposition": None,
        "text": "t",
        "date": None,
        "via": None,
        "note": None,
        "report": "reports/r/",
    }
    document = {
        "version": 2,
        "site_url": None,
        "reports": [],
        "speakers": [],
        "propositions": [],
        "claims": [claim],
        "quotes": [],
    }
    jsonschema.Draft202012Validator(schema).validate(document)
    claim["rating"] = {"id": "a", "name": "A", "value": 9, "best": 5, "worst": 1}
    jsonschema.Draft202012Validator(schema).validate(document)
    claim["rating"] = {"id": "a"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)


def test_the_rating_text_is_escaped(tmp_path: Path):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": SPEAKERS,
            "content/ratings.yml": (
                "scale: {best: 5, worst: 1}\n"
                'ratings:\n  x: {name: "<img src=x onerror=alert(1)></script>", value: 1}\n'
            ),
            "content/r.md": """
                ---
                title: R
                date: 2020-01-01
                ---

                /// claim | mike-pompeo
                    rating: x

                Words.
                ///
                """,
        },
    )
    site = build_site(tmp_path)
    page = site.page("reports/r/")
    assert page.select_one(".claim-rating").get_text() == (
        "Fact check: <img src=x onerror=alert(1)></script>"
    )
    assert page.select("img[onerror]") == []
    raw = page.select_one('script[type="application/ld+json"]').string
    assert "</" not in raw
    review = json.loads(raw)["@graph"][0]
    assert review["reviewRating"]["alternateName"].startswith("<img")
    # Without site_url the page's address is unknown: no url (set site_url).
    assert "url" not in review


def test_the_sample_newsroom_rates_two_claims_the_seeds_settle():
    from mkdocs_claims.scan import Sources, scan

    result = scan(Sources(content_dir=str(REPO / "content"), project_dir=str(REPO)))
    rated = {
        claim.id: result.index.rating_of(claim)
        for claim in result.index.claims.values()
        if claim.rating
    }
    assert {key: (r.name if r else None) for key, r in rated.items()} == {
        "no-final-agreement": "Accurate",
        "verbal-commitment": "Accurate",
    }
    assert not [d for d in result.diagnostics if "ratings" in d.path]
