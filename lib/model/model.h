/*
 * model.h - the in-memory model every trainer produces and every consumer
 * (predictor, .bcm file, model.json, ONNX/MQL5 exporters) reads. Internal:
 * the public view is bc_model_* in botcopier.h.
 *
 * A model is a stack of dense layers ending in a softmax over n_classes.
 * Multinomial logistic regression is the one-layer case (W[C x F], b[C],
 * identity activation); an MLP has hidden layers with ReLU or tanh.
 *
 * Inputs are raw feature values; the model owns their normalization:
 *   z = (x - center[j]) / scale[j]          (mean/std or median/IQR)
 *   z = min(max(z, clip_low[j]), clip_high[j])   (clip in normalized units)
 *   z = 0 when x is NaN or +-inf             ("missing = center"; the
 *                                            feature engine's rule)
 * A model is read-only once built and may be shared across threads.
 */
#ifndef BC_MODEL_MODEL_H
#define BC_MODEL_MODEL_H

#include "botcopier.h"
#include "backend/backend.h"

#include <stdint.h>

/* Pinned: stored in .bcm files. */
enum bc_model_kind {
    BC_MODEL_LOGISTIC = 1,
    BC_MODEL_MLP = 2,
    BC_MODEL_TREES = 3,
    /* A trained recurrent policy (lib/rl): read from a policy file by
     * bc_model_load, stepped with a GRU state by bc_policy_from_model, never
     * row by row (the row entry points refuse it: bc_model_rows_supported). */
    BC_MODEL_POLICY = 4
};
enum bc_norm_kind { BC_NORM_NONE = 0, BC_NORM_ZSCORE = 1, BC_NORM_ROBUST = 2 };

/* Most dense layers a model may have (hidden layers + output layer). */
#define BC_MODEL_MAX_LAYERS 16
/* Longest class/feature name kept, including the NUL. */
#define BC_MODEL_NAME_MAX 256
/* Longest symbol list (64 symbols of 31 bytes, comma-separated) and time
 * zone text ("UTC+HH:MM", "server"), including the NUL. */
#define BC_MODEL_SYMBOLS_MAX 2048
#define BC_MODEL_TIME_ZONE_MAX 16

/* Where a model's bars came from (model_market.c): what an EA checks its
 * chart against, and the stops the target bot set. Every field zero means
 * unknown, so a model from an older file or a bare bc_model_create has
 * none of it. */
struct bc_model_market {
    char symbol[BC_MODEL_SYMBOLS_MAX];      /* "EURUSD", "EURUSD,GBPUSD", "" */
    int64_t bar_seconds;                    /* bar period, 0 unknown */
    char time_zone[BC_MODEL_TIME_ZONE_MAX]; /* canonical (bc_time_zone_parse), "" */
    double sl_distance, tp_distance;        /* price units, 0 = none */
};

typedef struct bc_model_layer {
    int32_t in, out;
    int32_t activation; /* BC_ACT_* applied to this layer's output; the last
                         * layer is BC_ACT_IDENTITY and feeds the softmax */
    float *weight;      /* [out x in] row-major */
    float *bias;        /* [out] */
} bc_model_layer;

struct bc_model {
    int32_t kind; /* enum bc_model_kind */
    int32_t n_features, n_classes;

    int32_t norm_kind;  /* enum bc_norm_kind (what produced center/scale) */
    double *center;     /* [F] mean or median; 0 when norm_kind is NONE */
    double *scale;      /* [F] std or IQR, > 0; 1 when NONE */
    double *clip_low;   /* [F] normalized units, may be -INFINITY */
    double *clip_high;  /* [F] normalized units, may be +INFINITY */

    int32_t n_layers;
    bc_model_layer layers[BC_MODEL_MAX_LAYERS];
    int32_t max_width; /* max over n_features and every layer's out */

    /* BC_MODEL_TREES: the ensemble (model/trees.h), n_layers is 0 and the
     * normalization is the identity (trees read raw values; non-finite
     * inputs follow each split's default branch instead of "missing =
     * center"). NULL for the dense kinds. */
    struct bc_trees *trees;

    /* BC_MODEL_POLICY: the GRU actor-critic and its weights (rl/policy_io.h);
     * n_features is the observation width, n_classes the action count,
     * feature_names the observation columns, feature_spec the env's
     * features; n_layers 0, identity normalization. NULL otherwise. */
    struct rl_policy_net *policy;

    char **class_names;   /* [C], never NULL entries */
    char **feature_names; /* [F], never NULL entries */
    char *feature_spec;   /* canonical spec of the feature engine ("" none) */

