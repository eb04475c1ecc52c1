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

/* A trained model: a dense softmax network (multinomial logistic
 * regression or an MLP) with its feature normalization, decision threshold,
 * optional Platt calibration and training metadata. Read-only once built:
 * one model may be shared by any number of threads. */
typedef struct bc_model bc_model;

/* Flags for bc_model_save_ex / bc_model_save_bytes_ex. */
#define BC_MODEL_SAVE_UNCOMPRESSED 1 /* no zstd: readable by every build,
                                        including the Windows DLL */

/* Loads a .bcm model file into *out (free with bc_model_free).
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO (cannot open/read),
 * BC_E_FORMAT (not a .bcm file, or empty), BC_E_CORRUPT (truncated,
 * checksum mismatch, inconsistent contents), BC_E_VERSION (written by a
 * newer format), BC_E_UNSUPPORTED (zstd-compressed file in a build without
 * zstd), BC_E_OUT_OF_MEMORY. The message names the file and what was wrong.
 * Thread-safe. */
BC_API int32_t bc_model_load(const char *path, bc_model **out);

/* As bc_model_load, from size bytes in memory (the image bc_model_save_bytes
 * produces); messages name the source "<bytes>". Thread-safe. */
BC_API int32_t bc_model_load_bytes(const uint8_t *data, int64_t size,
                                   bc_model **out);

/* Writes m to path as .bcm, atomically (temporary file in the same
 * directory, fsync, rename): readers see the old file or the new one.
 * Compressed with zstd when the build has it. Errors: BC_E_INVALID_ARGUMENT,
 * BC_E_IO (naming the path), BC_E_OUT_OF_MEMORY. Thread-safe for a shared
 * model. */
BC_API int32_t bc_model_save(const bc_model *m, const char *path);

/* bc_model_save with flags (BC_MODEL_SAVE_UNCOMPRESSED; 0 = default).
 * Unknown flag bits: BC_E_INVALID_ARGUMENT. */
BC_API int32_t bc_model_save_ex(const bc_model *m, const char *path,
                                int32_t flags);

/* The .bcm image in caller memory, two-call pattern: *length receives the
 * size needed; when capacity < *length nothing is copied and the result is
 * BC_E_BUFFER_TOO_SMALL (capacity 0 with buf NULL asks for the size). The
 * same model always gives the same bytes. */
BC_API int32_t bc_model_save_bytes(const bc_model *m, uint8_t *buf,
                                   int64_t capacity, int64_t *length);

/* bc_model_save_bytes with flags as bc_model_save_ex. */
BC_API int32_t bc_model_save_bytes_ex(const bc_model *m, uint8_t *buf,
                                      int64_t capacity, int64_t *length,
                                      int32_t flags);

/* Writes BotCopier's model.json (atomically) with its keys: model_type,
 * feature_names, coefficients, intercept, threshold, feature_mean,
 * feature_std, clip_low, clip_high, mode, feature_flags, half_life_days,
 * calibration_coef/calibration_intercept (when calibrated),
 * validation_metrics, trained_at (ISO-8601 UTC), num_samples,
 * last_event_id, and hourly_thresholds / symbol_thresholds and any other
 * keys the cloning pipeline attached. Conventions:
 *   - feature_mean/feature_std are the normalization center/scale (mean/std,
 *     or median/IQR when "normalization" is "robust"); clip_low/clip_high are
 *     in raw feature units (clip then normalize, as BotCopier did), +-1e308
 *     standing for "no clip".
 *   - Two classes: coefficients is the flat vector w1 - w0 and intercept the
 *     scalar b1 - b0 (BotCopier's binary logistic model); more classes:
 *     coefficients is [classes][features] and intercept [classes].
 *   - MLP: "mlp_layers" = [{"weights": [out][in], "bias": [out],
 *     "activation": "relu"|"tanh"|"identity"}], softmax after the last.
 *   - Also: class_names, class_thresholds, normalization, feature_spec,
 *     num_classes.
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_IO, BC_E_UNSUPPORTED (build without
 * jansson). Thread-safe. */
BC_API int32_t bc_model_write_json(const bc_model *m, const char *path);

