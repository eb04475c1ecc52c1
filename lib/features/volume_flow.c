/*
 * volume_flow.c - the cumulative volume lines and their oscillator:
 *   obv            TA-Lib OBV, on-balance volume: starts at the first bar's
 *                  volume, then adds the volume on a bar whose close rose,
 *                  subtracts it on one whose close fell; lookback 0
 *   ad             TA-Lib AD, the Chaikin accumulation/distribution line:
 *                  the running sum of ((close - low) - (high - close)) /
 *                  (high - low) * volume, bars with high == low adding
 *                  nothing; lookback 0
 *   adosc(f,s)     TA-Lib ADOSC: EMA(f) - EMA(s) of the ad line, both EMAs
 *                  seeded with the first bar's ad (not an SMA), k = 2/(p+1);
 *                  lookback max(f,s) - 1
 *   cmf(n)         Chaikin money flow: the sum of the last n bars' ad flows
 *                  (ad's expression) over the sum of their volumes, both
 *                  sums TA-Lib SUM's running sums (the first n-1 terms
 *                  added, then per bar: add the new term, read, subtract
 *                  the term n-1 bars back), so the value is float64's
 *                  talib.SUM(flow, n) / talib.SUM(volume, n) bit for bit;
 *                  0 where the volume sum is not above 0; lookback n-1
 *   vwma(n)        the volume-weighted moving average: the sum of the last n
 *                  bars' close x volume over the sum of their volumes, both
 *                  cmf's running sums (talib.SUM(close * volume, n) /
 *                  talib.SUM(volume, n) bit for bit); NaN where the volume
 *                  sum is not above 0 (no volume weighs no close); lookback
 *                  n-1
 *   pvt            the price volume trend: 0 on the first bar, then the
 *                  running sum of volume * (close / close@1 - 1); lookback 0
 *                  (see its block below)
 *   nvi, pvi       Fosback's negative / positive volume index: 1000 on the
 *                  first bar, then times close / close@1 on a bar whose
 *                  volume fell (nvi) / rose (pvi) from the previous bar's,
 *                  unchanged on any other; lookback 0 (see their block)
 *   bwmfi          Bill Williams' market facilitation index ("Trading
 *                  Chaos", 1995): (high - low) / volume, the bar's range per
 *                  unit of volume; NaN where the volume is not above 0 (a
 *                  bar without volume facilitates nothing measurable);
 *                  lookback 0. His four zones compare bwmfi and volume
 *                  with the previous bar's: "green" both up,
 *                  and(above(bwmfi,bwmfi@1),above(volume,volume@1)); "fade"
 *                  both down; "fake" bwmfi up on falling volume; "squat"
 *                  bwmfi down on rising volume
 * obv and ad are levels that depend on the bar the engine started on (a
 * constant offset between two starts); a clone reads them through an
 * offset-free item: zscore(obv,20), rank(ad,50), diff(obv,obv@5).
 * obv and ad add in TA-Lib's order (its bits); adosc's EMA steps are
 * fma(ema, 1-k, ad*k), one rounding as in ema.h, which gives the bits of
 * the TA-Lib build the reference files come from (its compiler contracts
 * k*ad + (1-k)*ema the same way); the difference of the two EMAs cancels
 * most of their digits, so an unfused step would be ~1e-9 relative away.
 */
#include "feature_internal.h"

#include <string.h>

/* One bar's accumulation/distribution, TA-Lib's expression. */
static inline double ad_flow(double high, double low, double close, double volume)
{
    double range = high - low;
    /* the same expression where range > 0; a divisor of 1 elsewhere keeps
     * the division unconditional (trap-free), so the flows' loop vectorizes */
    double flow = (close - low - (high - close)) / (range > 0.0 ? range : 1.0) * volume;
    return range > 0.0 ? flow : 0.0;
}

/* The flows of up to AD_CHUNK bars, in a loop of their own (it vectorizes:
 * the divisions run four at a time) before the running sums add them. */
