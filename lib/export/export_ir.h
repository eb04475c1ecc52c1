/*
 * export_ir.h - the small description of a classifier that every exporter
 * (ONNX float/INT8, MQL5 and C source) writes out: normalization with its
 * NaN rule, a stack of dense layers, a softmax, class and feature names.
 * Exporters read only this; bc_export_ir_from_model is the one place that
 * knows struct bc_model. Internal: nothing here is public API.
 *
 * The arithmetic an IR stands for, per raw row x[F]:
 *   z[j] = (x[j] - center[j]) / scale[j]
 *   z[j] = 0 when z[j] is NaN or +-inf                   ("missing = center")
 *   z[j] = min(max(z[j], clip_low[j]), clip_high[j])   (normalized units)
 *   h = act_l(W_l h + b_l) for each layer l (h_0 = z), probs = softmax(h)
 * and, with Platt calibration of P(act) = 1 - probs[0]:
 *   a = clamp(P(act), 1e-12, 1 - 1e-12), s = log(a / (1 - a)),
 *   cal = 1 / (1 + exp(-(coef * s + intercept))), probs[0] = 1 - cal,
 *   probs[c > 0] *= cal / P(act)   (= cal / (C - 1) when P(act) is 0)
 * which is the model layer's rule (lib/model/model.c), stated once here.
 */
#ifndef BC_EXPORT_EXPORT_IR_H
#define BC_EXPORT_EXPORT_IR_H

#include <stdint.h>

/* Activations, numerically equal to the backend's BC_ACT_* values. */
enum {
    BC_EXPORT_ACT_NONE = 0,
    BC_EXPORT_ACT_RELU = 1,
    BC_EXPORT_ACT_TANH = 2,
    BC_EXPORT_ACT_SIGMOID = 3
};

#define BC_EXPORT_MAX_LAYERS 16

typedef struct bc_export_layer {
    int32_t n_in, n_out;
    int32_t activation; /* BC_EXPORT_ACT_*; the last layer is NONE */
    const float *weight; /* [n_out x n_in] row-major */
    const float *bias;   /* [n_out] */
} bc_export_layer;

/* A view: the IR points into memory someone else owns (the model, or a
 * test's arrays) and must not outlive it. */
/* The predictor's decision rule around a classifier (bc_predictor, lib/clone
 * /predictor.c), for exports that return a trading decision rather than
 * class probabilities. The model's inputs are [market | position state |
 * position-signed market columns]:
 *   market:   the feature spec's n_market columns;
 *   position: n_position (0, 4, 6, 7, 9, 16, 17 or 19) columns pos_long,
 *             pos_short, bars_held, upnl_atr[, mae_atr, mfe_atr[,
 *             bar_fav_atr, bar_adv_atr, close_entry_atr, held_1 ..
 *             held_33_up]] (clone_position_features, clone_position_extra;
 *             ATR is the atr_spec column computed after the market ones),
 *             then for 7, 9, 17 and 19 giveback_atr (clone_position_giveback:
 *             the give-back from the best close since the entry in this
 *             bar's ATRs), then for 9 and 19 close_ebar_fav_atr,
 *             close_ebar_adv_atr (clone_position_entry_bar: the close
 *             against the entry bar's high and low in entry ATRs), then
 *             with has_levels four more (n_position 8, 10, 11, 13, 20, 21
 *             or 23): sl_bar_atr,
 *             sl_close_atr, tp_bar_atr, tp_close_atr against the levels
 *             level_k[0] (stop-loss) / level_k[1] (take-profit) times
 *             level_unit[] (1 the entry ATR, 2 the entry price, 3 one
 *             point; 0 no such level) from the entry (clone_position_levels);
 *   signed:   n_signed columns direction * market[signed_index[k]];
 *   day:      n_day (0 or 1) last column trades_today (the cloner's
 *             position_day=1, clone.h clone_day_bar): the entries taken on
 *             the bar's UTC day (floor of its time / 86400) before its
 *             decision, capped at CLONE_DAY_CAP - the generated code counts
 *             its own entries (auto position) and the ones the host reports
 *             entered with <prefix>_set_position, as the predictor; the
 *             decision ONNX graph reads it from its "features" row, which
 *             the host fills as it fills the position columns.
 * allowed[d + 1] lists the classes a position d (-1 short, 0 flat, 1 long)
 * may act on, -1 terminated, in the predictor's order (it sums P(act) and
 * breaks ties in that order); classes >= n_classes are already dropped.
 * class_threshold[c] is the bar P(act) must clear when class c is the
 * likeliest allowed one (the global threshold where the model has none).
 * A view into memory someone else owns, like the IR. */
