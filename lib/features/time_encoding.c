/*
 * time_encoding.c - hour_sin/cos, dow_sin/cos, month_sin/cos from the bar's
 * time (UTC seconds): angle 2*pi*h/24 with h = hour + minute/60 (seconds
 * ignored), 2*pi*d/7 with d = 0 on Monday, 2*pi*m/12 with m = 0 for January.
 * Stateless; lookback 0.
 */
#include "feature_internal.h"

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

static int64_t time_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void time_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void time_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                     const bc_feature_column *cols)
{
    const bc_feature_column *o = cols + node->slot;
    for (int64_t i = 0; i < n; i++) {
        int64_t t = in->time[i];
        int64_t days = t / 86400;
        int64_t sec = t - days * 86400;
        if (sec < 0) {
            sec += 86400;
            days -= 1;
        }
        double hour = (double)(sec / 60) / 60.0;
        int64_t dow = (days + 3) % 7; /* 1970-01-01 was a Thursday (3) */
        if (dow < 0)
            dow += 7;
        double month = (double)(month_of_days(days) - 1);
        double ah = TWO_PI * hour / 24.0, ad = TWO_PI * (double)dow / 7.0,
               am = TWO_PI * month / 12.0;
        BC_FEATURE_PUT(o[0], i, sin(ah));
        BC_FEATURE_PUT(o[1], i, cos(ah));
        BC_FEATURE_PUT(o[2], i, sin(ad));
        BC_FEATURE_PUT(o[3], i, cos(ad));
        BC_FEATURE_PUT(o[4], i, sin(am));
        BC_FEATURE_PUT(o[5], i, cos(am));
    }
}

const bc_feature_kind bc_feature_kind_time = {
    .name = "time", .args = "", .n_outputs = 6,
    .outputs = {"hour_sin", "hour_cos", "dow_sin", "dow_cos", "month_sin", "month_cos"},
    .needs = BC_FEATURE_IN_TIME, .lookback = bc_feature_lookback_zero,
    .state_size = time_state_size, .reset = time_reset, .run = time_run,
};
