/*
 * covariance.c - covariance of asset returns: the sample estimate and the
 * Ledoit-Wolf shrinkage toward a scaled identity (for histories short
 * against the number of assets), plus returns from a price table. Pure
 * functions over caller arrays; no allocation beyond a column-mean buffer.
 */
#include "portfolio/portfolio.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif

BC_API int32_t bc_portfolio_returns(const double *prices, int64_t n_times,
                                    int32_t n_assets, int32_t log_returns,
                                    double *returns)
{
    if (!prices || !returns)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_returns: %s is NULL",
                       !prices ? "prices" : "returns");
    if (n_times < 2 || n_assets < 1)
        return bc_fail(BC_E_SHAPE, "bc_portfolio_returns: n_times is %lld and n_assets %d, "
                       "expected n_times >= 2 and n_assets >= 1",
                       (long long)n_times, n_assets);
    if (log_returns != 0 && log_returns != 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_portfolio_returns: log_returns is %d, expected 0 or 1", log_returns);
    for (int64_t t = 0; t < n_times; t++)
        for (int32_t j = 0; j < n_assets; j++) {
            double p = prices[t * n_assets + j];
            if (!(isfinite(p) && p > 0))
                return bc_fail(BC_E_NUMERIC, "bc_portfolio_returns: price of asset %d at row %lld "
                               "is %g, expected a finite positive number", j, (long long)t, p);
        }
    for (int64_t t = 1; t < n_times; t++)
        for (int32_t j = 0; j < n_assets; j++) {
            double r = prices[t * n_assets + j] / prices[(t - 1) * n_assets + j];
            returns[(t - 1) * n_assets + j] = log_returns ? log(r) : r - 1.0;
        }
    return BC_OK;
}

/* cov = X'X and (when fourth) fourth = (X.X)'(X.X) for the centred rows
 * X = returns - mean, upper triangles only (the caller mirrors them). */
static int32_t centred_products(const double *returns, int64_t n_obs, int32_t p,
                                const double *mean, double *cov, double *fourth)
{
#ifdef BC_HAVE_OPENBLAS
    size_t cells = (size_t)n_obs * (size_t)p;
    double *x = malloc(cells * sizeof *x);
    if (!x)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_portfolio_covariance: centred copy of %lld x %d",
                       (long long)n_obs, p);
    for (size_t i = 0; i < cells; i++)
        x[i] = returns[i] - mean[i % (size_t)p];
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, p, (blasint)n_obs, 1.0, x, p, 0.0, cov, p);
    if (fourth) {
        for (size_t i = 0; i < cells; i++)
            x[i] *= x[i];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, p, (blasint)n_obs, 1.0, x, p, 0.0,
                    fourth, p);
    }
    free(x);
#else
    memset(cov, 0, (size_t)p * (size_t)p * sizeof *cov);
    for (int64_t t = 0; t < n_obs; t++) {
        const double *row = returns + t * p;
        for (int32_t i = 0; i < p; i++) {
            double xi = row[i] - mean[i];
            double *ci = cov + (size_t)i * p;
            for (int32_t j = i; j < p; j++)
                ci[j] += xi * (row[j] - mean[j]);
            if (fourth) {
                double *fi = fourth + (size_t)i * p;
                double xi2 = xi * xi;
                for (int32_t j = i; j < p; j++) {
                    double xj = row[j] - mean[j];
                    fi[j] += xi2 * xj * xj;
                }
            }
        }
    }
#endif
    return BC_OK;
}

