/*
 * ticks.c - quote series (time, bid, ask, last, volume) read from CSV.
 * Immutable after reading; times never go backwards and ask >= bid > 0.
 */
#include "data/data.h"

#include <math.h>
#include <stdlib.h>

struct bc_ticks {
    bc_series s;
};

void bc_ticks_free(bc_ticks *ticks)
{
    if (!ticks)
        return;
    bc_series_release(&ticks->s);
    free(ticks);
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

static int32_t tick_row(bc_rejects *r, const bc_csv_record *rec, const bc_column *cols,
                        double *v)
{
    double *bid = &v[BC_TICK_BID], *ask = &v[BC_TICK_ASK], *last = &v[BC_TICK_LAST],
           *vol = &v[BC_TICK_VOLUME];
    int32_t ok = bc_cell_double(r, rec, cols[1].index, "bid", 0, 0.0, bid);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[2].index, "ask", 0, 0.0, ask);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[3].index, "last", 1, NAN, last);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[4].index, "volume", 1, 0.0, vol);
    if (ok == 1)
        ok = positive(r, rec, "bid", *bid);
    if (ok == 1)
        ok = positive(r, rec, "ask", *ask);
    if (ok == 1)
        ok = positive(r, rec, "last", *last);
    if (ok == 1 && *vol < 0.0)
        ok = bc_reject_row(r, rec, "column 'volume' is %g, expected >= 0", *vol);
    if (ok == 1 && *ask < *bid)
        ok = bc_reject_row(r, rec, "ask %.10g is below bid %.10g", *ask, *bid);
    return ok;
}

int32_t bc_ticks_read_csv(const char *path, bc_ticks **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail_null("bc_ticks_read_csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_column cols[] = {
        {bc_time_column_names, 1, -1, ""}, {bid_names, 1, -1, ""},    {ask_names, 1, -1, ""},
        {last_names, 0, -1, ""},           {volume_names, 0, -1, ""},
    };
    bc_ticks *k = calloc(1, sizeof *k);
    if (!k)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    k->s.width = 4;
    int32_t rc = bc_series_read_csv(path, cols, 5, tick_row, 0, "ticks", &k->s, rejects);
    if (rc != BC_OK) {
        bc_ticks_free(k);
        return rc;
    }
    *out = k;
    return BC_OK;
}

int32_t bc_ticks_length(const bc_ticks *ticks) { return ticks ? ticks->s.n : 0; }

const int64_t *bc_ticks_time(const bc_ticks *ticks) { return ticks ? ticks->s.time : NULL; }

const double *bc_ticks_column(const bc_ticks *ticks, int32_t column)
{
    if (!ticks || column < BC_TICK_BID || column > BC_TICK_VOLUME)
        return NULL;
    return ticks->s.column[column];
}
