/*
 * ticks.c - quote series (time, bid, ask, last, volume) read from CSV.
 * Immutable after reading; times never go backwards and ask >= bid > 0.
 */
#include "data/data.h"

#include <math.h>
#include <stdlib.h>

struct bc_ticks {
    int32_t n, capacity;
    int64_t *time;
    double *column[4];
};

void bc_ticks_free(bc_ticks *ticks)
{
    if (!ticks)
        return;
    free(ticks->time);
    for (int i = 0; i < 4; i++)
        free(ticks->column[i]);
    free(ticks);
}

static int ticks_reserve(bc_ticks *k, int32_t need)
{
    if (need <= k->capacity)
        return 1;
    int64_t cap = k->capacity ? (int64_t)k->capacity * 2 : 1024;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    int64_t *t = realloc(k->time, sizeof *t * (size_t)cap);
    if (!t)
        return 0;
    k->time = t;
    for (int i = 0; i < 4; i++) {
        double *c = realloc(k->column[i], sizeof *c * (size_t)cap);
        if (!c)
            return 0;
        k->column[i] = c;
    }
    k->capacity = (int32_t)cap;
    return 1;
}

static const char *const bid_names[] = {"bid", NULL};
static const char *const ask_names[] = {"ask", NULL};
static const char *const last_names[] = {"last", NULL};
static const char *const volume_names[] = {"volume", NULL};

static int32_t positive(bc_rejects *r, const bc_csv_record *rec, const char *name,
                        double v)
{
    if (v > 0.0 || isnan(v))
        return 1;
    return bc_reject_row(r, rec, "column '%s' is %g, expected a price > 0", name, v);
}

int32_t bc_ticks_read_csv(const char *path, bc_ticks **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_ticks_read_csv: NULL path or output");
    *out = NULL;
    bc_column cols[] = {
        {bc_time_column_names, 1, -1, ""}, {bid_names, 1, -1, ""},    {ask_names, 1, -1, ""},
        {last_names, 0, -1, ""},           {volume_names, 0, -1, ""},
    };
    bc_csv *c = NULL;
    int32_t header_count = 0;
    int32_t rc = bc_open_table(path, cols, 5, &c, &header_count, rejects);
    if (rc != BC_OK)
        return rc;
    bc_ticks *k = calloc(1, sizeof *k);
    bc_rejects *r = bc_rejects_new();
    if (!k || !r) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        goto fail;
    }
    int64_t prev_line = 0;
    bc_csv_record rec;
    while ((rc = bc_csv_next(c, &rec)) > 0) {
        int32_t ok = bc_check_record(r, &rec, header_count);
        int64_t t = 0;
        double bid = 0, ask = 0, last = NAN, vol = 0;
        if (ok == 1)
            ok = bc_cell_time(r, &rec, cols[0].index, cols[0].header_name, &t);
        if (ok == 1)
            ok = bc_cell_double(r, &rec, cols[1].index, "bid", 0, 0.0, &bid);
        if (ok == 1)
            ok = bc_cell_double(r, &rec, cols[2].index, "ask", 0, 0.0, &ask);
        if (ok == 1)
            ok = bc_cell_double(r, &rec, cols[3].index, "last", 1, NAN, &last);
        if (ok == 1)
            ok = bc_cell_double(r, &rec, cols[4].index, "volume", 1, 0.0, &vol);
        if (ok == 1)
            ok = positive(r, &rec, "bid", bid);
        if (ok == 1)
            ok = positive(r, &rec, "ask", ask);
        if (ok == 1)
            ok = positive(r, &rec, "last", last);
        if (ok == 1 && vol < 0.0)
            ok = bc_reject_row(r, &rec, "column 'volume' is %g, expected >= 0", vol);
        if (ok == 1 && ask < bid)
            ok = bc_reject_row(r, &rec, "ask %.10g is below bid %.10g", ask, bid);
        if (ok == 1 && k->n > 0 && t < k->time[k->n - 1]) {
            char now[24], before[24];
            bc_time_format(t, BC_TIME_ISO, now, sizeof now, NULL);
            bc_time_format(k->time[k->n - 1], BC_TIME_ISO, before, sizeof before, NULL);
            ok = bc_reject_row(r, &rec, "time %s is before the previous row's %s (line %lld)",
                               now, before, (long long)prev_line);
        }
        if (ok < 0) {
            rc = ok;
            goto fail;
        }
        if (ok == 0)
            continue;
        if (k->n == INT32_MAX || !ticks_reserve(k, k->n + 1)) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s line %lld: out of memory (%d ticks)",
                         path, (long long)rec.line, (int)k->n);
            goto fail;
        }
        int32_t i = k->n++;
        k->time[i] = t;
        k->column[BC_TICK_BID][i] = bid;
        k->column[BC_TICK_ASK][i] = ask;
        k->column[BC_TICK_LAST][i] = last;
        k->column[BC_TICK_VOLUME][i] = vol;
        prev_line = rec.line;
    }
    if (rc < 0)
        goto fail;
    bc_csv_close(c);
    rc = bc_finish_read(path, k->n, r, rejects);
    if (rc != BC_OK) {
        bc_ticks_free(k);
        return rc;
    }
    *out = k;
    return BC_OK;
fail:
    bc_csv_close(c);
    bc_ticks_free(k);
    bc_rejects_free(r);
    return rc;
}

int32_t bc_ticks_length(const bc_ticks *ticks) { return ticks ? ticks->n : 0; }

const int64_t *bc_ticks_time(const bc_ticks *ticks) { return ticks ? ticks->time : NULL; }

const double *bc_ticks_column(const bc_ticks *ticks, int32_t column)
{
    if (!ticks || column < BC_TICK_BID || column > BC_TICK_VOLUME)
        return NULL;
    return ticks->column[column];
}
