/*
 * drift.c - the numbers of distribution drift: sorting a sample's finite
 * values, numpy-compatible quantiles, PSI bins and sums, the two-sample and
 * the profile KS statistics and Kolmogorov's p-value. Plain C (the DLL
 * carries it); the profile object lives in profile.c.
 */
#include "monitor/monitor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* Doubles as unsigned keys whose order is the numbers' order: flip every
 * bit of a negative, only the sign bit of a positive. */
static inline uint64_t sort_key(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return (u >> 63) ? ~u : u | 0x8000000000000000ULL;
}

static inline double key_value(uint64_t k)
{
    uint64_t u = (k >> 63) ? k & 0x7fffffffffffffffULL : ~k;
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* LSD radix sort, 11-bit digits (6 passes, a pass skipped when every key
 * shares its digit). */
static void radix_sort(uint64_t *keys, uint64_t *tmp, int64_t n)
{
    enum { BITS = 11, BUCKETS = 1 << BITS };
    static const int passes = (64 + BITS - 1) / BITS;
    int64_t *count = calloc((size_t)passes * BUCKETS, sizeof *count);
    if (!count) { /* small fallback: insertion sort keeps the contract */
        for (int64_t i = 1; i < n; i++) {
            uint64_t k = keys[i];
            int64_t j = i;
            for (; j > 0 && keys[j - 1] > k; j--)
                keys[j] = keys[j - 1];
            keys[j] = k;
        }
        return;
    }
    for (int64_t i = 0; i < n; i++)
        for (int p = 0; p < passes; p++)
            count[p * BUCKETS + ((keys[i] >> (p * BITS)) & (BUCKETS - 1))]++;
    uint64_t *src = keys, *dst = tmp;
    for (int p = 0; p < passes; p++) {
        int64_t *c = count + p * BUCKETS;
        if (c[(src[0] >> (p * BITS)) & (BUCKETS - 1)] == n)
            continue;
        int64_t sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int64_t t = c[b];
            c[b] = sum;
            sum += t;
        }
        for (int64_t i = 0; i < n; i++)
            dst[c[(src[i] >> (p * BITS)) & (BUCKETS - 1)]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, (size_t)n * sizeof *keys);
    free(count);
}

int32_t bc_monitor_sorted_finite(const double *values, int64_t n, int64_t stride,
                                 double **out, int64_t *n_finite)
{
    *out = NULL;
    *n_finite = 0;
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
        m += isfinite(values[i * stride]) != 0;
    if (m == 0)
        return BC_OK;
    uint64_t *keys = malloc((size_t)m * sizeof *keys);
    uint64_t *tmp = malloc((size_t)m * sizeof *tmp);
    if (!keys || !tmp) {
        free(keys);
        free(tmp);
        return bc_fail(BC_E_OUT_OF_MEMORY, "sorting %lld values", (long long)m);
    }
    int64_t j = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = values[i * stride];
        if (isfinite(v))
            keys[j++] = sort_key(v == 0 ? 0.0 : v);
    }
    radix_sort(keys, tmp, m);
    free(tmp);
    double *sorted = (double *)keys; /* same size: converted in place */
    for (int64_t i = 0; i < m; i++) {
        double v = key_value(keys[i]);
        memcpy(&sorted[i], &v, sizeof v);
    }
    *out = sorted;
    *n_finite = m;
    return BC_OK;
}

