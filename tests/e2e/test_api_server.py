"""The HTTP API as a client sees it: a real ``python -m bot serve`` (uvicorn) process."""

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import api_cmd, free_port, running, server_env

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def api(mini_index, tmp_path_factory) -> Iterator[httpx.Client]:  # type: ignore[no-untyped-def]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("api") / "api.log"
    env = server_env(mini_index.data_dir, MODELS_DIR)
    with (
        running(api_cmd(port), f"{url}/health", env, log),
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


def test_health_reports_the_index(api: httpx.Client) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["chunks"] >= 4


def test_spanish_question_gets_a_cited_spanish_answer(api: httpx.Client) -> None:
    r = api.post(
        "/v1/ask", json={"question": "¿Cuándo declaró Ecuador el conflicto armado interno?"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["grounded"] and body["language"] == "es"
    assert body["citations"][0]["doc_id"] == "ecuador/conflicto-armado.md"
    assert "[1]" in body["answer"]


def test_english_question_gets_a_cited_english_answer(api: httpx.Client) -> None:
    r = api.post("/v1/ask", json={"question": "How do gangs extort bus drivers in Lima?"})
    assert r.status_code == 200
    body = r.json()
    assert body["grounded"] and body["language"] == "en"
    assert "extorsion-transporte.txt" in {c["doc_id"] for c in body["citations"]}
    assert all(c["quote"] for c in body["citations"])


def test_malformed_bodies_are_422(api: httpx.Client) -> None:
    assert api.post("/v1/ask", json={"q": "no question field"}).status_code == 422
    assert api.post("/v1/ask", json={"question": ""}).status_code == 422
    bad_json = api.post(
        "/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422
