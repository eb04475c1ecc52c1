/*
 * harami.c - harami: TA-Lib's harami pattern (CDLHARAMI) as the side it
 * signals, +1 bullish, -1 bearish, 0 none; lookback 11.
 *
 * TA-Lib's default candle settings: a candle's body is |close - open|;
 * "BodyLong" and "BodyShort" both compare a body with the mean body of the
 * 10 bars before the bar judged (factor 1). On bar i (i >= 11):
 *   long  = body[i-1] > (sum of body[i-11 .. i-2]) / 10
 *   short = body[i]  <= (sum of body[i-10 .. i-1]) / 10
 * and, with top = max(open, close) and bottom = min(open, close),
 *   inside (strictly) top[i] < top[i-1] and bottom[i] > bottom[i-1]
 *     -> TA-Lib's -100 x colour(i-1);
 *   touching          top[i] <= top[i-1] and bottom[i] >= bottom[i-1]
 *     -> TA-Lib's -80 x colour(i-1);
 * colour(j) = +1 where close[j] >= open[j], else -1: a long black candle
 * holding a small one is bullish. This item is the sign of TA-Lib's value
 * (its 100 and its 80 both +-1: the signal bots trade on, and the discrete
 * grid's codes). Both sums run as TA-Lib's: summed from the first bars in
 * order (BodyLong's over bars 0..9, BodyShort's over 1..10), then slid by
 * sum += (new body - leaving body) each bar, so the comparisons see
 * TA-Lib's own doubles (measured: equal to talib.CDLHARAMI's sign on
 * every bar of the repo's daily and hourly series). NaN until bar 11.
 * Missing bars never reach it (the engine writes NaN there). Must not
 * allocate.
 */
#include "feature_internal.h"

#include <math.h>
#include <string.h>

#define HARAMI_AVG 10                 /* TA-Lib's BodyLong / BodyShort period */
#define HARAMI_RING (HARAMI_AVG + 1)  /* bodies of bars i-11 .. i-1 */

typedef struct harami_state {
    int64_t seen;                     /* bars so far */
    double long_sum, short_sum;       /* bodies i-11..i-2, i-10..i-1 */
    double prev_top, prev_bottom, prev_colour;
    double body[HARAMI_RING];         /* body of bar j at j % 11 */
} harami_state;

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
    return HARAMI_RING;
}

static BC_FEATURE_KERNEL void harami_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    harami_state *s = node->state;
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double top = o[i] > c[i] ? o[i] : c[i];
        double bottom = o[i] > c[i] ? c[i] : o[i];
        double body = fabs(c[i] - o[i]);
        int64_t k = s->seen;
        int slot = (int)(k % HARAMI_RING);
        double v = NAN;
        if (k < HARAMI_RING) {
            if (k >= 1)
                s->short_sum += body; /* bars 1..10 */
            if (k < HARAMI_AVG)
                s->long_sum += body;  /* bars 0..9 */
        } else {
            double leaving_long = s->body[slot];                     /* bar k-11 */
            double leaving_short = s->body[(slot + 1) % HARAMI_RING]; /* bar k-10 */
            double prev_body = s->body[(slot + HARAMI_AVG) % HARAMI_RING];
            v = 0.0;
            if (prev_body > 1.0 * (s->long_sum / HARAMI_AVG) &&
                body <= 1.0 * (s->short_sum / HARAMI_AVG) && top <= s->prev_top &&
                bottom >= s->prev_bottom)
                v = -s->prev_colour;
            s->long_sum += prev_body - leaving_long;
            s->short_sum += body - leaving_short;
        }
        s->body[slot] = body;
        s->prev_top = top;
        s->prev_bottom = bottom;
        s->prev_colour = c[i] >= o[i] ? 1.0 : -1.0;
        s->seen = k + 1;
        BC_FEATURE_PUT(out, i, v);
    }
}

const bc_feature_kind bc_feature_kind_harami = {
    .name = "harami", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = harami_lookback, .state_size = harami_state_size,
    .reset = harami_reset, .run = harami_run,
};
