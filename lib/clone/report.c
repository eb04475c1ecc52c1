/*
 * report.c - writes what a clone fit measured as JSON (jansson builds every
 * document; no JSON is assembled by hand) and records it, with the clone's
 * symbol, lot size and position features, in the model. Without jansson the
 * report is unavailable and the model keeps the trainer's metadata.
 */
#include "clone/report.h"
#include "core/internal.h"
#include "core/json_file.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

static const char *const class_names[CLONE_NUM_CLASSES] = {"none", "open_long", "open_short",
                                                            "close"};

#ifdef BC_HAVE_JANSSON
/* NaN has no JSON spelling: it is written as null. */
static json_t *number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *level_fit_object(const struct clone_level_fit *f)
{
    if (f->examples == 0)
        return json_null();
    json_t *o = json_pack("{s:i, s:s, s:o, s:o, s:o, s:b, s:i, s:i, s:b, s:b}", "examples",
                          f->examples, "unit", clone_level_unit_name(f->unit), "k", number(f->k),
                          "relative_error", number(f->relative_error), "r2", number(f->r2),
                          "consistent", f->consistent, "touched", f->touched, "ignored",
                          f->ignored, "enforced", f->enforced, "used", f->used);
    if (o && f->n > 0) /* a swing window, an atr period other than 14, a range window, a
                       * level's period */
        json_object_set_new(o, "n", json_integer(f->n));
    return o;
}

static json_t *level_rule_object(const struct clone_level_rule *rule)
{
    if (rule->unit == CLONE_LEVEL_NONE)
        return json_null();
    return rule->n > 0
               ? json_pack("{s:s, s:f, s:i}", "unit", clone_level_unit_name(rule->unit), "k", rule->k,
                           "n", rule->n)
               : json_pack("{s:s, s:f}", "unit", clone_level_unit_name(rule->unit), "k", rule->k);
}

