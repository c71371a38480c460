"""Settings for every briefbot package, read once from the environment and `.env`.

Nothing else in briefbot reads ``os.environ``: components receive a :class:`Settings`, grouped
by what they configure (``settings.index``, ``.retrieval``, ``.answer``, ``.server``,
``.ui``). Each field maps to ``BRIEFBOT_<NAME>`` whatever its group, and every field is
documented in the README's configuration table (a test checks it).

``Settings(data_dir=..., top_k=...)`` takes fields by their flat names and routes each to its
group; the fields not given are read from the environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from limits import parse as parse_rate
from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_ENV = SettingsConfigDict(
    env_prefix="BRIEFBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
)


class IndexSettings(BaseSettings):
    """Where the index lives and how documents become chunks and vectors."""

    model_config = _ENV

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
    chunk_size: int = Field(900, ge=200, le=8000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(
        120, ge=0, le=2000, description="Characters shared by consecutive chunks."
    )
    max_file_mb: float = Field(
        50.0, gt=0, description="Files or downloads larger than this are skipped."
    )
    fetch_timeout: float = Field(20.0, gt=0, description="Seconds allowed to fetch one URL.")
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


class RetrievalSettings(BaseSettings):
    """How many passages a question gets."""

    model_config = _ENV

    top_k: int = Field(6, ge=1, le=50, description="Passages retrieved per question.")
    max_per_doc: int = Field(
        2, ge=1, le=10, description="At most this many passages from one document."
    )


class AnswerSettings(BaseSettings):
    """How answers are decided and written (extractive, or an LLM)."""

    model_config = _ENV

    min_score: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Override the fitted answer threshold (a probability, 0-1; higher refuses more).",
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


class ServerSettings(BaseSettings):
    """The HTTP API's address, who may call it, and how much."""

    model_config = _ENV

    api_host: str = Field("127.0.0.1", description="Host `briefbot serve` binds.")
    api_port: int = Field(8000, description="Port `briefbot serve` binds.")
    api_keys: Annotated[list[str], NoDecode] = Field(
        [],
        description="API keys, comma-separated; `key:read` for a read-only key (else admin).",
    )
    api_keys_file: Path | None = Field(
        None,
        description="File of API keys: one a line (or `sha256:<hex>`), optional role after it.",
    )
    rate_limit: str | None = Field(
        None,
        description="Requests allowed per key (or client IP without keys), e.g. `60/minute`; unset = no limit.",
    )
    max_body_kb: int = Field(64, ge=1, description="Largest request body accepted, in KiB.")
    max_upload_mb: float = Field(
        200.0, gt=0, description="Largest upload request (all its files) accepted, in MB."
    )
    max_question_chars: int = Field(
        2000, ge=1, le=100_000, description="Longest question or query accepted, in characters."
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("rate_limit")
    @classmethod
    def _readable_rate(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        try:
            parse_rate(value)
        except ValueError as err:
            raise ValueError(f"cannot read the rate limit '{value}' (e.g. 60/minute)") from err
        return value.strip()


class UISettings(BaseSettings):
    """The Streamlit UI's address, and the API it calls."""

    model_config = _ENV

    ui_port: int = Field(8501, description="Port `briefbot ui` binds.")
    api_url: str | None = Field(
        None,
        description="The API the UI calls (`briefbot run` sets it); unset = the server recorded in the data dir, else in-process.",
    )
    ui_api_key: str | None = Field(
        None, description="The API key the UI sends when the API requires keys."
    )


GROUPS: dict[str, type[BaseSettings]] = {
    "index": IndexSettings,
    "retrieval": RetrievalSettings,
    "answer": AnswerSettings,
    "server": ServerSettings,
    "ui": UISettings,
}
"""Settings groups by attribute name."""


class Settings(BaseModel):
    """briefbot configuration, grouped; every field maps to ``BRIEFBOT_<NAME>``."""

    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    ui: UISettings = Field(default_factory=UISettings)

    @model_validator(mode="before")
    @classmethod
    def _route_flat_fields(cls, data: Any) -> Any:
        """Build each group from the flat fields given for it (``_env_file`` included) and
        the environment."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        env: dict[str, Any] = {}
        if "_env_file" in data:
            env["_env_file"] = data.pop("_env_file")
        out: dict[str, Any] = {}
        for name, group in GROUPS.items():
            given = data.pop(name, None)
            if isinstance(given, BaseSettings):
                out[name] = given
                continue
            fields = dict(given or {})
            fields.update({k: data.pop(k) for k in list(data) if k in group.model_fields})
            out[name] = group(**fields, **env)
        if data:
            raise ValueError(f"unknown settings: {', '.join(sorted(data))}")
        return out

    def with_fields(self, **fields: Any) -> Settings:
        """A copy with some fields (by their flat names) replaced."""
        groups: dict[str, BaseSettings] = {}
        for name, group in GROUPS.items():
            current: BaseSettings = getattr(self, name)
            update = {k: fields.pop(k) for k in list(fields) if k in group.model_fields}
            groups[name] = current.model_copy(update=update) if update else current
        if fields:
            raise ValueError(f"unknown settings: {', '.join(sorted(fields))}")
        return Settings(**groups)

    @classmethod
    def field_names(cls) -> list[str]:
        """Every setting's flat name (``BRIEFBOT_`` + its upper case is the variable)."""
        return [name for group in GROUPS.values() for name in group.model_fields]


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached)."""
    return Settings()
