/*
 * predictor.h - the predictor's state, shared inside lib/clone so that the
 * backtest (run.c) and the cloner's fidelity check drive the very same
 * decision code a host calls live. Internal.
 */
#ifndef BC_CLONE_PREDICTOR_H
#define BC_CLONE_PREDICTOR_H

#include "botcopier.h"

#include <stdint.h>

/* ATR used for the position's unrealized P/L in ATRs. */
#define CLONE_ATR_SPEC "atr(14)"
#define CLONE_DEFAULT_UNCERTAINTY_MARGIN 0.05

struct bc_predictor {
    const bc_model *model;
    bc_features *features; /* market features (NULL when the model has none) */
    bc_features *atr;      /* CLONE_ATR_SPEC, when has_position */
    int32_t n_market, n_classes, has_position, lookback;
    double *row;     /* [n_features] model inputs of the current bar */
    double *probs;   /* [n_classes] calibrated */
    double *scratch; /* bc_model_scratch_doubles */
    int64_t last_time;
    int64_t bar_count;   /* bars fed so far = index of the next bar */
    int32_t direction;   /* -1 short, 0 flat, +1 long */
    int64_t entry_index; /* bar index of the entry */
    double entry_price;
    double threshold, margin, last_p_act;
    int32_t auto_position;
    bc_decision_log *log, *uncertain;
    char model_version[32];
};

/* The decision for calibrated probs and P(act) under the predictor's
 * position and threshold (BC_DECISION_*). */
int32_t clone_decide(const bc_predictor *p, const double *probs, double p_act);

/* Moves the predictor's position as if decision was filled at close. */
void clone_apply_decision(bc_predictor *p, int32_t decision, double close);

#endif
