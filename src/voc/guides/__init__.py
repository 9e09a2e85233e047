"""Guided debriefs: interview and debrief guides, and walking one into notes."""
