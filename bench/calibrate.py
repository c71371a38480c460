"""Calibrate the grounding decision on XQuAD with simulated on-topic unanswerable questions.

Usage::

    python bench/calibrate.py --data ../shared/bench/xquad [--embedders use,e5] [--sample 300]

For a sample of questions (asked in English and in Spanish, over the split pool where each
article is in one language only), retrieval runs twice: over the whole pool (answerable) and
with the question's own paragraph removed (unanswerable, yet on topic: the other paragraphs of
the same article stay). Passages carry their article's title (XQuAD has only the English
Wikipedia title, used for both languages), as the engine's passages carry their document's.
For each case it records the evidence features the engine computes
(``bot.answer.answerability.evidence_features``), fits a logistic regression (answerable = 1), and picks
the probability threshold that keeps the target share of answerable questions. It prints the
coefficients to paste into ``bot/answer/answerability.py`` and what each single feature would achieve.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package
sys.path.insert(1, str(ROOT / "bench"))  # after ROOT, for `import xquad`

from xquad import anchor_matrix, bm25_scores, embed, fused, load  # noqa: E402

from bot.answer.answerability import FEATURES, evidence_features  # noqa: E402
from bot.answer.compose import score_sentences  # noqa: E402
from bot.answer.constraints import anchored, unmet_answer_type  # noqa: E402
from bot.answer.ranking import rerank  # noqa: E402
from bot.types import Passage  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.embedders import get_embedder  # noqa: E402
from ingest.lexical import LexicalIndex  # noqa: E402
from ingest.types import SourceInfo  # noqa: E402


def fit_logistic(X: np.ndarray, y: np.ndarray, steps: int = 4000, l2: float = 1e-3) -> np.ndarray:
    """Weights (bias last) of a logistic regression on standardised features."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-Xb @ w))
        grad = Xb.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0]
        w -= 0.5 * grad
    return w


def main() -> None:
    """Collect features, fit, and print the calibration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--embedders", default="use,e5")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--keep", type=float, default=0.97, help="share of answerable kept")
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "bench-cache")
    args = parser.parse_args()

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    paragraphs, questions = load(args.data)
    names = [n.strip() for n in args.embedders.split(",") if n.strip()]
    embs = {n: get_embedder(n, settings) for n in names}
    rng = np.random.default_rng(0)
    sample = rng.choice(len(questions), size=min(args.sample, len(questions)), replace=False)
    split_lang = np.array(["en" if p["article"] % 2 == 0 else "es" for p in paragraphs])
    texts = [p[str(lang)] for p, lang in zip(paragraphs, split_lang, strict=True)]
    P = {}
    for n, e in embs.items():
        both = {
            lang: embed(n, e, [p[lang] for p in paragraphs], "passage", args.cache)
            for lang in ("en", "es")
        }
        P[n] = np.where((split_lang == "en")[:, None], both["en"], both["es"])
    lexical = LexicalIndex(Path(tempfile.mkdtemp()) / "lex")
    lexical.build(
        [(str(i), t) for i, t in enumerate(texts)],
        "calibration",
        {str(i): str(lang) for i, lang in enumerate(split_lang)},
    )
    lexical.load()
    sentence_embedder = embs[names[0]]
    rows: list[list[float]] = []
    labels: list[int] = []
    ruled = {0: 0, 1: 0}
    pairs: list[str] = []
    for qi in sample:
        q = questions[qi]
        for qlang in ("en", "es"):
            text = q[qlang]
            qv = {n: e.encode([text], kind="query")[0] for n, e in embs.items()}
            sims = {embs[n].id: (P[n] @ v)[None, :] for n, v in qv.items()}
            lex = bm25_scores(texts, [text])
            anchor = anchor_matrix(texts, [text])
            same = (split_lang == qlang)[None, :]
            for answerable in (1, 0):
                idx = np.flatnonzero(np.arange(len(paragraphs)) != (-1 if answerable else q["pid"]))
                scores = fused(
                    {k: v[:, idx] for k, v in sims.items()},
                    lex[:, idx],
                    same[:, idx],
                    anchor[:, idx],
                )[0]
                top = idx[np.argsort(-scores)[:4]]
                passages = [
                    Passage(
                        r + 1,
                        str(p),
                        texts[p],
                        SourceInfo(str(p), paragraphs[p]["title"], language=str(split_lang[p])),
                        0.0,
                        {n: float(sims[embs[n].id][0, p]) for n in names},
                    )
                    for r, p in enumerate(top)
                ]
                scored = score_sentences(text, passages, sentence_embedder)
                scored, unmet = anchored(text, scored)
                scored = rerank(text, qlang, scored)
                unmet = unmet or unmet_answer_type(text, qlang, scored, lexical)
                pair = f"{qlang}->{split_lang[q['pid']]}"
                if unmet:  # refused by a hard constraint, as the engine does: not fitted
                    ruled[answerable] += 1
                    continue
                feats = evidence_features(text, qlang, passages, scored, embs, lexical)
                rows.append([feats[f] for f in FEATURES])
                labels.append(answerable)
                pairs.append(pair)
    cases = len(sample) * 2
    print(
        f"hard constraints (bot.answer.constraints.anchored, unmet_answer_type) refuse "
        f"{ruled[1]} of {cases} answerable ({ruled[1] / cases:.1%}) and {ruled[0]} of {cases} "
        f"unanswerable ({ruled[0] / cases:.1%}) cases; the model is fitted on the rest\n"
    )
    X, y = np.array(rows), np.array(labels, dtype=float)
    mean, std = X.mean(axis=0), X.std(axis=0) + 1e-9
    w = fit_logistic((X - mean) / std, y)
    coef = w[:-1] / std
    intercept = w[-1] - float((w[:-1] * mean / std).sum())
    prob = 1 / (1 + np.exp(-(X @ coef + intercept)))
    threshold = float(np.quantile(prob[y == 1], 1 - args.keep))
    print(f"{int(y.sum())} answerable and {int((1 - y).sum())} on-topic unanswerable cases\n")
    print(
        "| feature | answerable median | unanswerable median | alone: refused at "
        f"{args.keep:.0%} kept |"
    )
    print("|---|---|---|---|")
    for j, name in enumerate(FEATURES):
        thr = np.quantile(X[y == 1, j], 1 - args.keep)
        print(
            f"| {name} | {np.median(X[y == 1, j]):.3f} | {np.median(X[y == 0, j]):.3f} | "
            f"{(X[y == 0, j] < thr).mean():.3f} |"
        )
    refused = (prob[y == 0] < threshold).mean()
    print(
        f"\nlogistic model: refuses {refused:.3f} of unanswerable, keeps "
        f"{(prob[y == 1] >= threshold).mean():.3f} of answerable"
    )
    for pair in sorted(set(pairs)):
        m = np.array(pairs) == pair
        print(
            f"  {pair}: keeps {(prob[m & (y == 1)] >= threshold).mean():.3f}, "
            f"refuses {(prob[m & (y == 0)] < threshold).mean():.3f}"
        )
    print(
        "\nCOEFFICIENTS = {"
        + ", ".join(f'"{f}": {c:.4f}' for f, c in zip(FEATURES, coef, strict=True))
        + "}"
    )
    print(f"INTERCEPT = {intercept:.4f}")
    print(f"THRESHOLD = {threshold:.4f}")


if __name__ == "__main__":
    main()
