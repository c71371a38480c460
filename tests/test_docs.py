from pathlib import Path

from ingest.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        f"BRIEFBOT_{name.upper()}"
        for name in Settings.model_fields
        if f"`BRIEFBOT_{name.upper()}`" not in text
    ]
    assert not missing, f"undocumented settings: {missing}"


def test_readme_shows_the_two_commands_first() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.index("make run") < text.index("## Using it")
    assert "make test" in text[: text.index("## Using it")]


def test_embedders_setting_accepts_a_comma_separated_list(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFBOT_EMBEDDERS", "use, e5")
    assert Settings(_env_file=None).embedders == ["use", "e5"]  # type: ignore[call-arg]
