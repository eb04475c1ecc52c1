/*
 * metrics.c - how well a clone reproduces its target: classification
 * metrics per bar (accuracy, per-class precision/recall/F1, one-vs-rest ROC
 * AUC, Brier) and clone fidelity (entries matched within +-1 bar, same
 * direction). Definitions follow scikit-learn where one exists.
 */
#include "clone/clone.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>

struct scored {
    double score;
    uint8_t pos;
};

static int cmp_scored(const void *a, const void *b)
{
    double x = ((const struct scored *)a)->score, y = ((const struct scored *)b)->score;
    return (x > y) - (x < y);
}

int32_t clone_roc_auc(int64_t n, const double *score, const uint8_t *is_pos,
                      double *out)
{
    *out = NAN;
    if (n <= 0)
        return BC_OK;
    struct scored *s = malloc(sizeof *s * (size_t)n);
    if (!s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "roc auc: no memory for %lld scores", (long long)n);
    int64_t n_pos = 0;
    for (int64_t i = 0; i < n; i++) {
        s[i].score = score[i];
        s[i].pos = is_pos[i] ? 1 : 0;
        n_pos += s[i].pos;
    }
    int64_t n_neg = n - n_pos;
    if (n_pos == 0 || n_neg == 0) {
        free(s);
        return BC_OK;
    }
    qsort(s, (size_t)n, sizeof *s, cmp_scored);
    /* Mann-Whitney U: sum of the positives' ranks, ties get their mean rank. */
    double rank_sum = 0.0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        while (j < n && s[j].score == s[i].score)
            j++;
        double mean_rank = 0.5 * (double)(i + 1 + j); /* ranks i+1..j */
        for (int64_t k = i; k < j; k++)
            if (s[k].pos)
                rank_sum += mean_rank;
        i = j;
    }
    free(s);
    double u = rank_sum - (double)n_pos * (double)(n_pos + 1) / 2.0;
    *out = u / ((double)n_pos * (double)n_neg);
    return BC_OK;
}

int32_t clone_compute_metrics(int64_t n, int32_t n_classes, const int32_t *y,
                              const int32_t *pred, const double *probs,
                              struct clone_metrics *out)
{
    if (n_classes < 2 || n_classes > CLONE_NUM_CLASSES)
        return bc_fail(BC_E_INVALID_ARGUMENT, "metrics: %d classes (expected 2..%d)",
                       n_classes, CLONE_NUM_CLASSES);
    *out = (struct clone_metrics){0};
    out->n = n;
    int64_t tp[CLONE_NUM_CLASSES] = {0}, fp[CLONE_NUM_CLASSES] = {0},
            fn[CLONE_NUM_CLASSES] = {0};
    int64_t correct = 0;
    double brier = 0.0;
    for (int64_t i = 0; i < n; i++) {
        int32_t t = y[i], p = pred[i];
        if (t < 0 || t >= n_classes || p < 0 || p >= n_classes)
            return bc_fail(BC_E_INVALID_ARGUMENT, "metrics: row %lld has class %d/%d outside 0..%d",
                           (long long)i, t, p, n_classes - 1);
        if (t == p) {
            correct++;
            tp[t]++;
        } else {
            fp[p]++;
            fn[t]++;
        }
        for (int32_t k = 0; k < n_classes; k++) {
            double d = probs[i * n_classes + k] - (k == t ? 1.0 : 0.0);
            brier += d * d;
        }
    }
    out->accuracy = n ? (double)correct / (double)n : NAN;
    out->brier = n ? brier / (double)n : NAN;
    uint8_t *is_pos = malloc((size_t)(n > 0 ? n : 1));
    double *score = malloc(sizeof *score * (size_t)(n > 0 ? n : 1));
    if (!is_pos || !score) {
        free(is_pos);
        free(score);
        return bc_fail(BC_E_OUT_OF_MEMORY, "metrics: no memory for %lld rows", (long long)n);
    }
    double f1_sum = 0.0, auc_sum = 0.0;
    int32_t f1_count = 0, auc_count = 0;
    for (int32_t k = 0; k < n_classes; k++) {
        struct clone_class_metrics *c = &out->cls[k];
        c->support = tp[k] + fn[k];
        /* scikit-learn's zero_division=0: an empty denominator gives 0. */
        c->precision = tp[k] + fp[k] ? (double)tp[k] / (double)(tp[k] + fp[k]) : 0.0;
        c->recall = c->support ? (double)tp[k] / (double)c->support : 0.0;
        c->f1 = c->precision + c->recall > 0.0
                    ? 2.0 * c->precision * c->recall / (c->precision + c->recall)
                    : 0.0;
        if (c->support > 0) {
            f1_sum += c->f1;
            f1_count++;
        }
        for (int64_t i = 0; i < n; i++) {
            is_pos[i] = y[i] == k;
            score[i] = probs[i * n_classes + k];
        }
        int32_t rc = clone_roc_auc(n, score, is_pos, &c->roc_auc);
        if (rc != BC_OK) {
            free(is_pos);
            free(score);
            return rc;
        }
        if (!isnan(c->roc_auc)) {
            auc_sum += c->roc_auc;
            auc_count++;
        }
    }
    free(is_pos);
    free(score);
    out->macro_f1 = f1_count ? f1_sum / f1_count : NAN;
    out->macro_roc_auc = auc_count ? auc_sum / auc_count : NAN;
    return BC_OK;
}

int32_t clone_fidelity_match(int64_t n_target, const int32_t *target_bar,
                             const int32_t *target_dir, int64_t n_clone,
                             const int32_t *clone_bar, const int32_t *clone_dir,
                             int32_t tolerance, struct clone_fidelity *out)
{
    /* Both lists are sorted by bar, so a two-pointer sweep matches each
     * target entry to the earliest unmatched clone entry of the same
     * direction within reach; used[] keeps the matching one-to-one. */
    int64_t matched = 0, start = 0;
    uint8_t *used = calloc((size_t)(n_clone > 0 ? n_clone : 1), 1);
    if (!used)
        return bc_fail(BC_E_OUT_OF_MEMORY, "fidelity: no memory for %lld entries", (long long)n_clone);
    for (int64_t i = 0; i < n_target; i++) {
        while (start < n_clone && clone_bar[start] < target_bar[i] - tolerance)
            start++;
        for (int64_t j = start; j < n_clone && clone_bar[j] <= target_bar[i] + tolerance; j++)
            if (!used[j] && clone_dir[j] == target_dir[i]) {
                used[j] = 1;
                matched++;
                break;
            }
    }
    free(used);
    clone_fidelity_from_counts(n_target, n_clone, matched, out);
    return BC_OK;
}

void clone_fidelity_from_counts(int64_t n_target, int64_t n_clone, int64_t matched,
                                struct clone_fidelity *out)
{
    out->target_entries = n_target;
    out->clone_entries = n_clone;
    out->matched = matched;
    if (n_target == 0 && n_clone == 0) {
        out->precision = out->recall = out->f1 = 1.0;
        return;
    }
    out->precision = n_clone ? (double)matched / (double)n_clone : 0.0;
    out->recall = n_target ? (double)matched / (double)n_target : 0.0;
    out->f1 = out->precision + out->recall > 0.0
                  ? 2.0 * out->precision * out->recall / (out->precision + out->recall)
                  : 0.0;
}
