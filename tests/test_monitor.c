/*
 * test_monitor.c - lib/monitor: PSI and KS on samples worked by hand and
 * against the training profile (kept in a .bcm file), Page-Hinkley and
 * CUSUM alarms on streams whose change point is known, data-quality flags
 * on crafted bars (gaps, NaNs, outliers, stale closes, weekends, order),
 * the monitor's report and verdict, and each bad input's own status. The
 * numbers are checked against scipy/numpy in tests/python/test_monitor.py.
 */
#include "test_util.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(psi_matches_the_formula_worked_by_hand)
{
    double ref[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, live[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    double psi = -1;
    /* bins 2: edge = median of 1..10 = 5.5; reference 1/2, 1/2; live 5/8, 3/8. */
    ck_assert_ok(bc_drift_psi(ref, 10, live, 8, 2, &psi));
    double expect = (0.625 - 0.5) * log(0.625 / 0.5) + (0.375 - 0.5) * log(0.375 / 0.5);
    ck_assert_double_eq_tol(psi, expect, 1e-15);
    ck_assert_ok(bc_drift_psi(ref, 10, ref, 10, 5, &psi));
    ck_assert_double_eq_tol(psi, 0.0, 1e-15);
    /* A live sample in one bin: the empty ones floor at 1e-4, stay finite. */
    double far[3] = {100, 200, NAN};
    ck_assert_ok(bc_drift_psi(ref, 10, far, 3, 2, &psi));
    expect = (BC_DRIFT_PSI_FLOOR - 0.5) * log(BC_DRIFT_PSI_FLOOR / 0.5) + 0.5 * log(1 / 0.5);
    ck_assert_double_eq_tol(psi, expect, 1e-12);
}
END_TEST

START_TEST(ks_statistic_and_p_value_match_hand_and_scipy_values)
{
    double a[3] = {1, 2, 3}, b[4] = {2, 3, 4, NAN};
    double d = -1, p = -1;
    ck_assert_ok(bc_drift_ks(a, 3, b, 4, &d, &p));
    ck_assert_double_eq_tol(d, 1.0 / 3.0, 1e-15); /* at x = 1: 1/3 - 0 */
    /* Ties step together: identical samples give 0 and p = 1. */
    double t[6] = {1, 1, 2, 2, 2, 3};
    ck_assert_ok(bc_drift_ks(t, 6, t, 6, &d, &p));
    ck_assert_double_eq(d, 0.0);
    ck_assert_double_eq(p, 1.0);
    /* scipy.stats.kstwobign.sf(0.5 * sqrt(50)), .sf(0.9), .sf(0.3). */
    ck_assert_ok(bc_drift_ks_p_value(0.5, 100, 100, &p));
    ck_assert_double_eq_tol(p / 2.7775887729927942e-11, 1.0, 1e-9);
    ck_assert_ok(bc_drift_ks_p_value(0.9, 1, 1000000000000LL, &p));
    ck_assert_double_eq_tol(p, 0.3927307079406543, 1e-9);
    ck_assert_ok(bc_drift_ks_p_value(0.3, 1, 1000000000000LL, &p));
    ck_assert_double_eq_tol(p, 0.9999906941986655, 1e-12);
}
END_TEST

START_TEST(drift_bad_input_has_its_own_status)
{
    double a[3] = {1, 2, 3}, nan3[3] = {NAN, INFINITY, NAN}, v;
    ck_assert_status_msg(bc_drift_psi(NULL, 3, a, 3, 10, &v), BC_E_INVALID_ARGUMENT, "reference");
    ck_assert_status_msg(bc_drift_psi(a, 3, a, 3, 1, &v), BC_E_INVALID_ARGUMENT, "bins is 1");
    ck_assert_status_msg(bc_drift_psi(a, -1, a, 3, 10, &v), BC_E_INVALID_ARGUMENT, "-1");
    ck_assert_status_msg(bc_drift_psi(a, 3, nan3, 3, 10, &v), BC_E_NO_DATA, "live sample");
    ck_assert_status_msg(bc_drift_ks(nan3, 3, a, 3, &v, NULL), BC_E_NO_DATA, "reference sample");
    ck_assert_status_msg(bc_drift_ks(a, 3, a, 3, NULL, NULL), BC_E_INVALID_ARGUMENT, "statistic");
    ck_assert_status_msg(bc_drift_ks_p_value(1.5, 3, 3, &v), BC_E_INVALID_ARGUMENT, "1.5");
    ck_assert_status_msg(bc_drift_ks_p_value(0.5, 0, 3, &v), BC_E_INVALID_ARGUMENT, "sizes");
}
END_TEST

/* Rows of two features: x0 = i (0..n-1), x1 NaN every 4th row. */
static double *two_columns(int n)
{
    double *x = malloc(sizeof *x * 2 * (size_t)n);
    for (int i = 0; i < n; i++) {
        x[2 * i] = i;
        x[2 * i + 1] = i % 4 == 0 ? NAN : sin(i);
    }
    return x;
}

START_TEST(profile_psi_equals_the_sample_psi_and_survives_json)
{
    int n = 1000;
    double *x = two_columns(n);
    bc_profile *p = NULL;
    ck_assert_ok(bc_profile_create(x, n, 2, 10, 101, &p));
    ck_assert_int_eq(bc_profile_num_features(p), 2);
    ck_assert_ok(bc_profile_set_name(p, 1, "sin"));
    ck_assert_int_eq(bc_profile_find(p, "sin"), 1);
    ck_assert_status_msg(bc_profile_find(p, "cos"), BC_E_NOT_FOUND, "cos");
    double live[500], ref[1000], r[BC_DRIFT_RESULTS], psi;
    for (int i = 0; i < 500; i++)
        live[i] = 300 + i * 1.3;
    for (int i = 0; i < n; i++)
        ref[i] = x[2 * i];
    ck_assert_ok(bc_profile_compare(p, 0, live, 500, 1, r, BC_DRIFT_RESULTS));
    ck_assert_ok(bc_drift_psi(ref, n, live, 500, 10, &psi));
    ck_assert_double_eq_tol(r[BC_DRIFT_PSI], psi, 1e-12);
    /* x0 is uniform on 0..999: its quantiles are exact, so the profile KS
     * equals the sample KS within 1/(Q-1) = 0.01 (here the live ECDF is
     * 0 below 300 where the training CDF is 0.3). */
    double d;
    ck_assert_ok(bc_drift_ks(ref, n, live, 500, &d, NULL));
    ck_assert(fabs(r[BC_DRIFT_KS] - d) <= 0.01 + 1e-12);
    ck_assert(r[BC_DRIFT_KS_P_VALUE] < 1e-10);
    ck_assert_double_eq(r[BC_DRIFT_N_LIVE], 500);
    /* Missing values of x1: 250 of 1000 in training; a stride walks rows. */
    ck_assert_ok(bc_profile_compare(p, 1, x + 1, n, 2, r, BC_DRIFT_RESULTS));
    ck_assert_double_eq_tol(r[BC_DRIFT_MISSING_TRAINING], 0.25, 1e-15);
    ck_assert_double_eq_tol(r[BC_DRIFT_MISSING_LIVE], 0.25, 1e-15);
    ck_assert_double_eq_tol(r[BC_DRIFT_PSI], 0.0, 1e-15);
    ck_assert(r[BC_DRIFT_KS] <= 0.01 + 1e-12);

    int64_t len = 0;
    ck_assert_ok(bc_profile_to_json(p, NULL, 0, &len));
    char *text = malloc((size_t)len + 1);
    ck_assert_status_msg(bc_profile_to_json(p, text, 10, &len), BC_E_BUFFER_TOO_SMALL, "capacity");
    ck_assert_ok(bc_profile_to_json(p, text, len + 1, &len));
    bc_profile *q = NULL;
    ck_assert_ok(bc_profile_from_json(text, &q));
    double r2[BC_DRIFT_RESULTS];
    ck_assert_ok(bc_profile_compare(p, 0, live, 500, 1, r, BC_DRIFT_RESULTS));
    ck_assert_ok(bc_profile_compare(q, 0, live, 500, 1, r2, BC_DRIFT_RESULTS));
    for (int k = 0; k < BC_DRIFT_RESULTS; k++)
        ck_assert_double_eq(r[k], r2[k]);
    char name[16];
    int32_t nlen;
    ck_assert_ok(bc_profile_name(q, 1, name, sizeof name, &nlen));
    ck_assert_str_eq(name, "sin");
    free(text);
    bc_profile_free(q);
    bc_profile_free(p);
    free(x);
}
END_TEST

START_TEST(profile_bad_input_and_damaged_json_are_named)
{
    double x[4] = {1, 2, 3, 4}, r[6];
    bc_profile *p = NULL;
    ck_assert_status_msg(bc_profile_create(x, 0, 1, 10, 101, &p), BC_E_INVALID_ARGUMENT, "0 rows");
    ck_assert_status_msg(bc_profile_create(x, 4, 1, 10, 1, &p), BC_E_INVALID_ARGUMENT, "quantiles");
    double nan4[4] = {NAN, NAN, NAN, NAN};
    ck_assert_ok(bc_profile_create(nan4, 4, 1, 2, 3, &p));
    ck_assert_status_msg(bc_profile_compare(p, 0, x, 4, 1, r, 6), BC_E_NO_DATA, "in training");
    bc_profile_free(p);
    ck_assert_ok(bc_profile_create(x, 4, 1, 2, 3, &p));
    ck_assert_status_msg(bc_profile_compare(p, 1, x, 4, 1, r, 6), BC_E_INVALID_ARGUMENT, "feature 1");
    ck_assert_status_msg(bc_profile_compare(p, 0, nan4, 4, 1, r, 6), BC_E_NO_DATA, "finite");
    ck_assert_status_msg(bc_profile_compare(p, 0, x, 4, 0, r, 6), BC_E_INVALID_ARGUMENT, "stride");
    ck_assert_status_msg(bc_profile_set_name(p, 0, ""), BC_E_INVALID_ARGUMENT, "0 bytes");
    bc_profile_free(p);
    bc_profile *q = NULL;
    ck_assert_status_msg(bc_profile_from_json("{", &q), BC_E_PARSE, "line 1");
    ck_assert_status_msg(bc_profile_from_json("{\"format\": \"x\"}", &q), BC_E_FORMAT, "format");
    ck_assert_status_msg(bc_profile_from_json("{\"format\": \"botcopier-profile\", \"version\": 2}",
                                              &q), BC_E_VERSION, "version 2");
    const char *bad_sum =
        "{\"format\": \"botcopier-profile\", \"version\": 1, \"bins\": 2, \"quantiles\": 2, "
        "\"features\": [{\"name\": \"a\", \"n\": 4, \"missing\": 0, \"edges\": [2.5], "
        "\"fractions\": [0.5, 0.6], \"quantiles\": [1, 4]}]}";
    ck_assert_status_msg(bc_profile_from_json(bad_sum, &q), BC_E_FORMAT, "sum to");
    const char *descending =
        "{\"format\": \"botcopier-profile\", \"version\": 1, \"bins\": 2, \"quantiles\": 2, "
        "\"features\": [{\"name\": \"a\", \"n\": 4, \"missing\": 0, \"edges\": [2.5], "
        "\"fractions\": [0.5, 0.5], \"quantiles\": [4, 1]}]}";
    ck_assert_status_msg(bc_profile_from_json(descending, &q), BC_E_FORMAT, "not ascending");
    ck_assert_ptr_null(q);
    ck_assert_status_msg(bc_profile_load("/nonexistent/p.json", &q), BC_E_IO, "/nonexistent/p.json");
}
END_TEST

START_TEST(cusum_alarms_where_the_hand_count_says)
{
    bc_detector *d = NULL;
    ck_assert_ok(bc_detector_create(BC_DETECTOR_CUSUM, &d));
    ck_assert_ok(bc_detector_set(d, "target", 0));
    ck_assert_ok(bc_detector_set(d, "sigma", 1));
    ck_assert_ok(bc_detector_set(d, "h", 2));
    /* 10 values on target, then 1 sigma up: hi grows 0.5 per value and
     * passes h = 2 on the 5th, observation 15. */
    int32_t alarm = 0, at = 0;
    for (int i = 1; i <= 30 && !at; i++) {
        ck_assert_ok(bc_detector_update(d, i <= 10 ? 0.0 : 1.0, &alarm));
        if (alarm) {
            at = i;
            ck_assert_int_eq(alarm, 1);
        }
    }
    ck_assert_int_eq(at, 15);
    double s[BC_DETECTOR_STATES];
    ck_assert_ok(bc_detector_state(d, s, BC_DETECTOR_STATES));
    ck_assert_double_eq_tol(s[BC_DETECTOR_UP], 2.5, 1e-15);
    ck_assert_double_eq(s[BC_DETECTOR_ALARMS], 1);
    ck_assert_double_eq(s[BC_DETECTOR_LAST_ALARM], 15);
    /* Restarted after the alarm: the next one needs 5 more values. */
    for (int i = 0; i < 4; i++) {
        ck_assert_ok(bc_detector_update(d, 1.0, &alarm));
        ck_assert_int_eq(alarm, 0);
    }
    ck_assert_ok(bc_detector_update(d, 1.0, &alarm));
    ck_assert_int_eq(alarm, 1);
    /* direction -1 ignores increases; a drop alarms with bit 2. */
    ck_assert_ok(bc_detector_set(d, "direction", -1));
    for (int i = 0; i < 20; i++) {
        ck_assert_ok(bc_detector_update(d, 1.0, &alarm));
        ck_assert_int_eq(alarm, 0);
    }
    for (int i = 0; i < 4; i++)
        ck_assert_ok(bc_detector_update(d, -1.0, &alarm));
    ck_assert_int_eq(alarm, 0);
    ck_assert_ok(bc_detector_update(d, -1.0, &alarm));
    ck_assert_int_eq(alarm, 2);
    bc_detector_free(d);
}
END_TEST

START_TEST(cusum_warmup_estimates_and_waits_out_a_constant_start)
{
    bc_detector *d = NULL;
    ck_assert_ok(bc_detector_create(BC_DETECTOR_CUSUM, &d));
    ck_assert_ok(bc_detector_set(d, "warmup", 4));
    double s[BC_DETECTOR_STATES];
    int32_t alarm;
    for (int i = 0; i < 4; i++) /* all equal: sigma 0, warmup starts again */
        ck_assert_ok(bc_detector_update(d, 5.0, &alarm));
    ck_assert_ok(bc_detector_state(d, s, BC_DETECTOR_STATES));
    ck_assert(isnan(s[BC_DETECTOR_MEAN]));
    double w[4] = {1, 2, 3, 4}; /* mean 2.5, sample sd sqrt(5/3) */
    for (int i = 0; i < 4; i++)
        ck_assert_ok(bc_detector_update(d, w[i], &alarm));
    ck_assert_ok(bc_detector_state(d, s, BC_DETECTOR_STATES));
    ck_assert_double_eq_tol(s[BC_DETECTOR_MEAN], 2.5, 1e-15);
    ck_assert_double_eq_tol(s[BC_DETECTOR_SIGMA], sqrt(5.0 / 3.0), 1e-15);
    bc_detector_free(d);
}
END_TEST

START_TEST(page_hinkley_is_quiet_on_a_constant_stream_and_catches_a_step)
{
    bc_detector *d = NULL;
    ck_assert_ok(bc_detector_create(BC_DETECTOR_PAGE_HINKLEY, &d));
    ck_assert_ok(bc_detector_set(d, "threshold", 5));
    ck_assert_ok(bc_detector_set(d, "delta", 0.01));
    int32_t alarm = 0, at = 0;
    for (int i = 1; i <= 1000 && !at; i++) {
        ck_assert_ok(bc_detector_update(d, i <= 500 ? 0.2 : 1.2, &alarm));
        if (alarm)
            at = i;
    }
    /* After the step, x - mean = 1 - 1/t' shrinking slowly: about 6 values
     * to pass 5; never before the change. */
    ck_assert_int_gt(at, 500);
    ck_assert_int_le(at, 510);
    ck_assert_int_eq(alarm, 1);
    bc_detector_free(d);
}
END_TEST

START_TEST(detector_bad_input_has_its_own_status)
{
    bc_detector *d = NULL;
    ck_assert_status_msg(bc_detector_create(7, &d), BC_E_INVALID_ARGUMENT, "kind is 7");
    ck_assert_ok(bc_detector_create(BC_DETECTOR_PAGE_HINKLEY, &d));
    ck_assert_status_msg(bc_detector_set(d, "h", 1), BC_E_UNKNOWN_KEY, "'h' for Page-Hinkley");
    ck_assert_status_msg(bc_detector_set(d, "alpha", 1.5), BC_E_INVALID_ARGUMENT, "alpha is 1.5");
    ck_assert_status_msg(bc_detector_set(d, "direction", 2), BC_E_INVALID_ARGUMENT, "direction");
    ck_assert_status_msg(bc_detector_set(d, "min_samples", 2.5), BC_E_INVALID_ARGUMENT,
                         "min_samples");
    int32_t alarm = 9;
    ck_assert_status_msg(bc_detector_update(d, NAN, &alarm), BC_E_NUMERIC, "observation 1");
    ck_assert_int_eq(alarm, 0);
    double s[BC_DETECTOR_STATES];
    ck_assert_ok(bc_detector_state(d, s, BC_DETECTOR_STATES));
    ck_assert_double_eq(s[BC_DETECTOR_TOTAL], 0);
    ck_assert_status_msg(bc_detector_state(d, s, 0), BC_E_INVALID_ARGUMENT, "capacity");
    bc_detector_free(d);
    ck_assert_ok(bc_detector_create(BC_DETECTOR_CUSUM, &d));
    ck_assert_status_msg(bc_detector_set(d, "sigma", -1), BC_E_INVALID_ARGUMENT, "sigma");
    ck_assert_status_msg(bc_detector_set(d, "warmup", 1), BC_E_INVALID_ARGUMENT, "warmup");
    ck_assert_status_msg(bc_detector_update(NULL, 1, NULL), BC_E_INVALID_ARGUMENT, "NULL");
    bc_detector_free(d);
    bc_detector_free(NULL);
}
END_TEST

/* Hourly bars from Wednesday 2024-01-03 00:00 UTC, close 100 with a small
 * alternating move so returns have a MAD. */
#define T0 1704240000LL
static int32_t feed(bc_quality *q, int64_t t, double close)
{
    int32_t flags = -1;
    ck_assert_ok(bc_quality_update(q, t, close, close, close, close, 10, &flags));
    return flags;
}

START_TEST(quality_flags_crafted_bars)
{
    bc_quality *q = NULL;
    ck_assert_ok(bc_quality_create(3600, &q));
    int64_t t = T0;
    double c = 100;
    for (int i = 0; i < 30; i++, t += 3600) {
        c *= (i % 3 == 0) ? 1.001 : (i % 3 == 1 ? 0.9995 : 1.0002);
        ck_assert_int_eq(feed(q, t, c), 0);
    }
    /* A missing close: flagged, nothing else moves. */
    int32_t f = -1;
    ck_assert_ok(bc_quality_update(q, t, c, c, c, NAN, 1, &f));
    ck_assert_int_eq(f, BC_QUALITY_MISSING);
    /* Two hours after the missing bar (which kept the clock): a gap of 1. */
    t += 2 * 3600;
    c *= 1.001;
    ck_assert_int_eq(feed(q, t, c), BC_QUALITY_GAP);
    /* A 10% jump: an outlier by MAD. */
    t += 3600;
    c *= 1.10;
    ck_assert_int_eq(feed(q, t, c), BC_QUALITY_OUTLIER);
    /* The close repeats: bars 5 and 6 of the run are stale. */
    for (int i = 0; i < 5; i++) {
        t += 3600;
        f = feed(q, t, c);
        ck_assert_int_eq(f, i >= 3 ? BC_QUALITY_STALE : 0);
    }
    /* A bar back in time: out of order, ignored. */
    ck_assert_int_eq(feed(q, t - 7200, c * 1.001), BC_QUALITY_OUT_OF_ORDER);
    /* high below the close. */
    t += 3600;
    ck_assert_ok(bc_quality_update(q, t, c, c * 0.999, c * 0.998, c * 1.0001, 1, &f));
    ck_assert(f & BC_QUALITY_INCONSISTENT);
    int64_t k[BC_QUALITY_COUNTS];
    ck_assert_ok(bc_quality_counts(q, k, BC_QUALITY_COUNTS));
    ck_assert_int_eq(k[BC_QUALITY_BARS], 30 + 1 + 1 + 1 + 5 + 1 + 1);
    ck_assert_int_eq(k[BC_QUALITY_MISSING_BARS], 1);
    ck_assert_int_eq(k[BC_QUALITY_GAPS], 1);
    ck_assert_int_eq(k[BC_QUALITY_GAP_BARS], 1);
    ck_assert_int_eq(k[BC_QUALITY_OUTLIERS], 1);
    ck_assert_int_eq(k[BC_QUALITY_STALE_BARS], 2);
    ck_assert_int_eq(k[BC_QUALITY_STALE_RUNS], 1);
    ck_assert_int_eq(k[BC_QUALITY_LONGEST_RUN], 6);
    ck_assert_int_eq(k[BC_QUALITY_OUT_OF_ORDER_BARS], 1);
    ck_assert_int_eq(k[BC_QUALITY_INCONSISTENT_BARS], 1);
    ck_assert_int_eq(k[BC_QUALITY_WEEKEND_GAPS], 0);
    bc_quality_free(q);
}
END_TEST

START_TEST(quality_tells_weekends_from_gaps)
{
    bc_quality *q = NULL;
    ck_assert_ok(bc_quality_create(3600, &q));
    int64_t fri = T0 + 2 * 86400 + 21 * 3600; /* Friday 2024-01-05 21:00 */
    feed(q, fri, 100);
    ck_assert_int_eq(feed(q, fri + 49 * 3600, 100.1), 0); /* Sunday 22:00 */
    ck_assert_int_eq(feed(q, fri + 52 * 3600, 100.2), BC_QUALITY_GAP); /* Monday, 2 absent */
    int64_t k[BC_QUALITY_COUNTS];
    ck_assert_ok(bc_quality_counts(q, k, BC_QUALITY_COUNTS));
    ck_assert_int_eq(k[BC_QUALITY_WEEKEND_GAPS], 1);
    ck_assert_int_eq(k[BC_QUALITY_GAPS], 1);
    /* weekend_closed 0: the weekend is a gap too (setting resets). */
    ck_assert_ok(bc_quality_set(q, "weekend_closed", 0));
    feed(q, fri, 100);
    ck_assert_int_eq(feed(q, fri + 49 * 3600, 100.1), BC_QUALITY_GAP);
    ck_assert_ok(bc_quality_counts(q, k, BC_QUALITY_COUNTS));
    ck_assert_int_eq(k[BC_QUALITY_GAP_BARS], 48);
    /* bar_seconds 0: no gap checks at all. */
    bc_quality_free(q);
    ck_assert_ok(bc_quality_create(0, &q));
    feed(q, T0, 100);
    ck_assert_int_eq(feed(q, T0 + 86400 * 30, 100.1), 0);
    bc_quality_free(q);
}
END_TEST

START_TEST(quality_bad_input_has_its_own_status)
{
    bc_quality *q = NULL;
    ck_assert_status_msg(bc_quality_create(-5, &q), BC_E_INVALID_ARGUMENT, "-5");
    ck_assert_ok(bc_quality_create(60, &q));
    ck_assert_status_msg(bc_quality_set(q, "window", 10), BC_E_UNKNOWN_KEY, "'window'");
    ck_assert_status_msg(bc_quality_set(q, "mad_window", 4), BC_E_INVALID_ARGUMENT, "mad_window");
    ck_assert_status_msg(bc_quality_set(q, "mad_min", 500), BC_E_INVALID_ARGUMENT, "mad_min");
    ck_assert_status_msg(bc_quality_set(q, "stale_run", 1), BC_E_INVALID_ARGUMENT, "stale_run");
    ck_assert_status_msg(bc_quality_update(NULL, 0, 1, 1, 1, 1, 1, NULL), BC_E_INVALID_ARGUMENT,
                         "NULL");
    int64_t k[2];
    ck_assert_status_msg(bc_quality_counts(q, k, 0), BC_E_INVALID_ARGUMENT, "capacity");
    bc_quality_free(q);
}
END_TEST

/* The golden logistic model (10 features of rsi, macd, bbands, stoch and
 * hour_sin) with a training profile of AAPL's daily bars. */
static bc_model *model_with_profile(const bc_bars *bars)
{
    bc_model *golden = NULL, *m = NULL;
    ck_assert_ok(bc_model_load(test_data_path("golden/logistic_v0.1.0_uncompressed.bcm"), &golden));
    ck_assert_ok(bc_model_copy(golden, &m));
    bc_model_free(golden);
    char spec[512];
    int32_t len;
    ck_assert_ok(bc_model_feature_spec(m, spec, sizeof spec, &len));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    int32_t n = bc_bars_length(bars), C = bc_features_count(f), lb = bc_features_lookback(f);
    ck_assert_int_eq(C, bc_model_num_features(m));
    double *x = malloc(sizeof *x * (size_t)n * (size_t)C);
    ck_assert_ok(bc_features_compute(f, bars, x, (int64_t)n * C));
    bc_profile *p = NULL;
    ck_assert_ok(bc_profile_create(x + (int64_t)lb * C, n - lb, C, 10, 101, &p));
    ck_assert_ok(bc_model_set_profile(m, p));
    bc_profile_free(p);
    free(x);
    bc_features_free(f);
    return m;
}

START_TEST(model_keeps_its_profile_in_the_bcm_file)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_model *m = model_with_profile(bars);
    int64_t size = 0;
    ck_assert_status_msg(bc_model_save_bytes(m, NULL, 0, &size), BC_E_BUFFER_TOO_SMALL, "needs");
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    bc_profile *p = NULL;
    ck_assert_ok(bc_model_profile(back, &p));
    ck_assert_int_eq(bc_profile_num_features(p), 10);
    char name[128], model_name[128];
    int32_t len;
    ck_assert_ok(bc_profile_name(p, 0, name, sizeof name, &len));
    ck_assert_ok(bc_model_feature_name(back, 0, model_name, sizeof model_name, &len));
    ck_assert_str_eq(name, model_name);
    bc_profile_free(p);
    /* A model without one says so. */
    bc_model *golden = NULL;
    ck_assert_ok(bc_model_load(test_data_path("golden/logistic_v0.1.0_uncompressed.bcm"), &golden));
    ck_assert_status_msg(bc_model_profile(golden, &p), BC_E_NOT_FOUND, "no training profile");
    bc_profile *one = NULL;
    double v[2] = {1, 2};
    ck_assert_ok(bc_profile_create(v, 2, 1, 2, 2, &one));
    ck_assert_status_msg(bc_model_set_profile(m, one), BC_E_SHAPE, "1 features, the model 10");
    bc_profile_free(one);
    bc_model_free(golden);
    bc_model_free(back);
    bc_model_free(m);
    free(buf);
    bc_bars_free(bars);
}
END_TEST

static char *report_of(bc_monitor *mon)
{
    int64_t len = 0;
    ck_assert_ok(bc_monitor_report_json(mon, NULL, 0, &len));
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_monitor_report_json(mon, text, len + 1, &len));
    return text;
}

