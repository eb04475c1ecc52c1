#!/bin/sh
# Checks botcopier.dll: only bc_* symbols exported, every BC_API function the
# DLL carries is declared in include/botcopier.h and every bc_mql_* one is
# exported, only Windows' own DLLs imported, BotCopier.mqh agrees with the
# header, and (when wine is present) the MQL5-style harness passes.
# Usage: scripts/check-dll.sh WIN_BUILD_DIR   (env: WIN_OBJDUMP, WINE,
# WINEPREFIX, REFERENCE = the Linux win_reference program, CLI = the Linux
# botcopier CLI, WIN_CC = the mingw-w64 compiler for the generated C)
set -eu

dir=$1
dll=$dir/botcopier.dll
objdump=${WIN_OBJDUMP:-x86_64-w64-mingw32-objdump}
fail=0

"$objdump" -p "$dll" > "$dir/objdump.txt"

# Export names: the rows of the "[Ordinal/Name Pointer] Table".
awk '/\[Ordinal\/Name Pointer\] Table/ {t = 1; next}
     t && /^[ \t]*\[ *[0-9]+\] / {print $NF; next}
     t && NF == 0 {t = 0}' "$dir/objdump.txt" | LC_ALL=C sort > "$dir/exports.txt"
sed -n 's/^BC_API .*[ *]\(bc_[a-z0-9_]*\)(.*/\1/p' include/botcopier.h |
    LC_ALL=C sort > "$dir/declared.txt"

n_exports=$(wc -l < "$dir/exports.txt")
if [ "$n_exports" -eq 0 ]; then
    echo "dll: FAIL: no exports found in $dll"; fail=1
fi
bad=$(grep -v '^bc_' "$dir/exports.txt" || true)
if [ -n "$bad" ]; then
    echo "dll: FAIL: exports outside bc_*:"; echo "$bad"; fail=1
fi
undeclared=$(LC_ALL=C comm -23 "$dir/exports.txt" "$dir/declared.txt")
if [ -n "$undeclared" ]; then
    echo "dll: FAIL: exported but not declared in include/botcopier.h:"; echo "$undeclared"; fail=1
fi
missing_mql=$(grep '^bc_mql_' "$dir/declared.txt" | LC_ALL=C comm -23 - "$dir/exports.txt")
if [ -n "$missing_mql" ]; then
    echo "dll: FAIL: bc_mql_* declared but not exported:"; echo "$missing_mql"; fail=1
fi

# Imports: Windows system DLLs only (no libwinpthread, libgcc_s, ...).
sed -n 's/^[ \t]*DLL Name: //p' "$dir/objdump.txt" > "$dir/imports.txt"
foreign=$(grep -viE '^(kernel32|msvcrt|ucrtbase|ntdll|advapi32|user32|bcrypt|ws2_32)\.dll$|^api-ms-win-' \
    "$dir/imports.txt" || true)
if [ -n "$foreign" ]; then
    echo "dll: FAIL: imports non-system DLLs:"; echo "$foreign"; fail=1
fi
[ "$fail" = 0 ] && echo "dll: $n_exports exports, all bc_* and declared; imports $(tr '\n' ' ' < "$dir/imports.txt")"

# The MQL5 #import block must match the header's bc_mql_* prototypes, its
# constants the header's values, and the EA use only constants it defines.
${PYTHON:-python3} scripts/check_mqh.py include/botcopier.h \
    bindings/mql5/Include/BotCopier/BotCopier.mqh \
    bindings/mql5/Experts/BotCopierClone.mq5 || fail=1

# Wine harness.
if [ -z "${WINE:-}" ]; then
    echo "dll: harness SKIPPED: wine not found (scripts/install-deps.sh --dll installs wine64)"
    # On CI the install script provides wine: a skip there hides a broken
    # install step, so it fails.
    if [ "${CI:-}" = true ]; then
        echo "dll: FAILED: the harness must run on CI (CI=true)"
        fail=1
    fi
else
    # The model `botcopier clone` writes with its default options must load
    # in the DLL (no zstd there): the harness loads this one.
    rm -rf "$dir/cli_clone"
    "$CLI" clone --trades tests/data/bots/donchian_atr_eurusd_trades_raw.csv \
        --bars tests/data/bots/eurusd_1h.csv --time-zone UTC+02:00 --out "$dir/cli_clone" \
        --quiet > "$dir/cli_clone.log" 2>&1 || { cat "$dir/cli_clone.log"; fail=1; }
    "$REFERENCE" "$dir/reference.txt" || fail=1
    export WINEPREFIX WINEDEBUG=-all
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
        echo "dll: creating the wine prefix $WINEPREFIX (first run only)"
        mkdir -p "$WINEPREFIX"
        "$WINE" wineboot >/dev/null 2>&1 || true
    fi
    if (cd "$dir" && "$WINE" test_dll.exe reference.txt); then
        :
    else
        echo "dll: FAIL: wine harness"; fail=1
    fi
    # The generated MQL5's C twin (time encodings) built with mingw-w64 and
    # run on msvcrt: the engine's bits on every bar (win_reference wrote the
    # source, the bars and Linux's values). Text-mode stdout adds CRs.
    gen=$dir/generated_time
    if "${WIN_CC:-x86_64-w64-mingw32-gcc}" -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Werror \
            -D__USE_MINGW_ANSI_STDIO=1 -static -o "$gen.exe" "$gen.c" &&
        (cd "$dir" && "$WINE" generated_time.exe < generated_time_bars.txt \
            > generated_time_out.txt 2> generated_time_err.txt) &&
        tr -d '\r' < "$gen"_out.txt | cmp -s - "$gen"_expected.txt; then
        echo "dll: generated C (mingw-w64, msvcrt) time encodings bit-identical to Linux on" \
            "$(wc -l < "$gen"_expected.txt) bars; $(tr -d '\r' < "$gen"_err.txt)"
    else
        echo "dll: FAIL: generated C time encodings under wine differ from Linux (see $gen*)"
        fail=1
    fi
fi
exit "$fail"