#define AD_CHUNK 256

static inline void ad_flows(const double *h, const double *l, const double *c,
                            const double *v, int64_t n, double *flow)
{
    int64_t i = 0;
#if defined(BC_FEATURE_V4) /* ad_flow, four bars at once */
    const bc_v4 zero = {0.0, 0.0, 0.0, 0.0}, one = {1.0, 1.0, 1.0, 1.0};
    for (; i + 4 <= n; i += 4) {
        bc_v4 hi, lo, cl, vo;
        memcpy(&hi, h + i, sizeof hi);
        memcpy(&lo, l + i, sizeof lo);
        memcpy(&cl, c + i, sizeof cl);
        memcpy(&vo, v + i, sizeof vo);
        bc_v4 range = hi - lo;
        bc_m4 pos = range > zero;
        bc_v4 f = (cl - lo - (hi - cl)) / BC_V4_PICK(pos, range, one) * vo;
        f = BC_V4_ZERO_WHERE(~pos, f);
        memcpy(flow + i, &f, sizeof f);
    }
#endif
    for (; i < n; i++)
        flow[i] = ad_flow(h[i], l[i], c[i], v[i]);
}

/* ---- obv ---------------------------------------------------------------- */

typedef struct obv_state {
    int64_t seen;
    double prev_close, obv;
} obv_state;

/* The change of obv on a bar. Branch-free use: obv + (-v) is obv - v
 * exactly, and adding 0 where the close did not move changes at most the
 * sign of a zero obv, which the output's non-finite rule (bc_feature_clean)
 * turns into +0 either way. */
static inline double obv_delta(double close, double prev_close, double volume)
{
    return close > prev_close ? volume : close < prev_close ? -volume : 0.0;
}

static inline double obv_step_next(obv_state *s, double close, double volume)
{
    s->seen++;
    s->obv += obv_delta(close, s->prev_close, volume);
    s->prev_close = close;
    return s->obv;
}

static inline double obv_step(obv_state *s, double close, double volume)
{
    if (s->seen > 0)
        return obv_step_next(s, close, volume);
    s->seen = 1;
    s->obv = volume;
    s->prev_close = close;
    return s->obv;
}

/* obv_delta of n bars (prev: the close before c[0]), four at a time where
 * the vector extensions are there. */
static inline void obv_deltas(const double *c, const double *v, int64_t n, double prev,
                              double *delta)
{
    if (n <= 0)
        return;
    delta[0] = obv_delta(c[0], prev, v[0]);
    int64_t i = 1;
#if defined(BC_FEATURE_V4) /* obv_delta, four bars at once */
    for (; i + 4 <= n; i += 4) {
        bc_v4 cl, pc, vo;
        memcpy(&cl, c + i, sizeof cl);
        memcpy(&pc, c + i - 1, sizeof pc);
        memcpy(&vo, v + i, sizeof vo);
        bc_m4 up = cl > pc, down = cl < pc;
        bc_v4 d = BC_V4_PICK(up, vo, BC_V4_ZERO_WHERE(~down, -vo));
        memcpy(delta + i, &d, sizeof d);
    }
#endif
    for (; i < n; i++)
        delta[i] = obv_delta(c[i], c[i - 1], v[i]);
}

static int64_t obv_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(obv_state);
}

static void obv_reset(bc_feature_node *node)
{
    obv_state *s = node->state;
    s->seen = 0;
    s->prev_close = s->obv = 0.0;
}

static BC_FEATURE_KERNEL void obv_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    obv_state *s = node->state, local = *s;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    double delta[AD_CHUNK];
    int64_t i0 = 0;
    if (n > 0 && local.seen == 0) { /* the first bar seeds the line */
        BC_FEATURE_PUT(out, 0, obv_step(&local, c[0], v[0]));
        i0 = 1;
    }
    for (; i0 < n; i0 += AD_CHUNK) { /* obv_step_next, the deltas first */
        int64_t len = n - i0 < AD_CHUNK ? n - i0 : AD_CHUNK;
        obv_deltas(c + i0, v + i0, len, local.prev_close, delta);
        for (int64_t i = 0; i < len; i++) {
            local.obv += delta[i];
            BC_FEATURE_PUT(out, i0 + i, local.obv);
        }
        local.seen += len;
        local.prev_close = c[i0 + len - 1];
    }
    *s = local;
}

