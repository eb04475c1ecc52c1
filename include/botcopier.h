/*
 * botcopier.h - the public contract of libbotcopier.
 *
 * libbotcopier clones trading bots from their trade logs, trains trading
 * policies, and runs the result inside C/C++ engines, Python (ctypes) and
 * MetaTrader 5 Expert Advisors (DLL import).
 *
 * This file is the only API. Anything not declared here is internal and may
 * change in any release. Rules every declaration follows:
 *   - C linkage, fixed-width types only (no long, bool, size_t, enum types).
 *   - Every fallible call returns an int32_t status: BC_OK (0) or one of the
 *     pinned negative BC_E_* codes below. On failure, bc_last_error() returns
 *     a sentence for the calling thread that names the offending value.
 *   - Objects come back through out-parameters; every *_free(NULL) is a no-op.
 *   - Caller-allocated outputs take a capacity and report the length needed
 *     (two-call pattern): pass capacity 0 to learn the size.
 *   - Nothing aborts, exits or prints to stdout; logging goes to a callback
 *     (bc_log_set) or to a bounded ring buffer a host drains (bc_log_pop).
 *   - Thread-safety is stated per function. Unless said otherwise, an object
 *     belongs to one thread at a time.
 */
#ifndef BOTCOPIER_H
#define BOTCOPIER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  if defined(BC_BUILDING_LIBRARY)
#    define BC_API __declspec(dllexport)
#  else
#    define BC_API
#  endif
#elif defined(__GNUC__)
#  define BC_API __attribute__((visibility("default")))
#else
#  define BC_API
#endif

/* ======================================================================
 * Versions
 * ====================================================================== */

#define BC_VERSION_MAJOR 0
#define BC_VERSION_MINOR 1
#define BC_VERSION_PATCH 0
/* MAJOR*10000 + MINOR*100 + PATCH, comparable with bc_version_number(). */
#define BC_VERSION_NUMBER \
    (BC_VERSION_MAJOR * 10000 + BC_VERSION_MINOR * 100 + BC_VERSION_PATCH)
#define BC_VERSION_STRING "0.1.0"
/* ABI version: the SONAME suffix (libbotcopier.so.<ABI>). It changes only
 * when an existing declaration changes incompatibly, which this project
 * avoids by adding _v2 functions instead. */
#define BC_ABI_VERSION 1

/* Version of the library actually loaded, as BC_VERSION_NUMBER. A host
 * compares it with the macro it was compiled against. Thread-safe. */
BC_API uint32_t bc_version_number(void);

/* Version of the loaded library as a static "MAJOR.MINOR.PATCH" string.
 * Never NULL; do not free. Thread-safe. */
BC_API const char *bc_version_string(void);

/* ABI version of the loaded library (BC_ABI_VERSION it was built with).
 * Thread-safe. */
BC_API uint32_t bc_abi_version(void);

/* A static JSON object describing the build: {"version", "abi", "compiler",
 * "blas", "zstd", "json", "backends": [...], "cuda_plugin"}. Never NULL; do
 * not free. Computed once; thread-safe. */
BC_API const char *bc_build_info(void);

/* ======================================================================
 * Status codes and errors
 *
 * Values are pinned: they never change meaning and are never reused.
 * ====================================================================== */

#define BC_OK 0
#define BC_E_INVALID_ARGUMENT   (-1)  /* a NULL pointer or value out of range */
#define BC_E_OUT_OF_MEMORY      (-2)
#define BC_E_IO                 (-3)  /* open/read/write/rename failed */
#define BC_E_PARSE              (-4)  /* malformed text input (CSV, spec) */
#define BC_E_FORMAT             (-5)  /* not a file of the expected kind */
#define BC_E_CORRUPT            (-6)  /* checksum mismatch or truncated file */
#define BC_E_VERSION            (-7)  /* file written by a newer format */
#define BC_E_BUFFER_TOO_SMALL   (-8)  /* capacity below the needed length */
#define BC_E_BAD_HANDLE         (-9)  /* id never issued or malformed */
#define BC_E_STALE_HANDLE       (-10) /* id was issued, then released */
#define BC_E_WRONG_HANDLE_TYPE  (-11) /* id names an object of another type */
#define BC_E_UNSUPPORTED        (-12) /* not available in this build */
#define BC_E_NOT_FOUND          (-13) /* named thing does not exist */
#define BC_E_UNKNOWN_KEY        (-14) /* option key not recognised */
#define BC_E_CANCELLED          (-15) /* a long call was cancelled */
#define BC_E_SHAPE              (-16) /* array dimensions do not match */
#define BC_E_NUMERIC            (-17) /* NaN/Inf where a finite value is needed */
#define BC_E_NO_DATA            (-18) /* input had no usable rows */
#define BC_E_STATE              (-19) /* call not valid in the object's state */
#define BC_E_BACKEND            (-20) /* the compute backend failed */
#define BC_E_INTERNAL           (-21) /* a bug: please report it */

