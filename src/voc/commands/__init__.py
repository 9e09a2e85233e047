"""One module per command group; each parses options, calls the core and prints."""
