"""``python -m ingest.e5convert --out DIR [--no-quantize] [--force]``: build the e5 model."""

from ingest.e5convert.build import main

raise SystemExit(main())
