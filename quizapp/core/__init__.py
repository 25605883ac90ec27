"""The quiz without a terminal: sessions, mock interviews, the catalog of loaded banks.

The TUI is a thin layer over this package; tests drive it directly.
"""
