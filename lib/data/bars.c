/*
 * bars.c - OHLCV bar series: the CSV reader and the array constructor.
 * A bc_bars is immutable after construction, with strictly increasing times
 * and finite positive prices, so later layers never re-check them.
 */
#include "data/data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct bc_bars {
    int32_t n, capacity;
    int64_t *time;
    double *column[5];
};

static void bars_release(bc_bars *b)
{
    if (!b)
        return;
    free(b->time);
    for (int i = 0; i < 5; i++)
        free(b->column[i]);
    free(b);
}

void bc_bars_free(bc_bars *bars) { bars_release(bars); }

static int bars_reserve(bc_bars *b, int32_t need)
{
    if (need <= b->capacity)
        return 1;
    int64_t cap = b->capacity ? (int64_t)b->capacity * 2 : 1024;
    while (cap < need)
        cap *= 2;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    int64_t *t = realloc(b->time, sizeof *t * (size_t)cap);
    if (!t)
        return 0;
    b->time = t;
    for (int i = 0; i < 5; i++) {
        double *c = realloc(b->column[i], sizeof *c * (size_t)cap);
        if (!c)
            return 0;
        b->column[i] = c;
    }
    b->capacity = (int32_t)cap;
    return 1;
}

static const char *const open_names[] = {"open", NULL};
static const char *const high_names[] = {"high", NULL};
static const char *const low_names[] = {"low", NULL};
static const char *const close_names[] = {"close", NULL};
static const char *const volume_names[] = {"volume", NULL};

/* Parses one price cell: absent or empty -> fallback (close), otherwise a
 * finite number > 0. */
static int32_t price_cell(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                          const char *name, int empty_ok, double fallback,
                          double *out)
{
    int32_t ok = bc_cell_double(r, rec, index, name, empty_ok, fallback, out);
    if (ok != 1)
        return ok;
    if (!(*out > 0.0)) {
        char shown[BC_SHOWN];
        return bc_reject_row(r, rec, "column '%s' is '%s', expected a price > 0",
                             name, bc_quote_for_message(rec->fields[index], shown,
                                                        sizeof shown));
    }
    return 1;
}

int32_t bc_bars_read_csv(const char *path, bc_bars **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bars_read_csv: NULL path or output");
    *out = NULL;
    bc_column cols[] = {
        {bc_time_column_names, 1, -1, ""}, {open_names, 0, -1, ""}, {high_names, 0, -1, ""},
        {low_names, 0, -1, ""},            {close_names, 1, -1, ""}, {volume_names, 0, -1, ""},
    };
    bc_csv *c = NULL;
    int32_t header_count = 0;
    int32_t rc = bc_open_table(path, cols, 6, &c, &header_count, rejects);
    if (rc != BC_OK)
        return rc;
    bc_bars *b = calloc(1, sizeof *b);
    bc_rejects *r = bc_rejects_new();
    if (!b || !r) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        goto fail;
    }
    int64_t prev_line = 0;
    bc_csv_record rec;
    while ((rc = bc_csv_next(c, &rec)) > 0) {
        int32_t ok = bc_check_record(r, &rec, header_count);
        int64_t t = 0;
        double o = 0, h = 0, l = 0, cl = 0, v = 0;
        if (ok == 1)
            ok = bc_cell_time(r, &rec, cols[0].index, cols[0].header_name, &t);
        if (ok == 1)
            ok = price_cell(r, &rec, cols[4].index, "close", 0, 0.0, &cl);
        if (ok == 1)
            ok = price_cell(r, &rec, cols[1].index, "open", 1, cl, &o);
        if (ok == 1)
            ok = price_cell(r, &rec, cols[2].index, "high", 1, cl, &h);
        if (ok == 1)
            ok = price_cell(r, &rec, cols[3].index, "low", 1, cl, &l);
        if (ok == 1)
            ok = bc_cell_double(r, &rec, cols[5].index, "volume", 1, 0.0, &v);
        if (ok == 1 && v < 0.0)
            ok = bc_reject_row(r, &rec, "column 'volume' is %g, expected >= 0", v);
        if (ok == 1 && h < l)
            ok = bc_reject_row(r, &rec, "high %.10g is below low %.10g", h, l);
        if (ok == 1 && b->n > 0 && t <= b->time[b->n - 1]) {
            char now[24], before[24];
            bc_time_format(t, BC_TIME_ISO, now, sizeof now, NULL);
            bc_time_format(b->time[b->n - 1], BC_TIME_ISO, before, sizeof before, NULL);
            ok = bc_reject_row(r, &rec,
                               "time %s is not after the previous row's %s (line %lld)",
                               now, before, (long long)prev_line);
        }
        if (ok < 0) {
            rc = ok;
            goto fail;
        }
        if (ok == 0)
            continue;
        if (b->n == INT32_MAX || !bars_reserve(b, b->n + 1)) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s line %lld: out of memory (%d bars)",
                         path, (long long)rec.line, (int)b->n);
            goto fail;
        }
        int32_t i = b->n++;
        b->time[i] = t;
        b->column[BC_BAR_OPEN][i] = o;
        b->column[BC_BAR_HIGH][i] = h;
        b->column[BC_BAR_LOW][i] = l;
        b->column[BC_BAR_CLOSE][i] = cl;
        b->column[BC_BAR_VOLUME][i] = v;
        prev_line = rec.line;
    }
    if (rc < 0)
        goto fail;
    bc_csv_close(c);
    rc = bc_finish_read(path, b->n, r, rejects);
    if (rc != BC_OK) {
        bars_release(b);
        return rc;
    }
    *out = b;
    return BC_OK;
