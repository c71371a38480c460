"""The answerability decision: general features, the fitted model, three outcomes."""

import pytest

from bot.answer.answerability import (
    Decision,
    decide,
    evidence_features,
    model_for,
)
from bot.answer.compose import Scored
from bot.answer.domain import DomainStats
from bot.types import Passage
from ingest.types import SourceInfo

IDS = ["use-m3", "e5-small-onnx-int8"]
PAIRS = ("en>en", "en>es", "es>en", "es>es")
DOMAIN = DomainStats(
    {f"{n}:{pair}": m for pair in PAIRS for n, m in (("use", 0.16), ("e5", 0.79))},
    {f"{n}:{pair}": v for pair in PAIRS for n, v in (("use", 0.04), ("e5", 0.02))},
)


def _passage(rank: int, lang: str, use: float, e5: float) -> Passage:
    return Passage(
        rank,
        f"d{rank}#0",
        "Text.",
        SourceInfo(f"d{rank}", "D", language=lang),
        1.0,
        {"use": use, "e5": e5},
    )


def _scored(p: Passage, sim: float) -> Scored:
    return Scored("Ecuador declared the conflict on 9 January 2024.", p, 0, sim, sim, 0.5)


def _features(lang: str, use: float, e5: float, sentence: float) -> dict[str, float]:
    passages = [_passage(1, "en", use, e5)] + [
        _passage(r, "en", use - 0.1, e5 - 0.03) for r in range(2, 7)
    ]
    scored = [_scored(passages[0], sentence), _scored(passages[1], sentence - 0.2)]
    model = (model_for(IDS) or {}).get("answer_sentence")
    question = "When did Ecuador declare the conflict?"
    return evidence_features(question, lang, passages, scored, ["use", "e5"], DOMAIN, model)


def test_features_are_measured_against_the_index_s_probes() -> None:
    feats = _features("en", 0.56, 0.87, 0.6)
    assert feats["top_use"] == 0.56 and feats["top_e5"] == 0.87
    assert feats["z_e5"] == pytest.approx((0.87 - 0.79) / 0.02)
    assert feats["gap_e5"] == pytest.approx(0.03)
    assert feats["sentence"] == 0.6 and feats["sentence_gap"] == pytest.approx(0.1)
    assert feats["same_language"] == 1.0
    assert _features("es", 0.56, 0.87, 0.6)["same_language"] == 0.0


def test_the_fitted_model_ships_for_the_default_embedders() -> None:
    model = model_for(IDS)
    assert model is not None
    for part in ("on_topic", "answered"):
        assert 0 < model[part]["threshold"] < 1 and model[part]["coef"]
    assert "bench/answerability.py" in model["fitted_by"]


def test_three_outcomes_from_far_to_close() -> None:
    far = decide(_features("en", 0.15, 0.78, 0.1), IDS)
    close = decide(_features("en", 0.62, 0.90, 0.7), IDS)
    assert far.evidence == "none" and "off-topic" in far.reason
    assert close.evidence == "answer"
    # on topic, but the answer score falls short of a stricter user threshold
    strict = decide(_features("en", 0.62, 0.90, 0.7), IDS, answer_threshold=0.9999)
    assert strict.evidence == "related" and "not answered" in strict.reason
    assert isinstance(close, Decision) and close.on_topic > far.on_topic


def test_without_a_fitted_model_the_domain_z_decides() -> None:
    ids = ["st:some-model"]
    assert decide({"z_st": 0.5}, ids).evidence == "none"
    assert decide({"z_st": 2.0}, ids).evidence == "related"
    assert decide({"z_st": 4.0}, ids).evidence == "answer"


def test_the_answer_sentence_probability_is_a_feature() -> None:
    with_model = _features("en", 0.62, 0.90, 0.7)
    assert 0 < with_model["answer_sentence"] < 1
    passages = [_passage(1, "en", 0.62, 0.90)]
    without = evidence_features("q?", "en", passages, [_scored(passages[0], 0.7)], ["use"], DOMAIN)
    assert without["answer_sentence"] == 0.0