START_TEST(monitor_says_retrain_on_shifted_bars_only)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_model *m = model_with_profile(bars);
    bc_monitor *mon = NULL;
    ck_assert_ok(bc_monitor_create(&mon));
    ck_assert_status_msg(bc_monitor_retrain(mon), BC_E_STATE, "no check");
    /* The training bars themselves: nothing drifts. */
    ck_assert_ok(bc_monitor_check(mon, m, bars, NULL, 0));
    ck_assert_int_eq(bc_monitor_retrain(mon), 0);
    char *text = report_of(mon);
    ck_assert_ptr_nonnull(strstr(text, "\"retrain\": false"));
    ck_assert_ptr_nonnull(strstr(text, "\"detectors\": null"));
    free(text);
    /* The same bars with ten times the moves: RSI, stochastics and bands
     * keep their ranges but MACD's scale drifts. */
    int32_t n = bc_bars_length(bars);
    const double *c = bc_bars_column(bars, BC_BAR_CLOSE);
    double *c2 = malloc(sizeof *c2 * (size_t)n);
    for (int32_t i = 0; i < n; i++)
        c2[i] = c[0] * pow(c[i] / c[0], 10.0);
    bc_bars *wild = NULL;
    ck_assert_ok(bc_bars_from_arrays(n, bc_bars_time(bars), NULL, NULL, NULL, c2, NULL, &wild));
    ck_assert_ok(bc_monitor_check(mon, m, wild, NULL, 0));
    ck_assert_int_eq(bc_monitor_retrain(mon), 1);
    text = report_of(mon);
    ck_assert_ptr_nonnull(strstr(text, "PSI"));
    ck_assert_ptr_nonnull(strstr(text, "macd"));
    free(text);
    /* Rejected rows count against quality: 200 refused of 1460. */
    ck_assert_ok(bc_monitor_check(mon, m, bars, NULL, 200));
    text = report_of(mon);
    ck_assert_ptr_nonnull(strstr(text, "quality: 0.1"));
    free(text);
    ck_assert_int_eq(bc_monitor_retrain(mon), 1);
    free(c2);
    bc_bars_free(wild);
    bc_monitor_free(mon);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

