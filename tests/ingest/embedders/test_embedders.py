"""ingest.embedders: opening embedders never builds a model, and serving never imports torch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import embedders
from ingest.config import Settings
from ingest.e5convert import build
from ingest.embedders import build_models, get_embedder
from ingest.errors import IngestError
from tests.conftest import MODELS_DIR

ROOT = Path(__file__).resolve().parents[3]


def _no_build(*args: object, **kwargs: object) -> Path:
    raise AssertionError("a model was built")


def _settings(tmp_path: Path, models: Path, embedders: list[str]) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        models_dir=models,
        embedders=embedders,
        _env_file=None,  # type: ignore[call-arg]
    )


def test_a_missing_e5_model_is_an_error_naming_the_build_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "build_e5", _no_build)
    monkeypatch.setattr(build, "ensure_e5", _no_build)
    monkeypatch.setattr(embedders, "_CACHE", {})
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(IngestError, match="briefbot models"):
        get_embedder("e5", _settings(tmp_path, models, ["e5"]))
    assert list(models.iterdir()) == []
    assert embedders._CACHE == {}


def test_build_models_builds_only_what_the_configured_embedders_need(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "ensure_e5", _no_build)
    monkeypatch.setattr(embedders, "_CACHE", {})
    opened = build_models(_settings(tmp_path, tmp_path / "models", ["use"]))
    assert list(opened) == ["use"] and opened["use"].dim == 512


@pytest.mark.slow
def test_build_models_ensures_e5_then_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensured: list[Path] = []
    monkeypatch.setattr(build, "ensure_e5", ensured.append)
    monkeypatch.setattr(embedders, "_CACHE", {})
    opened = build_models(_settings(tmp_path, MODELS_DIR, ["e5"]))
    assert ensured == [MODELS_DIR]
    assert opened["e5"].id == "e5-small-onnx-int8" and opened["e5"].dim == 384


def test_serving_imports_neither_torch_nor_transformers() -> None:
    code = (
        "import sys\n"
        "import ingest.embedders, ingest.embedders.e5, ingest.pipeline, bot.factory\n"
        "loaded = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
