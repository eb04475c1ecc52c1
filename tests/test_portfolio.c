/*
 * test_portfolio.c - covariance, risk parity and the symbol graph on the
 * shipped price tables, by their defining properties (the numerical
 * references - scikit-learn, scipy, networkx, pandas - are in
 * tests/python/test_portfolio.py and test_symbol_graph.py); these run under
 * ASan and valgrind too.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

static double *load_returns(const char *name, int64_t *n_obs, int32_t *n_assets,
                            bc_prices **prices)
{
    ck_assert_ok(bc_prices_read_csv(test_data_path(name), prices, NULL));
    int64_t rows = bc_prices_length(*prices);
    *n_assets = bc_prices_assets(*prices);
    *n_obs = rows - 1;
    double *r = malloc((size_t)(rows - 1) * (size_t)*n_assets * sizeof *r);
    ck_assert_ptr_nonnull(r);
    ck_assert_ok(bc_portfolio_returns(bc_prices_close(*prices), rows, *n_assets, 0, r));
    return r;
}

START_TEST(prices_read_a_wide_table)
{
    bc_prices *p = NULL;
    ck_assert_ok(bc_prices_read_csv(test_data_path("portfolio/stocks_monthly.csv"), &p, NULL));
    ck_assert_int_eq(bc_prices_length(p), 123);
    ck_assert_int_eq(bc_prices_assets(p), 4);
    ck_assert_str_eq(bc_prices_asset_name(p, 2), "IBM");
    ck_assert_ptr_null(bc_prices_asset_name(p, 4));
    ck_assert(bc_prices_close(p)[0] == 25.94);   /* AAPL, 2000-01-01 */
    ck_assert(bc_prices_close(p)[3] == 39.81);   /* MSFT */
    bc_prices_free(p);
    bc_prices_free(NULL);
}
END_TEST

START_TEST(erc_equalizes_contributions_and_hrp_invvol_sum_to_one)
{
    bc_prices *p = NULL;
    int64_t n;
    int32_t m;
    double *r = load_returns("portfolio/three_assets_daily.csv", &n, &m, &p);
    double cov[9], w[3], rc[3], k = -1;
    ck_assert_ok(bc_portfolio_covariance(r, n, m, BC_COVARIANCE_LEDOIT_WOLF, cov, &k));
    ck_assert(k > 0 && k < 1);
    ck_assert_ok(bc_portfolio_weights(cov, m, BC_RISK_PARITY_ERC, NAN, w));
    ck_assert_ok(bc_portfolio_risk_contributions(cov, w, m, rc));
    for (int i = 0; i < m; i++)
        ck_assert_msg(fabs(rc[i] - 1.0 / 3) < 1e-12, "contribution %d is %.17g", i, rc[i]);
    for (int method = 0; method < 3; method++) {
        ck_assert_ok(bc_portfolio_weights(cov, m, method, 0.4, w));
        double s = 0;
        for (int i = 0; i < m; i++) {
            ck_assert(w[i] > 0 && w[i] <= 0.4 + 1e-12);
            s += w[i];
        }
        ck_assert_msg(fabs(s - 1) < 1e-14, "method %d sums to %.17g", method, s);
    }
    free(r);
    bc_prices_free(p);
}
END_TEST

START_TEST(symbol_graph_pagerank_and_node2vec)
{
    bc_prices *p = NULL;
    int64_t n;
    int32_t m;
    double *r = load_returns("portfolio/stocks_monthly.csv", &n, &m, &p);
    bc_symbol_graph *g = NULL;
    ck_assert_ok(bc_symbol_graph_create(r, n, m, 12, 0.0, &g));
    double rank[4], a[4 * 3], b[4 * 3], s = 0;
    ck_assert_ok(bc_symbol_graph_pagerank(g, 0.85, rank));
    for (int i = 0; i < 4; i++)
        s += rank[i];
    ck_assert(fabs(s - 1) < 1e-12);
    ck_assert_ok(bc_symbol_graph_set(g, "dimensions", "3"));
    ck_assert_ok(bc_symbol_graph_set(g, "walks_per_node", "5"));
    ck_assert_status_msg(bc_symbol_graph_node2vec(g, a, 11), BC_E_BUFFER_TOO_SMALL, "= 12");
    ck_assert_ok(bc_symbol_graph_node2vec(g, a, 12));
    ck_assert_ok(bc_symbol_graph_node2vec(g, b, 12));
    for (int i = 0; i < 12; i++)
        ck_assert(a[i] == b[i] && isfinite(a[i]));
    ck_assert_status_msg(bc_symbol_graph_set(g, "p", "0"), BC_E_INVALID_ARGUMENT, "p is '0'");
    bc_symbol_graph_free(g);
    bc_symbol_graph_free(NULL);
    free(r);
    bc_prices_free(p);
}
END_TEST

START_TEST(bad_covariance_arguments_are_named)
{
    double cov[4] = {1, 0.5, 0.4, 1}, w[2];
    ck_assert_status_msg(bc_portfolio_weights(cov, 2, BC_RISK_PARITY_ERC, NAN, w), BC_E_NUMERIC,
                         "not symmetric");
    cov[2] = 0.5;
    ck_assert_status_msg(bc_portfolio_weights(cov, 2, 9, NAN, w), BC_E_INVALID_ARGUMENT,
                         "method is 9");
    ck_assert_status_msg(bc_portfolio_weights(cov, 2, BC_RISK_PARITY_ERC, 0.3, w),
                         BC_E_INVALID_ARGUMENT, "cap 0.3 on 2 assets");
    double rets[4] = {0.1, 0.2, NAN, 0.1};
    ck_assert_status_msg(bc_portfolio_covariance(rets, 2, 2, 1, cov, NULL), BC_E_NUMERIC,
                         "asset 0 at row 1 is nan");
}
END_TEST

Suite *suite_portfolio(void)
{
    Suite *s = suite_create("portfolio");
    TCase *tc = tcase_create("portfolio");
    tcase_add_test(tc, prices_read_a_wide_table);
    tcase_add_test(tc, erc_equalizes_contributions_and_hrp_invvol_sum_to_one);
    tcase_add_test(tc, symbol_graph_pagerank_and_node2vec);
    tcase_add_test(tc, bad_covariance_arguments_are_named);
    suite_add_tcase(s, tc);
    return s;
}
