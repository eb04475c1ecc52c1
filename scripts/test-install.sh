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
cc -std=c99 -Wall -Werror -o "$stage/hello" examples/hello.c \
    $(pkg-config --cflags --libs botcopier)
LD_LIBRARY_PATH="$root/lib" "$stage/hello"
[ -L "$root/lib/libbotcopier.so" ] && [ -x "$root/bin/botcopier" ]
$MAKE --no-print-directory -s uninstall DESTDIR="$stage" PREFIX="$prefix" >/dev/null
left=$(find "$root" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "install: uninstall left $left files" >&2; exit 1; }
echo "install: pkg-config build of examples/hello.c against the installed copy ok; uninstall clean"
