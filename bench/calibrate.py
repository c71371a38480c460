"""Calibrate the grounding thresholds on XQuAD with simulated on-topic unanswerable questions.

Usage::

    python bench/calibrate.py --data ../shared/bench/xquad [--embedders use,e5] [--sample 400]

For a sample of questions (asked in English and in Spanish, over the split pool where each
article is in one language only), retrieval runs twice: once over the whole pool (answerable)
and once with the question's own paragraph removed (unanswerable, yet on topic: the other
paragraphs of the same article stay). For each case it records the evidence the engine uses
to decide ``grounded``: the best passage similarity per embedder and the best sentence score.
It prints their distributions and, for a target share of answerable questions kept, the
thresholds and the share of unanswerable questions they refuse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from xquad import embed, fused, load  # noqa: E402

from bot.compose import score_sentences  # noqa: E402
from bot.types import Passage  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.embeddings import get_embedder  # noqa: E402


def main() -> None:
    """Run the calibration and print thresholds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--embedders", default="use,e5")
    parser.add_argument("--sample", type=int, default=400)
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
        P[e.id] = np.where((split_lang == "en")[:, None], both["en"], both["es"])
    sentence_embedder = embs[names[0]]
    rows: dict[str, list[tuple[float, ...]]] = {"answerable": [], "unanswerable": []}
    for qi in sample:
        q = questions[qi]
        for qlang in ("en", "es"):
            text = q[qlang]
            qv = {e.id: e.encode([text], kind="query")[0] for e in embs.values()}
            sims = {eid: (P[eid] @ v)[None, :] for eid, v in qv.items()}
            same = (split_lang == qlang)[None, :]
            for case in ("answerable", "unanswerable"):
                mask = np.ones(len(paragraphs), bool)
                if case == "unanswerable":
                    mask[q["pid"]] = False
                idx = np.flatnonzero(mask)
                scores = fused({k: v[:, idx] for k, v in sims.items()}, None, same[:, idx])[0]
                top = idx[np.argsort(-scores)[:4]]
                best = tuple(float(sims[e.id][0, top[:3]].max()) for e in embs.values())
                passages = [
                    Passage(r + 1, str(p), str(p), texts[p], {"language": split_lang[p]}, 0.0)
                    for r, p in enumerate(top)
                ]
                scored = score_sentences(text, passages, sentence_embedder)
                sent = scored[0].score if scored else 0.0
                rows[case].append((*best, sent))
    labels = [f"best passage {e.id}" for e in embs.values()] + ["best sentence score"]
    A = np.array(rows["answerable"])
    U = np.array(rows["unanswerable"])
    print(f"{len(A)} answerable and {len(U)} on-topic unanswerable cases\n")
    print(
        "| evidence | answerable p5 / median | unanswerable median / p95 | threshold keeping "
        f"{args.keep:.0%} | unanswerable refused |"
    )
    print("|---|---|---|---|---|")
    for j, label in enumerate(labels):
        thr = float(np.quantile(A[:, j], 1 - args.keep))
        refused = float((U[:, j] < thr).mean())
        print(
            f"| {label} | {np.quantile(A[:, j], 0.05):.3f} / {np.median(A[:, j]):.3f} | "
            f"{np.median(U[:, j]):.3f} / {np.quantile(U[:, j], 0.95):.3f} | {thr:.3f} | {refused:.3f} |"
        )


if __name__ == "__main__":
    main()