fail:
    bc_csv_close(c);
    bars_release(b);
    bc_rejects_free(r);
    return rc;
}

int32_t bc_bars_from_arrays(int32_t n, const int64_t *time, const double *open,
                            const double *high, const double *low,
                            const double *close, const double *volume,
                            bc_bars **out)
{
    if (out)
        *out = NULL;
    if (!time || !close || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_bars_from_arrays: time, close and out are required");
    if (n < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bars_from_arrays: n is %d", (int)n);
    if (n == 0)
        return bc_fail(BC_E_NO_DATA, "bc_bars_from_arrays: no bars (n is 0)");
    const double *src[5] = {open, high, low, close, volume};
    static const char *const names[5] = {"open", "high", "low", "close", "volume"};
    for (int32_t i = 0; i < n; i++) {
        for (int c = 0; c < 5; c++) {
            if (!src[c])
                continue;
            double v = src[c][i];
            if (!isfinite(v))
                return bc_fail(BC_E_NUMERIC, "bc_bars_from_arrays: %s[%d] is %g",
                               names[c], (int)i, v);
            if (c < 4 ? !(v > 0.0) : v < 0.0)
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "bc_bars_from_arrays: %s[%d] is %g, expected %s",
                               names[c], (int)i, v, c < 4 ? "> 0" : ">= 0");
        }
        double h = high ? high[i] : close[i], l = low ? low[i] : close[i];
        if (h < l)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_bars_from_arrays: high[%d] %g is below low[%d] %g",
                           (int)i, h, (int)i, l);
        if (i > 0 && time[i] <= time[i - 1])
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_bars_from_arrays: time[%d] %lld is not after time[%d] %lld",
                           (int)i, (long long)time[i], (int)i - 1, (long long)time[i - 1]);
    }
    bc_bars *b = calloc(1, sizeof *b);
    if (!b || !bars_reserve(b, n)) {
        bars_release(b);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_bars_from_arrays: out of memory (%d bars)",
                       (int)n);
    }
    b->n = n;
    memcpy(b->time, time, sizeof *time * (size_t)n);
    for (int c = 0; c < 5; c++) {
        const double *s = src[c] ? src[c] : (c < 4 ? close : NULL);
        if (s)
            memcpy(b->column[c], s, sizeof *s * (size_t)n);
        else
            memset(b->column[c], 0, sizeof(double) * (size_t)n);
    }
    *out = b;
    return BC_OK;
}

int32_t bc_bars_length(const bc_bars *bars) { return bars ? bars->n : 0; }

const int64_t *bc_bars_time(const bc_bars *bars) { return bars ? bars->time : NULL; }

const double *bc_bars_column(const bc_bars *bars, int32_t column)
{
    if (!bars || column < BC_BAR_OPEN || column > BC_BAR_VOLUME)
        return NULL;
    return bars->column[column];
}
