/*
 * soldiers.c - soldiers(k): k white soldiers / k black crows as the side
 * they signal, +1 soldiers, -1 crows, 0 neither; lookback k.
 *
 * A bar i (i >= 1) is a soldier when, with o, c its open and close and o1,
 * c1 the previous bar's,
 *   c > o  and  c > c1  and  o1 <= o <= c1
 * (a white bar closing above the previous close and opening inside the
 * previous bar's body, read as the previous bar white: o1 <= c1, ends
 * included); a crow is the mirror,
 *   c < o  and  c < c1  and  c1 <= o <= o1.
 * soldiers(k) is +1 on a bar where it and the k-1 bars before it are all
 * soldiers, -1 where all k are crows, else 0. Every one of the k bars is
 * tested against the bar before it, the first one too, so the pattern
 * reads k+1 bars (the textbook three white soldiers, TA-Lib's
 * CDL3WHITESOLDIERS without its shadow and body-length conditions, tests
 * the relations inside the three only: that is and(above(close@2,open@2),
 * soldiers(2)) here). k = 3 is the customary count. NaN until bar k; a bar
 * with any comparison failing (NaN included) ends both runs. The runs are
 * counted up to k (a longer run stays at k: the signal holds on every bar
 * of it). Missing bars never reach it (the engine writes NaN there): the
 * bar before is the last bar seen. Must not allocate.
 */
#include "feature_internal.h"

#include <math.h>

typedef struct soldiers_state {
    int64_t seen;           /* bars so far */
    int32_t up, down;       /* soldiers / crows in a row through the last bar, at most k */
    double prev_open, prev_close;
} soldiers_state;

static int64_t soldiers_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(soldiers_state);
}

static void soldiers_reset(bc_feature_node *node)
{
    soldiers_state *s = node->state;
    s->seen = 0;
    s->up = s->down = 0;
    s->prev_open = s->prev_close = 0.0;
}

static int32_t soldiers_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

/* One bar; the generated code's template (lib/export/feature_source.c
 * "soldiers") is this step. */
static inline double soldiers_step(soldiers_state *s, int32_t k, double o, double c)
{
    if (s->seen >= 1) {
        const double o1 = s->prev_open, c1 = s->prev_close;
        int white = c > o && c > c1 && o >= o1 && o <= c1;
        int black = c < o && c < c1 && o <= o1 && o >= c1;
        s->up = white ? (s->up < k ? s->up + 1 : k) : 0;
        s->down = black ? (s->down < k ? s->down + 1 : k) : 0;
    }
    s->prev_open = o;
    s->prev_close = c;
    s->seen++;
    if (s->seen <= k)
        return NAN;
    return s->up >= k ? 1.0 : (s->down >= k ? -1.0 : 0.0);
}

static BC_FEATURE_KERNEL void soldiers_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    soldiers_state *s = node->state;
    const int32_t k = node->iarg[0];
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, soldiers_step(s, k, o[i], c[i]));
}

const bc_feature_kind bc_feature_kind_soldiers = {
    .name = "soldiers", .args = "i", .arg_min = {1}, .arg_max = {20}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = soldiers_lookback, .state_size = soldiers_state_size,
    .reset = soldiers_reset, .run = soldiers_run,
};
