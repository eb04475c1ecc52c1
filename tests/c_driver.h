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

/* A bars' series as arrays: n bars, their times, col[0..4] open, high,
 * low, close, volume. */
typedef struct {
    int32_t n;
    const int64_t *time;
    const double *col[5];
} c_driver_series;

static inline c_driver_series c_driver_series_of(const bc_bars *bars)
{
    c_driver_series s;
    s.n = bc_bars_length(bars);
    s.time = bc_bars_time(bars);
    for (int k = 0; k < 5; k++)
        s.col[k] = bc_bars_column(bars, k);
    return s;
}

/* A restarted EA, for a driver's main (after its own run, if any): reads
 * dir/restarts.txt (c_driver_restart_line's lines), resets the predictor
 * and for each line sets the position (unless none), prints "R sl tp" of
 * the levels it placed (hex), sets it flat again, then feeds the bar with
 * _observe. Returns 5 from main when the file is not there, 3 or 4 when a
 * call refuses. */
static inline void c_driver_put_restarts(FILE *f, const char *dir)
{
    fprintf(f, "    {\n        FILE *rf = fopen(\"%s/restarts.txt\", \"r\");\n"
            "        long long rt;\n        double ro, rh, rl, rc, rv, rprice;\n        int rdir, rheld;\n"
            "        if (!rf)\n            return 5;\n"
            "        clone_reset();\n        clone_set_auto_position(0);\n"
            "        while (fscanf(rf, \"%%d %%d %%la %%lld %%la %%la %%la %%la %%la\", &rdir, &rheld,\n"
            "                      &rprice, &rt, &ro, &rh, &rl, &rc, &rv) == 9) {\n"
            "            if (rdir != 9 && (!clone_set_position(rdir, rheld, rprice) ||\n"
            "                              printf(\"R %%a %%a\\n\", clone_sl, clone_tp) < 0 ||\n"
            "                              !clone_set_position(0, 0, 0.0)))\n"
            "                return 3;\n"
            "            if (clone_observe(rt, ro, rh, rl, rc, rv) != 1)\n                return 4;\n"
            "        }\n        fclose(rf);\n    }\n",
            dir);
}

/* A line of dir/restarts.txt: the position to set before bar i of s
 * (direction 9: none), then the bar. */
static inline void c_driver_restart_line(FILE *f, int dir, int held, double price,
                                         const c_driver_series *s, int32_t i)
{
    fprintf(f, "%d %d %a %lld %a %a %a %a %a\n", dir, held, price, (long long)s->time[i],
            s->col[0][i], s->col[1][i], s->col[2][i], s->col[3][i], s->col[4][i]);
}

static inline void c_driver_remove(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

#endif
