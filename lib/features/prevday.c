/*
 * prevday.c - levels of the previous UTC calendar day, from the bars themselves:
 *   prevday  -> .open .high .low .close  the previous day's first open,
 *               highest high, lowest low and last close
 *   pivot    -> .p .r1 .s1 .r2 .s2 .r3 .s3  the classic floor-trader pivots
 *               of that day: P = (H + L + C) / 3, R1 = 2P - L, S1 = 2P - H,
 *               R2 = P + (H - L), S2 = P - (H - L), R3 = H + 2(P - L),
 *               S3 = L - 2(H - P)
 *   camarilla -> .h1 .h2 .h3 .h4 .l1 .l2 .l3 .l4  Nick Scott's Camarilla
 *               levels of that day, the published equation's factors:
 *               Hk = C + 1.1 (H - L) / d, Lk = C - 1.1 (H - L) / d with
 *               d = 12, 6, 4, 2 for k = 1, 2, 3, 4 (each 1.1 (H - L) / d
 *               rounded once, then added to C). Its days are prevday's
 *               but for a UTC Sunday's bars, which enter no day (the FX
 *               pivot's customary "ignore Sunday": a feed's short
 *               Sunday-evening session is no trading day of its own), so
 *               Monday's levels are Friday's; a Sunday's bars end the
 *               day before and so have Friday's levels too (the session
 *               that opens on Sunday evening is Monday's; until the
 *               twenty-ninth session they kept Thursday's, the levels that
 *               Friday's bars had)
 *   rbreaker -> .ssetup .bsetup .senter .benter .bbreak .sbreak  the
 *               R-Breaker's six levels of that day at the published
 *               coefficients (0.35, 0.07, 0.25): sell setup
 *               ssetup = H + 0.35 (C - L), buy setup bsetup = L - 0.35 (H - C),
 *               sell enter senter = 1.07 (H + L) / 2 - 0.07 L, buy enter
 *               benter = 1.07 (H + L) / 2 - 0.07 H, break buy
 *               bbreak = ssetup + 0.25 (ssetup - bsetup), break sell
 *               sbreak = bsetup - 0.25 (ssetup - bsetup); camarilla's days
 *               (a UTC Sunday's bars enter no day)
 *   dmpivot  -> .p .r1 .s1  Tom DeMark's pivot points of that day (The New
 *               Science of Technical Analysis, 1994): from its open O, high
 *               H, low L and close C, X = H + 2L + C when C < O, 2H + L + C
 *               when C > O, H + L + 2C when C = O; p = X / 4, the projected
 *               high r1 = X / 2 - L, the projected low s1 = X / 2 - H;
 *               camarilla's days (a UTC Sunday's bars enter no day)
 * The day split is step.h's bc_second_of_day (floor, also before 1970), the
 * one day_extreme.c uses. "The previous day" is the last earlier day that
 * has bars: after a weekend (or a holiday) it is the last trading day, and
 * an FX feed's short Sunday-evening session is a day of its own. Daily bars
 * are one bar a day, so prevday is the previous bar. The first day seen
 * never counts: it may have begun before the first bar (a series or a live
 * feed starting mid-day), so the values are NaN through the second day seen
 * and valid from the third day's first bar. A missing bar (non-finite price)
 * never reaches run() (the engine's rule), so it enters no day.
 * prevweek -> .open .high .low .close  the same levels of the previous ISO
 *               week (Monday 00:00 UTC to Sunday 24:00 UTC) that has bars,
 *               by the same rules with a week for a day: NaN through the
 *               second week seen (the first may be partial), valid from the
 *               third week's first bar.
 * dayema(n)  the higher timeframe's moving average: TA-Lib's EMA(n) (ema.h:
 *   SMA seed of the first n values, then k = 2/(n+1)) of the series of whole
 *   days' closes (a day's close is its last bar's close, prevday.close), as
 *   of the last whole day: the value that a daily chart's EMA(n) had on the
 *   bar of prevday, held constant through the day. The series is prevday's:
 *   days that have bars (a day without bars is no day, not a NaN), the first
 *   day seen left out (the same rule), so dayema(n) is NaN until n whole days
 *   have ended (from the (n+2)-th day seen's first bar). A MetaTrader EA
 *   reading iMA(PERIOD_D1, n, MODE_EMA) at shift 1 while trading H1; the
 *   daily trend "the last whole day closed above its ema(n)" is
 *   above(prevday.close,dayema(n)) (ratio(prevday.close,dayema(n)) at 1).
 * weekema(n) the same over prevweek's ISO weeks (a week's close is its last
 *   bar's close, prevweek.close). The kernel is keyed by the period's number
 *   alone, so other periods (H4, months) would be another key function in
 *   prevday_step; only days and ISO weeks are items.
 * State: the period (day or week) of the last bar, the period so far and the
 * previous period (dayema: and the EMA of the whole periods' closes); lookback
 * 0 (validity depends on periods seen).
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "prevday.h"
#include "ema.h"

#include <stdint.h>

static int64_t prevday_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(prevday_state);
}

static void prevday_reset(bc_feature_node *node)
{
    prevday_init(node->state);
}

/* The floor pivots of a day's high h, low l and close c, in the order of
 * pivot's outputs (p r1 s1 r2 s2 r3 s3); NaN in, NaN out. */
