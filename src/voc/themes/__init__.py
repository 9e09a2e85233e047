"""Themes: the taxonomy, codebooks, and theme statistics (no spaCy here)."""