typedef struct bc_export_decision {
    int32_t n_market, n_position, n_signed;
    int32_t n_day;               /* 1: the last input is the day count */
    int32_t has_levels;          /* the last 4 position columns are the level block */
    int32_t level_unit[2];       /* [0] stop-loss, [1] take-profit: 0..3 */
    double level_k[2];
    const int32_t *signed_index; /* [n_signed] */
    const char *atr_spec;        /* "atr(14)"; used when n_position > 0 */
    int32_t lookback;            /* bars fed before the first decision */
    int32_t allowed[3][4];
    /* 1: the model's level_wait (an entry on the bar the EA's broker
     * filled a level of the position it reported closed waits a bar) */
    int32_t level_wait;
    /* > 0: the model's max_hold (a position held more bars than this
     * closes where the model would hold it) */
    int32_t max_hold;
    double class_threshold[4];   /* classes 0..3; class 0 is never acted on */
    /* The stop-loss [0] / take-profit [1] the predictor places at each
     * entry (the model's clone.exits, labels.c clone_entry_levels): the
     * unit (CLONE_LEVEL_* of lib/clone/clone.h: 1 atr, 2 price, 3 points,
     * 4 swing, 5 risk, 6 range, 7..10 to_sma, to_ema, to_linreg,
     * to_midprice, 11 stddev; 0 none), k and the window n. The units that
     * need an engine of their own read it from engine columns computed
     * after the ATR column (the feature spec exit_engine[e], e <
     * n_exit_engines: clone_exit_unit_spec's); exit_col[k] is the engine
     * column of rule k (-1 none: atr(14) reads the ATR column, price,
     * points and risk no engine, a swing stop the generated code's window
     * of the last CLONE_SWING_MAX highs and lows; read only for a rule). Needs position state (n_position >
     * 0). All zero: no rules. */
    int32_t exit_unit[2];
    double exit_k[2];
    int32_t exit_n[2];
    int32_t exit_col[2];
    /* > 0: the break-even move (the model's breakeven_atr, simulate.c
     * clone_breakeven_step): the generated update moves <prefix>_sl to the
     * entry price on a bar after the entry bar that reached it */
    double breakeven;
    int32_t n_exit_engines;
    char exit_engine[3][64];
} bc_export_decision;

#define BC_EXPORT_DECISION_HOLD 0
#define BC_EXPORT_DECISION_BUY 1
#define BC_EXPORT_DECISION_SELL 2
#define BC_EXPORT_DECISION_CLOSE 3

typedef struct bc_export_ir {
    const char *kind; /* "logistic", "mlp": written into metadata */
    int32_t n_features, n_classes;
    const double *center;    /* [F] */
    const double *scale;     /* [F], > 0 */
    const double *clip_low;  /* [F], normalized units, may be -inf */
    const double *clip_high; /* [F], may be +inf */
    int32_t n_layers;
    bc_export_layer layers[BC_EXPORT_MAX_LAYERS];
    /* Tree-ensemble models (kind "trees"): the ensemble, with n_layers 0
     * and identity normalization; the arithmetic is model/trees.h's
     * (raw float inputs, non-finite -> default branch, float margins,
     * softmax) and the calibration below. NULL for dense models. */
    const struct bc_trees *trees;
    const char *const *class_names;   /* [C] or NULL ("0".."C-1") */
    const char *const *feature_names; /* [F] or NULL ("f0".."") */
    const char *feature_spec;         /* may be NULL or "" */
    double threshold;                 /* decision threshold on P(act) */
    int32_t has_calibration;          /* Platt calibration of P(act) */
    double calibration_coef, calibration_intercept;
    /* The clone's stop-loss [0] / take-profit [1] rules (its clone.exits:
     * unit CLONE_LEVEL_*, 0 none; k; the window n), which every export
     * carries: the ONNX metadata as "exits", the generated predictor by
     * placing them (decision.exit_*). */
    int32_t exit_unit[2];
    double exit_k[2];
    int32_t exit_n[2];
    /* > 0: the model's break-even move (breakeven_atr: the stop-loss to the
     * entry price once a bar after the entry bar reaches it x the entry
     * atr(14) in the position's favour), in the ONNX metadata's "exits" and
     * the generated predictor's own (decision.breakeven). */
    double breakeven;
    /* the period of the position's atr (the model's clone.position_atr,
     * 14 without one): the host computes the position columns in it */
    int32_t position_atr;
    /* The predictor's rule (NULL: a plain classifier). Source exports then
     * add the position state and <prefix>_update (one call per bar, the
     * decision); the decision ONNX export needs it. */
    const bc_export_decision *decision;
} bc_export_ir;

