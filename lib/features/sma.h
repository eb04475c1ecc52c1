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

typedef struct bc_sma {
    int32_t n, filled, pos;
    double inv_n, sum;
    double *ring;   /* n values */
} bc_sma;

static inline void bc_sma_init(bc_sma *s, int32_t n, double *ring)
{
    s->n = n;
    s->inv_n = 1.0 / n;
    s->ring = ring;
    s->filled = 0;
    s->pos = 0;
    s->sum = 0.0;
}

static inline void bc_sma_reset(bc_sma *s)
{
    s->filled = 0;
    s->pos = 0;
    s->sum = 0.0;
}

/* The step once the window is full: the only arithmetic of the steady
 * state, used by bc_sma_step and by batch loops that skip its branch. */
static inline double bc_sma_next(bc_sma *s, double x)
{
    double old = s->ring[s->pos];
    s->ring[s->pos] = x;
    if (++s->pos == s->n)
        s->pos = 0;
    s->sum += x - old;
    return s->sum * s->inv_n;
}

static inline int bc_sma_full(const bc_sma *s)
{
    return s->filled == s->n;
}

/* NaN for the first n-1 values (TA-Lib lookback n-1), then the mean. */
static inline double bc_sma_step(bc_sma *s, double x)
{
    if (s->filled == s->n)
        return bc_sma_next(s, x);
    s->ring[s->pos] = x;
    if (++s->pos == s->n)
        s->pos = 0;
    s->sum += x;
    if (++s->filled < s->n)
        return NAN;
    return s->sum * s->inv_n;
}

#endif
