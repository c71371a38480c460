"""Soak: concurrent questions while the CLI and the documents API add and remove documents.

Usage::

    python bench/soak.py [--index DATA_DIR] [--clients 20] [--seconds 60] [--docs 50] [--rounds 3]

A real ``python -m bot serve`` owns a copy of the index (default: a fresh index of
``tests/fixtures/mini``). ``--clients`` threads ask questions from ``tests/eval/dev.jsonl``
over HTTP for ``--seconds`` (and until the rounds are done). Meanwhile, ``--rounds`` times,
``--docs`` documents (corpus files, each made unique by a line of its own) are added, half
with ``briefbot ingest FOLDER`` (which goes through the running server) and half with
``POST /v1/documents``, then removed, half with ``briefbot docs remove`` and half with
``DELETE /v1/documents/{id}``. All traffic goes to 127.0.0.1.

Checked: no request fails (status 200 for every question, every add and remove done); every
answer cites only documents that existed at some moment while it was asked; at the end the
manifest, each Chroma collection and the lexical index hold the same chunks. Prints
requests, errors, p50/p95 latency, and the outcome of each check; exit code 1 on a failure.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from tests.e2e.servers import api_cmd, free_port, running, server_env  # noqa: E402

CONSISTENCY = ROOT / "bench" / "consistency.py"


def main(argv: list[str] | None = None) -> int:
    """Run the soak; print its figures; 0 if every check held."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, help="Data dir of an index to copy (default: mini).")
    ap.add_argument("--models", type=Path, default=ROOT / "data" / "models")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    result = soak(args.index, args.models, args.clients, args.seconds, args.docs, args.rounds)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


def soak(
    index: Path | None, models: Path, clients: int, seconds: float, docs: int, rounds: int
) -> dict[str, Any]:
    """Run the soak and return its figures and checks (``ok`` is True if all held)."""
    work = Path(tempfile.mkdtemp(prefix="briefbot-soak-"))
    data = work / "data"
    env = server_env(data, models)
    if index is not None:
        shutil.copytree(index, data)
    else:
        _cli(env, "ingest", str(ROOT / "tests" / "fixtures" / "mini"))
    questions = [json.loads(line)["question"] for line in (ROOT / "tests/eval/dev.jsonl").open()]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(api_cmd(port), f"{url}/health", env, work / "api.log", timeout=300):
        base = {d["doc_id"] for d in _documents(url)}
        life: dict[str, list[float]] = {}  # doc id -> [added from, removed by]
        asked: list[tuple[float, float, int, list[str]]] = []
        stop = threading.Event()
        threads = [
            threading.Thread(target=_client, args=(url, questions, i, stop, asked))
            for i in range(clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        churn_errors = _churn(url, env, work, docs, rounds, life)
        while time.monotonic() - started < seconds:
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
        final = {d["doc_id"] for d in _documents(url)}
    elapsed = time.monotonic() - started
    check = json.loads(_run([sys.executable, str(CONSISTENCY), str(data), str(models)], env))
    return _summary(asked, base, life, churn_errors, check, final, elapsed, clients)


def _client(
    url: str,
    questions: list[str],
    seed: int,
    stop: threading.Event,
    out: list[tuple[float, float, int, list[str]]],
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=120) as http:
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                r = http.post("/v1/ask", json={"question": rng.choice(questions)})
                status = r.status_code
                cited = (
                    [c["doc_id"] for c in r.json().get("citations", [])] if status == 200 else []
                )
            except httpx.HTTPError:
                status, cited = -1, []
            out.append((t0, time.monotonic(), status, cited))


def _churn(
    url: str, env: dict[str, str], work: Path, docs: int, rounds: int, life: dict[str, list[float]]
) -> list[str]:
    """Add and remove ``docs`` documents ``rounds`` times; return what went wrong."""
    errors: list[str] = []
    corpus = [p for p in sorted((ROOT / "corpus").rglob("*.md")) if p.name != "README.md"]
    with httpx.Client(base_url=url, timeout=300) as http:
        for r in range(rounds):
            folder = work / f"round{r}"
            folder.mkdir()
            half = docs // 2
            uploads = []
            for n in range(docs):
                text = corpus[n % len(corpus)].read_bytes() + f"\n\nSoak {r}-{n}.\n".encode()
                name = f"soak-{r}-{n:02d}.md"
                if n < half:
                    (folder / name).write_bytes(text)
                else:
                    uploads.append(("files", (name, text, "text/markdown")))
            t_add = time.monotonic()
            for n in range(docs):
                doc_id = f"soak-{r}-{n:02d}.md" if n < half else f"uploads/soak-{r}-{n:02d}.md"
                life[doc_id] = [t_add, float("inf")]
            job = http.post("/v1/documents", files=uploads).json()["job_id"]
            added = _cli(env, "ingest", str(folder), "--json")
            if json.loads(added.stdout or "{}").get("added") != half:
                errors.append(f"round {r}: CLI ingest: {added.stdout[-300:]} {added.stderr[-300:]}")
            state = _wait(http, job)
            if state["status"] != "done" or state["report"]["added"] != docs - half:
                errors.append(f"round {r}: upload job: {state}")
            for n in range(docs):
                doc_id = f"soak-{r}-{n:02d}.md" if n < half else f"uploads/soak-{r}-{n:02d}.md"
                if n < half:
                    out = _cli(env, "docs", "remove", doc_id)
                    ok = out.returncode == 0
                else:
                    ok = http.delete(f"/v1/documents/{doc_id}").status_code == 200
                if not ok:
                    errors.append(f"round {r}: remove {doc_id} failed")
                life[doc_id][1] = time.monotonic()
    return errors


def _summary(
    asked: list[tuple[float, float, int, list[str]]],
    base: set[str],
    life: dict[str, list[float]],
    churn_errors: list[str],
    check: dict[str, Any],
    final: set[str],
    elapsed: float,
    clients: int,
) -> dict[str, Any]:
    latencies = sorted(t1 - t0 for t0, t1, _, _ in asked)
    errors = [s for _, _, s, _ in asked if s != 200]
    failures = [cited[0] for _, _, s, cited in asked if s != 200][:10]
    stray = [
        (doc, round(t0, 2))
        for t0, t1, status, cited in asked
        if status == 200
        for doc in cited
        if doc not in base and not (doc in life and life[doc][0] <= t1 and life[doc][1] >= t0)
    ]
    consistent = bool(check["consistent"])
    result = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(asked),
        "errors": len(errors),
        "error_samples": failures,
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
        "churn_errors": churn_errors,
        "citations_of_missing_documents": stray[:20],
        "consistent": consistent,
        "final_documents_are_the_first": final == base,
    }
    result["ok"] = not errors and not churn_errors and not stray and consistent and final == base
    return result


def _documents(url: str) -> list[dict[str, Any]]:
    page = httpx.get(f"{url}/v1/documents", params={"limit": 500}, timeout=60).json()
    return list(page["documents"])


def _wait(http: httpx.Client, job: str) -> dict[str, Any]:
    while True:
        state = dict(http.get(f"/v1/jobs/{job}").json())
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def _run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout


if __name__ == "__main__":
    sys.exit(main())
