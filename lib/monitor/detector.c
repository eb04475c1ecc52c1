/*
 * detector.c - change detectors on a stream of outcomes: Page-Hinkley and
 * two-sided tabular CUSUM. O(1) time and no allocation per update, plain C
 * (the DLL carries it). The formulas are stated at bc_detector_* in
 * botcopier.h; the tests replay them in float64 Python.
 */
#include "monitor/monitor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct bc_detector {
    int32_t kind;
    /* settings */
    double delta, threshold, alpha, min_samples; /* Page-Hinkley */
    double k, h, warmup, target, sigma;          /* CUSUM */
    double direction;
    /* state since the last restart */
    int64_t count;
    double mean, m2;          /* running mean (PH, CUSUM warmup) and M2 */
    double up, down;          /* PH sums; CUSUM hi, lo */
    double min_up, max_down;  /* PH extremes */
    double mu, sd;            /* CUSUM in-control mean and sigma (NaN: warmup) */
    int restart_pending;
    /* since create/reset */
    int64_t total, alarms, last_alarm;
};

static void restart(bc_detector *d)
{
    d->count = 0;
    d->mean = d->m2 = 0;
    d->up = d->down = 0;
    d->min_up = INFINITY;
    d->max_down = -INFINITY;
    d->mu = d->target;
    d->sd = d->sigma;
    d->restart_pending = 0;
}

BC_API int32_t bc_detector_create(int32_t kind, bc_detector **out)
{
    if (out)
        *out = NULL;
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_detector_create: out is NULL");
    if (kind != BC_DETECTOR_PAGE_HINKLEY && kind != BC_DETECTOR_CUSUM)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_detector_create: kind is %d, expected BC_DETECTOR_PAGE_HINKLEY (1) "
                       "or BC_DETECTOR_CUSUM (2)", kind);
    bc_detector *d = calloc(1, sizeof *d);
    if (!d)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_detector_create");
    d->kind = kind;
    d->delta = 0.005;
    d->threshold = 50;
    d->alpha = 1;
    d->min_samples = 30;
    d->k = 0.5;
    d->h = 5;
    d->warmup = 30;
    d->target = NAN;
    d->sigma = NAN;
    d->direction = 0;
    restart(d);
    *out = d;
    return BC_OK;
}

BC_API void bc_detector_free(bc_detector *d)
{
    free(d);
}

BC_API int32_t bc_detector_kind(const bc_detector *d)
{
    return d ? d->kind : 0;
}

static int32_t bad_value(const char *key, double value, const char *expected)
{
    return bc_fail(BC_E_INVALID_ARGUMENT, "bc_detector_set: %s is %g, expected %s", key, value,
                   expected);
}

static int is_integer(double v)
{
    return isfinite(v) && v == floor(v);
}

BC_API int32_t bc_detector_set(bc_detector *d, const char *key, double value)
{
    if (!d || !key)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_detector_set: %s is NULL",
                       !d ? "detector" : "key");
    int ph = d->kind == BC_DETECTOR_PAGE_HINKLEY;
    if (strcmp(key, "direction") == 0) {
        if (value != -1 && value != 0 && value != 1)
            return bad_value(key, value, "-1, 0 or 1");
        d->direction = value;
    } else if (ph && strcmp(key, "delta") == 0) {
        if (!(value >= 0) || !isfinite(value))
            return bad_value(key, value, "a finite number >= 0");
        d->delta = value;
    } else if (ph && strcmp(key, "threshold") == 0) {
        if (!(value > 0) || !isfinite(value))
            return bad_value(key, value, "a finite number > 0");
        d->threshold = value;
    } else if (ph && strcmp(key, "alpha") == 0) {
        if (!(value > 0 && value <= 1))
            return bad_value(key, value, "0 < alpha <= 1");
        d->alpha = value;
    } else if (ph && strcmp(key, "min_samples") == 0) {
        if (!is_integer(value) || value < 1 || value > 1e15)
            return bad_value(key, value, "an integer >= 1");
        d->min_samples = value;
    } else if (!ph && strcmp(key, "k") == 0) {
        if (!(value >= 0) || !isfinite(value))
            return bad_value(key, value, "a finite number >= 0");
        d->k = value;
    } else if (!ph && strcmp(key, "h") == 0) {
        if (!(value > 0) || !isfinite(value))
            return bad_value(key, value, "a finite number > 0");
        d->h = value;
    } else if (!ph && strcmp(key, "warmup") == 0) {
        if (!is_integer(value) || value < 2 || value > 1e15)
            return bad_value(key, value, "an integer >= 2");
        d->warmup = value;
    } else if (!ph && strcmp(key, "target") == 0) {
        if (isinf(value))
            return bad_value(key, value, "a finite number, or NaN to estimate it");
        d->target = value;
    } else if (!ph && strcmp(key, "sigma") == 0) {
        if (!(value > 0 && isfinite(value)) && !isnan(value))
            return bad_value(key, value, "a finite number > 0, or NaN to estimate it");
        d->sigma = value;
    } else {
        return bc_fail(BC_E_UNKNOWN_KEY, "bc_detector_set: unknown key '%s' for %s (keys: %s)",
                       key, ph ? "Page-Hinkley" : "CUSUM",
                       ph ? "delta, threshold, alpha, min_samples, direction"
                          : "k, h, warmup, target, sigma, direction");
    }
    restart(d);
    return BC_OK;
}

