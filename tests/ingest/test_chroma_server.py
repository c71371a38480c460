"""Server mode: a real `chroma run` process behind `BRIEFBOT_CHROMA_URL`, same code path."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.factory import build_engine
from ingest.embedders import open_embedders
from ingest.errors import StoreUnavailable
from ingest.pipeline import Indexer
from ingest.store import Store
from tests.conftest import MINI_CORPUS, MODELS_DIR, make_settings

pytestmark = pytest.mark.e2e

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    """A local port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on a free local port, up until the module's tests are done."""
    if not CHROMA.exists():
        pytest.fail(f"the chroma CLI is missing at {CHROMA}")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(path / "db"),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma exited with {proc.returncode}: {_tail(path / 'server.log')}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"chroma did not answer in 60 s: {_tail(path / 'server.log')}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-2000:]


def test_ingest_and_ask_through_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", chroma_url=chroma_url)
    indexer = Indexer(settings)
    try:
        report = indexer.ingest([str(MINI_CORPUS)])
        per_embedder = indexer.store.all_ids()
        manifest_ids = set(indexer.manifest.chunk_ids())
    finally:
        indexer.close()
    assert report.added == 4 and report.skipped == []
    assert per_embedder and all(ids == manifest_ids for ids in per_embedder.values())
    assert not (tmp_path / "data" / "chroma").exists(), "server mode must not write locally"

    answer = build_engine(settings).ask("¿Cuándo declaró Ecuador el conflicto armado interno?")
    assert answer.grounded, answer.reason
    assert answer.citations[0].doc_id == "ecuador/conflicto-armado.md"


def test_closed_port_is_store_unavailable(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    settings = make_settings(tmp_path / "data", chroma_url=url)
    with pytest.raises(StoreUnavailable, match=f"cannot reach the Chroma server at {url}"):
        Store(settings, open_embedders(settings))


def test_several_api_workers_share_the_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    from tests.e2e.servers import running, server_env

    data = tmp_path / "data"
    env = {
        **server_env(data, MODELS_DIR),
        "BRIEFBOT_CHROMA_URL": chroma_url,
        "BRIEFBOT_COLLECTION": "workers",
    }
    cli = [sys.executable, "-m", "bot"]
    subprocess.run([*cli, "ingest", str(MINI_CORPUS)], env=env, check=True, capture_output=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [*cli, "serve", "--port", str(port), "--workers", "2"]
    with running(serve, f"{url}/health", env, tmp_path / "api.log", timeout=180):
        note = b"# Puerto de Paita\n\nLa aduana de Paita instalo escaneres de contenedores."
        r = httpx.post(f"{url}/v1/documents", files=[("files", ("paita.md", note))], timeout=60)
        job = r.json()["job_id"]
        deadline = time.monotonic() + 120
        while httpx.get(f"{url}/v1/jobs/{job}", timeout=30).json()["status"] != "done":
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.2)
        query = {"query": "escaneres de contenedores en la aduana de Paita"}
        firsts = {
            httpx.post(f"{url}/v1/search", json=query, timeout=60).json()["passages"][0]["doc_id"]
            for _ in range(12)  # both workers answer some of these
        }
        pids = {
            line.split("[")[1].split("]")[0]
            for line in (tmp_path / "api.log").read_text().splitlines()
            if "Started server process" in line
        }
    assert firsts == {"uploads/paita.md"}
    assert len(pids) == 2


def test_workers_need_a_chroma_server(tmp_path: Path) -> None:
    from tests.e2e.servers import server_env

    run = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--workers", "2", "--port", str(free_port())],
        env=server_env(tmp_path / "data", MODELS_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "needs a Chroma server" in run.stderr
