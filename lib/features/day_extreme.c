/*
 * day_extreme.c - session-anchored extremes of the bar's own UTC day, and
 * its open:
 *   dayhigh(h0,h1)  highest high of the day's bars whose hour is in
 *                   [h0, h1), up to and including the current bar
 *   daylow(h0,h1)   lowest low of the same bars
 * 0 <= h0 < h1 <= 24 (whole hours; a bar's hour is its time stamp's, as
 * session.c reads it: a bar at 06:59 is inside [0, 7), one at 07:00 not).
 * NaN on the day's bars before its first bar in the window; inside the
 * window the running extreme; after h1 the window's extreme for the rest of
 * that day; a new UTC day (floor of time / 86400, also before 1970) starts
 * again. dayhigh(0,7) / daylow(0,7) is the "Asian range" of 00:00-06:59,
 * dayhigh(0,24) the day's running high. A missing bar never reaches run()
 * (the engine's rule: no state moves), so it enters no extreme.
 *   dayopen         the open of the first bar of the bar's own UTC day,
 *                   constant through the day. Unlike the extremes, the
 *                   first day seen never counts (the series or a live feed
 *                   may begin mid-day, and that bar's open is not the
 *                   day's: prevday.c's rule): NaN through the first day
 *                   seen, valid from the second day's first bar; on daily
 *                   bars the bar's own open from the second bar on. A day
 *                   whose first bars are missing opens at its first bar
 *                   with prices.
 * State: the day of the last bar seen and the extreme (the open); lookback
 * 0 (the value depends on the time of day, not on a count of bars).
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "step.h"

#include <stdint.h>

typedef struct day_extreme_state {
    int64_t day;    /* UTC day of the last bar (floor of time / 86400) */
    int32_t seen;   /* 0 until the first bar */
    double value;   /* the window's extreme so far this day; NaN before its first bar */
} day_extreme_state;

static int64_t day_extreme_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(day_extreme_state);
}

static void day_extreme_reset(bc_feature_node *node)
{
    day_extreme_state *s = node->state;
    s->day = 0;
    s->seen = 0;
    s->value = NAN;
}

/* One bar: the day split (step.h bc_second_of_day: floor, also before
 * 1970), a new day forgets the extreme, a bar inside [lo, hi) seconds of
 * the day enters it. high = 1: the highest x, 0: the lowest. The generated code's
 * template (lib/export/feature_source.c "dayhigh") is this step. */
static inline double day_extreme_step(day_extreme_state *s, int64_t t, double x, int64_t lo,
                                      int64_t hi, int high)
{
    const int64_t sec = bc_second_of_day(t), day = (t - sec) / 86400;
    if (!s->seen || day != s->day) {
        s->seen = 1;
        s->day = day;
        s->value = NAN;
    }
    if (sec >= lo && sec < hi && (isnan(s->value) || (high ? x > s->value : x < s->value)))
        s->value = x;
    return s->value;
}

BC_FEATURE_LOOP void day_extreme_loop(day_extreme_state *s, const bc_feature_node *node,
                                      const int64_t *time, const double *x, int64_t n,
                                      const bc_feature_column *cols, int high)
{
    const int64_t lo = (int64_t)node->iarg[0] * 3600, hi = (int64_t)node->iarg[1] * 3600;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, day_extreme_step(s, time[i], x[i], lo, hi, high));
}

static void dayhigh_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    day_extreme_state local = *(day_extreme_state *)node->state;
    day_extreme_loop(&local, node, in->time, in->high, n, cols, 1);
    *(day_extreme_state *)node->state = local;
}

static void daylow_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    day_extreme_state local = *(day_extreme_state *)node->state;
    day_extreme_loop(&local, node, in->time, in->low, n, cols, 0);
    *(day_extreme_state *)node->state = local;
}

static int32_t day_extreme_check(const bc_feature_node *node, const char *text)
{
    if (node->iarg[0] >= node->iarg[1])
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the window [%d, %d) is empty (the start hour %d must "
                       "be below the end hour %d; the window does not wrap past midnight)",
                       text, node->iarg[0], node->iarg[1], node->iarg[0], node->iarg[1]);
    return BC_OK;
}

const bc_feature_kind bc_feature_kind_dayhigh = {
    .name = "dayhigh", .args = "ii", .arg_min = {0, 1}, .arg_max = {23, 24}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_TIME, .check = day_extreme_check,
    .lookback = bc_feature_lookback_zero, .state_size = day_extreme_state_size,
    .reset = day_extreme_reset, .run = dayhigh_run,
};

const bc_feature_kind bc_feature_kind_daylow = {
    .name = "daylow", .args = "ii", .arg_min = {0, 1}, .arg_max = {23, 24}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_LOW | BC_FEATURE_IN_TIME, .check = day_extreme_check,
    .lookback = bc_feature_lookback_zero, .state_size = day_extreme_state_size,
    .reset = day_extreme_reset, .run = daylow_run,
};

/* ---- dayopen -------------------------------------------------------------- */

typedef struct dayopen_state {
    int64_t day;      /* UTC day of the last bar */
    int32_t days;     /* days seen, capped at 2: 0 none, 1 the first (not whole) */
    double open;      /* the current day's first open; NaN through the first day */
} dayopen_state;

static int64_t dayopen_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(dayopen_state);
}

static void dayopen_reset(bc_feature_node *node)
{
    dayopen_state *s = node->state;
    s->day = 0;
    s->days = 0;
    s->open = NAN;
}

/* One bar (the template "dayopen" in lib/export/feature_source.c). */
static inline double dayopen_step(dayopen_state *s, int64_t t, double open)
{
    const int64_t day = (t - bc_second_of_day(t)) / 86400;
    if (s->days == 0 || day != s->day) {
        if (s->days < 2)
            s->days++;
        s->day = day;
        s->open = s->days == 2 ? open : NAN;
    }
    return s->open;
}

static void dayopen_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    dayopen_state local = *(dayopen_state *)node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, dayopen_step(&local, in->time[i], in->open[i]));
    *(dayopen_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_dayopen = {
    .name = "dayopen", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_TIME, .lookback = bc_feature_lookback_zero,
    .state_size = dayopen_state_size, .reset = dayopen_reset, .run = dayopen_run,
};
