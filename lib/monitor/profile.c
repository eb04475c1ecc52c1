/*
 * profile.c - a model's training distribution kept compactly (PSI edges
 * and fractions, KS quantiles per feature) and live values compared with
 * it. Plain C (the DLL carries it); its JSON form and its place in a
 * model's metadata live in profile_json.c.
 */
#include "monitor/monitor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int32_t bc_profile_alloc(int32_t n_features, int32_t bins, int32_t n_quantiles,
                         bc_profile **out)
{
    *out = NULL;
    bc_profile *p = calloc(1, sizeof *p);
    int64_t per = (int64_t)(bins - 1) + bins + n_quantiles;
    if (p) {
        p->features = calloc((size_t)n_features, sizeof *p->features);
        p->storage = calloc((size_t)(per * n_features), sizeof *p->storage);
    }
    if (!p || !p->features || !p->storage) {
        bc_profile_free(p);
        return bc_fail(BC_E_OUT_OF_MEMORY, "profile of %d features", n_features);
    }
    p->n_features = n_features;
    p->bins = bins;
    p->n_quantiles = n_quantiles;
    for (int32_t j = 0; j < n_features; j++) {
        bc_profile_feature *f = &p->features[j];
        snprintf(f->name, sizeof f->name, "f%d", j);
        f->edges = p->storage + per * j;
        f->fractions = f->edges + (bins - 1);
        f->quantiles = f->fractions + bins;
    }
    *out = p;
    return BC_OK;
}

BC_API int32_t bc_profile_create(const double *x, int64_t n_rows, int32_t n_features,
                                 int32_t bins, int32_t quantiles, bc_profile **out)
{
    if (out)
        *out = NULL;
    if (!x || !out)
        return bc_fail_null("bc_profile_create", "x", (const void *)x, "out", (const void *)out,
                            (const char *)NULL);
    if (n_rows < 1 || n_features < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_profile_create: %lld rows x %d features, expected at least 1 x 1",
                       (long long)n_rows, n_features);
    if (bins < 2 || bins > BC_DRIFT_MAX_BINS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_profile_create: bins is %d, expected 2..%d",
                       bins, BC_DRIFT_MAX_BINS);
    if (quantiles < 2 || quantiles > BC_PROFILE_MAX_QUANTILES)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_profile_create: quantiles is %d, expected 2..%d", quantiles,
                       BC_PROFILE_MAX_QUANTILES);
    bc_profile *p = NULL;
    int32_t rc = bc_profile_alloc(n_features, bins, quantiles, &p);
    for (int32_t j = 0; rc == BC_OK && j < n_features; j++) {
        bc_profile_feature *f = &p->features[j];
        double *sorted = NULL;
        int64_t m = 0;
        rc = bc_monitor_sorted_finite(x + j, n_rows, n_features, &sorted, &m);
        if (rc != BC_OK)
            break;
        f->n = m;
        f->missing = n_rows - m;
        if (m > 0) {
            bc_monitor_psi_edges(sorted, m, bins, f->edges);
            bc_monitor_bin_fractions(sorted, m, f->edges, bins, f->fractions);
            for (int32_t k = 0; k < quantiles; k++)
                f->quantiles[k] = bc_monitor_quantile(sorted, m,
                                                      (double)k / (double)(quantiles - 1));
        } else {
            for (int32_t k = 0; k < bins - 1; k++)
                f->edges[k] = NAN;
            for (int32_t k = 0; k < quantiles; k++)
                f->quantiles[k] = NAN;
        }
        free(sorted);
    }
    if (rc != BC_OK) {
        bc_profile_free(p);
        return bc_fail_context(rc, "bc_profile_create: ");
    }
    *out = p;
    return BC_OK;
}

BC_API void bc_profile_free(bc_profile *p)
{
    if (!p)
        return;
    free(p->features);
    free(p->storage);
    free(p);
}

BC_API int32_t bc_profile_num_features(const bc_profile *p)
{
    return p ? p->n_features : 0;
}

static int32_t check_feature(const char *fn, const bc_profile *p, int32_t feature)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: profile is NULL", fn);
    if (feature < 0 || feature >= p->n_features)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: feature %d out of range 0..%d", fn, feature,
                       p->n_features - 1);
    return BC_OK;
}

