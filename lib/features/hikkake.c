/*
 * hikkake.c - cdlhikkake: TA-Lib's hikkake pattern (CDLHIKKAKE) with
 * TA-Lib's own values, +100 / -100 on the setup bar, +200 / -200 on its
 * confirmation, 0 elsewhere; no parameters, lookback 5 (TA-Lib's).
 *
 * On bar i (i >= 2), with bar i-1 inside bar i-2 (high[i-1] < high[i-2]
 * and low[i-1] > low[i-2]):
 *   high[i] < high[i-1] and low[i] < low[i-1]  -> +100 (bullish setup)
 *   high[i] > high[i-1] and low[i] > low[i-1]  -> -100 (bearish setup)
 * and the setup is remembered with the inside bar's high and low. A bar
 * that is not a setup confirms the remembered one when it is at most 3 bars
 * after it and closes above the inside bar's high (bullish: +200) or below
 * its low (bearish: -200); a confirmation clears the setup, a newer setup
 * replaces it. TA-Lib scans from bar 2 and writes from bar 5, so a setup on
 * bars 2..4 can be confirmed on bars 5..7: this kernel scans from bar 2 as
 * well and writes NaN before bar 5 (measured: equal to talib.CDLHIKKAKE on
 * every bar of the repo's daily and hourly series, tests/python). The
 * values are TA-Lib's so that a level cut tells the confirmation (above
 * 150 / below -150) from the setup. Missing bars never reach it (the
 * engine writes NaN there). Must not allocate.
 */
#include "feature_internal.h"

#include <math.h>
#include <string.h>

#define HIKKAKE_LOOKBACK 5 /* TA-Lib's: its first value on bar 5 */
#define HIKKAKE_WINDOW 3   /* bars after the setup a confirmation may come */

typedef struct hikkake_state {
    int64_t seen;           /* bars so far */
    double high1, low1;     /* bar i-1 */
    double high2, low2;     /* bar i-2 */
    int32_t pattern;        /* +1 / -1 remembered setup, 0 none */
    int32_t since;          /* bars since that setup */
    double inside_high, inside_low; /* the setup's inside bar */
} hikkake_state;

static int64_t hikkake_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(hikkake_state);
}

static void hikkake_reset(bc_feature_node *node)
{
    memset(node->state, 0, sizeof(hikkake_state));
}

static int32_t hikkake_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return HIKKAKE_LOOKBACK;
}

static BC_FEATURE_KERNEL void hikkake_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    hikkake_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        int64_t k = s->seen;
        double v = 0.0;
        if (s->pattern != 0)
            s->since++;
        if (k >= 2 && s->high1 < s->high2 && s->low1 > s->low2 &&
            ((h[i] < s->high1 && l[i] < s->low1) || (h[i] > s->high1 && l[i] > s->low1))) {
            s->pattern = h[i] < s->high1 ? 1 : -1;
            s->since = 0;
            s->inside_high = s->high1;
            s->inside_low = s->low1;
            v = 100.0 * s->pattern;
        } else if (s->pattern != 0 && s->since <= HIKKAKE_WINDOW &&
                   ((s->pattern > 0 && c[i] > s->inside_high) ||
                    (s->pattern < 0 && c[i] < s->inside_low))) {
            v = 200.0 * s->pattern;
            s->pattern = 0;
        }
        if (s->pattern != 0 && s->since >= HIKKAKE_WINDOW)
            s->pattern = 0; /* no later bar may confirm it */
        s->high2 = s->high1;
        s->low2 = s->low1;
        s->high1 = h[i];
        s->low1 = l[i];
        s->seen = k + 1;
        BC_FEATURE_PUT(out, i, k < HIKKAKE_LOOKBACK ? NAN : v);
    }
}

const bc_feature_kind bc_feature_kind_cdlhikkake = {
    .name = "cdlhikkake", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = hikkake_lookback, .state_size = hikkake_state_size,
    .reset = hikkake_reset, .run = hikkake_run,
};
