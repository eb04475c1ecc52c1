/*
 * sums.h - n-bar running sums of a few series pushed together, in TA-Lib
 * SUM's order: each bar's terms are added, the sums read, then the
 * window's oldest terms subtracted (the first n-1 terms only fill the
 * sums), so a sum equals float64's talib.SUM(term, n) bit for bit. Shared
 * by tcf (plus - cf-, minus - cf+), tdrei (v, a) and vortex (VM+, VM-,
 * TR); lib/export/feature_source.c's SUMS_* macros are its steps as
 * template text.
 * The ring holds the last n bars' terms, k per slot (k, the series count,
 * a constant of the kernel's passed to each push); slot pos is the next
 * one, and once n terms are in, it holds the oldest. The state struct
 * holds a bc_sums and its n*k doubles follow the struct (a flexible array,
 * sized by BC_SUMS_STATE_SIZE and pointed to at init). Each sum sees the
 * same adds and subtracts in the same order as the kernels' own scalar
 * sums did before it, so their results are unchanged to the bit.
 */
#ifndef BC_FEATURES_SUMS_H
#define BC_FEATURES_SUMS_H

#include <stdint.h>

enum { BC_SUMS_MAX = 3 }; /* series per bc_sums, at most */

typedef struct bc_sums {
    int32_t n, pos;          /* n terms of each series; pos: the next slot */
    int32_t terms;           /* terms seen, up to n */
    double sum[BC_SUMS_MAX]; /* the first k used */
    double *slot;            /* n slots of k terms */
} bc_sums;

/* Bytes of a state struct TYPE followed by the ring of N slots of K terms. */
#define BC_SUMS_STATE_SIZE(TYPE, K, N) \
    ((int64_t)sizeof(TYPE) + (int64_t)sizeof(double) * (K) * (N))

static inline void bc_sums_reset(bc_sums *s)
{
    s->pos = s->terms = 0;
    for (int32_t j = 0; j < BC_SUMS_MAX; j++)
        s->sum[j] = 0.0;
}

/* Empty sums over n terms of each series; a slot is written before it is
 * read. */
static inline void bc_sums_init(bc_sums *s, int32_t n, double *slot)
{
    s->n = n;
    s->slot = slot;
    bc_sums_reset(s);
}

/* One bar's k terms x[0..k-1] in; 1 when the sums hold n terms, their
 * values then in out[0..k-1] (read before the oldest terms leave), else 0
 * and out untouched. k (1..BC_SUMS_MAX) is the series count, the same at
 * every push and in BC_SUMS_STATE_SIZE: a kernel's constant, so that once
 * inlined the loops unroll and the sums stay in registers. */
static inline int bc_sums_push(bc_sums *s, int32_t k, const double *x, double *out)
{
    double *in = s->slot + (int64_t)k * s->pos;
    for (int32_t j = 0; j < k; j++)
        in[j] = x[j];
    if (++s->pos == s->n)
        s->pos = 0;
    for (int32_t j = 0; j < k; j++)
        s->sum[j] += x[j];
    if (s->terms < s->n && ++s->terms < s->n) /* the first n-1 terms fill the sums */
        return 0;
    for (int32_t j = 0; j < k; j++)
        out[j] = s->sum[j];
    /* the ring is full, so the next slot holds the window's oldest terms */
    const double *oldest = s->slot + (int64_t)k * s->pos;
    for (int32_t j = 0; j < k; j++)
        s->sum[j] -= oldest[j];
    return 1;
}

#endif
