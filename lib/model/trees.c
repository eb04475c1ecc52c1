/*
 * trees.c - storage, validation and the forward pass of the tree-ensemble
 * model kind (rules in trees.h). The one place tree arithmetic lives: the
 * model layer, the exporters' reference and the trainer's bit-exactness
 * check all call bc_trees_margin.
 */
#include "model/trees.h"

#include "core/internal.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* The two-pass plan. XGBoost's multi-class ensembles are round-major (tree
 * k adds to class k % C), and a rule bot's are mostly single leaves and
 * stumps (the sample bot's clone: 735 of 1,200 trees one leaf, 404 one
 * split, on 43 distinct splits). Walking them one by one in order costs
 * a branch per tree that no predictor learns and a float add through
 * memory per tree. The plan takes a block of whole rounds at a time: first every
 * tree's leaf value into a buffer, in any order - single leaves copied,
 * the block's distinct splits evaluated once each, a tree of one to three
 * distinct splits reading its leaf from a table indexed by their outcomes
 * (no branch), deeper trees by the packed walk - then the buffer added to
 * the margins in tree order, the C sums in registers. Same leaves, same
 * float adds in the same order: the same bits. */
#define PLAN_BLOCK 128 /* trees per block at most (buffers on the stack) */
#define PLAN_MAX_CLASSES 16

typedef struct plan_split {
    int32_t feature;
    float threshold;
} plan_split;

typedef struct plan_stump {
    float leaf[4];  /* left, right, missing, missing: indexed by the outcome */
    uint16_t split; /* the block's split it takes */
    uint8_t slot;   /* tree - the block's first tree */
} plan_stump;

/* A tree of two or three distinct splits: its leaf for every combination
 * of their outcomes (o0 + 4 o1 + 16 o2; a missing third split reads the
 * block's constant 0 outcome). */
typedef struct plan_small {
    int32_t table;      /* first of its 64 (three splits) or 16 leaves in tables */
    uint16_t split[3];  /* the block's splits */
    uint8_t slot;
} plan_small;

typedef struct bc_trees_plan {
    int32_t block;       /* trees per block: whole rounds, <= PLAN_BLOCK */
    int32_t n_blocks;
    float *constant;     /* [n_trees] a single leaf's value; 0 for the others */
    plan_split *splits;  /* each block's distinct splits, block by block */
    plan_stump *stumps;  /* one-split trees, in tree order */
    plan_small *small;   /* trees of two or three distinct splits, in tree order */
    float *tables;       /* their leaf tables */
    int32_t *deep;       /* the other trees, in tree order */
    int32_t *split_at;   /* [n_blocks + 1] first split of each block */
    int32_t *stump_at;   /* [n_blocks + 1] first stump of each block */
    int32_t *small_at;   /* [n_blocks + 1] first small tree of each block */
    int32_t *deep_at;    /* [n_blocks + 1] first deep tree of each block */
} bc_trees_plan;

static void plan_free(bc_trees_plan *p)
{
    if (!p)
        return;
    free(p->constant);
    free(p->splits);
    free(p->stumps);
    free(p->small);
    free(p->tables);
    free(p->deep);
    free(p->split_at);
    free(p->stump_at);
    free(p->small_at);
    free(p->deep_at);
    free(p);
}

/* The block's index of split (feature, threshold bits), added when new. */
static int32_t plan_split_index(bc_trees_plan *p, int32_t first, int32_t *n_splits,
                                const bc_tree_node *node)
{
    int32_t j = first;
    while (j < *n_splits && !(p->splits[j].feature == node->feature &&
                              memcmp(&p->splits[j].threshold, &node->value,
                                     sizeof node->value) == 0))
        j++;
    if (j == *n_splits) {
        p->splits[j].feature = node->feature;
        p->splits[j].threshold = node->value;
        (*n_splits)++;
    }
    return j - first;
}

/* The distinct splits of the tree whose packed nodes are [lo, hi), up to
 * three (their nodes into own[]); -1 when there are more. */
static int32_t tree_splits(const bc_tree_node *nodes, int32_t lo, int32_t hi,
                           const bc_tree_node **own)
{
    int32_t m = 0;
    for (int32_t i = lo; i < hi; i++) {
        if (nodes[i].feature < 0)
            continue;
        int32_t j = 0;
        while (j < m && !(own[j]->feature == nodes[i].feature &&
                          memcmp(&own[j]->value, &nodes[i].value, sizeof nodes[i].value) == 0))
            j++;
        if (j == m) {
            if (m == 3)
                return -1;
            own[m++] = &nodes[i];
        }
    }
    return m;
}

