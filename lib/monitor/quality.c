/*
 * quality.c - data quality of a bar stream, one bar at a time: missing
 * values, gaps against the bar period (weekends apart), outliers of the
 * close's log return by the median absolute deviation over a window, stale
 * (repeated) closes, times out of order, inconsistent OHLC. Plain C, no
 * allocation after create (the DLL carries it); batch callers feed bars.
 */
#include "monitor/monitor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAD_WINDOW_MAX 10000
#define MAD_SCALE 1.4826 /* 1 / Phi^-1(3/4): MAD of a normal -> sigma */

struct bc_quality {
    int64_t bar_seconds;
    int32_t mad_window, mad_min, weekend_closed;
    double mad_threshold;
    int64_t stale_run;
    /* state */
    int has_last;
    int64_t last_time;
    double last_close;
    int64_t run;          /* bars in the current run of one close */
    double *returns;      /* ring of the last mad_window returns */
    double *scratch;      /* [mad_window] for the medians */
    int32_t n_returns, ring_next;
    int64_t counts[BC_QUALITY_COUNTS];
};

static void clear_state(bc_quality *q)
{
    q->has_last = 0;
    q->last_time = 0;
    q->last_close = 0;
    q->run = 0;
    q->n_returns = q->ring_next = 0;
    memset(q->counts, 0, sizeof q->counts);
}

static int32_t alloc_window(bc_quality *q, int32_t window)
{
    double *r = malloc((size_t)window * sizeof *r), *s = malloc((size_t)window * sizeof *s);
    if (!r || !s) {
        free(r);
        free(s);
        return bc_fail(BC_E_OUT_OF_MEMORY, "data-quality window of %d returns", window);
    }
    free(q->returns);
    free(q->scratch);
    q->returns = r;
    q->scratch = s;
    q->mad_window = window;
    return BC_OK;
}

BC_API int32_t bc_quality_create(int64_t bar_seconds, bc_quality **out)
{
    if (out)
        *out = NULL;
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_quality_create: out is NULL");
    if (bar_seconds < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_quality_create: bar_seconds is %lld, expected >= 0 (0 = unknown)",
                       (long long)bar_seconds);
    bc_quality *q = calloc(1, sizeof *q);
    if (!q)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_quality_create");
    q->bar_seconds = bar_seconds;
    q->mad_min = 20;
    q->mad_threshold = 5;
    q->stale_run = 5;
    q->weekend_closed = 1;
    int32_t rc = alloc_window(q, 100);
    if (rc != BC_OK) {
        free(q);
        return rc;
    }
    clear_state(q);
    *out = q;
    return BC_OK;
}

BC_API void bc_quality_free(bc_quality *q)
{
    if (!q)
        return;
    free(q->returns);
    free(q->scratch);
    free(q);
}

BC_API int32_t bc_quality_reset(bc_quality *q)
{
    if (!q)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_quality_reset: quality is NULL");
    clear_state(q);
    return BC_OK;
}

BC_API int32_t bc_quality_set(bc_quality *q, const char *key, double value)
{
    if (!q || !key)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_quality_set: %s is NULL",
                       !q ? "quality" : "key");
    int integer = isfinite(value) && value == floor(value);
    if (strcmp(key, "mad_window") == 0) {
        if (!integer || value < 5 || value > MAD_WINDOW_MAX)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_quality_set: mad_window is %g, expected an integer 5..%d", value,
                           MAD_WINDOW_MAX);
        int32_t rc = alloc_window(q, (int32_t)value);
        if (rc != BC_OK)
            return rc;
        if (q->mad_min > q->mad_window)
            q->mad_min = q->mad_window;
    } else if (strcmp(key, "mad_min") == 0) {
        if (!integer || value < 3 || value > q->mad_window)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_quality_set: mad_min is %g, expected an integer 3..%d (mad_window)",
                           value, q->mad_window);
        q->mad_min = (int32_t)value;
    } else if (strcmp(key, "mad_threshold") == 0) {
        if (!(value > 0) || !isfinite(value))
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_quality_set: mad_threshold is %g, expected a finite number > 0",
                           value);
        q->mad_threshold = value;
    } else if (strcmp(key, "stale_run") == 0) {
        if (!integer || value < 2 || value > 1e6)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_quality_set: stale_run is %g, expected an integer 2..1000000",
                           value);
        q->stale_run = (int64_t)value;
    } else if (strcmp(key, "weekend_closed") == 0) {
        if (value != 0 && value != 1)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_quality_set: weekend_closed is %g, expected 0 or 1", value);
        q->weekend_closed = (int32_t)value;
    } else {
        return bc_fail(BC_E_UNKNOWN_KEY,
                       "bc_quality_set: unknown key '%s' (keys: mad_window, mad_min, "
                       "mad_threshold, stale_run, weekend_closed)", key);
    }
    clear_state(q);
    return BC_OK;
}

/* k-th smallest of a[0..n) (Hoare's selection; reorders a). */
static double select_kth(double *a, int32_t n, int32_t k)
{
    int32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2];
        int32_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return a[k];
    }
    return a[k];
}

