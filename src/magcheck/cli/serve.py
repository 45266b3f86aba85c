"""`magcheck serve`: the local web app and REST API (what `make run` starts)."""

from __future__ import annotations

import gc
import ipaddress
import logging
import socket
from typing import Annotated

import typer

from magcheck.accounts.mode import MIN_TOKEN_LENGTH, auth_mode, configured_token
from magcheck.cli.common import LangOption, resolve_lang
from magcheck.i18n import Lang, t


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and names that resolve only to loopback addresses (e.g. localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def configure_logging() -> None:
    """Plain logs without request details: uvicorn's own access log (which prints query strings) is off;
    `magcheck.web.access` logs method, path and status only."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def check_access(host: str, lang: Lang) -> None:
    """Refuse (exit 2) to serve beyond loopback without access control (an access token or accounts),
    or with a guessable token."""
    token = configured_token()
    accounts = auth_mode() == "accounts"
    if token is not None and not accounts and len(token) < MIN_TOKEN_LENGTH:
        typer.secho(
            t("accounts.serve.token_too_short", lang, length=len(token), minimum=MIN_TOKEN_LENGTH),
            err=True,
            fg=typer.colors.RED,
        )
        raise typer.Exit(2)
    if accounts:
        typer.echo(t("accounts.serve.accounts_on", lang), err=True)
    if not is_loopback(host):
        if token is None and not accounts:
            typer.secho(t("accounts.serve.needs_token", lang, host=host), err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
        # still plain HTTP: say so (a TLS reverse proxy in front is the fix, see docs/deploy.md)
        typer.secho(t("web.serve.exposed", lang, host=host), err=True, fg=typer.colors.YELLOW)
    if token is not None and not accounts:
        typer.echo(t("accounts.serve.token_on", lang), err=True)


def register(app: typer.Typer) -> None:
    """Add `magcheck serve` to the main app."""

    @app.command("serve")
    def serve(
        host: Annotated[
            str, typer.Option("--host", help="Interface to listen on (loopback by default).")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
        workers: Annotated[int, typer.Option("--workers", min=1, max=16, help="Worker processes.")] = 1,
        behind_proxy: Annotated[
            bool,
            typer.Option(
                "--behind-proxy",
                help="Trust X-Forwarded-Proto/-For from a reverse proxy on 127.0.0.1 (see docs/deploy.md).",
            ),
        ] = False,
        lang: LangOption = None,
    ) -> None:
        """Start the web app and REST API at http://HOST:PORT (Ctrl+C stops it).

        Beyond loopback only with an access token (MAGCHECK_TOKEN); see docs/api.md.
        """
        # lazy: uvicorn and the web stack add ≈ 180 ms of imports, which `magcheck --help` and an unknown
        # command (both build the whole command tree, cli/__init__.py) would otherwise pay
        import uvicorn

        from magcheck.web.guard import allow_serving_address  # lazy: the web stack, as for uvicorn above

        chosen = resolve_lang(lang)
        check_access(host, chosen)
        if not allow_serving_address(host):
            typer.secho(t("security.serve.name_hosts", chosen, host=host), err=True, fg=typer.colors.YELLOW)
        configure_logging()
        gc.enable()  # off for a command's short life (cli/__init__.py main); a server runs for days
        shown = f"[{host}]" if ":" in host else host
        typer.echo(t("web.serve.listening", chosen, url=f"http://{shown}:{port}"))
        uvicorn.run(
            "magcheck.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_config=None,
            server_header=False,
            # only a proxy on this machine may say the visitor used HTTPS (Secure cookies) and who they are
            proxy_headers=behind_proxy,
            forwarded_allow_ips="127.0.0.1,::1" if behind_proxy else None,
        )
