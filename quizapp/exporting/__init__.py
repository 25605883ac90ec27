"""Export banks: an Anki package and a printable Markdown cheat sheet. No terminal."""
