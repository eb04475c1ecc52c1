/*
 * wma.c - the weighted and multiple-EMA moving averages of the close:
 *   wma(n)   TA-Lib WMA: weights n, n-1, ..., 1 from the newest value, over
 *            n(n+1)/2; a plain sum of the window and a weighted sum that
 *            loses one plain sum per bar (TA-Lib's recurrence), both summed
 *            afresh over the ring every n bars so their rounding cannot
 *            drift (without it: 1.7e-9 relative after 1e6 bars); the fresh
 *            sums are added up as the values come, O(1) per bar; lookback n-1
 *   dema(n)  TA-Lib DEMA: 2*e1 - e2, e1 = ema(n) of the close, e2 = ema(n)
 *            of e1 (each SMA-seeded, ema.h); lookback 2(n-1)
 *   tema(n)  TA-Lib TEMA: e3 + (3*e1 - 3*e2), e3 = ema(n) of e2; lookback
 *            3(n-1)
 *   hma(n)   Hull's moving average: wma(m) of 2*wma(n/2) - wma(n) of the
 *            close, m = floor(sqrt(n)), n/2 rounded down; the inner
 *            series starts on bar n-1, so the outer wma is TA-Lib WMA of
 *            it from there (talib.WMA(raw[n-1:], m)); three wma_cores,
 *            lookback (n-1) + (m-1); n >= 4 (both inner periods >= 2)
 *   t3(n,v)  TA-Lib T3, Tillson's T3 of the close: six chained ema(n)
 *            e1..e6 (e1 of the close, each the next's input, each
 *            SMA-seeded, ema.h: TA-Lib T3's seeding, which sums the first
 *            n values of each EMA), then c1*e6 + c2*e5 + c3*e4 + c4*e3
 *            with TA-Lib's constants of the volume factor v (t = v*v,
 *            c1 = -t*v, c2 = 3(t - c1), c3 = -6t - 3(v - c1),
 *            c4 = 1 + 3v - c1 + 3t), summed left to right; v in 0..1 (TA-Lib's
 *            range; Tillson's customary 0.7), n in 2..100000; lookback
 *            6(n-1)
 *   trix(n)  TA-Lib TRIX: the one-bar rate of change of e3 in percent,
 *            (e3 - e3@1) / e3@1 * 100 (0 where e3@1 is 0, as TA-Lib's ROC);
 *            lookback 3(n-1) + 1
 *   coppock(a,b,n)  the Coppock curve: wma(n) (wma_core) of roc(a) +
 *            roc(b) of the close, each TA-Lib ROC ((x / x@k - 1) x 100, 0
 *            where x@k is 0), from bar max(a,b) on (the TA-Lib WMA of
 *            talib.ROC(c,a) + talib.ROC(c,b) from its first finite value);
 *            one ring of max(a,b)+1 closes; lookback max(a,b) + n - 1
 *   iftrsi(n,m)  Ehlers' inverse Fisher transform of the RSI ("The Inverse
 *            Fisher Transform", Stocks & Commodities, May 2004): v = 0.1 x
 *            (rsi(n) - 50) (the rsi item, TA-Lib RSI), w = wma(m) (wma_core,
 *            TA-Lib WMA) of v from its first value (bar n), iftrsi =
 *            tanh(w), in (-1, 1); talib.WMA(0.1 * (talib.RSI(c, n) - 50)
 *            [n:], m) through np.tanh; lookback n + m - 1; n, m >= 2.
 *            Ehlers' customary (5,9), levels +-0.5 (tanh is monotone: the
 *            levels are wma(m) of rsi(n) at 50 +- 10 atanh(0.5) = 50 +- 5.49)
 * Usable wherever sma/ema are: cross(close,wma(20)), ratio(close,dema(30)),
 * cross(close,t3(5,0.7)).
 */
#include "feature_internal.h"
#include "ring.h"
#include "core/internal.h"
#include "ema.h"
#include "rsi.h"

