/*
 * mt5.c - MetaTrader 5's built-in indicators that TA-Lib lacks, and the
 * price items MT5 indicators are computed on:
 *   smma(n)      MT5 iMA MODE_SMMA of the close: the first value the mean
 *                of the first n closes (summed oldest first), then
 *                (prev * (n-1) + close) / n, in that order; lookback n-1
 *   medprice     TA-Lib MEDPRICE, MT5 PRICE_MEDIAN: (high + low) / 2
 *   typprice     TA-Lib TYPPRICE, MT5 PRICE_TYPICAL: (high + low + close) / 3
 *   demarker(n)  MT5 DeMarker: DeMax = high - high@1 where positive, else 0;
 *                DeMin = low@1 - low where positive, else 0; the mean of
 *                each over n bars (sma.h) and DeM = max / (max + min), in
 *                [0, 1]; 0 where both means are 0 (no bar of the window
 *                moved its high up or its low down); lookback n
 *   rvi(n)       MT5 Relative Vigor Index -> .line .signal: per bar
 *                up = co + 2 co@1 + 2 co@2 + co@3 (co = close - open) and
 *                down the same of high - low; line = the sum of up over the
 *                last n bars (newest first) over the sum of down, 0 where
 *                that sum is 0; signal = (line + 2 line@1 + 2 line@2 +
 *                line@3) / 6; lookbacks n+2 (.line) and n+5 (.signal; both
 *                outputs NaN until then, as multi-output kinds share one)
 *   alligator(j,t,l)  Williams' alligator -> .order .jaw .teeth .lips: the
 *                smma kernel on medprice, shifted 8, 5 and 3 bars (below)
 *   ac           MT5 iAC, Bill Williams' Accelerator Oscillator: AO =
 *                sma(medprice,5) - sma(medprice,34) (the Awesome
 *                Oscillator), AC = AO - sma(AO,5), each sma sma.h's step
 *                (TA-Lib SMA); diff(ao,mean(ao,5)) to rounding, with
 *                ao = diff(mean(medprice,5),mean(medprice,34)); lookback 37
 * The AO is diff(mean(medprice,5),mean(medprice,34)).
 */
#include "feature_internal.h"
#include "sma.h"

/* ---- smma --------------------------------------------------------------- */

typedef struct smma_state {
    int32_t n, count;
    double n1, sum, value;  /* n1 = n - 1 */
} smma_state;

static inline double smma_step(smma_state *s, double x)
{
    if (s->count >= s->n) {
        s->value = (s->value * s->n1 + x) / (double)s->n;
        return s->value;
    }
    s->sum += x;
    if (++s->count < s->n)
        return NAN;
    s->value = s->sum / (double)s->n;
    return s->value;
}

static int32_t smma_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t smma_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(smma_state);
}

static void smma_init(smma_state *s, int32_t n)
{
    s->n = n;
    s->n1 = (double)(n - 1);
    s->count = 0;
    s->sum = s->value = 0.0;
}

static void smma_reset(bc_feature_node *node)
{
    smma_init(node->state, node->iarg[0]);
}

static BC_FEATURE_KERNEL void smma_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    smma_state *state = node->state, local = *state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, smma_step(&local, x[i]));
    *state = local;
}

const bc_feature_kind bc_feature_kind_smma = {
    .name = "smma", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = smma_lookback,
    .state_size = smma_state_size, .reset = smma_reset, .run = smma_run,
};

/* ---- medprice / typprice ------------------------------------------------ */

static int64_t no_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void no_reset(bc_feature_node *node)
{
    (void)node;
}

static void medprice_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, (in->high[i] + in->low[i]) / 2.0);
}

static void typprice_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, (in->high[i] + in->low[i] + in->close[i]) / 3.0);
}

const bc_feature_kind bc_feature_kind_medprice = {
    .name = "medprice", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW, .lookback = bc_feature_lookback_zero,
    .state_size = no_state_size, .reset = no_reset, .run = medprice_run,
};

const bc_feature_kind bc_feature_kind_typprice = {
    .name = "typprice", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bc_feature_lookback_zero, .state_size = no_state_size, .reset = no_reset,
    .run = typprice_run,
};

/* ---- demarker ----------------------------------------------------------- */

typedef struct demarker_state {
    int32_t seen;
    double prev_high, prev_low;
    bc_sma up, down;
    double ring[];      /* n values of DeMax, then n of DeMin */
} demarker_state;

static inline double demarker_step(demarker_state *s, double high, double low)
{
    if (s->seen == 0) {
        s->seen = 1;
        s->prev_high = high;
        s->prev_low = low;
        return NAN;
    }
    double de_max = high > s->prev_high ? high - s->prev_high : 0.0;
    double de_min = low < s->prev_low ? s->prev_low - low : 0.0;
    s->prev_high = high;
    s->prev_low = low;
    double up = bc_sma_step(&s->up, de_max);
    double down = bc_sma_step(&s->down, de_min);
    if (isnan(up))
        return NAN;
    double total = up + down;
    return total != 0.0 ? up / total : 0.0;
}