    /* Decision metadata: the predictor acts when P(act) >= threshold, where
     * P(act) = 1 - P(class 0); class_thresholds[c] (NaN = use threshold) is
     * an optional per-class bar. NULL when there are none. */
    double threshold;
    double *class_thresholds;
    /* 1: a clone whose bot closed and re-entered the same way on one bar;
     * its predictor may then decide BUY while long / SELL while short (a
     * re-entry). 0 for every other model. Stored in .bcm as an optional
     * section "decision.i32" (old files: 0). */
    int32_t allow_reentry;
    /* 1: a clone whose bot never reversed on one bar in training (never
     * opened long while short or short while long); its predictor then
     * only closes a position or holds it, and enters on a later bar.
     * Stored in .bcm as an optional section "decision.no_reversal.i32"
     * (old files and other models: 0, reversals allowed). */
    int32_t no_reversal;
    /* 1: a clone whose bot, on a bar where its stop-loss or take-profit
     * filled at the broker, did not enter again at that bar's close (its
     * entry signal there went unused more often than it was taken: the
     * cloner's level_wait); the simulator then enters on a later bar only.
     * Stored in .bcm as an optional section "decision.level_wait.i32"
     * (old files and other models: 0, an entry on such a bar allowed). */
    int32_t level_wait;
    /* > 0: a clone whose bot's broker stop moves to the entry price (break
     * even) once a bar after the entry bar reaches breakeven_atr x the entry
     * bar's atr(14) in the position's favour (high for a long, low for a
     * short); the move counts from the next bar (that bar's touch is decided
     * on the stop it had). Learned by the cloner from the log's closes at
     * the entry price (cloner_learn_breakeven). Stored in .bcm as an optional
     * section "decision.breakeven_atr.f64" and in model.json as
     * "breakeven_atr" (old files and other models: 0, no move). */
    double breakeven_atr;
    /* > 0: a clone's longest hold, in bars: its bot never held a position
     * longer on the training bars (the cloner's max_hold); the simulator
     * closes a position held more than this many bars where the model
     * would hold it (clone_max_hold). Stored in .bcm as an optional
     * section "decision.max_hold.i32" (old files and other models: 0, no
     * limit). */
    int32_t max_hold;

    /* Platt calibration of P(act): p' = 1 / (1 + exp(-(coef * s + intercept)))
     * with s = logit(P(act)). Applied by bc_model_predict_row. */
    int32_t has_calibration;
    double calibration_coef, calibration_intercept;

    char mode[16];             /* lite|standard|heavy|deep|rl ("" unknown) */
    char *feature_flags;       /* JSON object text ("{}" when none) */
    double half_life_days;     /* 0 when no time decay was used */
    int64_t trained_at;        /* seconds since 1970 UTC, 0 unknown */
    int64_t num_samples;       /* training rows */
    int64_t last_event_id;     /* -1 unknown */
    char *validation_metrics;  /* JSON object text ("{}" when none) */
    char *extra_json;          /* JSON object the clone pipeline adds ("{}") */
    struct bc_model_market market;
};

/* Allocates a model with zeroed weights, identity normalization (center 0,
 * scale 1, clip +-inf), classes "0".."C-1", features "f0".."f{F-1}",
 * threshold 0.5, empty texts. hidden[0..n_hidden) are the hidden widths
 * (n_hidden 0 and kind LOGISTIC for logistic regression). activation is the
 * hidden layers' BC_ACT_RELU or BC_ACT_TANH. */
int32_t bc_model_create(int32_t kind, int32_t n_features, int32_t n_classes,
                        const int32_t *hidden, int32_t n_hidden,
                        int32_t activation, bc_model **out);

/* Gives the model of kind BC_MODEL_TREES its ensemble (ownership passes,
 * also on failure); validates it against the model's shape. */
int32_t bc_model_set_trees(bc_model *m, struct bc_trees *trees);

/* BC_OK when m is evaluated row by row (every kind but a recurrent
 * policy); else BC_E_UNSUPPORTED naming fn. */
int32_t bc_model_rows_supported(const bc_model *m, const char *fn);

/* Deep copy. */
int32_t bc_model_clone(const bc_model *m, bc_model **out);

/* Number of doubles of scratch bc_model_forward_row / predict_row need. */
int64_t bc_model_scratch_doubles(const bc_model *m);

/* Normalizes one raw row into z[F] by the rules at the top of this file. */
void bc_model_normalize_row(const bc_model *m, const double *x, double *z);
void bc_model_normalize_row_f32(const bc_model *m, const float *x, float *z);
/* n rows at once into float, for training: the same rule and arithmetic
 * as bc_model_normalize_row_f32, written so the loop vectorizes. */
void bc_model_normalize_rows_f32(const bc_model *m, const float *x, int64_t n, float *z);

/* Raw class probabilities (softmax output, no calibration) for one raw row:
 * probs[C]. scratch holds bc_model_scratch_doubles(m) doubles. Weights are
 * float, sums double, in one fixed order (the same bits with or without
 * SIMD, so equal to the generated MQL5/C source to ~1e-15). No allocation;
 * thread-safe on a shared model with per-thread scratch. */
void bc_model_forward_row(const bc_model *m, const double *x, double *probs,
                          double *scratch);
void bc_model_forward_row_f32(const bc_model *m, const float *x,
                              double *probs, double *scratch);