/* Compact JSON summary of the model (kind, sizes, class names, hidden
 * widths, normalization, feature spec, threshold, calibration, mode,
 * feature_flags, training info, validation_metrics), two-call pattern as
 * every text output (*length excludes the NUL). BC_E_UNSUPPORTED without
 * jansson. Thread-safe. */
BC_API int32_t bc_model_info_json(const bc_model *m, char *buf,
                                  int32_t capacity, int32_t *length);

/* Number of input features / output classes (0 for NULL). Thread-safe. */
BC_API int32_t bc_model_num_features(const bc_model *m);
BC_API int32_t bc_model_num_classes(const bc_model *m);

/* The feature engine spec the model was trained with ("" when none),
 * two-call pattern. Thread-safe. */
BC_API int32_t bc_model_feature_spec(const bc_model *m, char *buf,
                                     int32_t capacity, int32_t *length);

/* Name of feature index (0 <= index < bc_model_num_features), two-call
 * pattern. Errors: BC_E_INVALID_ARGUMENT for an index out of range. */
BC_API int32_t bc_model_feature_name(const bc_model *m, int32_t index,
                                     char *buf, int32_t capacity,
                                     int32_t *length);

/* Class probabilities for n raw rows x[n x n_features] (row-major, double):
 * probs[n x classes] (row-major), capacity in doubles. The model applies its
 * own normalization; NaN or +-inf in x means "missing" and is scored as the
 * training center of that feature. When the model carries Platt
 * calibration, P(act) = 1 - P(class 0) is calibrated and the other classes
 * are rescaled to sum to it. Errors: BC_E_INVALID_ARGUMENT, BC_E_SHAPE
 * (n_features differs from the model's), BC_E_BUFFER_TOO_SMALL.
 * Thread-safe on a shared model. */
BC_API int32_t bc_model_predict(const bc_model *m, const double *x,
                                int32_t n, int32_t n_features, double *probs,
                                int64_t capacity);

/* Releases a model. NULL is a no-op. */
BC_API void bc_model_free(bc_model *m);

/* A trainer holds options and fits models; one thread at a time. */
typedef struct bc_trainer bc_trainer;

/* Progress callback, called once per L-BFGS iteration (logistic) or epoch
 * (MLP) on the fitting thread: iteration counts from 1, total is max_iter
 * or epochs, valid_loss is NaN without a validation tail. Return 0 to go
 * on, non-zero to cancel (the fit returns BC_E_CANCELLED). */
typedef int32_t (*bc_train_progress_fn)(int32_t iteration, int32_t total,
                                        double train_loss, double valid_loss,
                                        void *user);

/* Creates a trainer for kind "logistic" (multinomial logistic regression,
 * L-BFGS) or "mlp" (dense network, minibatch Adam).
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_NOT_FOUND (other kind),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_trainer_create(const char *kind, bc_trainer **out);

/* Sets an option from text. Keys (default; range):
 *   l2            L2 penalty on weights, loss = weighted mean cross-entropy
 *                 + l2/2 |W|^2 (1e-4; >= 0). sklearn's C equals 1/(l2 n).
 *   max_iter      logistic: L-BFGS iterations (200; 1..100000)
 *   tol           logistic: stop when |grad| < tol * max(1, |params|)
 *                 (1e-5; > 0)
 *   lr            mlp: Adam learning rate (1e-3; > 0)
 *   epochs        mlp: passes over the training rows (50; 1..100000)
 *   batch_size    mlp: rows per Adam step (256; 1..1048576)
 *   hidden        mlp: hidden widths, e.g. "64,32" ("32"; 1..15 layers,
 *                 widths 1..65536)
 *   activation    mlp: "relu" | "tanh" ("relu")
 *   patience      mlp: epochs without validation improvement before early
 *                 stopping (5; 1..100000)
 *   seed          mlp: Philox seed for init and shuffling (42; uint64);
 *                 same seed, data and thread count -> bit-identical model
 *   class_weight  "none" | "balanced" (none); balanced weights class c by
 *                 W / (K * W_c), W = total training weight, W_c that of c,
 *                 K = classes present
 *   normalize     "zscore" (mean/std) | "robust" (median/IQR) | "none"
 *                 (zscore); statistics from the training rows only
 *   clip          clip normalized values to [-clip, clip]; "0" or "none"
 *                 disables (5; >= 0)
 *   validation_fraction  share of rows, taken from the END (rows are in
 *                 time order; never shuffled across time), held out for
 *                 validation metrics and MLP early stopping (0.2; 0..0.9)
 *   threads       OpenBLAS threads during the fit, 0 = OpenBLAS's default
 *                 (0; 0..1024). Process-wide while the fit runs.
 *   backend       "cpu" | "best" (cpu)
 *   mode          hardware mode recorded in the model: "auto" (probe this
 *                 machine) | lite | standard | heavy | deep | rl (auto)
 * Errors: BC_E_UNKNOWN_KEY naming the key, BC_E_INVALID_ARGUMENT naming the
 * value and the accepted range. Nothing changes on error. */
