/*
 * risk_parity.c - long-only weights that equalize each asset's contribution
 * to portfolio risk (ERC), inverse-volatility weights, and the cap shared by
 * every method. ERC is Spinu's convex problem solved by damped Newton steps
 * (Cholesky through LAPACK): quadratic convergence to 1e-12 relative spread
 * of risk contributions. Nothing here reads files or allocates per iteration.
 */
#include "portfolio/portfolio.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_LAPACKE
#include <lapacke.h>
#endif

int32_t bc_portfolio_check_covariance(const char *fn, const double *cov, int32_t n)
{
    if (!cov)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: cov is NULL", fn);
    if (n < 1)
        return bc_fail(BC_E_SHAPE, "%s: n_assets is %d, expected >= 1", fn, n);
    for (int32_t i = 0; i < n; i++) {
        double d = cov[(size_t)i * n + i];
        if (!(isfinite(d) && d > 0))
            return bc_fail(BC_E_NUMERIC, "%s: cov[%d][%d] (a variance) is %g, expected a "
                           "finite positive number", fn, i, i, d);
        for (int32_t j = 0; j < i; j++) {
            double a = cov[(size_t)i * n + j], b = cov[(size_t)j * n + i];
            if (!isfinite(a))
                return bc_fail(BC_E_NUMERIC, "%s: cov[%d][%d] is %g, expected finite", fn, i, j, a);
            if (fabs(a - b) > 1e-12 * (fabs(a) + fabs(b)) + 1e-300)
                return bc_fail(BC_E_NUMERIC, "%s: cov is not symmetric: cov[%d][%d] = %.17g but "
                               "cov[%d][%d] = %.17g", fn, i, j, a, j, i, b);
        }
    }
    return BC_OK;
}

void bc_portfolio_cap_proportional(double *w, int32_t n, double cap)
{
    for (int32_t round = 0; round < n; round++) {
        double excess = 0, free_sum = 0;
        for (int32_t i = 0; i < n; i++) {
            if (w[i] > cap) {
                excess += w[i] - cap;
                w[i] = cap;
            } else if (w[i] < cap) {
                free_sum += w[i];
            }
        }
        if (excess <= 0 || free_sum <= 0)
            return;
        for (int32_t i = 0; i < n; i++)
            if (w[i] < cap)
                w[i] += excess * w[i] / free_sum;
    }
}

BC_API int32_t bc_portfolio_risk_contributions(const double *cov, const double *weights,
                                               int32_t n_assets, double *contributions)
{
    int32_t st = bc_portfolio_check_covariance("bc_portfolio_risk_contributions", cov, n_assets);
    if (st != BC_OK)
        return st;
    if (!weights || !contributions)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_risk_contributions: %s is NULL",
                       !weights ? "weights" : "contributions");
    double total = 0;
    for (int32_t i = 0; i < n_assets; i++) {
        double s = 0;
        for (int32_t j = 0; j < n_assets; j++)
            s += cov[(size_t)i * n_assets + j] * weights[j];
        contributions[i] = weights[i] * s;
        total += contributions[i];
    }
    if (!(total > 0))
        return bc_fail(BC_E_NUMERIC, "bc_portfolio_risk_contributions: portfolio variance is %g, "
                       "expected > 0", total);
    for (int32_t i = 0; i < n_assets; i++)
        contributions[i] /= total;
    return BC_OK;
}

#ifdef BC_HAVE_LAPACKE
/* One ERC sub-problem: the free assets F (free[] lists them, m of them)
 * with the others fixed at w_fixed, v = Sigma_FK w_K. For a multiplier lam,
 *   min_y  1/2 y' S_FF y + v'y - lam * sum log y_i      (y > 0)
 * is strictly convex and its optimum has y_i (S_FF y + v)_i = lam for every
 * i in F: equal risk contributions among the free assets (Spinu 2013).
 * Damped Newton from y; returns the number of iterations or -1. */
