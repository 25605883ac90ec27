"""The TUI pilot fixture, for the language tests that drive the Settings screen."""

from tests.tui.conftest import run_app

__all__ = ["run_app"]
