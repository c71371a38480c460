"""BriefbotRetriever over HTTP (the real app on a fake engine, and mocked replies) and in-process."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.documents import Document

from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.errors import RemoteError
from bot.filters import Filters
from bot.integrations.langchain import BriefbotRetriever
from tests.bot.api.conftest import OTHER, PASSAGE, FakeEngine
from tests.conftest import make_settings

KEY = "s3cret-read-key"
METADATA = {
    "rank": 1,
    "chunk_id": "ecuador/conflicto-armado.md#0",
    "doc_id": "ecuador/conflicto-armado.md",
    "title": "Conflicto armado interno",
    "source": "El Comercio",
    "published": "2024-01-10",
    "language": "es",
    "score": 0.8765,
    "why": ["dense", "lexical"],
}


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def app(engine: FakeEngine, tmp_path: Path) -> FastAPI:
    """The real app over the fake engine, with one read key configured."""
    app = create_app(make_settings(tmp_path / "data", api_keys=[f"{KEY}:read"]))
    app.dependency_overrides[get_engine_dep] = lambda: engine
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[httpx.Client]:
    """An httpx client whose transport is the app's ``TestClient`` (Starlette's own httpx)."""
    with TestClient(app) as app_client:

        def forward(request: httpx.Request) -> httpx.Response:
            reply = app_client.request(
                request.method, str(request.url), content=request.content, headers=request.headers
            )
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

        with httpx.Client(transport=httpx.MockTransport(forward)) as client:
            yield client


def _expected(doc: Document) -> None:
    assert doc.page_content == PASSAGE.text
    assert doc.metadata == METADATA
    assert doc.id == PASSAGE.chunk_id


def test_over_http_documents_carry_the_citation_metadata(
    client: httpx.Client, engine: FakeEngine
) -> None:
    retriever = BriefbotRetriever(
        base_url="http://testserver/",
        api_key=KEY,
        k=2,
        languages=["es"],
        source_types=["news"],
        date_from="2024-01-01",
        date_to="2024-12-31",
        http_client=client,
    )
    docs = retriever.invoke("  conflicto armado  ")
    assert len(docs) == 2
    _expected(docs[0])
    assert docs[1].metadata["doc_id"] == OTHER.doc_id
    assert engine.calls == [
        (
            "search",
            "  conflicto armado  ",
            {
                "k": 2,
                "filters": Filters(
                    date_from="2024-01-01",
                    date_to="2024-12-31",
                    source_types=("news",),
                    languages=("es",),
                ),
            },
        )
    ]


def test_async_over_http_gives_the_same_documents(app: FastAPI) -> None:
    async def run() -> list[Document]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
            retriever = BriefbotRetriever(
                base_url="http://testserver", api_key=KEY, k=1, http_async_client=http
            )
            return await retriever.ainvoke("conflicto armado")

    docs = asyncio.run(run())
    assert len(docs) == 1
    _expected(docs[0])


def test_a_wrong_key_is_a_remote_error_with_the_status(client: httpx.Client) -> None:
    retriever = BriefbotRetriever(base_url="http://testserver", api_key="wrong", http_client=client)
    with pytest.raises(RemoteError, match="401") as info:
        retriever.invoke("conflicto armado")
    assert info.value.status == 401
    no_key = BriefbotRetriever(base_url="http://testserver", http_client=client)
    with pytest.raises(RemoteError, match="401"):
        no_key.invoke("conflicto armado")


def test_the_request_sends_the_key_and_only_the_given_options() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"query": "q", "language": "en", "passages": []})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        retriever = BriefbotRetriever(
            base_url="http://bot.example:8000", api_key=KEY, topics=["extorsión"], http_client=http
        )
        assert retriever.invoke("q") == []
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", "http://bot.example:8000/v1/search")
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert json.loads(request.content) == {"query": "q", "topics": ["extorsión"]}
    assert KEY not in repr(retriever)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (httpx.Response(422, json={"detail": [{"msg": "bad k"}]}), r"422 Unprocessable.*bad k"),
        (httpx.Response(503, json={"detail": "the store is down"}), "503.*the store is down"),
        (httpx.Response(429, json={"error": {"message": "slow down"}}), "429.*slow down"),
        (httpx.Response(502, text="Bad gateway"), "502.*Bad gateway"),
        (httpx.Response(200, text="<html>"), "sent no search result"),
        (httpx.Response(200, json={"passages": [{"rank": 1}]}), "sent no search result"),
    ],
)
def test_failures_are_remote_errors_that_say_why(reply: httpx.Response, message: str) -> None:
    with httpx.Client(transport=httpx.MockTransport(lambda request: reply)) as http:
        retriever = BriefbotRetriever(base_url="http://bot.example", http_client=http)
        with pytest.raises(RemoteError, match=message) as info:
            retriever.invoke("q")
    assert info.value.status == reply.status_code


def test_an_unreachable_server_is_a_remote_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
            retriever = BriefbotRetriever(base_url="http://bot.example", http_async_client=http)
            await retriever.ainvoke("q")

    with pytest.raises(RemoteError, match=r"cannot reach briefbot at http://bot\.example") as info:
        asyncio.run(run())
    assert info.value.status is None


def test_in_process_calls_the_engine_with_the_filters(engine: FakeEngine) -> None:
    retriever = BriefbotRetriever(engine=engine, k=1, languages=["ES"], places=["Piura"])
    docs = retriever.invoke("conflicto armado")
    assert len(docs) == 1
    _expected(docs[0])
    assert engine.calls == [
        (
            "search",
            "conflicto armado",
            {"k": 1, "filters": Filters.build(languages=["es"], places=["piura"])},
        )
    ]
    assert [d.metadata for d in asyncio.run(retriever.ainvoke("conflicto armado"))] == [METADATA]


def test_exactly_one_mode_is_required(engine: FakeEngine) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        BriefbotRetriever()
    with pytest.raises(ValueError, match="exactly one"):
        BriefbotRetriever(base_url="http://bot.example", engine=engine)
    with pytest.raises(ValueError):
        BriefbotRetriever(engine=object())
