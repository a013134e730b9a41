"""The one HTML template system: Jinja2, over the templates in render/templates.

The standalone pages (`riwaya check --format html`, `riwaya story --format html`) are rendered
here; the web app (riwaya.web) loads the same templates for the parts it shares with them (the
check findings, the story's figure table, marked texts, the figure timeline). Autoescaping is on,
and every value a template shows goes through render.safe first: markup escaped (``&quot;``
for quotes, as html.escape writes them) and bidi controls shown, not obeyed. Markup built by a
template is already safe. CSS and scripts are inlined, so a standalone page works offline.
Text a person reads goes through gettext (riwaya.i18n, Jinja2's i18n extension): ``{{ _("…") }}``
in the current language, and ``lang``/``dir`` of the page from it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context
from markupsafe import Markup

from riwaya import i18n
from riwaya.render import number
from riwaya.render.labels import label
from riwaya.render.safe import escape

TEMPLATES = Path(__file__).parent / "templates"


def _shown(value: Any) -> Any:
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(escape(value))
    return value


@pass_context
def _label(_context: Any, code: str | None, kind: str) -> str:
    # takes the context so that Jinja2 never folds «"supported"|label(…)» into a constant when it
    # compiles the template: the label is of the language of each rendering, not of the first
    return label(code, kind)


def configure(env: Environment) -> Environment:
    """``env`` set up as riwaya's templates need it: escaping and the figure format."""
    env.autoescape = True
    env.finalize = _shown
    env.filters["num"] = number
    env.filters["label"] = _label
    env.add_extension("jinja2.ext.i18n")
    # newstyle: ``_("{n} figures", n=3)``-like calls format and escape their variables themselves
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)
    env.globals["language"] = i18n.current
    env.globals["direction"] = i18n.direction
    # the token a form that changes data carries (the web app's; a standalone page posts nothing)
    env.globals["form_token"] = lambda: ""
    return env


@cache
def environment() -> Environment:
    return configure(Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True))


def render(name: str, **context: Any) -> str:
    """The template ``name`` of render/templates filled with ``context``."""
    return environment().get_template(name).render(**context)
