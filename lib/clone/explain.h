/*
 * explain.h - "explain the bot": readable rules fitted to a clone's own
 * decisions on bars (explain.c). The shallow CART and the threshold
 * snapping are here for the tests; the public entry is bc_model_explain.
 * Internal.
 */
#ifndef BC_CLONE_EXPLAIN_H
#define BC_CLONE_EXPLAIN_H

#include "botcopier.h"

#include <stdint.h>

#define CLONE_EXPLAIN_DEFAULT_DEPTH 3
#define CLONE_EXPLAIN_MAX_DEPTH 6
#define CLONE_EXPLAIN_DEFAULT_SUPPORT 5

/* The round threshold shown for a split between the training values
 * below < above (rows with x <= below go left, x >= above right): the
 * multiple of the largest power of ten that lies in (below, above] - the
 * number with the fewest significant digits that sends every training row
 * to the same side under "x < t" - and among those multiples the one
 * nearest the midpoint; 0 when below < 0 <= above. Both must be finite. */
double clone_explain_snap(double below, double above);

/* One split or leaf of a fitted tree: feature < 0 marks a leaf. Rows with
 * x < threshold go to left; x >= threshold and NaN go right. */
struct clone_cart_node {
    int32_t feature;
    double threshold;
    int32_t left, right;
    int32_t depth;
    int64_t rows, positives;
};

/* A binary CART (gini impurity, unweighted rows) on column-major
 * x[j * n + i] (n rows, m columns) and y[i] in {0, 1}: grows to max_depth
 * (1..CLONE_EXPLAIN_MAX_DEPTH), every leaf at least min_leaf rows, a split
 * only where it lowers the impurity; thresholds snapped by
 * clone_explain_snap among the node's rows. Ties go to the lower column,
 * then the lower threshold: the same data give the same tree. nodes gets
 * at most 2^(max_depth+1) - 1 entries, node 0 the root; *n_nodes its
 * count. Errors: BC_E_INVALID_ARGUMENT (bad sizes), BC_E_OUT_OF_MEMORY. */
int32_t clone_cart_fit(int64_t n, int32_t m, const double *x, const uint8_t *y, int32_t max_depth,
                       int64_t min_leaf, struct clone_cart_node *nodes, int32_t *n_nodes);

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
/* The rules of model's decisions on each series (bars[k], predictor
 * symbol symbols[k] or the model's own when symbols or symbols[k] is
 * NULL), pooled, measured on trades' own decisions too when trades is not
 * NULL: the JSON object bc_model_explain documents. */
int32_t clone_explain(const bc_model *model, const bc_bars *const *bars, const bc_trades *trades,
                      const char *const *symbols, int32_t n_series, int32_t max_depth,
                      int32_t min_support, json_t **out);
#endif

#endif
