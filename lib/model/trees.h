/*
 * trees.h - the tree-ensemble model kind: gradient-boosted decision trees
 * for C classes, stored in the library's own form so that inference needs
 * no XGBoost anywhere (predictor, DLL, generated MQL5/C, ONNX). Internal;
 * a bc_model of kind BC_MODEL_TREES owns one.
 *
 * The arithmetic, per raw row x[F] (XGBoost's prediction rule, to the bit):
 *   v = (float)x[j]; a non-finite v is "missing"
 *   at a split node: missing -> the node's default branch,
 *                    v < threshold (float compare) -> left, else right
 *   margin[c] = base_score[c] (float), then += the leaf value of every tree
 *               whose class is c, in tree order, in float
 *   probs = softmax(margin) in double
 * Nodes of all trees live in one flat array; a tree's children are global
 * node indices inside that tree's own range.
 */
#ifndef BC_MODEL_TREES_H
#define BC_MODEL_TREES_H

#include <math.h>
#include <stdint.h>

/* Most trees and nodes a model may hold (a bound for file loading). */
#define BC_TREES_MAX_TREES (1 << 20)
#define BC_TREES_MAX_NODES (1 << 26)

/* The evaluation layout (derived from the arrays below by
 * bc_trees_validate, never stored): one 16-byte node per array node, each
 * tree's nodes contiguous from its root, a split's two children adjacent
 * (right = left + 1) so a step is one load and a branch-free choice. */
typedef struct bc_tree_node {
    float value;     /* split threshold, or leaf value */
    int32_t feature; /* split feature, -1 for a leaf */
    int32_t left;    /* packed index of the left child (right: left + 1) */
    int32_t missing; /* packed index of the child a missing value takes */
} bc_tree_node;

typedef struct bc_trees {
    int32_t n_classes;
    int32_t n_trees;
    int32_t n_nodes;
    int32_t max_depth;     /* deepest root-to-leaf path (derived, not stored) */
    float *base_score;     /* [C] initial margin of each class */
    int32_t *tree_start;   /* [n_trees + 1] first node of each tree */
    int32_t *tree_class;   /* [n_trees] class whose margin the tree adds to */
    int32_t *feature;      /* [n_nodes] split feature, -1 for a leaf */
    float *value;          /* [n_nodes] split threshold, or leaf value */
    int32_t *left, *right; /* [n_nodes] children (global), -1 for a leaf */
    uint8_t *default_left; /* [n_nodes] 1: missing goes left */
    bc_tree_node *packed;  /* [n_nodes] evaluation layout (NULL until
                            * bc_trees_validate); packed[tree_start[k]] is
                            * tree k's root */
    struct bc_trees_plan *plan; /* two-pass evaluation (trees.c), derived
                                 * with packed when the trees are
                                 * round-major; NULL: the packed walk */
} bc_trees;

/* Allocates arrays for n_trees trees and n_nodes nodes (contents zeroed,
 * children -1). BC_E_INVALID_ARGUMENT for out-of-range sizes,
 * BC_E_OUT_OF_MEMORY. */
int32_t bc_trees_alloc(int32_t n_classes, int32_t n_trees, int32_t n_nodes, bc_trees **out);
void bc_trees_free(bc_trees *t);
int32_t bc_trees_clone(const bc_trees *t, bc_trees **out);

/* A copy of t's first n_trees trees (its nodes [0, tree_start[n_trees]),
 * base scores kept), validated and packed for n_features inputs. A prefix
 * of whole boosting rounds (n_trees = rounds x n_classes) is what XGBoost's
 * iteration_range (0, rounds) predicts with: the same leaves added in the
 * same float order, so its raw scores stay bit for bit XGBoost's.
 * BC_E_INVALID_ARGUMENT when n_trees is not in 1..t->n_trees,
 * BC_E_OUT_OF_MEMORY. */
int32_t bc_trees_prefix(const bc_trees *t, int32_t n_trees, int32_t n_features, bc_trees **out);

/* Checks every invariant for n_features inputs: tree ranges ascending and
 * covering the nodes, children inside their own tree and later than their
 * parent (so there are no cycles), features in range, finite values and
 * base scores, classes in range. Sets max_depth and builds the packed
 * evaluation layout. BC_E_CORRUPT naming the first violation,
 * BC_E_OUT_OF_MEMORY. */
int32_t bc_trees_validate(const bc_trees *t, int32_t n_features);

/* Whether a row with value v at split node goes left there: v < the
 * split's value, a NaN (or infinite) v the node's default branch
 * (bc_trees_goes_left_at: at a split of that value and default); the
 * arrays' walk (the training-time passes over the rows; the forward pass
 * reads the packed nodes). */
static inline int bc_trees_goes_left_at(float value, uint8_t default_left, float v)
{
    return isfinite(v) ? v < value : default_left != 0;
}

static inline int bc_trees_goes_left(const bc_trees *t, int32_t node, float v)
{
    return bc_trees_goes_left_at(t->value[node], t->default_left[node], v);
}

/* Moves split thresholds to round values that keep the n rows
 * x[n][n_features] (the training rows) on the sides they took: at a split
 * on column j, lo is the largest finite x[.][j] among the rows that reach
 * it and go left (x < threshold), hi the smallest among those that go
 * right (x >= threshold). Where hi - lo >= min_gap * max(|lo|, |hi|) (a
 * real gap, not two neighbouring values), the threshold becomes the float
 * t' with lo < t' <= hi that is a multiple of the largest power of ten
 * with one in the gap (down to about 1e-10 of the values), of those the
 * nearest the old threshold (ties: the smaller). Every row of x reaches
 * the same leaf in every tree before and after, so its margins are bit
 * for bit unchanged; rows outside it that fall in a gap see the round
 * level (XGBoost's hist method puts a threshold on a histogram cut, a
 * training value). A split no row reaches on both sides keeps its
 * threshold. *n_moved (may be NULL): the splits moved. Re-validates and
 * re-packs t. BC_E_OUT_OF_MEMORY, or bc_trees_validate's errors. */
int32_t bc_trees_snap_thresholds(bc_trees *t, const float *x, int32_t n, int32_t n_features,
                                 double min_gap, int32_t *n_moved);

/* Takes splits out of t: where keep[i] (one per node) is 1 the split i is
 * replaced by its left child's subtree, 2 by its right child's (the other
 * child's subtree dropped); 0 keeps node i. Every row then takes the kept
 * child at such a split, missing values too. Trees, classes and base
 * scores stay; the nodes are renumbered (each tree pre-order from its
 * root). Re-validates and re-packs t for n_features inputs.
 * BC_E_OUT_OF_MEMORY, or bc_trees_validate's errors. */
int32_t bc_trees_bypass(bc_trees *t, const uint8_t *keep, int32_t n_features);

/* The leaf node a row reaches in tree k (x as float). */
static inline int32_t bc_trees_leaf(const bc_trees *t, int32_t k, const float *x)
{
    int32_t node = t->tree_start[k];
    while (t->feature[node] >= 0) {
        float v = x[t->feature[node]];
        node = !isfinite(v) ? (t->default_left[node] ? t->left[node] : t->right[node])
                       : (v < t->value[node] ? t->left[node] : t->right[node]);
    }
    return node;
}

/* margin[C] for one row of floats (XGBoost's raw scores): the plan when
 * bc_trees_validate built one, else the packed layout, else the arrays;
 * the same leaves and the same float sums in the same order every way. */
void bc_trees_margin(const bc_trees *t, const float *x, float *margin);

#endif /* BC_MODEL_TREES_H */
