/*
 * harami.h - TA-Lib's harami test (CDLHARAMI's body averages and
 * containment) as one streaming step, shared by harami (harami.c) and
 * three inside up / down (threeinside.c, a harami confirmed by a third bar).
 *
 * TA-Lib's default candle settings: a candle's body is |close - open|;
 * "BodyLong" and "BodyShort" both compare a body with the mean body of the
 * 10 bars before the bar judged (factor 1). On bar k (k >= 11) the pair
 * (k-1, k) is judged:
 *   long   body[k-1] > (sum of body[k-11 .. k-2]) / 10
 *   short  body[k]  <= (sum of body[k-10 .. k-1]) / 10
 * with top = max(open, close) and bottom = min(open, close):
 *   strictly inside   top[k] < top[k-1] and bottom[k] > bottom[k-1]
 *   touching          top[k] <= top[k-1] and bottom[k] >= bottom[k-1]
 * Both sums run as TA-Lib's: summed from the first bars in order
 * (BodyLong's over bars 0..9, BodyShort's over 1..10), then slid by
 * sum += (new body - leaving body) each bar, so the comparisons see
 * TA-Lib's own doubles. Must not allocate.
 */
#ifndef BC_FEATURES_HARAMI_H
#define BC_FEATURES_HARAMI_H

#include <math.h>
#include <stdint.h>

#define BC_HARAMI_AVG 10                   /* TA-Lib's BodyLong / BodyShort period */
#define BC_HARAMI_RING (BC_HARAMI_AVG + 1) /* bodies of bars k-11 .. k-1 */

enum { BC_HARAMI_WARMING = -1, BC_HARAMI_NONE = 0, BC_HARAMI_TOUCHING = 1, BC_HARAMI_INSIDE = 2 };

typedef struct bc_harami {
    int64_t seen;               /* bars so far */
    double long_sum, short_sum; /* bodies k-11..k-2, k-10..k-1 */
    double prev_top, prev_bottom, prev_colour;
    double body[BC_HARAMI_RING]; /* body of bar j at j % 11 */
} bc_harami;                     /* all zero: no bar yet */

/* Feeds bar k (open, close); returns BC_HARAMI_WARMING before bar 11, else
 * the pair (k-1, k)'s harami: BC_HARAMI_INSIDE (strictly inside),
 * BC_HARAMI_TOUCHING (inside with a shared edge) or BC_HARAMI_NONE;
 * *first_colour: bar k-1's colour (+1 where close >= open, else -1). */
static inline int bc_harami_step(bc_harami *s, double open, double close, double *first_colour)
{
    const double top = open > close ? open : close;
    const double bottom = open > close ? close : open;
    const double body = fabs(close - open);
    const int64_t k = s->seen;
    const int slot = (int)(k % BC_HARAMI_RING);
    int code = BC_HARAMI_WARMING;
    *first_colour = s->prev_colour;
    if (k < BC_HARAMI_RING) {
        if (k >= 1)
            s->short_sum += body; /* bars 1..10 */
        if (k < BC_HARAMI_AVG)
            s->long_sum += body;  /* bars 0..9 */
    } else {
        const double leaving_long = s->body[slot];                        /* bar k-11 */
        const double leaving_short = s->body[(slot + 1) % BC_HARAMI_RING]; /* bar k-10 */
        const double prev_body = s->body[(slot + BC_HARAMI_AVG) % BC_HARAMI_RING];
        code = BC_HARAMI_NONE;
        if (prev_body > 1.0 * (s->long_sum / BC_HARAMI_AVG) &&
            body <= 1.0 * (s->short_sum / BC_HARAMI_AVG) && top <= s->prev_top &&
            bottom >= s->prev_bottom)
            code = top < s->prev_top && bottom > s->prev_bottom ? BC_HARAMI_INSIDE
                                                                 : BC_HARAMI_TOUCHING;
        s->long_sum += prev_body - leaving_long;
        s->short_sum += body - leaving_short;
    }
    s->body[slot] = body;
    s->prev_top = top;
    s->prev_bottom = bottom;
    s->prev_colour = close >= open ? 1.0 : -1.0;
    s->seen = k + 1;
    return code;
}

#endif
