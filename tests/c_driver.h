/*
 * c_driver.h - for the export suites: a scratch directory holding a C
 * driver around generated source (driver.c) and its input, compiled with
 * $CC the way MQL5 rounds and run once; removed afterwards.
 */
#ifndef BC_C_DRIVER_H
#define BC_C_DRIVER_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "botcopier.h"

/* Opens dir/name with mode; fails the test when it cannot. */
static inline FILE *c_driver_file(const char *dir, const char *name, const char *mode)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    ck_assert_msg(f != NULL, "cannot open %s", path);
    return f;
}

/* Compiles dir/driver.c, runs it on dir/input and returns dir/output opened
 * for reading. -ffp-contract=off: the generated code rounds as MQL5 does
 * (no fused multiply-add). */
static inline FILE *c_driver_run(const char *dir, const char *input, const char *output)
{
    char cmd[2048];
    const char *cc = getenv("CC") ? getenv("CC") : "cc";
    snprintf(cmd, sizeof cmd,
             "%s -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Werror -o %s/driver %s/driver.c -lm "
             "&& %s/driver < %s/%s > %s/%s", cc, dir, dir, dir, dir, input, dir, output);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
    return c_driver_file(dir, output, "r");
}

/* Writes bars to dir/name, one "time open high low close volume" line per
 * bar (%lld and hex doubles: the driver reads them back to the bit). */
static inline void c_driver_write_bars(const char *dir, const char *name, const bc_bars *bars)
{
    const int32_t n = bc_bars_length(bars);
    const int64_t *time = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    FILE *f = c_driver_file(dir, name, "w");
    for (int32_t i = 0; i < n; i++)
        fprintf(f, "%lld %a %a %a %a %a\n", (long long)time[i], col[0][i], col[1][i], col[2][i],
                col[3][i], col[4][i]);
    ck_assert_int_eq(fclose(f), 0);
}

static inline void c_driver_remove(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

#endif