static json_t *report_object(const struct clone_report *r)
{
    json_t *classes = json_object();
    for (int32_t k = 0; k < CLONE_NUM_CLASSES; k++) {
        const struct clone_class_metrics *m = &r->holdout.cls[k];
        json_object_set_new(classes, class_names[k],
                            json_pack("{s:o, s:o, s:o, s:o, s:I}", "precision", number(m->precision),
                                      "recall", number(m->recall), "f1", number(m->f1), "roc_auc",
                                      number(m->roc_auc), "support", (json_int_t)m->support));
    }
    json_t *labels = json_object();
    for (int32_t k = 0; k < CLONE_NUM_CLASSES; k++)
        json_object_set_new(labels, class_names[k], json_integer(r->label_counts[k]));
    json_t *holdout = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "bars", (json_int_t)r->holdout.n,
                                "accuracy", number(r->holdout.accuracy), "macro_f1",
                                number(r->holdout.macro_f1), "roc_auc", number(r->holdout.macro_roc_auc),
                                "brier", number(r->holdout.brier), "classes", classes);
    const struct clone_fidelity *f = &r->fidelity;
    json_t *fidelity = json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:i}", "target_entries",
                                 (json_int_t)f->target_entries, "clone_entries",
                                 (json_int_t)f->clone_entries, "matched", (json_int_t)f->matched,
                                 "precision", number(f->precision), "recall", number(f->recall), "f1",
                                 number(f->f1), "tolerance_bars", 1);
    json_t *per_symbol = json_object();
    for (int32_t s = 0; s < r->n_symbols; s++) {
        const struct clone_fidelity *g = &r->symbol_fidelity[s];
        json_object_set_new(per_symbol, r->symbols[s],
                            json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}", "target_entries",
                                      (json_int_t)g->target_entries, "clone_entries",
                                      (json_int_t)g->clone_entries, "matched", (json_int_t)g->matched,
                                      "precision", number(g->precision), "recall", number(g->recall),
                                      "f1", number(g->f1)));
    }
    json_object_set_new(fidelity, "symbols", per_symbol);
    json_t *calibration = r->calibrated
                              ? json_pack("{s:o, s:o}", "coef", number(r->calibration_coef),
                                          "intercept", number(r->calibration_intercept))
                              : json_null();
    json_t *class_thr = json_object();
    for (int32_t k = 1; k < CLONE_NUM_CLASSES; k++)
        json_object_set_new(class_thr, class_names[k],
                            number(isfinite(r->class_thresholds[k]) ? r->class_thresholds[k]
                                                                    : r->threshold));
    json_t *added = json_array(), *exit_levels = json_array();
    for (int32_t k = 0; k < r->search_n_added; k++) {
        json_array_append_new(added, json_string(r->search_added[k]));
        if (clone_search_exit_level(r->search_added[k], r->search_decisions[k]))
            json_array_append_new(exit_levels, json_string(r->search_added[k]));
    }
    json_t *decisions = json_object();
    static const char *const decision_names[CLONE_SEARCH_DECISIONS] = {
        "open_long", "open_short", "close_long", "close_short"};
    for (int t = 0; r->search_per_decision > 0 && t < CLONE_SEARCH_DECISIONS; t++) {
        json_t *d = json_pack("{s:i, s:o, s:o}", "examples", r->search_examples[t], "spec_f1",
                              number(r->search_spec_f1[t]), "best_f1", number(r->search_best_f1[t]));
        if (r->search_spec_used[t][0]) /* the spec column its rule leads with */
            json_object_set_new(d, "spec_first", json_string(r->search_spec_used[t]));
        if (r->search_time_stop_f1[t] >= CLONE_SEARCH_TIME_STOP_F1)
            json_object_set_new(d, "time_stop",
                                json_pack("{s:i, s:o}", "bars", r->search_time_stop_bars[t], "f1",
                                          number(r->search_time_stop_f1[t])));
        json_object_set_new(decisions, decision_names[t], d);
    }
    json_t *search = json_pack("{s:i, s:o, s:o, s:o}", "per_decision", r->search_per_decision,
                               "added", added, "exit_levels", exit_levels, "decisions", decisions);
    if (search && r->search_n_refined > 0) {
        /* search_refine: the items whose parameters moved off the grid's */
        json_t *refined = json_array();
        for (int32_t k = 0; k < r->search_n_refined; k++)
            json_array_append_new(refined, json_string(r->search_refined[k]));
        json_object_set_new(search, "refined", refined);
    }
    if (search && r->search_n_dwell > 0) {
        /* search_dwell: the crossings taken with their stay bounded */
        json_t *dwell = json_array();
        for (int32_t k = 0; k < r->search_n_dwell; k++)
            json_array_append_new(dwell, json_string(r->search_dwell[k]));
        json_object_set_new(search, "dwell", dwell);
    }
    if (search && r->search_reserve_runs > 0) {
        /* search_reserve: the reserve items taken and the step's column runs */
        json_t *taken = json_array();
        for (int32_t k = 0; k < r->search_n_reserve; k++)
            json_array_append_new(taken, json_string(r->search_reserve[k]));
        json_object_set_new(search, "reserve",
                            json_pack("{s:o, s:i}", "items", taken, "column_runs",
                                      r->search_reserve_runs));
    }
    json_t *root = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i}",
                     "symbol", r->symbol, "model", r->model_kind, "bars", r->n_bars, "lookback",
                     r->lookback, "train_bars", r->train_bars, "validation_bars", r->validation_bars,
                     "holdout_bars", r->holdout_bars, "holdout_start", (json_int_t)r->holdout_start,
                     "features", r->n_features, "threshold", number(r->threshold), "class_thresholds",
                     class_thr, "calibration",
                     calibration, "validation_fidelity_f1",
                     r->validation_fidelity_f1 >= 0.0 ? number(r->validation_fidelity_f1) : json_null(),
                     "holdout", holdout, "fidelity", fidelity, "labels", labels,
                     "intrabar_round_trips", r->round_trips, "reversal_rows", r->reversal_rows);
    if (root)
        json_object_set_new(root, "search", search);
    else
        json_decref(search);
    if (root)
        /* stop-loss / take-profit rules fitted on the log's sl/tp columns:
         * null when the log has none. */
        json_object_set_new(root, "exits",
                            json_pack("{s:o, s:o, s:i}", "sl", level_fit_object(&r->sl_fit),
                                      "tp", level_fit_object(&r->tp_fit), "closes_at_levels",
                                      r->closes_at_levels));
    if (root && r->exits.breakeven > 0.0) /* the learned break-even move */
        json_object_set_new(json_object_get(root, "exits"), "breakeven_atr",
                            json_real(r->exits.breakeven));
    if (root && r->trees_rounds_trained > 0)
        /* trees: the boosting rounds kept of those trained, and the rule */
        json_object_set_new(root, "trees_rounds",
                            json_pack("{s:i, s:i, s:i, s:i, s:s}", "trained",
                                      r->trees_rounds_trained, "kept", r->trees_rounds_kept,
                                      "shortest_alike", r->trees_rounds_shortest,
                                      "prefixes_tried", r->trees_prefixes_tried, "rule",
                                      r->trees_rounds_rule));
    if (root && r->position_atr > 0) {
        /* the position's atr; the give-back cut's F1 per period tried */
        json_t *tried = json_object();
        static const char *const period_names[3] = {"14", "7", "22"};
        for (int32_t k = 0; k < 3; k++)
            if (isfinite(r->position_atr_f1[k]))
                json_object_set_new(tried, period_names[k], json_real(r->position_atr_f1[k]));
        json_t *pa = json_pack("{s:i, s:o}", "period", r->position_atr, "giveback_f1", tried);
        if (pa && isfinite(r->position_atr_cut)) {
            /* the give-back stop that explains the exits, and the held bars
             * the signal search left out at or past it */
            json_object_set_new(pa, "giveback_cut", json_real(r->position_atr_cut));
            json_object_set_new(pa, "search_skipped", json_integer(r->search_giveback_skipped));
        }
        json_object_set_new(root, "position_atr", pa);
    }
    if (root && r->trees_path_bypassed > 0)
        /* trees_path_rule: the splits on the position's path taken out */
        json_object_set_new(root, "trees_path_bypassed", json_integer(r->trees_path_bypassed));
    if (root && r->auto_candidates > 0) {
        /* model auto: every candidate's validation fidelity. */
        json_t *cand = json_object();
        for (int32_t k = 0; k < r->auto_candidates && k < 4; k++)
            json_object_set_new(cand, r->auto_kind[k], number(r->auto_f1[k]));
        json_object_set_new(root, "model_auto", cand);
        json_t *firm = json_object();
        for (int32_t k = 0; k < r->auto_candidates && k < 4; k++)
            json_object_set_new(firm, r->auto_kind[k], number(r->auto_firm_f1[k]));
        json_object_set_new(root, "model_auto_firm", firm);
        json_object_set_new(root, "model_auto_chose", json_string(r->auto_chose));
        json_object_set_new(root, "model_auto_validation_entries",
                            json_integer((json_int_t)r->auto_validation_entries));
    }
    return root;
}