/* forward_row with the layers in float, as the ONNX export computes them
 * (normalization in double, the row rounded to float, float weights and
 * sums in the fixed lane order of forward_row, softmax in double): agrees
 * with forward_row to float rounding (~1e-7), the same bits on every
 * machine, about four times less work. The predictor's decisions and the
 * cloner's closed-loop threshold search use it, so they stay one path.
 * Same scratch, no allocation, thread-safe as forward_row. */
void bc_model_forward_row_fast(const bc_model *m, const double *x, double *probs,
                               double *scratch);
/* forward_row / forward_row_fast with the AVX kernels only where allow_avx is 1 and the
 * CPU has AVX (0: the portable loops); the results are the same bits either
 * way - the tests hold the two against each other. */
void bc_model_forward_row_with(const bc_model *m, const double *x, double *probs,
                               double *scratch, int32_t allow_avx);
void bc_model_forward_row_fast_with(const bc_model *m, const double *x, double *probs,
                                    double *scratch, int32_t allow_avx);

/* y[o] = bias[o] + sum_i weight[o*n_in + i] * x[i] for o < n_out, in
 * float with forward_row_fast's fixed lane order (AVX when the CPU has it,
 * the same bits without): the products of the recurrent policy's single
 * step (lib/rl rl_net_step). No allocation, thread-safe. */
void bc_dense_rows_f32(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                       const float *x, float *y);

/* What a host sees: forward_row, then calibration of P(act) when the model
 * has one (P(class 0) = 1 - p', other classes rescaled to sum to p'). */
void bc_model_predict_row(const bc_model *m, const double *x, double *probs,
                          double *scratch);

/* Calibrated P(act) from raw probabilities (1 - probs[0] without
 * calibration). */
double bc_model_act_probability(const bc_model *m, const double *probs);

/* Batch forward through the backend's GEMM on already-normalized rows
 * xn[n x F] (float): probs[n x C] (float, raw softmax). Allocates its own
 * work buffers. Errors: BC_E_OUT_OF_MEMORY, backend failures. */
int32_t bc_model_forward_batch_normalized(const bc_model *m,
                                          bc_backend *backend,
                                          const float *xn, int64_t n,
                                          float *probs);

/* Metadata setters: copy their arguments. names arrays must hold F (or C)
 * non-NULL strings shorter than BC_MODEL_NAME_MAX. JSON texts are stored as
 * given (callers pass valid JSON objects; the exporters parse them). */
int32_t bc_model_set_feature_names(bc_model *m, const char *const *names);
int32_t bc_model_set_class_names(bc_model *m, const char *const *names);
int32_t bc_model_set_feature_spec(bc_model *m, const char *spec);
int32_t bc_model_set_threshold(bc_model *m, double threshold);
/* per_class[C] (NaN entries = use the single threshold); NULL removes. */
int32_t bc_model_set_class_thresholds(bc_model *m, const double *per_class);
int32_t bc_model_set_calibration(bc_model *m, double coef, double intercept);
int32_t bc_model_set_mode(bc_model *m, const char *mode,
                          const char *feature_flags_json);
int32_t bc_model_set_training_info(bc_model *m, double half_life_days,
                                   int64_t trained_at, int64_t num_samples,
                                   int64_t last_event_id);
int32_t bc_model_set_validation_metrics(bc_model *m, const char *json);
int32_t bc_model_set_extra_json(bc_model *m, const char *json);

/* Static name of a kind ("logistic", "mlp") or NULL. */
const char *bc_model_kind_name(int32_t kind);
const char *bc_norm_kind_name(int32_t norm_kind);

/* Checks every invariant (shapes, finiteness, scale > 0, names present);
 * BC_E_CORRUPT naming the first violation. Used by the loader. */
int32_t bc_model_validate(const bc_model *m);

/* Metadata as a compact JSON object (what bc_model_info_json returns and
 * the .bcm "metadata.json" section holds); *out_text is malloc'd. Only in
 * builds with jansson. */
#ifdef BC_HAVE_JANSSON
int32_t bc_model_metadata_json(const bc_model *m, char **out_text);
#endif

/* Symbol and lot size a clone trades with, from the model's clone metadata
 * ("CLONE" and 0.1 when absent; always those without Jansson). symbol gets at
 * most capacity bytes, NUL-terminated. */
void bc_model_trade_identity(const bc_model *m, char *symbol, int32_t capacity, double *lots);

/* Adds the market keys (symbol, bar_seconds, timeframe, time_zone,
 * sl_distance, tp_distance; only those known) to a JSON object: model.json
 * and the metadata summary share them. */
#ifdef BC_HAVE_JANSSON
struct json_t;
void bc_model_market_json(const bc_model *m, struct json_t *root);
#endif

/* "M1", "H4", "D1", "W1", "MN1" for MetaTrader's standard periods, else
 * NULL. */
const char *bc_model_timeframe_name(int64_t bar_seconds);

/* Duplicates a string; NULL on allocation failure. */
char *bc_model_strdup(const char *s);

#endif /* BC_MODEL_MODEL_H */
