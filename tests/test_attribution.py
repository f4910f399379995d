"""The attribution detector and the attribution_mismatch diagnostic.

A corpus of reporting sentences, true and false, read the way an editor
would: who does this sentence give quoted words to?
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build_site, make_config, write
from mkdocs_claims.attribution import attributions, build_names, mismatch
from mkdocs_claims.model import Speaker

SPEAKERS = [
    Speaker("mike-pompeo", "Mike Pompeo", aliases=("Pompeo", "Secretary Pompeo")),
    Speaker("kim-jong-un", "Kim Jong Un", aliases=("Kim", "Chairman Kim")),
    Speaker("sung-kim", "Sung Kim", aliases=("Ambassador Sung Kim",)),
    Speaker("donald-trump", "Donald Trump", aliases=("Trump", "President Trump")),
    Speaker("victor-cha", "Victor Cha", aliases=("Cha",)),
    Speaker("moon-jae-in", "Moon Jae-in", aliases=("Moon", "President Moon")),
    Speaker("siegfried-hecker", "Siegfried S. Hecker", aliases=("Hecker",)),
    Speaker(
        "washington-post",
        "The Washington Post",
        kind="outlet",
        aliases=("Washington Post", "WaPo", "the Post"),
    ),
    Speaker(
        "new-york-times",
        "The New York Times",
        kind="outlet",
        aliases=("New York Times", "the Times"),
    ),
    Speaker(
        "north-korean-government",
        "Government of North Korea",
        kind="organization",
        aliases=("North Korea", "the North", "Pyongyang", "the regime"),
    ),
    Speaker("analysts", "Unnamed analysts", kind="anonymous", aliases=("some analysts", "experts")),
    Speaker("regime-media", "State media", kind="organization", aliases=("regime",)),
    Speaker(
        "senior-us-official",
        "Senior U.S. official",
        kind="anonymous",
        aliases=("a senior U.S. official",),
    ),
    Speaker(
        "presidential-office",
        "Office of the President of South Korea",
        kind="organization",
        aliases=("Blue House", "the office of President Moon Jae-in"),
    ),
]
NAMES = build_names(SPEAKERS)


def quoted_speakers(sentence: str) -> list[str]:
    """Who the sentence gives quoted words to (most likely reading of each name)."""
    return [
        a.candidates[0]
        for a in attributions(sentence, NAMES)
        if a.role == "speaker" and a.quoted and a.candidates
    ]


ATTRIBUTED = [
    ('"They are moving quite rapidly," Pompeo told reporters.', "mike-pompeo"),
    ('"They can’t even get past first base," said Cha, who was considered by Trump.', "victor-cha"),
    ('Cha said: "The North Koreans will never define it."', "victor-cha"),
    ("Pompeo said the talks had yielded “significant progress”.", "mike-pompeo"),
    ("According to the Post, the sessions “foundered repeatedly”.", "washington-post"),
    ("The talks “have made little progress,” the Post reported.", "washington-post"),
    ("As they sat for lunch, Kim said, “It’s a very nice day.”", "kim-jong-un"),
    ('"We will not rush," Secretary Pompeo has also said.', "mike-pompeo"),
    (
        '"Going down that road is a dead end," Siegfried S. Hecker, a former director of the '
        "Los Alamos National Laboratory, who has visited North Korea several times, said.",
        "siegfried-hecker",
    ),
    ("Kim, too, said the talks had brought “significant progress”.", "kim-jong-un"),
    ("‘We will see,’ said President Trump on Tuesday.", "donald-trump"),
    ("The Blue House said the summit would be held “as early as possible.”", "presidential-office"),
    ('"Sanctions will stay," a senior U.S. official said.', "senior-us-official"),
    ('Some analysts warned that a deal was "years away."', "analysts"),
    ('Experts said the deal was "fragile."', "analysts"),
    (
        'The regime has insisted that it will "never surrender" its weapons.',
        "north-korean-government",
    ),
    ('"It is a good day," Mr. Pompeo said on Sunday.', "mike-pompeo"),
    ("President Moon told reporters: «We are ready».", "moon-jae-in"),
    ('The Times quoted Cha as saying that the talks were "stuck."', "victor-cha"),
    ('"We are close," Trump tweeted.', "donald-trump"),
    ('Pompeo assured reporters that talks had progressed "rapidly."', "mike-pompeo"),
    ('Kim Jong Un said the North was "fully committed" to denuclearization.', "kim-jong-un"),
    ('"The door is open," said Moon Jae-in.', "moon-jae-in"),
    ('According to the New York Times, officials were "deeply skeptical."', "new-york-times"),
    ('Victor Cha, a Korea expert at CSIS, said the summit was "a gamble."', "victor-cha"),
    ('"This is a historic moment," the Washington Post quoted Trump as saying.', "donald-trump"),
    ('Trump later tweeted: "Great meeting with Kim!"', "donald-trump"),
    ('Pompeo, speaking to reporters, said "the talks went well."', "mike-pompeo"),
    ('Pompeo on Monday said "we are close."', "mike-pompeo"),
    ('Hecker told the Times that Yongbyon was "the heart" of the program.', "siegfried-hecker"),
]


@pytest.mark.parametrize(("sentence", "speaker"), ATTRIBUTED)
def test_finds_who_is_quoted(sentence: str, speaker: str):
    assert quoted_speakers(sentence) == [speaker]


NOT_ATTRIBUTED = [
    # scare quotes, quoted terms and titles of works
    'The so-called "peace process" has stalled.',
    'Pompeo used the word "rapid" four times, Cha said.',
    'North Korea denounced the "gangster-like" demands of the United States.',
    'Trump said he had read "The Art of the Deal" twice.',
    'Cha\'s book, "The Impossible State," describes the regime.',
    'The Post\'s headline, "Talks Stall in Singapore," ran on Monday.',
    'Pompeo called the plan "a recipe for delay."',
    # unattributed quotes, or quotes of people who are not registered
    '"We will see," one diplomat said, as Pompeo looked on.',
    '"It is going to be a long haul."',
    'The trip was "better than the last time," according to a pool report.',
    '"Peace is possible," said Bolton, a critic of Pompeo.',
    'Kim Yo Jong said the offer was "laughable."',
    '"We are ready," Pompeo\'s spokeswoman said.',
    '"No comment," the North Koreans told reporters.',
    '"Good luck," reporters told Pompeo.',
    'An aide who travelled with Pompeo said the mood was "tense."',
    'A letter from Kim said the summit was "historic."',
    # a registered name inside the quotation is not who speaks
    '"Pompeo said nothing new," a diplomat remarked.',
    # common words that are also aliases
    'Prices rose "sharply" as the moon rose over the harbour, traders said.',
    'The regime change was "unlikely," a diplomat said.',
    # the name as an object, or in a list, or only narration
    'Pompeo met Kim for "several hours" on Sunday.',
    'Reporters asked whether the Post\'s "little progress" was fair.',
    # he/she with no one named: the caller decides
    'He said he was "optimistic."',
    # a report on a topic, a quotation that belongs to someone else
    'The Post reported on Pompeo\'s "rapid" claim.',
    'The Post wrote about the "hostile policy" last year.',
    'Moon said he would visit Pyongyang, a trip the Post called "risky."',
    'Pompeo declined to say whether the talks were "on track."',
    'In a statement, North Korea\'s foreign ministry said the talks were "regrettable."',
    'Critics have dubbed the process "Singapore theater."',
    'The phrase "complete, verifiable, and irreversible denuclearization" is a mantra.',
    '"Fire and Fury" author Michael Wolff said Trump "doesn\'t read."',
    '"I think we will get there," the president said.',
]


def test_two_speakers_of_one_verb():
    assert quoted_speakers('Trump and Kim said they were "very pleased".') == [
        "donald-trump",
        "kim-jong-un",
    ]


@pytest.mark.parametrize("sentence", NOT_ATTRIBUTED)
def test_does_not_find_speech_where_there_is_none(sentence: str):
    assert quoted_speakers(sentence) == []


def test_a_shared_surname_stands_for_both_and_the_nearest_full_name_wins():
    [alone] = [a for a in attributions('"Yes," Kim said.', NAMES) if a.role == "speaker"]
    assert alone.candidates == ("kim-jong-un", "sung-kim")  # "Kim" is Kim Jong Un's alias
    text = 'The U.S. side was led by Sung Kim. "We made progress," Kim said.'
    [after] = [a for a in attributions(text, NAMES) if a.role == "speaker"]
    assert after.candidates[0] == "sung-kim"


def test_citing_makes_the_cited_speaker_and_the_citing_one_relays():
    text = (
        'The New York Times reported that the summit would be "as early as possible", '
        "citing the office of President Moon Jae-in."
    )
    roles = {a.candidates[0]: a.role for a in attributions(text, NAMES) if a.candidates}
    assert roles == {"presidential-office": "speaker", "new-york-times": "relay"}


def test_markdown_syntax_is_read_as_the_reader_sees_it():
    text = '[Pompeo](@mike-pompeo) **said** "we are ready." <!-- Cha said "x" --> `Trump said "y"`'
    assert quoted_speakers(text) == ["mike-pompeo"]


# -- attribution_mismatch ------------------------------------------------------

CHA = (
    '"They can’t even get past first base on the security assurances because the North '
    'Koreans will never define what it actually means to end the hostile policy," Cha said.'
)

MISMATCHES = [
    (CHA, "sung-kim", "washington-post", "Cha said"),
    (
        '"They are moving quite rapidly," Pompeo told reporters. "We anticipate," he said.',
        "donald-trump",
        None,
        "Pompeo told",
    ),
    (
        "The talks have made little progress, the Post reported.",
        "new-york-times",
        None,
        "the Post reported",
    ),
    ("“It’s a very nice day,” Kim said once they were seated.", "mike-pompeo", None, "Kim said"),
    (
        "Sanctions will stay, according to the Times.",
        "washington-post",
        None,
        "according to the Times",
    ),
    (
        '"Our objective has not changed," said Secretary Pompeo.',
        "victor-cha",
        None,
        "said Secretary Pompeo",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "via", "cue"), MISMATCHES)
def test_reports_words_given_to_another_speaker(text: str, speaker: str, via: str, cue: str):
    found = mismatch(text, speaker, via, NAMES)
    assert found is not None
    assert found[0].cue == cue


CONSISTENT = [
    (CHA, "victor-cha", "washington-post"),
    # the relaying speaker is named as speaking
    (
        "The behind-the-scenes talks “have made little progress,” the Post reported.",
        "victor-cha",
        "washington-post",
    ),
    # a speaker quoting someone else inside their own claim
    ('"As President Trump said, we will not ease sanctions," Pompeo said.', "mike-pompeo", None),
    ('Pompeo said that Trump had told him the talks were "going well."', "mike-pompeo", None),
    # X reported, citing Y: both are named
    (
        "The Times reported the summit would be held soon, citing the office of President Moon "
        "Jae-in.",
        "presidential-office",
        None,
    ),
    (
        "The Times reported the summit would be held soon, citing the office of President Moon "
        "Jae-in.",
        "new-york-times",
        None,
    ),
    # a shared surname may be the claim's own speaker
    ('"We met today," Kim said.', "sung-kim", None),
    # narration naming other people without a cue
    ("Pompeo met Kim in Pyongyang, and Trump later praised the meeting.", "kim-jong-un", None),
    (
        "North Korea denounced the “gangster-like” demands after Pompeo's visit.",
        "north-korean-government",
        None,
    ),
    # he/she before any name may be the block's own speaker
    ('"We are ready," he said, after Trump said the talks were over.', "mike-pompeo", None),
    # no attribution at all
    ("Trump described the summit as the first step in a lengthy process.", "donald-trump", None),
    ("", "donald-trump", None),
]


@pytest.mark.parametrize(("text", "speaker", "via"), CONSISTENT)
def test_no_mismatch_when_the_text_agrees_or_names_no_one(text: str, speaker: str, via: str):
    assert mismatch(text, speaker, via, NAMES) is None


def test_hostile_text_is_read_in_linear_time():
    # Quadratic work on these would take minutes; the detector takes well under a second.
    texts = [
        '"' * 20000 + "Kim said " * 5000,
        "`" * 20000 + " Kim, a, b, c, said" * 2000,
        " President" * 20000 + " Kim said",
        "<!--" * 10000 + "[" * 10000 + "Mr. " * 10000 + "said Kim. " * 2000,
    ]
    for text in texts:
        attributions(text, NAMES)


# -- the diagnostic in check and build -------------------------------------------


def copy_sample(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text(make_config(), encoding="utf-8")
    return tmp_path


def swap_cha_header(root: Path) -> int:
    report = root / "content" / "2018" / "pompeo-rapid-progress.md"
    lines = report.read_text(encoding="utf-8").split("\n")
    [line] = [n for n, text in enumerate(lines) if text.startswith("/// claim | victor-cha")]
    lines[line] = "/// claim | sung-kim denies talks-progress"
    report.write_text("\n".join(lines), encoding="utf-8")
    return line + 1


def test_check_reports_the_cha_claim_under_sung_kim(tmp_path: Path):
    root = copy_sample(tmp_path)
    line = swap_cha_header(root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_claims.cli", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/2018/pompeo-rapid-progress.md:{line}: the text of this claim gives its words "
        "to Victor Cha ('Cha said'), not to its speaker 'sung-kim' nor to its via "
        "'washington-post': check the speaker in the header"
    ]


def test_build_warns_about_a_quote_given_to_another_speaker(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    write(
        tmp_path,
        {
            "mkdocs.yml": make_config(),
            "content/speakers.yml": (
                "donald-trump:\n  name: Donald Trump\n  aliases: [Trump]\n"
                "kim-jong-un:\n  name: Kim Jong Un\n  aliases: [Kim]\n"
            ),
            "content/2018/tweet.md": """
                ---
                title: A tweet
                date: 2018-10-07
                ---

                /// quote | kim-jong-un

                In a tweet late on Sunday, Trump said he was looking forward to
                "seeing Chairman Kim again in the near future."
                ///
                """,
        },
    )
    site = build_site(tmp_path, caplog)
    assert site.warnings == [
        "content/2018/tweet.md:6: the text of this quote gives its words to Donald Trump "
        "('Trump said'), not to its speaker 'kim-jong-un': check the speaker in the header"
    ]
    # The quote is still published as written.
    quote = site.page("reports/2018/tweet/").select_one("blockquote.speaker-quote")
    assert quote is not None and "Chairman Kim" in quote.get_text()