struct bc_model;

/* Fills *ir as a view of model m (which must outlive it) and validates it.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_UNSUPPORTED for a model kind
 * that cannot be exported (naming it), and bc_export_ir_validate's. */
int32_t bc_export_ir_from_model(const struct bc_model *m, bc_export_ir *ir);

/* Checks shapes and values (layer chaining, finite weights, scale > 0,
 * clip_low <= clip_high, not NaN, finite calibration); BC_E_SHAPE / BC_E_NUMERIC /
 * BC_E_INVALID_ARGUMENT naming the first violation. */
int32_t bc_export_ir_validate(const bc_export_ir *ir);

/* Widest activation vector (max over F and every layer's n_out). */
int32_t bc_export_ir_max_width(const bc_export_ir *ir);

/* Reference forward pass in double precision for one raw row: probs[C],
 * calibrated when the IR has calibration.
 * scratch holds 2 * bc_export_ir_max_width(ir) doubles. Used by the tests
 * as the oracle the generated artifacts are compared against; the IR must
 * have passed bc_export_ir_validate. */
void bc_export_ir_forward(const bc_export_ir *ir, const double *x,
                          double *probs, double *scratch);

/* Symmetric per-output-channel INT8 quantization of a row-major
 * [rows x cols] weight matrix, the scheme of the INT8 ONNX export:
 *   scale[r] = max_c |w[r][c]| / 127   (1 when the row is all zeros)
 *   q[r][c]  = round_half_even(w[r][c] / scale[r])   in [-127, 127]
 *   w'[r][c] = q[r][c] * scale[r]       (what DequantizeLinear computes)
 * so |w - w'| <= scale[r] / 2 per weight. */
void bc_export_quantize_int8(const float *w, int32_t rows, int32_t cols,
                             int8_t *q, float *scale);

/* ---- writers: each renders a validated IR into a malloc'd buffer ------- */

/* The ONNX model (opset BC_EXPORT_ONNX_OPSET) as serialized protobuf bytes in
 * *out (free with free()), *size bytes. quantize_int8 = 1 stores every
 * layer's weights as int8 with DequantizeLinear (scheme above).
 * Errors: BC_E_UNSUPPORTED when built without protobuf-c, BC_E_OUT_OF_MEMORY,
 * BC_E_INTERNAL when protobuf-c packs a different size than it measured. */
#define BC_EXPORT_ONNX_OPSET 13
#define BC_EXPORT_ONNX_IR_VERSION 7
/* Tree ensembles add ai.onnx.ml's TreeEnsembleClassifier at this opset (ONNX
 * Runtime 1.14, MetaTrader's, runs ai.onnx.ml up to 3). */
#define BC_EXPORT_ONNX_ML_OPSET 3
int32_t bc_export_ir_onnx(const bc_export_ir *ir, int32_t quantize_int8,
                          uint8_t **out, int64_t *size);

/* The decision graph (ir->decision required): input "features" double[N,F]
 * (the model's whole input row, position columns included), outputs
 * "decision" int64[N] (BC_DECISION_*), "p_act" double[N] (calibrated P(act)
 * over the actions open to the row's position), "threshold" double[N] (the
 * bar it had to clear) and "probabilities" double[N,C] (raw softmax, what
 * bc_predictor_update returns). A decision with max_hold > 0 (and the
 * bars_held column, n_position > 0) closes in the graph where it would
 * hold on a row whose bars_held exceeds it (clone_max_hold). Opset
 * BC_EXPORT_ONNX_OPSET (+ ai.onnx.ml for trees). Errors as bc_export_ir_onnx, BC_E_INVALID_ARGUMENT without a
 * decision rule. */
