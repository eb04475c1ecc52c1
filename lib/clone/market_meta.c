/*
 * market_meta.c - what a clone records about where its bars came from
 * (symbols, bar period, time zone) and the stops its target set, so a host
 * can check its chart against the model and place the same stops. Reads
 * the dataset; never changes what the model learns.
 */
#include "clone/market_meta.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int64_t clone_bar_period(const int64_t *time, int32_t n)
{
    if (n < 2)
        return 0;
    int64_t *gaps = malloc(sizeof *gaps * (size_t)(n - 1));
    if (!gaps)
        return 0;
    int32_t m = 0;
    for (int32_t i = 1; i < n; i++)
        if (time[i] > time[i - 1])
            gaps[m++] = time[i] - time[i - 1];
    qsort(gaps, (size_t)m, sizeof *gaps, cmp_i64);
    int64_t best = 0;
    int32_t best_run = 0;
    for (int32_t i = 0; i < m;) {
        int32_t j = i;
        while (j < m && gaps[j] == gaps[i])
            j++;
        if (j - i > best_run) { /* strictly more: ties keep the shorter gap */
            best_run = j - i;
            best = gaps[i];
        }
        i = j;
    }
    free(gaps);
    return best;
}

struct position_stops {
    int64_t ticket;
    int32_t order; /* file order, to keep the first OPEN of a ticket */
    double price, sl, tp; /* distances; NaN until set */
};

static int cmp_ticket(const void *a, const void *b)
{
    const struct position_stops *x = a, *y = b;
    if (x->ticket != y->ticket)
        return (x->ticket > y->ticket) - (x->ticket < y->ticket);
    return (x->order > y->order) - (x->order < y->order);
}

static struct position_stops *find_ticket(struct position_stops *p, int32_t n, int64_t ticket)
{
    int32_t lo = 0, hi = n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (p[mid].ticket < ticket)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && p[lo].ticket == ticket ? &p[lo] : NULL;
}

static double median_of(double *v, int32_t n)
{
    if (n == 0)
        return 0.0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A level set on an event: finite and > 0 (MetaTrader writes 0 for none). */
static int level_set(double level) { return isfinite(level) && level > 0.0; }

int32_t clone_target_stops(const bc_trades *trades, const char *symbol, double *sl, double *tp)
{
    *sl = *tp = 0.0;
    int32_t n = bc_trades_count(trades);
    struct position_stops *pos = malloc(sizeof *pos * (size_t)(n > 0 ? n : 1));
    double *sls = malloc(sizeof *sls * (size_t)(n > 0 ? n : 1));
    double *tps = malloc(sizeof *tps * (size_t)(n > 0 ? n : 1));
    if (!pos || !sls || !tps) {
        free(pos), free(sls), free(tps);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for the stops of %d events", n);
    }
    bc_trade_event ev;
    int32_t n_pos = 0;
    for (int32_t i = 0; i < n; i++) {
        ev.struct_size = (uint32_t)sizeof ev;
        if (bc_trades_get(trades, i, &ev) != BC_OK || strcmp(ev.symbol, symbol) != 0 ||
            ev.action != BC_ACTION_OPEN)
            continue;
        pos[n_pos++] = (struct position_stops){ev.ticket, i, ev.price, NAN, NAN};
    }
    qsort(pos, (size_t)n_pos, sizeof *pos, cmp_ticket);
    /* A ticket opened twice keeps its first OPEN (the sort put it first). */
    int32_t unique = 0;
    for (int32_t i = 0; i < n_pos; i++)
        if (unique == 0 || pos[unique - 1].ticket != pos[i].ticket)
            pos[unique++] = pos[i];
    for (int32_t i = 0; i < n; i++) {
        ev.struct_size = (uint32_t)sizeof ev;
        if (bc_trades_get(trades, i, &ev) != BC_OK || strcmp(ev.symbol, symbol) != 0 ||
            (ev.action != BC_ACTION_OPEN && ev.action != BC_ACTION_MODIFY))
            continue;
        struct position_stops *p = find_ticket(pos, unique, ev.ticket);
        if (!p || i < p->order)
            continue; /* a MODIFY before its OPEN, or another position's */
        if (isnan(p->sl) && level_set(ev.sl))
            p->sl = fabs(p->price - ev.sl);
        if (isnan(p->tp) && level_set(ev.tp))
            p->tp = fabs(p->price - ev.tp);
    }
    int32_t n_sl = 0, n_tp = 0;
    for (int32_t i = 0; i < unique; i++) {
        if (!isnan(pos[i].sl) && pos[i].sl > 0.0)
            sls[n_sl++] = pos[i].sl;
        if (!isnan(pos[i].tp) && pos[i].tp > 0.0)
            tps[n_tp++] = pos[i].tp;
    }
    *sl = median_of(sls, n_sl);
    *tp = median_of(tps, n_tp);
    free(pos), free(sls), free(tps);
    return BC_OK;
}

int32_t clone_record_market(bc_model *m, const bc_trades *trades, const char *const *symbols,
                            const int64_t *const *times, const int32_t *n_bars,
                            int32_t n_symbols, const char *time_zone)
{
    char list[BC_MODEL_SYMBOLS_MAX] = "";
    size_t used = 0;
    for (int32_t s = 0; s < n_symbols; s++) {
        size_t len = strlen(symbols[s]);
        if (used + len + 2 > sizeof list)
            break; /* 64 symbols of 31 bytes always fit */
        if (s)
            list[used++] = ',';
        memcpy(list + used, symbols[s], len + 1);
        used += len;
    }
    int64_t period = n_symbols > 0 ? clone_bar_period(times[0], n_bars[0]) : 0;
    for (int32_t s = 1; s < n_symbols && period > 0; s++) {
        int64_t other = clone_bar_period(times[s], n_bars[s]);
        if (other != period) {
            bc_log(BC_LOG_WARN,
                   "clone: bars of %s are %lld s apart, those of %s %lld s: the model records "
                   "no bar period", symbols[0], (long long)period, symbols[s], (long long)other);
            period = 0;
        }
    }
    int32_t rc = bc_model_set_market(m, list, period, time_zone);
    double sl = 0.0, tp = 0.0;
    if (rc == BC_OK && n_symbols == 1)
        rc = clone_target_stops(trades, symbols[0], &sl, &tp);
    if (rc == BC_OK)
        rc = bc_model_set_stops(m, sl, tp);
    return rc;
}
