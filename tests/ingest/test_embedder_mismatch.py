"""An index is never read or written with another embedder than the one that filled it."""

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli import main
from ingest.embedders import open_embedders
from ingest.errors import EmbedderMismatch
from ingest.pipeline import Indexer
from ingest.store import Store
from tests.conftest import make_settings

pytestmark = pytest.mark.slow  # ingests with the real models


DOC = "# Paita\n\nEl puerto de Paita exporta fosfatos, pesca y productos agrícolas de Piura.\n"


class OtherEmbedder:
    """Stands in for a different model: the store's check under test only reads id and dim."""

    id = "other-model-v2"
    dim = 384

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Constant unit vectors (never used for retrieval here)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = 1.0
        return out


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """An index built with the default `use` embedder in the test's data dir."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "paita.md").write_text(DOC, encoding="utf-8")
    indexer = Indexer(make_settings(tmp_path / "data"))
    try:
        assert indexer.ingest([str(src)]).added == 1
    finally:
        indexer.close()
    return src, tmp_path / "data"


def test_other_embedder_is_refused_with_the_fix_in_the_message(built: tuple[Path, Path]) -> None:
    _, data = built
    settings = make_settings(data)
    with pytest.raises(EmbedderMismatch) as err:
        Store(settings, {"use": OtherEmbedder()})
    message = str(err.value)
    assert "use-m3" in message and "other-model-v2" in message
    assert "briefbot ingest --rebuild" in message


def test_rebuild_replaces_the_index_built_by_another_embedder(built: tuple[Path, Path]) -> None:
    src, data = built
    settings = make_settings(data)
    Store(settings, {"use": OtherEmbedder()}, rebuild=True)

    runner = CliRunner(env={"BRIEFBOT_DATA_DIR": str(data)})
    refused = runner.invoke(main, ["ingest", str(src)])
    assert refused.exit_code == 1
    assert "briefbot ingest --rebuild" in refused.output

    rebuilt = runner.invoke(main, ["ingest", "--json", "--rebuild", str(src)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert '"added": 1' in rebuilt.stdout
    assert Store(settings, open_embedders(settings)).count() > 0
