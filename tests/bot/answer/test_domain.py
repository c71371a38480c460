"""The domain check: probe questions give each index its own off-topic baseline."""

import numpy as np
import pytest

from bot.answer.domain import DomainStats, domain_z, measure, probe_languages, probe_questions


def test_probes_are_in_both_languages_and_many() -> None:
    probes, langs = probe_questions(), probe_languages()
    assert len(probes) >= 40 and len(langs) == len(probes)
    assert set(langs) == {"es", "en"}
    assert min(langs.count("es"), langs.count("en")) >= len(probes) // 3


def test_stats_are_per_embedder_and_language() -> None:
    stats = DomainStats.from_best(
        {"e5": np.array([0.78, 0.80, 0.90, 0.92])}, ("en", "en", "es", "es")
    )
    assert stats.mean == {"e5:en": pytest.approx(0.79), "e5:es": pytest.approx(0.91)}
    assert domain_z(stats, "e5", "en", 0.83) == pytest.approx((0.83 - 0.79) / 0.01)
    assert domain_z(stats, "e5", "es", 0.83) < 0
    assert domain_z(stats, "use", "en", 0.83) == 0.0
    assert domain_z(None, "e5", "en", 0.83) == 0.0


def test_a_spread_has_a_floor() -> None:
    stats = DomainStats.from_best({"e5": np.array([0.8, 0.8])}, ("en", "en"))
    assert stats.spread["e5:en"] > 0


def test_measure_asks_every_probe() -> None:
    asked: list[str] = []

    def best(name: str, vector: np.ndarray) -> float:
        asked.append(name)
        return float(vector[0])

    n = len(probe_questions())
    vectors = {"e5": np.linspace(0.7, 0.9, n)[:, None]}
    stats = measure(best, vectors)
    assert len(asked) == n and set(stats.mean) == {"e5:es", "e5:en"}
