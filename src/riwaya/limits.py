"""Bounds of what a request or a command may ask the store for: SQLite's integers are 64-bit
signed, and an id past them raised OverflowError (a traceback, a bare 500) before any row was
looked for (issue 16)."""

MAX_ROW_ID = 2**63 - 1
