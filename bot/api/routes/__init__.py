"""The API's routers, one per file: ``health``, ``answers`` (native), ``openai``."""
