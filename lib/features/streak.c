/*
 * streak.c - streak(x): the signed run of consecutive bars on which x moved
 * the same way, through this bar: +k when x rose (x > x@1) on this bar and
 * the k-1 bars before it, -k when it fell k bars in a row, 0 on a bar where
 * x equals x@1. streak(high) >= 3: three higher highs in a row; streak(low)
 * <= -1: a lower low. Not capped (a count of bars, as since's). NaN where x
 * or x@1 is NaN, and such a bar ends the run (the next comparable bar
 * counts from +-1). Lookback = x's + 1.
 * State: the previous x and the run so far.
 */
#include "feature_internal.h"

typedef struct streak_state {
    double prev; /* x of the last bar run() saw; NaN before any */
    double run;  /* the signed run through that bar */
} streak_state;

static int32_t streak_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    return src[0] + 1;
}

static int64_t streak_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(streak_state);
}

static void streak_reset(bc_feature_node *node)
{
    streak_state *s = node->state;
    s->prev = NAN;
    s->run = 0.0;
}

/* One bar; the generated code's template (lib/export/feature_source.c
 * "streak") is this step. */
static inline double streak_step(streak_state *s, double x)
{
    const double p = s->prev;
    s->prev = x;
    if (isnan(x) || isnan(p)) {
        s->run = 0.0;
        return NAN;
    }
    if (x > p)
        s->run = s->run > 0.0 ? s->run + 1.0 : 1.0;
    else if (x < p)
        s->run = s->run < 0.0 ? s->run - 1.0 : -1.0;
    else
        s->run = 0.0;
    return s->run;
}

static void streak_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    (void)in;
    streak_state local = *(streak_state *)node->state;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, streak_step(&local, BC_FEATURE_GET(x, i)));
    *(streak_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_streak = {
    .name = "streak", .args = "f", .n_outputs = 1, .needs = 0,
    .lookback = streak_lookback, .state_size = streak_state_size,
    .reset = streak_reset, .run = streak_run,
};
