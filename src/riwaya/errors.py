"""Errors a user can fix: the CLI prints their message on one line and exits non-zero."""


class RiwayaError(Exception):
    """A problem with the user's input or options (bad file, bad flag), not a bug."""


def damaged_database(exc: Exception) -> str:
    """What to tell a user whose database SQLite cannot read («database disk image is malformed»)
    or write («database or disk is full»: not damage, and what was stored is kept)."""
    from riwaya.i18n import _

    if "readonly database" in str(exc):  # a file made immutable (chattr +i) after it was opened
        return _("the database cannot be written (%(error)s: a read-only or immutable file, folder or "
                 "disk); riwaya can only read it") % {"error": exc}
    if "disk is full" in str(exc):
        return _("the disk is full (%(error)s): free some space and run the command again; what was "
                 "stored before is kept, whole") % {"error": exc}
    return (_("the database cannot be read (%(error)s): it may be damaged; `sqlite3 riwaya.db .recover "
              "| sqlite3 fixed.db` saves what can be read") % {"error": exc})


def database_server_error(exc: Exception) -> str:
    """What to tell a user whose PostgreSQL server failed a query or went away mid-command
    (``--db postgresql://…``): its own words, on one line."""
    from riwaya.i18n import _

    said = " ".join(str(exc).split())[:300]
    return _("the database server answered with an error (%(error)s)") % {"error": said}
