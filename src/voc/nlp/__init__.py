"""All of voc's spaCy code: the normaliser, theme matcher, sentiment and signal components,
the pipeline builder, and tagging notes in bulk. Nothing outside this package imports spaCy."""
