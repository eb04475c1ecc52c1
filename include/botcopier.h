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

/* One engine computes features for training (whole arrays) and live use
 * (one bar at a time); both run the same kernels and give bit-identical
 * numbers. Indicators follow TA-Lib's definitions, seeding and lookback
 * (default compatibility, unstable periods 0) and are tested against
 * TA-Lib's own output to 1e-9 relative; recurrences use one exactly rounded
 * fma() per bar, so values agree with TA-Lib to rounding and are the same on
 * every IEEE machine.
 *
 * Spec grammar (whitespace between tokens is ignored, names are
 * case-insensitive):
 *   spec   := item { "," item }  |  JSON array of strings, each an item or
 *             a comma list of items (JSON needs a build with jansson)
 *   item   := term [ "@" k ]      lag: the value k bars earlier, 1 <= k <= 100000
 *   term   := name [ "(" arg { "," arg } ")" ] [ "." output ]
 * Items (n, f, s, sig, k are integers 1..100000 unless said; x is a number):
 *   open high low close volume        the bar's own values
 *   sma(n)   ema(n)   rsi(n)   adx(n)  n >= 2        TA-Lib SMA/EMA/RSI/ADX
 *   atr(n)                             TA-Lib ATR
 *   macd(f,s,sig)  f,s >= 2, s >= f    -> .line .signal .hist (TA-Lib MACD)
 *   bbands(n,x)    n >= 2              -> .upper .middle .lower (SMA middle,
 *                                         population std, bands middle +- x*std)
 *   stoch(k,ks,d)                      -> .k .d (TA-Lib STOCH, SMA smoothing)
 *   ret(n)     close/close[n bars ago] - 1
 *   logret(n)  log(close/close[n bars ago])
 *   vol(n)     n >= 2: sample standard deviation (divisor n-1) of the last n
 *              one-bar log returns; lookback n
 *   cross(a,b) +1 on the bar a goes from <= b to > b, -1 from >= b to < b,
 *              0 otherwise (and on the first bar both exist); NaN while either
 *              is NaN. a, b: single-column items or numbers: cross(rsi(14),70)
 *   diff(a,b)  a - b, arguments as cross
 *   hour_sin hour_cos    sin/cos(2*pi*h/24), h = UTC hour + minute/60
 *   dow_sin dow_cos      sin/cos(2*pi*d/7), d = 0 Monday .. 6 Sunday
 *   month_sin month_cos  sin/cos(2*pi*m/12), m = 0 January .. 11 December
 *   book_bid_vol book_ask_vol book_imbalance book_spread bid_ask_ratio
 *   book_imbalance_roll  order book (DESIGN.md section 6), from raw bid
 *              volume b and ask volume a, T = b + a: b/T, a/T, (b-a)/T,
 *              a/T - b/T, (b/T)/(a/T + 1e-9); all 0 when T <= 0;
 *              book_imbalance_roll = mean of the last 5 imbalances (of fewer
 *              while fewer exist). A bar with no book gives NaN for these and
 *              does not advance the roll.
 * A multi-output item without a suffix is one column per output, named
 * item + ".line" etc. (lagged: "macd(12,26,9).line@1"); a suffix picks one.
 * Identical sub-items are computed once. Columns are named by their
 * canonical item text, e.g. "bbands(20,2.5).upper", "rsi(14)@1".
 *
 * Values: NaN while a column has too few bars (TA-Lib's lookback), and the
 * one non-finite rule: +-inf results become NaN. A missing bar - a
 * non-finite open/high/low/close/volume among those the spec reads - gives a
 * row of NaN and leaves every state untouched, as if the bar never came. */
typedef struct bc_features bc_features;

/* Builds an engine from spec (see the grammar above) into *out; all state,
 * lag rings included, is allocated here. Free with bc_features_free.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_PARSE naming the unknown item,
 * bad parameter or offset, BC_E_UNSUPPORTED (JSON spec in a build without
 * jansson), BC_E_OUT_OF_MEMORY. Thread-safe; the engine belongs to one
 * thread at a time. */
BC_API int32_t bc_features_create(const char *spec, bc_features **out);

/* Number of output columns (> 0), or BC_E_INVALID_ARGUMENT for NULL. */
BC_API int32_t bc_features_count(const bc_features *f);

/* Name of column i (0 <= i < count), e.g. "macd(12,26,9).hist", into buf
 * (NUL-terminated; *length = length without the NUL, may be NULL).
 * Errors: BC_E_INVALID_ARGUMENT (NULL f, i out of range, NULL buf with
 * capacity > 0), BC_E_BUFFER_TOO_SMALL (capacity <= length; *length set). */
BC_API int32_t bc_features_name(const bc_features *f, int32_t i, char *buf,
                                int32_t capacity, int32_t *length);

/* Canonical spec: the items comma-joined, numbers in their shortest form,
 * no spaces; bc_features_create on it gives the same columns. Two-call
 * pattern and errors as bc_features_name. */
BC_API int32_t bc_features_spec(const bc_features *f, char *buf,
                                int32_t capacity, int32_t *length);

/* Bars before every column can be valid: the largest TA-Lib lookback of the
 * columns (e.g. 33 for macd(12,26,9), 27 for adx(14); a lag adds k).
 * BC_E_INVALID_ARGUMENT for NULL. */
BC_API int32_t bc_features_lookback(const bc_features *f);

/* Forgets every bar seen (and a pending book), as just after create.
 * BC_E_INVALID_ARGUMENT for NULL. */
BC_API int32_t bc_features_reset(bc_features *f);

/* Raw bid and ask volume of the order book for the next bc_features_update
 * only (an update without it has no book). NaN means no book.
 * Errors: BC_E_INVALID_ARGUMENT (NULL f, a negative or infinite volume). */
BC_API int32_t bc_features_set_book(bc_features *f, double bid_volume,
                                    double ask_volume);

/* Feeds one bar (time in UTC seconds, prices, volume) and writes the
 * feature vector, bc_features_count() values, to out. O(1), never
 * allocates. NaN where a column is not yet valid; a missing bar (see above)
 * writes NaN everywhere and changes nothing. Errors: BC_E_INVALID_ARGUMENT
 * (NULL), BC_E_BUFFER_TOO_SMALL (capacity < count; nothing changes). */
BC_API int32_t bc_features_update(bc_features *f, int64_t time, double open,
                                  double high, double low, double close,
                                  double volume, double *out, int32_t capacity);

/* Batch: resets f, then computes n bars into out, row-major n x count
 * (out[i*count + c]), bit-identical to n calls of bc_features_update; the
 * state afterwards is that of those calls, so streaming can continue.
 * open/high/low may be NULL (close is used), volume NULL (0); close may be
 * NULL only when no column reads prices, time only when none reads time.
 * bid_volume/ask_volume: both NULL (no book on any bar) or both n values
 * (NaN = no book on that bar). Allocates scratch only for items that are
 * not output columns. Errors: BC_E_INVALID_ARGUMENT (NULL f or a needed
 * array, n < 0, one book array without the other, a negative or infinite
 * book volume, naming the index), BC_E_BUFFER_TOO_SMALL (capacity <
 * n*count), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_features_compute_arrays(
    bc_features *f, int32_t n, const int64_t *time, const double *open,
    const double *high, const double *low, const double *close,
    const double *volume, const double *bid_volume, const double *ask_volume,
    double *out, int64_t capacity);

/* Releases an engine. NULL is a no-op. */
BC_API void bc_features_free(bc_features *f);

/* (end of section: Feature engine) */

/* ======================================================================
 * Models and training (lib/model, lib/train)
 * ====================================================================== */

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
