/*
 * atr.h - TA-Lib's average true range step (ATR): true range from bar 1,
 * seeded with the SMA of the first n true ranges (summed left to right),
 * then Wilder smoothing atr = (atr*(n-1) + tr)/n, evaluated as
 * fma(atr, (n-1)/n, tr/n). NaN for the first n bars (lookback n). Shared by
 * atr and squeeze.
 */
#ifndef BC_FEATURES_ATR_H
#define BC_FEATURES_ATR_H

#include <math.h>
#include "core/exact_fma.h" /* fma() rounds once on every platform */
#include <stdint.h>
#include "true_range.h"

typedef struct bc_atr {
    int32_t n, count;  /* count: bars seen */
    double c1, inv_n;  /* (n-1)/n, 1/n */
    double prev_close, value;
} bc_atr;

static inline void bc_atr_init(bc_atr *s, int32_t n)
{
    s->n = n;
    s->c1 = (double)(n - 1) / n;
    s->inv_n = 1.0 / n;
    s->count = 0;
    s->prev_close = s->value = 0.0;
}

/* Steady state (after the seed): shared by bc_atr_step and batch loops. */
static inline double bc_atr_next(bc_atr *s, double high, double low, double close)
{
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    s->value = fma(s->value, s->c1, tr * s->inv_n);
    return s->value;
}

static inline int bc_atr_seeded(const bc_atr *s)
{
    return s->count > s->n;
}

static inline double bc_atr_step(bc_atr *s, double high, double low, double close)
{
    if (s->count > s->n)
        return bc_atr_next(s, high, low, close);
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    if (s->count++ == 0)
        return NAN;
    s->value += tr; /* the seed sum, 0 + tr1 + ... + trn */
    if (s->count <= s->n)
        return NAN;
    s->value /= s->n;
    return s->value;
}

#endif
