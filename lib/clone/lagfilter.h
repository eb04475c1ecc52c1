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