/* The plan of trees with a packed layout, or none (*out NULL) when they
 * are not round-major, have more than PLAN_MAX_CLASSES classes or are
 * mostly (over 3/4) trees of more than three distinct splits. */
static int32_t plan_build(const bc_trees *t, bc_trees_plan **out)
{
    *out = NULL;
    int32_t C = t->n_classes, T = t->n_trees;
    if (!t->packed || C > PLAN_MAX_CLASSES || T % C != 0)
        return BC_OK;
    for (int32_t k = 0; k < T; k++)
        if (t->tree_class[k] != k % C)
            return BC_OK;
    bc_trees_plan *p = calloc(1, sizeof *p);
    if (!p)
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for the evaluation plan");
    p->block = PLAN_BLOCK / C * C;
    p->n_blocks = (T + p->block - 1) / p->block;
    size_t ends = (size_t)p->n_blocks + 1;
    int64_t table_cap = 64 * (int64_t)(T < 1024 ? T : 1024), n_table = 0;
    p->constant = calloc((size_t)T, sizeof *p->constant);
    p->splits = malloc(sizeof *p->splits * (size_t)T * 3);
    p->stumps = malloc(sizeof *p->stumps * (size_t)T);
    p->small = malloc(sizeof *p->small * (size_t)T);
    p->tables = malloc(sizeof *p->tables * (size_t)table_cap);
    p->deep = malloc(sizeof *p->deep * (size_t)T);
    p->split_at = malloc(sizeof *p->split_at * ends);
    p->stump_at = malloc(sizeof *p->stump_at * ends);
    p->small_at = malloc(sizeof *p->small_at * ends);
    p->deep_at = malloc(sizeof *p->deep_at * ends);
    int32_t rc = BC_OK;
    if (!p->constant || !p->splits || !p->stumps || !p->small || !p->tables || !p->deep ||
        !p->split_at || !p->stump_at || !p->small_at || !p->deep_at)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for the evaluation plan");
    int32_t n_splits = 0, n_stumps = 0, n_small = 0, n_deep = 0, k0 = 0, first = 0;
    for (int32_t k = 0; rc == BC_OK && k < T; k++) {
        if (k % p->block == 0) {
            k0 = k;
            first = n_splits;
            p->split_at[k / p->block] = n_splits;
            p->stump_at[k / p->block] = n_stumps;
            p->small_at[k / p->block] = n_small;
            p->deep_at[k / p->block] = n_deep;
        }
        const bc_tree_node *nodes = t->packed, *root = nodes + t->tree_start[k], *own[3];
        if (root->feature < 0) {
            p->constant[k] = root->value;
            continue;
        }
        int32_t m = tree_splits(nodes, t->tree_start[k], t->tree_start[k + 1], own);
        if (m < 0) {
            p->deep[n_deep++] = k;
            continue;
        }
        if (m == 1) {
            const bc_tree_node *l = nodes + root->left;
            plan_stump *st = &p->stumps[n_stumps++];
            st->leaf[0] = l[0].value;
            st->leaf[1] = l[1].value;
            st->leaf[2] = st->leaf[3] = nodes[root->missing].value;
            st->split = (uint16_t)plan_split_index(p, first, &n_splits, root);
            st->slot = (uint8_t)(k - k0);
            if (l[0].feature < 0 && l[1].feature < 0)
                continue;
            /* one split tested twice on a path: the table handles it */
            n_stumps--;
        }
        int32_t size = m == 3 ? 64 : 16;
        if (n_table + size > table_cap) {
            table_cap *= 2;
            float *grown = realloc(p->tables, sizeof *p->tables * (size_t)table_cap);
            if (!grown) {
                rc = bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for the evaluation plan");
                break;
            }
            p->tables = grown;
        }
        plan_small *sm = &p->small[n_small++];
        sm->table = (int32_t)n_table;
        sm->slot = (uint8_t)(k - k0);
        for (int32_t j = 0; j < 3; j++)
            sm->split[j] = (uint16_t)(j < m ? plan_split_index(p, first, &n_splits, own[j])
                                            : 3 * PLAN_BLOCK); /* the constant 0 outcome */
        /* every combination of the outcomes, walked as the packed walk
         * would: 0 left, 1 right, 2 and 3 missing */
        for (int32_t at = 0; at < size; at++) {
            const bc_tree_node *n = root;
            while (n->feature >= 0) {
                int32_t j = 0;
                while (!(own[j]->feature == n->feature &&
                         memcmp(&own[j]->value, &n->value, sizeof n->value) == 0))
                    j++;
                int32_t o = (at >> (2 * j)) & 3;
                n = nodes + (o < 2 ? n->left + o : n->missing);
            }
            p->tables[n_table + at] = n->value;
        }
        n_table += size;
    }
    /* Mostly deep trees: the walk is the cost and the buffer only adds to
     * it (400 trees of depth 6: 3.6% more instructions), so no plan. */
    if (rc != BC_OK || (int64_t)n_deep * 4 > (int64_t)T * 3) {
        plan_free(p);
        return rc;
    }
    p->split_at[p->n_blocks] = n_splits;
    p->stump_at[p->n_blocks] = n_stumps;
    p->small_at[p->n_blocks] = n_small;
    p->deep_at[p->n_blocks] = n_deep;
    /* sized for the worst case above: keep what is used (a shrink that
     * fails leaves the larger block, which is as good) */
#define PLAN_SHRINK(field, count)                                                   \
    do {                                                                            \
        void *smaller = realloc(p->field, sizeof *p->field * (size_t)((count) + 1)); \
        if (smaller)                                                                \
            p->field = smaller;                                                     \
    } while (0)
    PLAN_SHRINK(splits, n_splits);
    PLAN_SHRINK(stumps, n_stumps);
    PLAN_SHRINK(small, n_small);
    PLAN_SHRINK(tables, n_table);
    PLAN_SHRINK(deep, n_deep);
#undef PLAN_SHRINK
    *out = p;
    return BC_OK;
}

