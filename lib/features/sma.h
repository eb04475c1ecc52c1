/*
 * sma.h - the simple moving average step shared by sma, bbands' middle band
 * and stoch's slow %K/%D: TA-Lib's definition (mean of the last n values,
 * lookback n-1). The window sum is kept as sum += x - oldest and the mean is
 * sum * (1/n): one add on the dependency chain per bar instead of TA-Lib's
 * add-then-subtract and divide; the difference is at the rounding level
 * (~1e-15 relative, see tests against TA-Lib).
 */
#ifndef BC_FEATURES_SMA_H
#define BC_FEATURES_SMA_H

#include <math.h>
#include <stdint.h>

#include "ring.h"

typedef struct bc_sma {
    bc_ring r;      /* n values */
    double inv_n, sum;
} bc_sma;

static inline void bc_sma_init(bc_sma *s, int32_t n, double *ring)
{
    bc_ring_init(&s->r, n, ring);
    s->inv_n = 1.0 / n;
    s->sum = 0.0;
}

static inline void bc_sma_reset(bc_sma *s)
{
    bc_ring_reset(&s->r);
    s->sum = 0.0;
}

/* The step once the window is full: the only arithmetic of the steady
 * state, used by bc_sma_step and by batch loops that skip its branch. */
static inline double bc_sma_next(bc_sma *s, double x)
{
    double old = bc_ring_swap(&s->r, x);
    s->sum += x - old;
    return s->sum * s->inv_n;
}

static inline int bc_sma_full(const bc_sma *s)
{
    return bc_ring_full(&s->r);
}

/* NaN for the first n-1 values (TA-Lib lookback n-1), then the mean. */
static inline double bc_sma_step(bc_sma *s, double x)
{
    if (bc_ring_full(&s->r))
        return bc_sma_next(s, x);
    bc_ring_push(&s->r, x);
    s->sum += x;
    if (!bc_ring_full(&s->r))
        return NAN;
    return s->sum * s->inv_n;
}

#endif
