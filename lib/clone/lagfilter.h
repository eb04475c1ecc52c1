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
int32_t clone_lagfilter_items(const struct clone_search_input *in, int32_t n_in,
                              int32_t max_lookback, char (*items)[CLONE_LAGFILTER_ITEM_MAX],
                              int32_t *n_items);

#endif
