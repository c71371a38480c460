import numpy as np

from bot.retrieve import anchor_share, anchors, fuse_scores, split_sentences


def test_anchors_are_numbers_and_acronyms_in_any_language() -> None:
    assert anchors("In 2017 Paita moved 228,000 TEU; the DEA and NATO") == {
        "2017",
        "228000",
        "ETU",
        "ADE",
        "ANOT",
    }
    assert anchors("La OTAN y la DEA en 2017") & anchors("NATO, DEA, 2017") == {
        "ANOT",
        "ADE",
        "2017",
    }
    assert anchors("the 12 of April") == set()
    assert anchor_share({"2017", "ADE"}, "DEA report") == 0.5
    assert anchor_share(set(), "anything") == 0.0


def test_fusion_adds_the_anchor_share_in_any_language() -> None:
    dense = {"use-m3": np.array([0.5, 0.5, 0.4])}
    same = np.array([True, False, False])
    plain = fuse_scores(dense, None, same)
    boosted = fuse_scores(dense, None, same, np.array([0.0, 1.0, 0.0]))
    assert boosted[1] > plain[1] and boosted[0] == plain[0]


def test_sentences_skip_headings_and_keep_abbreviations() -> None:
    text = "# Title\nEE. UU. firmó el acuerdo. Luego hubo 3 reuniones.\n- A point here."
    assert split_sentences(text) == [
        "EE. UU. firmó el acuerdo.",
        "Luego hubo 3 reuniones.",
        "A point here.",
    ]
