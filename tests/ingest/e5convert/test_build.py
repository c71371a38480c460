"""ingest.e5convert.build: an interrupted build leaves nothing, a finished one is reused, and
the build's modules import torch only when building.

The ``e5_dir`` fixture comes from ``tests/ingest/conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.e5convert import build
from ingest.e5convert.manifest import E5_DIRNAME, read_manifest

ROOT = Path(__file__).resolve().parents[3]


def test_import_does_not_load_torch() -> None:
    code = (
        "import sys\n"
        "import ingest.e5convert.build, ingest.embedders.e5\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def test_interrupted_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "write_hf_model", fail)
    with pytest.raises(KeyboardInterrupt):
        build.build_e5(tmp_path / "model")
    assert list(tmp_path.iterdir()) == []
    assert read_manifest(tmp_path / "model") is None


@pytest.mark.slow
def test_ensure_e5_reuses_a_finished_build(
    e5_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / E5_DIRNAME).symlink_to(e5_dir.resolve(), target_is_directory=True)

    def no_build(*args: object, **kwargs: object) -> Path:
        raise AssertionError("ensure_e5 rebuilt a finished model")

    monkeypatch.setattr(build, "build_e5", no_build)
    assert build.ensure_e5(models) == models / E5_DIRNAME