void bc_trees_free(bc_trees *t)
{
    if (!t)
        return;
    free(t->base_score);
    free(t->tree_start);
    free(t->tree_class);
    free(t->feature);
    free(t->value);
    free(t->left);
    free(t->right);
    free(t->default_left);
    free(t->packed);
    plan_free(t->plan);
    free(t);
}

int32_t bc_trees_alloc(int32_t n_classes, int32_t n_trees, int32_t n_nodes, bc_trees **out)
{
    *out = NULL;
    if (n_classes < 2 || n_classes > 65536 || n_trees < 1 || n_trees > BC_TREES_MAX_TREES ||
        n_nodes < n_trees || n_nodes > BC_TREES_MAX_NODES)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "trees: %d classes, %d trees, %d nodes (need 2..65536 classes, "
                       "1..%d trees, trees..%d nodes)",
                       (int)n_classes, (int)n_trees, (int)n_nodes, BC_TREES_MAX_TREES,
                       BC_TREES_MAX_NODES);
    bc_trees *t = calloc(1, sizeof *t);
    if (!t)
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory");
    t->n_classes = n_classes;
    t->n_trees = n_trees;
    t->n_nodes = n_nodes;
    size_t N = (size_t)n_nodes;
    t->base_score = calloc((size_t)n_classes, sizeof(float));
    t->tree_start = calloc((size_t)n_trees + 1, sizeof(int32_t));
    t->tree_class = calloc((size_t)n_trees, sizeof(int32_t));
    t->feature = malloc(N * sizeof(int32_t));
    t->value = calloc(N, sizeof(float));
    t->left = malloc(N * sizeof(int32_t));
    t->right = malloc(N * sizeof(int32_t));
    t->default_left = calloc(N, 1);
    if (!t->base_score || !t->tree_start || !t->tree_class || !t->feature || !t->value ||
        !t->left || !t->right || !t->default_left) {
        bc_trees_free(t);
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %d nodes", (int)n_nodes);
    }
    for (size_t i = 0; i < N; i++)
        t->feature[i] = t->left[i] = t->right[i] = -1;
    t->tree_start[n_trees] = n_nodes;
    *out = t;
    return BC_OK;
}