typedef struct erc_work {
    int32_t n, m;
    const double *cov;
    const int32_t *free_idx;
    const double *v;
    double *y, *g, *h, *step, *trial;
} erc_work;

static double erc_objective(const erc_work *w, const double *y, double lam)
{
    double f = 0;
    for (int32_t a = 0; a < w->m; a++) {
        const double *row = w->cov + (size_t)w->free_idx[a] * w->n;
        double s = 0;
        for (int32_t b = 0; b < w->m; b++)
            s += row[w->free_idx[b]] * y[b];
        f += 0.5 * y[a] * s + w->v[a] * y[a] - lam * log(y[a]);
    }
    return f;
}

static int32_t erc_newton(erc_work *w, double lam)
{
    const int32_t m = w->m;
    for (int32_t it = 0; it < 200; it++) {
        double gmax = 0;
        for (int32_t a = 0; a < m; a++) {
            const double *row = w->cov + (size_t)w->free_idx[a] * w->n;
            double s = 0;
            for (int32_t b = 0; b < m; b++) {
                double c = row[w->free_idx[b]];
                s += c * w->y[b];
                w->h[(size_t)a * m + b] = c;
            }
            w->h[(size_t)a * m + a] += lam / (w->y[a] * w->y[a]);
            w->g[a] = s + w->v[a] - lam / w->y[a];
            /* Scale-free stopping rule: the gradient relative to lam/y, the
             * size of each barrier term, i.e. the relative error of the
             * risk contribution y_i (S y + v)_i against lam. */
            double rel = fabs(w->g[a]) * w->y[a] / lam;
            if (rel > gmax)
                gmax = rel;
            w->step[a] = -w->g[a];
        }
        if (gmax < 1e-14)
            return it;
        if (LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', m, 1, w->h, m, w->step, 1) != 0)
            return -1;
        double f0 = erc_objective(w, w->y, lam), t = 1.0, slope = 0;
        for (int32_t a = 0; a < m; a++)
            slope += w->g[a] * w->step[a];
        for (int32_t k = 0; k < 60; k++, t *= 0.5) {
            int ok = 1;
            for (int32_t a = 0; a < m && ok; a++) {
                w->trial[a] = w->y[a] + t * w->step[a];
                ok = w->trial[a] > 0;
            }
            if (ok && erc_objective(w, w->trial, lam) <= f0 + 1e-4 * t * slope + 1e-15 * fabs(f0))
                break;
        }
        memcpy(w->y, w->trial, (size_t)m * sizeof *w->y);
    }
    return -1;
}

static int32_t erc_weights(const double *cov, int32_t n, double cap, double *out)
{
    size_t nn = (size_t)n;
    double *buf = malloc((6 * nn + nn * nn) * sizeof *buf);
    int32_t *free_idx = malloc(nn * sizeof *free_idx);
    unsigned char *fixed = calloc(nn, 1);
    if (!buf || !free_idx || !fixed) {
        free(buf);
        free(free_idx);
        free(fixed);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_portfolio_weights: ERC work space for %d assets", n);
    }
    erc_work w = {.n = n, .cov = cov, .free_idx = free_idx, .v = buf, .y = buf + nn,
                  .g = buf + 2 * nn, .step = buf + 3 * nn, .trial = buf + 4 * nn,
                  .h = buf + 6 * nn};
    double *v = buf;
    int32_t st = BC_OK;
    for (int32_t round = 0; round <= n; round++) {
        int32_t m = 0, k = 0;
        for (int32_t i = 0; i < n; i++) {
            if (!fixed[i])
                free_idx[m++] = i;
            else
                k++;
        }
        w.m = m;
        double budget = 1.0 - k * cap;
        for (int32_t a = 0; a < m; a++) {
            double s = 0;
            for (int32_t j = 0; j < n; j++)
                if (fixed[j])
                    s += cov[(size_t)free_idx[a] * n + j] * cap;
            v[a] = s;
            w.y[a] = 1.0 / sqrt(cov[(size_t)free_idx[a] * n + free_idx[a]]);
        }
        /* The free weights must sum to budget. With nothing fixed (v = 0)
         * the solution scales as sqrt(lam): solve at lam = 1, rescale. With
         * fixed assets the sum grows with lam: bracket log(lam), then
         * bisect/secant on the sum. */
        double lam = 1.0;
        if (erc_newton(&w, lam) < 0) {
            st = bc_fail(BC_E_NUMERIC, "bc_portfolio_weights: the ERC Newton iteration did not "
                         "converge (is cov positive definite?)");
            break;
        }
        double sum = 0;
        for (int32_t a = 0; a < m; a++)
            sum += w.y[a];
        if (k > 0) {
            double lo = -60, hi = 60, x = 2.0 * log(budget / sum);
            for (int32_t it = 0; it < 200; it++) {
                if (x < lo || x > hi)
                    x = 0.5 * (lo + hi);
                lam = exp(x);
                if (erc_newton(&w, lam) < 0) {
                    st = bc_fail(BC_E_NUMERIC, "bc_portfolio_weights: the capped ERC Newton "
                                 "iteration did not converge at lambda %g", lam);
                    break;
                }
                sum = 0;
                for (int32_t a = 0; a < m; a++)
                    sum += w.y[a];
                double err = sum / budget - 1.0;
                if (fabs(err) < 1e-15)
                    break;
                if (err > 0)
                    hi = x;
                else
                    lo = x;
                x += 2.0 * log(budget / sum); /* exact when v = 0 */
            }
            if (st != BC_OK)
                break;
        }
        for (int32_t i = 0; i < n; i++)
            out[i] = fixed[i] ? cap : 0.0;
        for (int32_t a = 0; a < m; a++)
            out[free_idx[a]] = w.y[a] * budget / sum;
        int32_t newly = 0;
        for (int32_t a = 0; a < m; a++)
            if (out[free_idx[a]] > cap * (1 + 1e-15)) {
                fixed[free_idx[a]] = 1;
                newly++;
            }
        if (!newly)
            break;
    }
    free(buf);
    free(free_idx);
    free(fixed);
    return st;
}
#endif

BC_API int32_t bc_portfolio_weights(const double *cov, int32_t n_assets, int32_t method,
                                    double cap, double *weights)
{
    int32_t st = bc_portfolio_check_covariance("bc_portfolio_weights", cov, n_assets);
    if (st != BC_OK)
        return st;
    if (!weights)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_weights: weights is NULL");
    if (!(cap > 0 && cap <= 1) && !isnan(cap))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_weights: cap is %g, expected a "
                       "value in (0, 1] or NaN for no cap", cap);
    if (isnan(cap))
        cap = 1.0;
    if (cap * n_assets < 1.0 - 1e-12)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_weights: cap %g on %d assets cannot "
                       "sum to 1 (needs cap >= %g)", cap, n_assets, 1.0 / n_assets);
    switch (method) {
    case BC_RISK_PARITY_ERC:
#ifdef BC_HAVE_LAPACKE
        return erc_weights(cov, n_assets, cap, weights);
#else
        return bc_fail(BC_E_UNSUPPORTED, "bc_portfolio_weights: ERC needs LAPACK, not in this build");
#endif
    case BC_RISK_PARITY_INVERSE_VOLATILITY: {
        double sum = 0;
        for (int32_t i = 0; i < n_assets; i++)
            sum += weights[i] = 1.0 / sqrt(cov[(size_t)i * n_assets + i]);
        for (int32_t i = 0; i < n_assets; i++)
            weights[i] /= sum;
        bc_portfolio_cap_proportional(weights, n_assets, cap);
        return BC_OK;
    }
    case BC_RISK_PARITY_HRP:
        st = bc_portfolio_hrp(cov, n_assets, weights);
        if (st == BC_OK)
            bc_portfolio_cap_proportional(weights, n_assets, cap);
        return st;
    default:
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_portfolio_weights: method is %d, expected "
                       "BC_RISK_PARITY_ERC (0), _INVERSE_VOLATILITY (1) or _HRP (2)", method);
    }
}
