/*
 * crsi.c - crsi(a,b,c): Connors RSI (Connors Research, "An Introduction to
 * ConnorsRSI"), the mean of three 0..100 readings of the close:
 *   crsi = (rsi(close, a) + rsi(streak, b) + pr(c)) / 3
 * summed left to right, then divided by 3, where
 *  - rsi(close, a) is the library's rsi(a) (rsi.h, TA-Lib RSI: Wilder's
 *    smoothing seeded with the mean gain / loss of the first a changes);
 *  - streak is Connors' up/down streak of the close: +1, +2, ... on
 *    consecutive closes above the previous one, -1, -2, ... on consecutive
 *    closes below it, 0 on an unchanged close and on the kernel's first bar
 *    (streak.c's streak(close) from its second bar on); rsi(streak, b) is
 *    the same TA-Lib RSI (rsi.h) taken of that series from the first bar
 *    (its 0) on, as TA-Lib RSI of the whole streak array computes it;
 *  - pr(c) is the percent rank of today's one-bar return close / close@1 - 1
 *    among the previous c one-bar returns (today's not among them): the
 *    count of those strictly below today's, x 100, divided by c (evaluated
 *    (100 x count) / c); ties do not count, so a return equal to all c
 *    gives 0 and one above all c gives 100.
 * NaN until all three have values: rsi(close, a) from bar a, rsi(streak, b)
 * from bar b, pr(c) from bar c + 1 (the first return is bar 1's).
 * Lookback max(a, b, c + 1): 101 for Connors' customary crsi(3,2,100).
 * a, b >= 2 (TA-Lib RSI's minimum), 1 <= c <= 10000 (pr scans the ring of c
 * returns on each bar). A missing bar (NaN close) never reaches the kernel
 * (the engine writes its row NaN and moves no state), so the streak and the
 * returns run across it as if it were absent; a close of 0 gives an
 * infinite or NaN return, compared as C compares (a NaN is below nothing
 * and nothing is below it). Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"
#include "rsi.h"

#define CRSI_MAX_RANK 10000

typedef struct crsi_state {
    bc_rsi price;     /* rsi(close, a) */
    bc_rsi streak;    /* rsi(streak, b) */
    int64_t seen;     /* bars seen since reset */
    double prev;      /* the previous bar's close */
    double run;       /* the streak through the previous bar */
    bc_ring r;        /* the last c one-bar returns */
    double ring[];
} crsi_state;

static int32_t crsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t lb = node->iarg[0];
    if (node->iarg[1] > lb)
        lb = node->iarg[1];
    if (node->iarg[2] + 1 > lb)
        lb = node->iarg[2] + 1;
    return lb;
}

static int64_t crsi_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(crsi_state, node->iarg[2]);
}

static void crsi_reset(bc_feature_node *node)
{
    crsi_state *s = node->state;
    bc_rsi_init(&s->price, node->iarg[0]);
    bc_rsi_init(&s->streak, node->iarg[1]);
    s->seen = 0;
    s->prev = 0.0;
    s->run = 0.0;
    bc_ring_init(&s->r, node->iarg[2], s->ring);
}

/* One bar; the generated code's template (lib/export/feature_source.c
 * "crsi") is this step. */
static inline double crsi_step(crsi_state *s, double close)
{
    double pr = NAN;
    if (s->seen == 0)
        s->run = 0.0;
    else {
        const double p = s->prev;
        if (close > p)
            s->run = s->run > 0.0 ? s->run + 1.0 : 1.0;
        else if (close < p)
            s->run = s->run < 0.0 ? s->run - 1.0 : -1.0;
        else
            s->run = 0.0;
        const double ret = close / p - 1.0;
        if (bc_ring_full(&s->r)) { /* the window is the previous c returns */
            const int32_t len = s->r.n;
            int32_t below = 0;
            for (int32_t j = 0; j < len; j++)
                below += s->ring[j] < ret;
            pr = 100.0 * (double)below / (double)len;
        }
        bc_ring_push(&s->r, ret);
    }
    s->prev = close;
    s->seen++;
    const double r1 = bc_rsi_step(&s->price, close);
    const double r2 = bc_rsi_step(&s->streak, s->run);
    return (r1 + r2 + pr) / 3.0; /* NaN while any part is */
}

static BC_FEATURE_KERNEL void crsi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    crsi_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, crsi_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_crsi = {
    .name = "crsi", .args = "iii", .arg_min = {2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, CRSI_MAX_RANK},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = crsi_lookback,
    .state_size = crsi_state_size, .reset = crsi_reset, .run = crsi_run,
};
