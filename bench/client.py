"""HTTP helpers: one request, and a login through the real form."""

import http.client
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from common import CSRF_INPUT, DEMO_PASSWORD, HOST, LOGIN_PATH, REQUEST_TIMEOUT_S, BenchError


def http_request(
    port: int, method: str, path: str, *, cookie: str | None = None, form: str | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request(method, path, body=form, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _set_cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        cookies.update({name: morsel.value for name, morsel in parsed.items()})
    return cookies


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items() if value)


def login(port: int, username: str) -> str:
    """Log in through the real form and return the Cookie header of the session.

    With DEBUG off the cookies are marked Secure, which an HTTP client would refuse to
    send back over plain HTTP; the server does not check the flag, so sending them
    ourselves is enough.
    """
    status, headers, body = http_request(port, "GET", LOGIN_PATH)
    token = CSRF_INPUT.search(body.decode("utf-8", "replace"))
    if status != 200 or not token:
        raise BenchError(f"GET {LOGIN_PATH} answered HTTP {status} without a CSRF token")
    cookies = _set_cookies(headers)
    form = urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1]}
    )
    status, headers, _ = http_request(
        port, "POST", LOGIN_PATH, cookie=_cookie_header(cookies), form=form
    )
    # One attempt only: django-axes locks the account after a few failures.
    if status != 302 or headers.get("Location", "").startswith(LOGIN_PATH):
        raise BenchError(
            f"login as {username!r} failed (HTTP {status}); are the demo accounts seeded?"
        )
    cookies.update(_set_cookies(headers))
    return _cookie_header(cookies)