const bc_feature_kind bc_feature_kind_obv = {
    .name = "obv", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = obv_state_size, .reset = obv_reset,
    .run = obv_run,
};

/* ---- ad ----------------------------------------------------------------- */

static int64_t ad_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(double);
}

static void ad_reset(bc_feature_node *node)
{
    *(double *)node->state = 0.0;
}

static BC_FEATURE_KERNEL void ad_run(bc_feature_node *node, const bc_feature_inputs *in,
                                     int64_t n, const bc_feature_column *cols)
{
    double ad = *(double *)node->state, flow[AD_CHUNK];
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i0 = 0; i0 < n; i0 += AD_CHUNK) {
        int64_t len = n - i0 < AD_CHUNK ? n - i0 : AD_CHUNK;
        ad_flows(h + i0, l + i0, c + i0, v + i0, len, flow);
        for (int64_t i = 0; i < len; i++) {
            ad += flow[i];
            BC_FEATURE_PUT(out, i0 + i, ad);
        }
    }
    *(double *)node->state = ad;
}

const bc_feature_kind bc_feature_kind_ad = {
    .name = "ad", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE |
             BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = ad_state_size, .reset = ad_reset,
    .run = ad_run,
};

/* ---- adosc(f,s) --------------------------------------------------------- */

typedef struct adosc_state {
    int64_t seen;
    int32_t lookback;
    double fast_k, fast_k1, slow_k, slow_k1; /* k and 1 - k of each EMA */
    double ad, fast, slow;
} adosc_state;

/* The two EMAs' step on the ad line after its first bar. */
static inline void adosc_emas(adosc_state *s)
{
    s->fast = fma(s->fast, s->fast_k1, s->ad * s->fast_k);
    s->slow = fma(s->slow, s->slow_k1, s->ad * s->slow_k);
}

static inline double adosc_step(adosc_state *s, double flow)
{
    s->ad += flow;
    if (s->seen++ == 0) {
        s->fast = s->ad;
        s->slow = s->ad;
    } else {
        adosc_emas(s);
    }
    return s->seen > s->lookback ? s->fast - s->slow : (double)NAN;
}

static int32_t adosc_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t f = node->iarg[0], s = node->iarg[1];
    return (f > s ? f : s) - 1;
}

static int64_t adosc_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(adosc_state);
}

static void adosc_reset(bc_feature_node *node)
{
    adosc_state *s = node->state;
    s->seen = 0;
    s->lookback = adosc_lookback(node, NULL);
    s->fast_k = 2.0 / ((double)node->iarg[0] + 1.0);
    s->fast_k1 = 1.0 - s->fast_k;
    s->slow_k = 2.0 / ((double)node->iarg[1] + 1.0);
    s->slow_k1 = 1.0 - s->slow_k;
    s->ad = s->fast = s->slow = 0.0;
}

static BC_FEATURE_KERNEL void adosc_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    adosc_state *s = node->state, local = *s;
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    double flow[AD_CHUNK];
    for (int64_t i0 = 0; i0 < n; i0 += AD_CHUNK) {
        int64_t len = n - i0 < AD_CHUNK ? n - i0 : AD_CHUNK, i = 0;
        ad_flows(h + i0, l + i0, c + i0, v + i0, len, flow);
        for (; i < len && local.seen <= local.lookback; i++) /* seeding, warm-up */
            BC_FEATURE_PUT(out, i0 + i, adosc_step(&local, flow[i]));
        for (; i < len; i++) { /* adosc_step past its warm-up, without its tests */
            local.ad += flow[i];
            local.seen++;
            adosc_emas(&local);
            BC_FEATURE_PUT(out, i0 + i, local.fast - local.slow);
        }
    }
    *s = local;
}

