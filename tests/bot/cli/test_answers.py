"""`briefbot ask` and `briefbot chat` through click's CliRunner, with a canned engine (no models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from click.testing import CliRunner

import bot.factory
from bot.cli import main
from bot.errors import BadRequest
from bot.filters import Filters
from bot.types import Answer, Citation

CITED = Answer(
    question="When did Ecuador declare an internal armed conflict?",
    answer="Ecuador declared an internal armed conflict on 9 January 2024 [1].",
    language="en",
    grounded=True,
    citations=[
        Citation(
            n=1,
            doc_id="ecuador/conflicto-armado.md",
            chunk_id="ecuador/conflicto-armado.md#0",
            title="Decreto 111",
            source="Presidencia del Ecuador",
            source_type="official",
            published="2024-01-09",
            url="https://example.org/decreto-111",
            page=2,
            quote="Reconózcase la existencia de un conflicto armado interno.",
        )
    ],
)
REFUSED = Answer(
    question="¿Quién ganó el mundial de 1930?",
    answer="No encontré evidencia suficiente en los documentos.",
    language="es",
    grounded=False,
    reason="best passage similarity 0.21 < 0.45",
)


@dataclass
class FakeConversations:
    """Hands out one conversation id."""

    def new_id(self) -> str:
        """The id of a new conversation."""
        return "c-new"


@dataclass
class FakeEngine:
    """Answers every question with ``answer`` (or raises ``error``) and records the calls."""

    answer: Answer
    error: Exception | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)
    conversations: FakeConversations = field(default_factory=FakeConversations)

    def ask(self, question: str, **options: Any) -> Answer:
        """Record the question and its options; return the canned answer."""
        self.calls.append({"question": question, **options})
        if self.error is not None:
            raise self.error
        return self.answer


def _engine(monkeypatch: pytest.MonkeyPatch, answer: Answer, **kwargs: Any) -> FakeEngine:
    engine = FakeEngine(answer, **kwargs)
    monkeypatch.setattr(bot.factory, "get_engine", lambda: engine)
    return engine


def test_ask_prints_the_answer_then_its_numbered_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine(monkeypatch, CITED)
    result = CliRunner().invoke(main, ["ask", CITED.question])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Ecuador declared an internal armed conflict on 9 January 2024 [1].\n"
        "\n"
        "Sources:\n"
        "[1] Decreto 111 (Presidencia del Ecuador, official, 2024-01-09, p. 2) "
        "https://example.org/decreto-111\n"
    )


def test_ask_without_a_citation_prints_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine(monkeypatch, REFUSED)
    result = CliRunner().invoke(main, ["ask", REFUSED.question])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{REFUSED.answer}\n\n(Motivo: best passage similarity 0.21 < 0.45)\n")


def test_ask_json_is_the_answer_model(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine(monkeypatch, CITED)
    result = CliRunner().invoke(main, ["ask", "--json", CITED.question])
    assert result.exit_code == 0, result.output
    assert Answer.model_validate_json(result.stdout) == CITED


def test_ask_passes_k_filters_and_conversation(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(monkeypatch, CITED)
    args = ["ask", "-k", "3", "--lang", "EN", "--type", "official", "--from", "2024-01-01"]
    result = CliRunner().invoke(main, [*args, "--conversation", "c1", "¿y después?"])
    assert result.exit_code == 0, result.output
    assert engine.calls == [
        {
            "question": "¿y después?",
            "k": 3,
            "filters": Filters(
                date_from="2024-01-01", source_types=("official",), languages=("en",)
            ),
            "conversation_id": "c1",
        }
    ]


def test_engine_error_exits_1_with_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine(monkeypatch, CITED, error=BadRequest("the question is too long"))
    result = CliRunner().invoke(main, ["ask", "why?"])
    assert result.exit_code == 1
    assert result.stderr == "Error: the question is too long\n"


def test_empty_question_is_refused_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(monkeypatch, CITED)
    result = CliRunner().invoke(main, ["ask", "   "])
    assert result.exit_code == 2
    assert "Invalid value for QUESTION: the question is empty" in result.stderr
    assert engine.calls == []


def test_unreadable_date_is_a_bad_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(monkeypatch, CITED)
    result = CliRunner().invoke(main, ["ask", "--from", "yesterday", "why?"])
    assert result.exit_code == 2
    assert "Invalid value: cannot read the date 'yesterday' (use YYYY-MM-DD)" in result.stderr
    assert engine.calls == []


@pytest.mark.parametrize(
    "args",
    [["ask"], ["ask", "--no-such-flag", "why?"], ["ask", "-k", "0", "why?"], ["no-such-command"]],
)
def test_bad_usage_exits_2(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    engine = _engine(monkeypatch, CITED)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Usage: main" in result.stderr
    assert engine.calls == []


def test_chat_keeps_one_conversation_and_survives_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    followed = CITED.model_copy(update={"standalone_question": "When did Ecuador declare it?"})
    engine = _engine(monkeypatch, followed)
    result = CliRunner().invoke(main, ["chat", "--lang", "en"], input="first\n\nsecond\n")
    assert result.exit_code == 0, result.output
    assert [c["question"] for c in engine.calls] == ["first", "second"]
    assert {c["conversation_id"] for c in engine.calls} == {"c-new"}
    assert {c["filters"] for c in engine.calls} == {Filters(languages=("en",))}
    assert result.stdout.count("(Interpreted as: When did Ecuador declare it?)") == 2
    assert result.stdout.count("[1] Decreto 111 (Presidencia del Ecuador") == 2

    engine.error = BadRequest("no index yet")
    result = CliRunner().invoke(main, ["chat"], input="one\ntwo\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == "error: no index yet\nerror: no index yet\n"