static int32_t demarker_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t demarker_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(demarker_state) + 2 * (int64_t)sizeof(double) * node->iarg[0];
}

static void demarker_reset(bc_feature_node *node)
{
    demarker_state *s = node->state;
    int32_t n = node->iarg[0];
    s->seen = 0;
    s->prev_high = s->prev_low = 0.0;
    bc_sma_init(&s->up, n, s->ring);
    bc_sma_init(&s->down, n, s->ring + n);
}

static BC_FEATURE_KERNEL void demarker_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    demarker_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, demarker_step(s, in->high[i], in->low[i]));
}

const bc_feature_kind bc_feature_kind_demarker = {
    .name = "demarker", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = demarker_lookback, .state_size = demarker_state_size,
    .reset = demarker_reset, .run = demarker_run,
};

/* ---- rvi ---------------------------------------------------------------- */

#define RVI_MAX_PERIOD 1000 /* the window is summed afresh each bar, O(n) */

typedef struct rvi_state {
    int32_t n, seen, pos, lines;
    double co[4], hl[4];    /* close - open, high - low of the last 4 bars; [0] newest */
    double line[4];         /* the last 4 lines; [0] newest */
    double *up, *down;      /* rings of n weighted values; slot pos is the newest */
    double ring[];
} rvi_state;

static inline void rvi_step(rvi_state *s, double open, double high, double low, double close,
                            double *out_line, double *out_signal)
{
    const int32_t n = s->n;
    *out_line = NAN;
    *out_signal = NAN;
    for (int k = 3; k > 0; k--) {
        s->co[k] = s->co[k - 1];
        s->hl[k] = s->hl[k - 1];
    }
    s->co[0] = close - open;
    s->hl[0] = high - low;
    if (s->seen < n + 3) /* counts to n + 3 and stays */
        s->seen++;
    if (s->seen < 4)
        return;
    if (++s->pos == n)
        s->pos = 0;
    s->up[s->pos] = s->co[0] + 2.0 * s->co[1] + 2.0 * s->co[2] + s->co[3];
    s->down[s->pos] = s->hl[0] + 2.0 * s->hl[1] + 2.0 * s->hl[2] + s->hl[3];
    if (s->seen < n + 3)
        return;
    double num = 0.0, den = 0.0;
    for (int32_t j = 0, at = s->pos; j < n; j++) { /* newest first */
        num += s->up[at];
        den += s->down[at];
        if (--at < 0)
            at = n - 1;
    }
    double line = den != 0.0 ? num / den : 0.0;
    for (int k = 3; k > 0; k--)
        s->line[k] = s->line[k - 1];
    s->line[0] = line;
    if (s->lines < 3) {
        s->lines++;
        return;
    }
    *out_line = line;
    *out_signal = (s->line[0] + 2.0 * s->line[1] + 2.0 * s->line[2] + s->line[3]) / 6.0;
}

static int32_t rvi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + 5;
}

static int64_t rvi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(rvi_state) + 2 * (int64_t)sizeof(double) * node->iarg[0];
}

static void rvi_reset(bc_feature_node *node)
{
    rvi_state *s = node->state;
    int32_t n = node->iarg[0];
    s->n = n;
    s->seen = 0;
    s->pos = n - 1; /* the first weighted value goes to slot 0 */
    s->lines = 0;
    for (int k = 0; k < 4; k++)
        s->co[k] = s->hl[k] = s->line[k] = 0.0;
    s->up = s->ring;
    s->down = s->ring + n;
}

static BC_FEATURE_KERNEL void rvi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    rvi_state *s = node->state;
    bc_feature_column line = cols[node->slot], signal = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, g;
        rvi_step(s, in->open[i], in->high[i], in->low[i], in->close[i], &l, &g);
        BC_FEATURE_PUT(line, i, l);
        BC_FEATURE_PUT(signal, i, g);
    }
}