static inline void pivot_levels(double h, double l, double c, double out[7])
{
    const double p = (h + l + c) / 3.0;
    out[0] = p;
    out[1] = 2.0 * p - l;
    out[2] = 2.0 * p - h;
    out[3] = p + (h - l);
    out[4] = p - (h - l);
    out[5] = h + 2.0 * (p - l);
    out[6] = l - 2.0 * (h - p);
}

/* The Camarilla levels of a day's high h, low l and close c, in the order
 * of camarilla's outputs (h1 h2 h3 h4 l1 l2 l3 l4); NaN in, NaN out. */
static inline void camarilla_levels(double h, double l, double c, double out[8])
{
    static const double d[4] = {12.0, 6.0, 4.0, 2.0};
    for (int k = 0; k < 4; k++) {
        const double w = 1.1 * (h - l) / d[k];
        out[k] = c + w;
        out[4 + k] = c - w;
    }
}

/* The R-Breaker's levels of a day's high h, low l and close c, in the order
 * of rbreaker's outputs (ssetup bsetup senter benter bbreak sbreak); NaN in,
 * NaN out. */
static inline void rbreaker_levels(double h, double l, double c, double out[6])
{
    const double ssetup = h + 0.35 * (c - l), bsetup = l - 0.35 * (h - c);
    const double mid = 1.07 / 2.0 * (h + l);
    out[0] = ssetup;
    out[1] = bsetup;
    out[2] = mid - 0.07 * l;
    out[3] = mid - 0.07 * h;
    out[4] = ssetup + 0.25 * (ssetup - bsetup);
    out[5] = bsetup - 0.25 * (ssetup - bsetup);
}

/* DeMark's pivot points of a day's open o, high h, low l and close c, in the
 * order of dmpivot's outputs (p r1 s1); NaN in, NaN out (a NaN open or close
 * picks no weighting: X is NaN). */
static inline void dmpivot_levels(double o, double h, double l, double c, double out[3])
{
    double x = NAN;
    if (c < o)
        x = h + 2.0 * l + c;
    else if (c > o)
        x = 2.0 * h + l + c;
    else if (c == o)
        x = h + l + 2.0 * c;
    out[0] = x / 4.0;
    out[1] = x / 2.0 - l;
    out[2] = x / 2.0 - h;
}

/* pivots: 0 prevday's levels, 1 the floor pivots, 2 the Camarilla levels,
 * 3 the R-Breaker's levels, 4 DeMark's pivot points */
BC_FEATURE_LOOP void prevday_loop(prevday_state *s, const bc_feature_node *node,
                                  const bc_feature_inputs *in, int64_t n,
                                  const bc_feature_column *cols, int pivots, int weeks)
{
    for (int64_t i = 0; i < n; i++) {
        prevday_step(s, in->time[i], in->open[i], in->high[i], in->low[i], in->close[i],
                     weeks);
        if (pivots == 4) {
            double v[3];
            dmpivot_levels(s->prev[0], s->prev[1], s->prev[2], s->prev[3], v);
            for (int k = 0; k < 3; k++)
                BC_FEATURE_PUT(cols[node->slot + k], i, v[k]);
        } else if (pivots == 3) {
            double v[6];
            rbreaker_levels(s->prev[1], s->prev[2], s->prev[3], v);
            for (int k = 0; k < 6; k++)
                BC_FEATURE_PUT(cols[node->slot + k], i, v[k]);
        } else if (pivots == 2) {
            double v[8];
            camarilla_levels(s->prev[1], s->prev[2], s->prev[3], v);
            for (int k = 0; k < 8; k++)
                BC_FEATURE_PUT(cols[node->slot + k], i, v[k]);
        } else if (pivots) {
            double v[7];
            pivot_levels(s->prev[1], s->prev[2], s->prev[3], v);
            for (int k = 0; k < 7; k++)
                BC_FEATURE_PUT(cols[node->slot + k], i, v[k]);
        } else {
            for (int k = 0; k < 4; k++)
                BC_FEATURE_PUT(cols[node->slot + k], i, s->prev[k]);
        }
    }
}

static void prevday_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 0, 0);
    *(prevday_state *)node->state = local;
}

static void pivot_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 1, 0);
    *(prevday_state *)node->state = local;
}

static void camarilla_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                          const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 2, 2);
    *(prevday_state *)node->state = local;
}