double bc_monitor_quantile(const double *x, int64_t n, double p)
{
    if (n == 1)
        return x[0];
    /* numpy's linear method: virtual index n*p + 1 - p - 1, then its
     * _lerp (a + d*t, or b - d*(1-t) from t = 0.5 on). */
    double h = (double)n * p + (1.0 - p) - 1.0;
    if (h <= 0)
        return x[0];
    if (h >= (double)(n - 1))
        return x[n - 1];
    double fl = floor(h);
    int64_t lo = (int64_t)fl;
    double t = h - fl, a = x[lo], b = x[lo + 1], d = b - a;
    return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

void bc_monitor_psi_edges(const double *sorted, int64_t n, int32_t bins, double *edges)
{
    for (int32_t k = 1; k < bins; k++)
        edges[k - 1] = bc_monitor_quantile(sorted, n, (double)k / (double)bins);
}

void bc_monitor_bin_fractions(const double *sorted, int64_t n, const double *edges,
                              int32_t bins, double *fractions)
{
    /* sorted values walk the edges once: bin = number of edges <= x. */
    int64_t i = 0;
    for (int32_t k = 0; k < bins; k++) {
        int64_t start = i;
        if (k == bins - 1)
            i = n;
        else
            while (i < n && sorted[i] < edges[k])
                i++;
        fractions[k] = n > 0 ? (double)(i - start) / (double)n : 0.0;
    }
}

double bc_monitor_psi_sum(const double *reference, const double *live, int32_t bins)
{
    double psi = 0;
    for (int32_t k = 0; k < bins; k++) {
        double r = reference[k] > BC_DRIFT_PSI_FLOOR ? reference[k] : BC_DRIFT_PSI_FLOOR;
        double a = live[k] > BC_DRIFT_PSI_FLOOR ? live[k] : BC_DRIFT_PSI_FLOOR;
        psi += (a - r) * log(a / r);
    }
    return psi;
}

/* One piece of the profile CDF: (idx + (v - q[idx]) / (q[idx+1] - q[idx]))
 * / (Q - 1) with knots = number of knots counted (<= v or < v). */
static double profile_cdf(const double *q, int32_t n_q, int64_t knots, double v)
{
    if (knots <= 0)
        return 0.0;
    if (knots >= n_q)
        return 1.0;
    int64_t idx = knots - 1;
    double width = q[idx + 1] - q[idx];
    double frac = width > 0 ? (v - q[idx]) / width : 0.0;
    if (frac > 1)
        frac = 1;
    return ((double)idx + frac) / (double)(n_q - 1);
}

double bc_monitor_ks_profile(const double *x, int64_t n, const double *q, int32_t n_q)
{
    /* Between consecutive event points (live values and knots) the live
     * ECDF is constant and the profile CDF continuous and nondecreasing,
     * so the supremum is at a point or at a left limit. */
    int64_t i = 0, k = 0;
    double d = 0, inv_n = 1.0 / (double)n;
    while (i < n || k < n_q) {
        double v = i < n && (k >= n_q || x[i] <= q[k]) ? x[i] : q[k];
        int64_t lt = i, k_lt = k;
        while (i < n && x[i] <= v)
            i++;
        while (k < n_q && q[k] <= v)
            k++;
        double left = fabs((double)lt * inv_n - profile_cdf(q, n_q, k_lt, v));
        double at = fabs((double)i * inv_n - profile_cdf(q, n_q, k, v));
        if (left > d)
            d = left;
        if (at > d)
            d = at;
    }
    return d;
}

double bc_monitor_kolmogorov_sf(double t)
{
    if (!(t > 0))
        return 1.0;
    if (t < 1.18) {
        /* 1 - sqrt(2 pi)/t sum exp(-(2k-1)^2 pi^2 / (8 t^2)): converges
         * fast for small t, where the alternating series does not. */
        double w = -PI * PI / (8.0 * t * t), s = 0;
        for (int k = 1; k < 50; k++) {
            double term = exp((double)((2 * k - 1) * (2 * k - 1)) * w);
            s += term;
            if (term < 1e-18 * s)
                break;
        }
        double p = 1.0 - sqrt(2.0 * PI) / t * s;
        return p < 0 ? 0 : p;
    }
    double s = 0, sign = 1;
    for (int k = 1; k < 100; k++) {
        double term = exp(-2.0 * (double)k * (double)k * t * t);
        s += sign * term;
        sign = -sign;
        if (term < 1e-18)
            break;
    }
    double p = 2.0 * s;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

BC_API int32_t bc_drift_ks_p_value(double d, int64_t n1, int64_t n2, double *p_value)
{
    if (!p_value)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_drift_ks_p_value: p_value is NULL");
    if (!(d >= 0 && d <= 1))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_drift_ks_p_value: d is %g, expected 0..1", d);
    if (n1 < 1 || n2 < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_drift_ks_p_value: sample sizes %lld and %lld, expected >= 1",
                       (long long)n1, (long long)n2);
    double m = (double)n1 * (double)n2 / ((double)n1 + (double)n2);
    *p_value = bc_monitor_kolmogorov_sf(sqrt(m) * d);
    return BC_OK;
}

static int32_t check_samples(const char *fn, const double *reference, int64_t n_reference,
                             const double *live, int64_t n_live)
{
    if (!reference || !live)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                       !reference ? "reference" : "live");
    if (n_reference < 0 || n_live < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: %s length is %lld, expected >= 0", fn,
                       n_reference < 0 ? "reference" : "live",
                       (long long)(n_reference < 0 ? n_reference : n_live));
    return BC_OK;
}

/* Both samples sorted; BC_E_NO_DATA naming the one without finite values. */
static int32_t sort_both(const char *fn, const double *reference, int64_t n_reference,
                         const double *live, int64_t n_live, double **ref_sorted,
                         int64_t *n_ref, double **live_sorted, int64_t *n_liv)
{
    *live_sorted = NULL;
    int32_t rc = bc_monitor_sorted_finite(reference, n_reference, 1, ref_sorted, n_ref);
    if (rc == BC_OK && *n_ref == 0)
        rc = bc_fail(BC_E_NO_DATA, "%s: the reference sample (%lld values) has no finite value",
                     fn, (long long)n_reference);
    if (rc == BC_OK)
        rc = bc_monitor_sorted_finite(live, n_live, 1, live_sorted, n_liv);
    if (rc == BC_OK && *n_liv == 0)
        rc = bc_fail(BC_E_NO_DATA, "%s: the live sample (%lld values) has no finite value", fn,
                     (long long)n_live);
    if (rc != BC_OK) {
        free(*ref_sorted);
        free(*live_sorted);
        *ref_sorted = *live_sorted = NULL;
    }
    return rc;
}

/* Fractions of the finite values of x[n] per bin (edges: bins - 1), by a
 * binary search per value: no sort needed; *n_finite = finite values. */
static void bin_unsorted(const double *x, int64_t n, const double *edges, int32_t bins,
                         double *fractions, int64_t *n_finite)
{
    /* Branch-free binary search over the edges padded with +inf to a power
     * of two: bin = number of edges <= v. */
    double padded[1024];
    int32_t size = 1;
    while (size < bins)
        size <<= 1;
    for (int32_t k = 0; k < size - 1; k++)
        padded[k] = k < bins - 1 ? edges[k] : INFINITY;
    int64_t counts[1024] = {0}, m = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = x[i];
        if (!isfinite(v))
            continue;
        int32_t pos = 0;
        for (int32_t step = size / 2; step >= 1; step /= 2)
            pos += padded[pos + step - 1] <= v ? step : 0;
        counts[pos]++;
        m++;
    }
    for (int32_t k = 0; k < bins; k++)
        fractions[k] = m > 0 ? (double)counts[k] / (double)m : 0.0;
    *n_finite = m;
}