int32_t bc_trees_clone(const bc_trees *t, bc_trees **out)
{
    bc_trees *c = NULL;
    int32_t rc = bc_trees_alloc(t->n_classes, t->n_trees, t->n_nodes, &c);
    if (rc != BC_OK)
        return rc;
    size_t N = (size_t)t->n_nodes;
    memcpy(c->base_score, t->base_score, sizeof(float) * (size_t)t->n_classes);
    memcpy(c->tree_start, t->tree_start, sizeof(int32_t) * ((size_t)t->n_trees + 1));
    memcpy(c->tree_class, t->tree_class, sizeof(int32_t) * (size_t)t->n_trees);
    memcpy(c->feature, t->feature, sizeof(int32_t) * N);
    memcpy(c->value, t->value, sizeof(float) * N);
    memcpy(c->left, t->left, sizeof(int32_t) * N);
    memcpy(c->right, t->right, sizeof(int32_t) * N);
    memcpy(c->default_left, t->default_left, N);
    c->max_depth = t->max_depth;
    if (t->packed) {
        c->packed = malloc(sizeof *c->packed * N);
        if (!c->packed) {
            bc_trees_free(c);
            return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %d nodes", (int)N);
        }
        memcpy(c->packed, t->packed, sizeof *c->packed * N);
        rc = plan_build(c, &c->plan);
        if (rc != BC_OK) {
            bc_trees_free(c);
            return rc;
        }
    }
    *out = c;
    return BC_OK;
}

int32_t bc_trees_prefix(const bc_trees *t, int32_t n_trees, int32_t n_features, bc_trees **out)
{
    *out = NULL;
    if (n_trees < 1 || n_trees > t->n_trees)
        return bc_fail(BC_E_INVALID_ARGUMENT, "trees: a prefix of %d trees of an ensemble of %d",
                       (int)n_trees, (int)t->n_trees);
    int32_t N = t->tree_start[n_trees];
    bc_trees *c = NULL;
    int32_t rc = bc_trees_alloc(t->n_classes, n_trees, N, &c);
    if (rc != BC_OK)
        return rc;
    /* children are global node indices inside their own tree: a prefix of
     * the trees keeps them valid unchanged */
    memcpy(c->base_score, t->base_score, sizeof(float) * (size_t)t->n_classes);
    memcpy(c->tree_start, t->tree_start, sizeof(int32_t) * ((size_t)n_trees + 1));
    memcpy(c->tree_class, t->tree_class, sizeof(int32_t) * (size_t)n_trees);
    memcpy(c->feature, t->feature, sizeof(int32_t) * (size_t)N);
    memcpy(c->value, t->value, sizeof(float) * (size_t)N);
    memcpy(c->left, t->left, sizeof(int32_t) * (size_t)N);
    memcpy(c->right, t->right, sizeof(int32_t) * (size_t)N);
    memcpy(c->default_left, t->default_left, (size_t)N);
    rc = bc_trees_validate(c, n_features);
    if (rc != BC_OK) {
        bc_trees_free(c);
        return rc;
    }
    *out = c;
    return BC_OK;
}

/* The packed layout of valid trees: each tree's nodes breadth-first from
 * its root at tree_start[k], children allocated in pairs. */
static int32_t pack(bc_trees *t)
{
    bc_tree_node *packed = calloc((size_t)t->n_nodes, sizeof *packed);
    int32_t *origin = malloc(sizeof *origin * (size_t)t->n_nodes);
    if (!packed || !origin) {
        free(packed);
        free(origin);
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %d nodes", (int)t->n_nodes);
    }
    for (int32_t k = 0; k < t->n_trees; k++) {
        int32_t lo = t->tree_start[k], hi = t->tree_start[k + 1], next = lo + 1;
        origin[lo] = lo; /* packed slot -> array node */
        for (int32_t s = lo; s < next; s++) {
            int32_t o = origin[s];
            bc_tree_node *n = &packed[s];
            n->value = t->value[o];
            n->feature = t->feature[o];
            n->left = n->missing = s;
            if (t->feature[o] < 0)
                continue;
            /* a tree: every node below the root is one node's child, so
             * the slots stay inside [lo, hi); a node two parents share
             * would not */
            if (next + 2 > hi) {
                free(packed);
                free(origin);
                return bc_fail(BC_E_CORRUPT, "trees: tree %d reaches a node twice", (int)k);
            }
            origin[next] = t->left[o];
            origin[next + 1] = t->right[o];
            n->left = next;
            n->missing = t->default_left[o] ? next : next + 1;
            next += 2;
        }
    }
    free(origin);
    free(t->packed);
    t->packed = packed;
    plan_free(t->plan);
    t->plan = NULL;
    return plan_build(t, &t->plan);
}