/* ---- wma ---------------------------------------------------------------- */

typedef struct wma_core {
    int32_t n, pos, filled;
    double divider;     /* n(n+1)/2 */
    double sub, sum;    /* plain and weighted sums (TA-Lib's periodSub, periodSum) */
    double trailing;    /* the value that leaves the plain sum next */
    double next_sub, next_sum; /* the refresh's sums of the ring so far, slot order */
    double *ring;       /* the last n closes */
} wma_core;

typedef struct wma_state {
    wma_core core;
    double ring[];
} wma_state;

/* The refresh sums slots 0 .. n-1 of the ring, oldest first: the values
 * as they are written from slot 0 on, so they are summed as they come
 * (next_sub, next_sum: the same adds in the same order, off the per-bar
 * chains) and taken over when slot n-1 is written. */
static inline double wma_step(wma_core *s, double x)
{
    const int32_t n = s->n;
    s->ring[s->pos] = x;
    s->next_sub += x;
    s->next_sum += x * (double)s->pos;
    if (++s->pos == n)
        s->pos = 0;
    if (s->filled < n - 1) { /* the first n-1 values: weights 1 .. n-1 */
        s->filled++;
        s->sub += x;
        s->sum += x * (double)s->filled;
        return NAN;
    }
    s->filled = n;
    s->sub += x;
    s->sub -= s->trailing;
    s->sum += x * (double)n;
    s->trailing = s->ring[s->pos]; /* the oldest value of this window */
    double out = s->sum / s->divider;
    s->sum -= s->sub;
    if (s->pos == 0) { /* every n bars: the sums afresh from the ring (oldest first) */
        s->sub = s->next_sub;
        s->sum = s->next_sum;
        s->next_sub = s->next_sum = 0.0;
    }
    return out;
}

static int32_t wma_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t wma_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(wma_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void wma_core_init(wma_core *c, int32_t n, double *ring)
{
    c->n = n;
    c->pos = 0;
    c->filled = 0;
    c->divider = (double)(((int64_t)n * (n + 1)) >> 1);
    c->sub = c->sum = c->trailing = 0.0;
    c->next_sub = c->next_sum = 0.0;
    c->ring = ring; /* a slot is written before it is read */
}

static void wma_reset(bc_feature_node *node)
{
    wma_state *s = node->state;
    wma_core_init(&s->core, node->iarg[0], s->ring);
}

static BC_FEATURE_KERNEL void wma_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    wma_state *state = node->state;
    wma_core local = state->core;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, wma_step(&local, x[i]));
    state->core = local;
}

const bc_feature_kind bc_feature_kind_wma = {
    .name = "wma", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = wma_lookback,
    .state_size = wma_state_size, .reset = wma_reset, .run = wma_run,
};

/* ---- hma: Hull's average on three wma_cores ---------------------------- */

typedef struct hma_state {
    wma_core half, full, outer; /* wma(n/2), wma(n) of the close; wma(m) of the inner line */
    double ring[];              /* n/2 + n + m slots: the three cores' rings */
} hma_state;

int32_t bc_feature_hma_sqrt_period(int32_t n)
{
    int32_t m = (int32_t)sqrt((double)n);
    while ((int64_t)m * m > n)
        m--;
    while ((int64_t)(m + 1) * (m + 1) <= n)
        m++;
    return m;
}

static int32_t hma_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + bc_feature_hma_sqrt_period(node->iarg[0]) - 1;
}

static int64_t hma_state_size(const bc_feature_node *node)
{
    int32_t n = node->iarg[0];
    return (int64_t)sizeof(hma_state) +
           (int64_t)sizeof(double) * ((int64_t)n / 2 + n + bc_feature_hma_sqrt_period(n));
}

static void hma_reset(bc_feature_node *node)
{
    hma_state *s = node->state;
    int32_t n = node->iarg[0], half = n / 2;
    wma_core_init(&s->half, half, s->ring);
    wma_core_init(&s->full, n, s->ring + half);
    wma_core_init(&s->outer, bc_feature_hma_sqrt_period(n), s->ring + half + n);
}

