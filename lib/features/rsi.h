/*
 * rsi.h - TA-Lib's RSI step (see rsi.c), shared by rsi's run() and the
 * streaming engine, which steps it inline.
 */
#ifndef BC_FEATURES_RSI_H
#define BC_FEATURES_RSI_H

#include <math.h>
#include "core/exact_fma.h" /* fma() rounds once on every platform */
#include <stdint.h>

typedef struct bc_rsi {
    int32_t n, count;   /* count: bars seen */
    double c1, inv_n;   /* (n-1)/n, 1/n */
    double prev, gain, loss;
} bc_rsi;

/* No bar seen, period n (rsi's reset, and stochrsi's rsi). */
static inline void bc_rsi_init(bc_rsi *s, int32_t n)
{
    s->n = n;
    s->c1 = (double)(n - 1) / n;
    s->inv_n = 1.0 / n;
    s->count = 0;
    s->prev = s->gain = s->loss = 0.0;
}

/* TA-Lib's TA_IS_ZERO. */
static inline int bc_rsi_is_zero(double v)
{
    return (-0.00000001 < v) && (v < 0.00000001);
}

static inline double bc_rsi_value(const bc_rsi *s)
{
    double sum = s->gain + s->loss;
    return bc_rsi_is_zero(sum) ? 0.0 : 100.0 * (s->gain / sum);
}

/* Steady state (after the first n changes): shared by bc_rsi_step and the
 * batch loop. */
static inline double bc_rsi_next(bc_rsi *s, double x)
{
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;   /* TA-Lib: d < 0 -> loss -= d, else gain += d */
    double down = d < 0.0 ? d : 0.0;
    s->loss = fma(s->loss, s->c1, -down * s->inv_n);
    s->gain = fma(s->gain, s->c1, up * s->inv_n);
    return bc_rsi_value(s);
}

static inline double bc_rsi_step(bc_rsi *s, double x)
{
    if (s->count > s->n)
        return bc_rsi_next(s, x);
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;
    double down = d < 0.0 ? d : 0.0;
    if (s->count == 0) { /* the first bar only sets prev */
        s->count = 1;
        return NAN;
    }
    s->loss -= down;
    s->gain += up;
    if (++s->count <= s->n)
        return NAN;
    s->loss /= s->n;
    s->gain /= s->n;
    return bc_rsi_value(s);
}

#endif
