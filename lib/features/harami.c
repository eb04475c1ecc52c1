/*
 * harami.c - harami: TA-Lib's harami pattern (CDLHARAMI) as the side it
 * signals, +1 bullish, -1 bearish, 0 none; lookback 11.
 *
 * On bar i (i >= 11) the pair (i-1, i) is TA-Lib's harami test (harami.h:
 * bar i-1's body long, bar i's short, bar i's body inside bar i-1's):
 *   inside (strictly) -> TA-Lib's -100 x colour(i-1);
 *   touching          -> TA-Lib's -80 x colour(i-1);
 * colour(j) = +1 where close[j] >= open[j], else -1: a long black candle
 * holding a small one is bullish. This item is the sign of TA-Lib's value
 * (its 100 and its 80 both +-1: the signal bots trade on, and the discrete
 * grid's codes). The body averages run in TA-Lib's order (harami.h;
 * measured: equal to talib.CDLHARAMI's sign on every bar of the repo's daily and hourly series). NaN until bar 11.
 * Missing bars never reach it (the engine writes NaN there). Must not
 * allocate.
 */
#include "feature_internal.h"

#include "harami.h"

#include <math.h>
#include <string.h>

typedef bc_harami harami_state;

static int64_t harami_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(harami_state);
}

static void harami_reset(bc_feature_node *node)
{
    memset(node->state, 0, sizeof(harami_state));
}

static int32_t harami_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return BC_HARAMI_RING;
}

static BC_FEATURE_KERNEL void harami_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    harami_state *s = node->state;
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double colour1;
        const int code = bc_harami_step(s, o[i], c[i], &colour1);
        BC_FEATURE_PUT(out, i, code == BC_HARAMI_WARMING ? NAN : code ? -colour1 : 0.0);
    }
}

const bc_feature_kind bc_feature_kind_harami = {
    .name = "harami", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = harami_lookback, .state_size = harami_state_size,
    .reset = harami_reset, .run = harami_run,
};
