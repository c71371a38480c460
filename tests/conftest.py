"""Shared fixtures: an isolated environment per test and a real index built once per session."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.config import Settings, get_settings  # noqa: E402
from ingest.types import IngestReport  # noqa: E402

MINI_CORPUS = ROOT / "tests" / "fixtures" / "mini"
MODELS_DIR = ROOT / "data" / "models"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No BRIEFBOT_* variable leaks in; each test writes under its own data dir."""
    for key in list(os.environ):
        if key.startswith("BRIEFBOT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFBOT_MODELS_DIR", str(MODELS_DIR))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test index in ``data_dir`` (models shared from the repo's data dir)."""
    return Settings(data_dir=data_dir, models_dir=MODELS_DIR, _env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def mini_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A real index (real models, real Chroma) of the small fixture corpus, built once."""
    from ingest.pipeline import Indexer

    data = tmp_path_factory.mktemp("mini-index")
    settings = make_settings(data)
    indexer = Indexer(settings)
    report = indexer.ingest([str(MINI_CORPUS)])
    indexer.close()
    assert report.skipped == [] and report.added > 0
    return settings


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, IngestReport]:
    """A real index of the whole starter corpus, built once, and its ingest report."""
    from ingest.pipeline import Indexer

    data = tmp_path_factory.mktemp("corpus-index")
    settings = make_settings(data)
    indexer = Indexer(settings)
    report = indexer.ingest([str(ROOT / "corpus")])
    indexer.close()
    return settings, report


@pytest.fixture
def copy_tree(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy a folder into the test's tmp dir and return the copy."""

    def copy(src: Path, name: str = "src") -> Path:
        dst = tmp_path / name
        shutil.copytree(src, dst)
        return dst

    return copy


MODEL_FIXTURES = frozenset({"mini_index", "corpus_index", "e5_dir", "nano"})
"""Fixtures that need the real models: a test using one is ``slow`` whatever its marks."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the real models as ``slow`` (``make test-fast`` needs none)."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
