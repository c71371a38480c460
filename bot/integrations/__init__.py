"""Adapters that let other frameworks use briefbot (``langchain``: a LangChain retriever).

Each adapter converts briefbot's types to the framework's at its own edge; nothing else in
``bot`` imports those frameworks.
"""
