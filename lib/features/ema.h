/*
 * ema.h - TA-Lib's exponential moving average step (INT_EMA with
 * TA_COMPATIBILITY_DEFAULT): seeded with the SMA of the first n values
 * (summed left to right), then prev = prev + k*(x - prev), k = 2/(n+1),
 * evaluated as fma(prev, 1-k, x*k) so one fused multiply-add sits on the
 * dependency chain (TA-Lib's order differs at the rounding level).
 * Shared by ema and macd (three EMAs).
 */
#ifndef BC_FEATURES_EMA_H
#define BC_FEATURES_EMA_H

#include <math.h>
#include <stdint.h>

typedef struct bc_ema {
    int32_t n, count;
    double k, k1, sum, value;   /* k1 = 1 - k */
} bc_ema;

static inline void bc_ema_init(bc_ema *e, int32_t n)
{
    e->n = n;
    e->k = 2.0 / ((double)(n + 1)); /* TA-Lib PER_TO_K */
    e->k1 = 1.0 - e->k;
    e->count = 0;
    e->sum = 0.0;
    e->value = 0.0;
}

static inline void bc_ema_reset(bc_ema *e)
{
    e->count = 0;
    e->sum = 0.0;
    e->value = 0.0;
}

/* The steady-state step (after the seed), shared by bc_ema_step and batch
 * loops that skip its branch. */
static inline double bc_ema_next(bc_ema *e, double x)
{
    e->value = fma(e->value, e->k1, x * e->k);
    return e->value;
}

static inline int bc_ema_seeded(const bc_ema *e)
{
    return e->count >= e->n;
}

/* NaN for the first n-1 values (lookback n-1), then the EMA. */
static inline double bc_ema_step(bc_ema *e, double x)
{
    if (e->count >= e->n)
        return bc_ema_next(e, x);
    e->sum += x;
    if (++e->count < e->n)
        return NAN;
    e->value = e->sum / e->n;
    return e->value;
}

#endif