START_TEST(monitor_bad_input_has_its_own_status)
{
    bc_monitor *mon = NULL;
    ck_assert_ok(bc_monitor_create(&mon));
    ck_assert_status_msg(bc_monitor_set(mon, "psi", "1"), BC_E_UNKNOWN_KEY, "'psi'");
    ck_assert_status_msg(bc_monitor_set(mon, "psi_retrain", "high"), BC_E_INVALID_ARGUMENT,
                         "'high'");
    ck_assert_status_msg(bc_monitor_set(mon, "ks_alpha", "2"), BC_E_INVALID_ARGUMENT, "ks_alpha");
    ck_assert_status_msg(bc_monitor_set(mon, "stale_run", "2.5"), BC_E_INVALID_ARGUMENT,
                         "integer");
    ck_assert_status_msg(bc_monitor_set(mon, "detector_stream", "profit"), BC_E_INVALID_ARGUMENT,
                         "'profit'");
    int64_t len;
    ck_assert_status_msg(bc_monitor_report_json(mon, NULL, 0, &len), BC_E_STATE, "no check");
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_model *golden = NULL;
    ck_assert_ok(bc_model_load(test_data_path("golden/logistic_v0.1.0_uncompressed.bcm"), &golden));
    ck_assert_status_msg(bc_monitor_check(mon, golden, bars, NULL, 0), BC_E_NOT_FOUND,
                         "no training profile");
    ck_assert_status_msg(bc_monitor_check(mon, golden, NULL, NULL, 0), BC_E_INVALID_ARGUMENT,
                         "bars is NULL");
    ck_assert_status_msg(bc_monitor_check(mon, golden, bars, NULL, -1), BC_E_INVALID_ARGUMENT,
                         "rejected_rows");
    bc_model *m = model_with_profile(bars);
    ck_assert_ok(bc_monitor_set(mon, "warmup_bars", "100000"));
    ck_assert_status_msg(bc_monitor_check(mon, m, bars, NULL, 0), BC_E_NO_DATA, "warmup");
    bc_model_free(m);
    bc_model_free(golden);
    bc_bars_free(bars);
    bc_monitor_free(mon);
}
END_TEST

