/*
 * predictor.h - the predictor's state, shared inside lib/clone so that the
 * backtest (run.c) and the cloner's fidelity check drive the very same
 * decision code a host calls live. Internal.
 */
#ifndef BC_CLONE_PREDICTOR_H
#define BC_CLONE_PREDICTOR_H

#include "botcopier.h"
#include "clone/clone.h"

#include <stdint.h>

/* ATR used for the position's unrealized P/L in ATRs. */
#define CLONE_ATR_SPEC "atr(14)"
#define CLONE_DEFAULT_UNCERTAINTY_MARGIN 0.05

struct bc_predictor {
    const bc_model *model;
    bc_features *features; /* market features, then CLONE_ATR_SPEC when
                            * has_position (NULL when the model has neither) */
    int32_t n_market, n_classes, has_position, lookback;
    int32_t n_position;    /* position-state columns: CLONE_POSITION_FEATURES,
                            * or _V1 for models from before the excursions */
    int32_t n_signed;      /* position-signed copies of market columns */
    int32_t *signed_index; /* [n_signed] their market column */
    double *row;     /* [n_features] model inputs of the current bar */
    double *probs;   /* [n_classes] calibrated */
    double *scratch; /* bc_model_scratch_doubles */
    int64_t last_time;
    int64_t bar_count;   /* bars fed so far = index of the next bar */
    int32_t direction;   /* -1 short, 0 flat, +1 long */
    int64_t entry_index; /* bar index of the entry */
    double entry_price;
    double entry_atr;        /* atr on the entry bar (NaN: not yet known) */
    double mae_atr, mfe_atr; /* excursions since the entry (clone_position) */
    double last_atr;         /* atr of the last bar fed */
    double threshold, margin, last_p_act;
    double class_threshold[CLONE_NUM_CLASSES]; /* NaN = use threshold */
    double last_threshold;                     /* bar of the last decision */
    int32_t auto_position;
    int32_t last_entered; /* the last update entered a position (auto_position) */
    bc_decision_log *log, *uncertain;
    char model_version[32];
    char symbol[32]; /* "" = the model's */
};

/* Sum of the raw probabilities of the actions open to the predictor's
 * position (flat: open long/short; long: open short/close/open long again;
 * short: open long/close/open short again): the P(act) that calibration
 * and the threshold work on. */
double clone_allowed_mass(const bc_predictor *p, const double *raw);

/* Moves the predictor's position as if decision was filled at close (a BUY
 * while long, SELL while short: closed and entered again); atr is the
 * bar's, the new position's entry ATR. Returns 1 when a position was
 * entered on this bar. */
int32_t clone_apply_decision(bc_predictor *p, int32_t decision, double close, double atr);

/* A run's per-bar outcome as stored by clone_simulate and clone_run_bars:
 * the direction after the bar's decision, doubled when a position was
 * entered on that bar (so a re-entry the same way is visible). */
#define CLONE_AFTER(direction, entered) ((int8_t)((direction) * ((entered) ? 2 : 1)))
#define CLONE_AFTER_DIRECTION(v) ((v) > 0 ? 1 : (v) < 0 ? -1 : 0)
#define CLONE_AFTER_ENTERED(v) ((v) == 2 || (v) == -2)

/* The predictor's position as a clone_position at its current bar. */
struct clone_position clone_predictor_position(const bc_predictor *p);

/* Forward pass on p->row (filled by the caller) and the decision; sets
 * p->probs (raw softmax) and p->last_p_act (calibrated). No allocation. */
int32_t clone_predict_row(bc_predictor *p);

/* Decides on a logged feature row x[n] (decisions.csv), the position taken
 * from its position-state columns. Returns the decision, or BC_E_SHAPE
 * when n is not the model's width. */
int32_t clone_predict_logged_row(bc_predictor *p, const double *x, int32_t n);

/* Closed-loop run on precomputed market features market[i * stride + j],
 * j < n_market
 * (bars [start, end), rows indexed from bar 0) with high[], low[], close[]
 * and atr[]: the
 * predictor's own decision code with its position starting at *initial
 * (NULL = flat). direction_after (CLONE_AFTER values) / decision_out
 * (either may be NULL) get end - start entries. Streaming features are bit-identical to batch ones,
 * so this equals driving bc_predictor_update bar by bar. */
int32_t clone_simulate(bc_predictor *p, int32_t n_market, int32_t stride, const double *market,
                       const double *high, const double *low, const double *close,
                       const double *atr, int32_t start, int32_t end,
                       const struct clone_position *initial, int8_t *direction_after,
                       int32_t *decision_out);

#endif