static BC_FEATURE_KERNEL void hma_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    hma_state *s = node->state;
    /* local copies keep the sums in registers; the rings stay in the state */
    wma_core half = s->half, full = s->full, outer = s->outer;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double a = wma_step(&half, x[i]);
        double b = wma_step(&full, x[i]);
        /* wma(n/2) starts first: the inner line is defined once wma(n) is */
        BC_FEATURE_PUT(out, i, isnan(b) ? NAN : wma_step(&outer, 2.0 * a - b));
    }
    s->half = half;
    s->full = full;
    s->outer = outer;
}

const bc_feature_kind bc_feature_kind_hma = {
    .name = "hma", .args = "i", .arg_min = {4}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = hma_lookback,
    .state_size = hma_state_size, .reset = hma_reset, .run = hma_run,
};

/* ---- dema / tema: chained EMAs ------------------------------------------ */

typedef struct multi_ema {
    bc_ema e[3];
} multi_ema;

/* The chain's values on one close; NaN while the last EMA is not seeded. */
static inline double multi_ema_step(multi_ema *m, int32_t depth, double x)
{
    double e1 = bc_ema_step(&m->e[0], x);
    if (isnan(e1))
        return NAN;
    double e2 = bc_ema_step(&m->e[1], e1);
    if (isnan(e2))
        return NAN;
    if (depth == 2)
        return 2.0 * e1 - e2;
    double e3 = bc_ema_step(&m->e[2], e2);
    if (isnan(e3))
        return NAN;
    return e3 + (3.0 * e1 - 3.0 * e2);
}

static int32_t dema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * (node->iarg[0] - 1);
}

static int32_t tema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 3 * (node->iarg[0] - 1);
}

static int64_t multi_ema_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(multi_ema);
}

static void multi_ema_reset(bc_feature_node *node)
{
    multi_ema *m = node->state;
    for (int k = 0; k < 3; k++)
        bc_ema_init(&m->e[k], node->iarg[0]);
}

static BC_FEATURE_KERNEL void multi_ema_run(bc_feature_node *node, const bc_feature_inputs *in,
                                            int64_t n, const bc_feature_column *cols)
{
    multi_ema *state = node->state, local = *state;
    const int32_t depth = node->kind == &bc_feature_kind_dema ? 2 : 3;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(&local.e[depth - 1]); i++)
        BC_FEATURE_PUT(out, i, multi_ema_step(&local, depth, x[i]));
    /* every EMA seeded: multi_ema_step without its seeding branches */
    if (depth == 2) {
        for (; i < n; i++) {
            double e1 = bc_ema_next(&local.e[0], x[i]);
            double e2 = bc_ema_next(&local.e[1], e1);
            BC_FEATURE_PUT(out, i, 2.0 * e1 - e2);
        }
    } else {
        for (; i < n; i++) {
            double e1 = bc_ema_next(&local.e[0], x[i]);
            double e2 = bc_ema_next(&local.e[1], e1);
            double e3 = bc_ema_next(&local.e[2], e2);
            BC_FEATURE_PUT(out, i, e3 + (3.0 * e1 - 3.0 * e2));
        }
    }
    *state = local;
}

const bc_feature_kind bc_feature_kind_dema = {
    .name = "dema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = dema_lookback,
    .state_size = multi_ema_state_size, .reset = multi_ema_reset, .run = multi_ema_run,
};

const bc_feature_kind bc_feature_kind_tema = {
    .name = "tema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = tema_lookback,
    .state_size = multi_ema_state_size, .reset = multi_ema_reset, .run = multi_ema_run,
};

/* ---- t3: Tillson's T3, six chained EMAs ----------------------------------- */

typedef struct t3_state {
    bc_ema e[6];
    double c1, c2, c3, c4;
} t3_state;

