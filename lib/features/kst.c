/*
 * kst.c - two momentum / volume oscillators of the fourteenth session:
 *   kst -> .line .signal  Pring's Know Sure Thing with his daily parameters:
 *            line = 1 sma(10) of roc(10) + 2 sma(10) of roc(15)
 *                 + 3 sma(10) of roc(20) + 4 sma(15) of roc(30) (added in
 *            that order), each roc TA-Lib's ((close / close@r - 1) x 100, 0
 *            where close@r is 0) and each sma (sma.h) run on its own roc
 *            from that roc's first bar r; signal = sma(9) of line. As macd
 *            and tsi, both NaN until the signal exists: lookback
 *            30 + 15 - 1 + 9 - 1 = 52.
 *   emv(n)   the ease of movement: sma(n) (sma.h) of the one-bar
 *            emv = (mid - mid@1) x (high - low) / (volume / 1e8), mid =
 *            (high + low) / 2, from bar 1; 0 on a bar whose high - low or
 *            volume is not above 0. Lookback n. The 1e8 volume scale only
 *            scales the value: the sign and the zero crossing do not depend
 *            on it.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"
#include "sma.h"

/* ---- kst ---------------------------------------------------------------- */

#define KST_PARTS 4
#define KST_SPAN 30      /* the longest roc */
#define KST_SIGNAL 9
static const int32_t kst_roc[KST_PARTS] = {10, 15, 20, 30};
static const int32_t kst_len[KST_PARTS] = {10, 10, 10, 15};
static const double kst_weight[KST_PARTS] = {1.0, 2.0, 3.0, 4.0};

typedef struct kst_state {
    bc_ring closes;                /* the last KST_SPAN + 1 closes */
    bc_sma part[KST_PARTS], signal;
    double close_slot[KST_SPAN + 1];
    double rings[10 + 10 + 10 + 15 + KST_SIGNAL];
} kst_state;

static int32_t kst_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return KST_SPAN + 15 - 1 + KST_SIGNAL - 1;
}

static int64_t kst_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(kst_state);
}

static void kst_reset(bc_feature_node *node)
{
    kst_state *s = node->state;
    double *ring = s->rings;
    bc_ring_init(&s->closes, KST_SPAN + 1, s->close_slot);
    for (int k = 0; k < KST_PARTS; k++) {
        bc_sma_init(&s->part[k], kst_len[k], ring);
        ring += kst_len[k];
    }
    bc_sma_init(&s->signal, KST_SIGNAL, ring);
}

static inline void kst_step(kst_state *s, double close, double *line, double *signal)
{
    int32_t at = s->closes.pos;
    *line = *signal = NAN;
    bc_ring_push(&s->closes, close);
    double l = 0.0;
    int full = 1;
    for (int k = 0; k < KST_PARTS; k++) {
        int32_t r = kst_roc[k];
        if (s->closes.filled <= r) { /* roc(r) starts on bar r */
            full = 0;
            continue;
        }
        double then = bc_ring_ago(&s->closes, at, r);
        double roc = then != 0.0 ? (close / then - 1.0) * 100.0 : 0.0;
        double m = bc_sma_step(&s->part[k], roc);
        if (!bc_sma_full(&s->part[k]))
            full = 0;
        else
            l += kst_weight[k] * m;
    }
    if (!full)
        return;
    double g = bc_sma_step(&s->signal, l);
    if (!bc_sma_full(&s->signal))
        return;
    *line = l;
    *signal = g;
}

static BC_FEATURE_KERNEL void kst_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    kst_state *s = node->state;
    const double *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, g;
        kst_step(s, c[i], &l, &g);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
    }
}

const bc_feature_kind bc_feature_kind_kst = {
    .name = "kst", .args = "", .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_CLOSE, .lookback = kst_lookback, .state_size = kst_state_size,
    .reset = kst_reset, .run = kst_run,
};

/* ---- emv ---------------------------------------------------------------- */

typedef struct emv_state {
    int32_t seen;
    double prev_mid;
    bc_sma sma;
    double ring[];
} emv_state;

static int32_t emv_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t emv_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(emv_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void emv_reset(bc_feature_node *node)
{
    emv_state *s = node->state;
    s->seen = 0;
    s->prev_mid = 0.0;
    bc_sma_init(&s->sma, node->iarg[0], s->ring);
}

static BC_FEATURE_KERNEL void emv_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    emv_state *s = node->state;
    const double *h = in->high, *l = in->low, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double mid = (h[i] + l[i]) / 2.0, range = h[i] - l[i];
        double e = NAN; /* the first bar has no previous mid */
        if (s->seen > 0) {
            double one = range > 0.0 && v[i] > 0.0
                             ? (mid - s->prev_mid) * range / (v[i] / 100000000.0)
                             : 0.0;
            e = bc_sma_step(&s->sma, one);
        } else {
            s->seen = 1;
        }
        s->prev_mid = mid;
        BC_FEATURE_PUT(out, i, e);
    }
}

const bc_feature_kind bc_feature_kind_emv = {
    .name = "emv", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_VOLUME,
    .lookback = emv_lookback, .state_size = emv_state_size,
    .reset = emv_reset, .run = emv_run,
};
