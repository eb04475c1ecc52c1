/*
 * hilbert.h - the steps TA-Lib's Hilbert-transform family shares (MAMA,
 * HT_DCPERIOD, HT_SINE, HT_TRENDMODE), the same operations in the same
 * order, no contraction; used by mama.c and ht.c:
 *
 *   price smoother  s = (4 x + 3 x@1 + 2 x@2 + x@3) x 0.1, kept as TA-Lib's
 *                   running WMA sums (sum += 4x, then sum -= sub, where sub
 *                   is the last four closes), from bar 3 on (TA-Lib's
 *                   unrolled start gives the first three bars weights 1, 2,
 *                   3 and no value);
 *   Hilbert steps   from the caller's start bar on, with adj = 0.075 period
 *                   + 0.54 (period of the bar before, 0 at the start): four
 *                   filters h(u) = (0.0962 u - 0.0962 u@6 + 0.5769 u@2 -
 *                   0.5769 u@4) x adj, as TA-Lib runs them: one bank for
 *                   even bars and one for odd bars (bar parity counted from
 *                   the first bar), each holding its own three last a x u
 *                   in a ring whose index moves on even bars only, and its
 *                   own last two inputs; detrender = h(s), Q1 =
 *                   h(detrender), jI = h(I1), jQ = h(Q1), where I1 is the
 *                   detrender of the same parity three steps back (the
 *                   other parity's value is stored for it, TA-Lib's
 *                   I1ForEven/OddPrev2/3); I2 = 0.2 (I1 - jQ) + 0.8 I2@1,
 *                   Q2 = 0.2 (Q1 + jI) + 0.8 Q2@1;
 *   period          Re = 0.2 (I2 I2@1 + Q2 Q2@1) + 0.8 Re@1, Im = 0.2 (I2
 *                   Q2@1 - Q2 I2@1) + 0.8 Im@1; where both are non-zero
 *                   period = 360 / atan(Im / Re) in degrees (else it stays);
 *                   then between 0.67 and 1.5 times the period before, then
 *                   between 6 and 50, then 0.2 period + 0.8 period before.
 *
 * The caller counts the bars (k, from 0) and decides where the Hilbert
 * steps start (MAMA and HT_DCPERIOD at bar 12, HT_SINE and HT_TRENDMODE at
 * bar 37: TA-Lib's 9 or 34 WMA warm-up bars after the 3 of its start).
 * Missing bars never reach the kernels, so the parity counts the bars with
 * a close, as TA-Lib counts its input from the first finite value. Plain
 * state, no allocation.
 */
#ifndef BC_FEATURES_HILBERT_H
#define BC_FEATURES_HILBERT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define BC_HT_A 0.0962
#define BC_HT_B 0.5769

enum { BC_HT_DET, BC_HT_Q1, BC_HT_JI, BC_HT_JQ, BC_HT_FILTERS };

/* One of TA-Lib's Hilbert filters for one parity. */
typedef struct bc_ht_filter {
    double ring[3];   /* BC_HT_A x input of the last three steps of this parity */
    double prev;      /* BC_HT_B x the input before last */
    double prev_in;   /* the last input */
} bc_ht_filter;

typedef struct bc_hilbert {
    int32_t odd;            /* parity of the next bar */
    int32_t p;              /* parity of the bar last smoothed */
    int32_t idx;            /* ring index, moved on even bars */
    double rad2deg;
    double x1, x2, x3;      /* the last three closes */
    double wsub, wsum, trail;
    bc_ht_filter f[2][BC_HT_FILTERS]; /* [0] even bars, [1] odd bars */
    double i1_prev2[2], i1_prev3[2]; /* [p]: the detrender kept for parity p */
    double period, prev_q2, prev_i2, re, im;
} bc_hilbert;

static inline void bc_hilbert_reset(bc_hilbert *h)
{
    memset(h, 0, sizeof *h);
    h->rad2deg = 180.0 / (4.0 * atan(1.0)); /* TA-Lib's 45 / atan(1), the same bits */
}

static inline double bc_ht_filter_step(bc_ht_filter *f, int32_t idx, double in, double adj)
{
    double t = BC_HT_A * in;
    double out = 0.0 - f->ring[idx];
    f->ring[idx] = t;
    out += t;
    out -= f->prev;
    f->prev = BC_HT_B * f->prev_in;
    out += f->prev;
    f->prev_in = in;
    return out * adj;
}

/* Bar k (bars before it, from 0) with close x: moves the parity and the
 * WMA sums; returns the smoothed price from bar 3 on, NaN before. */
static inline double bc_hilbert_smooth(bc_hilbert *h, int32_t k, double x)
{
    h->p = h->odd;
    h->odd ^= 1;
    if (k < 3) { /* TA-Lib's unrolled WMA start: weights 1, 2, 3 */
        h->wsub = k == 0 ? x : h->wsub + x;
        h->wsum = k == 0 ? x : h->wsum + x * (double)(k + 1);
        h->x3 = h->x2;
        h->x2 = h->x1;
        h->x1 = x;
        return NAN;
    }
    h->wsub += x;
    h->wsub -= h->trail;
    h->wsum += x * 4.0;
    h->trail = h->x3;
    h->x3 = h->x2;
    h->x2 = h->x1;
    h->x1 = x;
    double smooth = h->wsum * 0.1;
    h->wsum -= h->wsub;
    return smooth;
}

/* The Hilbert steps and the period update on the bar just smoothed (its
 * smoothed price s); *i1 and *q1 get its in-phase and quadrature parts. */
static inline void bc_hilbert_step(bc_hilbert *h, double s, double *i1_out, double *q1_out)
{
    int32_t p = h->p;
    double adj = 0.075 * h->period + 0.54;
    bc_ht_filter *f = h->f[p];
    int32_t idx = h->idx;
    double i1 = h->i1_prev3[p];
    double det = bc_ht_filter_step(&f[BC_HT_DET], idx, s, adj);
    double q1 = bc_ht_filter_step(&f[BC_HT_Q1], idx, det, adj);
    double ji = bc_ht_filter_step(&f[BC_HT_JI], idx, i1, adj);
    double jq = bc_ht_filter_step(&f[BC_HT_JQ], idx, q1, adj);
    if (p == 0 && ++h->idx == 3)
        h->idx = 0;
    double q2 = 0.2 * (q1 + ji) + 0.8 * h->prev_q2;
    double i2 = 0.2 * (i1 - jq) + 0.8 * h->prev_i2;
    h->i1_prev3[p ^ 1] = h->i1_prev2[p ^ 1];
    h->i1_prev2[p ^ 1] = det;
    *i1_out = i1;
    *q1_out = q1;

    h->re = 0.2 * (i2 * h->prev_i2 + q2 * h->prev_q2) + 0.8 * h->re;
    h->im = 0.2 * (i2 * h->prev_q2 - q2 * h->prev_i2) + 0.8 * h->im;
    h->prev_q2 = q2;
    h->prev_i2 = i2;
    double before = h->period, period = before;
    if (h->im != 0.0 && h->re != 0.0)
        period = 360.0 / (atan(h->im / h->re) * h->rad2deg);
    double bound = 1.5 * before;
    if (period > bound)
        period = bound;
    bound = 0.67 * before;
    if (period < bound)
        period = bound;
    if (period < 6)
        period = 6;
    else if (period > 50)
        period = 50;
    h->period = 0.2 * period + 0.8 * before;
}

#endif
