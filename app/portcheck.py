"""``python -m app.portcheck HOST PORT``: fail clearly when the port is already taken."""
import socket
import sys


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    host = argv[1]
    try:
        port = int(argv[2])
    except ValueError:
        print(f"PORT={argv[2]!r} is not a whole number; set e.g. PORT=5000", file=sys.stderr)
        return 1
    if port_is_free(host, port):
        return 0
    print(f"Port {port} on {host} is already in use by another program.\n"
          f"Stop that program, or choose another port, e.g.: PORT=5001 make run", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
