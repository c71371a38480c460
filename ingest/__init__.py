"""briefbot ingest: sources -> documents -> chunks -> embeddings -> Chroma and a lexical index."""
