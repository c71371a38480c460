"""Settings for every briefbot package, read once from the environment and `.env`.

Nothing else in briefbot reads ``os.environ``: components receive a :class:`Settings`.
Every field is documented in the README's configuration table (a test checks it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """briefbot configuration; every field maps to ``BRIEFBOT_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        Path("data"), description="Everything briefbot writes: index, models, conversations."
    )
    corpus_dir: Path = Field(
        Path("corpus"), description="Folder `briefbot ingest` reads when given no path."
    )
    chroma_url: str | None = Field(
        None,
        description="Chroma server URL (e.g. http://127.0.0.1:8001); unset = embedded Chroma in the data dir.",
    )
    collection: str = Field("briefbot", description="Chroma collection name prefix.")
    embedders: Annotated[list[str], NoDecode] = Field(
        ["use", "e5"],
        description="Dense embedders, comma-separated: `use`, `e5`, `minilm`, or `st:<path or name>`.",
    )
    models_dir: Path | None = Field(
        None, description="Where built models are cached (default: `<data_dir>/models`)."
    )
    top_k: int = Field(6, ge=1, le=50, description="Passages retrieved per question.")
    max_per_doc: int = Field(
        2, ge=1, le=10, description="At most this many passages from one document."
    )
    chunk_size: int = Field(900, ge=200, le=8000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(
        120, ge=0, le=2000, description="Characters shared by consecutive chunks."
    )
    max_file_mb: float = Field(
        50.0, gt=0, description="Files or downloads larger than this are skipped."
    )
    fetch_timeout: float = Field(20.0, gt=0, description="Seconds allowed to fetch one URL.")
    min_score: float | None = Field(
        None, description="Override the calibrated grounding threshold (fused score)."
    )
    llm: Literal["none", "ollama", "openai", "llamacpp"] = Field(
        "none", description="Answer composer backend; `none` = extractive."
    )
    llm_model: str | None = Field(
        None, description="Chat model name (Ollama/OpenAI) or GGUF file path (llamacpp)."
    )
    llm_base_url: str | None = Field(
        None, description="Base URL of the Ollama or OpenAI-compatible server."
    )
    llm_api_key: str | None = Field(None, description="API key for an OpenAI-compatible server.")
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds before the LLM composer falls back to extractive."
    )
    api_host: str = Field("127.0.0.1", description="Host `briefbot serve` binds.")
    api_port: int = Field(8000, description="Port `briefbot serve` binds.")
    ui_port: int = Field(8501, description="Port `briefbot ui` binds.")
    threads: int = Field(2, ge=1, description="CPU threads for embedding models.")

    @field_validator("embedders", mode="before")
    @classmethod
    def _split_embedders(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def model_cache(self) -> Path:
        """Folder for built or converted models."""
        return self.models_dir or self.data_dir / "models"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached)."""
    return Settings()