const bc_feature_kind bc_feature_kind_adosc = {
    .name = "adosc", .args = "ii", .arg_min = {2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE |
             BC_FEATURE_IN_VOLUME,
    .lookback = adosc_lookback, .state_size = adosc_state_size, .reset = adosc_reset,
    .run = adosc_run,
};

/* ---- cmf(n) ------------------------------------------------------------- */

typedef struct cmf_state {
    int64_t seen;
    int32_t n, pos;          /* pos: ring slot of the next bar */
    double flow_sum, volume_sum;
    double empty;            /* the value where the volume sum is not above 0 */
    double ring[];           /* flows (n), then volumes (n) */
} cmf_state;

static inline double cmf_step(cmf_state *s, double flow, double volume)
{
    double *flows = s->ring, *volumes = s->ring + s->n;
    int32_t p = s->pos;
    flows[p] = flow;
    volumes[p] = volume;
    s->pos = p + 1 == s->n ? 0 : p + 1;
    s->flow_sum += flow;
    s->volume_sum += volume;
    if (s->seen++ < (int64_t)s->n - 1)
        return NAN;
    double value = s->volume_sum > 0.0 ? s->flow_sum / s->volume_sum : s->empty;
    /* the term n-1 bars back leaves: after the move, the next slot */
    s->flow_sum -= flows[s->pos];
    s->volume_sum -= volumes[s->pos];
    return value;
}

static int32_t cmf_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t cmf_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(cmf_state) + (int64_t)sizeof(double) * 2 * node->iarg[0];
}

static void cmf_reset(bc_feature_node *node)
{
    cmf_state *s = node->state;
    s->seen = 0;
    s->n = node->iarg[0];
    s->pos = 0;
    s->flow_sum = s->volume_sum = 0.0;
    s->empty = 0.0;
}

static BC_FEATURE_KERNEL void cmf_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    cmf_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    double flow[AD_CHUNK];
    for (int64_t i0 = 0; i0 < n; i0 += AD_CHUNK) {
        int64_t len = n - i0 < AD_CHUNK ? n - i0 : AD_CHUNK;
        ad_flows(h + i0, l + i0, c + i0, v + i0, len, flow);
        for (int64_t i = 0; i < len; i++)
            BC_FEATURE_PUT(out, i0 + i, cmf_step(s, flow[i], v[i0 + i]));
    }
}

const bc_feature_kind bc_feature_kind_cmf = {
    .name = "cmf", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE |
             BC_FEATURE_IN_VOLUME,
    .lookback = cmf_lookback, .state_size = cmf_state_size, .reset = cmf_reset,
    .run = cmf_run,
};

/* ---- vwma(n) ------------------------------------------------------------
 * cmf's running sums over close x volume instead of ad's flows (one
 * computation, cmf_step), NaN where the volume sum is not above 0. */

static void vwma_reset(bc_feature_node *node)
{
    cmf_reset(node);
    ((cmf_state *)node->state)->empty = NAN;
}

static BC_FEATURE_KERNEL void vwma_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    cmf_state *s = node->state;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, cmf_step(s, c[i] * v[i], v[i]));
}

const bc_feature_kind bc_feature_kind_vwma = {
    .name = "vwma", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = cmf_lookback, .state_size = cmf_state_size, .reset = vwma_reset,
    .run = vwma_run,
};

/* ---- pvt ------------------------------------------------------------------
 * The price volume trend: 0 on the first bar, then the running sum of
 * volume * (close / close@1 - 1), each bar's term added in that order
 * (pandas' cumsum of the terms bit for bit); lookback 0. A bar with a NaN
 * close or volume is skipped (NaN out, state untouched, as ema's: the next
 * bar's close@1 is the last finite one); a previous close of 0 adds
 * nothing. Like obv a level that depends on the bar the engine started
 * on; a clone reads it against its own average: cross(pvt,ema(pvt,21)). */