static char *report_text(const struct clone_report *r, size_t flags)
{
    json_t *root = report_object(r);
    char *text = root ? json_dumps(root, flags | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(root);
    return text;
}
#endif

int32_t clone_report_json(const struct clone_report *r, char *buf, int32_t capacity, int32_t *length)
{
#ifdef BC_HAVE_JANSSON
    char *text = report_text(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "report: no memory for the JSON text");
    size_t len = strlen(text);
    if (length)
        *length = (int32_t)len;
    int32_t rc = BC_OK;
    if ((int64_t)capacity <= (int64_t)len)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "report: capacity %d, the JSON needs %zu bytes and a NUL",
                     capacity, len);
    else
        memcpy(buf, text, len + 1);
    free(text);
    return rc;
#else
    (void)r, (void)buf, (void)capacity, (void)length;
    return bc_fail(BC_E_UNSUPPORTED, "report: this build has no JSON library");
#endif
}

int32_t clone_report_write(const struct clone_report *r, const char *path)
{
#ifdef BC_HAVE_JANSSON
    json_t *root = report_object(r);
    int32_t rc = bc_json_write_file(path, root,
                                    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    return rc;
#else
    (void)r;
    return bc_fail(BC_E_UNSUPPORTED, "%s: this build has no JSON library", path);
#endif
}

int32_t clone_record_model_metadata(double half_life_days, int64_t num_samples,
                                    int64_t last_event_id, const char *symbol, double lots,
                                    const struct clone_report *r, bc_model *m)
{
    int32_t rc = bc_model_set_training_info(m, half_life_days, (int64_t)time(NULL), num_samples,
                                            last_event_id);
    if (rc != BC_OK)
        return rc;
#ifdef BC_HAVE_JANSSON
    /* The position columns this model takes (the dense kinds four, trees
     * seven, or seventeen with position_columns=extended, two more each
     * with position_entry_bar=1): those of its
     * feature names, in the layout's order. */
    json_t *positions = json_array();
    int has_levels = 0;
    const int32_t n_names = CLONE_POSITION_FEATURES_EXT_EB + CLONE_POSITION_LEVELS;
    for (int32_t j = 0; j < n_names; j++) {
        /* Layout 23 names every column: the sixteen, giveback_atr, the
         * entry-bar two, levels. */
        const char *name = clone_position_column_name(n_names, j);
        for (int32_t k = 0; k < m->n_features; k++)
            if (strcmp(m->feature_names[k], name) == 0) {
                json_array_append_new(positions, json_string(name));
                has_levels |= j >= CLONE_POSITION_FEATURES_EXT_EB;
                break;
            }
    }
    json_t *symbols = json_array();
    for (int32_t s = 0; s < r->n_symbols; s++)
        json_array_append_new(symbols, json_string(r->symbols[s]));
    json_t *extra = json_pack("{s:{s:s, s:o, s:f, s:o, s:[s,s,s,s]}}", "clone", "symbol", symbol,
                              "symbols", symbols, "lots", lots, "position_features", positions,
                              "labels", class_names[0], class_names[1], class_names[2],
                              class_names[3]);
    if (extra && (r->exits.sl.unit != CLONE_LEVEL_NONE || r->exits.tp.unit != CLONE_LEVEL_NONE))
        /* The rules a predictor built on the model trades with. */
        json_object_set_new(json_object_get(extra, "clone"), "exits",
                            json_pack("{s:o, s:o}", "sl", level_rule_object(&r->exits.sl), "tp",
                                      level_rule_object(&r->exits.tp)));
    if (extra && r->position_atr > 0 && r->position_atr != CLONE_POSITION_ATR_DEFAULT)
        /* The period of the atr the position columns measure in (absent:
         * 14, so a model from before the key reads as it was written). */
        json_object_set_new(json_object_get(extra, "clone"), "position_atr",
                            json_integer(r->position_atr));
    if (extra && has_levels)
        /* The rules the level columns measure against. */
        json_object_set_new(json_object_get(extra, "clone"), "levels",
                            json_pack("{s:o, s:o}", "sl", level_rule_object(&r->levels.sl), "tp",
                                      level_rule_object(&r->levels.tp)));
    char *extra_text = extra ? json_dumps(extra, JSON_COMPACT) : NULL;
    char *metrics_text = report_text(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(extra);
    if (!extra_text || !metrics_text)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "report: no memory for the model metadata");
    if (rc == BC_OK)
        rc = bc_model_set_extra_json(m, extra_text);
    if (rc == BC_OK)
        rc = bc_model_set_validation_metrics(m, metrics_text);
    free(extra_text);
    free(metrics_text);
    return rc;
#else
    (void)symbol, (void)lots, (void)r;
    return BC_OK;
#endif
}
