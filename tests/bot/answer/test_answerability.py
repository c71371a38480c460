from bot.answer.answerability import CALIBRATION, FEATURES, decide, evidence_features
from bot.answer.compose import Scored
from bot.types import Passage
from ingest.lexical import LexicalIndex
from ingest.types import SourceInfo


def _passage(text: str, lang: str = "en", **sims: float) -> Passage:
    return Passage(1, "d#0", text, SourceInfo("d", "d", language=lang), 1.0, dict(sims))


def test_features_measure_coverage_of_the_question_terms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lexical = LexicalIndex(tmp_path / "lex")
    lexical.build(
        [("a#0", "Paita port exports fish meal"), ("b#0", "Pataz gold mining violence")], "g"
    )
    lexical.load()
    p = _passage("Paita port exports fish meal", use=0.5, e5=0.85)
    scored = [Scored("Paita port exports fish meal", p, 0, 0.7, 0.6, 0.5)]
    feats = evidence_features(
        "What does Paita port export?", "en", [p], scored, {"use": 0, "e5": 0}, lexical
    )
    assert set(FEATURES) <= set(feats)
    assert feats["dense_use"] == 0.5 and feats["dense_e5"] == 0.85
    assert feats["coverage"] > 0.9 and feats["same_language"] == 1.0
    other = evidence_features(
        "How many TEU did Chancay handle?", "en", [p], scored, {"use": 0, "e5": 0}, lexical
    )
    assert other["coverage"] == 0.0


def test_uncalibrated_embedders_fall_back_to_passage_thresholds() -> None:
    ids = {"use": "use-m3"}
    low = decide({"dense_use": 0.1, "sentence": 0.2}, ids)
    high = decide({"dense_use": 0.6, "sentence": 0.8}, ids)
    assert not low.grounded and "below" in low.reason and "0.10" in low.reason
    assert high.grounded


def test_min_score_override_uses_the_best_sentence() -> None:
    feats = {"dense_use": 0.9, "sentence": 0.4}
    assert not decide(feats, {"use": "use-m3"}, min_score=0.5).grounded
    assert decide(feats, {"use": "use-m3"}, min_score=0.3).grounded


def test_calibrated_model_reports_its_evidence_score() -> None:
    ids = {"use": "use-m3", "e5": "e5-small-onnx-int8"}
    model = CALIBRATION[tuple(sorted(ids.values()))]
    strong = {f: 1.0 for f in FEATURES}
    weak = {f: 0.0 for f in FEATURES}
    assert decide(strong, ids).grounded != decide(weak, ids).grounded
    assert f"threshold {model['threshold']:.2f}" in decide(weak, ids).reason
