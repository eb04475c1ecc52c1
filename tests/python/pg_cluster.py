"""
pg_cluster.py - a throwaway PostgreSQL server for the lifecycle tests: initdb
in a temporary folder, pg_ctl on a free loopback port, trust authentication
for one user, fsync off (nothing here must survive a power cut). As root the
server runs as the 'postgres' user (or 'nobody'), since PostgreSQL refuses to
run as root. Binaries come from Debian's postgresql package
(scripts/install-deps.sh installs it).
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from typing import List, Optional


def _bindir() -> Optional[str]:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def unavailable_reason() -> Optional[str]:
    """Why no cluster can be started here, or None."""
    if _bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed: " \
               "scripts/install-deps.sh installs Debian's postgresql"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser to start PostgreSQL as another user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One PostgreSQL server; url(db) names a database on it."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.dir = tempfile.mkdtemp(prefix="bc-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    pass
            os.chmod(self.dir, 0o755)
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self._run(["initdb", "-D", self.data, "-U", "bc", "--auth=trust", "-E", "UTF8",
                   "--no-sync", "--no-instructions"])
        self.start()

    def _cmd(self, args: List[str]) -> List[str]:
        cmd = [os.path.join(self.bindir, args[0])] + args[1:]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--"] + cmd
        return cmd

    def _run(self, args: List[str]) -> None:
        p = subprocess.run(self._cmd(args), capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError("%s failed: %s%s" % (args[0], p.stdout, p.stderr))

    def start(self) -> None:
        opts = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                % (self.port, self.dir))
        self._run(["pg_ctl", "-D", self.data, "-o", opts, "-l", self.log, "-w", "start"])

    def stop(self, mode: str = "fast") -> None:
        self._run(["pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])

    def url(self, db: str = "postgres") -> str:
        return "postgresql://bc@127.0.0.1:%d/%s" % (self.port, db)

    def psql(self, sql: str, db: str = "postgres") -> str:
        psql = os.path.join(self.bindir, "psql")
        p = subprocess.run([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
                            self.url(db), "-c", sql], capture_output=True, text=True,
                           timeout=60)
        if p.returncode != 0:
            raise RuntimeError("psql: %s" % p.stderr)
        return p.stdout

    def create_database(self, name: str) -> str:
        self.psql("CREATE DATABASE %s" % name)
        return self.url(name)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except Exception:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