typedef struct pvt_state {
    int64_t seen;
    double prev_close, pvt;
} pvt_state;

static int64_t pvt_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(pvt_state);
}

static void pvt_reset(bc_feature_node *node)
{
    pvt_state *s = node->state;
    s->seen = 0;
    s->prev_close = s->pvt = 0.0;
}

static BC_FEATURE_KERNEL void pvt_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    pvt_state *s = node->state, local = *s;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(c[i]) || isnan(v[i])) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        if (local.seen > 0 && local.prev_close != 0.0)
            local.pvt += v[i] * (c[i] / local.prev_close - 1.0);
        local.seen++;
        local.prev_close = c[i];
        BC_FEATURE_PUT(out, i, local.pvt);
    }
    *s = local;
}

const bc_feature_kind bc_feature_kind_pvt = {
    .name = "pvt", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = pvt_state_size, .reset = pvt_reset,
    .run = pvt_run,
};

/* ---- nvi, pvi ---------------------------------------------------------------
 * Fosback's negative volume index nvi: 1000 on the first bar, then on each
 * bar whose volume is below the previous bar's nvi = nvi * (close /
 * close@1), on any other bar (volume equal or higher) unchanged; the
 * positive volume index pvi is its mirror (moves on a bar whose volume
 * rose). Lookback 0. A bar with a NaN close or volume is skipped (NaN out,
 * state untouched, as pvt's: the next bar compares with the last finite
 * bar's close and volume); a previous close of 0 leaves the index
 * unchanged. The product is float64's nvi[t-1] * (c[t] / c[t-1]) in that
 * order, bit for bit. A level scaled by where the engine started; a clone
 * reads it against its own average: cross(nvi,ema(nvi,255)). */

typedef struct vi_state {
    int64_t seen;
    double prev_close, prev_volume, index;
} vi_state;

static int64_t vi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(vi_state);
}

static void vi_reset(bc_feature_node *node)
{
    vi_state *s = node->state;
    s->seen = 0;
    s->prev_close = s->prev_volume = 0.0;
    s->index = 1000.0;
}

/* negative != 0: nvi (moves when the volume fell), else pvi (rose). */
static inline void vi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                          const bc_feature_column *cols, int negative)
{
    vi_state *s = node->state, local = *s;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(c[i]) || isnan(v[i])) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        int moves = negative ? v[i] < local.prev_volume : v[i] > local.prev_volume;
        if (local.seen > 0 && moves && local.prev_close != 0.0)
            local.index *= c[i] / local.prev_close;
        local.seen++;
        local.prev_close = c[i];
        local.prev_volume = v[i];
        BC_FEATURE_PUT(out, i, local.index);
    }
    *s = local;
}

static BC_FEATURE_KERNEL void nvi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    vi_run(node, in, n, cols, 1);
}

static BC_FEATURE_KERNEL void pvi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    vi_run(node, in, n, cols, 0);
}

const bc_feature_kind bc_feature_kind_nvi = {
    .name = "nvi", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = vi_state_size, .reset = vi_reset,
    .run = nvi_run,
};

const bc_feature_kind bc_feature_kind_pvi = {
    .name = "pvi", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = vi_state_size, .reset = vi_reset,
    .run = pvi_run,
};

/* ---- bwmfi: Bill Williams' market facilitation index -------------------- */

typedef struct bwmfi_state {
    int32_t unused; /* no state: one bar's own values */
} bwmfi_state;

static int64_t bwmfi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bwmfi_state);
}

static void bwmfi_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void bwmfi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, v[i] > 0.0 ? (h[i] - l[i]) / v[i] : NAN);
}

const bc_feature_kind bc_feature_kind_bwmfi = {
    .name = "bwmfi", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_VOLUME,
    .lookback = bc_feature_lookback_zero, .state_size = bwmfi_state_size,
    .reset = bwmfi_reset, .run = bwmfi_run,
};
