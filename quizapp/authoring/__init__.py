"""Write new banks: a commented starter bank and an Anki-style CSV/TSV importer. No terminal."""
