/*
 * ret_window.h - the last n one-bar returns of the close (ret(1): close /
 * close@1 - 1) in a ring the caller's state holds, for the items that sum
 * their moments afresh each bar in slot order (tstat(n), skew(n)): one
 * place for the ring's filling and its mean.
 * Allocates nothing.
 */
#ifndef BC_FEATURES_RET_WINDOW_H
#define BC_FEATURES_RET_WINDOW_H

#include <stdint.h>

#include "step.h"

typedef struct bc_ret_window {
    int32_t n, pos;     /* pos: the slot of the next return */
    int32_t filled;     /* returns held, up to n */
    int32_t seen;       /* 1 once a close has come */
    double prev;        /* the previous close */
} bc_ret_window;

static inline void bc_ret_window_reset(bc_ret_window *w, int32_t n)
{
    w->n = n;
    w->pos = 0;
    w->filled = 0;
    w->seen = 0;
    w->prev = 0.0;
}

/* Takes the bar's close: its return goes into ring (w->n doubles); once n
 * returns are held, writes their mean (summed in slot order) to *mean and
 * returns 1, else 0 (the first close gives no return). */
static inline int bc_ret_window_push(bc_ret_window *w, double *ring, double close, double *mean)
{
    if (!w->seen) {
        w->seen = 1;
        w->prev = close;
        return 0;
    }
    const int32_t n = w->n;
    ring[w->pos] = bc_ret_value(close, w->prev);
    w->prev = close;
    if (++w->pos == n)
        w->pos = 0;
    if (w->filled < n)
        w->filled++;
    if (w->filled < n)
        return 0;
    double sum = 0.0;
    for (int32_t k = 0; k < n; k++)
        sum += ring[k];
    *mean = sum / n;
    return 1;
}

#endif
