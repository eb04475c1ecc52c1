/*
 * vwap.c - the volume-weighted average price anchored at the UTC day:
 *   vwap   the running sum of typical price (h + l + c) / 3 times volume
 *          over the running sum of volume, both reset at the first bar of
 *          each UTC date (step.h's bc_second_of_day, the split prevday.c
 *          and day_extreme.c use); NaN while the day's volume is still 0.
 * A bar with a non-finite volume or price is missing (the engine's rule):
 * it never reaches run() and enters no day. The sums add in bar order,
 * each typical price rounded once per step as written, so a plain float64
 * loop over the bars gives the same bits. Lookback 0: the first value is
 * the first bar's typical price (its day may have begun before the series).
 */
#include "feature_internal.h"
#include "step.h"

#include <stdint.h>

typedef struct vwap_state {
    int64_t day;  /* UTC day of the last bar (floor of time / 86400) */
    int32_t seen; /* 0 before the first bar */
    double pv;    /* the day's sum of typical price x volume */
    double vol;   /* the day's sum of volume */
} vwap_state;

static int64_t vwap_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(vwap_state);
}

static void vwap_reset(bc_feature_node *node)
{
    vwap_state *s = node->state;
    s->day = 0;
    s->seen = 0;
    s->pv = s->vol = 0.0;
}

/* One bar; the generated code's template (lib/export/feature_source.c
 * "vwap") is this step. */
static inline double vwap_step(vwap_state *s, int64_t t, double high, double low,
                               double close, double volume)
{
    const int64_t day = (t - bc_second_of_day(t)) / 86400;
    if (!s->seen || day != s->day) {
        s->seen = 1;
        s->day = day;
        s->pv = s->vol = 0.0;
    }
    s->pv += (high + low + close) / 3.0 * volume;
    s->vol += volume;
    return s->vol > 0.0 ? s->pv / s->vol : NAN;
}

static void vwap_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                     const bc_feature_column *cols)
{
    vwap_state local = *(vwap_state *)node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i,
                       vwap_step(&local, in->time[i], in->high[i], in->low[i], in->close[i],
                                 in->volume[i]));
    *(vwap_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_vwap = {
    .name = "vwap", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE |
             BC_FEATURE_IN_VOLUME | BC_FEATURE_IN_TIME,
    .lookback = bc_feature_lookback_zero, .state_size = vwap_state_size, .reset = vwap_reset,
    .run = vwap_run,
};
