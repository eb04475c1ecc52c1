/*
 * monitor.h - what the files of lib/monitor share: the sorted copy of a
 * sample's finite values, numpy's "linear" quantile on it, the profile's
 * layout, and the PSI / KS kernels both the array calls and the profile
 * calls run. Internal; the public view is the Monitoring section of
 * botcopier.h. Nothing here needs jansson or OpenBLAS (the DLL has it).
 */
#ifndef BC_MONITOR_MONITOR_H
#define BC_MONITOR_MONITOR_H

#include "core/internal.h"

#include <stdint.h>

#define BC_PROFILE_NAME_MAX 256

typedef struct bc_profile_feature {
    char name[BC_PROFILE_NAME_MAX];
    int64_t n;          /* finite training values */
    int64_t missing;    /* non-finite training values */
    double *edges;      /* [bins - 1] ascending (ties allowed) */
    double *fractions;  /* [bins] of the n values per bin, sum 1 (n > 0) */
    double *quantiles;  /* [n_quantiles] at k/(n_quantiles-1) */
} bc_profile_feature;

struct bc_profile {
    int32_t n_features, bins, n_quantiles;
    bc_profile_feature *features;
    double *storage; /* every feature's arrays, one block */
};

/* An empty profile (n 0, names f0..) with its arrays allocated. */
int32_t bc_profile_alloc(int32_t n_features, int32_t bins, int32_t n_quantiles,
                         bc_profile **out);

/* The finite values of values[i * stride], i < n, sorted ascending (-0.0
 * made +0.0) in a new array *out (free with free(); NULL when none), their
 * count in *n_finite. Radix sort: O(n), the same order on every machine. */
int32_t bc_monitor_sorted_finite(const double *values, int64_t n, int64_t stride,
                                 double **out, int64_t *n_finite);

/* numpy.quantile(x, p) with the default "linear" method on sorted x[n]. */
double bc_monitor_quantile(const double *sorted, int64_t n, double p);

/* PSI bin edges (bins - 1 values) of sorted x[n], n >= 1. */
void bc_monitor_psi_edges(const double *sorted, int64_t n, int32_t bins, double *edges);

/* Fractions of sorted x[n] per bin of edges (bins - 1), unfloored. */
void bc_monitor_bin_fractions(const double *sorted, int64_t n, const double *edges,
                              int32_t bins, double *fractions);

/* sum_k (a_k - r_k) ln(a_k / r_k) with both floored at BC_DRIFT_PSI_FLOOR. */
double bc_monitor_psi_sum(const double *reference, const double *live, int32_t bins);

/* KS statistic of sorted live[n] against the piecewise-linear CDF through
 * (quantiles[k], k/(q-1)). */
double bc_monitor_ks_profile(const double *sorted, int64_t n, const double *quantiles,
                             int32_t q);

/* Kolmogorov's survival function Q(t) (scipy.stats.kstwobign.sf). */
double bc_monitor_kolmogorov_sf(double t);

#endif
