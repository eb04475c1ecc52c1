#!/bin/sh
# Installs into a temporary DESTDIR, builds examples/hello.c against the
# installed copy through pkg-config only, runs it, then uninstalls and checks
# nothing is left. Called by `make check`.
set -eu
MAKE=${MAKE:-make}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
prefix=/opt/botcopier-test
$MAKE --no-print-directory -s install DESTDIR="$stage" PREFIX="$prefix" >/dev/null
root="$stage$prefix"
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
# Every example, C and C++, builds from the installed files alone and runs
# (from the repo root, where the examples find tests/data).
built=""
for src in examples/*.c examples/*.cpp; do
    [ -f "$src" ] || continue
    name=$(basename "$src"); name=${name%.*}
    case "$src" in
        *.c) cc -std=c99 -Wall -Werror -o "$stage/$name" "$src" \
                 $(pkg-config --cflags --libs botcopier) ;;
        *.cpp) c++ -std=c++11 -Wall -Werror -o "$stage/$name" "$src" \
                   $(pkg-config --cflags --libs botcopier) ;;
    esac
    LD_LIBRARY_PATH="$root/lib" "$stage/$name" >/dev/null
    built="$built $name"
done
[ -L "$root/lib/libbotcopier.so" ] && [ -x "$root/bin/botcopier" ]
$MAKE --no-print-directory -s uninstall DESTDIR="$stage" PREFIX="$prefix" >/dev/null
left=$(find "$root" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "install: uninstall left $left files" >&2; exit 1; }
echo "install: examples built through pkg-config against the installed copy and run:$built; uninstall clean"
