"""voc: a command-line voice-of-customer toolkit."""

__version__ = "0.1.0"