static int32_t t3_check(const bc_feature_node *node, const char *text)
{
    double v = node->darg;
    if (!(v >= 0.0 && v <= 1.0))
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the volume factor %.15g is not between 0 and 1", text,
                       v);
    return BC_OK;
}

static int32_t t3_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 6 * (node->iarg[0] - 1);
}

static int64_t t3_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(t3_state);
}

static void t3_reset(bc_feature_node *node)
{
    t3_state *t = node->state;
    for (int k = 0; k < 6; k++)
        bc_ema_init(&t->e[k], node->iarg[0]);
    /* TA-Lib's constants, computed in its order */
    const double v = node->darg, vv = v * v;
    t->c1 = -(vv * v);
    t->c2 = 3.0 * (vv - t->c1);
    t->c3 = -6.0 * vv - 3.0 * (v - t->c1);
    t->c4 = 1.0 + 3.0 * v - t->c1 + 3.0 * vv;
}

static inline double t3_value(const t3_state *t, double e3, double e4, double e5, double e6)
{
    return t->c1 * e6 + t->c2 * e5 + t->c3 * e4 + t->c4 * e3;
}

static BC_FEATURE_KERNEL void t3_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                                     const bc_feature_column *cols)
{
    t3_state *state = node->state, local = *state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(&local.e[5]); i++) {
        double e[6];
        double v = x[i];
        for (int k = 0; k < 6; k++) {
            v = isnan(v) ? NAN : bc_ema_step(&local.e[k], v);
            e[k] = v;
        }
        BC_FEATURE_PUT(out, i, isnan(e[5]) ? NAN : t3_value(&local, e[2], e[3], e[4], e[5]));
    }
    /* every EMA seeded: the steady chain */
    for (; i < n; i++) {
        double e1 = bc_ema_next(&local.e[0], x[i]);
        double e2 = bc_ema_next(&local.e[1], e1);
        double e3 = bc_ema_next(&local.e[2], e2);
        double e4 = bc_ema_next(&local.e[3], e3);
        double e5 = bc_ema_next(&local.e[4], e4);
        double e6 = bc_ema_next(&local.e[5], e5);
        BC_FEATURE_PUT(out, i, t3_value(&local, e3, e4, e5, e6));
    }
    *state = local;
}

const bc_feature_kind bc_feature_kind_t3 = {
    .name = "t3", .args = "id", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = t3_check, .lookback = t3_lookback,
    .state_size = t3_state_size, .reset = t3_reset, .run = t3_run,
};

/* ---- trix: the rate of change of the triple EMA --------------------------- */

typedef struct trix_state {
    multi_ema m;
    double prev; /* e3 of the bar before (NaN: none yet) */
} trix_state;

static int32_t trix_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 3 * (node->iarg[0] - 1) + 1;
}

static int64_t trix_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(trix_state);
}

static void trix_reset(bc_feature_node *node)
{
    trix_state *t = node->state;
    for (int k = 0; k < 3; k++)
        bc_ema_init(&t->m.e[k], node->iarg[0]);
    t->prev = NAN;
}

/* TA-Lib's ROC of two successive e3 values: 0 after a zero. */
static inline double trix_roc(double e3, double prev)
{
    return prev != 0.0 ? (e3 / prev - 1.0) * 100.0 : 0.0;
}

static BC_FEATURE_KERNEL void trix_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                                       const bc_feature_column *cols)
{
    trix_state *state = node->state, local = *state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && isnan(local.prev); i++) {
        double e1 = bc_ema_step(&local.m.e[0], x[i]);
        double e2 = isnan(e1) ? NAN : bc_ema_step(&local.m.e[1], e1);
        local.prev = isnan(e2) ? NAN : bc_ema_step(&local.m.e[2], e2);
        BC_FEATURE_PUT(out, i, NAN);
    }
    /* every EMA seeded and an e3 before: the steady chain */
    for (; i < n; i++) {
        double e1 = bc_ema_next(&local.m.e[0], x[i]);
        double e2 = bc_ema_next(&local.m.e[1], e1);
        double e3 = bc_ema_next(&local.m.e[2], e2);
        BC_FEATURE_PUT(out, i, trix_roc(e3, local.prev));
        local.prev = e3;
    }
    *state = local;
}

