"""briefbot: cited answers over the ingested corpus (engine, API, CLI)."""
