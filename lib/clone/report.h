/*
 * report.h - what a clone fit measured, and how it is written: the report
 * JSON (bc_cloner_report_json, report.json) and the metadata a cloned model
 * carries (mode, feature flags, training info, validation metrics). Internal.
 */
#ifndef BC_CLONE_REPORT_H
#define BC_CLONE_REPORT_H

#include "clone/clone.h"

/* Most symbols one clone learns from (one model, per-symbol state). */
#define CLONE_MAX_SYMBOLS 64

/* A stop-loss or take-profit rule as fitted on the log's OPEN events:
 * distance = k * unit through the origin for each unit (clone.h's
 * CLONE_LEVEL_*), the unit with the smallest relative RMS error kept. */
struct clone_level_fit {
    int32_t examples;       /* OPEN events with the level logged (0: none) */
    int32_t unit;           /* CLONE_LEVEL_* of the best fit */
    int32_t n;              /* its swing window (CLONE_LEVEL_SWING), else 0 */
    double k;               /* its coefficient */
    double relative_error;  /* RMS residual / mean distance */
    double r2;              /* 1 - SS_res / SS_tot (NaN when undefined) */
    int32_t consistent;     /* examples >= CLONE_LEVEL_MIN_EXAMPLES and
                             * relative_error <= CLONE_LEVEL_MAX_ERROR */
    /* Is the level a broker's order? Of the positions whose logged level a
     * bar touched before or on their closing bar, how many the log kept
     * open past that bar (ignored); enforced when ignored <=
     * CLONE_LEVEL_MAX_IGNORED of touched. */
    int32_t touched, ignored, enforced;
    int32_t used;           /* consistent and enforced: the clone trades it */
};
#define CLONE_LEVEL_MAX_IGNORED 0.05
#define CLONE_LEVEL_MIN_EXAMPLES 5
#define CLONE_LEVEL_MAX_ERROR 0.05
/* A used level fitted this closely is the log's own rule: its broker
 * closes leave training (cloner_skip_broker_exits). */
#define CLONE_LEVEL_EXACT_ERROR 0.01