/* The median of a[0..n) (mean of the two middle ones when n is even, as
 * numpy.median); reorders a. */
static double median(double *a, int32_t n)
{
    double hi = select_kth(a, n, n / 2);
    if (n % 2)
        return hi;
    double lo = a[0];
    for (int32_t i = 1; i < n / 2; i++) /* the largest of the lower half */
        if (a[i] > lo)
            lo = a[i];
    return 0.5 * (lo + hi);
}

static int64_t day_number(int64_t t) /* days since 1970-01-01, floor */
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* A market closure: longer than a day, at most 4 days, and touching a
 * Saturday or a Sunday (a weekend, a long weekend with a Friday or Monday
 * holiday); a few hours missing after Sunday's open stay a gap. */
static int is_weekend_gap(int64_t from, int64_t to)
{
    if (to - from <= 86400 || to - from > 4 * 86400)
        return 0;
    for (int64_t d = day_number(from); d <= day_number(to); d++) {
        int wd = (int)(((d + 4) % 7 + 7) % 7); /* 0 Sunday; 1970-01-01 was a Thursday */
        if (wd == 0 || wd == 6)
            return 1;
    }
    return 0;
}

BC_API int32_t bc_quality_update(bc_quality *q, int64_t time, double open, double high,
                                 double low, double close, double volume, int32_t *flags)
{
    if (flags)
        *flags = 0;
    if (!q)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_quality_update: quality is NULL");
    int32_t f = 0;
    q->counts[BC_QUALITY_BARS]++;
    if (q->has_last && time <= q->last_time) {
        q->counts[BC_QUALITY_OUT_OF_ORDER_BARS]++;
        if (flags)
            *flags = BC_QUALITY_OUT_OF_ORDER;
        return BC_OK;
    }
    if (!(isfinite(open) && open > 0 && isfinite(high) && high > 0 && isfinite(low) && low > 0 &&
          isfinite(close) && close > 0 && isfinite(volume) && volume >= 0)) {
        /* The bar happened, its values are missing: the clock moves on (no
         * gap counted twice), the next return starts from the last close. */
        q->counts[BC_QUALITY_MISSING_BARS]++;
        if (q->has_last)
            q->last_time = time;
        if (flags)
            *flags = BC_QUALITY_MISSING;
        return BC_OK;
    }
    if (high < low || open > high || open < low || close > high || close < low) {
        f |= BC_QUALITY_INCONSISTENT;
        q->counts[BC_QUALITY_INCONSISTENT_BARS]++;
    }
    if (q->has_last) {
        int64_t dt = time - q->last_time;
        if (q->bar_seconds > 0 && dt > q->bar_seconds) {
            if (q->weekend_closed && is_weekend_gap(q->last_time, time)) {
                q->counts[BC_QUALITY_WEEKEND_GAPS]++;
            } else {
                f |= BC_QUALITY_GAP;
                q->counts[BC_QUALITY_GAPS]++;
                q->counts[BC_QUALITY_GAP_BARS] += (dt + q->bar_seconds - 1) / q->bar_seconds - 1;
            }
        }
        double r = log(close / q->last_close);
        if (q->n_returns >= q->mad_min) {
            memcpy(q->scratch, q->returns, (size_t)q->n_returns * sizeof *q->scratch);
            double med = median(q->scratch, q->n_returns);
            for (int32_t i = 0; i < q->n_returns; i++)
                q->scratch[i] = fabs(q->returns[i] - med);
            double mad = median(q->scratch, q->n_returns);
            if (mad > 0 && fabs(r - med) > q->mad_threshold * MAD_SCALE * mad) {
                f |= BC_QUALITY_OUTLIER;
                q->counts[BC_QUALITY_OUTLIERS]++;
            }
        }
        q->returns[q->ring_next] = r;
        q->ring_next = (q->ring_next + 1) % q->mad_window;
        if (q->n_returns < q->mad_window)
            q->n_returns++;
        q->run = close == q->last_close ? q->run + 1 : 1;
    } else {
        q->run = 1;
    }
    if (q->run >= q->stale_run) {
        f |= BC_QUALITY_STALE;
        q->counts[BC_QUALITY_STALE_BARS]++;
        if (q->run == q->stale_run)
            q->counts[BC_QUALITY_STALE_RUNS]++;
    }
    if (q->run > q->counts[BC_QUALITY_LONGEST_RUN])
        q->counts[BC_QUALITY_LONGEST_RUN] = q->run;
    q->has_last = 1;
    q->last_time = time;
    q->last_close = close;
    if (flags)
        *flags = f;
    return BC_OK;
}

BC_API int32_t bc_quality_counts(const bc_quality *q, int64_t *counts, int32_t capacity)
{
    if (!q || !counts || capacity < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_quality_counts: quality or counts is NULL, or capacity %d < 1",
                       capacity);
    for (int32_t i = 0; i < capacity && i < BC_QUALITY_COUNTS; i++)
        counts[i] = q->counts[i];
    return BC_OK;
}
