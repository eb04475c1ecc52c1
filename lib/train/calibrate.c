/*
 * calibrate.c - what is fitted on the validation tail after training: the
 * decision threshold that maximizes F1 of the acting classes, and Platt
 * scaling of P(act). Pure functions of their arrays.
 */
#include "core/internal.h"
#include "model/platt.h"

#include <math.h>
#include <stdlib.h>

typedef struct scored {
    double score, weight;
    int32_t positive;
} scored;

static int by_score_desc(const void *a, const void *b)
{
    double x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return (x < y) - (x > y);
}

int32_t bc_threshold_search(const double *scores, const int32_t *positive,
                            const double *weights, int32_t n, double *threshold, double *f1)
{
    if (n < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_threshold_search: n is %d, expected >= 0",
                       (int)n);
    if (!scores || !positive || !threshold)
        return bc_fail_null("bc_threshold_search", "scores", (const void *)scores, "positive",
                            (const void *)positive, "threshold", (const void *)threshold,
                            (const char *)NULL);
    double total_pos = 0.0;
    for (int32_t i = 0; i < n; i++) {
        if (isnan(scores[i]))
            return bc_fail(BC_E_NUMERIC, "bc_threshold_search: score %d is NaN", (int)i);
        if (positive[i] != 0 && positive[i] != 1)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_threshold_search: positive[%d] is %d, expected 0 or 1", (int)i,
                           (int)positive[i]);
        double w = weights ? weights[i] : 1.0;
        if (!(w >= 0.0) || !isfinite(w))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_threshold_search: weight %d is %g", (int)i, w);
        total_pos += positive[i] ? w : 0.0;
    }
    if (!(total_pos > 0.0))
        return bc_fail(BC_E_NO_DATA, "bc_threshold_search: no positive samples among %d", (int)n);
    scored *s = malloc(sizeof *s * (size_t)n);
    if (!s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_threshold_search: out of memory");
    for (int32_t i = 0; i < n; i++) {
        s[i].score = scores[i];
        s[i].weight = weights ? weights[i] : 1.0;
        s[i].positive = positive[i];
    }
    qsort(s, (size_t)n, sizeof *s, by_score_desc);
    /* Sweep thresholds from high to low; a threshold admits every row with
     * an equal score at once. F1 = 2TP / (2TP + FP + FN). */
    double tp = 0.0, fp = 0.0, best_f1 = -1.0, best_t = s[0].score;
    for (int32_t i = 0; i < n;) {
        double t = s[i].score;
        while (i < n && s[i].score == t) {
            if (s[i].positive)
                tp += s[i].weight;
            else
                fp += s[i].weight;
            i++;
        }
        double fn = total_pos - tp;
        double f = (2.0 * tp) / (2.0 * tp + fp + fn);
        if (f > best_f1) {
            best_f1 = f;
            best_t = t;
        }
    }
    free(s);
    *threshold = best_t;
    if (f1)
        *f1 = best_f1;
    return BC_OK;
}

/* Weighted cross-entropy of sigmoid(a s + b) against smoothed targets t,
 * in the form that never overflows: f >= 0: (1-t) f + log(1 + e^-f),
 * f < 0: -t f + log(1 + e^f). */
static double platt_objective(const double *logits, const int32_t *targets,
                              const double *weights, int32_t n, double hi, double lo,
                              double a, double b)
{
    double total = 0.0;
    for (int32_t i = 0; i < n; i++) {
        double t = targets[i] ? hi : lo, w = weights ? weights[i] : 1.0;
        double f = a * logits[i] + b;
        total += w * (f >= 0 ? (1 - t) * f + log1p(exp(-f)) : -t * f + log1p(exp(f)));
    }
    return total;
}

int32_t bc_platt_fit(const double *probs, const int32_t *targets, const double *weights,
                     int32_t n, double *coef, double *intercept)
{
    if (n < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_platt_fit: n is %d, expected >= 0", (int)n);
    if (!probs || !targets || !coef || !intercept)
        return bc_fail_null("bc_platt_fit", "probs", (const void *)probs, "targets",
                            (const void *)targets, "coef", (const void *)coef, "intercept",
                            (const void *)intercept, (const char *)NULL);
    double n_pos = 0.0, n_neg = 0.0;
    for (int32_t i = 0; i < n; i++) {
        if (!isfinite(probs[i]))
            return bc_fail(BC_E_NUMERIC, "bc_platt_fit: probability %d is %g", (int)i, probs[i]);
        if (targets[i] != 0 && targets[i] != 1)
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_platt_fit: target %d is %d, expected 0 or 1",
                           (int)i, (int)targets[i]);
        double w = weights ? weights[i] : 1.0;
        if (!(w >= 0.0) || !isfinite(w))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_platt_fit: weight %d is %g", (int)i, w);
        *(targets[i] ? &n_pos : &n_neg) += w;
    }
    if (!(n_pos > 0.0) || !(n_neg > 0.0))
        return bc_fail(BC_E_NO_DATA, "bc_platt_fit: targets need both classes (weights %g "
                       "positive, %g negative)", n_pos, n_neg);
    double *logits = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (!logits)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_platt_fit: out of memory");
    for (int32_t i = 0; i < n; i++)
        logits[i] = bc_platt_logit(probs[i]);
    /* Platt's targets keep the fit away from infinite slopes on separable
     * data. Newton's method with a backtracking line search, started at
     * the identity map (a = 1, b = 0), as in Lin, Lin and Weng (2007). */
    double hi = (n_pos + 1.0) / (n_pos + 2.0), lo = 1.0 / (n_neg + 2.0);
    double a = 1.0, b = 0.0;
    double fval = platt_objective(logits, targets, weights, n, hi, lo, a, b);
    for (int iter = 0; iter < 100; iter++) {
        double h11 = 1e-12, h22 = 1e-12, h21 = 0.0, g1 = 0.0, g2 = 0.0;
        for (int32_t i = 0; i < n; i++) {
            double s = logits[i], t = targets[i] ? hi : lo, w = weights ? weights[i] : 1.0;
            double f = a * s + b;
            double q = f >= 0 ? 1.0 / (1.0 + exp(-f)) : exp(f) / (1.0 + exp(f));
            double d2 = q * (1 - q), d1 = q - t;
            h11 += w * s * s * d2;
            h22 += w * d2;
            h21 += w * s * d2;
            g1 += w * s * d1;
            g2 += w * d1;
        }
        if (fabs(g1) < 1e-10 * (n_pos + n_neg) && fabs(g2) < 1e-10 * (n_pos + n_neg))
            break;
        double det = h11 * h22 - h21 * h21;
        double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * da + g2 * db, step = 1.0;
        int moved = 0;
        for (; step >= 1e-10; step /= 2.0) {
            double nf = platt_objective(logits, targets, weights, n, hi, lo, a + step * da,
                                        b + step * db);
            if (nf < fval + 1e-4 * step * gd) {
                a += step * da;
                b += step * db;
                fval = nf;
                moved = 1;
                break;
            }
        }
        if (!moved)
            break; /* no further decrease at machine precision */
    }
    free(logits);
    if (!isfinite(a) || !isfinite(b))
        return bc_fail(BC_E_NUMERIC, "bc_platt_fit: diverged (coef %g, intercept %g)", a, b);
    *coef = a;
    *intercept = b;
    return BC_OK;
}