int32_t bc_export_ir_onnx_decision(const bc_export_ir *ir, uint8_t **out, int64_t *size);

/* A trained recurrent policy (lib/rl's GRU actor-critic) for the ONNX
 * export: a view of its weights, each a PyTorch-shaped tensor ([out x in]
 * row-major for a Linear, GRU weights [3H x in] in the r, z, n gate
 * order). The network, per observation row x[D] and GRU state h[L][H]:
 *   e = LN2(relu(W2 LN1(relu(W1 x + b1)) + b2))     (LN: LayerNorm, eps 1e-5,
 *                                                   gain and bias)
 *   layer l (input e, then layer l-1's new state):
 *     r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(W_iz x + b_iz + W_hz h + b_hz)
 *     n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) n + z h
 *   probs = softmax(Wp2 LNp(relu(Wp1 h'_top + bp1)) + bp2)
 *   value = Wv2 LNv(relu(Wv1 h'_top + bv1)) + bv2
 * ONNX's GRU with linear_before_reset = 1 is exactly these gates (its
 * weights in z, r, h order). */
typedef struct bc_export_policy {
    int32_t obs, hidden, head, layers, actions;
    const float *enc_w1, *enc_b1, *enc_g1, *enc_be1, *enc_w2, *enc_b2, *enc_g2, *enc_be2;
    const float *gru_wih[3], *gru_whh[3], *gru_bih[3], *gru_bhh[3];
    const float *pol_w1, *pol_b1, *pol_g, *pol_be, *pol_w2, *pol_b2;
    const float *val_w1, *val_b1, *val_g, *val_be, *val_w2, *val_b2;
    const char *const *observation_names; /* [obs] */
    const char *feature_spec;
    int32_t episode_length;
} bc_export_policy;

/* The policy's one-step graph, opset BC_EXPORT_ONNX_POLICY_OPSET: inputs
 * "observation" float[N,D] and "h_in" float[L,N,H] (zeros when an episode
 * begins); outputs "action" int64[N] (argmax), "probabilities" float[N,A],
 * "value" float[N,1] and "h_out" float[L,N,H] (the next h_in). Gemm, Relu,
 * LayerNormalization, GRU (linear_before_reset 1), Slice, Concat, Squeeze,
 * Softmax, ArgMax. Errors as bc_export_ir_onnx. */
#define BC_EXPORT_ONNX_POLICY_OPSET 17
#define BC_EXPORT_ONNX_POLICY_IR_VERSION 8
int32_t bc_export_policy_onnx(const bc_export_policy *pol, uint8_t **out, int64_t *size);

/* Source code flavours of the generated predictor: the same expressions
 * rendered as MQL5 (an .mqh for MetaTrader 5) or as C99 (which the tests
 * compile to check the arithmetic the .mqh performs). */
enum { BC_EXPORT_SOURCE_MQL5 = 1, BC_EXPORT_SOURCE_C = 2 };
/* Or'ed into the flavour of an MQL5 export with a decision rule: the
 * decision comes from the decision ONNX graph through MT5's OnnxRun
 * instead of the generated forward pass. */
#define BC_EXPORT_SOURCE_ONNX_RUN 0x100

/* NUL-terminated source text in *out (free with free()). prefix names the
 * generated identifiers (e.g. "bc_model" gives bc_model_predict); it must
 * be a C identifier of at most 40 characters. */
int32_t bc_export_ir_source(const bc_export_ir *ir, int32_t flavour,
                            const char *prefix, char **out);

struct bc_model;
/* The C twin of the model's MQL5 export (bc_export_mql5's text in the C
 * flavour, decision rule included when the predictor can run the model),
 * malloc'd into *out. For the tests. */
int32_t bc_export_model_source_c(const struct bc_model *m, const char *prefix, char **out);

/* Writes size bytes to path atomically (temporary file in the same
 * directory, fsync, rename). BC_E_IO naming the path and the failing step. */
int32_t bc_export_write_file(const char *path, const void *data, int64_t size);

#endif /* BC_EXPORT_EXPORT_IR_H */