/* Static, never-NULL name and description of a status code, e.g.
 * "BC_E_PARSE: malformed input". Unknown codes give "unknown status".
 * Thread-safe. */
BC_API const char *bc_status_string(int32_t status);

/* The message of the last failed call on the calling thread, e.g.
 * "trades.csv line 213: column 'price' is 'abc', expected a number".
 * Empty string when the thread has had no failure. Valid until the next
 * library call on this thread; never NULL; do not free. Each thread has its
 * own message: a failure on one thread never shows on another. */
BC_API const char *bc_last_error(void);

/* Clears the calling thread's last error. Thread-safe. */
BC_API void bc_clear_error(void);

/* ======================================================================
 * Logging
 *
 * The library never prints. Messages go to a callback when one is set,
 * otherwise into a bounded in-memory ring (oldest dropped first) that a host
 * without callbacks (an MQL5 EA) drains with bc_log_pop().
 * ====================================================================== */

#define BC_LOG_ERROR 1
#define BC_LOG_WARN  2
#define BC_LOG_INFO  3
#define BC_LOG_DEBUG 4

/* Log callback: level is a BC_LOG_* value, message is NUL-terminated UTF-8
 * valid only during the call, user is the pointer given to bc_log_set.
 * It may be called from any thread that calls into the library, so it must
 * be thread-safe; it must not call back into bc_log_set. */
typedef void (*bc_log_fn)(int32_t level, const char *message, void *user);

/* Sets the log callback (NULL restores the ring buffer) and the most
 * verbose level delivered (BC_LOG_ERROR..BC_LOG_DEBUG; default BC_LOG_INFO).
 * Errors: BC_E_INVALID_ARGUMENT for a level outside 1..4 (nothing changes).
 * Thread-safe; takes effect for messages logged after it returns. */
BC_API int32_t bc_log_set(bc_log_fn callback, void *user, int32_t max_level);

/* Number of messages waiting in the ring. Thread-safe. */
BC_API int32_t bc_log_pending(void);

/* Number of messages dropped from the ring because it was full since the
 * last call; resets the count. Thread-safe. */
BC_API int32_t bc_log_dropped(void);

/* Takes the oldest message from the ring into buf (capacity bytes,
 * NUL-terminated), its level into *level (may be NULL) and the length
 * without the NUL into *length (may be NULL).
 * Returns BC_OK, or BC_E_NOT_FOUND when the ring is empty, or
 * BC_E_BUFFER_TOO_SMALL when capacity <= length; then *length holds the
 * length and the message stays in the ring. Thread-safe. */
BC_API int32_t bc_log_pop(char *buf, int32_t capacity, int32_t *length,
                          int32_t *level);

/* ======================================================================
 * Random numbers
 *
 * Philox4x32-10 (Salmon et al., SC'11): counter-based, so any element of a
 * stream can be computed directly from (seed, stream, index), on any thread
 * or backend, with identical results.
 * ====================================================================== */

/* One Philox4x32-10 block: out[0..3] = philox(counter[0..3], key[0..1]).
 * All pointers required. Errors: BC_E_INVALID_ARGUMENT for NULL. Pure;
 * thread-safe. */
BC_API int32_t bc_philox4x32(const uint32_t counter[4], const uint32_t key[2],
                             uint32_t out[4]);

/* Fills out[0..n) with uniform floats in [0, 1) (24 random bits each): out[i]
 * is element offset+i of the stream keyed by (seed, stream). The same
 * arguments always give the same numbers, whatever n and offset split the
 * range into. Errors: BC_E_INVALID_ARGUMENT for NULL out or n < 0. Pure;
 * thread-safe. */
