/*
 * ema.h - TA-Lib's exponential moving average step (INT_EMA with
 * TA_COMPATIBILITY_DEFAULT): seeded with the SMA of the first n values
 * (summed left to right), then prev = (x - prev) * k + prev, k = 2/(n+1).
 * Shared by ema and macd (three EMAs).
 */
#ifndef BC_FEATURES_EMA_H
#define BC_FEATURES_EMA_H

#include <math.h>
#include <stdint.h>

typedef struct bc_ema {
    int32_t n, count;
    double k, sum, value;
} bc_ema;

static inline void bc_ema_init(bc_ema *e, int32_t n)
{
    e->n = n;
    e->k = 2.0 / ((double)(n + 1)); /* TA-Lib PER_TO_K */
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

/* NaN for the first n-1 values (lookback n-1), then the EMA. */
static inline double bc_ema_step(bc_ema *e, double x)
{
    if (e->count >= e->n) {
        e->value = ((x - e->value) * e->k) + e->value;
        return e->value;
    }
    e->sum += x;
    if (++e->count < e->n)
        return NAN;
    e->value = e->sum / e->n;
    return e->value;
}

#endif