BC_API int32_t bc_portfolio_covariance(const double *returns, int64_t n_obs,
                                       int32_t n_assets, int32_t estimator,
                                       double *cov, double *shrinkage)
{
    if (!returns || !cov)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_covariance: %s is NULL",
                       !returns ? "returns" : "cov");
    if (estimator != BC_COVARIANCE_SAMPLE && estimator != BC_COVARIANCE_LEDOIT_WOLF)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_covariance: estimator is %d, "
                       "expected BC_COVARIANCE_SAMPLE (0) or BC_COVARIANCE_LEDOIT_WOLF (1)",
                       estimator);
    if (n_assets < 1 || n_obs < 2)
        return bc_fail(BC_E_SHAPE, "bc_portfolio_covariance: n_obs is %lld and n_assets %d, "
                       "expected n_obs >= 2 and n_assets >= 1", (long long)n_obs, n_assets);
    const int32_t p = n_assets;
    for (int64_t i = 0; i < n_obs * p; i++)
        if (!isfinite(returns[i]))
            return bc_fail(BC_E_NUMERIC, "bc_portfolio_covariance: return of asset %d at row %lld "
                           "is %g, expected a finite number", (int32_t)(i % p),
                           (long long)(i / p), returns[i]);
    double *mean = calloc((size_t)p, sizeof *mean);
    if (!mean)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_portfolio_covariance: %d means", p);
    for (int64_t t = 0; t < n_obs; t++)
        for (int32_t j = 0; j < p; j++)
            mean[j] += returns[t * p + j];
    for (int32_t j = 0; j < p; j++)
        mean[j] /= (double)n_obs;

    /* S = X'X of the centred rows and, for Ledoit-Wolf, B = (X.X)'(X.X)
     * (entrywise squares: the fourth-moment term), upper triangles. With
     * OpenBLAS both are one dsyrk each on a centred copy; without it, the
     * same sums in plain loops. */
    double *fourth = NULL;
    int32_t st = BC_OK;
    if (estimator == BC_COVARIANCE_LEDOIT_WOLF &&
        !(fourth = calloc((size_t)p * (size_t)p, sizeof *fourth)))
        st = bc_fail(BC_E_OUT_OF_MEMORY, "bc_portfolio_covariance: %d x %d work matrix", p, p);
    if (st == BC_OK)
        st = centred_products(returns, n_obs, p, mean, cov, fourth);
    if (st != BC_OK) {
        free(fourth);
        free(mean);
        return st;
    }
    double n = (double)n_obs;
    if (estimator == BC_COVARIANCE_SAMPLE) {
        /* Unbiased, as numpy.cov and pandas.DataFrame.cov. */
        for (int32_t i = 0; i < p; i++)
            for (int32_t j = i; j < p; j++)
                cov[(size_t)j * p + i] = cov[(size_t)i * p + j] /= (n - 1.0);
        if (shrinkage)
            *shrinkage = 0.0;
        free(mean);
        return BC_OK;
    }
    /* Ledoit & Wolf (2004), "A well-conditioned estimator for large-
     * dimensional covariance matrices", with the maximum-likelihood S (1/n)
     * and the target mu*I, mu = trace(S)/p: the same estimate as
     * scikit-learn's LedoitWolf (assume_centered=False). */
    double trace = 0, s2 = 0, b2 = 0;
    for (int32_t i = 0; i < p; i++)
        for (int32_t j = i; j < p; j++) {
            double s = cov[(size_t)i * p + j] /= n;
            double w = i == j ? 1.0 : 2.0;
            s2 += w * s * s;
            b2 += w * fourth[(size_t)i * p + j] / n;
            if (i == j)
                trace += s;
        }
    double mu = trace / p;
    double beta = (b2 - s2) / ((double)p * n);
    double delta = (s2 - 2.0 * mu * trace + p * mu * mu) / p;
    if (beta > delta)
        beta = delta;
    double k = beta == 0.0 ? 0.0 : beta / delta;
    for (int32_t i = 0; i < p; i++)
        for (int32_t j = i; j < p; j++) {
            double s = (1.0 - k) * cov[(size_t)i * p + j] + (i == j ? k * mu : 0.0);
            cov[(size_t)i * p + j] = cov[(size_t)j * p + i] = s;
        }
    if (shrinkage)
        *shrinkage = k;
    free(fourth);
    free(mean);
    return BC_OK;
}
