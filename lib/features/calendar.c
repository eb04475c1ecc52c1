/*
 * calendar.c - a bar's place in its calendar period, from its time (UTC
 * seconds, floor day split as step.h's bc_second_of_day, also before 1970):
 *   monthbar  1 on the first bar of a UTC calendar month, 2 on the next
 *             bar of that month, ...: the month's n-th trading bar (on
 *             daily bars its n-th trading day, so a "first trading day of
 *             the month" rule is monthbar <= 1)
 *   weekbar   the same within the week, weeks starting on Monday 00:00 UTC
 * NaN through the first period seen: the series may start inside it, and
 * its first bar need not be the period's first. A period without bars is
 * skipped (the next bar with a new period is 1). Time is all they read, so
 * a bar with missing prices counts. State: the last bar's period and the
 * count; lookback 0 (the value depends on the calendar, not a count of
 * bars). The generated code's template (lib/export/feature_source.c
 * "monthbar" / "weekbar") is calendar_step.
 */
#include "feature_internal.h"
#include "step.h"

#include <stdint.h>

typedef struct calendar_state {
    int64_t period; /* the last bar's month or week number */
    int32_t seen;   /* 0: no bar yet; 1: inside the first period; 2: after it */
    double count;   /* bars of the current period so far */
} calendar_state;

static int64_t calendar_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(calendar_state);
}

static void calendar_reset(bc_feature_node *node)
{
    calendar_state *s = node->state;
    s->period = 0;
    s->seen = 0;
    s->count = 0.0;
}

/* Months since March of year 0 (Howard Hinnant's civil_from_days, the
 * year counted from March as there, which numbers the months alike). */
static inline int64_t month_number(int64_t days)
{
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    return (era * 400 + yoe) * 12 + (5 * doy + 2) / 153;
}

/* Weeks since Monday 1969-12-29 (1970-01-01 was a Thursday), floor. */
static inline int64_t week_number(int64_t days)
{
    const int64_t d = days + 3;
    return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

static inline double calendar_step(calendar_state *s, int64_t period)
{
    if (!s->seen) {
        s->seen = 1;
        s->period = period;
        return NAN;
    }
    if (period != s->period) {
        s->seen = 2;
        s->period = period;
        s->count = 0.0;
    }
    if (s->seen == 1)
        return NAN;
    s->count += 1.0;
    return s->count;
}

BC_FEATURE_LOOP void calendar_loop(calendar_state *s, const bc_feature_node *node,
                                   const int64_t *time, int64_t n, const bc_feature_column *cols,
                                   int month)
{
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        const int64_t days = (time[i] - bc_second_of_day(time[i])) / 86400;
        BC_FEATURE_PUT(out, i, calendar_step(s, month ? month_number(days) : week_number(days)));
    }
}

static void monthbar_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    calendar_state local = *(calendar_state *)node->state;
    calendar_loop(&local, node, in->time, n, cols, 1);
    *(calendar_state *)node->state = local;
}

static void weekbar_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    calendar_state local = *(calendar_state *)node->state;
    calendar_loop(&local, node, in->time, n, cols, 0);
    *(calendar_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_monthbar = {
    .name = "monthbar", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_TIME,
    .lookback = bc_feature_lookback_zero, .state_size = calendar_state_size,
    .reset = calendar_reset, .run = monthbar_run,
};

const bc_feature_kind bc_feature_kind_weekbar = {
    .name = "weekbar", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_TIME,
    .lookback = bc_feature_lookback_zero, .state_size = calendar_state_size,
    .reset = calendar_reset, .run = weekbar_run,
};
