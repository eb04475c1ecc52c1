/*
 * rank.c - rank(x,n): the share of the last n values of a single-column
 * item that are <= the current one, in (0, 1]: 1 at a new n-bar high, 1/n
 * at a strict new low. Ties count as <= (pandas rolling(n).rank(method=
 * "max", pct=True)). NaN until n values have come and while a NaN of x is
 * among the last n; lookback = x's lookback + n - 1. Up to RANK_SCAN_MAX
 * values a scan of the ring counts them (a vector loop, faster than any
 * tree there); longer windows keep their values in an order-statistic
 * treap (subtree sizes) over a fixed pool, one node per ring slot: O(log n)
 * expected per bar. Both count exactly, so the path never changes a value.
 * Never allocates after create; treap priorities come from the bar counter,
 * so a run is reproducible.
 */
#include "feature_internal.h"
#include "ring.h"

/* Measured on 1e6 random-walk bars (a shared, loaded machine): the scan
 * took 0.1-0.6 ns a value, the treap 300-900 ns a bar from n = 20 to 4096
 * (its comparisons on random values mispredict); they cross near n = 1000. */
#define RANK_SCAN_MAX 512

typedef struct rank_node {
    int64_t bar;                /* ties in value are ordered by bar */
    int32_t left, right, size;  /* -1: none */
    uint32_t priority;
} rank_node;

typedef struct rank_core {
    bc_ring r;                  /* last n values, NaN included */
    int32_t root;
    int64_t seen;               /* bars since reset */
    int64_t last_nan;           /* bar of the newest NaN, -1 - n when none */
    rank_node *node;            /* treap node k holds ring slot k (n > RANK_SCAN_MAX);
                                   NaN values stay out of the tree */
} rank_core;

typedef struct rank_state {
    rank_core core;
    double value[];             /* n values, then n nodes when n > RANK_SCAN_MAX */
} rank_state;

/* splitmix64's finalizer: a well-mixed priority per bar. */
static inline uint32_t rank_priority(int64_t bar)
{
    uint64_t z = (uint64_t)bar + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static inline int32_t rank_size(const rank_node *nodes, int32_t t)
{
    return t < 0 ? 0 : nodes[t].size;
}

static inline void rank_update(rank_node *nodes, int32_t t)
{
    nodes[t].size = 1 + rank_size(nodes, nodes[t].left) + rank_size(nodes, nodes[t].right);
}

/* Splits t into keys before (value, bar) and the rest; keys are ordered
 * by value, then bar (values in the tree are never NaN). */
static void rank_split(rank_node *nodes, const double *values, int32_t t, double value,
                       int64_t bar, int32_t *l, int32_t *r)
{
    if (t < 0) {
        *l = *r = -1;
        return;
    }
    if (values[t] < value || (values[t] == value && nodes[t].bar < bar)) {
        rank_split(nodes, values, nodes[t].right, value, bar, &nodes[t].right, r);
        *l = t;
    } else {
        rank_split(nodes, values, nodes[t].left, value, bar, l, &nodes[t].left);
        *r = t;
    }
    rank_update(nodes, t);
}

/* Every key of a before every key of b. */
static int32_t rank_merge(rank_node *nodes, int32_t a, int32_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    if (nodes[a].priority >= nodes[b].priority) {
        nodes[a].right = rank_merge(nodes, nodes[a].right, b);
        rank_update(nodes, a);
        return a;
    }
    nodes[b].left = rank_merge(nodes, a, nodes[b].left);
    rank_update(nodes, b);
    return b;
}

static void rank_insert(rank_core *s, int32_t k)
{
    rank_node *nodes = s->node;
    int32_t l, r;
    nodes[k].left = nodes[k].right = -1;
    nodes[k].size = 1;
    nodes[k].priority = rank_priority(nodes[k].bar);
    rank_split(nodes, s->r.slot, s->root, s->r.slot[k], nodes[k].bar, &l, &r);
    s->root = rank_merge(nodes, rank_merge(nodes, l, k), r);
}

static void rank_erase(rank_core *s, int32_t k)
{
    rank_node *nodes = s->node;
    int32_t l, mid, r;
    rank_split(nodes, s->r.slot, s->root, s->r.slot[k], nodes[k].bar, &l, &mid);
    rank_split(nodes, s->r.slot, mid, s->r.slot[k], nodes[k].bar + 1, &mid, &r); /* mid = {k} */
    s->root = rank_merge(nodes, l, r);
}

/* Values in the window that are <= x (none of them NaN). */
static inline int32_t rank_count_le(const rank_core *s, double x)
{
    int32_t count = 0;
    if (!s->node) {
        for (int32_t k = 0; k < s->r.n; k++)
            count += s->r.slot[k] <= x;
        return count;
    }
    for (int32_t t = s->root; t >= 0;) {
        if (s->r.slot[t] <= x) {
            count += rank_size(s->node, s->node[t].left) + 1;
            t = s->node[t].right;
        } else {
            t = s->node[t].left;
        }
    }
    return count;
}

static inline double rank_step(rank_core *s, double x)
{
    const int32_t n = s->r.n;
    const int64_t i = s->seen++;
    const int32_t k = s->r.pos;
    if (bc_ring_full(&s->r) && s->node && !isnan(s->r.slot[k])) /* the oldest value leaves */
        rank_erase(s, k);
    bc_ring_push(&s->r, x);
    if (isnan(x))
        s->last_nan = i;
    else if (s->node) {
        s->node[k].bar = i;
        rank_insert(s, k);
    }
    if (!bc_ring_full(&s->r) || s->last_nan > i - n)
        return NAN;
    return (double)rank_count_le(s, x) / n;
}

static int32_t rank_lookback(const bc_feature_node *node, const int32_t *src)
{
    int64_t lb = (int64_t)src[0] + node->iarg[0] - 1;
    return lb > INT32_MAX ? INT32_MAX : (int32_t)lb;
}

static int64_t rank_state_size(const bc_feature_node *node)
{
    int64_t n = node->iarg[0];
    return (int64_t)sizeof(rank_state) + (int64_t)sizeof(double) * n +
           (n > RANK_SCAN_MAX ? (int64_t)sizeof(rank_node) * n : 0);
}

static void rank_reset(bc_feature_node *node)
{
    rank_state *s = node->state;
    bc_ring_init(&s->core.r, node->iarg[0], s->value);
    s->core.root = -1;
    s->core.seen = 0;
    s->core.last_nan = -1 - (int64_t)node->iarg[0];
    /* doubles then nodes: both 8-byte aligned */
    s->core.node = node->iarg[0] > RANK_SCAN_MAX ? (rank_node *)(s->value + node->iarg[0]) : NULL;
}

BC_FEATURE_LOOP void rank_loop(rank_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, rank_step(s, BC_FEATURE_GET(x, i)));
}

static BC_FEATURE_KERNEL void rank_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    rank_state *state = node->state;
    rank_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        rank_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    rank_core local = *shared;
    rank_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_rank = {
    .name = "rank", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = rank_lookback,
    .state_size = rank_state_size, .reset = rank_reset, .run = rank_run,
};
