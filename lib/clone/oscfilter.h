/*
 * oscfilter.h - the learned oscillator of the signal search
 * (oscfilter.c).
 */
#ifndef BC_CLONE_OSCFILTER_H
#define BC_CLONE_OSCFILTER_H

#include "clone/clone.h"

#include <stdint.h>

/* Items fit the search grid's names (search.c SEARCH_NAME_MAX). */
#define CLONE_OSCFILTER_ITEM_MAX 64
#define CLONE_OSCFILTER_MAX_ITEMS 4

/* The learned oscillator's items for the inputs' training bars
 * (start..end), windows whose lookback (n) is at most max_lookback (the
 * search's, for which start..end were split): items[0] and items[1] the
 * level items firosc(...) of the best and second best window (for the
 * search's level grid, cut at learned thresholds; items[1] "" when no
 * second window agrees on 60 %), items[2] and items[3] above and cross of
 * the best at its fit's level (grid signals); *n_items 4, or 0 when the
 * bot holds no side a filter of the
 * close changes explains (or with BC_CLONE_OSCFILTER=0 in the environment).
 * Errors: BC_E_OUT_OF_MEMORY. */
int32_t clone_oscfilter_items(const struct clone_search_input *in, int32_t n_in,
                              int32_t max_lookback, char (*items)[CLONE_OSCFILTER_ITEM_MAX],
                              int32_t *n_items);

#endif