BC_API int32_t bc_trainer_set(bc_trainer *t, const char *key,
                              const char *value);

/* Sets (or clears with NULL) the progress callback. */
BC_API int32_t bc_trainer_set_progress(bc_trainer *t,
                                       bc_train_progress_fn callback,
                                       void *user);

/* Asks a running fit on another thread (or the next fit) to stop at its
 * next iteration; that fit returns BC_E_CANCELLED and clears the request.
 * The only trainer function safe to call from another thread. */
BC_API int32_t bc_trainer_cancel(bc_trainer *t);

/* Fits a model on n rows x[n x n_features] (float, row-major, in time
 * order: the validation tail is the last rows), labels y[n] in
 * 0..n_classes-1 (class 0 is "no action" for P(act)), and optional sample
 * weights (NULL = all 1; finite, >= 0, not all 0). NaN/inf features are
 * missing values (scored as the center). Records normalization, mode,
 * feature_flags, trained_at, num_samples and validation_metrics
 * ({"log_loss","accuracy","brier","num_valid","train_log_loss",
 * "iterations","stop_reason"}) in the model.
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_SHAPE, BC_E_NO_DATA (fewer than 2
 * training rows, or zero total weight), BC_E_NUMERIC (non-finite weight or
 * loss), BC_E_CANCELLED, BC_E_UNSUPPORTED (logistic in a build without
 * liblbfgs), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_trainer_fit(bc_trainer *t, const float *x, const int32_t *y,
                              const float *weights, int32_t n,
                              int32_t n_features, int32_t n_classes,
                              bc_model **out);

/* Releases a trainer. NULL is a no-op. */
BC_API void bc_trainer_free(bc_trainer *t);

/* Decision threshold that maximizes the weighted F1 score of "positive"
 * when predicting positive for score >= threshold, over n scores (e.g.
 * P(act) on the validation tail) with positive[i] in {0,1} and optional
 * weights (NULL = 1). Ties go to the highest threshold. *threshold is one
 * of the scores; *f1 (may be NULL) its F1. Errors: BC_E_INVALID_ARGUMENT,
 * BC_E_NO_DATA (no positive weight), BC_E_NUMERIC (NaN score). Pure;
 * thread-safe. */
BC_API int32_t bc_threshold_search(const double *scores,
                                   const int32_t *positive,
                                   const double *weights, int32_t n,
                                   double *threshold, double *f1);

/* Platt scaling: fits p' = 1 / (1 + exp(-(coef * logit(p) + intercept)))
 * to targets in {0,1} by Newton's method on the weighted log-loss with
 * Platt's smoothed targets (Lin, Lin and Weng 2007), from probabilities
 * p[n] (clamped to [1e-12, 1 - 1e-12]) and optional weights (NULL = 1).
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_NO_DATA (targets all one class),
 * BC_E_NUMERIC. Pure; thread-safe. */
BC_API int32_t bc_platt_fit(const double *probs, const int32_t *targets,
                            const double *weights, int32_t n, double *coef,
                            double *intercept);

/* The machine as the hardware-aware mode sees it, as JSON: {"ram_gb",
 * "cores", "cpu_mhz", "disk_free_gb" (current directory), "gpu_mem_gb",
 * "mode" (lite|standard|heavy|deep|rl by BotCopier's thresholds),
 * "feature_flags"}. Two-call pattern. BC_E_UNSUPPORTED without jansson.
 * Thread-safe. */
BC_API int32_t bc_hwinfo_json(char *buf, int32_t capacity, int32_t *length);

/* (end of section: Models and training) */

/* ======================================================================
 * Cloning, predictor, run and replay (lib/clone)
 * ====================================================================== */

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
