/*
 * lagfilter.c - the learned moving average of the signal search: for a bot
 * whose held side follows the close against some moving average the grid
 * does not name (KAMA, Hull, T3, ALMA, ZLEMA, McGinley, VIDYA and whatever
 * a user's bot runs), fits the weights of a finite filter of the close,
 * fir(n,c0,c1,c2,c3) (lib/features/fir.c: weights p(u) = c0 + c1 u + c2 u^2
 * + c3 u^3 of u = i/(n-1), i bars ago, normalized to sum 1), on the
 * training bars, and offers above(close,fir(...)) and cross(close,fir(...))
 * to the search like any grid item (the search and the cloner's
 * validation decide whether they stay).
 *
 * The fit: with sum w = 1, close - fir = sum_i w_i (close - close@i), so
 * sign(close - fir) = sign(sum_i p_i d_i) / sign(P), d_i = (close -
 * close@i) / atr(14), i < n. The side after each training bar's decision
 * (the label's; the state's where the bar has none) is y: long against
 * short where the bot holds both, else the side it holds against flat
 * (short-only: flat against short, so the sign stays "close above"). The
 * library's logistic trainer (no normalization, l2 1e-6) fits y on the
 * Legendre sums z_j = sum_i P_j(2 u_i - 1) d_i / n, j = 0..3; its class-1
 * minus class-0 weights are p's coefficients on that basis, turned into
 * fir's cubic of u (the intercept is not used). Windows n = 10, 20, 30,
 * 45, 60; the one whose sign(sum_j a_j z_j) agrees with y on most training
 * bars wins (at least 60 %, else nothing is offered). Coefficients are
 * scaled so the largest is +-1 and printed with 4 significant digits (the
 * item is scale-free) to fit the grid's 64-character names.
 *
 * Measured (twentieth session) on a close crossing a sine-weighted MA of 17
 * (tests/data/bots swma_flip_eurusd; the best cubic of n = 20 least-squares
 * fitted to its weights crosses with F1 0.968 against the bot's own): the
 * monomial basis with l2 1e-4 learned a fir whose cross scored 0.87, the
 * bars next to a change of side weighted x20 0.86 (monomial) / 0.96
 * (Legendre), Legendre with l2 1e-6 on all bars alike 0.968; the clone
 * 0.888 -> 0.934. With the grid's own kama/hma/t3/zlema/vidya items taken
 * out (an experiment only), the tune set's MA bots went: KAMA flip 0.732 ->
 * 0.732, Hull turn 0.854 -> 0.900, VIDYA 0.702 -> 0.702, T3 0.870 ->
 * 0.966, ALMA 0.975 -> 0.978, ZLEMA 0.912 -> 0.916, McGinley 0.981 ->
 * 0.981 (the adaptive averages, KAMA, VIDYA and McGinley, are no fixed
 * filter; Hull's turn is a slope, not a crossing). With everything on, 17
 * guard bots kept their scores (ALMA 0.975 -> 0.978).
 */
#include "clone/clone.h"
#include "clone/lagfilter.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAG_BASIS 4
#define LAG_MIN_AGREE 0.60

static const int32_t lag_windows[] = {10, 20, 30, 45, 60};

