"""XQuAD through the whole answer path: does the first citation come from the gold paragraph?

Usage::

    python bench/xquad_ask.py --data ../shared/bench/xquad [--sample 300] [--http]

The split pool (even articles in English, odd ones in Spanish) is ingested as one document a
paragraph into a temporary index, with the real pipeline; then a sample of questions, each
asked in the language of its paragraph (same-language) and in the other one (cross-language),
goes through ``Engine.ask`` (or, with ``--http``, through ``POST /v1/ask`` of a real
``briefbot serve`` on 127.0.0.1). Reports, per pair, the share whose first citation is the
gold paragraph, whether the first claim (and any claim) holds the answer span as the gold
paragraph writes it, and the outcomes (answer / related / none). Compare with retrieval alone
(``bench/xquad.py``: R@1). ``--held-out`` samples only the articles the answerability models
were not fitted on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package
sys.path.insert(1, str(ROOT / "bench"))

from answerability import answer_spans, held_out  # noqa: E402
from xquad import load  # noqa: E402

from bot.factory import build_engine  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.pipeline import Indexer  # noqa: E402


def write_pool(paragraphs: list[dict], folder: Path) -> list[str]:  # type: ignore[type-arg]
    """One Markdown document a paragraph, in its split-pool language; their doc ids."""
    ids = []
    for i, p in enumerate(paragraphs):
        lang = "en" if p["article"] % 2 == 0 else "es"
        name = f"p{i:03d}.md"
        front = f'---\ntitle: "{p["title"]} ({i})"\nlanguage: {lang}\nsource_type: other\n---\n\n'
        (folder / name).write_text(front + p[lang] + "\n", encoding="utf-8")
        ids.append(name)
    return ids


def main() -> None:
    """Ingest, ask, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--http", action="store_true", help="ask a real briefbot serve")
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="sample only questions of the articles bench/answerability.py holds out",
    )
    args = parser.parse_args()

    paragraphs, questions = load(args.data)
    work = Path(tempfile.mkdtemp(prefix="xquad-ask-"))
    (work / "pool").mkdir()
    ids = write_pool(paragraphs, work / "pool")
    settings = Settings(_env_file=None).with_fields(data_dir=work / "data")  # type: ignore[call-arg]
    t0 = time.perf_counter()
    indexer = Indexer(settings)
    indexer.ingest([str(work / "pool")])
    indexer.close()
    print(f"indexed {len(ids)} paragraphs in {time.perf_counter() - t0:.0f} s")

    rng = np.random.default_rng(0)
    pool = [i for i, q in enumerate(questions) if not args.held_out or held_out(q["article"])]
    sample = rng.choice(pool, size=min(args.sample, len(pool)), replace=False)
    engine = build_engine(settings).warm()
    ask = engine.ask
    if args.http:
        ask = _http_asker(settings)
    spans = answer_spans(args.data)
    first: dict[str, list[bool]] = {"same": [], "cross": []}
    in_first: dict[str, list[bool]] = {"same": [], "cross": []}
    in_any: dict[str, list[bool]] = {"same": [], "cross": []}
    outcomes: dict[str, Counter[str]] = {"same": Counter(), "cross": Counter()}
    t0 = time.perf_counter()
    for qi in sample:
        q = questions[int(qi)]
        own = "en" if q["article"] % 2 == 0 else "es"
        for pair, lang in (("same", own), ("cross", "es" if own == "en" else "en")):
            answer = ask(q[lang])
            outcomes[pair][answer.evidence] += 1
            gold = ids[q["pid"]]
            first[pair].append(
                answer.evidence == "answer"
                and bool(answer.citations)
                and answer.citations[0].doc_id == gold
            )
            span = spans[int(qi)][own]  # the answer as the gold paragraph writes it
            claims = [c.text for c in answer.claims] if answer.evidence == "answer" else []
            in_first[pair].append(bool(claims) and span in claims[0])
            in_any[pair].append(any(span in c for c in claims))
    seconds = time.perf_counter() - t0
    print(f"{2 * len(sample)} questions in {seconds:.0f} s\n")
    print(
        "| pair | first citation = gold paragraph | answer span in the first claim "
        "| in any claim | answer | related | none |"
    )
    print("|---|---|---|---|---|---|---|")
    for pair in ("same", "cross"):
        n = len(first[pair])
        o = outcomes[pair]
        print(
            f"| {pair}-language | {np.mean(first[pair]):.3f} | {np.mean(in_first[pair]):.3f} | "
            f"{np.mean(in_any[pair]):.3f} | {o['answer'] / n:.3f} | "
            f"{o['related'] / n:.3f} | {o['none'] / n:.3f} |"
        )


def _http_asker(settings: Settings):  # type: ignore[no-untyped-def]
    """``ask`` through a real ``briefbot serve`` on a free loopback port."""
    import atexit
    import os
    import socket
    import subprocess

    import httpx

    from bot.types import Answer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BRIEFBOT_DATA_DIR": str(settings.index.data_dir)}
    env["BRIEFBOT_MODELS_DIR"] = str(settings.index.model_cache)
    cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(proc.terminate)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    for _ in range(240):
        try:
            if client.get("/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)

    def ask(question: str) -> Answer:
        r = client.post("/v1/ask", json={"question": question})
        r.raise_for_status()
        return Answer.model_validate(r.json())

    return ask


if __name__ == "__main__":
    main()
