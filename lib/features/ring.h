/*
 * ring.h - the ring of a kernel's last n values, shared by the kernels that
 * keep one (sma.h, step.h's lag, bbands, cci, kama, linreg, imi, relvol, crsi, adxr,
 * correl, chvol, mass, vol, zscore/mean, rank, stc, kst's and coppock's
 * closes, frama's and ckstop's highs/lows and ckstop's stops, rmi's closes,
 * ttf's highs/lows and the n before them; several rings pushed together are
 * several bc_rings; lib/export/feature_source.c's RING_* macros are
 * its steps as template text: RING_PUSH_IN is bc_ring_push's).
 * The state struct holds a bc_ring and its n doubles follow the struct (a
 * flexible array, sized by BC_RING_STATE_SIZE and pointed to at reset); pos
 * is the slot the next value goes to, which holds the oldest value once the
 * ring is full. Moves only: no arithmetic on the values, so a kernel's sums
 * keep their own order (a running sum that drops the oldest still reads it
 * with bc_ring_oldest or bc_ring_swap and subtracts it where it did;
 * TA-Lib SUM's running sums of a few series pushed together are sums.h's
 * bc_sums).
 */
#ifndef BC_FEATURES_RING_H
#define BC_FEATURES_RING_H

#include <stdint.h>

typedef struct bc_ring {
    int32_t n, filled, pos; /* filled: values held, up to n */
    double *slot;           /* n values */
} bc_ring;

/* Bytes of a state struct TYPE followed by a ring of N doubles. */
#define BC_RING_STATE_SIZE(TYPE, N) ((int64_t)sizeof(TYPE) + (int64_t)sizeof(double) * (N))

/* Empty; a slot is written before it is read. */
static inline void bc_ring_init(bc_ring *r, int32_t n, double *slot)
{
    r->n = n;
    r->slot = slot;
    r->filled = 0;
    r->pos = 0;
}

static inline void bc_ring_reset(bc_ring *r)
{
    r->filled = 0;
    r->pos = 0;
}

static inline int bc_ring_full(const bc_ring *r)
{
    return r->filled == r->n;
}

/* The value in the next slot: once full, the oldest of the last n. */
static inline double bc_ring_oldest(const bc_ring *r)
{
    return r->slot[r->pos];
}

/* The slot after k (a walk from pos visits the values oldest first). */
static inline int32_t bc_ring_next(const bc_ring *r, int32_t k)
{
    return k + 1 == r->n ? 0 : k + 1;
}

/* The value k slots before slot at (0 <= k < n): k bars before the value
 * pushed into at. */
static inline double bc_ring_ago(const bc_ring *r, int32_t at, int32_t k)
{
    return r->slot[at >= k ? at - k : at - k + r->n];
}

/* x into the next slot, returning the value it replaces (the oldest once
 * full); filled is left as it is (for a full ring, or a kernel that counts
 * its values itself). */
static inline double bc_ring_swap(bc_ring *r, double x)
{
    double old = r->slot[r->pos];
    r->slot[r->pos] = x;
    if (++r->pos == r->n)
        r->pos = 0;
    return old;
}

/* x into the next slot, counting it up to n. */
static inline void bc_ring_push(bc_ring *r, double x)
{
    r->slot[r->pos] = x;
    if (++r->pos == r->n)
        r->pos = 0;
    if (r->filled < r->n)
        r->filled++;
}

#endif
