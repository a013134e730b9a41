"""Errors a user can fix: the CLI prints their message on one line and exits non-zero."""


class RiwayaError(Exception):
    """A problem with the user's input or options (bad file, bad flag), not a bug."""