struct clone_report {
    char symbol[256]; /* the symbols, comma-joined */
    int32_t n_symbols;
    char symbols[CLONE_MAX_SYMBOLS][32];
    struct clone_fidelity symbol_fidelity[CLONE_MAX_SYMBOLS];
    char model_kind[16];
    int32_t n_bars, lookback, train_bars, validation_bars, holdout_bars, n_features;
    int32_t round_trips;
    int32_t reversal_rows; /* reversals also trained as seen flat */
    int64_t holdout_start; /* time of the first held-out bar */
    int64_t label_counts[CLONE_NUM_CLASSES];
    double threshold;
    double class_thresholds[CLONE_NUM_CLASSES]; /* NaN = the global one */
    int32_t calibrated;
    double calibration_coef, calibration_intercept;
    double validation_fidelity_f1; /* NaN-free: -1 when the threshold was given */
    struct clone_metrics holdout;
    struct clone_fidelity fidelity;
    int32_t search_per_decision;   /* 0 = no signal search */
    int32_t search_n_added;
    char search_added[CLONE_SEARCH_MAX_ADDED][CLONE_ITEM_MAX]; /* spec items it added */
    /* search_refine: the added items whose parameters moved, "from -> to" */
    int32_t search_n_refined;
    char search_refined[CLONE_SEARCH_MAX_ADDED][2 * CLONE_ITEM_MAX + 8];
    /* search_reserve: the reserve items taken, the step's column runs */
    int32_t search_n_reserve;
    char search_reserve[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
    int32_t search_reserve_runs;
    /* search_dwell: the crossings taken with their stay bounded */
    int32_t search_n_dwell;
    char search_dwell[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
    uint8_t search_decisions[CLONE_SEARCH_MAX_ADDED]; /* bit t: found for decision t */
    int32_t search_examples[CLONE_SEARCH_DECISIONS]; /* per decision, scored bars */
    double search_spec_f1[CLONE_SEARCH_DECISIONS], search_best_f1[CLONE_SEARCH_DECISIONS];
    int32_t search_time_stop_bars[CLONE_SEARCH_DECISIONS]; /* see clone_search_result */
    double search_time_stop_f1[CLONE_SEARCH_DECISIONS];
    /* per decision, the spec column its rule rests on ("" none; see
     * clone_search_result.spec_used) */
    char search_spec_used[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
    /* close directions whose bars at a time stop the search left out to
     * score the signal exit before it (cloner_search.c) */
    int32_t search_signal_or_stop;
    /* model auto: the kinds tried, in order, with their validation F1 */
    int32_t auto_candidates;
    int64_t auto_validation_entries; /* target entries and exits in the validation slices */
    char auto_kind[4][16];
    double auto_f1[4];
    double auto_firm_f1[4]; /* the last fold's F1 with P(act) moved (the lower) */
    char auto_chose[16]; /* the candidate kept: a kind, or "rule" (auto_rule) */
    /* trees: boosting rounds trained and kept, and why (trees_rounds) */
    int32_t trees_rounds_trained, trees_rounds_kept, trees_prefixes_tried;
    int32_t trees_rounds_shortest; /* the shortest prefix deciding alike */
    char trees_rounds_rule[96];
    /* trees_path_rule: the splits on path columns taken out (cloner_fit.c) */
    int32_t trees_path_bypassed;
    /* the period of the position's atr the clone measures in (14, or what
     * cloner_choose_position_atr chose / position_atr=n set), and the
     * give-back cut's F1 at each customary period (14, 7, 22; NaN: not
     * measured) */
    int32_t position_atr;
    double position_atr_f1[3];
    /* the give-back cut (in the position's atr) that explains the log's
     * closes and reversals (F1 >= CLONER_POSITION_ATR_EXPLAINS), NaN
     * where none does: the signal search leaves such bars out */
    double position_atr_cut;
    int32_t search_giveback_skipped; /* held bars the search left out there */
    /* stop-loss / take-profit learned from the log (cloner_exits.c) and
     * the rules the clone uses (the consistent ones) */
    struct clone_level_fit sl_fit, tp_fit;
    /* training bars whose CLOSE was a broker's exit at a used level fitted
     * to CLONE_LEVEL_EXACT_ERROR, left out of training */
    int32_t closes_at_levels;
    struct clone_exit_rules exits;
    /* every consistent fit, enforced or not: what the level columns
     * measure against (clone_position_levels) */
    struct clone_exit_rules levels;
};

/* The report as JSON (two-call pattern). BC_E_UNSUPPORTED without jansson. */
int32_t clone_report_json(const struct clone_report *r, char *buf, int32_t capacity,
                          int32_t *length);

/* Training info, the report as validation metrics and the clone's own
 * metadata (symbol, lots, position features) into the model; the trainer
 * already recorded the mode and its feature flags. */
/* Writes the report as indented JSON to path, atomically. */
int32_t clone_report_write(const struct clone_report *r, const char *path);

/* Records the risk-parity allocation of a multi-symbol clone in the
 * model's extra JSON (lib/clone/risk_parity_meta.c): ERC weights and the
 * Ledoit-Wolf covariance of the symbols' returns on their common bar times
 * up to cutoff (the last bar before the held-out tail). Logs and records
 * nothing when fewer than 3 common times exist. */
int32_t clone_record_risk_parity(bc_model *m, int32_t n, const char *const *symbols,
                                 const int64_t *const *time, const double *const *close,
                                 const int32_t *n_bars, int64_t cutoff);

int32_t clone_record_model_metadata(double half_life_days, int64_t num_samples,
                                    int64_t last_event_id, const char *symbol, double lots,
                                    const struct clone_report *r, bc_model *m);

#endif
