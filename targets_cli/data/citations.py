"""Whether a URL can be cited: a source's or an outcome's `url` (one rule for both)."""

from __future__ import annotations

import re

from ..errors import shown, unsafe_characters

# One label of a public domain name, in ASCII (after IDNA): letters, digits, inner hyphens.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def url_problem(url: str) -> str | None:
    """What makes a URL unfit for a citation (None: it is well formed and public)."""
    from urllib.parse import urlsplit

    if unsafe_characters(url) or any(char.isspace() for char in url):
        return "holds a space or a control character"
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:
        return "is not a well-formed URL (its host or port cannot be read)"
    if parts.scheme not in ("http", "https") or not url.lower().startswith(parts.scheme + "://"):
        return "must start with http:// or https://"
    if not host:
        return "names no host"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password; cite the public address"
    if _is_ip(host):
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"has a host that is not a valid domain name: {shown(host)}"
    labels = ascii_host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"has a host that is not a public domain name: {shown(host)}"
    if labels[-1].isdigit():
        return f"has a host that is not a public domain name: {shown(host)}"
    return None


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
