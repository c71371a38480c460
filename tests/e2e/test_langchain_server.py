"""LangChain against a real ``python -m bot serve``: the retriever and the README's chain."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.integrations.langchain import BriefbotRetriever
from tests.conftest import MODELS_DIR
from tests.e2e.servers import api_cmd, free_port, own_copy, running, server_env

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"
README_URL = "http://127.0.0.1:8000"
FIELDS = {"rank", "chunk_id", "doc_id", "title", "source", "published", "language", "score", "why"}


@pytest.fixture(scope="module")
def url(mini_index, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("langchain") / "api.log"
    env = server_env(own_copy(mini_index.index.data_dir, log.parent / "data"), MODELS_DIR)
    with running(api_cmd(port), f"{url}/health", env, log):
        yield url


def readme_langchain_block() -> str:
    """The ```python block under the README's LangChain heading."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### LangChain") :]
    section = section[: section.index("\n## ")]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the LangChain section has one python block"
    return str(blocks[0])


def test_the_readme_langchain_block_runs_against_the_server(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = readme_langchain_block()
    assert code.count(README_URL) == 2
    namespace: dict[str, Any] = {}
    exec(compile(code.replace(README_URL, url), "README.md", "exec"), namespace)

    docs = namespace["docs"]
    assert docs and all(set(d.metadata) == FIELDS for d in docs)
    assert {d.metadata["language"] for d in docs} == {"en"}
    assert "extorsion-transporte.txt" in {d.metadata["doc_id"] for d in docs}
    answer = namespace["answer"]
    assert isinstance(answer, str) and "[1]" in answer
    assert "January 2024" in answer.split("[1]")[0]
    assert "Fuentes:\n[1] Ecuador declares an internal armed conflict" in answer
    assert answer in capsys.readouterr().out


def test_the_retriever_over_http_sync_and_async(url: str) -> None:
    retriever = BriefbotRetriever(base_url=url, k=2)
    question = "¿Cuándo declaró Ecuador el conflicto armado interno?"
    docs = retriever.invoke(question)
    assert [d.metadata["rank"] for d in docs] == [1, 2]
    assert docs[0].metadata["doc_id"] == "ecuador/conflicto-armado.md"
    assert "2024" in docs[0].page_content
    again = asyncio.run(retriever.ainvoke(question))
    assert [d.metadata["chunk_id"] for d in again] == [d.metadata["chunk_id"] for d in docs]
