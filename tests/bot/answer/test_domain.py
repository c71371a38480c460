"""The domain check: probe questions give each index its own off-topic baseline."""

import numpy as np
import pytest

from bot.answer.domain import DomainStats, domain_z, measure, probe_languages, probe_questions


def test_probes_are_in_both_languages_and_many() -> None:
    probes, langs = probe_questions(), probe_languages()
    assert len(probes) >= 40 and len(langs) == len(probes)
    assert set(langs) == {"es", "en"}
    assert min(langs.count("es"), langs.count("en")) >= len(probes) // 3


def test_stats_are_per_embedder_and_language_pair() -> None:
    best = {
        ("e5", "en"): np.array([0.78, 0.80, 0.70, 0.72]),
        ("e5", "es"): np.array([0.70, 0.72, 0.90, 0.92]),
    }
    stats = DomainStats.from_best(best, ("en", "en", "es", "es"))
    assert stats.mean["e5:en>en"] == pytest.approx(0.79)
    assert stats.mean["e5:es>es"] == pytest.approx(0.91)
    assert stats.mean["e5:es>en"] == pytest.approx(0.71)
    # the same similarity is far above off-topic across languages, below it within Spanish
    assert domain_z(stats, "e5", "es", "en", 0.83) == pytest.approx((0.83 - 0.71) / 0.01)
    assert domain_z(stats, "e5", "es", "es", 0.83) < 0
    assert domain_z(stats, "use", "en", "en", 0.83) == 0.0
    assert domain_z(None, "e5", "en", "en", 0.83) == 0.0


def test_a_spread_has_a_floor() -> None:
    stats = DomainStats.from_best({("e5", "en"): np.array([0.8, 0.8])}, ("en", "en"))
    assert stats.spread["e5:en>en"] > 0


def test_measure_asks_every_probe_once_per_passage_language() -> None:
    asked: list[tuple[str, str]] = []

    def best(name: str, vector: np.ndarray, language: str) -> float:
        asked.append((name, language))
        return float(vector[0]) + (0.1 if language == "es" else 0.0)

    n = len(probe_questions())
    vectors = {"e5": np.linspace(0.7, 0.9, n)[:, None]}
    stats = measure(best, vectors)
    assert len(asked) == 2 * n
    assert set(stats.mean) == {"e5:es>es", "e5:es>en", "e5:en>es", "e5:en>en"}
    assert stats.mean["e5:en>es"] == pytest.approx(stats.mean["e5:en>en"] + 0.1)
