/*
 * time_encoding.c - hour_sin/cos, dow_sin/cos, month_sin/cos from the bar's
 * time (UTC seconds): angle 2*pi*h/24 with h = hour + minute/60 (seconds
 * ignored), 2*pi*d/7 with d = 0 on Monday, 2*pi*m/12 with m = 0 for January.
 * Stateless; lookback 0.
 */
#include "feature_internal.h"

#include "core/exact_sincos.h"

#include <pthread.h>

#define TWO_PI 6.283185307179586476925286766559

/* Days since 1970-01-01 -> month 1..12 (Howard Hinnant's civil_from_days). */
static int32_t month_of_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    return (int32_t)(mp < 10 ? mp + 3 : mp - 9);
}

/* sin/cos of every value the angles take (1440 minutes of the day, 7 days,
 * 12 months), computed once per process, so a bar costs three table reads
 * instead of six sin/cos calls (~50 ns a bar streaming). Each is rounded
 * once by core/exact_sincos.h, not the C library's sin/cos: the same bits
 * on Linux and in the Windows DLL (msvcrt's cos at 06:00 is 1.6e11 ulps
 * off, and a tree split between the two sent the DLL's rows down other
 * branches). Written once under pthread_once, read-only after. The source
 * generators (lib/export/feature_source.c) emit these very tables as
 * constants, so generated MQL5/C gives the same bits without sin/cos. */
static bc_time_tables time_tables;
static pthread_once_t time_tables_once = PTHREAD_ONCE_INIT;

static void time_tables_make(void)
{
    for (int32_t m = 0; m < 1440; m++) {
        double hour = (double)m / 60.0;
        double a = TWO_PI * hour / 24.0;
        bc_sincos_exact(a, &time_tables.hour[m][0], &time_tables.hour[m][1]);
    }
    for (int32_t d = 0; d < 7; d++) {
        double a = TWO_PI * (double)d / 7.0;
        bc_sincos_exact(a, &time_tables.dow[d][0], &time_tables.dow[d][1]);
    }
    for (int32_t m = 0; m < 12; m++) {
        double a = TWO_PI * (double)m / 12.0;
        bc_sincos_exact(a, &time_tables.month[m][0], &time_tables.month[m][1]);
    }
}

const bc_time_tables *bc_feature_time_tables(void)
{
    pthread_once(&time_tables_once, time_tables_make);
    return &time_tables;
}

typedef struct time_state {
    int64_t days;               /* the last day split (bars of a day share it) */
    int32_t day_dow, day_month;
} time_state;

static int64_t time_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(time_state);
}

static void time_reset(bc_feature_node *node)
{
    time_state *s = node->state;
    (void)bc_feature_time_tables(); /* run() reads them without a check */
    s->days = INT64_MIN; /* no day split yet */
}

static BC_FEATURE_KERNEL void time_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                     const bc_feature_column *cols)
{
    time_state *s = node->state;
    const bc_feature_column *o = cols + node->slot;
    const double(*hour)[2] = time_tables.hour, (*day)[2] = time_tables.dow;
    const double(*month_of_year)[2] = time_tables.month;
    for (int64_t i = 0; i < n; i++) {
        int64_t t = in->time[i];
        int64_t days = t / 86400;
        int64_t sec = t - days * 86400;
        if (sec < 0) {
            sec += 86400;
            days -= 1;
        }
        int64_t minute = sec / 60;
        if (days != s->days) {
            int64_t dow = (days + 3) % 7; /* 1970-01-01 was a Thursday (3) */
            if (dow < 0)
                dow += 7;
            s->days = days;
            s->day_dow = (int32_t)dow;
            s->day_month = month_of_days(days) - 1;
        }
        int32_t dow = s->day_dow, month = s->day_month;
        BC_FEATURE_PUT(o[0], i, hour[minute][0]);
        BC_FEATURE_PUT(o[1], i, hour[minute][1]);
        BC_FEATURE_PUT(o[2], i, day[dow][0]);
        BC_FEATURE_PUT(o[3], i, day[dow][1]);
        BC_FEATURE_PUT(o[4], i, month_of_year[month][0]);
        BC_FEATURE_PUT(o[5], i, month_of_year[month][1]);
    }
}

const bc_feature_kind bc_feature_kind_time = {
    .name = "time", .args = "", .n_outputs = 6,
    .outputs = {"hour_sin", "hour_cos", "dow_sin", "dow_cos", "month_sin", "month_cos"},
    .needs = BC_FEATURE_IN_TIME, .lookback = bc_feature_lookback_zero,
    .state_size = time_state_size, .reset = time_reset, .run = time_run,
};