int clone_filter_side_after(const struct clone_search_input *in, int32_t t)
{
    int32_t l = in->labels[t];
    if (l == CLONE_LABEL_SKIP)
        return 2;
    if (l == CLONE_LABEL_OPEN_LONG)
        return 1;
    if (l == CLONE_LABEL_OPEN_SHORT)
        return -1;
    if (l == CLONE_LABEL_CLOSE)
        return 0;
    int32_t d = in->state[t].direction;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

int clone_filter_mode(const struct clone_search_input *in, int32_t n_in, int64_t *bars)
{
    int has_long = 0, has_short = 0, has_flat = 0;
    *bars = 0;
    for (int32_t k = 0; k < n_in; k++)
        for (int32_t t = in[k].start; t < in[k].end; t++) {
            int s = clone_filter_side_after(&in[k], t);
            has_long |= s == 1;
            has_short |= s == -1;
            has_flat |= s == 0;
            ++*bars;
        }
    return has_long && has_short ? 0 : has_long && has_flat ? 1 : has_short && has_flat ? 2 : -1;
}

/* Rows of window n into x/y (capacity rows); returns the count. */
static int32_t lag_rows(const struct clone_search_input *in, int32_t n_in, double *const *atr,
                        int32_t n, int mode, float *x, int32_t *y, int32_t capacity)
{
    int32_t rows = 0;
    for (int32_t k = 0; k < n_in; k++) {
        const double *c = bc_bars_column(in[k].bars, BC_BAR_CLOSE);
        int32_t from = in[k].start > n - 1 ? in[k].start : n - 1;
        for (int32_t t = from; t < in[k].end && rows < capacity; t++) {
            int s = clone_filter_side_after(&in[k], t);
            double a = atr[k][t];
            if (s == 2 || !(a > 0.0) || !isfinite(a))
                continue;
            if (mode == 0 && s == 0)
                continue; /* long against short */
            int target = mode == 0 ? s > 0 : mode == 1 ? s > 0 : s >= 0;
            double z[LAG_BASIS] = {0};
            int ok = 1;
            for (int32_t i = 1; i < n && ok; i++) {
                double d = (c[t] - c[t - i]) / a, v = 2.0 * i / (double)(n - 1) - 1.0;
                ok = isfinite(d);
                clone_filter_legendre_add(z, v, d);
            }
            if (!ok)
                continue;
            for (int j = 0; j < LAG_BASIS; j++)
                x[(int64_t)rows * LAG_BASIS + j] = (float)(z[j] / n);
            y[rows++] = target;
        }
    }
    return rows;
}

int32_t clone_filter_side_fit(const float *x, const int32_t *y, int32_t rows, int32_t basis,
                              double *a, double *b)
{
    bc_trainer *t = NULL;
    bc_model *m = NULL;
    int32_t rc = bc_trainer_create("logistic", &t);
    static const char *const opts[][2] = {{"normalize", "none"}, {"clip", "none"},
                                          {"validation_fraction", "0"}, {"max_iter", "3000"},
                                          {"tol", "1e-9"}, {"threads", "1"},
                                          {"l2", "1e-6"}};
    for (size_t i = 0; rc == BC_OK && i < sizeof opts / sizeof opts[0]; i++)
        rc = bc_trainer_set(t, opts[i][0], opts[i][1]);
    if (rc == BC_OK)
        rc = bc_trainer_fit(t, x, y, NULL, rows, basis, 2, &m);
    if (rc == BC_OK && (m->n_layers != 1 || m->layers[0].in != basis))
        rc = bc_fail(BC_E_INTERNAL, "clone: learned filter: the logistic fit is not one layer");
    for (int32_t j = 0; rc == BC_OK && j < basis; j++)
        a[j] = (double)m->layers[0].weight[basis + j] - (double)m->layers[0].weight[j];
    if (rc == BC_OK && b)
        *b = m->layers[0].bias ? (double)m->layers[0].bias[1] - (double)m->layers[0].bias[0] : 0.0;
    bc_model_free(m);
    bc_trainer_free(t);
    return rc;
}

int32_t clone_lagfilter_items(const struct clone_search_input *in, int32_t n_in,
                              int32_t max_lookback, char (*items)[CLONE_LAGFILTER_ITEM_MAX],
                              int32_t *n_items)
{
    *n_items = 0;
    const char *off = getenv("BC_CLONE_LAGFILTER");
    if (off && strcmp(off, "0") == 0)
        return BC_OK;
    int64_t capacity = 0;
    int mode = clone_filter_mode(in, n_in, &capacity);
    if (mode < 0 || capacity < 50)
        return BC_OK;
    if (capacity > INT32_MAX / LAG_BASIS)
        capacity = INT32_MAX / LAG_BASIS;
    double **atr = calloc((size_t)n_in, sizeof *atr);
    float *x = malloc(sizeof *x * (size_t)capacity * LAG_BASIS);
    int32_t *y = malloc(sizeof *y * (size_t)capacity);
    bc_features *f = NULL;
    int32_t rc = !atr || !x || !y ? bc_fail(BC_E_OUT_OF_MEMORY, "clone: lagfilter: no memory")
                                  : bc_features_create("atr(14)", &f);
    for (int32_t k = 0; rc == BC_OK && k < n_in; k++) {
        int32_t nb = bc_bars_length(in[k].bars);
        if (!(atr[k] = malloc(sizeof *atr[k] * (size_t)(nb > 0 ? nb : 1))))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "clone: lagfilter: no memory");
        else
            rc = bc_features_compute(f, in[k].bars, atr[k], nb);
    }
    double best_agree = LAG_MIN_AGREE, best_c[LAG_BASIS] = {0};
    int32_t best_n = 0;
    for (size_t w = 0; rc == BC_OK && w < sizeof lag_windows / sizeof lag_windows[0]; w++) {
        int32_t n = lag_windows[w];
        if (n - 1 > max_lookback)
            continue; /* the training bars were split for the grid's lookback */
        int32_t rows = lag_rows(in, n_in, atr, n, mode, x, y, (int32_t)capacity);
        int32_t ones = 0;
        for (int32_t r = 0; r < rows; r++)
            ones += y[r];
        if (rows < 50 || ones == 0 || ones == rows)
            continue;
        double a[LAG_BASIS];
        if (clone_filter_side_fit(x, y, rows, LAG_BASIS, a, NULL) != BC_OK) {
            bc_clear_error();
            continue;
        }
        int64_t agree = 0;
        for (int32_t r = 0; r < rows; r++) {
            double s = 0.0;
            for (int j = 0; j < LAG_BASIS; j++)
                s += a[j] * x[(int64_t)r * LAG_BASIS + j];
            agree += (s > 0.0) == (y[r] == 1);
        }
        double share = (double)agree / rows;
        if (share > best_agree) {
            best_agree = share;
            best_n = n;
            /* Legendre P0..P3 of 2u - 1 as cubics of u */
            best_c[0] = a[0] - a[1] + a[2] - a[3];
            best_c[1] = 2.0 * a[1] - 6.0 * a[2] + 12.0 * a[3];
            best_c[2] = 6.0 * a[2] - 30.0 * a[3];
            best_c[3] = 20.0 * a[3];
        }
    }
    if (rc == BC_OK && best_n > 0) {
        double big = 0.0;
        for (int j = 0; j < LAG_BASIS; j++)
            big = fabs(best_c[j]) > big ? fabs(best_c[j]) : big;
        char num[LAG_BASIS][24];
        double c[LAG_BASIS];
        for (int j = 0; j < LAG_BASIS; j++) {
            snprintf(num[j], sizeof num[j], "%.4g", big > 0.0 ? best_c[j] / big : 0.0);
            c[j] = strtod(num[j], NULL);
            if (c[j] == 0.0)
                snprintf(num[j], sizeof num[j], "0"); /* no "-0" */
        }
        /* fir.c's rule: the weights must not sum to zero */
        double total = 0.0, mass = 0.0;
        for (int32_t i = 0; i < best_n; i++) {
            double u = (double)i / (double)(best_n - 1);
            double p = ((c[3] * u + c[2]) * u + c[1]) * u + c[0];
            total += p;
            mass += fabs(p);
        }
        if (fabs(total) >= 1e-6 * mass && mass > 0.0) {
            static const char *const shapes[] = {"above(close,fir(%d,%s,%s,%s,%s))",
                                                 "cross(close,fir(%d,%s,%s,%s,%s))"};
            for (int s = 0; s < 2; s++) {
                int len = snprintf(items[*n_items], CLONE_LAGFILTER_ITEM_MAX, shapes[s], best_n,
                                   num[0], num[1], num[2], num[3]);
                if (len > 0 && len < CLONE_LAGFILTER_ITEM_MAX)
                    (*n_items)++;
            }
            bc_log(BC_LOG_INFO, "clone: search: learned fir(%d,%s,%s,%s,%s), sign agreeing on "
                   "%.3f of the training bars", best_n, num[0], num[1], num[2], num[3], best_agree);
        }
    }
    if (f)
        bc_features_free(f);
    for (int32_t k = 0; atr && k < n_in; k++)
        free(atr[k]);
    free(atr);
    free(x);
    free(y);
    return rc;
}
