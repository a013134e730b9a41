"""Errors a user can fix: the CLI prints their message on one line and exits non-zero."""


class RiwayaError(Exception):
    """A problem with the user's input or options (bad file, bad flag), not a bug."""


def damaged_database(exc: Exception) -> str:
    """What to tell a user whose database SQLite cannot read («database disk image is malformed»)."""
    from riwaya.i18n import _

    return (_("the database cannot be read (%(error)s): it may be damaged; `sqlite3 riwaya.db .recover "
              "| sqlite3 fixed.db` saves what can be read") % {"error": exc})
