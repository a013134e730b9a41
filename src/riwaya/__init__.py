"""riwaya: check Arabic news against its sources."""

__version__ = "0.1.0"
