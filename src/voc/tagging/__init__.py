"""Tagging notes, in the order it happens; nothing here imports spaCy (voc.nlp does).

- `pending`: which notes are stale (`stale_ids`), reading them (`read_pending`), and
  the text the pipeline is given for each.
- `run`: `refresh`, the whole pass: stale notes read in chunks, tagged in this process or
  a pool of workers (`voc.nlp.workers`), results written as they come, then the digest's
  day tallies kept for the days written (`voc.digest.daycache.warm`).
- `results`: writing a batch of results (`write_results`); a note changed meanwhile stays
  stale.
- `manual`: `voc tag`'s themes added and removed by hand (`change_manual_tags`).
- `evidence`: why a note has its themes and signals (`note_evidence`, `explain`).
- `evaluate`: `voc themes eval`, a taxonomy's themes scored against the hand tags, the
  notes tagged in memory (`evaluate_taxonomies`).
"""