int32_t bc_trees_validate(const bc_trees *t, int32_t n_features)
{
    for (int32_t c = 0; c < t->n_classes; c++)
        if (!isfinite(t->base_score[c]))
            return bc_fail(BC_E_CORRUPT, "trees: base score of class %d is not finite", (int)c);
    if (t->tree_start[0] != 0 || t->tree_start[t->n_trees] != t->n_nodes)
        return bc_fail(BC_E_CORRUPT, "trees: node ranges cover [%d, %d), expected [0, %d)",
                       (int)t->tree_start[0], (int)t->tree_start[t->n_trees], (int)t->n_nodes);
    int32_t max_depth = 0;
    int32_t *depth = malloc(sizeof(int32_t) * (size_t)t->n_nodes);
    if (!depth)
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory");
    int32_t rc = BC_OK;
    for (int32_t k = 0; k < t->n_trees && rc == BC_OK; k++) {
        int32_t lo = t->tree_start[k], hi = t->tree_start[k + 1];
        if (hi <= lo) {
            rc = bc_fail(BC_E_CORRUPT, "trees: tree %d has no nodes", (int)k);
            break;
        }
        if (t->tree_class[k] < 0 || t->tree_class[k] >= t->n_classes) {
            rc = bc_fail(BC_E_CORRUPT, "trees: tree %d adds to class %d of %d", (int)k,
                         (int)t->tree_class[k], (int)t->n_classes);
            break;
        }
        depth[lo] = 0;
        for (int32_t i = lo; i < hi; i++) {
            if (!isfinite(t->value[i])) {
                rc = bc_fail(BC_E_CORRUPT, "trees: node %d value is not finite", (int)i);
                break;
            }
            if (t->feature[i] < 0) {
                if (t->feature[i] != -1 || t->left[i] != -1 || t->right[i] != -1) {
                    rc = bc_fail(BC_E_CORRUPT, "trees: leaf %d has children", (int)i);
                    break;
                }
                continue;
            }
            /* Children come after their parent inside the tree: no cycles,
             * every path ends at a leaf. */
            if (t->feature[i] >= n_features || t->left[i] <= i || t->left[i] >= hi ||
                t->right[i] <= i || t->right[i] >= hi || t->left[i] == t->right[i]) {
                rc = bc_fail(BC_E_CORRUPT,
                             "trees: node %d (feature %d, children %d and %d) is outside "
                             "tree %d's nodes [%d, %d) or %d features",
                             (int)i, (int)t->feature[i], (int)t->left[i], (int)t->right[i],
                             (int)k, (int)lo, (int)hi, (int)n_features);
                break;
            }
            depth[t->left[i]] = depth[t->right[i]] = depth[i] + 1;
            if (depth[i] + 1 > max_depth)
                max_depth = depth[i] + 1;
        }
    }
    free(depth);
    /* derived caches, the same every call */
    if (rc == BC_OK)
        ((bc_trees *)t)->max_depth = max_depth;
    if (rc == BC_OK)
        rc = pack((bc_trees *)t);
    return rc;
}

/* The packed walk of tree k from its root to its leaf. */
static inline float packed_leaf(const bc_tree_node *nodes, int32_t root, const float *x)
{
    const bc_tree_node *n = nodes + root;
    while (n->feature >= 0) {
        float v = x[n->feature];
        /* v < threshold: left; else right; missing (non-finite): its
         * default child - chosen without a branch */
        int32_t next = n->left + !(v < n->value);
        next = isfinite(v) ? next : n->missing;
        n = nodes + next;
    }
    return n->value;
}

/* The plan's two passes for C classes (a constant where the caller
 * dispatches on it, so the C sums stay in registers). */
