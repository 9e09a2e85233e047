"""Intake: the one way notes come in (capture, guided capture, import) and the rejects file."""