static void rbreaker_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 3, 2);
    *(prevday_state *)node->state = local;
}

static void dmpivot_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 4, 2);
    *(prevday_state *)node->state = local;
}

static void prevweek_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    prevday_state local = *(prevday_state *)node->state;
    prevday_loop(&local, node, in, n, cols, 0, 1);
    *(prevday_state *)node->state = local;
}

#define PREVDAY_NEEDS \
    (BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE | \
     BC_FEATURE_IN_TIME)

const bc_feature_kind bc_feature_kind_prevday = {
    .name = "prevday", .args = "", .n_outputs = 4, .outputs = {"open", "high", "low", "close"},
    .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = prevday_state_size, .reset = prevday_reset, .run = prevday_run,
};

/* pivot reads the open too (it shares prevday's step), so a bar whose open
 * alone is missing is missing for both. */
const bc_feature_kind bc_feature_kind_pivot = {
    .name = "pivot", .args = "", .n_outputs = 7,
    .outputs = {"p", "r1", "s1", "r2", "s2", "r3", "s3"}, .needs = PREVDAY_NEEDS,
    .lookback = bc_feature_lookback_zero, .state_size = prevday_state_size,
    .reset = prevday_reset, .run = pivot_run,
};

/* camarilla shares prevday's step (and so its inputs and days) as pivot does. */
const bc_feature_kind bc_feature_kind_camarilla = {
    .name = "camarilla", .args = "", .n_outputs = 8,
    .outputs = {"h1", "h2", "h3", "h4", "l1", "l2", "l3", "l4"}, .needs = PREVDAY_NEEDS,
    .lookback = bc_feature_lookback_zero, .state_size = prevday_state_size,
    .reset = prevday_reset, .run = camarilla_run,
};

/* rbreaker shares camarilla's step and days. */
const bc_feature_kind bc_feature_kind_rbreaker = {
    .name = "rbreaker", .args = "", .n_outputs = 6,
    .outputs = {"ssetup", "bsetup", "senter", "benter", "bbreak", "sbreak"},
    .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = prevday_state_size, .reset = prevday_reset, .run = rbreaker_run,
};

/* dmpivot shares camarilla's step and days (and reads the day's open). */
const bc_feature_kind bc_feature_kind_dmpivot = {
    .name = "dmpivot", .args = "", .n_outputs = 3, .outputs = {"p", "r1", "s1"},
    .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = prevday_state_size, .reset = prevday_reset, .run = dmpivot_run,
};

const bc_feature_kind bc_feature_kind_prevweek = {
    .name = "prevweek", .args = "", .n_outputs = 4, .outputs = {"open", "high", "low", "close"},
    .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = prevday_state_size, .reset = prevday_reset, .run = prevweek_run,
};

/* ---- dayema(n), weekema(n): the EMA of the whole periods' closes ---- */
typedef struct dayema_state {
    prevday_state p;
    bc_ema e;
    double value; /* the EMA as of the last whole period; NaN before n */
} dayema_state;

static int64_t dayema_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(dayema_state);
}

static void dayema_reset(bc_feature_node *node)
{
    dayema_state *s = node->state;
    prevday_reset(node); /* the prevday_state leads dayema_state */
    bc_ema_init(&s->e, node->iarg[0]);
    s->value = NAN;
}

/* The generated code's templates ("dayema", "weekema") are this step. */
BC_FEATURE_LOOP void dayema_loop(dayema_state *s, const bc_feature_node *node,
                                 const bc_feature_inputs *in, int64_t n,
                                 const bc_feature_column *cols, int weeks)
{
    for (int64_t i = 0; i < n; i++) {
        if (prevday_step(&s->p, in->time[i], in->open[i], in->high[i], in->low[i],
                         in->close[i], weeks))
            s->value = bc_ema_step(&s->e, s->p.prev[3]);
        BC_FEATURE_PUT(cols[node->slot], i, s->value);
    }
}

static void dayema_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    dayema_state local = *(dayema_state *)node->state;
    dayema_loop(&local, node, in, n, cols, 0);
    *(dayema_state *)node->state = local;
}

static void weekema_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    dayema_state local = *(dayema_state *)node->state;
    dayema_loop(&local, node, in, n, cols, 1);
    *(dayema_state *)node->state = local;
}

/* The same inputs as prevday (its step reads the whole bar), so a bar with
 * any price missing is missing for both and the two agree on the days. */
const bc_feature_kind bc_feature_kind_dayema = {
    .name = "dayema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = dayema_state_size, .reset = dayema_reset, .run = dayema_run,
};

const bc_feature_kind bc_feature_kind_weekema = {
    .name = "weekema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = PREVDAY_NEEDS, .lookback = bc_feature_lookback_zero,
    .state_size = dayema_state_size, .reset = dayema_reset, .run = weekema_run,
};