BC_API int32_t bc_random_uniform(uint64_t seed, uint64_t stream,
                                 uint64_t offset, int32_t n, float *out);

/* ======================================================================
 * Compute backends
 *
 * All numerical work runs on a backend. "cpu" (OpenBLAS, or reference
 * kernels where OpenBLAS is absent) is always present. "cuda" is a plugin,
 * libbotcopier-cuda.so, loaded at run time. "best" picks cuda when the plugin
 * loads and finds a device, and falls back to cpu with an INFO log line.
 * ====================================================================== */

typedef struct bc_backend bc_backend;

/* Number of backends this build knows by name ("cpu", "cuda"), whether or
 * not they can start here. Thread-safe. */
BC_API int32_t bc_backend_count(void);

/* Static name of backend index i (0 <= i < bc_backend_count()), or NULL for
 * an index out of range. Thread-safe. */
BC_API const char *bc_backend_name(int32_t index);

/* Starts the backend called name ("cpu", "cuda" or "best") into *out.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_NOT_FOUND (unknown name),
 * BC_E_UNSUPPORTED ("cuda" when the plugin or a device is missing; the
 * message says which), BC_E_OUT_OF_MEMORY. Thread-safe; the returned
 * backend belongs to one thread at a time. Free with bc_backend_free. */
BC_API int32_t bc_backend_init(const char *name, bc_backend **out);

/* Releases a backend. NULL is a no-op. */
BC_API void bc_backend_free(bc_backend *backend);

/* Static name of the backend an initialised handle runs on ("cpu" or
 * "cuda"), e.g. to learn what "best" chose; NULL for a NULL handle. */
BC_API const char *bc_backend_kind(const bc_backend *backend);

/* Single-precision GEMM on host memory, row-major:
 *   C[m x n] = alpha * op(A) * op(B) + beta * C
 * op(X) is X when trans_X == 0 and X^T when trans_X == 1; op(A) is m x k,
 * op(B) is k x n. lda, ldb, ldc are row strides in elements of the stored
 * (untransposed) matrices. m, n or k == 0 is valid and does nothing beyond
 * scaling C by beta. Errors: BC_E_INVALID_ARGUMENT for NULL pointers,
 * negative sizes, trans flags other than 0/1 or a leading dimension too
 * small for its matrix (the message names it). */
BC_API int32_t bc_backend_sgemm(bc_backend *backend, int32_t trans_a,
                                int32_t trans_b, int32_t m, int32_t n,
                                int32_t k, float alpha, const float *a,
                                int32_t lda, const float *b, int32_t ldb,
                                float beta, float *c, int32_t ldc);

/* Strided-batched GEMM: for i in 0..batch, the sgemm above on
 * a + i*stride_a, b + i*stride_b, c + i*stride_c (strides in elements,
 * >= 0). Errors as bc_backend_sgemm, plus batch < 0. */
BC_API int32_t bc_backend_sgemm_batched(
    bc_backend *backend, int32_t trans_a, int32_t trans_b, int32_t m,
    int32_t n, int32_t k, float alpha, const float *a, int32_t lda,
    int64_t stride_a, const float *b, int32_t ldb, int64_t stride_b,
    float beta, float *c, int32_t ldc, int64_t stride_c, int32_t batch);

/* ======================================================================
 * Time and market data (lib/data)
 * ====================================================================== */

/* (end of section: Time and market data) */

/* ======================================================================
 * Feature engine (lib/features)
 * ====================================================================== */

/* (end of section: Feature engine) */

/* ======================================================================
 * Models and training (lib/model, lib/train)
 * ====================================================================== */

/* (end of section: Models and training) */

/* ======================================================================
 * Cloning, predictor, run and replay (lib/clone)
 * ====================================================================== */

/* Per-bar labels a clone learns (the model's classes, in this order). */
#define BC_LABEL_NONE       0
#define BC_LABEL_OPEN_LONG  1
#define BC_LABEL_OPEN_SHORT 2
#define BC_LABEL_CLOSE      3

/* Decisions a predictor returns. BUY when flat opens long, when short it
 * reverses (close, then open long); SELL mirrors it; CLOSE flattens. */
#define BC_DECISION_HOLD  0
#define BC_DECISION_BUY   1
#define BC_DECISION_SELL  2
#define BC_DECISION_CLOSE 3

