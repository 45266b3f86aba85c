"""The local web app and REST API (`magcheck serve`): pages for people, `/api/v1` for programs.

Both call the same domain functions as the CLI (`magcheck.service`, the food store, the knowledge
base), so a page, the API and `--json` cannot disagree. See `app.create_app` for how to add a router.
"""
