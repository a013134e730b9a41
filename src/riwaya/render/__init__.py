"""Renderers: the same results as JSON, as terminal tables, and (later) as HTML."""