/* The default candidate feature set of a clone, as a feature-engine spec:
 * crosses of moving averages (sma/ema 5..50), of price with its averages
 * and Bollinger bands, of MACD with its signal and zero, of RSI with 30/50/
 * 70 and of stochastics %K with %D and 20/80; RSI(7/14/21), stochastics and
 * ADX levels with first lags; returns, volatility, hour and weekday
 * encodings. Price-unit values and the month are left out (they drift
 * between training and use). Static, never NULL, do not free. Thread-safe. */
BC_API const char *bc_clone_default_features(void);

/* --- cloner: learns a bot's policy from its trade log ------------------
 *
 * Keys for bc_cloner_set (values are text; defaults in brackets):
 *   model              logistic | mlp [logistic]
 *   features           feature-engine spec of the market features
 *                      [bc_clone_default_features()]; position state
 *                      (pos_long, pos_short, bars_held, upnl_atr) is always
 *                      appended
 *   holdout            fraction of bars, at the end, held out for the report,
 *                      0.05..0.9 [0.3]
 *   validation         fraction of the remaining bars, at their end, used for
 *                      calibration and the threshold search, 0.05..0.5 [0.2]
 *   symbol             which symbol of the log to clone [the log's only one]
 *   half_life_days     time-decay half-life of sample weights, 0 = none, >= 0
 *                      [0]; weight 0.5 ** (age_days / half_life_days) from the
 *                      newest event
 *   uncertain_file     uncertain_decisions.csv with labels (0..3) filled in;
 *                      its rows join training with their logged features [""]
 *   uncertain_weight   weight of those rows, > 0 [2]
 *   replay_file        divergences.csv (bc_replay_decisions); the bar whose
 *                      decision diverged gets weight × replay_weight × weight [""]
 *   replay_weight      > 0 [1]
 *   class_balance      1 = weight classes inversely to their frequency, 0 = no [1]
 *   threshold          auto (search on the validation slice) or 0..1 [auto]
 *   calibrate          1 = Platt calibration on the validation slice, 0 = no [1]
 *   hidden             MLP hidden widths, e.g. "64,32" [64,32]
 *                      (the cloner sets the trainer's validation_fraction 0,
 *                      max_iter 1000 for logistic and epochs 300 for mlp,
 *                      unless given below)
 *   l2, tol, lr, clip, max_iter, epochs, batch_size, patience, threads,
 *   seed, activation, normalize, backend, mode
 *                      handed to the trainer unchanged (see bc_trainer_set;
 *                      checked when set) [the trainer's defaults]; mode
 *                      'auto' picks lite/standard/heavy/deep/rl from bc_hwinfo
 * Unknown key: BC_E_UNKNOWN_KEY; bad value: BC_E_INVALID_ARGUMENT naming it. */
typedef struct bc_cloner bc_cloner;

/* Creates a cloner with the defaults above. Free with bc_cloner_free.
 * Errors: BC_E_INVALID_ARGUMENT (NULL out), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_cloner_create(bc_cloner **out);

/* Sets one option (see the keys above). The value is copied. */
BC_API int32_t bc_cloner_set(bc_cloner *cloner, const char *key,
                             const char *value);

/* Learns a clone of the bot whose events are in trades, on bars of its
 * symbol: labels every bar (none/open long/open short/close; an event
 * belongs to the last bar at or before it), computes the features and the
 * position state, trains on the time-ordered head, calibrates and picks the
 * threshold on the validation slice, and measures the clone on the held-out
 * tail (classification metrics and clone fidelity, a closed-loop run from
 * the target's position at the tail's start). The new model comes back in
 * *out (caller frees with bc_model_free); the report stays in the cloner
 * (bc_cloner_report_json). Progress goes to the log (BC_LOG_INFO).
 * Errors: BC_E_INVALID_ARGUMENT (NULLs; an event before the first bar; a log
 * with several symbols and no 'symbol' set, naming them; the chosen symbol
 * absent), BC_E_NO_DATA (no OPEN events, or too few bars after the
 * features' lookback), errors of the feature spec, the trainer and the
 * uncertain/replay files. The cloner belongs to one thread at a time. */
BC_API int32_t bc_cloner_fit(bc_cloner *cloner, const bc_trades *trades,
                             const bc_bars *bars, bc_model **out);

