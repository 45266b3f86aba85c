"""Drafts bound to this browser: the key cookie, and the finished classic form kept as a draft.

A draft (a recall, or a classic /assess form's finished answers) lives in the private history database
under a random id; the browser holds a random key in a cookie and the database only its hash, so the id
alone opens nothing (`recall.drafts`). The recall pages and the classic form both store their finished
results this way, so both open at ``/results/{id}``: bookmarkable, reached with Back, and reopened
after a restart.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from magcheck.core.models import AssessmentInput
from magcheck.i18n import Lang
from magcheck.recall import drafts
from magcheck.recall.model import new_id

KEY_COOKIE = "magcheck_recall_key"
KEY_BYTES = 24
KEY_DAYS = 400


def key_of(request: Request) -> str | None:
    """This browser's key, if it has one yet."""
    return request.cookies.get(KEY_COOKIE)


def key_or_new(request: Request) -> tuple[str, str | None]:
    """This browser's key, and the same key again when it is new (then `see` sets the cookie)."""
    key = key_of(request)
    if key:
        return key, None
    fresh = new_id(KEY_BYTES)
    return fresh, fresh


def see(path: str, key: str | None = None) -> RedirectResponse:
    """303 to `path` (post/redirect/get); with a new `key`, the cookie that binds drafts to this browser."""
    response = RedirectResponse(path, status_code=303)
    if key is not None:
        response.set_cookie(
            KEY_COOKIE, key, max_age=KEY_DAYS * 24 * 3600, httponly=True, samesite="lax", path="/"
        )
    return response


def load(request: Request, draft_id: str) -> drafts.Stored:
    """The draft, if this browser's key opens it (else `NotFoundError`, as for an unknown id)."""
    return drafts.get(draft_id, key_of(request))


def keep_classic(request: Request, inp: AssessmentInput, lang: Lang) -> Response:
    """Keep a classic /assess form's finished input as a finished draft and answer 303 to its own GET URL.

    The same storage as a recall's result (private database, bound to this browser's key), so the
    result can be bookmarked, reached with Back, and reopened after a restart.
    """
    key, fresh_key = key_or_new(request)
    stored = drafts.create(lang, None, None, key)
    draft = stored.draft.model_copy(update={"classic": inp.model_dump(mode="json", exclude_none=True)})
    drafts.save(stored.id, draft, key, "finished")
    return see(f"/results/{stored.id}?lang={lang}", fresh_key)  # the page keeps the form's language
