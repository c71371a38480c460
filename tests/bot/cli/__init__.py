"""Tests of the command line, one module per ``bot/cli`` module."""
