"""The command-line interface: thin commands over the library (one module per command group)."""
