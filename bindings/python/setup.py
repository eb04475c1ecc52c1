"""
setup.py - the PEP 517 build step (setuptools.build_meta) that builds
libbotcopier and the botcopier CLI with the repository's own Makefile and
copies them into the package, so `pip install ./bindings/python` works with
no BC_LIBRARY. It owns no compiler flags: the Makefile is the one build.
"""
import os
import shutil
import subprocess

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
ABI_VERSION = 1


def _source_root():
    # pip >= 21.3 builds in place, so the repository is two levels up;
    # BC_SOURCE_DIR names it when the package directory was copied elsewhere.
    root = os.environ.get("BC_SOURCE_DIR") or os.path.normpath(os.path.join(HERE, "..", ".."))
    if not os.path.exists(os.path.join(root, "include", "botcopier.h")):
        raise RuntimeError(
            "cannot find the libbotcopier sources at %s: build from a checkout of the "
            "repository (pip install ./bindings/python) or set BC_SOURCE_DIR to it" % root)
    return root


class BuildWithLibrary(build_py):
    """build_py that first runs `make lib` and bundles the results."""

    def run(self) -> None:
        super().run()
        if os.environ.get("BC_SKIP_NATIVE") == "1":
            return  # a pure-Python build: the library comes from BC_LIBRARY or the system
        root = _source_root()
        jobs = os.environ.get("BC_MAKE_JOBS", str(os.cpu_count() or 1))
        make = os.environ.get("MAKE", "make")
        args = [make, "-C", root, "-j" + jobs, "lib"]
        if os.environ.get("BC_MAKE_DEPS") != "1":
            args.append("NO_DEPS=1")  # system packages already installed (scripts/install-deps.sh)
        subprocess.check_call(args)
        dest = os.path.join(self.build_lib, "botcopier")
        built = os.path.join(root, "build")
        soname = "libbotcopier.so.%d" % ABI_VERSION
        # The SONAME link points at the versioned file; bundle the real bytes under the SONAME.
        shutil.copyfile(os.path.realpath(os.path.join(built, soname)), os.path.join(dest, soname))
        cli = os.path.join(dest, "_bin")
        os.makedirs(cli, exist_ok=True)
        shutil.copy2(os.path.join(built, "botcopier"), os.path.join(cli, "botcopier"))


class NativeDistribution(Distribution):
    """Marks the wheel as platform-specific (it carries a native .so), so
    it gets a linux_x86_64 tag that auditwheel can repair, not py3-none-any."""

    def has_ext_modules(self) -> bool:
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=NativeDistribution)
