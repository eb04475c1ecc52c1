/*
 * cloner_exits.c - the target's stop-loss / take-profit rule, learned from
 * the sl/tp columns of its OPEN events: the distance of each level from the
 * entry price as a regression on what the entry bar knew (its atr(14), the
 * price itself, or a constant), used by the clone only where the log shows
 * one rule consistently and acts on it (a level a bar touched closes the
 * position there, as a broker's order would).
 */
#include "clone/clone.h"
#include "clone/cloner.h"
#include "core/internal.h"

#include <math.h>
#include <string.h>

/* Least squares through the origin, distance = k * unit, for each unit;
 * the unit with the smallest relative RMS error wins (ties: ATR, then
 * price, then points). */
static void fit_level(const double *dist, const double *atr, const double *price, int32_t n,
                      struct clone_level_fit *out)
{
    memset(out, 0, sizeof *out);
    out->examples = n;
    out->relative_error = INFINITY;
    out->r2 = NAN;
    if (n < 1)
        return;
    double mean = 0.0;
    for (int32_t i = 0; i < n; i++)
        mean += dist[i] / n;
    double ss_tot = 0.0;
    for (int32_t i = 0; i < n; i++)
        ss_tot += (dist[i] - mean) * (dist[i] - mean);
    static const int32_t units[3] = {CLONE_LEVEL_ATR, CLONE_LEVEL_PRICE, CLONE_LEVEL_POINTS};
    for (int u = 0; u < 3; u++) {
        double sxy = 0.0, sxx = 0.0;
        for (int32_t i = 0; i < n; i++) {
            double x = units[u] == CLONE_LEVEL_ATR ? atr[i] : units[u] == CLONE_LEVEL_PRICE ? price[i] : 1.0;
            sxy += x * dist[i];
            sxx += x * x;
        }
        if (!(sxx > 0.0))
            continue;
        double k = sxy / sxx, ss_res = 0.0;
        for (int32_t i = 0; i < n; i++) {
            double x = units[u] == CLONE_LEVEL_ATR ? atr[i] : units[u] == CLONE_LEVEL_PRICE ? price[i] : 1.0;
            ss_res += (dist[i] - k * x) * (dist[i] - k * x);
        }
        double rel = mean > 0.0 ? sqrt(ss_res / n) / mean : INFINITY;
        if (rel < out->relative_error) {
            out->unit = units[u];
            out->k = k;
            out->relative_error = rel;
            out->r2 = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : NAN;
        }
    }
    out->consistent = n >= CLONE_LEVEL_MIN_EXAMPLES && out->k > 0.0 &&
                      out->relative_error <= CLONE_LEVEL_MAX_ERROR;
}

/* Whether the log's levels act like a broker's orders: for each OPEN with
 * levels (before the held-out tail), the bars after its entry bar up to
 * its CLOSE; a level that a bar strictly before the closing bar touched
 * was ignored by the log. */
static int32_t check_enforced(const bc_trades *trades, const struct cloner_dataset *ds,
                              int32_t n_ds, struct clone_report *r)
{
    int32_t n = bc_trades_count(trades);
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event e, x;
        e.struct_size = x.struct_size = (uint32_t)sizeof e;
        int32_t rc = bc_trades_get(trades, i, &e);
        if (rc != BC_OK)
            return rc;
        if (e.action != BC_ACTION_OPEN)
            continue;
        const struct cloner_dataset *d = NULL;
        for (int32_t s = 0; s < n_ds && !d; s++)
            if (strcmp(ds[s].symbol, e.symbol) == 0)
                d = &ds[s];
        int32_t bar = d ? clone_bar_index(d->n_bars, d->time, e.time) : -1;
        if (bar < 0 || bar >= d->hold_start)
            continue;
        int32_t close_bar = -1;
        for (int32_t k = i + 1; k < n && close_bar < 0; k++) {
            if ((rc = bc_trades_get(trades, k, &x)) != BC_OK)
                return rc;
            if (x.ticket == e.ticket && x.action == BC_ACTION_CLOSE && strcmp(x.symbol, e.symbol) == 0)
                close_bar = clone_bar_index(d->n_bars, d->time, x.time);
        }
        if (close_bar < 0)
            continue;
        int32_t dir = e.order_type == BC_ORDER_SELL ? -1 : 1;
        double sl = e.sl > 0.0 && isfinite(e.sl) ? e.sl : NAN;
        double tp = e.tp > 0.0 && isfinite(e.tp) ? e.tp : NAN;
        int32_t sl_hit = -1, tp_hit = -1;
        for (int32_t j = bar + 1; j <= close_bar && (sl_hit < 0 || tp_hit < 0); j++) {
            double price;
            if (sl_hit < 0 && clone_level_touch(dir, sl, NAN, d->high[j], d->low[j], &price))
                sl_hit = j;
            if (tp_hit < 0 && clone_level_touch(dir, NAN, tp, d->high[j], d->low[j], &price))
                tp_hit = j;
        }
        r->sl_fit.touched += sl_hit >= 0;
        r->sl_fit.ignored += sl_hit >= 0 && sl_hit < close_bar;
        r->tp_fit.touched += tp_hit >= 0;
        r->tp_fit.ignored += tp_hit >= 0 && tp_hit < close_bar;
    }
    return BC_OK;
}