/* The report of the last successful fit as JSON (two-call pattern; length
 * excludes the NUL): {"symbol", "model", "bars", "train_bars",
 * "validation_bars", "holdout_bars", "threshold", "calibration", "holdout":
 * {"accuracy", "macro_f1", "roc_auc", "brier", "classes": {name: {"precision",
 * "recall", "f1", "roc_auc", "support"}}}, "fidelity": {"target_entries",
 * "clone_entries", "matched", "precision", "recall", "f1", "tolerance_bars"},
 * "labels": {class: count}, "intrabar_round_trips", "features": n}.
 * Errors: BC_E_STATE (no fit yet), BC_E_BUFFER_TOO_SMALL,
 * BC_E_UNSUPPORTED (built without jansson). */
BC_API int32_t bc_cloner_report_json(const bc_cloner *cloner, char *buf,
                                     int32_t capacity, int32_t *length);

/* Releases a cloner. NULL is a no-op. */
BC_API void bc_cloner_free(bc_cloner *cloner);

/* --- predictor: a model running live, one bar at a time ----------------
 *
 * Holds the model's feature engine state, the position state and scratch;
 * bc_predictor_update never allocates. The model must outlive the
 * predictor and may be shared by many predictors (one per thread / EA).
 * Keys for bc_predictor_set (defaults in brackets):
 *   threshold          0..1 [the model's]: act when P(act) >= threshold
 *   uncertainty_margin 0..0.5 [0.05]
 *   auto_position      1 = the predictor assumes each decision is filled at
 *                      the bar's close and tracks the position itself,
 *                      0 = the host reports fills with bc_predictor_set_position [1]
 *   decision_log       path of a decisions.csv to append every decision to
 *                      (bars still in the features' lookback are not
 *                      decided on and not logged), "" = none [""]
 *   uncertain_log      path of an uncertain_decisions.csv for decisions with
 *                      |P(act) - threshold| < margin (empty label column) [""]
 *   model_version      text written in the logs' model_version column [""]
 * Decision ids in the logs are the bar's time in seconds, so a replay
 * divergence finds its bar again. */
typedef struct bc_predictor bc_predictor;

/* Creates a predictor for model (which it does not copy). Errors:
 * BC_E_INVALID_ARGUMENT (NULL), BC_E_PARSE (the model's feature spec does
 * not build), BC_E_SHAPE (the model's width differs from its features plus
 * position state), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_predictor_create(const bc_model *model, bc_predictor **out);

/* Sets one option (keys above). Opening a log that cannot be written gives
 * BC_E_IO naming the path. */
BC_API int32_t bc_predictor_set(bc_predictor *p, const char *key,
                                const char *value);

/* Feeds the next bar (time in seconds since 1970, strictly after the last
 * one) and decides at its close: probs[0..n_classes) gets the model's class
 * probabilities (softmax, before calibration; capacity >=
 * bc_model_num_classes, else BC_E_BUFFER_TOO_SMALL; probs may be NULL with
 * capacity 0), *decision a BC_DECISION_* (HOLD while the features are still
 * in their lookback). P(act) is the probability of the actions open to the
 * position (flat: buy/sell; long: sell/close; short: buy/close), Platt-
 * calibrated when the model is; the likeliest of them is taken when P(act)
 * >= threshold (bc_predictor_last gives both). No allocation. Errors:
 * BC_E_INVALID_ARGUMENT (time not increasing, NULL decision), BC_E_IO (a
 * log write failed). */
BC_API int32_t bc_predictor_update(bc_predictor *p, int64_t time, double open,
                                   double high, double low, double close,
                                   double volume, double *probs,
                                   int32_t capacity, int32_t *decision);

/* Feeds a bar to the features (and the bars-held count) without deciding:
 * to warm a predictor up on history. Errors as bc_predictor_update. */
BC_API int32_t bc_predictor_observe(bc_predictor *p, int64_t time,
                                    double open, double high, double low,
                                    double close, double volume);

/* Sets the position seen by the next decision: direction -1 short, 0 flat,
 * +1 long; bars_held >= 0 bars since entry; entry_price > 0 (ignored when
 * flat). Errors: BC_E_INVALID_ARGUMENT naming the bad value. */
BC_API int32_t bc_predictor_set_position(bc_predictor *p, int32_t direction,
                                         int32_t bars_held,
                                         double entry_price);

