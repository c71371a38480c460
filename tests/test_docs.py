import re
from pathlib import Path

from ingest.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        f"BRIEFBOT_{name.upper()}"
        for name in Settings.field_names()
        if f"`BRIEFBOT_{name.upper()}`" not in text
    ]
    assert not missing, f"undocumented settings: {missing}"


def test_readme_shows_the_two_commands_first() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.index("make run") < text.index("## Using it")
    assert "make test" in text[: text.index("## Using it")]


def test_embedders_setting_accepts_a_comma_separated_list(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFBOT_EMBEDDERS", "use, e5")
    assert Settings(_env_file=None).index.embedders == ["use", "e5"]  # type: ignore[call-arg]


def test_settings_are_grouped_and_take_flat_names(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFBOT_TOP_K", "9")
    monkeypatch.setenv("BRIEFBOT_API_PORT", "9001")
    settings = Settings(data_dir="/tmp/x", max_per_doc=3, _env_file=None)  # type: ignore[call-arg]
    assert str(settings.index.data_dir) == "/tmp/x"
    assert (settings.retrieval.top_k, settings.retrieval.max_per_doc) == (9, 3)
    assert settings.server.api_port == 9001
    moved = settings.with_fields(data_dir="/tmp/y", llm="ollama")
    assert str(moved.index.data_dir) == "/tmp/y" and moved.answer.llm == "ollama"
    assert moved.retrieval.top_k == 9


def test_an_unknown_setting_is_refused() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(top_kk=3, _env_file=None)  # type: ignore[call-arg]


def _curl_examples() -> list[tuple[str, str, str | None]]:
    """Every ``curl`` of the README's bash blocks: (method, path, body or None)."""

    import shlex
    from itertools import pairwise

    text = README.read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        words = shlex.split(block, comments=True)
        starts = [n for n, word in enumerate(words) if word == "curl"]
        for start, end in pairwise([*starts, len(words)]):
            command = words[start:end]
            [url] = [w for w in command if w.startswith("localhost:8000")]
            body = command[command.index("-d") + 1] if "-d" in command else None
            method = command[command.index("-X") + 1].lower() if "-X" in command else None
            if method is None:
                method = "post" if body or "-F" in command else "get"
            path = url.removeprefix("localhost:8000").split("?")[0]
            examples.append((method, path, body))
    return examples


def _placeholder(match: re.Match[str]) -> str:
    """A path parameter's pattern: doc ids may hold slashes, other parameters not."""
    return ".+" if match.group(1) == "doc_id" else "[^/]+"


def test_the_readme_curl_examples_are_valid_requests_one_a_route(tmp_path: Path) -> None:

    from bot.api import create_app
    from bot.api.library_schemas import UrlRequest
    from bot.api.openai import ChatRequest, chat_question
    from bot.api.schemas import AskRequest, BriefRequest, DigestRequest, SearchRequest
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data")
    models = {
        "/v1/ask": AskRequest,
        "/v1/search": SearchRequest,
        "/v1/brief": BriefRequest,
        "/v1/digest": DigestRequest,
        "/v1/chat/completions": ChatRequest,
        "/v1/documents": UrlRequest,
    }
    operations = {
        (method, path)
        for path, ops in create_app(settings).openapi()["paths"].items()
        for method in ops
    }
    covered = set()
    for method, path, body in _curl_examples():
        [operation] = [
            (m, p)
            for m, p in operations
            if m == method and re.fullmatch(re.sub(r"\{(\w+)\}", _placeholder, p), path)
        ]
        covered.add(operation)
        if body is None:
            continue
        request = models[path].model_validate_json(body)
        limit = settings.server.max_question_chars
        if isinstance(request, ChatRequest):
            chat_question(request.messages, limit)
        else:
            text = getattr(request, "question", None) or getattr(request, "query", None)
            assert len(text or getattr(request, "topic", None) or "") <= limit
    assert covered == operations


def test_a_broken_curl_body_would_be_caught() -> None:
    import pytest
    from pydantic import ValidationError

    from bot.api.schemas import SearchRequest

    [body] = [b for _, path, b in _curl_examples() if path == "/v1/search"]
    with pytest.raises(ValidationError):
        SearchRequest.model_validate_json(body.replace('"es"', '"ES"'))
