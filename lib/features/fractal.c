/*
 * fractal.c - fractal(k) -> .up .down: Bill Williams' fractals over 2k+1
 * bars. Bar c is an up fractal when its high is above each of the k highs
 * before and the k highs after it (strictly), a down fractal when its low is
 * below each of the k lows around it; it is known k bars later, on bar c+k.
 * .up is the high of the latest up fractal known on this bar, .down the low
 * of the latest down fractal: a step level that holds until the next one
 * (Williams' 5-bar fractal is fractal(2)). NaN until the first fractal of
 * its kind; lookback 2k (the first bar that can confirm one). Missing bars
 * never reach it (the engine skips them): the window is the last 2k+1 bars
 * with prices. Must not allocate.
 */
#include "feature_internal.h"

#include <string.h>

typedef struct fractal_state {
    int64_t count;       /* bars seen */
    double up, down;     /* the latest confirmed levels */
    /* then 2k+1 highs and 2k+1 lows, a ring indexed by count mod (2k+1) */
} fractal_state;

static inline double *fractal_ring(fractal_state *s)
{
    return (double *)(s + 1);
}

static int32_t fractal_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * node->iarg[0];
}

static int64_t fractal_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(fractal_state) +
           2 * (int64_t)(2 * node->iarg[0] + 1) * (int64_t)sizeof(double);
}

static void fractal_reset(bc_feature_node *node)
{
    fractal_state *s = node->state;
    s->count = 0;
    s->up = s->down = NAN;
    memset(fractal_ring(s), 0, 2 * (size_t)(2 * node->iarg[0] + 1) * sizeof(double));
}

/* Pushes one bar; once 2k+1 bars are in, tests the bar k back (the window's
 * centre) against the k bars on each side. */
static inline void fractal_step(fractal_state *s, int32_t k, double high, double low)
{
    const int64_t w = 2 * (int64_t)k + 1;
    double *hs = fractal_ring(s), *ls = hs + w;
    hs[s->count % w] = high;
    ls[s->count % w] = low;
    s->count++;
    if (s->count < w)
        return;
    const int64_t centre = (s->count - 1 - k) % w;
    const double ch = hs[centre], cl = ls[centre];
    int is_up = 1, is_down = 1;
    for (int64_t j = 0; j < w; j++) {
        if (j == centre)
            continue;
        is_up &= ch > hs[j];
        is_down &= cl < ls[j];
    }
    if (is_up)
        s->up = ch;
    if (is_down)
        s->down = cl;
}

static void fractal_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    fractal_state *s = node->state;
    const int32_t k = node->iarg[0];
    const double *h = in->high, *l = in->low;
    bc_feature_column up = cols[node->slot], down = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        fractal_step(s, k, h[i], l[i]);
        BC_FEATURE_PUT(up, i, s->up);
        BC_FEATURE_PUT(down, i, s->down);
    }
}

const bc_feature_kind bc_feature_kind_fractal = {
    .name = "fractal", .args = "i", .arg_min = {1}, .arg_max = {50},
    .n_outputs = 2, .outputs = {"up", "down"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = fractal_lookback, .state_size = fractal_state_size,
    .reset = fractal_reset, .run = fractal_run,
};