BC_API int32_t bc_profile_set_name(bc_profile *p, int32_t feature, const char *name)
{
    int32_t rc = check_feature("bc_profile_set_name", p, feature);
    if (rc != BC_OK)
        return rc;
    if (!name)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_profile_set_name: name is NULL");
    size_t len = strlen(name);
    if (len < 1 || len >= BC_PROFILE_NAME_MAX)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_profile_set_name: name of feature %d has %zu bytes, expected 1..%d",
                       feature, len, BC_PROFILE_NAME_MAX - 1);
    memcpy(p->features[feature].name, name, len + 1);
    return BC_OK;
}

BC_API int32_t bc_profile_name(const bc_profile *p, int32_t feature, char *buf,
                               int32_t capacity, int32_t *length)
{
    int32_t rc = check_feature("bc_profile_name", p, feature);
    if (rc != BC_OK)
        return rc;
    if (!length || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_profile_name: length is NULL, or buf NULL with capacity %d", capacity);
    int32_t len = (int32_t)strlen(p->features[feature].name);
    *length = len;
    if (capacity <= len) {
        if (capacity == 0 && !buf)
            return BC_OK;
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_profile_name: capacity %d, need %d", capacity,
                       len + 1);
    }
    memcpy(buf, p->features[feature].name, (size_t)len + 1);
    return BC_OK;
}

BC_API int32_t bc_profile_find(const bc_profile *p, const char *name)
{
    if (!p || !name)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_profile_find: %s is NULL",
                       !p ? "profile" : "name");
    for (int32_t j = 0; j < p->n_features; j++)
        if (strcmp(p->features[j].name, name) == 0)
            return j;
    return bc_fail(BC_E_NOT_FOUND, "bc_profile_find: no feature named '%s'", name);
}

BC_API int32_t bc_profile_compare(const bc_profile *p, int32_t feature, const double *values,
                                  int64_t n, int64_t stride, double *result, int32_t capacity)
{
    int32_t rc = check_feature("bc_profile_compare", p, feature);
    if (rc != BC_OK)
        return rc;
    if (!values || !result)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_profile_compare: %s is NULL",
                       !values ? "values" : "result");
    if (n < 0 || stride < 1 || capacity < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_profile_compare: n %lld, stride %lld, capacity %d: expected n >= 0, "
                       "stride >= 1, capacity >= 1",
                       (long long)n, (long long)stride, capacity);
    const bc_profile_feature *f = &p->features[feature];
    if (f->n == 0)
        return bc_fail(BC_E_NO_DATA,
                       "bc_profile_compare: feature '%s' had no finite value in training",
                       f->name);
    double *sorted = NULL;
    int64_t m = 0;
    rc = bc_monitor_sorted_finite(values, n, stride, &sorted, &m);
    if (rc != BC_OK)
        return bc_fail_context(rc, "bc_profile_compare: ");
    if (m == 0)
        return bc_fail(BC_E_NO_DATA,
                       "bc_profile_compare: none of the %lld live values of feature '%s' is "
                       "finite", (long long)n, f->name);
    double live[BC_DRIFT_MAX_BINS];
    bc_monitor_bin_fractions(sorted, m, f->edges, p->bins, live);
    double r[BC_DRIFT_RESULTS];
    r[BC_DRIFT_PSI] = bc_monitor_psi_sum(f->fractions, live, p->bins);
    r[BC_DRIFT_KS] = bc_monitor_ks_profile(sorted, m, f->quantiles, p->n_quantiles);
    double mm = (double)f->n * (double)m / ((double)f->n + (double)m);
    r[BC_DRIFT_KS_P_VALUE] = bc_monitor_kolmogorov_sf(sqrt(mm) * r[BC_DRIFT_KS]);
    r[BC_DRIFT_MISSING_TRAINING] = (double)f->missing / (double)(f->n + f->missing);
    r[BC_DRIFT_MISSING_LIVE] = n > 0 ? (double)(n - m) / (double)n : 0.0;
    r[BC_DRIFT_N_LIVE] = (double)m;
    free(sorted);
    for (int32_t k = 0; k < capacity && k < BC_DRIFT_RESULTS; k++)
        result[k] = r[k];
    return BC_OK;
}