static inline void plan_margin(const bc_trees *t, const bc_trees_plan *p, const float *x,
                               float *margin, const int32_t C)
{
    float sum[PLAN_MAX_CLASSES], leaf[PLAN_BLOCK];
    uint8_t outcome[3 * PLAN_BLOCK + 1];
    outcome[3 * PLAN_BLOCK] = 0; /* the third split of two-split trees */
    for (int32_t c = 0; c < C; c++)
        sum[c] = t->base_score[c];
    for (int32_t b = 0; b < p->n_blocks; b++) {
        int32_t k0 = b * p->block, n = t->n_trees - k0 < p->block ? t->n_trees - k0 : p->block;
        memcpy(leaf, p->constant + k0, sizeof(float) * (size_t)n);
        /* each split's outcome: 0 left, 1 right, 2 or 3 missing (non-finite) */
        for (int32_t j = p->split_at[b]; j < p->split_at[b + 1]; j++) {
            float v = x[p->splits[j].feature];
            outcome[j - p->split_at[b]] =
                (uint8_t)(!(v < p->splits[j].threshold) + 2 * !(fabsf(v) <= FLT_MAX));
        }
        for (int32_t s = p->stump_at[b]; s < p->stump_at[b + 1]; s++) {
            const plan_stump *st = &p->stumps[s];
            leaf[st->slot] = st->leaf[outcome[st->split]];
        }
        for (int32_t s = p->small_at[b]; s < p->small_at[b + 1]; s++) {
            const plan_small *sm = &p->small[s];
            int32_t at = outcome[sm->split[0]] + 4 * outcome[sm->split[1]] +
                         16 * outcome[sm->split[2]];
            leaf[sm->slot] = p->tables[sm->table + at];
        }
        for (int32_t d = p->deep_at[b]; d < p->deep_at[b + 1]; d++) {
            int32_t k = p->deep[d];
            leaf[k - k0] = packed_leaf(t->packed, t->tree_start[k], x);
        }
        /* tree k0 + i adds to class i % C: rounds in order */
        for (int32_t i = 0; i < n; i += C)
            for (int32_t c = 0; c < C; c++)
                sum[c] += leaf[i + c];
    }
    for (int32_t c = 0; c < C; c++)
        margin[c] = sum[c];
}

void bc_trees_margin(const bc_trees *t, const float *x, float *margin)
{
    const bc_trees_plan *p = t->plan;
    const bc_tree_node *nodes = t->packed;
    if (p && nodes) {
        switch (t->n_classes) {
        case 2:
            plan_margin(t, p, x, margin, 2);
            return;
        case 3:
            plan_margin(t, p, x, margin, 3);
            return;
        case 4:
            plan_margin(t, p, x, margin, 4);
            return;
        default:
            plan_margin(t, p, x, margin, t->n_classes);
            return;
        }
    }
    memcpy(margin, t->base_score, sizeof(float) * (size_t)t->n_classes);
    if (!nodes) {
        for (int32_t k = 0; k < t->n_trees; k++)
            margin[t->tree_class[k]] += t->value[bc_trees_leaf(t, k, x)];
        return;
    }
    for (int32_t k = 0; k < t->n_trees; k++)
        margin[t->tree_class[k]] += packed_leaf(nodes, t->tree_start[k], x);
}

/* The roundest float t' with lo < t' <= hi (see bc_trees_snap_thresholds):
 * the multiples of the largest power of ten that has one in the gap, of
 * those the nearest keep (ties: the smaller); keep where none is found
 * within the float's digits. */
static float round_in_gap(float lo, float hi, float keep)
{
    const double a = lo, b = hi, m = fmax(fabs(a), fabs(b));
    if (!(m > 0.0) || !isfinite(m))
        return keep;
    const int top = (int)floor(log10(m)) + 1;
    for (int e = top; e >= top - 10; e--) {
        /* multiples k * 10^e; a negative e divides by 10^-e, so that
         * k / 1000 is the double nearest the decimal k * 0.001. Below a
         * power with none in the gap there are at most 11 (the gap is
         * under 10^(e+1)); at the top, |lo|, |hi| < 10^top: -1, 0 or 1. */
        const double s = pow(10.0, e < 0 ? -e : e);
        const double k0 = e < 0 ? floor(a * s) : floor(a / s);
        const double k1 = e < 0 ? floor(b * s) : floor(b / s);
        if (k1 - k0 > 12.0)
            break;
        int found = 0;
        float best = keep;
        double best_d = 0.0;
        for (double k = k0 - 1.0; k <= k1 + 1.0; k += 1.0) {
            const float f = (float)(e < 0 ? k / s : k * s);
            if (!(f > lo && f <= hi))
                continue;
            const double d = fabs((double)f - (double)keep);
            if (!found || d < best_d) {
                found = 1;
                best = f;
                best_d = d;
            }
        }
        if (found)
            return best;
    }
    return keep;
}