int32_t cloner_learn_exits(const bc_trades *trades, const struct cloner_dataset *ds, int32_t n_ds,
                           double *buf, struct clone_report *r)
{
    int32_t n = bc_trades_count(trades), n_sl = 0, n_tp = 0;
    /* buf: 6 columns of n: sl distance, atr, price; tp distance, atr, price */
    double *sl_d = buf, *sl_a = buf + n, *sl_p = buf + 2 * (int64_t)n;
    double *tp_d = buf + 3 * (int64_t)n, *tp_a = buf + 4 * (int64_t)n, *tp_p = buf + 5 * (int64_t)n;
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        int32_t rc = bc_trades_get(trades, i, &e);
        if (rc != BC_OK)
            return rc;
        if (e.action != BC_ACTION_OPEN || !(e.price > 0.0) || !isfinite(e.price))
            continue;
        const struct cloner_dataset *d = NULL;
        for (int32_t s = 0; s < n_ds && !d; s++)
            if (strcmp(ds[s].symbol, e.symbol) == 0)
                d = &ds[s];
        /* Only the bars before the held-out tail teach the rule. */
        int32_t bar = d ? clone_bar_index(d->n_bars, d->time, e.time) : -1;
        if (bar < 0 || bar >= d->hold_start || !(d->atr[bar] > 0.0) || !isfinite(d->atr[bar]))
            continue;
        int32_t dir = e.order_type == BC_ORDER_SELL ? -1 : 1;
        /* A level on the wrong side of the entry is no rule of this kind. */
        if (e.sl > 0.0 && isfinite(e.sl)) {
            sl_d[n_sl] = dir * (e.price - e.sl);
            sl_a[n_sl] = d->atr[bar];
            sl_p[n_sl++] = e.price;
        }
        if (e.tp > 0.0 && isfinite(e.tp)) {
            tp_d[n_tp] = dir * (e.tp - e.price);
            tp_a[n_tp] = d->atr[bar];
            tp_p[n_tp++] = e.price;
        }
    }
    fit_level(sl_d, sl_a, sl_p, n_sl, &r->sl_fit);
    fit_level(tp_d, tp_a, tp_p, n_tp, &r->tp_fit);
    int32_t rc = check_enforced(trades, ds, n_ds, r);
    if (rc != BC_OK)
        return rc;
    memset(&r->exits, 0, sizeof r->exits);
    struct clone_level_fit *fits[2] = {&r->sl_fit, &r->tp_fit};
    for (int k = 0; k < 2; k++) {
        struct clone_level_fit *f = fits[k];
        f->enforced = f->touched > 0 && f->ignored <= CLONE_LEVEL_MAX_IGNORED * f->touched;
        f->used = f->consistent && f->enforced;
    }
    if (r->sl_fit.used)
        r->exits.sl = (struct clone_level_rule){r->sl_fit.unit, r->sl_fit.k};
    if (r->tp_fit.used)
        r->exits.tp = (struct clone_level_rule){r->tp_fit.unit, r->tp_fit.k};
    /* The level columns measure the consistent rules the log does not
     * enforce: a bot that acts on its level at the bar's close (a "mental"
     * stop) is no broker order, yet its exits are a level of these columns.
     * An enforced level closes the position in the simulator (and at the
     * broker) before the model decides, so its columns would only add
     * noise (Donchian ATR bot, trees: held-out F1 0.980 with them, 1.000
     * without). */
    memset(&r->levels, 0, sizeof r->levels);
    if (r->sl_fit.consistent && !r->sl_fit.used)
        r->levels.sl = (struct clone_level_rule){r->sl_fit.unit, r->sl_fit.k};
    if (r->tp_fit.consistent && !r->tp_fit.used)
        r->levels.tp = (struct clone_level_rule){r->tp_fit.unit, r->tp_fit.k};
    static const char *const unit[4] = {"none", "atr", "price", "points"};
    if (n_sl || n_tp)
        bc_log(BC_LOG_INFO,
               "clone: exits: sl on %d opens: %.4g x %s (relative error %.3g, %d of %d touches "
               "ignored)%s; tp on %d opens: %.4g x %s (relative error %.3g, %d of %d touches "
               "ignored)%s",
               n_sl, r->sl_fit.k, unit[r->sl_fit.unit & 3], r->sl_fit.relative_error,
               r->sl_fit.ignored, r->sl_fit.touched, r->sl_fit.used ? "" : ", not used", n_tp,
               r->tp_fit.k, unit[r->tp_fit.unit & 3], r->tp_fit.relative_error,
               r->tp_fit.ignored, r->tp_fit.touched, r->tp_fit.used ? "" : ", not used");
    return BC_OK;
}
