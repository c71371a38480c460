import numpy as np

from bot.answer.fusion import fuse_scores


def test_fusion_adds_the_anchor_share_in_any_language() -> None:
    dense = {"use-m3": np.array([0.5, 0.5, 0.4])}
    same = np.array([True, False, False])
    plain = fuse_scores(dense, None, same)
    boosted = fuse_scores(dense, None, same, np.array([0.0, 1.0, 0.0]))
    assert boosted[1] > plain[1] and boosted[0] == plain[0]
