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
    bc_series s;
};

void bc_bars_free(bc_bars *bars)
{
    if (!bars)
        return;
    bc_series_release(&bars->s);
    free(bars);
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

/* The cells after time: close first, as the fallback of open, high, low. */
static int32_t bar_row(bc_rejects *r, const bc_csv_record *rec, const bc_column *cols,
                       double *v)
{
    int32_t ok = price_cell(r, rec, cols[4].index, "close", 0, 0.0, &v[BC_BAR_CLOSE]);
    double cl = v[BC_BAR_CLOSE];
    if (ok == 1)
        ok = price_cell(r, rec, cols[1].index, "open", 1, cl, &v[BC_BAR_OPEN]);
    if (ok == 1)
        ok = price_cell(r, rec, cols[2].index, "high", 1, cl, &v[BC_BAR_HIGH]);
    if (ok == 1)
        ok = price_cell(r, rec, cols[3].index, "low", 1, cl, &v[BC_BAR_LOW]);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[5].index, "volume", 1, 0.0, &v[BC_BAR_VOLUME]);
    if (ok == 1 && v[BC_BAR_VOLUME] < 0.0)
        ok = bc_reject_row(r, rec, "column 'volume' is %g, expected >= 0", v[BC_BAR_VOLUME]);
    if (ok == 1 && v[BC_BAR_HIGH] < v[BC_BAR_LOW])
        ok = bc_reject_row(r, rec, "high %.10g is below low %.10g", v[BC_BAR_HIGH],
                           v[BC_BAR_LOW]);
    return ok;
}

int32_t bc_bars_read_csv(const char *path, bc_bars **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail_null("bc_bars_read_csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_column cols[] = {
        {bc_time_column_names, 1, -1, ""}, {open_names, 0, -1, ""}, {high_names, 0, -1, ""},
        {low_names, 0, -1, ""},            {close_names, 1, -1, ""}, {volume_names, 0, -1, ""},
    };
    bc_bars *b = calloc(1, sizeof *b);
    if (!b)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    b->s.width = 5;
    int32_t rc = bc_series_read_csv(path, cols, 6, bar_row, 1, "bars", &b->s, rejects);
    if (rc != BC_OK) {
        bc_bars_free(b);
        return rc;
    }
    *out = b;
    return BC_OK;
}

int32_t bc_bars_from_arrays(int32_t n, const int64_t *time, const double *open,
                            const double *high, const double *low,
                            const double *close, const double *volume,
                            bc_bars **out)
{
    if (out)
        *out = NULL;
    if (!time || !close || !out)
        return bc_fail_null("bc_bars_from_arrays", "time", (const void *)time, "close",
                           (const void *)close, "out", (const void *)out, (const char *)NULL);
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
    if (b)
        b->s.width = 5;
    if (!b || !bc_series_reserve(&b->s, n)) {
        bc_bars_free(b);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_bars_from_arrays: out of memory (%d bars)",
                       (int)n);
    }
    b->s.n = n;
    memcpy(b->s.time, time, sizeof *time * (size_t)n);
    for (int c = 0; c < 5; c++) {
        const double *s = src[c] ? src[c] : (c < 4 ? close : NULL);
        if (s)
            memcpy(b->s.column[c], s, sizeof *s * (size_t)n);
        else
            memset(b->s.column[c], 0, sizeof(double) * (size_t)n);
    }
    *out = b;
    return BC_OK;
}

int32_t bc_bars_length(const bc_bars *bars) { return bars ? bars->s.n : 0; }

const int64_t *bc_bars_time(const bc_bars *bars) { return bars ? bars->s.time : NULL; }

const double *bc_bars_column(const bc_bars *bars, int32_t column)
{
    if (!bars || column < BC_BAR_OPEN || column > BC_BAR_VOLUME)
        return NULL;
    return bars->s.column[column];
}
