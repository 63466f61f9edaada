"""``python tests/readonly_python.py [-c CODE | -m MODULE | SCRIPT] ARGS...``: run Python with the
folder named by ``READONLY_TREE`` read-only, even as root: an audit hook refuses every write
into it (open for writing, mkdir, rename, remove, chmod…) with the PermissionError a read-only
file system gives. Used by tests/test_readonly_tree.py."""
import os
import runpy
import sys

TREE = os.path.realpath(os.environ["READONLY_TREE"])
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
CHANGES = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.chmod",
           "os.chown", "os.truncate", "os.utime", "shutil.copyfile", "shutil.rmtree"}


def _inside(path) -> bool:
    if isinstance(path, int):
        return False
    full = os.path.realpath(os.fsdecode(path))
    return full == TREE or full.startswith(TREE + os.sep)


def _hook(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = args
        writing = any(c in (mode or "") for c in "wax+") or bool((flags or 0) & WRITE_FLAGS)
        paths = [path] if writing else []
    elif event in CHANGES:
        paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    else:
        return
    for path in paths:
        if path is not None and _inside(path):
            raise PermissionError(30, "Read-only file system", os.fsdecode(path))


def main() -> None:
    sys.addaudithook(_hook)
    sys.path[0] = os.getcwd()  # as `python -c`/`-m` would have it, not this file's folder
    flag, *rest = sys.argv[1:]
    if flag == "-c":
        sys.argv = ["-c", *rest[1:]]
        exec(compile(rest[0], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 (the test's own code)
    elif flag == "-m":
        sys.argv = [rest[0], *rest[1:]]
        runpy.run_module(rest[0], run_name="__main__", alter_sys=True)
    else:
        sys.argv = [flag, *rest]
        runpy.run_path(flag, run_name="__main__")


if __name__ == "__main__":
    main()
