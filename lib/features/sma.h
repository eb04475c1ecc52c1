/*
 * sma.h - TA-Lib's simple moving average step (INT_SMA's running sum: add
 * the new value, take sum/n, then subtract the value leaving the window), in
 * one place for sma, stoch's slow %K/%D. State only; the ring is the caller's.
 */
#ifndef BC_FEATURES_SMA_H
#define BC_FEATURES_SMA_H

#include <math.h>
#include <stdint.h>

typedef struct bc_sma {
    int32_t n, filled, pos;
    double sum;
    double *ring;   /* n values */
} bc_sma;

static inline void bc_sma_reset(bc_sma *s)
{
    s->filled = 0;
    s->pos = 0;
    s->sum = 0.0;
}

/* NaN for the first n-1 values (TA-Lib lookback n-1), then the mean. */
static inline double bc_sma_step(bc_sma *s, double x)
{
    s->sum += x;
    s->ring[s->pos] = x;
    if (++s->pos == s->n)
        s->pos = 0;
    if (s->filled < s->n - 1) {
        s->filled++;
        return NAN;
    }
    double out = s->sum / s->n;
    s->sum -= s->ring[s->pos]; /* oldest of the window just used */
    return out;
}

#endif