/* UTF-8 -> UTF-16 through the library's converter (static buffer). */
static const uint16_t *u16(const char *s)
{
    static uint16_t buf[2][256];
    static int next;
    uint16_t *out = buf[next++ % 2];
    int32_t length = 0;
    ck_assert_ok(bc_utf8_to_utf16(s, 1, "test", out, 256, &length));
    return out;
}

START_TEST(mql_ids_run_the_same_checks)
{
    int64_t det = 0, q = 0;
    ck_assert_ok(bc_mql_detector_create(BC_DETECTOR_CUSUM, &det));
    ck_assert_ok(bc_mql_detector_set(det, u16("target"), 0));
    ck_assert_ok(bc_mql_detector_set(det, u16("sigma"), 1));
    ck_assert_ok(bc_mql_detector_set(det, u16("h"), 2));
    ck_assert_status_msg(bc_mql_detector_set(det, u16("lambda"), 1), BC_E_UNKNOWN_KEY, "lambda");
    int32_t alarm = 0, at = 0;
    for (int i = 1; i <= 30 && !at; i++) {
        ck_assert_ok(bc_mql_detector_update(det, i <= 10 ? 0.0 : 1.0, &alarm));
        if (alarm)
            at = i;
    }
    ck_assert_int_eq(at, 15); /* as the C detector in cusum_alarms_where_the_hand_count_says */
    double s[BC_DETECTOR_STATES];
    ck_assert_ok(bc_mql_detector_state(det, s, BC_DETECTOR_STATES));
    ck_assert_double_eq(s[BC_DETECTOR_ALARMS], 1);
    ck_assert_ok(bc_mql_detector_reset(det));
    ck_assert_ok(bc_mql_quality_create(3600, &q));
    ck_assert_status_msg(bc_mql_detector_update(q, 1.0, &alarm), BC_E_WRONG_HANDLE_TYPE, "quality");
    int32_t flags = -1;
    ck_assert_ok(bc_mql_quality_set(q, u16("stale_run"), 2));
    ck_assert_ok(bc_mql_quality_update(q, T0, 1, 1, 1, 1, 0, &flags));
    ck_assert_ok(bc_mql_quality_update(q, T0 + 3 * 3600, 1, 1, 1, 1, 0, &flags));
    ck_assert_int_eq(flags, BC_QUALITY_GAP | BC_QUALITY_STALE);
    int64_t k[BC_QUALITY_COUNTS];
    ck_assert_ok(bc_mql_quality_counts(q, k, BC_QUALITY_COUNTS));
    ck_assert_int_eq(k[BC_QUALITY_GAP_BARS], 2);
    ck_assert_ok(bc_mql_quality_reset(q));
    double ref[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, live[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    double psi, d, p;
    ck_assert_ok(bc_mql_drift_psi(ref, 10, live, 8, 2, &psi));
    ck_assert_double_eq_tol(psi, 0.125 * log(1.25) - 0.125 * log(0.75), 1e-15);
    ck_assert_ok(bc_mql_drift_ks(ref, 10, live, 8, &d, &p));
    ck_assert_double_eq_tol(d, 0.2, 1e-15);
    ck_assert_ok(bc_mql_release(det));
    ck_assert_ok(bc_mql_release(q));
    ck_assert_status_msg(bc_mql_detector_update(det, 1.0, &alarm), BC_E_STALE_HANDLE, "");
}
END_TEST

Suite *suite_monitor(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("monitor");
    tcase_add_test(tc, psi_matches_the_formula_worked_by_hand);
    tcase_add_test(tc, ks_statistic_and_p_value_match_hand_and_scipy_values);
    tcase_add_test(tc, drift_bad_input_has_its_own_status);
    tcase_add_test(tc, profile_psi_equals_the_sample_psi_and_survives_json);
    tcase_add_test(tc, profile_bad_input_and_damaged_json_are_named);
    tcase_add_test(tc, cusum_alarms_where_the_hand_count_says);
    tcase_add_test(tc, cusum_warmup_estimates_and_waits_out_a_constant_start);
    tcase_add_test(tc, page_hinkley_is_quiet_on_a_constant_stream_and_catches_a_step);
    tcase_add_test(tc, detector_bad_input_has_its_own_status);
    tcase_add_test(tc, quality_flags_crafted_bars);
    tcase_add_test(tc, quality_tells_weekends_from_gaps);
    tcase_add_test(tc, quality_bad_input_has_its_own_status);
    tcase_add_test(tc, model_keeps_its_profile_in_the_bcm_file);
    tcase_add_test(tc, monitor_says_retrain_on_shifted_bars_only);
    tcase_add_test(tc, monitor_bad_input_has_its_own_status);
    tcase_add_test(tc, mql_ids_run_the_same_checks);
    suite_add_tcase(s, tc);
    return s;
}