/* Puts the order statistics ks[0..nk) (ascending, within [lo, hi]) of
 * a[lo..hi] in place, as a full sort would (quickselect on every side that
 * holds one: O(n log nk)). The rest stays partitioned around them. */
static void multiselect(double *a, int64_t lo, int64_t hi, const int64_t *ks, int32_t nk)
{
    while (nk > 0 && hi > lo) {
        if (hi - lo < 16) {
            for (int64_t i = lo + 1; i <= hi; i++) {
                double v = a[i];
                int64_t j = i;
                for (; j > lo && a[j - 1] > v; j--)
                    a[j] = a[j - 1];
                a[j] = v;
            }
            return;
        }
        double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi];
        double pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int64_t i = lo, j = hi;
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
        /* [lo, j] <= pivot, (j, i) == pivot, [i, hi] >= pivot */
        int32_t left = 0, right = 0;
        while (left < nk && ks[left] <= j)
            left++;
        right = left;
        while (right < nk && ks[right] < i)
            right++;
        multiselect(a, lo, j, ks, left);
        ks += right;
        nk -= right;
        lo = i;
    }
}

/* PSI edges of the finite values of x[n] without sorting them: only the
 * order statistics the quantiles read are selected. *n_finite = count. */
static int32_t select_edges(const double *x, int64_t n, int32_t bins, double *edges,
                            int64_t *n_finite)
{
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
        m += isfinite(x[i]) != 0;
    *n_finite = m;
    if (m == 0)
        return BC_OK;
    double *a = malloc((size_t)m * sizeof *a);
    if (!a)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_drift_psi: %lld values", (long long)m);
    for (int64_t i = 0, j = 0; i < n; i++)
        if (isfinite(x[i]))
            a[j++] = x[i] == 0 ? 0.0 : x[i];
    int64_t ks[2 * BC_DRIFT_MAX_BINS + 2];
    int32_t nk = 0;
    ks[nk++] = 0;
    for (int32_t k = 1; k < bins; k++) {
        double p = (double)k / (double)bins;
        double h = (double)m * p + (1.0 - p) - 1.0; /* as bc_monitor_quantile */
        int64_t f = h <= 0 ? 0 : h >= (double)(m - 1) ? m - 1 : (int64_t)floor(h);
        ks[nk++] = f;
        ks[nk++] = f + 1 < m ? f + 1 : m - 1;
    }
    ks[nk++] = m - 1;
    /* ascending, unique */
    for (int32_t i = 1; i < nk; i++)
        for (int32_t j = i; j > 0 && ks[j - 1] > ks[j]; j--) {
            int64_t t = ks[j];
            ks[j] = ks[j - 1];
            ks[j - 1] = t;
        }
    int32_t u = 0;
    for (int32_t i = 0; i < nk; i++)
        if (u == 0 || ks[i] != ks[u - 1])
            ks[u++] = ks[i];
    multiselect(a, 0, m - 1, ks, u);
    bc_monitor_psi_edges(a, m, bins, edges);
    free(a);
    return BC_OK;
}

