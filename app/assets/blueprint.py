"""Browser libraries installed from npm (package.json + lock file), served by the app."""
from pathlib import Path

from flask import Blueprint, abort, send_from_directory

bp = Blueprint("assets", __name__)

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: Public name -> file inside node_modules. Only these are served.
VENDOR_FILES = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
}


@bp.route("/vendor/<name>")
def vendor(name: str):
    relative = VENDOR_FILES.get(name)
    if relative is None or not (NODE_MODULES / relative).is_file():
        abort(404)
    path = NODE_MODULES / relative
    return send_from_directory(path.parent, path.name, max_age=86400)