const bc_feature_kind bc_feature_kind_trix = {
    .name = "trix", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = trix_lookback,
    .state_size = trix_state_size, .reset = trix_reset, .run = trix_run,
};

/* ---- coppock: the weighted average of two rates of change --------------- */

typedef struct coppock_state {
    wma_core wma;
    bc_ring closes;            /* max(a,b) + 1 closes */
    double ring[];             /* n slots for the wma, then size for the closes */
} coppock_state;

static int32_t coppock_span(const bc_feature_node *node)
{
    return node->iarg[0] > node->iarg[1] ? node->iarg[0] : node->iarg[1];
}

static int32_t coppock_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return coppock_span(node) + node->iarg[2] - 1;
}

static int64_t coppock_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(coppock_state) +
           (int64_t)sizeof(double) * ((int64_t)node->iarg[2] + coppock_span(node) + 1);
}

static void coppock_reset(bc_feature_node *node)
{
    coppock_state *s = node->state;
    wma_core_init(&s->wma, node->iarg[2], s->ring);
    bc_ring_init(&s->closes, coppock_span(node) + 1, s->ring + node->iarg[2]);
}

/* TA-Lib's ROC of x against the value k bars earlier: 0 after a zero. */
static inline double coppock_roc(double x, double then)
{
    return then != 0.0 ? (x / then - 1.0) * 100.0 : 0.0;
}

static BC_FEATURE_KERNEL void coppock_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    coppock_state *s = node->state;
    bc_ring *closes = &s->closes;
    const int32_t a = node->iarg[0], b = node->iarg[1];
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        int32_t at = closes->pos;
        bc_ring_push(closes, x[i]);
        if (!bc_ring_full(closes)) { /* not yet max(a,b) closes before this one */
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        double ra = coppock_roc(x[i], bc_ring_ago(closes, at, a));
        double rb = coppock_roc(x[i], bc_ring_ago(closes, at, b));
        BC_FEATURE_PUT(out, i, wma_step(&s->wma, ra + rb));
    }
}

const bc_feature_kind bc_feature_kind_coppock = {
    .name = "coppock", .args = "iii", .arg_min = {1, 1, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = coppock_lookback,
    .state_size = coppock_state_size, .reset = coppock_reset, .run = coppock_run,
};

/* ---- iftrsi: Ehlers' inverse Fisher transform of the RSI ----------------- */

typedef struct iftrsi_state {
    bc_rsi rsi;
    wma_core wma;
    double ring[];             /* m slots for the wma */
} iftrsi_state;

static int32_t iftrsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] - 1;
}

static int64_t iftrsi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(iftrsi_state) + (int64_t)sizeof(double) * node->iarg[1];
}

static void iftrsi_reset(bc_feature_node *node)
{
    iftrsi_state *s = node->state;
    bc_rsi_init(&s->rsi, node->iarg[0]);
    wma_core_init(&s->wma, node->iarg[1], s->ring);
}

static BC_FEATURE_KERNEL void iftrsi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    iftrsi_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (!bc_rsi_advance(&s->rsi, x[i])) { /* the rsi's first n bars */
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        double v = 0.1 * (bc_rsi_value(&s->rsi) - 50.0);
        BC_FEATURE_PUT(out, i, tanh(wma_step(&s->wma, v)));
    }
}

const bc_feature_kind bc_feature_kind_iftrsi = {
    .name = "iftrsi", .args = "ii", .arg_min = {2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = iftrsi_lookback,
    .state_size = iftrsi_state_size, .reset = iftrsi_reset, .run = iftrsi_run,
};