BC_API int32_t bc_drift_psi(const double *reference, int64_t n_reference, const double *live,
                            int64_t n_live, int32_t bins, double *psi)
{
    int32_t rc = check_samples("bc_drift_psi", reference, n_reference, live, n_live);
    if (rc != BC_OK)
        return rc;
    if (!psi)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_drift_psi: psi is NULL");
    if (bins < 2 || bins > BC_DRIFT_MAX_BINS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_drift_psi: bins is %d, expected 2..%d", bins,
                       BC_DRIFT_MAX_BINS);
    int64_t n_ref = 0, n_liv = 0;
    double work[3 * BC_DRIFT_MAX_BINS];
    double *edges = work, *r = work + bins, *a = work + 2 * bins;
    rc = select_edges(reference, n_reference, bins, edges, &n_ref);
    if (rc != BC_OK)
        return rc;
    if (n_ref == 0)
        return bc_fail(BC_E_NO_DATA, "bc_drift_psi: the reference sample (%lld values) has no "
                       "finite value", (long long)n_reference);
    bin_unsorted(reference, n_reference, edges, bins, r, &n_ref);
    bin_unsorted(live, n_live, edges, bins, a, &n_liv);
    if (n_liv == 0)
        return bc_fail(BC_E_NO_DATA, "bc_drift_psi: the live sample (%lld values) has no finite "
                       "value", (long long)n_live);
    *psi = bc_monitor_psi_sum(r, a, bins);
    return BC_OK;
}

BC_API int32_t bc_drift_ks(const double *reference, int64_t n_reference, const double *live,
                           int64_t n_live, double *statistic, double *p_value)
{
    int32_t rc = check_samples("bc_drift_ks", reference, n_reference, live, n_live);
    if (rc != BC_OK)
        return rc;
    if (!statistic)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_drift_ks: statistic is NULL");
    double *a = NULL, *b = NULL;
    int64_t n1 = 0, n2 = 0;
    rc = sort_both("bc_drift_ks", reference, n_reference, live, n_live, &a, &n1, &b, &n2);
    if (rc != BC_OK)
        return rc;
    /* ECDFs compared after each distinct value (ties step together). */
    int64_t i = 0, j = 0;
    double d = 0;
    while (i < n1 && j < n2) {
        double v = a[i] < b[j] ? a[i] : b[j];
        while (i < n1 && a[i] <= v)
            i++;
        while (j < n2 && b[j] <= v)
            j++;
        double diff = fabs((double)i / (double)n1 - (double)j / (double)n2);
        if (diff > d)
            d = diff;
    }
    free(a);
    free(b);
    *statistic = d;
    if (p_value)
        return bc_drift_ks_p_value(d, n1, n2, p_value);
    return BC_OK;
}
