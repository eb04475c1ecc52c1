/*
 * oscfilter.c - the learned oscillator of the signal search: for a bot
 * whose held side follows a momentum-type indicator the grid does not name
 * (ROC, MACD and its histogram, PPO, TRIX, KST, Coppock, DPO: each a linear
 * filter of the close changes, to a good approximation over a finite
 * window), fits the weights of firosc(n,c0,c1,c2,c3) (lib/features/
 * firosc.c: weights p(u) = c0 + c1 u + c2 u^2 + c3 u^3 of u = i/(n-1) on the
 * change i bars ago, in percent of the close) on the training bars and
 * offers the item to the search's level grid, which cuts it at thresholds
 * learned per decision (both sides, and the crossings of a level) like any
 * level item (the search and the cloner's validation decide whether a cut
 * stays).
 *
 * The fit: the side after each training bar's decision (the label's; the
 * state's where the bar has none) is y: long against short where the bot
 * holds both, else the side it holds against flat (short-only: flat against
 * short). The library's logistic trainer (no normalization, l2 1e-6, with
 * its intercept: a level other than 0) fits y on the Legendre sums z_j =
 * sum_i P_j(2 u_i - 1) 100 (close@i - close@(i+1)) / close / n, i < n, j =
 * 0..3; its class-1 minus class-0 weights are p's coefficients on that
 * basis, turned into firosc's cubic of u. Windows n = 10, 20, 30, 45, 60;
 * the one whose sign(sum_j a_j z_j + b) agrees with y on most training bars
 * wins (at least 60 %, else nothing is offered). Coefficients are scaled
 * so the largest is +-1 and printed with 4 significant digits (fewer where
 * a name would pass the grid's 64 characters; the item is unchanged by a
 * positive scale). The item goes to the level grid; the fit's own level,
 * -b n / sum_i |p(u_i)| (where sum_j a_j z_j + b changes sign), gives two
 * grid signals beside it, above(firosc(...),level) and
 * cross(firosc(...),level): an always-in bot's flips are that crossing.
 * The second best window's item joins the level grid too.
 *
 * Measured (twenty-first session, tune set, an experiment only: the named
 * items of one family taken out of the grid; F1 with this step off -> on):
 * Coppock turn 0.565 -> 0.756, DPO zero 0.934 -> 0.943, ROC momentum
 * 0.667 -> 0.812 (the second window: 0.667 with the best alone), ROC
 * breakout 0.739 -> 0.739, MOM sl/tp 0.444 -> 0.444, intraday momentum
 * 1.000 -> 1.000, TRIX zero 0.762 -> 0.667 (14 training flips: the search
 * pairs the oscillator with two unrelated cuts; its side agrees on 98 % of
 * the training bars), and the MACD (4 bots), PPO, KST and CMO bots 1.000
 * -> 1.000 (other grid items, the EMA crosses among them, stand in for
 * the named ones). With the grid intact, 17 oscillator bots and 18 guards
 * kept their scores but ALMA flip 0.978 -> 0.975 (the search cuts the
 * oscillator where it took the close above the learned average, the
 * walk-forward F1 0.981 -> 0.983); CPU for the 35 clones 101.5 -> 101.9 s.
 */
#include "clone/clone.h"
#include "clone/lagfilter.h"
#include "clone/oscfilter.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OSC_BASIS 4
#define OSC_MIN_AGREE 0.60

static const int32_t osc_windows[] = {10, 20, 30, 45, 60};

/* Rows of window n into x/y (capacity rows); returns the count. */
static int32_t osc_rows(const struct clone_search_input *in, int32_t n_in, int32_t n, int mode,
                        float *x, int32_t *y, int32_t capacity)
{
    int32_t rows = 0;
    for (int32_t k = 0; k < n_in; k++) {
        const double *c = bc_bars_column(in[k].bars, BC_BAR_CLOSE);
        int32_t from = in[k].start > n ? in[k].start : n;
        for (int32_t t = from; t < in[k].end && rows < capacity; t++) {
            int s = clone_filter_side_after(&in[k], t);
            if (s == 2 || !(c[t] != 0.0) || !isfinite(c[t]))
                continue;
            if (mode == 0 && s == 0)
                continue; /* long against short */
            int target = mode == 0 ? s > 0 : mode == 1 ? s > 0 : s >= 0;
            double z[OSC_BASIS] = {0};
            int ok = 1;
            for (int32_t i = 0; i < n && ok; i++) {
                double d = 100.0 * (c[t - i] - c[t - i - 1]) / c[t],
                       v = 2.0 * i / (double)(n - 1) - 1.0;
                ok = isfinite(d);
                clone_filter_legendre_add(z, v, d);
            }
            if (!ok)
                continue;
            for (int j = 0; j < OSC_BASIS; j++)
                x[(int64_t)rows * OSC_BASIS + j] = (float)(z[j] / n);
            y[rows++] = target;
        }
    }
    return rows;
}

/* firosc(n,c...) into osc and the fit's level into lv (4 significant
 * digits, fewer where a signal's name would pass the grid's 64
 * characters); 0 when it cannot be named. */
