import numpy as np


class CountingEmbedder:
    id = "count"
    dim = 2

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts])


def test_cached_encoder_computes_each_text_once_and_forgets_the_oldest() -> None:
    from bot.answer.encoder_cache import CachedEncoder

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
