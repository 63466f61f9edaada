"""Which address phones in the room should use, found without the internet."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

# Never contacted: "connecting" a UDP socket sends nothing, it only asks the kernel which local
# address it would route from. A private and a documentation address, so no internet is needed.
_PROBES = ("10.255.255.255", "192.0.2.1")
ALL_INTERFACES = ("0.0.0.0", "::", "")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    """True when ``url`` points at the machine that opens it: a phone can't reach it."""
    return is_loopback_host(urlsplit(url).hostname)


def lan_address() -> str | None:
    """This machine's address on the local network, or None when it has none (offline laptop)."""
    for probe in _PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
        except OSError:
            continue
        if not is_loopback_host(address) and address != "0.0.0.0":
            return address
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if is_loopback_host(address) else address


def startup_message(host: str, port: int, public_url: str | None, lan: str | None = None) -> str:
    """What ``python wsgi.py`` prints: where it listens and the address phones should use."""
    shown = "127.0.0.1" if host in ALL_INTERFACES else host
    lines = [f"Common Ground is running on http://{shown}:{port}"]
    if public_url:
        lines.append(f"Join links and QR codes use PUBLIC_URL: {public_url}")
        return "\n".join(lines)
    if is_loopback_host(host):
        lines.append(f"Only this computer can open it (HOST={host}). To let phones in the room join, "
                     f"restart with: HOST=0.0.0.0 make run")
        if lan:
            lines.append(f"then phones join at http://{lan}:{port} (open the console at that address too, "
                         f"or set PUBLIC_URL=http://{lan}:{port})")
    elif lan and host in ALL_INTERFACES:
        lines.append(f"Phones in the room join at http://{lan}:{port} — open the console at that address, "
                     f"or set PUBLIC_URL=http://{lan}:{port}, so the QR code points there")
    elif host not in ALL_INTERFACES:
        lines.append(f"Phones join at http://{host}:{port}")
    else:
        lines.append("No network address found: connect this computer to the room's Wi-Fi for phones to join")
    return "\n".join(lines)