const bc_feature_kind bc_feature_kind_rvi = {
    .name = "rvi", .args = "i", .arg_min = {1}, .arg_max = {RVI_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = rvi_lookback, .state_size = rvi_state_size, .reset = rvi_reset, .run = rvi_run,
};

/* ---- alligator: Bill Williams' three shifted smoothed averages ---------- */

/* alligator(j,t,l) -> .order .jaw .teeth .lips (MT5 iAlligator with the
 * shifts Williams gives and MT5 defaults to): jaw = smma(j) of medprice
 * shifted 8 bars, teeth = smma(t) shifted 5, lips = smma(l) shifted 3, each
 * the smma kernel above on (high + low) / 2 read k bars back; order = +1
 * while lips > teeth > jaw (the alligator eating upwards), -1 while
 * lips < teeth < jaw, 0 otherwise. The order lining up is
 * cross(alligator(13,8,5).order,0.5) = +1 (its mirror cross(...,-0.5) = -1);
 * the lips crossing the teeth is cross(alligator(13,8,5).lips,
 * alligator(13,8,5).teeth). Every output NaN until all three lines exist:
 * lookback max(j-1+8, t-1+5, l-1+3). */
enum { ALLIGATOR_RING = 9 }; /* the largest shift + 1 */
static const int32_t alligator_shift[3] = {8, 5, 3};

typedef struct alligator_state {
    smma_state line[3];                    /* jaw, teeth, lips */
    double ring[3][ALLIGATOR_RING];        /* the unshifted smmas, newest at pos */
    int32_t pos;
} alligator_state;

static inline void alligator_step(alligator_state *s, double mid, double out[4])
{
    s->pos = (s->pos + 1) % ALLIGATOR_RING;
    for (int k = 0; k < 3; k++) {
        s->ring[k][s->pos] = smma_step(&s->line[k], mid);
        out[1 + k] = s->ring[k][(s->pos + ALLIGATOR_RING - alligator_shift[k]) % ALLIGATOR_RING];
    }
    double jaw = out[1], teeth = out[2], lips = out[3];
    if (isnan(jaw) || isnan(teeth) || isnan(lips)) {
        out[0] = out[1] = out[2] = out[3] = NAN;
        return;
    }
    out[0] = lips > teeth && teeth > jaw ? 1.0 : lips < teeth && teeth < jaw ? -1.0 : 0.0;
}

static int32_t alligator_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t lb = 0;
    for (int k = 0; k < 3; k++)
        if (node->iarg[k] - 1 + alligator_shift[k] > lb)
            lb = node->iarg[k] - 1 + alligator_shift[k];
    return lb;
}

static int64_t alligator_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(alligator_state);
}

static void alligator_reset(bc_feature_node *node)
{
    alligator_state *s = node->state;
    for (int k = 0; k < 3; k++) {
        smma_init(&s->line[k], node->iarg[k]);
        for (int r = 0; r < ALLIGATOR_RING; r++)
            s->ring[k][r] = NAN;
    }
    s->pos = 0;
}

static void alligator_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                          const bc_feature_column *cols)
{
    alligator_state *s = node->state;
    for (int64_t i = 0; i < n; i++) {
        double out[4];
        alligator_step(s, (in->high[i] + in->low[i]) / 2.0, out);
        for (int j = 0; j < 4; j++)
            BC_FEATURE_PUT(cols[node->slot + j], i, out[j]);
    }
}

const bc_feature_kind bc_feature_kind_alligator = {
    .name = "alligator", .args = "iii", .arg_min = {2, 2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 4, .outputs = {"order", "jaw", "teeth", "lips"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW, .lookback = alligator_lookback,
    .state_size = alligator_state_size, .reset = alligator_reset, .run = alligator_run,
};

/* ---- ac: the accelerator oscillator ------------------------------------ */

enum { AC_FAST = 5, AC_SLOW = 34, AC_SIGNAL = 5 }; /* MT5 iAC's fixed periods */

typedef struct ac_state {
    bc_sma fast, slow, signal;
    double ring[AC_FAST + AC_SLOW + AC_SIGNAL];
} ac_state;

static inline double ac_step(ac_state *s, double high, double low)
{
    double mid = (high + low) / 2.0;
    double fast = bc_sma_step(&s->fast, mid);
    double slow = bc_sma_step(&s->slow, mid);
    if (isnan(slow))
        return NAN;
    double ao = fast - slow;
    return ao - bc_sma_step(&s->signal, ao); /* NaN until the signal's window is full */
}

static int32_t ac_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return AC_SLOW - 1 + AC_SIGNAL - 1;
}

static int64_t ac_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(ac_state);
}

static void ac_reset(bc_feature_node *node)
{
    ac_state *s = node->state;
    bc_sma_init(&s->fast, AC_FAST, s->ring);
    bc_sma_init(&s->slow, AC_SLOW, s->ring + AC_FAST);
    bc_sma_init(&s->signal, AC_SIGNAL, s->ring + AC_FAST + AC_SLOW);
}

static BC_FEATURE_KERNEL void ac_run(bc_feature_node *node, const bc_feature_inputs *in,
                                     int64_t n, const bc_feature_column *cols)
{
    ac_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ac_step(s, in->high[i], in->low[i]));
}

const bc_feature_kind bc_feature_kind_ac = {
    .name = "ac", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW, .lookback = ac_lookback,
    .state_size = ac_state_size, .reset = ac_reset, .run = ac_run,
};
