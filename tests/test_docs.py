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
