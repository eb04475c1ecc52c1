/*
 * lagfilter.h - the learned moving average of the signal search
 * (lagfilter.c).
 */
#ifndef BC_CLONE_LAGFILTER_H
#define BC_CLONE_LAGFILTER_H

#include "clone/clone.h"

#include <stdint.h>

/* Items fit the search grid's names (search.c SEARCH_NAME_MAX). */
#define CLONE_LAGFILTER_ITEM_MAX 64
#define CLONE_LAGFILTER_MAX_ITEMS 2

/* The learned filter's items for the inputs' training bars (start..end),
 * windows whose lookback (n-1) is at most max_lookback (the search's, for
 * which start..end were split),
 * at most CLONE_LAGFILTER_MAX_ITEMS into items, their count in *n_items (0
 * when the bot holds no side a filter explains, or with
 * BC_CLONE_LAGFILTER=0 in the environment). Errors: BC_E_OUT_OF_MEMORY,
 * feature engine errors. */
/* The side held after bar t's decision on the search input: +1, -1, 0;
 * 2 to leave the bar out (a skipped label). Both learned filters'. */
int clone_filter_side_after(const struct clone_search_input *in, int32_t t);

/* What a learned filter fits for these inputs' training bars: 0 long
 * against short, 1 long against flat, 2 short against flat, -1 nothing
 * (the bot holds one side only); *bars the training bars counted. */
int clone_filter_mode(const struct clone_search_input *in, int32_t n_in, int64_t *bars);

/* Adds d at the window place v (-1..1) to the first four Legendre sums
 * z[0..3] of a learned filter's row. */
static inline void clone_filter_legendre_add(double *z, double v, double d)
{
    z[0] += d;
    z[1] += v * d;
    z[2] += 0.5 * (3.0 * v * v - 1.0) * d;
    z[3] += 0.5 * (5.0 * v * v - 3.0) * v * d;
}

/* The one fit of both learned filters (this and oscfilter.c): the
 * library's logistic trainer (no normalization, no validation split, l2
 * 1e-6, one thread) on rows x basis inputs x and the side held y (0/1);
 * a[basis] the class-1 minus class-0 weights, *b (when b is not NULL) the
 * intercepts' difference. Errors: the trainer's; BC_E_INTERNAL when the fit
 * is not one layer of `basis` inputs. */
int32_t clone_filter_side_fit(const float *x, const int32_t *y, int32_t rows, int32_t basis,
                              double *a, double *b);

int32_t clone_lagfilter_items(const struct clone_search_input *in, int32_t n_in,
                              int32_t max_lookback, char (*items)[CLONE_LAGFILTER_ITEM_MAX],
                              int32_t *n_items);

#endif
