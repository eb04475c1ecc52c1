/*
 * step.h - one-bar steps of the small kinds (cross, above, diff, ratio,
 * since, lag, ret, hour, hour_is, session), shared by their run() kernels and by the streaming
 * engine, which inlines them instead of calling run() with n = 1 (about
 * half the nodes of a typical spec are these, and the call plus the block
 * machinery of run() cost more than the step). One definition, so both
 * paths compute the same bits.
 */
#ifndef BC_FEATURES_STEP_H
#define BC_FEATURES_STEP_H

#include <math.h>
#include <stdint.h>

#include "ring.h"

/* cross(a,b): +1 where a goes from <= b to > b, -1 from >= b to < b, 0
 * otherwise and on the first bar both exist; NaN while either is NaN. */
typedef struct bc_cross_state {
    int32_t have_prev;
    double prev_a, prev_b;
} bc_cross_state;

static inline double bc_cross_step(bc_cross_state *s, double a, double b)
{
    if (isnan(a) || isnan(b)) {
        s->have_prev = 0;
        return NAN;
    }
    double out = 0.0;
    if (s->have_prev) {
        if (s->prev_a <= s->prev_b && a > b)
            out = 1.0;
        else if (s->prev_a >= s->prev_b && a < b)
            out = -1.0;
    }
    s->have_prev = 1;
    s->prev_a = a;
    s->prev_b = b;
    return out;
}

/* above(a,b): 1 where a > b, else 0; NaN while either is NaN. */
static inline double bc_above_value(double a, double b)
{
    return isnan(a) || isnan(b) ? (double)NAN : a > b ? 1.0 : 0.0;
}

/* and(a,b): 1 where a > 0 and b > 0, else 0; NaN while either is NaN. */
static inline double bc_and_value(double a, double b)
{
    return isnan(a) || isnan(b) ? (double)NAN : a > 0.0 && b > 0.0 ? 1.0 : 0.0;
}

/* ratio(a,b): a / b; NaN while either is NaN (b = 0 gives +-inf or NaN,
 * which the one non-finite rule turns into NaN). */
static inline double bc_ratio_value(double a, double b)
{
    return a / b;
}

/* since(e): bars since e was last nonzero (0 on such a bar, 1 on the next,
 * ...); NaN before the first such bar and on bars where e is NaN, which
 * still count as bars. */
typedef struct bc_since_state {
    int32_t have_event;
    double bars;        /* exact: a double counts to 2^53 */
} bc_since_state;

static inline double bc_since_step(bc_since_state *s, double e)
{
    s->bars += 1.0;
    if (e != 0.0 && !isnan(e)) {
        s->have_event = 1;
        s->bars = 0.0;
    }
    return s->have_event && !isnan(e) ? s->bars : (double)NAN;
}

/* x@k: a ring of k+1 values (ring.h, bc_ring_init with n = k + 1); NaN for
 * the first k bars, then the oldest value, k bars before x. */
typedef bc_ring bc_lag_core;

static inline double bc_lag_step(bc_lag_core *s, double x)
{
    bc_ring_push(s, x);
    if (!bc_ring_full(s))
        return NAN;
    return bc_ring_oldest(s);
}

/* ret(n) from the close x and the close n bars ago (a lag ring of n+1
 * closes gives it; NaN while there is none). */
static inline double bc_ret_value(double x, double old)
{
    return x / old - 1.0;
}

/* Seconds into the UTC day of t, 0..86399 (floor, also before 1970). */
static inline int64_t bc_second_of_day(int64_t t)
{
    int64_t s = t % 86400;
    return s < 0 ? s + 86400 : s;
}

/* hour: hour + minute/60 of the bar's time stamp, 0 <= h < 24. */
static inline double bc_hour_value(int64_t t)
{
    return (double)(bc_second_of_day(t) / 60) / 60.0;
}

/* hour_is(k) (h0 = k, h1 = k+1) and session(h0,h1) with h0 < h1: 1 inside
 * [h0, h1), else 0 (exact: floor(h) >= k iff h >= k for a whole k). */
static inline double bc_session_in(double h, double h0, double h1)
{
    return h >= h0 && h < h1 ? 1.0 : 0.0;
}

/* session(h0,h1) with h0 > h1: wraps past midnight. */
static inline double bc_session_wrap(double h, double h0, double h1)
{
    return h >= h0 || h < h1 ? 1.0 : 0.0;
}

#endif