BC_API int32_t bc_detector_reset(bc_detector *d)
{
    if (!d)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_detector_reset: detector is NULL");
    restart(d);
    d->total = d->alarms = d->last_alarm = 0;
    return BC_OK;
}

static int32_t page_hinkley(bc_detector *d, double x)
{
    d->count++;
    d->mean += (x - d->mean) / (double)d->count;
    double dev = x - d->mean;
    d->up = d->alpha * d->up + (dev - d->delta);
    d->down = d->alpha * d->down + (dev + d->delta);
    if (d->up < d->min_up)
        d->min_up = d->up;
    if (d->down > d->max_down)
        d->max_down = d->down;
    int32_t alarm = 0;
    if ((double)d->count >= d->min_samples) {
        if (d->direction >= 0 && d->up - d->min_up > d->threshold)
            alarm |= 1;
        if (d->direction <= 0 && d->max_down - d->down > d->threshold)
            alarm |= 2;
    }
    return alarm;
}

static int32_t cusum(bc_detector *d, double x)
{
    d->count++;
    if (isnan(d->mu) || isnan(d->sd)) {
        /* Warmup: Welford's running mean and M2. */
        double delta = x - d->mean;
        d->mean += delta / (double)d->count;
        d->m2 += delta * (x - d->mean);
        if ((double)d->count >= d->warmup) {
            double mu = isnan(d->target) ? d->mean : d->target;
            double sd = isnan(d->sigma) ? sqrt(d->m2 / (double)(d->count - 1)) : d->sigma;
            if (sd > 0) {
                d->mu = mu;
                d->sd = sd;
            } else {
                d->count = 0; /* all equal: take the next warmup values */
                d->mean = d->m2 = 0;
            }
        }
        return 0;
    }
    double z = (x - d->mu) / d->sd;
    d->up = fmax(0.0, d->up + z - d->k);
    d->down = fmax(0.0, d->down - z - d->k);
    int32_t alarm = 0;
    if (d->direction >= 0 && d->up > d->h)
        alarm |= 1;
    if (d->direction <= 0 && d->down > d->h)
        alarm |= 2;
    return alarm;
}

BC_API int32_t bc_detector_update(bc_detector *d, double x, int32_t *alarm)
{
    if (alarm)
        *alarm = 0;
    if (!d)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_detector_update: detector is NULL");
    if (!isfinite(x))
        return bc_fail(BC_E_NUMERIC, "bc_detector_update: observation %lld is %g, expected a "
                       "finite number", (long long)d->total + 1, x);
    if (d->restart_pending)
        restart(d);
    d->total++;
    int32_t a = d->kind == BC_DETECTOR_PAGE_HINKLEY ? page_hinkley(d, x) : cusum(d, x);
    if (a) {
        d->alarms++;
        d->last_alarm = d->total;
        d->restart_pending = 1;
    }
    if (alarm)
        *alarm = a;
    return BC_OK;
}

BC_API int32_t bc_detector_state(const bc_detector *d, double *state, int32_t capacity)
{
    if (!d || !state || capacity < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_detector_state: detector or state is NULL, or capacity %d < 1",
                       capacity);
    int ph = d->kind == BC_DETECTOR_PAGE_HINKLEY;
    double s[BC_DETECTOR_STATES];
    if (ph) {
        s[BC_DETECTOR_UP] = d->count ? d->up - d->min_up : 0.0;
        s[BC_DETECTOR_DOWN] = d->count ? d->max_down - d->down : 0.0;
        s[BC_DETECTOR_MEAN] = d->count ? d->mean : NAN;
        s[BC_DETECTOR_SIGMA] = NAN;
    } else {
        s[BC_DETECTOR_UP] = d->up;
        s[BC_DETECTOR_DOWN] = d->down;
        s[BC_DETECTOR_MEAN] = isnan(d->sd) ? NAN : d->mu;
        s[BC_DETECTOR_SIGMA] = isnan(d->mu) ? NAN : d->sd;
    }
    s[BC_DETECTOR_COUNT] = (double)d->count;
    s[BC_DETECTOR_TOTAL] = (double)d->total;
    s[BC_DETECTOR_ALARMS] = (double)d->alarms;
    s[BC_DETECTOR_LAST_ALARM] = (double)d->last_alarm;
    for (int32_t i = 0; i < capacity && i < BC_DETECTOR_STATES; i++)
        state[i] = s[i];
    return BC_OK;
}