int32_t bc_trees_snap_thresholds(bc_trees *t, const float *x, int32_t n, int32_t n_features,
                                 double min_gap, int32_t *n_moved)
{
    if (n_moved)
        *n_moved = 0;
    float *lo = malloc(sizeof *lo * (size_t)t->n_nodes);
    float *hi = malloc(sizeof *hi * (size_t)t->n_nodes);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %d nodes", (int)t->n_nodes);
    }
    for (int32_t i = 0; i < t->n_nodes; i++) {
        lo[i] = -INFINITY;
        hi[i] = INFINITY;
    }
    /* the gap each split leaves between the rows it sends left and right */
    for (int32_t r = 0; r < n; r++) {
        const float *row = x + (size_t)r * (size_t)n_features;
        for (int32_t k = 0; k < t->n_trees; k++) {
            int32_t node = t->tree_start[k];
            while (t->feature[node] >= 0) {
                const float v = row[t->feature[node]];
                const int go_left = bc_trees_goes_left(t, node, v);
                if (isfinite(v) && go_left && v > lo[node])
                    lo[node] = v;
                else if (isfinite(v) && !go_left && v < hi[node])
                    hi[node] = v;
                node = go_left ? t->left[node] : t->right[node];
            }
        }
    }
    int32_t moved = 0;
    for (int32_t i = 0; i < t->n_nodes; i++) {
        if (t->feature[i] < 0 || !isfinite(lo[i]) || !isfinite(hi[i]))
            continue;
        const double a = lo[i], b = hi[i];
        if (b - a < min_gap * fmax(fabs(a), fabs(b)))
            continue;
        const float v = round_in_gap(lo[i], hi[i], t->value[i]);
        if (v != t->value[i]) {
            t->value[i] = v;
            moved++;
        }
    }
    free(lo);
    free(hi);
    if (n_moved)
        *n_moved = moved;
    return bc_trees_validate(t, n_features);
}

/* Copies the subtree at node i of t into c from *at on (pre-order: a
 * parent before its children), bypassed splits (keep[i] 1: the left
 * child in its place, 2: the right) left out; its new index. */
static int32_t copy_bypassed(const bc_trees *t, const uint8_t *keep, int32_t i, bc_trees *c,
                             int32_t *at)
{
    while (t->feature[i] >= 0 && keep[i])
        i = keep[i] == 1 ? t->left[i] : t->right[i];
    const int32_t o = (*at)++;
    c->feature[o] = t->feature[i];
    c->value[o] = t->value[i];
    c->default_left[o] = t->default_left[i];
    if (t->feature[i] >= 0) {
        c->left[o] = copy_bypassed(t, keep, t->left[i], c, at);
        c->right[o] = copy_bypassed(t, keep, t->right[i], c, at);
    }
    return o;
}

int32_t bc_trees_bypass(bc_trees *t, const uint8_t *keep, int32_t n_features)
{
    /* the nodes left: every node but the bypassed splits and the subtrees
     * of the children they drop */
    uint8_t *gone = calloc((size_t)t->n_nodes, 1);
    if (!gone)
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %d nodes", (int)t->n_nodes);
    int32_t n = t->n_nodes;
    /* children come after their parent: one pass in index order */
    for (int32_t i = 0; i < t->n_nodes; i++) {
        if (t->feature[i] < 0)
            continue;
        if (gone[i]) {
            gone[t->left[i]] = gone[t->right[i]] = 1;
        } else if (keep[i]) {
            gone[keep[i] == 1 ? t->right[i] : t->left[i]] = 1;
            n--;
        }
    }
    for (int32_t i = 0; i < t->n_nodes; i++)
        n -= gone[i];
    free(gone);
    bc_trees *c = NULL;
    int32_t rc = bc_trees_alloc(t->n_classes, t->n_trees, n, &c);
    if (rc != BC_OK)
        return rc;
    memcpy(c->base_score, t->base_score, sizeof(float) * (size_t)t->n_classes);
    memcpy(c->tree_class, t->tree_class, sizeof(int32_t) * (size_t)t->n_trees);
    int32_t at = 0;
    for (int32_t k = 0; k < t->n_trees; k++) {
        c->tree_start[k] = at;
        copy_bypassed(t, keep, t->tree_start[k], c, &at);
    }
    c->tree_start[t->n_trees] = at;
    if (at != n) {
        bc_trees_free(c);
        return bc_fail(BC_E_INTERNAL, "trees: %d nodes copied of %d", (int)at, (int)n);
    }
    bc_trees swap = *t;
    *t = *c;
    *c = swap;
    bc_trees_free(c);
    return bc_trees_validate(t, n_features);
}