/* The position the predictor holds now, bars_held as the next decision will
 * see it (any out pointer may be NULL). */
BC_API int32_t bc_predictor_position(const bc_predictor *p,
                                     int32_t *direction, int32_t *bars_held,
                                     double *entry_price);

/* Last P(act) (calibrated) and the threshold in force, e.g. for a host's
 * own logging. Errors: BC_E_INVALID_ARGUMENT for NULL. */
BC_API int32_t bc_predictor_last(const bc_predictor *p, double *p_act,
                                 double *threshold);

/* Forgets every bar and the position (flat), keeps the options. */
BC_API int32_t bc_predictor_reset(bc_predictor *p);

/* Releases a predictor and closes its logs. NULL is a no-op. */
BC_API void bc_predictor_free(bc_predictor *p);

/* --- running a clone as a bot, and replaying decisions ----------------- */

/* Runs model as a bot over bars: features warm up on every bar before
 * `from`, trading starts flat at the first bar with time >= from and stops
 * after the last bar with time <= to (an open position stays open). Each
 * decision that changes the position appends OPEN/CLOSE events (time = the
 * bar's time, price = its close, symbol and lots from the model, decision_id
 * = the bar's time) to a new trade log in *out (bc_trades_free). Use
 * INT64_MIN / INT64_MAX for the whole series. Errors: BC_E_INVALID_ARGUMENT
 * (NULLs, from > to), BC_E_NO_DATA (no bar in [from, to]), predictor errors. */
BC_API int32_t bc_clone_run(const bc_model *model, const bc_bars *bars,
                            int64_t from, int64_t to, bc_trades **out);

/* Like bc_clone_run, with a predictor the caller configured (threshold,
 * decision and uncertain logs, model_version); the predictor is reset
 * first and its position is tracked automatically during the run. */
BC_API int32_t bc_clone_run_predictor(bc_predictor *predictor,
                                      const bc_bars *bars, int64_t from,
                                      int64_t to, bc_trades **out);

/* How closely one trade log's entries follow another's on the same bars:
 * the entries (bars where a position is opened or reversed, with its
 * direction) of target and clone between from and to, matched one-to-one
 * within +-tolerance_bars and the same direction. */
typedef struct bc_fidelity {
    uint32_t struct_size; /* set to sizeof(bc_fidelity) by the caller */
    int32_t target_entries, clone_entries, matched;
    double precision, recall, f1; /* 1 when neither log has an entry */
} bc_fidelity;

/* Fills *out comparing the two logs (only events of the target's first
 * symbol, and the clone's events of any symbol) on bars over [from, to].
 * Errors: BC_E_INVALID_ARGUMENT (NULLs, struct_size too small, tolerance
 * outside 0..100, an event before the first bar). */
BC_API int32_t bc_clone_compare(const bc_trades *target, const bc_trades *clone,
                                const bc_bars *bars, int64_t from, int64_t to,
                                int32_t tolerance_bars, bc_fidelity *out);

/* Replays logged decisions (with their features) through model: for each
 * row of decisions, new_prob = the P(act) a predictor of model computes on
 * the row's features (its position read from the row's position-state
 * columns) and new threshold the one it would apply; a divergence is
 * (old_prob >= old threshold) != (new_prob >= new threshold). Each
 * divergence is written to out_path as divergences.csv
 * (decision_id,old_prob,new_prob,profit,weight) with weight as given and
 * profit that of the trade the decision led to in trades (matching
 * decision_id; trades may be NULL, then 0). *n_divergences (may be NULL)
 * gets the count. Errors: BC_E_INVALID_ARGUMENT (NULLs, weight not > 0),
 * BC_E_SHAPE (a row's feature count differs from the model's, naming the
 * row), BC_E_IO. */
BC_API int32_t bc_replay_decisions(const bc_model *model,
                                   const bc_decisions *decisions,
                                   const bc_trades *trades, double weight,
                                   const char *out_path,
                                   int32_t *n_divergences);

/* (end of section: Cloning, predictor, run and replay) */

/* ======================================================================
 * Exporters (lib/export)
 * ====================================================================== */

/* (end of section: Exporters) */

/* ======================================================================
 * MQL5 shim (lib/mql)
 * ====================================================================== */

/* (end of section: MQL5 shim) */

#ifdef __cplusplus
}
#endif

#endif /* BOTCOPIER_H */