static int osc_name(int32_t n, const double *cf, double b, char *osc, char *lv)
{
    double big = 0.0, mass = 0.0;
    for (int j = 0; j < OSC_BASIS; j++)
        big = fabs(cf[j]) > big ? fabs(cf[j]) : big;
    for (int32_t i = 0; i < n; i++) {
        double u = (double)i / (double)(n - 1);
        mass += fabs(((cf[3] * u + cf[2]) * u + cf[1]) * u + cf[0]);
    }
    /* sum_j a_j z_j = firosc * mass / n: the fit's side changes where
     * firosc crosses -b n / mass */
    double level = mass > 0.0 ? -b * n / mass : 0.0;
    if (!(big > 0.0) || !isfinite(big) || !isfinite(level))
        return 0;
    for (int digits = 4; digits >= 2; digits--) {
        char num[OSC_BASIS][24];
        for (int j = 0; j < OSC_BASIS; j++) {
            snprintf(num[j], sizeof num[j], "%.*g", digits, cf[j] / big);
            if (strtod(num[j], NULL) == 0.0)
                snprintf(num[j], sizeof num[j], "0"); /* no "-0" */
        }
        snprintf(lv, 24, "%.*g", digits, level);
        if (strtod(lv, NULL) == 0.0)
            snprintf(lv, 24, "0");
        int len = snprintf(osc, CLONE_OSCFILTER_ITEM_MAX, "firosc(%d,%s,%s,%s,%s)", n, num[0],
                           num[1], num[2], num[3]);
        if (len + (int)strlen(lv) + 8 < CLONE_OSCFILTER_ITEM_MAX)
            return 1;
    }
    return 0;
}

int32_t clone_oscfilter_items(const struct clone_search_input *in, int32_t n_in,
                              int32_t max_lookback, char (*items)[CLONE_OSCFILTER_ITEM_MAX],
                              int32_t *n_items)
{
    *n_items = 0;
    const char *off = getenv("BC_CLONE_OSCFILTER");
    if (off && strcmp(off, "0") == 0)
        return BC_OK;
    int64_t capacity = 0;
    int mode = clone_filter_mode(in, n_in, &capacity);
    if (mode < 0 || capacity < 50)
        return BC_OK;
    if (capacity > INT32_MAX / OSC_BASIS)
        capacity = INT32_MAX / OSC_BASIS;
    float *x = malloc(sizeof *x * (size_t)capacity * OSC_BASIS);
    int32_t *y = malloc(sizeof *y * (size_t)capacity);
    int32_t rc = !x || !y ? bc_fail(BC_E_OUT_OF_MEMORY, "clone: oscfilter: no memory") : BC_OK;
    /* the two windows whose sides agree best, [0] the best */
    double best_agree[2] = {OSC_MIN_AGREE, OSC_MIN_AGREE}, best_c[2][OSC_BASIS] = {{0}},
           best_b[2] = {0.0};
    int32_t best_n[2] = {0};
    for (size_t w = 0; rc == BC_OK && w < sizeof osc_windows / sizeof osc_windows[0]; w++) {
        int32_t n = osc_windows[w];
        if (n > max_lookback)
            continue; /* the training bars were split for the grid's lookback */
        int32_t rows = osc_rows(in, n_in, n, mode, x, y, (int32_t)capacity);
        int32_t ones = 0;
        for (int32_t r = 0; r < rows; r++)
            ones += y[r];
        if (rows < 50 || ones == 0 || ones == rows)
            continue;
        double a[OSC_BASIS], b = 0.0;
        if (clone_filter_side_fit(x, y, rows, OSC_BASIS, a, &b) != BC_OK) {
            bc_clear_error();
            continue;
        }
        int64_t agree = 0;
        for (int32_t r = 0; r < rows; r++) {
            double s = b;
            for (int j = 0; j < OSC_BASIS; j++)
                s += a[j] * x[(int64_t)r * OSC_BASIS + j];
            agree += (s > 0.0) == (y[r] == 1);
        }
        double share = (double)agree / rows;
        if (share > best_agree[1]) {
            int at = share > best_agree[0] ? 0 : 1;
            if (at == 0) {
                best_agree[1] = best_agree[0];
                best_n[1] = best_n[0];
                best_b[1] = best_b[0];
                memcpy(best_c[1], best_c[0], sizeof best_c[0]);
            }
            best_agree[at] = share;
            best_n[at] = n;
            best_b[at] = b;
            /* Legendre P0..P3 of 2u - 1 as cubics of u */
            best_c[at][0] = a[0] - a[1] + a[2] - a[3];
            best_c[at][1] = 2.0 * a[1] - 6.0 * a[2] + 12.0 * a[3];
            best_c[at][2] = 6.0 * a[2] - 30.0 * a[3];
            best_c[at][3] = 20.0 * a[3];
        }
    }
    char osc[CLONE_OSCFILTER_ITEM_MAX], lv[24];
    if (rc == BC_OK && best_n[0] > 0 && osc_name(best_n[0], best_c[0], best_b[0], osc, lv)) {
        snprintf(items[0], CLONE_OSCFILTER_ITEM_MAX, "%s", osc);
        items[1][0] = 0;
        int la = snprintf(items[2], CLONE_OSCFILTER_ITEM_MAX, "above(%s,%s)", osc, lv);
        int lc = snprintf(items[3], CLONE_OSCFILTER_ITEM_MAX, "cross(%s,%s)", osc, lv);
        *n_items = la < CLONE_OSCFILTER_ITEM_MAX && lc < CLONE_OSCFILTER_ITEM_MAX ? 4 : 2;
        bc_log(BC_LOG_INFO, "clone: search: learned %s, side agreeing on %.3f of the training "
               "bars at the level %s", osc, best_agree[0], lv);
        if (best_n[1] > 0 && osc_name(best_n[1], best_c[1], best_b[1], osc, lv)) {
            snprintf(items[1], CLONE_OSCFILTER_ITEM_MAX, "%s", osc);
            bc_log(BC_LOG_INFO, "clone: search: and %s, agreeing on %.3f", osc, best_agree[1]);
        }
    }
    free(x);
    free(y);
    return rc;
}
