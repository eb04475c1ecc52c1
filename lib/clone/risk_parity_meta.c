/*
 * risk_parity_meta.c - the risk-parity allocation a multi-symbol clone
 * carries (risk_parity_symbols, risk_parity_weights, risk_parity_covariance
 * in model.json and the .bcm "extra" section) and the lot scale hosts read
 * from it. Estimated on the bars before the held-out tail, on the times all
 * symbols share; the numbers come from lib/portfolio.
 */
#include "clone/clone.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>

/* Closes of every symbol on the times all of them have, up to cutoff
 * (inclusive): *rows x n, row-major. Bars are strictly increasing per
 * symbol, so one merge walk finds the common times. */
static int32_t common_closes(int32_t n, const int64_t *const *time, const double *const *close,
                             const int32_t *n_bars, int64_t cutoff, double **out, int64_t *rows)
{
    int32_t *at = calloc((size_t)n, sizeof *at);
    double *table = malloc((size_t)n_bars[0] * (size_t)n * sizeof *table);
    if (!at || !table) {
        free(at);
        free(table);
        return bc_fail(BC_E_OUT_OF_MEMORY, "clone: risk parity over %d symbols", n);
    }
    int64_t r = 0;
    for (int32_t i = 0; i < n_bars[0] && time[0][i] <= cutoff; i++) {
        int64_t t = time[0][i];
        int all = 1;
        for (int32_t s = 1; s < n && all; s++) {
            while (at[s] < n_bars[s] && time[s][at[s]] < t)
                at[s]++;
            all = at[s] < n_bars[s] && time[s][at[s]] == t;
        }
        if (!all)
            continue;
        table[r * n] = close[0][i];
        for (int32_t s = 1; s < n; s++)
            table[r * n + s] = close[s][at[s]];
        r++;
    }
    free(at);
    *out = table;
    *rows = r;
    return BC_OK;
}

int32_t clone_record_risk_parity(bc_model *m, int32_t n, const char *const *symbols,
                                 const int64_t *const *time, const double *const *close,
                                 const int32_t *n_bars, int64_t cutoff)
{
    double *table = NULL, *rets = NULL, *cov = NULL, *w = NULL;
    int64_t rows = 0;
    int32_t rc = common_closes(n, time, close, n_bars, cutoff, &table, &rows);
    if (rc != BC_OK)
        return rc;
    if (rows < 3) {
        bc_log(BC_LOG_WARN, "clone: no risk parity: the %d symbols share %lld bar times before "
               "the held-out tail (3 needed)", n, (long long)rows);
        free(table);
        return BC_OK;
    }
    rets = malloc((size_t)(rows - 1) * (size_t)n * sizeof *rets);
    cov = malloc((size_t)n * (size_t)n * sizeof *cov);
    w = malloc((size_t)n * sizeof *w);
    double shrinkage = 0;
    if (!rets || !cov || !w)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "clone: risk parity over %d symbols", n);
    if (rc == BC_OK)
        rc = bc_portfolio_returns(table, rows, n, 0, rets);
    if (rc == BC_OK)
        rc = bc_portfolio_covariance(rets, rows - 1, n, BC_COVARIANCE_LEDOIT_WOLF, cov, &shrinkage);
    if (rc == BC_OK)
        rc = bc_portfolio_weights(cov, n, BC_RISK_PARITY_ERC, NAN, w);
    json_t *extra = rc == BC_OK ? json_loads(m->extra_json, 0, NULL) : NULL;
    if (rc == BC_OK && !json_is_object(extra)) {
        json_decref(extra);
        extra = json_object();
    }
    if (rc == BC_OK) {
        json_t *names = json_array(), *weights = json_array(), *matrix = json_array();
        for (int32_t i = 0; i < n; i++) {
            json_array_append_new(names, json_string(symbols[i]));
            json_array_append_new(weights, json_real(w[i]));
            json_t *row = json_array();
            for (int32_t j = 0; j < n; j++)
                json_array_append_new(row, json_real(cov[(size_t)i * n + j]));
            json_array_append_new(matrix, row);
        }
        json_object_set_new(extra, "risk_parity_symbols", names);
        json_object_set_new(extra, "risk_parity_weights", weights);
        json_object_set_new(extra, "risk_parity_covariance", matrix);
        json_object_set_new(extra, "risk_parity_method", json_string("erc"));
        json_object_set_new(extra, "risk_parity_estimator", json_string("ledoit_wolf"));
        json_object_set_new(extra, "risk_parity_shrinkage", json_real(shrinkage));
        json_object_set_new(extra, "risk_parity_returns", json_integer(rows - 1));
        char *text = json_dumps(extra, JSON_COMPACT | JSON_REAL_PRECISION(17));
        rc = text ? bc_model_set_extra_json(m, text)
                  : bc_fail(BC_E_OUT_OF_MEMORY, "clone: risk parity metadata");
        free(text);
        if (rc == BC_OK)
            bc_log(BC_LOG_INFO, "clone: risk parity (ERC, Ledoit-Wolf, %lld common returns) over "
                   "%d symbols recorded", (long long)(rows - 1), n);
    }
    json_decref(extra);
    free(table);
    free(rets);
    free(cov);
    free(w);
    return rc;
}

BC_API int32_t bc_model_lot_scale(const bc_model *m, const char *symbol, double *scale)
{
    if (!m || !symbol || !scale)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_lot_scale: %s is NULL",
                       !m ? "model" : !symbol ? "symbol" : "scale");
    *scale = 1.0;
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    json_t *names = json_object_get(extra, "risk_parity_symbols");
    json_t *weights = json_object_get(extra, "risk_parity_weights");
    int32_t rc = BC_OK;
    size_t n = json_array_size(names);
    if (n > 0 && json_array_size(weights) == n) {
        size_t i = 0;
        while (i < n && strcmp(json_string_value(json_array_get(names, i)) ?: "", symbol) != 0)
            i++;
        if (i == n) {
            rc = bc_fail(BC_E_NOT_FOUND, "bc_model_lot_scale: symbol '%s' is not among the "
                         "model's %zu risk-parity symbols", symbol, n);
        } else {
            double w = json_number_value(json_array_get(weights, i));
            if (w > 0 && isfinite(w))
                *scale = w * (double)n;
            else
                rc = bc_fail(BC_E_CORRUPT, "bc_model_lot_scale: weight of '%s' is %g", symbol, w);
        }
    }
    json_decref(extra);
    return rc;
}
#else
int32_t clone_record_risk_parity(bc_model *m, int32_t n, const char *const *symbols,
                                 const int64_t *const *time, const double *const *close,
                                 const int32_t *n_bars, int64_t cutoff)
{
    (void)m, (void)n, (void)symbols, (void)time, (void)close, (void)n_bars, (void)cutoff;
    return BC_OK;
}

BC_API int32_t bc_model_lot_scale(const bc_model *m, const char *symbol, double *scale)
{
    if (!m || !symbol || !scale)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_lot_scale: %s is NULL",
                       !m ? "model" : !symbol ? "symbol" : "scale");
    *scale = 1.0; /* no JSON library: no risk-parity metadata is read */
    return BC_OK;
}
#endif
