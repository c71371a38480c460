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


class CountingEmbedder:
    id = "count"
    dim = 2

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts])


def test_cached_encoder_computes_each_text_once_and_forgets_the_oldest() -> None:
    from bot.compose import CachedEncoder

    inner = CountingEmbedder()
    cached = CachedEncoder(inner, size=2)
    first = cached.encode(["aa", "bbb"])
    again = cached.encode(["bbb", "aa", "bbb"])
    assert inner.seen == ["aa", "bbb"]
    assert again.tolist() == [first[1].tolist(), first[0].tolist(), first[1].tolist()]
    cached.encode(["c"])  # "bbb" was used last: "aa" is dropped
    cached.encode(["bbb"])
    assert inner.seen == ["aa", "bbb", "c"]
    cached.encode(["aa"])
    assert inner.seen == ["aa", "bbb", "c", "aa"]
