/*
 * threeinside.c - cdl3inside: TA-Lib's three inside up / down pattern
 * (CDL3INSIDE; Nison's harami confirmed by a third bar) as the side it
 * signals, +1 three inside up, -1 three inside down, 0 none; lookback 12.
 *
 * On bar i (i >= 12): bars i-2 and i-1 are a harami with bar i-1's body
 * strictly inside bar i-2's (harami.h's test, TA-Lib's body averages in
 * its order: the harami step fed bars up to i-1), and the third bar turns:
 * colour(i) opposite colour(i-2) and close[i] beyond open[i-2] (below it
 * after a white first bar, above it after a black one) -> TA-Lib's -100 x
 * colour(i-2); colour(j) = +1 where close[j] >= open[j], else -1. This
 * item is TA-Lib's value over 100 (TA-Lib has only +-100 and 0: the
 * discrete grid's codes). NaN until bar 12. Missing bars never reach it
 * (the engine writes NaN there). Must not allocate.
 */
#include "feature_internal.h"

#include "harami.h"

#include <math.h>
#include <string.h>

typedef struct threeinside_state {
    bc_harami harami;     /* fed bars up to i-1 */
    int code1;            /* its result on bar i-1 (the pair i-2, i-1) */
    double colour2;       /* bar i-2's colour */
    double open1, open2;  /* bars i-1 and i-2 */
} threeinside_state;

static int64_t threeinside_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(threeinside_state);
}

static void threeinside_reset(bc_feature_node *node)
{
    threeinside_state *s = node->state;
    memset(s, 0, sizeof *s);
    s->code1 = BC_HARAMI_WARMING;
}

static int32_t threeinside_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return BC_HARAMI_RING + 1;
}

static BC_FEATURE_KERNEL void threeinside_run(bc_feature_node *node, const bc_feature_inputs *in,
                                              int64_t n, const bc_feature_column *cols)
{
    threeinside_state *s = node->state;
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double v = NAN;
        if (s->code1 != BC_HARAMI_WARMING) {
            const double colour = c[i] >= o[i] ? 1.0 : -1.0;
            v = 0.0;
            if (s->code1 == BC_HARAMI_INSIDE &&
                ((s->colour2 > 0.0 && colour < 0.0 && c[i] < s->open2) ||
                 (s->colour2 < 0.0 && colour > 0.0 && c[i] > s->open2)))
                v = -s->colour2;
        }
        s->code1 = bc_harami_step(&s->harami, o[i], c[i], &s->colour2);
        s->open2 = s->open1;
        s->open1 = o[i];
        BC_FEATURE_PUT(out, i, v);
    }
}

const bc_feature_kind bc_feature_kind_cdl3inside = {
    .name = "cdl3inside", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = threeinside_lookback, .state_size = threeinside_state_size,
    .reset = threeinside_reset, .run = threeinside_run,
};
