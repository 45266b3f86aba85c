"""A problem's message on a screen that runs no commands: the web pages, the API and the recall.

The catalogues may word a problem twice: ``<area>.errors.<key>`` is the CLI's text, which can tell the
person which command to run, and ``<area>.web_errors.<key>`` says the same without naming commands. The
web app, the API and the guided recall (in the browser and in the terminal alike) show the second where
it exists, so both interfaces explain an item the recall could not read in the same words.
"""

from __future__ import annotations

from magcheck.core.errors import FieldProblem
from magcheck.i18n.catalogue import catalogue, t
from magcheck.i18n.languages import Lang


def message_for(problem: FieldProblem, lang: Lang) -> str:
    """The problem's message in `lang` (a text that cannot take the parameters gives a generic one)."""
    try:
        return t(_web_wording(problem.code, lang), lang, **problem.params)
    except (KeyError, IndexError, ValueError):
        return t("web.errors.invalid_generic", lang)


def _web_wording(code: str, lang: Lang) -> str:
    """`<area>.web_errors.<key>` where it exists: the CLI's text of `<area>.errors.<key>` names commands."""
    area, sep, key = code.partition(".errors.")
    web = f"{area}.web_errors.{key}"
    return web if sep and web in catalogue(lang) else code
