/*
 * series.c - the columnar time series that bars and ticks are made of: one
 * time column and up to BC_SERIES_MAX_COLUMNS value columns grown together,
 * and the row step that fills one from CSV (time cell, time order, growth).
 * What a row's cells mean stays with bars.c and ticks.c.
 */
#include "data/data.h"

#include <stdlib.h>

void bc_series_release(bc_series *s)
{
    free(s->time);
    for (int i = 0; i < s->width; i++)
        free(s->column[i]);
}

int bc_series_reserve(bc_series *s, int32_t need)
{
    if (need <= s->capacity)
        return 1;
    int64_t cap = s->capacity ? (int64_t)s->capacity * 2 : 1024;
    while (cap < need)
        cap *= 2;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    int64_t *t = realloc(s->time, sizeof *t * (size_t)cap);
    if (!t)
        return 0;
    s->time = t;
    for (int i = 0; i < s->width; i++) {
        double *c = realloc(s->column[i], sizeof *c * (size_t)cap);
        if (!c)
            return 0;
        s->column[i] = c;
    }
    s->capacity = (int32_t)cap;
    return 1;
}

/* Rejects a row whose time goes back (or, when strict, repeats). */
static int32_t check_time_order(bc_rejects *r, const bc_csv_record *rec,
                                const bc_series *s, int strict, int64_t t,
                                int64_t prev_line)
{
    if (s->n == 0)
        return 1;
    int64_t prev = s->time[s->n - 1];
    if (strict ? t > prev : t >= prev)
        return 1;
    char now[24], before[24];
    bc_time_format(t, BC_TIME_ISO, now, sizeof now, NULL);
    bc_time_format(prev, BC_TIME_ISO, before, sizeof before, NULL);
    return bc_reject_row(r, rec,
                         strict ? "time %s is not after the previous row's %s (line %lld)"
                                : "time %s is before the previous row's %s (line %lld)",
                         now, before, (long long)prev_line);
}

typedef struct series_reader {
    bc_series *s;
    bc_series_row_fn parse_row;
    int strict;
    const char *path, *unit;
    int64_t prev_line;
} series_reader;

static int32_t series_row(void *reader, bc_rejects *r, const bc_csv_record *rec,
                          const bc_column *columns)
{
    series_reader *sr = reader;
    bc_series *s = sr->s;
    int64_t t = 0;
    double values[BC_SERIES_MAX_COLUMNS] = {0};
    int32_t ok = bc_cell_time(r, rec, columns[0].index, columns[0].header_name, &t);
    if (ok == 1)
        ok = sr->parse_row(r, rec, columns, values);
    if (ok == 1)
        ok = check_time_order(r, rec, s, sr->strict, t, sr->prev_line);
    if (ok != 1)
        return ok;
    if (s->n == INT32_MAX || !bc_series_reserve(s, s->n + 1))
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s line %lld: out of memory (%d %s)",
                       sr->path, (long long)rec->line, (int)s->n, sr->unit);
    int32_t i = s->n++;
    s->time[i] = t;
    for (int col = 0; col < s->width; col++)
        s->column[col][i] = values[col];
    sr->prev_line = rec->line;
    return 1;
}

int32_t bc_series_read_csv(const char *path, bc_column *columns, int32_t n_columns,
                           bc_series_row_fn parse_row, int strict, const char *unit,
                           bc_series *s, bc_rejects **rejects)
{
    series_reader sr = {s, parse_row, strict, path, unit, 0};
    return bc_read_table(path, columns, n_columns, series_row, &sr, rejects);
}
