/*
 * rsi.h - TA-Lib's RSI step (see rsi.c), shared by rsi's run() and the
 * streaming engine, which steps it inline, and by cmo's run(): TA-Lib's CMO
 * is the same Wilder smoothing of gains and losses read as 100*(g-l)/(g+l).
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

/* The zero test of g+l: TA-Lib C 0.8.1 (the PyPI ta-lib 0.8.2 wheel, the
 * reference) writes 0 only where the sum is 0, at any price scale (measured
 * down to prices of 1e-200); TA-Lib 0.4's absolute band |v| < 1e-8 zeroed
 * every rsi of a series priced below about 1e-6. The sum is never negative. */
static inline int bc_rsi_is_zero(double v)
{
    return v == 0.0;
}

static inline double bc_rsi_value(const bc_rsi *s)
{
    double sum = s->gain + s->loss;
    return bc_rsi_is_zero(sum) ? 0.0 : 100.0 * (s->gain / sum);
}

/* TA-Lib's CMO of the same averages: 100*(g-l)/(g+l), 0 when g+l is
 * TA_IS_ZERO (ta_CMO.c). */
static inline double bc_cmo_value(const bc_rsi *s)
{
    double sum = s->gain + s->loss;
    return bc_rsi_is_zero(sum) ? 0.0 : 100.0 * ((s->gain - s->loss) / sum);
}

/* Steady state (after the first n changes): shared by bc_rsi_advance and
 * the batch loops. */
static inline void bc_rsi_smooth(bc_rsi *s, double x)
{
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;   /* TA-Lib: d < 0 -> loss -= d, else gain += d */
    double down = d < 0.0 ? d : 0.0;
    s->loss = fma(s->loss, s->c1, -down * s->inv_n);
    s->gain = fma(s->gain, s->c1, up * s->inv_n);
}

static inline double bc_rsi_next(bc_rsi *s, double x)
{
    bc_rsi_smooth(s, x);
    return bc_rsi_value(s);
}

/* One close into the averages; 1 once they hold the first n changes (the
 * first bar only sets prev). */
static inline int bc_rsi_advance(bc_rsi *s, double x)
{
    if (s->count > s->n) {
        bc_rsi_smooth(s, x);
        return 1;
    }
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;
    double down = d < 0.0 ? d : 0.0;
    if (s->count == 0) {
        s->count = 1;
        return 0;
    }
    s->loss -= down;
    s->gain += up;
    if (++s->count <= s->n)
        return 0;
    s->loss /= s->n;
    s->gain /= s->n;
    return 1;
}

static inline double bc_rsi_step(bc_rsi *s, double x)
{
    return bc_rsi_advance(s, x) ? bc_rsi_value(s) : NAN;
}

#endif
