/*
 * threeinside.c - cdl3inside: TA-Lib's three inside up / down pattern
 * (CDL3INSIDE; Nison's harami confirmed by a third bar) as the side it
 * signals, +1 three inside up, -1 three inside down, 0 none; lookback 12.
 *
 * TA-Lib's default candle settings: a candle's body is |close - open|;
 * "BodyLong" and "BodyShort" both compare a body with the mean body of the
 * 10 bars before the bar judged (factor 1). On bar i (i >= 12):
 *   long   body[i-2] > (sum of body[i-12 .. i-3]) / 10
 *   short  body[i-1] <= (sum of body[i-11 .. i-2]) / 10
 *   inside (strictly) top[i-1] < top[i-2] and bottom[i-1] > bottom[i-2],
 *          top = max(open, close), bottom = min(open, close)
 *   third  colour(i) opposite colour(i-2) and close[i] beyond open[i-2]:
 *          below it after a white first bar, above it after a black one
 * -> TA-Lib's -100 x colour(i-2); colour(j) = +1 where close[j] >= open[j],
 * else -1. This item is TA-Lib's value over 100 (TA-Lib has only +-100 and
 * 0: the discrete grid's codes). Both sums run as TA-Lib's: summed from the
 * first bars in order (BodyLong's over bars 0..9, BodyShort's over 1..10),
 * then slid by sum += (new body - leaving body) each bar, so the
 * comparisons see TA-Lib's own doubles. NaN until bar 12. Missing bars
 * never reach it (the engine writes NaN there). Must not allocate.
 */
#include "feature_internal.h"

#include <math.h>
#include <string.h>

#define THREEIN_AVG 10                  /* TA-Lib's BodyLong / BodyShort period */
#define THREEIN_RING (THREEIN_AVG + 2)  /* bodies of bars i-12 .. i-1 */

typedef struct threeinside_state {
    int64_t seen;                        /* bars so far */
    double long_sum, short_sum;          /* bodies i-12..i-3, i-11..i-2 */
    double open1, close1, open2, close2; /* bars i-1 and i-2 */
    double body[THREEIN_RING];           /* body of bar j at j % 12 */
} threeinside_state;

static int64_t threeinside_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(threeinside_state);
}

static void threeinside_reset(bc_feature_node *node)
{
    memset(node->state, 0, sizeof(threeinside_state));
}

static int32_t threeinside_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return THREEIN_RING;
}

static BC_FEATURE_KERNEL void threeinside_run(bc_feature_node *node, const bc_feature_inputs *in,
                                              int64_t n, const bc_feature_column *cols)
{
    threeinside_state *s = node->state;
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double body = fabs(c[i] - o[i]);
        int64_t k = s->seen;
        int slot = (int)(k % THREEIN_RING);
        double v = NAN;
        if (k < THREEIN_RING) {
            if (k >= 1 && k <= THREEIN_AVG)
                s->short_sum += body; /* bars 1..10 */
            if (k < THREEIN_AVG)
                s->long_sum += body;  /* bars 0..9 */
        } else {
            double leaving_long = s->body[slot];                       /* bar k-12 */
            double leaving_short = s->body[(slot + 1) % THREEIN_RING];  /* bar k-11 */
            double body2 = s->body[(slot + THREEIN_AVG) % THREEIN_RING];     /* bar k-2 */
            double body1 = s->body[(slot + THREEIN_AVG + 1) % THREEIN_RING]; /* bar k-1 */
            double top1 = s->open1 > s->close1 ? s->open1 : s->close1;
            double bottom1 = s->open1 > s->close1 ? s->close1 : s->open1;
            double top2 = s->open2 > s->close2 ? s->open2 : s->close2;
            double bottom2 = s->open2 > s->close2 ? s->close2 : s->open2;
            double colour2 = s->close2 >= s->open2 ? 1.0 : -1.0;
            double colour = c[i] >= o[i] ? 1.0 : -1.0;
            v = 0.0;
            if (body2 > 1.0 * (s->long_sum / THREEIN_AVG) &&
                body1 <= 1.0 * (s->short_sum / THREEIN_AVG) && top1 < top2 && bottom1 > bottom2 &&
                ((colour2 > 0.0 && colour < 0.0 && c[i] < s->open2) ||
                 (colour2 < 0.0 && colour > 0.0 && c[i] > s->open2)))
                v = -colour2;
            s->long_sum += body2 - leaving_long;
            s->short_sum += body1 - leaving_short;
        }
        s->body[slot] = body;
        s->open2 = s->open1;
        s->close2 = s->close1;
        s->open1 = o[i];
        s->close1 = c[i];
        s->seen = k + 1;
        BC_FEATURE_PUT(out, i, v);
    }
}

const bc_feature_kind bc_feature_kind_cdl3inside = {
    .name = "cdl3inside", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = threeinside_lookback, .state_size = threeinside_state_size,
    .reset = threeinside_reset, .run = threeinside_run,
};
