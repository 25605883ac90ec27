"""Parsing and checking answers: pure functions, no terminal, never eval."""
