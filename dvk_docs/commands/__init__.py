"""CLI commands of the later capabilities, registered on the main group in cli.py."""
