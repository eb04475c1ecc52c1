/*
 * series.c - the columnar time series that bars and ticks are made of: one
 * time column and up to BC_SERIES_MAX_COLUMNS value columns grown together,
 * and the CSV loop that fills one (row checks, time order, rejects summary).
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

int32_t bc_series_read_csv(const char *path, bc_column *columns, int32_t n_columns,
                           bc_series_row_fn parse_row, int strict, const char *unit,
                           bc_series *s, bc_rejects **rejects)
{
    bc_csv *c = NULL;
    int32_t header_count = 0;
    int32_t rc = bc_open_table(path, columns, n_columns, &c, &header_count, rejects);
    if (rc != BC_OK)
        return rc;
    bc_rejects *r = bc_rejects_new();
    if (!r) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        goto fail;
    }
    int64_t prev_line = 0;
    bc_csv_record rec;
    while ((rc = bc_csv_next(c, &rec)) > 0) {
        int32_t ok = bc_check_record(r, &rec, header_count);
        int64_t t = 0;
        double values[BC_SERIES_MAX_COLUMNS] = {0};
        if (ok == 1)
            ok = bc_cell_time(r, &rec, columns[0].index, columns[0].header_name, &t);
        if (ok == 1)
            ok = parse_row(r, &rec, columns, values);
        if (ok == 1)
            ok = check_time_order(r, &rec, s, strict, t, prev_line);
        if (ok < 0) {
            rc = ok;
            goto fail;
        }
        if (ok == 0)
            continue;
        if (s->n == INT32_MAX || !bc_series_reserve(s, s->n + 1)) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s line %lld: out of memory (%d %s)",
                         path, (long long)rec.line, (int)s->n, unit);
            goto fail;
        }
        int32_t i = s->n++;
        s->time[i] = t;
        for (int col = 0; col < s->width; col++)
            s->column[col][i] = values[col];
        prev_line = rec.line;
    }
    if (rc < 0)
        goto fail;
    bc_csv_close(c);
    return bc_finish_read(path, s->n, r, rejects);
fail:
    bc_csv_close(c);
    bc_rejects_free(r);
    return rc;
}
