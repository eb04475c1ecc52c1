"""
_cli.py - the `botcopier` console entry point: runs the native CLI bundled in
the package (botcopier/_bin/botcopier, built by setup.py) with the same
arguments. It owns no command of its own and never re-parses arguments.
"""
import os
import sys


def cli_path() -> str:
    """Path of the native botcopier CLI shipped inside this package."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bin", "botcopier")


def main() -> None:
    """Replaces this process with the bundled native CLI (same argv, same exit status)."""
    path = cli_path()
    if not os.access(path, os.X_OK):
        sys.stderr.write("botcopier: the native CLI is not in this package (%s); install the "
                         "package with `pip install ./bindings/python` from a checkout, which "
                         "builds it\n" % path)
        sys.exit(127)
    # `botcopier report` runs Python again: this interpreter (the venv's), not
    # whichever python3 comes first on PATH.
    os.environ.setdefault("BOTCOPIER_PYTHON", sys.executable)
    os.execv(path, [path] + sys.argv[1:])


if __name__ == "__main__":
    main()
