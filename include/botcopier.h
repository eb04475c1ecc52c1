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
 *   - Functions that return a count or size (bc_bars_length,
 *     bc_features_count, bc_model_num_features, ...) return it directly and
 *     0 for a NULL object; they never return a status.
 *   - Structs passed by pointer start with uint32_t struct_size; a size
 *     from an older header (at least the first version's) stays accepted
 *     when a struct grows, the newer fields taking their defaults.
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
 * "blas", "zstd", "json", "backends": [...], "cuda_plugin", "cuda"}. "cuda"
 * is what the CUDA plugin found, as in bc_hwinfo_json: {"status": "ok" or
 * "unavailable", "plugin": path or null, "reason": why not or null, and
 * with a device "device" (name), "device_count", "compute_capability"
 * ("9.0"), "memory_total_bytes", "memory_free_bytes" (at the first call),
 * "multiprocessors", "driver_version", "runtime_version" ("13.0"),
 * "cublas_version", "cudnn_version"}; null in builds without JSON (the
 * Windows DLL). Never NULL; do not free. Computed once, at the first call
 * (which loads the plugin when present); thread-safe. */
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
 * It is called from whichever thread logged, without any library lock
 * held, so calls on several threads may overlap: it must be thread-safe.
 * It may call any library function: bc_log_pending/pop, bc_log_set (a
 * callback that replaces itself), readers that log. What the library logs
 * on that thread while the callback runs is not delivered to the callback
 * again (no recursion): it goes to the ring, where bc_log_pop finds it. */
typedef void (*bc_log_fn)(int32_t level, const char *message, void *user);

/* Sets the log callback (NULL restores the ring buffer) and the most
 * verbose level delivered (BC_LOG_ERROR..BC_LOG_DEBUG; default BC_LOG_INFO).
 * Errors: BC_E_INVALID_ARGUMENT for a level outside 1..4 (nothing changes).
 * Thread-safe; takes effect for messages logged after it returns. It waits
 * until callbacks running on other threads have returned, so once it
 * returns the old callback's user data may be freed (called from inside a
 * callback it does not wait for that callback itself; a callback blocked
 * on something the caller holds would wait forever: do not do that). */
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
 * libbotcopier-cuda.so (make CUDA=1), loaded at run time with dlopen, so the
 * library itself never links CUDA: from $BOTCOPIER_CUDA_PLUGIN when set (the
 * older $BC_CUDA_PLUGIN is still read), else next to the library (or the
 * program it is linked into), else the loader's search path. "best" picks
 * cuda when the plugin loads and finds a device, and falls back to cpu with
 * an INFO log line saying why.
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
 * BC_E_UNSUPPORTED for "cuda" when the plugin is missing or unloadable (the
 * message names the path tried), is not a plugin, was built for another
 * backend API version, or finds no driver or no device (the message carries
 * CUDA's own error text), BC_E_OUT_OF_MEMORY. "best" never fails for a
 * missing GPU: it logs the reason at INFO and starts cpu. Thread-safe; the returned
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
 *
 * Times are int64 seconds since 1970-01-01 00:00:00 UTC. There are no time
 * zones: broker time is taken as written.
 *
 * Every CSV reader takes (path, out object, bc_rejects **rejects) and
 * follows one contract:
 *   - the delimiter is ';', ',' or tab (detected from the header line); a
 *     UTF-8 BOM, CRLF line endings and RFC 4180 quoted fields are accepted;
 *   - columns are found by name (ASCII case-insensitive), in any order;
 *     a missing required column is BC_E_PARSE naming the column and file;
 *   - a row that cannot be used (wrong number of fields, a cell that is not
 *     a number, NaN/inf, a value out of range, ...) is skipped and recorded
 *     in the rejects list with its line number and reason; the good rows
 *     still load and a WARN log line says how many were rejected;
 *   - a file with no usable rows (empty, header only, every row bad) is
 *     BC_E_NO_DATA; *rejects is still filled so the reasons can be shown;
 *   - rejects may be NULL; otherwise *rejects receives a list (possibly
 *     empty) on BC_OK and BC_E_NO_DATA, and NULL on other errors. Free it
 *     with bc_rejects_free.
 *   - numbers are read with the C library's strtod: the host process must
 *     keep LC_NUMERIC at "C" (the default) for '.' decimal points.
 * Readers are thread-safe for different objects; a loaded object may be
 * read from many threads at once, appended to by one.
 * ====================================================================== */

/* bc_time_format styles. */
#define BC_TIME_MT4 1 /* "YYYY.MM.DD HH:MM:SS" (MetaTrader) */
#define BC_TIME_ISO 2 /* "YYYY-MM-DD HH:MM:SS" */

/* Parses a time into seconds since the epoch. Accepted forms (blanks around
 * are ignored): "YYYY.MM.DD HH:MM[:SS]", "YYYY-MM-DD[ T]HH:MM[:SS][Z]",
 * "YYYY-MM-DD", "YYYY.MM.DD" (midnight), "YYYYMMDDHHMM" (12 digits), and
 * any of the forms with seconds followed by a fraction ".fff", which is
 * truncated to the second. Fields are range-checked (month 1-12, day within
 * the month, hour 0-23, minute and second 0-59; years 0001-9999).
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_PARSE naming the text.
 * Pure; thread-safe. */
BC_API int32_t bc_time_parse(const char *text, int64_t *out_seconds);

/* Formats seconds as text in style BC_TIME_MT4 or BC_TIME_ISO into buf
 * (capacity bytes, NUL-terminated); *length (may be NULL) receives the
 * length without the NUL (19). Errors: BC_E_INVALID_ARGUMENT (NULL buf with
 * capacity > 0, unknown style, a time outside years 0001-9999),
 * BC_E_BUFFER_TOO_SMALL when capacity < 20 (then *length is still set).
 * Pure; thread-safe. */
BC_API int32_t bc_time_format(int64_t seconds, int32_t style, char *buf,
                              int32_t capacity, int32_t *length);

/* --- writing files ------------------------------------------------------ */

/* Writes size bytes of data to path as every library writer does: into a
 * temporary file beside it (a unique name, removed by the next writer of
 * the same path if the process dies), fsync, then rename over path, so
 * readers see the old file or the whole new one, never a part. For hosts
 * and the CLI writing files of their own. Errors: BC_E_INVALID_ARGUMENT
 * (NULL path, NULL data with size > 0, negative size), BC_E_IO naming the
 * path and the step that failed. Thread-safe. */
BC_API int32_t bc_write_file_atomic(const char *path, const void *data,
                                    int64_t size);

/* --- invalid rows ----------------------------------------------------- */

/* The rows a reader skipped: line number (1-based, the header is line 1),
 * reason, and the raw text of the row (control bytes shown as \xNN, cut at
 * 256 bytes). At most 100000 rows are kept; bc_rejects_total counts all. */
typedef struct bc_rejects bc_rejects;

/* Number of rejected rows kept in the list (0 for NULL). */
BC_API int32_t bc_rejects_count(const bc_rejects *rejects);

/* Number of rejected rows seen, including any beyond the 100000 kept
 * (0 for NULL). */
BC_API int64_t bc_rejects_total(const bc_rejects *rejects);

/* Row i (0 <= i < count): its line number into *line (may be NULL) and its
 * reason, e.g. "column 'price' is 'abc', expected a number", into reason
 * (capacity bytes, NUL-terminated; NULL with capacity 0 to ask the length);
 * *length (may be NULL) gets the reason's length without the NUL.
 * Errors: BC_E_INVALID_ARGUMENT (NULL list, i out of range),
 * BC_E_BUFFER_TOO_SMALL (capacity <= length; *line and *length still set). */
BC_API int32_t bc_rejects_get(const bc_rejects *rejects, int32_t i,
                              int64_t *line, char *reason, int32_t capacity,
                              int32_t *length);

/* The raw text of row i, with the same buffer rules as bc_rejects_get. */
BC_API int32_t bc_rejects_raw(const bc_rejects *rejects, int32_t i, char *buf,
                              int32_t capacity, int32_t *length);

/* Writes the list as CSV (invalid_rows.csv): header "line,reason,raw",
 * one row per rejected row, fields quoted as RFC 4180 needs. The file is
 * replaced atomically (temporary file, fsync, rename). An empty list writes
 * the header only. Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO naming the
 * path. */
BC_API int32_t bc_rejects_write_csv(const bc_rejects *rejects, const char *path);

/* Releases the list. NULL is a no-op. */
BC_API void bc_rejects_free(bc_rejects *rejects);

/* --- price bars ------------------------------------------------------- */

#define BC_BAR_OPEN   0
#define BC_BAR_HIGH   1
#define BC_BAR_LOW    2
#define BC_BAR_CLOSE  3
#define BC_BAR_VOLUME 4

/* A series of OHLCV bars with strictly increasing times. Immutable once
 * built; may be shared by threads. */
typedef struct bc_bars bc_bars;

/* Reads bars from CSV. Columns: a time column named time, date, datetime,
 * timestamp or xdate, and close (required); open, high, low, volume
 * (optional; "Adj Close"/"adjclose" and other columns are ignored). A
 * missing or empty open/high/low cell takes the close; a missing or empty
 * volume is 0. Rejected rows: unparsable time, a time not after the
 * previous accepted row's, a price that is not a finite number > 0,
 * high < low, a negative or non-finite volume, a wrong number of fields.
 * Errors: see the section's reader contract (BC_E_IO, BC_E_PARSE,
 * BC_E_NO_DATA, BC_E_OUT_OF_MEMORY, BC_E_INVALID_ARGUMENT). */
BC_API int32_t bc_bars_read_csv(const char *path, bc_bars **out,
                                bc_rejects **rejects);

/* Builds bars from arrays of n elements (copied). open, high, low may be
 * NULL (each then equals close); volume may be NULL (zeros). Times must be
 * strictly increasing and prices finite and > 0 with high >= low.
 * Errors: BC_E_INVALID_ARGUMENT (NULL time/close/out, n < 0, times not
 * increasing, a price <= 0, high < low: the message names the index),
 * BC_E_NUMERIC (a NaN/inf value, index named), BC_E_NO_DATA (n == 0),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_bars_from_arrays(int32_t n, const int64_t *time,
                                   const double *open, const double *high,
                                   const double *low, const double *close,
                                   const double *volume, bc_bars **out);

/* Number of bars (0 for NULL). */
BC_API int32_t bc_bars_length(const bc_bars *bars);

/* Bar times (seconds), length bc_bars_length; owned by bars, valid until
 * bc_bars_free. NULL for NULL bars. */
BC_API const int64_t *bc_bars_time(const bc_bars *bars);

/* One column (BC_BAR_OPEN..BC_BAR_VOLUME), length bc_bars_length; owned by
 * bars. NULL for NULL bars or an unknown column. */
BC_API const double *bc_bars_column(const bc_bars *bars, int32_t column);

/* Releases bars. NULL is a no-op. */
BC_API void bc_bars_free(bc_bars *bars);

/* --- wide price tables (one close column, or OHLCV, per asset) -------- */

/* Prices of several assets on common times: per asset a close and, where
 * the source has them, open, high, low and volume. Immutable once read;
 * may be shared by threads. */
typedef struct bc_prices bc_prices;

/* Reads a wide price table: a time column (named as for bars) and, per
 * asset, either
 *   - one close column named by the asset ("AAPL"), or
 *   - columns "<asset>.<field>", field one of open, high, low, close,
 *     volume (any case; "AAPL.close", "AAPL.high", ...): OHLCV per asset.
 *     Every asset needs a close and the same set of fields as the others.
 * A table is one form or the other (1..4096 assets, names unique). A row
 * with any value missing or unparsable, a price not > 0, a volume < 0,
 * high < low, or a time not after the previous kept row's is rejected
 * whole (listed in *rejects), so every kept row has every asset.
 * Errors: the section's reader contract, and BC_E_PARSE for a header
 * without a time column, with an unnamed or repeated asset or field, an
 * asset without a close, assets with different fields, or the two forms
 * mixed (each naming the column). */
BC_API int32_t bc_prices_read_csv(const char *path, bc_prices **out,
                                  bc_rejects **rejects);

/* Joins per-asset bar series (e.g. one bc_bars_read_csv per symbol) into a
 * price table with OHLCV per asset on the times every series has (an inner
 * join; other bars are dropped and counted in *dropped, may be NULL).
 * bars[j] is named names[j] (copied; the caller keeps both arrays).
 * Errors: BC_E_INVALID_ARGUMENT (NULL arrays/out, a NULL bars or NULL or
 * empty name naming its index, a name given twice, n_assets outside
 * 1..4096), BC_E_NO_DATA (no time common to all), BC_E_OUT_OF_MEMORY.
 * Free with bc_prices_free. */
BC_API int32_t bc_prices_from_bars(const bc_bars *const *bars,
                                   const char *const *names, int32_t n_assets,
                                   bc_prices **out, int64_t *dropped);

/* Number of rows (0 for NULL). */
BC_API int64_t bc_prices_length(const bc_prices *prices);

/* Number of assets (0 for NULL). */
BC_API int32_t bc_prices_assets(const bc_prices *prices);

/* Row times in seconds, bc_prices_length of them; owned by prices, valid
 * until bc_prices_free. NULL for NULL. */
BC_API const int64_t *bc_prices_time(const bc_prices *prices);

/* Closes row-major [length x assets]; owned by prices, valid until
 * bc_prices_free. NULL for NULL. */
BC_API const double *bc_prices_close(const bc_prices *prices);

/* One field row-major [length x assets], column BC_BAR_OPEN..BC_BAR_VOLUME;
 * owned by prices, valid until bc_prices_free. NULL for NULL prices, a
 * column outside that range, or a field the table does not have (a
 * close-only table has only BC_BAR_CLOSE). */
BC_API const double *bc_prices_column(const bc_prices *prices, int32_t column);

/* Name of an asset as the header spells it; owned by prices. NULL for NULL
 * prices or asset outside 0..assets-1. */
BC_API const char *bc_prices_asset_name(const bc_prices *prices, int32_t asset);

/* Releases the table. NULL is a no-op. */
BC_API void bc_prices_free(bc_prices *prices);

/* --- ticks ------------------------------------------------------------ */

#define BC_TICK_BID    0
#define BC_TICK_ASK    1
#define BC_TICK_LAST   2
#define BC_TICK_VOLUME 3

/* A series of quotes with non-decreasing times (several ticks may share a
 * second). Immutable once built; may be shared by threads. */
typedef struct bc_ticks bc_ticks;

/* Reads ticks from CSV: time (named as for bars), bid, ask (required),
 * last, volume (optional: missing or empty last is NaN, volume 0).
 * Rejected rows: unparsable time, a time before the previous accepted
 * row's, bid or ask not a finite number > 0, ask < bid, last present but
 * not finite and > 0, a negative or non-finite volume, a wrong number of
 * fields. Errors: as bc_bars_read_csv. */
BC_API int32_t bc_ticks_read_csv(const char *path, bc_ticks **out,
                                 bc_rejects **rejects);

/* Number of ticks (0 for NULL). */
BC_API int32_t bc_ticks_length(const bc_ticks *ticks);

/* Tick times, owned by ticks (NULL for NULL). */
BC_API const int64_t *bc_ticks_time(const bc_ticks *ticks);

/* One column (BC_TICK_BID..BC_TICK_VOLUME), owned by ticks; NULL for NULL
 * ticks or an unknown column. */
BC_API const double *bc_ticks_column(const bc_ticks *ticks, int32_t column);

/* Releases ticks. NULL is a no-op. */
BC_API void bc_ticks_free(bc_ticks *ticks);

/* --- trade events (trades_raw.csv, BotCopier observer schema) ---------- */

#define BC_ACTION_OPEN   1
#define BC_ACTION_MODIFY 2
#define BC_ACTION_CLOSE  3

#define BC_ORDER_BUY  0
#define BC_ORDER_SELL 1

/* One row of trades_raw.csv. Set struct_size = sizeof(bc_trade_event)
 * before passing one to the library. Empty cells read as: event_id -1,
 * magic 0, decision_id -1, lots/sl/tp/profit/book_* NaN. */
typedef struct bc_trade_event {
    uint32_t struct_size;
    int32_t action;      /* BC_ACTION_* */
    int32_t order_type;  /* BC_ORDER_BUY or BC_ORDER_SELL */
    int32_t reserved;    /* 0 */
    int64_t event_id;    /* -1 when empty */
    int64_t time;        /* event_time, seconds */
    int64_t ticket;
    int64_t magic;
    int64_t decision_id; /* -1 when empty */
    double lots;         /* NaN when empty; never negative */
    double price;        /* always finite */
    double sl;
    double tp;
    double profit;
    double book_bid_vol;
    double book_ask_vol;
    int64_t line;        /* source line in the file; 0 if built in memory */
    char symbol[32];     /* NUL-terminated, never empty */
} bc_trade_event;

/* A list of trade events in file order. */
typedef struct bc_trades bc_trades;

/* Reads trades_raw.csv. Required columns: event_time, action, ticket,
 * symbol, order_type, price; optional: event_id, magic, lots, sl, tp,
 * profit, decision_id, book_bid_vol, book_ask_vol (other columns of the
 * 44-column observer header are accepted and ignored). Times may be MT4 or
 * ISO (bc_time_parse). Rejected rows: a bad number or time, action not
 * OPEN/MODIFY/CLOSE (any case), order_type not 0/1, negative lots, an empty
 * or over-long (>= 32 bytes) symbol, a duplicate event_id (the later row
 * is rejected and the message names the first one's line), a wrong number
 * of fields. Written by BotCopier's MT5 observer: a row with k fields more
 * than the header is kept when joining k + 1 pieces of the free-text
 * comment column back together (MetaTrader's FileWrite does not quote a
 * comment such as "span=abc;manual") makes it a valid row, with one WARN
 * log line counting such rows; a decision_id of 0 means none (-1). Files
 * in UTF-16 LE with a byte-order mark (MQL5's default text encoding) are
 * read like UTF-8 ones. Errors: see the section's reader contract, and
 * BC_E_PARSE for a UTF-16 file that is not valid UTF-16. */
BC_API int32_t bc_trades_read_csv(const char *path, bc_trades **out,
                                  bc_rejects **rejects);

/* Creates an empty list (e.g. a clone's own trade log). Errors:
 * BC_E_INVALID_ARGUMENT (NULL), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_trades_create(bc_trades **out);

/* Appends a copy of *event (its line is kept as given). Checks what the
 * reader checks: action, order_type, lots >= 0 or NaN, price finite,
 * non-finite sl/tp/profit/book values other than NaN refused, symbol
 * NUL-terminated and non-empty, event_id unique unless -1. Errors:
 * BC_E_INVALID_ARGUMENT (NULL, struct_size < sizeof(bc_trade_event), or a
 * check above, named), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_trades_append(bc_trades *trades, const bc_trade_event *event);

/* Number of events (0 for NULL). */
BC_API int32_t bc_trades_count(const bc_trades *trades);

/* Copies event i into *out; the caller sets out->struct_size first.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, i out of range, struct_size too
 * small). Thread-safe for concurrent readers. */
BC_API int32_t bc_trades_get(const bc_trades *trades, int32_t i,
                             bc_trade_event *out);

/* Writes the events as trades_raw.csv: ';' delimiter, the full 44-column
 * observer header, times as "YYYY.MM.DD HH:MM:SS" in event_time and
 * broker_time, numbers with the fewest digits that read back exactly,
 * empty cells for NaN/-1 "empty" values and for columns the event does not
 * carry. Replaced atomically (temporary file, fsync, rename).
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO naming the path. */
BC_API int32_t bc_trades_write_csv(const bc_trades *trades, const char *path);

/* Releases the list. NULL is a no-op. */
BC_API void bc_trades_free(bc_trades *trades);

/* --- decision logs (decisions.csv, uncertain_decisions.csv) ----------- */

/* One decision. Set struct_size = sizeof(bc_decision_row) before passing
 * one to the library. Empty cells read as NaN (doubles), -1 (model_idx,
 * regime, executed_model_idx), 0 (chosen) and "" (strings). */
typedef struct bc_decision_row {
    uint32_t struct_size;
    int32_t model_idx;
    int64_t event_id;
    int64_t timestamp;          /* seconds */
    double probability;
    double threshold;
    double sl_dist;
    double tp_dist;
    double risk_weight;
    double variance;
    double lots_predicted;
    double label;               /* NaN when empty or absent */
    int32_t regime;
    int32_t chosen;
    int32_t executed_model_idx;
    int32_t has_label;          /* 1 when label holds a value */
    char model_version[32];
    char action[16];
    char trace_id[64];
    char span_id[64];
} bc_decision_row;

/* Decisions read from a file, with each row's feature vector. */
typedef struct bc_decisions bc_decisions;

/* Reads decisions.csv or uncertain_decisions.csv (labeled or not): columns
 * event_id, timestamp, probability (required) and threshold, model_version,
 * action, sl_dist, tp_dist, model_idx, regime, chosen, risk_weight,
 * variance, lots_predicted, executed_model_idx, features, trace_id,
 * span_id, label (optional). features is a ','-separated list of numbers
 * inside one cell ("nan" allowed, meaning missing). Rejected rows: a bad
 * number or time, a probability outside [0, 1], a string longer than its
 * field, a non-numeric label or feature, a wrong number of fields.
 * Errors: see the section's reader contract. */
BC_API int32_t bc_decisions_read_csv(const char *path, bc_decisions **out,
                                     bc_rejects **rejects);

/* Number of rows (0 for NULL). */
BC_API int32_t bc_decisions_count(const bc_decisions *decisions);

/* Copies row i into *out (caller sets out->struct_size). Errors:
 * BC_E_INVALID_ARGUMENT (NULL, i out of range, struct_size too small). */
BC_API int32_t bc_decisions_get(const bc_decisions *decisions, int32_t i,
                                bc_decision_row *out);

/* Copies row i's features into out (capacity doubles); *n (may be NULL)
 * gets the number of features. Errors: BC_E_INVALID_ARGUMENT (NULL
 * decisions, i out of range, NULL out with capacity > 0),
 * BC_E_BUFFER_TOO_SMALL (capacity < count; *n still set). */
BC_API int32_t bc_decisions_features(const bc_decisions *decisions, int32_t i,
                                     double *out, int32_t capacity,
                                     int32_t *n);

/* Releases the rows. NULL is a no-op. */
BC_API void bc_decisions_free(bc_decisions *decisions);

/* An open decision log, appended to row by row. One thread at a time. */
typedef struct bc_decision_log bc_decision_log;

/* Opens path for appending decisions. uncertain_format 0 writes
 * decisions.csv rows:
 *   event_id;timestamp;model_version;action;probability;threshold;sl_dist;
 *   tp_dist;model_idx;regime;chosen;risk_weight;variance;lots_predicted;
 *   executed_model_idx;features;trace_id;span_id
 * uncertain_format 1 writes uncertain_decisions.csv rows:
 *   event_id;timestamp;model_version;action;probability;threshold;sl_dist;
 *   tp_dist;model_idx;regime;chosen;risk_weight;variance;lots_predicted;
 *   features;label
 * The header is written when the file is new or empty; an existing file
 * must start with the same header. A last line without its newline (a
 * writer killed mid-row) is cut on open, with a warning in the log, so the
 * file always reads without a torn row; a header cut mid-way is written
 * again. Errors: BC_E_INVALID_ARGUMENT (NULL,
 * uncertain_format not 0/1), BC_E_IO naming the path, BC_E_FORMAT (the
 * file has another header: the message shows it), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_decision_log_open(const char *path, int32_t uncertain_format,
                                    bc_decision_log **out);

/* Appends one row and flushes it to the operating system (a crash loses
 * nothing already written). Timestamps are written "YYYY.MM.DD HH:MM:SS",
 * features (n_features values, may be NULL when 0) joined by ',', NaN and
 * -1 "empty" values as empty cells; the uncertain format's label cell is
 * empty unless row->has_label. Errors: BC_E_INVALID_ARGUMENT (NULL log or
 * row, struct_size too small, n_features < 0, NULL features with
 * n_features > 0, a timestamp outside years 1-9999), BC_E_IO. */
BC_API int32_t bc_decision_log_write(bc_decision_log *log,
                                     const bc_decision_row *row,
                                     const double *features,
                                     int32_t n_features);

/* Flushes and closes the log. Returns BC_E_IO if the final flush failed;
 * the log is released either way. NULL is a no-op returning BC_OK. */
BC_API int32_t bc_decision_log_close(bc_decision_log *log);

/* --- divergences.csv (decision replay) -------------------------------- */

/* One divergence: a decision the new model decides differently. */
typedef struct bc_divergence {
    uint32_t struct_size;
    int32_t reserved;    /* 0 */
    int64_t decision_id;
    double old_prob;     /* in [0, 1] */
    double new_prob;     /* in [0, 1] */
    double profit;       /* NaN when empty */
    double weight;       /* >= 0; 1 when empty or absent */
} bc_divergence;

typedef struct bc_divergences bc_divergences;

/* Reads divergences.csv: decision_id, old_prob, new_prob (required),
 * profit, weight (optional). Rejected rows: a bad number, a probability
 * outside [0, 1], a negative weight, a wrong number of fields.
 * Errors: see the section's reader contract. */
BC_API int32_t bc_divergences_read_csv(const char *path, bc_divergences **out,
                                       bc_rejects **rejects);

/* Creates an empty list to append to. Errors: BC_E_INVALID_ARGUMENT,
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_divergences_create(bc_divergences **out);

/* Appends a copy of *row after the reader's checks. Errors:
 * BC_E_INVALID_ARGUMENT (NULL, struct_size too small, a failed check,
 * named), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_divergences_append(bc_divergences *divergences,
                                     const bc_divergence *row);

/* Number of rows (0 for NULL). */
BC_API int32_t bc_divergences_count(const bc_divergences *divergences);

/* Copies row i into *out (caller sets out->struct_size). Errors:
 * BC_E_INVALID_ARGUMENT. */
BC_API int32_t bc_divergences_get(const bc_divergences *divergences, int32_t i,
                                  bc_divergence *out);

/* Writes "decision_id,old_prob,new_prob,profit,weight" rows (',' delimiter),
 * atomically. Errors: BC_E_INVALID_ARGUMENT, BC_E_IO naming the path. */
BC_API int32_t bc_divergences_write_csv(const bc_divergences *divergences,
                                        const char *path);

/* Releases the list. NULL is a no-op. */
BC_API void bc_divergences_free(bc_divergences *divergences);

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
 *                                      (rsi and adx write 0 only where the sum
 *                                      they divide by is exactly 0, as TA-Lib
 *                                      C 0.8.1 does: a series priced at 1e-8
 *                                      or 1e-200 reads as one priced at 1)
 *   dmi(n)   n >= 2                    -> .plus .minus: Wilder's directional
 *                                      lines, TA-Lib PLUS_DI / MINUS_DI (to
 *                                      ~1e-15 relative): +DM, -DM and true
 *                                      range summed over bars 1..n-1, then
 *                                      smoothed x - x/n + new (adx(n)'s
 *                                      smoothing, computed once for both);
 *                                      100 * DM / TR, 0 where TR is 0;
 *                                      lookback n. MetaTrader 5's iADX +DI /
 *                                      -DI are an EMA of each bar's DI, not
 *                                      these. Signal: cross(dmi(14).plus,
 *                                      dmi(14).minus); strength: adx(14)
 *   adxr(n)  n >= 2                    Wilder's ADX rating, TA-Lib ADXR (to
 *                                      ~2e-15 relative): (adx(n) + adx(n)
 *                                      n-1 bars earlier) / 2; lookback 3n-2
 *   rwi(n)   n >= 2                    -> .high .low: Poulos' random walk
 *                                      index on the one lookback n (TA-Lib
 *                                      has none): .high = (high - low@n) /
 *                                      (atr(n) * sqrt(n)), .low = (high@n -
 *                                      low) / (atr(n) * sqrt(n)), atr(n) the
 *                                      atr item (TA-Lib ATR); both 0 where
 *                                      the atr is 0; lookback n. Above 1: a
 *                                      move longer than a random walk's. The
 *                                      classic index (MetaStock) is each
 *                                      side's max over lookbacks 2..n; this
 *                                      is the single-lookback form
 *                                      (TradingView's). rwi(14).high > 1
 *   wad                                Williams' accumulation / distribution:
 *                                      0 on the first bar, then the running
 *                                      sum of close - min(low, close@1) on a
 *                                      bar whose close rose, close -
 *                                      max(high, close@1) on one whose close
 *                                      fell, 0 on an unchanged close;
 *                                      lookback 0; a level offset by where
 *                                      the engine started, as obv:
 *                                      cross(wad,ema(wad,20))
 *   vortex(n) n >= 2                   -> .plus .minus: the vortex indicator
 *                                      (Botes and Siepman; TA-Lib has none):
 *                                      over the last n bars, .plus = the sum
 *                                      of |high - previous low| / the sum of
 *                                      the true range (TA-Lib TRANGE), .minus
 *                                      = the sum of |low - previous high| /
 *                                      the same; both 0 where the range sum
 *                                      is exactly 0; lookback n. The sums are
 *                                      TA-Lib SUM's running sums, so the lines
 *                                      equal talib.SUM(vm, n) /
 *                                      talib.SUM(TRANGE, n) bit for bit. A
 *                                      vortex bot's flip: cross(vortex(14).
 *                                      plus,vortex(14).minus)
 *   cmo(n)   n >= 2                    TA-Lib CMO, Chande's momentum oscillator
 *                                      as TA-Lib computes it: 100 * (g - l) /
 *                                      (g + l) of rsi(n)'s Wilder-smoothed
 *                                      gains and losses (not Chande's plain n-bar
 *                                      sums), so 2 * rsi(n) - 100 to rounding;
 *                                      -100..100, 0 where g + l is 0; lookback n
 *   ultosc(a,b,c)                      TA-Lib ULTOSC, Williams' ultimate
 *                                      oscillator, 0..100 (bit for bit with
 *                                      the PyPI wheel's TA-Lib on aapl, sp500,
 *                                      eurusd). The periods are sorted as
 *                                      TA-Lib sorts them, so any order gives
 *                                      the same values; over the last p bars
 *                                      A_p sums the buying pressure close -
 *                                      min(low, previous close) and B_p the
 *                                      true range; the value is 100 * (4 A_s/B_s
 *                                      + 2 A_m/B_m + A_l/B_l) / 7 (s the
 *                                      shortest, l the longest period), a
 *                                      window whose B is exactly 0 adding
 *                                      nothing; lookback the longest period.
 *                                      Williams' (7,14,28): zones 30 / 70,
 *                                      midline 50
 *   atr(n)                             TA-Lib ATR
 *   cci(n)   n >= 2                    TA-Lib CCI: (tp - mean) / (0.015 * mean
 *                                      absolute deviation) of the typical price
 *                                      tp = (high+low+close)/3 over the last n
 *                                      bars; 0 where the window is flat
 *   mfi(n)   n >= 2                    TA-Lib MFI, the money flow index: 100 *
 *                                      pos / (pos + neg), the sums over the last
 *                                      n bars of tp * volume on bars whose tp
 *                                      rose (pos) or fell (neg) from the bar
 *                                      before (a move within 1e-14 of
 *                                      |tp| + |previous tp| is no flow); 0 where
 *                                      the n bars carried no flow; lookback n
 *   willr(n) n >= 2                    TA-Lib WILLR, Williams %R: -100 *
 *                                      (highest high - close) / (highest high -
 *                                      lowest low) over the last n bars, in
 *                                      [-100, 0]; 0 where the range is 0 (so not
 *                                      stoch(n,1,1).k - 100 there)
 *   obv                                TA-Lib OBV: the first bar's volume, then
 *                                      + volume on a bar whose close rose, -
 *                                      volume on one whose close fell; lookback 0
 *   pvt                                the price volume trend: 0 on the first
 *                                      bar, then the running sum of volume *
 *                                      (close/close@1 - 1); lookback 0; a level
 *                                      offset by where the engine started, as
 *                                      obv: cross(pvt,ema(pvt,21))
 *   nvi   pvi                          Fosback's negative / positive volume
 *                                      index: 1000 on the first bar, then times
 *                                      close/close@1 on a bar whose volume fell
 *                                      (nvi) / rose (pvi) from the previous
 *                                      bar's, unchanged on any other; lookback
 *                                      0; a bar with a NaN close or volume is
 *                                      skipped (NaN, the next compares with the
 *                                      last finite one); a previous close of 0
 *                                      moves nothing; a level scaled by where
 *                                      the engine started: cross(nvi,ema(nvi,255))
 *   ad                                 TA-Lib AD, Chaikin's accumulation /
 *                                      distribution line: the running sum of
 *                                      ((close-low) - (high-close)) / (high-low)
 *                                      * volume (0 where high = low); lookback 0
 *                                      obv and ad are levels offset by where the
 *                                      engine started: use them through an
 *                                      offset-free item, zscore(obv,20),
 *                                      rank(ad,50), diff(obv,obv@5)
 *   adosc(f,s) f,s >= 2                TA-Lib ADOSC: EMA(f) - EMA(s) of ad, both
 *                                      seeded with the first bar's ad; lookback
 *                                      max(f,s) - 1
 *   wma(n)   n >= 2                    TA-Lib WMA of the close: weights n .. 1
 *                                      from the newest bar over n(n+1)/2 (running
 *                                      sums, summed afresh every n bars: no
 *                                      drift); lookback n-1
 *   hma(n)   n >= 4                    Hull's moving average of the close:
 *                                      wma(m) of 2 * wma(n/2) - wma(n), m =
 *                                      floor(sqrt(n)), n/2 rounded down (the
 *                                      usual definition; each wma TA-Lib WMA,
 *                                      the outer one over the inner line from
 *                                      its first value, bar n-1); lookback
 *                                      (n-1) + (m-1). Hull's turn (rising
 *                                      after falling, +1; falling after
 *                                      rising, -1): cross(hma(16),hma(16)@1);
 *                                      the side: ratio(close,hma(20)) cut at 1
 *   dema(n)  tema(n)  n >= 2           TA-Lib DEMA 2*e1 - e2 and TEMA
 *                                      e3 + (3*e1 - 3*e2) of the close, e1 =
 *                                      ema(n), e2 = ema(n) of e1, e3 of e2;
 *                                      lookback 2(n-1) and 3(n-1). wma, dema,
 *                                      tema are sources wherever sma/ema are:
 *                                      cross(close,wma(20)), ratio(close,dema(30))
 *   zlema(n) n >= 2                    the zero-lag EMA: TA-Lib EMA(n) (seeded
 *                                      with the SMA of its first n inputs) of
 *                                      2*close - close@lag, lag = (n-1)/2
 *                                      rounded down (9 for 20); the input
 *                                      starts on bar lag, so the seed is the
 *                                      mean of bars lag .. lag+n-1; lookback
 *                                      lag + n-1; a source wherever sma/ema
 *                                      are: cross(close,zlema(20))
 *   ribbon(a,b,c,d)  2 <= a < b < c < d
 *                                      +1 while TA-Lib EMAs of the close are
 *                                      in order fast above slow, ema(a) >
 *                                      ema(b) > ema(c) > ema(d) (a ribbon lined
 *                                      up), -1 while ema(a) < ema(b) < ema(c) <
 *                                      ema(d), 0 otherwise (a tie or a
 *                                      crossing); lookback d-1. Each EMA is the
 *                                      ema item's value. Lining up:
 *                                      cross(ribbon(8,13,21,34),0.5) = +1, its
 *                                      mirror cross(ribbon(8,13,21,34),-0.5) =
 *                                      -1
 *   trix(n)  n >= 2                    TA-Lib TRIX: the one-bar rate of change
 *                                      of tema's e3 in percent, (e3 / e3@1 - 1)
 *                                      * 100 (0 where e3@1 is 0); lookback
 *                                      3(n-1) + 1. Zero line: cross(trix(12),0);
 *                                      signal: cross(trix(12),mean(trix(12),9))
 *   t3(n,v)  n >= 2, 0 <= v <= 1       TA-Lib T3, Tillson's T3 of the close:
 *                                      six chained ema(n) e1..e6 (e1 of the
 *                                      close, each the next's input, each
 *                                      seeded with the mean of its first n
 *                                      inputs, as TA-Lib's T3), c1*e6 +
 *                                      c2*e5 + c3*e4 + c4*e3 with the
 *                                      volume factor v's weights c1 = -v^3,
 *                                      c2 = 3v^2 + 3v^3, c3 = -6v^2 - 3v -
 *                                      3v^3, c4 = 1 + 3v + 3v^2 + v^3;
 *                                      lookback 6(n-1). Tillson's customary
 *                                      (5, 0.7); the close crossing it:
 *                                      cross(close,t3(5,0.7)), its side
 *                                      ratio(close,t3(5,0.7)) cut at 1
 *   kama(n)  n >= 2                    TA-Lib KAMA of the close (fast 2, slow
 *                                      30): er = |close - close@n| / the sum of
 *                                      the n one-bar moves (1 where that sum is
 *                                      0 or not above close - close@n), sc =
 *                                      (er*(2/3 - 2/31) + 2/31)^2, kama =
 *                                      kama@1 + sc*(close - kama@1) seeded on
 *                                      close@1 at bar n (TA-Lib's first value;
 *                                      its unstable period, 0 by default, only
 *                                      hides more of them); lookback n. Within
 *                                      1e-13 relative of TA-Lib 0.8.1
 *   er(n)    n >= 2                    Kaufman's efficiency ratio, 0..1:
 *                                      kama(n)'s own er above (one
 *                                      computation; 1 on a window of flat
 *                                      closes); lookback n. A trending
 *                                      window: above(er(10),0.5)
 *   vhf(n)   n >= 2                    White's vertical horizontal filter,
 *                                      0..1: (highest close - lowest close
 *                                      of the last n) / er(n)'s sum of the
 *                                      n one-bar moves (one computation; 0
 *                                      on a window of flat closes);
 *                                      lookback n. A trending window:
 *                                      above(vhf(28),0.35)
 *   cog(n)   n >= 2                    Ehlers' center of gravity of the
 *                                      close: -sum_{i<n} (i+1) close@i /
 *                                      sum_{i<n} close@i (each window summed
 *                                      afresh; NaN where the closes sum to
 *                                      0); near -(n+1)/2; lookback n-1. Its
 *                                      signal line is its 3-bar mean:
 *                                      cross(cog(10),mean(cog(10),3))
 *   linreg(n)  linregslope(n)  n >= 2  TA-Lib LINEARREG (the least-squares
 *                                      line of the last n closes at the last
 *                                      bar) and LINEARREG_SLOPE (its slope,
 *                                      price per bar); each window summed
 *                                      afresh (TA-Lib 0.8.1's sliding sums
 *                                      differ by up to 1e-12 of the price);
 *                                      lookback n-1. kama and linreg are
 *                                      sources wherever sma/ema are:
 *                                      cross(close,kama(20)),
 *                                      cross(linregslope(24),0)
 *   linregse(n) n >= 3                 the standard error of that line's
 *                                      residuals over the last n closes,
 *                                      sqrt(sum (close - line)^2 / (n-2))
 *                                      (no TA-Lib function: numpy polyfit's
 *                                      residuals agree); lookback n-1; 0 on
 *                                      a window on one straight line. The
 *                                      regression channel is linreg -/+ 2 x
 *                                      linregse, the close's place in it
 *                                      ratio(diff(close,linreg(50)),
 *                                      linregse(50))
 *   tsf(n) n >= 2                      TA-Lib TSF (time series forecast):
 *                                      that least-squares line one bar
 *                                      ahead, b + m*n = linreg(n) +
 *                                      linregslope(n), from linreg's sums;
 *                                      lookback n-1. A source wherever
 *                                      sma/ema are: cross(close,tsf(14)),
 *                                      ratio(close,tsf(14))
 *   pbands(n) n >= 2                   -> .upper .lower .po: Widner's
 *                                      projection bands: each of the last
 *                                      n highs projected to this bar along
 *                                      the n-bar least-squares slope of
 *                                      the highs, high@k + k * slope, the
 *                                      upper band their maximum; the lows
 *                                      likewise, the lower band their
 *                                      minimum; po = 100 (close - lower) /
 *                                      (upper - lower) in [0, 100], NaN
 *                                      where upper = lower; lookback n-1.
 *                                      His 14 bars, band touches:
 *                                      above(20,pbands(14).po)
 *   aroon(n) n >= 2                    -> .up .down (TA-Lib AROON over the last
 *                                      n+1 bars): 100/n * (n - bars since the
 *                                      highest high / lowest low), the newest
 *                                      bar of a tie; lookback n
 *   aroonosc(n) n >= 2                 TA-Lib AROONOSC, 100/n * (bars since the
 *                                      low - bars since the high); lookback n
 *   macd(f,s,sig)  f,s >= 2, s >= f    -> .line .signal .hist (TA-Lib MACD)
 *   bbands(n,x)    n >= 2              -> .upper .middle .lower (SMA middle,
 *                                         population std, bands middle +- x*std)
 *   squeeze(n,x,y)  n >= 2, x > 0, y > 0
 *                                      1 while both bbands(n,x) lie strictly
 *                                      inside the Keltner channel ema(n) +-
 *                                      y*atr(n) (TA-Lib EMA and ATR, as the
 *                                      ema and atr items: upper < ema + y*atr
 *                                      and lower > ema - y*atr), else 0; NaN
 *                                      until all three exist (lookback n). The
 *                                      squeeze's release (Carter's TTM squeeze
 *                                      firing) is cross(squeeze(20,2,2),0.5)
 *                                      = -1; its start +1
 *   accbands(n)    n >= 2              -> .upper .middle .lower: Price
 *                                      Headley's acceleration bands (TA-Lib
 *                                      ACCBANDS): f = 4 (high - low) / (high
 *                                      + low), upper = sma(high (1 + f), n),
 *                                      middle = sma(close, n) (= sma(n) bit
 *                                      for bit), lower = sma(low (1 - f), n);
 *                                      high and low unwidened where high +
 *                                      low is within 1e-14 of 0; lookback
 *                                      n-1. Customary 20 (TA-Lib's default);
 *                                      the breakout cross(close,
 *                                      accbands(20).upper) = +1 long,
 *                                      cross(close,accbands(20).lower) = -1
 *                                      short
 *   keltner1960(n)  n >= 1             -> .upper .middle .lower: Chester
 *                                      Keltner's original 1960 channel:
 *                                      .middle = sma(typprice,n) (the
 *                                      typical price (high + low + close)
 *                                      / 3), width = sma(high - low,n),
 *                                      .upper / .lower = middle +- width
 *                                      (TA-Lib SMA(TYPPRICE,n) +-
 *                                      SMA(high - low,n) to rounding; the
 *                                      sma item's running sums); lookback
 *                                      n-1. Keltner's 10: a breakout
 *                                      cross(close,keltner1960(10).upper),
 *                                      cross(keltner1960(10).lower,close),
 *                                      its exit cross(close,keltner1960(10)
 *                                      .middle). (The modern channel,
 *                                      ema(n) +- y atr(n), is squeeze's.)
 *   stiffness(n,m)  n >= 2, m >= 1    -> .up .down  Katsanos' stiffness
 *                                      indicator: .up = 100 x the share of
 *                                      the last m bars whose close is above
 *                                      sma(n) - 0.2 stddev(n) (TA-Lib SMA
 *                                      and STDDEV: bbands(n,0.2)'s lower
 *                                      band but without its 1e-8 variance
 *                                      floor), .down the mirror: the share of
 *                                      closes below sma(n) + 0.2 stddev(n)
 *                                      (a downtrend's stiffness); each bar
 *                                      counted from the band's first value,
 *                                      value 100 * count / m, lookback
 *                                      n+m-2. Katsanos' customary periods
 *                                      (100,60), entry above 90, exit below
 *                                      50: cross(stiffness(100,60).up,90)
 *   stoch(k,ks,d)                      -> .k .d (TA-Lib STOCH, SMA smoothing)
 *   stochrsi(n,k,d)  n >= 2            -> .k .d (TA-Lib STOCHRSI, SMA %D): %K =
 *                                      100 * (r - lowest r) / (highest r -
 *                                      lowest r) over the last k values of r =
 *                                      rsi(n), 0 where they are all equal; %D =
 *                                      sma of %K over d; both start at lookback
 *                                      n + (k-1) + (d-1). Customary: (14,14,3)
 *                                      and the faster (14,5,3); levels 20 / 80:
 *                                      cross(stochrsi(14,14,3).d,20)
 *   midprice(n) n >= 2                 TA-Lib MIDPRICE, (highest high + lowest
 *                                      low) / 2 over the last n bars; lookback
 *                                      n-1. Ichimoku's tenkan is midprice(9),
 *                                      its kijun midprice(26), senkou span B
 *                                      midprice(52): cross(midprice(9),
 *                                      midprice(26)), ratio(close,midprice(26))
 *   sar(a,m)  0 < a <= m <= 1          TA-Lib SAR, Wilder's parabolic stop and
 *                                      reverse on the high and low (bit for bit
 *                                      with the PyPI ta-lib wheel): the first
 *                                      bar gives its high and low, the second
 *                                      takes the side of the larger directional
 *                                      movement (long on a tie); then sar +=
 *                                      af * (extreme point - sar), af from a up
 *                                      by a per new extreme to m, never inside
 *                                      the last two bars; a bar reaching it
 *                                      reverses at the extreme point. Lookback
 *                                      1. Path dependent: a missing bar is
 *                                      skipped (the series goes on from the
 *                                      last bar with prices, as ema and atr
 *                                      do), so after one the values are TA-Lib's
 *                                      on the bars without it. Wilder's (0.02,
 *                                      0.2): the side above(close,sar(0.02,0.2)),
 *                                      a flip cross(close,sar(0.02,0.2))
 *   fractal(k) -> .up .down  k = 1..50  Bill Williams' fractals over 2k+1
 *                                      bars: bar c is an up fractal when its
 *                                      high is above each of the k highs
 *                                      before and the k after it (strictly:
 *                                      a tie is none), a down fractal when
 *                                      its low is below each of the k lows
 *                                      around it; it is known on bar c+k.
 *                                      .up is the high of the latest up
 *                                      fractal known on the bar, .down the
 *                                      low of the latest down fractal (step
 *                                      levels); NaN until the first of each
 *                                      kind, lookback 2k. A missing bar is
 *                                      skipped (the window is the last 2k+1
 *                                      bars with prices). Williams' 5-bar
 *                                      fractal is fractal(2); a breakout:
 *                                      cross(close,fractal(2).up),
 *                                      cross(fractal(2).down,close)
 *   dayhigh(h0,h1)  daylow(h0,h1)      h0 = 0..23, h1 = 1..24, h0 < h1 (no
 *                                      wrap): the highest high / lowest low of
 *                                      the bars of the bar's own UTC day
 *                                      (floor of time / 86400, before 1970
 *                                      too) whose hour is in [h0, h1), up to
 *                                      and including the current bar; NaN on
 *                                      the day's bars before its first bar in
 *                                      the window; after h1 the window's
 *                                      extreme for the rest of the day; each
 *                                      UTC day starts again. A missing bar
 *                                      (NaN high / low) is NaN and enters no
 *                                      extreme, as everywhere. lookback 0.
 *                                      The Asian range 00:00-06:59 is
 *                                      dayhigh(0,7) / daylow(0,7), its
 *                                      breakout above(close,dayhigh(0,7));
 *                                      dayhigh(0,24) is the day's running
 *                                      high; on daily bars (one a day) the
 *                                      bar's own high when its hour is inside
 *                                      [h0, h1), else NaN
 *   monthbar  weekbar                  the bar's place among the bars of its UTC
 *                                      calendar month / Monday-to-Sunday week:
 *                                      1 on the period's first bar (on daily
 *                                      bars its first trading day), 2 on the
 *                                      next, ...; NaN through the first period
 *                                      seen (the series may start inside it);
 *                                      a period without bars is skipped; time
 *                                      is all they read (floor day split, before
 *                                      1970 too); lookback 0. A first trading
 *                                      day rule: above(1.5,monthbar)
 *   heikinashi  -> .open .high .low .close  the Heikin-Ashi candle:
 *                                      close (o + h + l + c) / 4; open the
 *                                      mean of the previous candle's open and
 *                                      close, the first bar's (o + c) / 2;
 *                                      high the largest of h, open and close,
 *                                      low the smallest of l, open and close.
 *                                      Recursive through its open: a missing
 *                                      bar is skipped (as ema skips it), so
 *                                      the next candle's open comes from the
 *                                      last candle made. lookback 0. The
 *                                      candle's colour: above(heikinashi.close,
 *                                      heikinashi.open); its turn: cross(
 *                                      heikinashi.close,heikinashi.open)
 *   candle      -> .body .upper .lower  the bar's own candle shape: body
 *                                      |close - open|, upper high - max(open,
 *                                      close) (the upper shadow), lower
 *                                      min(open, close) - low (the lower
 *                                      shadow); stateless, lookback 0, NaN on
 *                                      a missing bar. A hammer:
 *                                      ratio(candle.lower,candle.body) >= 2 and
 *                                      ratio(candle.upper,candle.body) <= 1
 *                                      (NaN where the body is 0)
 *   elderray(n) -> .bull .bear          Elder-ray, MetaTrader's
 *                                      iBullsPower / iBearsPower (default n
 *                                      13): bull = high - ema(n), bear = low
 *                                      - ema(n), the ema(n) of the close
 *                                      (TA-Lib's SMA seed, as ema) computed
 *                                      once for both; lookback n-1. One kind
 *                                      with two outputs, as dmi's .plus
 *                                      .minus: the lines share their average.
 *                                      Bears power below 0 and rising:
 *                                      above(0,elderray(13).bear) and
 *                                      above(elderray(13).bear,
 *                                      elderray(13).bear@1)
 *   force(n)                           Elder's force index: ema(n) of (close
 *                                      - close@1) x volume, seeded with the
 *                                      mean of the first n products (bars
 *                                      1..n, as TA-Lib's EMA skipping the
 *                                      first bar's NaN); lookback n; n >= 1
 *                                      (force(1) is the raw index). Elder's
 *                                      short force is force(2), MT5's
 *                                      default 13. MT5's iForce multiplies
 *                                      the change of a moving average of the
 *                                      close by the volume instead: another
 *                                      series. Bars without volume (0): 0
 *   thermo(n) -> .temp .ratio          Elder's market thermometer (Come
 *                                      Into My Trading Room, 2002): temp =
 *                                      max(high - high@1, low@1 - low, 0),
 *                                      the bar's extension beyond the
 *                                      previous bar's range (0 on an inside
 *                                      bar), from bar 1; ratio = temp /
 *                                      ema(temp, n) (TA-Lib's seed: the
 *                                      mean of temps 1..n), 1 where that
 *                                      ema is 0; both NaN until it exists:
 *                                      lookback n; n >= 1. The grammar has
 *                                      no bar-by-bar maximum of two series,
 *                                      so it is a family. Elder's 22: a
 *                                      quiet day above(1,thermo(22).ratio),
 *                                      a spike above(thermo(22).ratio,3)
 *   tsi(r,s,k) -> .line .signal        Blau's true strength index: with d =
 *                                      close - close@1 (from bar 1), line =
 *                                      100 * ema(s) of ema(r) of d / ema(s)
 *                                      of ema(r) of |d| (-100..100), signal
 *                                      = ema(k) of line; every ema is ema's
 *                                      (TA-Lib's seed, the mean of its first
 *                                      n inputs: TA-Lib's EMA run on each
 *                                      series from its first value). As
 *                                      macd, both are NaN until the signal
 *                                      exists: lookback r+s+k-2 (d from bar
 *                                      1); r, s, k >=
 *                                      1. A line whose |d| average is 0 (no
 *                                      move) is 0. Blau's (25,13) with a
 *                                      7-bar signal: cross(tsi(25,13,7).line,
 *                                      tsi(25,13,7).signal) below 0:
 *                                      above(0,tsi(25,13,7).line)
 *   eco(r,s,k) -> .line .signal        Blau's ergodic candlestick
 *                                      oscillator: tsi's chains on the
 *                                      body close - open over the range
 *                                      high - low (from bar 0): line = 100
 *                                      * ema(s) of ema(r) of the body /
 *                                      the same of the range, signal =
 *                                      ema(k) of line; lookback r+s+k-3;
 *                                      0 where the range average is 0.
 *                                      Blau's (32,5) with a 5-bar signal:
 *                                      cross(eco(32,5,5).line,
 *                                      eco(32,5,5).signal)
 *   dti(r,s,u)                         Blau's directional trend index:
 *                                      from bar 1, hmu = max(high -
 *                                      high@1, 0), lmd = max(low@1 - low,
 *                                      0), d = hmu - lmd; 100 * ema(u) of
 *                                      ema(s) of ema(r) of d / the same of
 *                                      |d| (TA-Lib-seeded EMAs); lookback
 *                                      r+s+u-2; r, s, u >= 1; 0 where the
 *                                      |d| average is 0; -100..100.
 *                                      Blau's (14,10,5), its zero line:
 *                                      cross(dti(14,10,5),0)
 *   qqe(n,m,k) -> .line .trail         the QQE: line = ema(m) of rsi(n);
 *                                      from its second bar dar = k *
 *                                      ema(w) of ema(w) of |line - line@1|,
 *                                      w = 2n - 1; the trail starts at line
 *                                      - dar, then below trail@1 it is
 *                                      line + dar (the lower of that and
 *                                      trail@1 when line@1 was below too),
 *                                      above it line - dar (the higher,
 *                                      when line@1 was above too), equal
 *                                      unchanged. Both NaN until the trail
 *                                      exists: lookback 5n + m - 4; n >= 2,
 *                                      m >= 1, k > 0. The customary
 *                                      (14,5,4.236): cross(qqe(14,5,
 *                                      4.236).line,qqe(14,5,4.236).trail),
 *                                      its trend above(qqe(14,5,4.236)
 *                                      .line,50)
 *   bop                                the balance of power (TA-Lib BOP):
 *                                      (close - open) / (high - low), 0
 *                                      where high - low is not above 0 (as
 *                                      TA-Lib: a bar with high == low);
 *                                      stateless, lookback 0, -1..1.
 *                                      Smoothed: mean(bop,14)
 *   harami                             TA-Lib's harami pattern (CDLHARAMI,
 *                                      default candle settings) as its side:
 *                                      +1 bullish, -1 bearish, 0 none. On bar
 *                                      i: body |close - open| of bar i-1 above
 *                                      the mean body of the 10 bars before it
 *                                      and body i at most the mean of the 10
 *                                      bars before i, body i's top and bottom
 *                                      inside bar i-1's (TA-Lib's 100 strictly
 *                                      inside and 80 touching both +-1); the
 *                                      side is opposite bar i-1's colour.
 *                                      TA-Lib's sliding body sums (equal to
 *                                      the sign of talib.CDLHARAMI); lookback
 *                                      11
 *   cdl3inside                         TA-Lib's three inside up / down
 *                                      (CDL3INSIDE, default candle settings)
 *                                      over 100: +1 up, -1 down, 0 none. On
 *                                      bar i: body |close - open| of bar i-2
 *                                      above the mean body of the 10 bars
 *                                      before it, body i-1 at most the mean of
 *                                      the 10 bars before i-1 and strictly
 *                                      inside bar i-2's body (a harami), bar
 *                                      i of the other colour than i-2
 *                                      closing beyond i-2's open (below it
 *                                      after a white bar: down; above after
 *                                      a black one: up). TA-Lib's sliding
 *                                      body sums (equal to talib.CDL3INSIDE
 *                                      / 100); lookback 12
 *   soldiers(k) 1 <= k <= 20           k white soldiers / k black crows as
 *                                      their side: +1 where this bar and the
 *                                      k-1 before it each close above their
 *                                      open and the previous close and open
 *                                      inside the previous bar's body (o@1 <=
 *                                      open <= close@1, ends included), -1
 *                                      the mirror (close below open and
 *                                      close@1, close@1 <= open <= open@1),
 *                                      0 neither. The first of the k is
 *                                      tested against the bar before it too
 *                                      (the pattern reads k+1 bars); k = 3 is
 *                                      the customary count. TA-Lib's
 *                                      CDL3WHITESOLDIERS / CDL3BLACKCROWS
 *                                      differ: they test bars 2 and 3 against
 *                                      the one before only, allow an open
 *                                      near the body and add shadow and
 *                                      body-length conditions (the crows
 *                                      after a white bar). The textbook three
 *                                      without those: and(above(close@2,
 *                                      open@2),soldiers(2)). Lookback k; NaN
 *                                      until bar k
 *   cdlhikkake                         TA-Lib's hikkake pattern (CDLHIKKAKE)
 *                                      with TA-Lib's values: +100 / -100 on
 *                                      the setup bar (bar i-1 inside bar
 *                                      i-2, then bar i with a lower high and
 *                                      lower low / a higher high and higher
 *                                      low than i-1), +200 / -200 on the
 *                                      first bar of the 3 after it, itself
 *                                      no setup, closing above the inside
 *                                      bar's high / below its low (a newer
 *                                      setup replaces the old), 0 elsewhere.
 *                                      Equal to talib.CDLHIKKAKE; the
 *                                      confirmed pattern is above(cdlhikkake,
 *                                      150) / above(-150,cdlhikkake).
 *                                      Lookback 5 (TA-Lib's: a setup on bars
 *                                      2..4 confirms from bar 5)
 *   dpo(n)                             the detrended price oscillator:
 *                                      close - sma(n) of m = n/2 + 1 bars
 *                                      earlier (n/2 rounded down; the common
 *                                      definition, TA-Lib has none); lookback
 *                                      (n-1) + m; n >= 2. Its sign:
 *                                      cross(dpo(20),0)
 *   ppo(fast,slow)                     the percentage price oscillator
 *                                      (TA-Lib PPO with EMAs, matype 1): 100
 *                                      * (ema(fast) - ema(slow)) / ema(slow),
 *                                      0 where |ema(slow)| < 1e-14; both EMAs
 *                                      run from bar 0, each seeded on its own
 *                                      first n closes (as TA-Lib PPO, unlike
 *                                      macd's aligned seeds); lookback slow-1;
 *                                      2 <= fast <= slow (slow below fast is
 *                                      refused naming both). PPO crossing 1:
 *                                      cross(ppo(12,26),1)
 *   coppock(a,b,n)                     the Coppock curve: wma(n) of roc(a) +
 *                                      roc(b) of the close, each TA-Lib ROC
 *                                      ((close / close@k - 1) * 100, 0 after
 *                                      a close of 0), from bar max(a,b): the
 *                                      TA-Lib WMA of talib.ROC(c,a) +
 *                                      talib.ROC(c,b); lookback max(a,b) +
 *                                      n-1; a, b >= 1, n >= 2. Coppock's
 *                                      monthly (14,11,10) on daily bars:
 *                                      coppock(14,11,10); below 0 and rising:
 *                                      above(0,coppock(14,11,10)) and
 *                                      above(coppock(14,11,10),
 *                                      coppock(14,11,10)@1)
 *   cmf(n)                             Chaikin money flow: the sum over the
 *                                      last n bars of ((close - low) -
 *                                      (high - close)) / (high - low) *
 *                                      volume (ad's flow, 0 where high -
 *                                      low is not above 0) over the sum of
 *                                      their volumes, both as TA-Lib SUM's
 *                                      running sums (-1..1; 0 where the
 *                                      volume sum is not above 0, so bars
 *                                      without volume give 0); lookback
 *                                      n-1, n >= 1. Chaikin's cmf(20)
 *   vwma(n)                            the volume-weighted moving average:
 *                                      the sum over the last n bars of close
 *                                      * volume over the sum of their
 *                                      volumes, cmf's running sums
 *                                      (TA-Lib SUM(close * volume, n) /
 *                                      SUM(volume, n) bit for bit); NaN
 *                                      where the volume sum is not above 0;
 *                                      lookback n-1, n >= 1. The close
 *                                      crossing it: cross(close,vwma(20))
 *   chop(n)                            the choppiness index: 100 * ln(S /
 *                                      (highest high - lowest low)) / ln(n)
 *                                      over the last n bars, S the sum of
 *                                      their true ranges (TA-Lib TRANGE,
 *                                      from bar 1): TA-Lib's 100 *
 *                                      log10(SUM(TRANGE,n) / (MAX(high,n)
 *                                      - MIN(low,n))) / log10(n) to
 *                                      rounding. High (toward 100 and
 *                                      above) is choppy, low trending;
 *                                      NaN where the window's range is 0;
 *                                      lookback n, n >= 2. chop(14) with
 *                                      its 38.2 / 61.8 (or 45 / 60) levels
 *   fisher(n)                          Ehlers' Fisher transform of the bar
 *                                      midpoint m = (high + low) / 2 over
 *                                      its last n values: from bar n-1,
 *                                      with v = f = 0 before it,
 *                                      x = (m - lowest m) / (highest m -
 *                                      lowest m) - 0.5 (0 on a flat
 *                                      window), v = 0.66 * x + 0.67 * v
 *                                      clipped to -0.999..0.999, f = 0.5 *
 *                                      ln((1 + v) / (1 - v)) + 0.5 * f
 *                                      (each product rounded on its own,
 *                                      no fused multiply-add); the output
 *                                      is f (|f| < 7.6), lookback n-1,
 *                                      n >= 2. Its trigger is fisher(n)@1,
 *                                      its turn the one-bar slope
 *                                      diff(fisher(10),fisher(10)@1)
 *   prevday     -> .open .high .low .close  the previous UTC day's first
 *                                      open, highest high, lowest low and
 *                                      last close, aggregated from the bars
 *                                      (the day split of dayhigh); the
 *                                      previous day is the last earlier day
 *                                      that has bars (after a weekend the
 *                                      last trading day; an FX feed's
 *                                      Sunday-evening session is a day of
 *                                      its own); on daily bars the previous
 *                                      bar. The first day seen never counts
 *                                      (it may have begun before the first
 *                                      bar): NaN through the second day seen,
 *                                      valid from the third day's first bar.
 *                                      A missing bar (a non-finite price) is
 *                                      NaN and enters no day. lookback 0
 *   pivot       -> .p .r1 .s1 .r2 .s2 .r3 .s3  the classic floor pivots of
 *                                      prevday's high H, low L, close C:
 *                                      P = (H + L + C) / 3, R1 = 2P - L,
 *                                      S1 = 2P - H, R2 = P + (H - L), S2 =
 *                                      P - (H - L), R3 = H + 2(P - L), S3 =
 *                                      L - 2(H - P); NaN where prevday is.
 *                                      A pivot breakout cross(close,pivot.r1),
 *                                      a previous-day high breakout
 *                                      cross(close,prevday.high)
 *   camarilla   -> .h1 .h2 .h3 .h4 .l1 .l2 .l3 .l4  Nick Scott's
 *                                      Camarilla levels of the previous
 *                                      trading day's high H, low L, close
 *                                      C: Hk = C + 1.1 (H - L) / d, Lk = C -
 *                                      1.1 (H - L) / d, d = 12, 6, 4, 2 for
 *                                      k = 1..4 (the published equation's
 *                                      factors). Its days are prevday's but
 *                                      for a UTC Sunday's bars, which enter
 *                                      no day (the FX pivots' customary
 *                                      "ignore Sunday": an FX feed's short
 *                                      Sunday-evening session is no trading
 *                                      day), so a Monday's levels are
 *                                      Friday's, and a Sunday's bars end
 *                                      the Friday (the session opening on
 *                                      Sunday evening is Monday's), so
 *                                      theirs are Friday's too; NaN through
 *                                      the second day seen, lookback 0. The
 *                                      fade of H3 / L3 inside a session:
 *                                      and(cross(close,camarilla.h3),
 *                                      session(8,16))
 *   rbreaker    -> .ssetup .bsetup .senter .benter .bbreak .sbreak  the
 *                                      R-Breaker's levels of the previous
 *                                      trading day's H, L, C at the
 *                                      published coefficients: sell setup
 *                                      H + 0.35 (C - L), buy setup L - 0.35
 *                                      (H - C), sell enter 1.07 (H + L) / 2
 *                                      - 0.07 L, buy enter 1.07 (H + L) / 2
 *                                      - 0.07 H, break buy = sell setup +
 *                                      0.25 (sell setup - buy setup), break
 *                                      sell = buy setup - 0.25 (sell setup -
 *                                      buy setup); camarilla's days (a UTC
 *                                      Sunday's bars enter no day), NaN
 *                                      where camarilla is, lookback 0. The
 *                                      breakout cross(close,rbreaker.bbreak)
 *   dmpivot     -> .p .r1 .s1  Tom DeMark's pivot points (The New
 *                                      Science of Technical Analysis, 1994)
 *                                      of the previous trading day's open O
 *                                      (its first bar's), high H, low L and
 *                                      close C: X = H + 2L + C if C < O,
 *                                      2H + L + C if C > O, H + L + 2C if
 *                                      C == O; p = X / 4, the projected
 *                                      high r1 = X / 2 - L, the projected
 *                                      low s1 = X / 2 - H; camarilla's days
 *                                      (a UTC Sunday's bars enter no day
 *                                      but end the Friday), NaN where
 *                                      camarilla is, lookback 0. The
 *                                      breakout of the projected range
 *                                      cross(close,dmpivot.r1)
 *   vwap                               the UTC day's volume-weighted average
 *                                      price: the sum of the typical price
 *                                      (high + low + close) / 3 times volume
 *                                      over the sum of volume, both from the
 *                                      first bar of the bar's UTC date (the
 *                                      day split of prevday). NaN while the
 *                                      day's volume is still 0; a bar whose
 *                                      volume is missing (non-finite) is a
 *                                      missing bar (NaN, enters no day). The
 *                                      first value is the first bar's typical
 *                                      price (its day may have begun before
 *                                      the series); on daily bars it is each
 *                                      bar's typical price. lookback 0. A
 *                                      VWAP cross cross(close,vwap)
 *   prevweek    -> .open .high .low .close  prevday's levels for the
 *                                      previous ISO week (Monday 00:00 UTC
 *                                      to Sunday 24:00 UTC; a Sunday-evening
 *                                      FX session belongs to the week that
 *                                      ends) that has bars, by prevday's
 *                                      rules with a week for a day: NaN
 *                                      through the second week seen, valid
 *                                      from the third week's first bar.
 *                                      A weekly breakout:
 *                                      above(close,prevweek.high). lookback 0
 *   dayema(n)   n >= 2                 the daily chart's moving average on
 *                                      intraday bars: TA-Lib's EMA(n) (SMA
 *                                      seed) of the whole UTC days' closes
 *                                      (prevday.close's series: days with
 *                                      bars, the first day seen left out) as
 *                                      of the last whole day, held through
 *                                      the day (MT5 iMA(PERIOD_D1) at shift
 *                                      1); NaN until n whole days ended. The
 *                                      daily trend of a two-timeframe bot:
 *                                      above(prevday.close,dayema(5)).
 *                                      lookback 0
 *   weekema(n)  n >= 2                 the same over prevweek's ISO weeks.
 *                                      The kernel is keyed by the period's
 *                                      number, so H4 or months would be one
 *                                      more key; only days and weeks are
 *                                      items. lookback 0
 *   smma(n)     n >= 2                 MetaTrader 5's smoothed moving average
 *                                      (iMA MODE_SMMA) of the close: the mean
 *                                      of the first n closes, then (prev *
 *                                      (n-1) + close) / n; lookback n-1
 *   medprice    (high + low) / 2        TA-Lib MEDPRICE, MT5 PRICE_MEDIAN; the
 *                                      Awesome Oscillator is diff(mean(
 *                                      medprice,5),mean(medprice,34))
 *   typprice    (high + low + close) / 3  TA-Lib TYPPRICE, MT5 PRICE_TYPICAL
 *   demarker(n) n >= 1                 MT5 DeMarker: the n-bar means of DeMax
 *                                      = high - high@1 where > 0 (else 0) and
 *                                      DeMin = low@1 - low where > 0 (else 0);
 *                                      DeMax / (DeMax + DeMin), 0..1, and 0
 *                                      where both means are 0; lookback n.
 *                                      Levels 0.3 / 0.7: cross(demarker(14),0.3)
 *   rvi(n)      1 <= n <= 1000         -> .line .signal (MT5 Relative Vigor
 *                                      Index): per bar up = co + 2 co@1 + 2
 *                                      co@2 + co@3 with co = close - open, down
 *                                      the same of high - low; .line = sum of
 *                                      up over n bars / sum of down (0 where
 *                                      that is 0); .signal = (line + 2 line@1
 *                                      + 2 line@2 + line@3) / 6; both start at
 *                                      lookback n+5: cross(rvi(10).line,
 *                                      rvi(10).signal)
 *   ac          no arguments           MT5 iAC, Bill Williams' Accelerator
 *                                      Oscillator: AO = sma(medprice,5) -
 *                                      sma(medprice,34) (TA-Lib SMA; the
 *                                      Awesome Oscillator), AC = AO -
 *                                      sma(AO,5); lookback 37. An
 *                                      accelerator bot: cross(ac,0) with the
 *                                      AO's side, above(ratio(mean(medprice,
 *                                      5),mean(medprice,34)),1)
 *   mass(e,n)   e >= 2, n >= 1         Dorsey's mass index (TA-Lib has none):
 *                                      the n-bar sum of ema(e)(high - low) /
 *                                      ema(e)(ema(e)(high - low)), each TA-Lib
 *                                      EMA (the inner one on the outer's
 *                                      values from its first), the sum TA-Lib
 *                                      SUM's; a ratio is 1 where both EMAs
 *                                      are 0 (flat bars); lookback 2(e-1) +
 *                                      n-1. Customary mass(9,25); the
 *                                      "reversal bulge", above 27 then back
 *                                      under 26.5 (or 25.5 / 25):
 *                                      and(cross(26.5,mass(9,25)),above(max(
 *                                      mass(9,25),20),27))
 *   alligator(j,t,l) 2 <= j, t, l     -> .order .jaw .teeth .lips (Bill
 *                                      Williams' alligator, MT5 iAlligator
 *                                      with its default shifts): jaw = smma(j)
 *                                      of medprice shifted 8 bars, teeth =
 *                                      smma(t) shifted 5, lips = smma(l)
 *                                      shifted 3 (smma's recursion on (high +
 *                                      low) / 2); .order +1 while lips > teeth
 *                                      > jaw, -1 while lips < teeth < jaw, 0
 *                                      otherwise; all NaN until the three
 *                                      lines exist, lookback max(j+7, t+4,
 *                                      l+2). The order lining up (it did not
 *                                      hold on the bar before):
 *                                      cross(alligator(13,8,5).order,0.5) =
 *                                      +1, its mirror cross(...,-0.5) = -1;
 *                                      the lips crossing the teeth:
 *                                      cross(alligator(13,8,5).lips,
 *                                      alligator(13,8,5).teeth)
 *   impulse(e,f,s,g) 2 <= e, f, s; f <= s; g >= 1  Elder's impulse system:
 *                                      +1 (green) where ema(e) and the
 *                                      macd(f,s,g) histogram both rose on the
 *                                      bar (each above its value on the bar
 *                                      before), -1 (red) where both fell, 0
 *                                      (blue) otherwise; the ema and macd
 *                                      items' values; lookback max(e, s+g-1).
 *                                      A green bar after a non-green one:
 *                                      cross(impulse(13,12,26,9),0.5) = +1,
 *                                      a red after a non-red cross(...,-0.5)
 *                                      = -1
 *   kst         -> .line .signal       Pring's Know Sure Thing with his
 *                                      daily parameters: line = sma(10) of
 *                                      roc(10) + 2 sma(10) of roc(15) + 3
 *                                      sma(10) of roc(20) + 4 sma(15) of
 *                                      roc(30), each roc TA-Lib's ((close /
 *                                      close@r - 1) * 100, 0 after a close of
 *                                      0) and each sma run on its roc from
 *                                      the roc's first bar r; signal = sma(9)
 *                                      of line. As macd, both NaN until the
 *                                      signal exists: lookback 52. No
 *                                      arguments. Line crossing signal:
 *                                      cross(kst.line,kst.signal)
 *   emv(n)      n >= 1                 the ease of movement: sma(n) of the
 *                                      one-bar emv = (mid - mid@1) * (high -
 *                                      low) / (volume / 1e8), mid = (high +
 *                                      low) / 2, from bar 1 (the volume in
 *                                      units of 1e8: a box ratio of volume /
 *                                      1e8 / (high - low); the scale does not
 *                                      change the sign or a crossing of 0);
 *                                      0 on a bar whose high - low or volume
 *                                      is not above 0 (bars without volume:
 *                                      0 throughout); lookback n. Its side:
 *                                      cross(emv(14),0)
 *   chvol(e,n)  e >= 2, n >= 1         Chaikin's volatility: (r / r@n - 1) *
 *                                      100, r = ema(diff(high,low),e) (the
 *                                      same EMA step, bit for bit): the
 *                                      percentage change of the smoothed
 *                                      range over n bars; NaN where r@n is 0;
 *                                      lookback e - 1 + n. Chaikin's 10,10
 *                                      turning up through 0 (ranges
 *                                      widening): cross(chvol(10,10),0)
 *   imi(n)      n >= 2                 Chande's intraday momentum index,
 *                                      TA-Lib IMI bit for bit: over the last
 *                                      n bars 100 * (up / (up + down)), up =
 *                                      the sum of close - open on up candles,
 *                                      down = the sum of open - close on the
 *                                      others; 50 on an all-flat window;
 *                                      lookback n - 1. Its zones: 20 / 80
 *   relvol(n,m) n >= 2, m >= 2         Dorsey's relative volatility index,
 *                                      0..100: sd = TA-Lib STDDEV(close,n)
 *                                      (population, running sums), u = sd on
 *                                      an up close else 0, d = sd on a down
 *                                      close else 0; 100 * ema(u,m) /
 *                                      (ema(u,m) + ema(d,m)), TA-Lib EMAs
 *                                      from bar n - 1; 50 where both are 0;
 *                                      lookback n - 1 + m - 1. (rvi(n) is
 *                                      MT5's relative vigor index.) Dorsey's
 *                                      relvol(10,14) and its 60 / 40 levels
 *   crsi(a,b,c) a, b >= 2,             Connors RSI, 0..100: (rsi(a) +
 *               1 <= c <= 10000        rsi(streak, b) + pr(c)) / 3, each rsi
 *                                      TA-Lib RSI (rsi(n)'s Wilder
 *                                      smoothing); streak = Connors' up/down
 *                                      streak of the close (streak(close):
 *                                      +k after k up closes, -k after k down
 *                                      closes, 0 on an unchanged close; 0 on
 *                                      the first bar, where rsi(streak, b)
 *                                      starts); pr(c) = 100 * (the count of
 *                                      the previous c one-bar returns close
 *                                      / close@1 - 1 strictly below today's)
 *                                      / c. Lookback max(a, b, c + 1).
 *                                      Connors' crsi(3,2,100) and its 10 /
 *                                      90 (or 15 / 70) levels
 *   stc(f,s,c)  2 <= f <= s, c >= 2    Schaff's trend cycle, 0..100: macd =
 *                                      ema(f) - ema(s) of the close (the ema
 *                                      items' TA-Lib EMAs, each from bar 0);
 *                                      pf = the c-bar stochastic of macd,
 *                                      stc = the c-bar stochastic of pf, each
 *                                      smoothed v = v' + 0.5 * (k - v'), k =
 *                                      (x - lo) / (hi - lo) * 100 over the
 *                                      window's lowest / highest; a line's
 *                                      first value is its first k; a flat
 *                                      window (hi == lo) keeps the previous
 *                                      value (50 when none). Lookback s - 1 +
 *                                      2 (c - 1). Schaff's stc(23,50,10) and
 *                                      its 25 / 75 zones: cross(stc(23,50,
 *                                      10),25)
 *   laguerre(g) 0 < g < 1              Ehlers' Laguerre RSI, 0..1: the
 *                                      four-stage Laguerre filter of the
 *                                      close L0 = (1-g) close + g L0@1, L1 =
 *                                      -g L0 + L0@1 + g L1@1, L2, L3 alike,
 *                                      all four starting at the first close;
 *                                      cu / (cu + cd), cu the sum of the
 *                                      positive ones of L0-L1, L1-L2, L2-L3,
 *                                      cd minus the sum of the negative
 *                                      ones. NaN on the first 3 bars
 *                                      (lookback 3) and where cu + cd == 0.
 *                                      Ehlers' gamma 0.5: laguerre(0.5), its
 *                                      0.2 / 0.8 zones cross(laguerre(0.5),
 *                                      0.2)
 *   supertrend(n,m) n >= 1, m > 0     -> .line .trend (the Supertrend, the
 *                                      customary definition): basic bands
 *                                      hl2 -/+ m * atr(n) (hl2 = (high +
 *                                      low) / 2, TA-Lib ATR); the final
 *                                      lower band = max(lower, its value
 *                                      @1) while close@1 is above that, else
 *                                      lower; the final upper = min(upper,
 *                                      its value @1) while close@1 is below
 *                                      that, else upper; .trend (+1 / -1)
 *                                      turns up where close > the final
 *                                      upper @1, down where close < the
 *                                      final lower @1; .line is the final
 *                                      lower band while up, the upper while
 *                                      down. The first bar with an ATR (bar
 *                                      n) starts up: lookback n. Its flip:
 *                                      cross(supertrend(10,3).trend,0)
 *   linebreak(n) n 1..10               -> .trend .level (Nison's line break of
 *                                      the closes; n = 3 his three-line
 *                                      break): the first line on the first
 *                                      close unlike the first close; in a
 *                                      white run a close above the last
 *                                      line's top adds a white line, a close
 *                                      below the lowest bottom of the last n
 *                                      lines turns it black (the mirror in a
 *                                      black run); .trend +1 white / -1
 *                                      black, .level the close that would
 *                                      turn it. NaN until the first line:
 *                                      lookback 1. Its turn:
 *                                      cross(linebreak(3).trend,0)
 *   dayopen                            the open of the first bar of the
 *                                      bar's UTC day (the day split of
 *                                      prevday), constant through the day;
 *                                      NaN through the first day seen (it may
 *                                      have begun before the series), on
 *                                      daily bars each bar's own open from
 *                                      the second on. lookback 0. The close
 *                                      crossing the day's open:
 *                                      cross(close,dayopen)
 *   mama(f,s)   0.01 <= f, s <= 0.99   -> .mama .fama: Ehlers' MESA
 *                                      adaptive moving average of the close
 *                                      as TA-Lib's MAMA computes it (to a
 *                                      few ulps, <= 1e-15 relative, of the
 *                                      PyPI wheel's TA-Lib, which is built
 *                                      with fused multiply-adds): a WMA(4) smoother, TA-Lib's
 *                                      Hilbert transform steps (even and odd
 *                                      bars in their own banks, parity from
 *                                      the first bar with a close), phase
 *                                      atan(Q1/I1); alpha = f / (phase@1 -
 *                                      phase) where that delta is above 1,
 *                                      at least s, else f; mama = alpha *
 *                                      close + (1 - alpha) * mama@1, fama the
 *                                      same with alpha/2 on mama; the period
 *                                      clamped to 0.67..1.5 times the last
 *                                      and 6..50. Lookback 32. TA-Lib's
 *                                      defaults (0.5, 0.05); MAMA crossing
 *                                      FAMA: cross(mama(0.5,0.05).mama,
 *                                      mama(0.5,0.05).fama)
 *   vixfix(n)   n >= 2                 Larry Williams' VIX Fix, (hc - low)
 *                                      / hc * 100 with hc = max(close,n) (the
 *                                      last n closes, this bar's included:
 *                                      TA-Lib MAX(close, n)); NaN where hc is
 *                                      0; lookback n-1. Williams' 22 bars;
 *                                      its Bollinger band (20, 2) is
 *                                      zscore(vixfix(22),20) above 2
 *                                      (zscore's deviation is the population
 *                                      one, as TA-Lib STDDEV(x, 20, 1))
 *   ulcer(n)    n >= 2                 Peter Martin's ulcer index of the
 *                                      close: sqrt(mean over the last n bars
 *                                      of d^2), d = 100 * (close - hc) / hc,
 *                                      hc = max(close,n) at each bar (TA-Lib
 *                                      MAX(close, n) then SMA(d*d, n)); d is
 *                                      0 where hc is 0; lookback 2(n-1).
 *                                      Martin's 14 bars; a calm market:
 *                                      ulcer(14) below 3
 *   pvo(f,s,g)  2 <= f <= s, g >= 1    -> .line .signal: the percentage
 *                                      volume oscillator, ppo(f,s) on the
 *                                      volume: line = (ema(volume,f) -
 *                                      ema(volume,s)) / ema(volume,s) * 100,
 *                                      both TA-Lib-seeded EMAs from bar 0,
 *                                      NaN where ema(volume,s) is 0 (bars
 *                                      without volume); signal = ema(g) of
 *                                      the finite lines. Both NaN until the
 *                                      signal exists: lookback s-1 + g-1.
 *                                      The customary (12,26,9), its line
 *                                      crossing the signal:
 *                                      cross(pvo(12,26,9).line,
 *                                      pvo(12,26,9).signal)
 *   vwmacd(f,s,g)  2 <= f <= s, g >= 1 -> .line .signal .hist: Buff
 *                                      Dormeier's volume-weighted MACD,
 *                                      macd's shape on volume-weighted
 *                                      averages: pv = close * volume, line =
 *                                      ema(pv,f) / ema(volume,f) - ema(pv,s)
 *                                      / ema(volume,s), the four TA-Lib-
 *                                      seeded EMAs from bar 0 (ppo's
 *                                      alignment), NaN where a volume EMA is
 *                                      0 (bars without volume); signal =
 *                                      ema(g) of the finite lines, hist =
 *                                      line - signal. All three NaN until
 *                                      the signal exists: lookback s-1 +
 *                                      g-1. The customary (12,26,9), its
 *                                      line crossing the signal:
 *                                      cross(vwmacd(12,26,9).line,
 *                                      vwmacd(12,26,9).signal), below 0:
 *                                      above(0,vwmacd(12,26,9).line)
 *   macdv(f,s,a,g)  2 <= f <= s, a, g >= 1 -> .line .signal:
 *                                      Spiroglou's MACD-V, the MACD line
 *                                      in ATR units: line = 100 * (ema(f)
 *                                      - ema(s)) / atr(a), TA-Lib-seeded
 *                                      EMAs of the close from bar 0 (ppo's
 *                                      alignment) and TA-Lib's ATR, NaN
 *                                      where the ATR is 0; signal = ema(g)
 *                                      of the finite lines. Both NaN until
 *                                      the signal exists: lookback
 *                                      max(s-1, a) + g-1. The customary
 *                                      (12,26,26,9), momentum beyond +-50:
 *                                      above(macdv(12,26,26,9).line,50),
 *                                      its signal cross
 *                                      cross(macdv(12,26,26,9).line,
 *                                      macdv(12,26,26,9).signal)
 *   wavetrend(n1,n2,n3)  n1, n2, n3 >= 1 -> .wt1 .wt2: LazyBear's
 *                                      WaveTrend: ap = (high + low +
 *                                      close) / 3, esa = ema(ap,n1), d =
 *                                      ema(|ap - esa|,n1), ci = (ap - esa)
 *                                      / (0.015 d) (0 where d is 0
 *                                      relative to esa), wt1 = ema(ci,n2),
 *                                      wt2 = sma(wt1,n3); TA-Lib-seeded
 *                                      EMAs from each input's first value.
 *                                      Both NaN until wt2 exists: lookback
 *                                      2(n1-1) + (n2-1) + (n3-1). The
 *                                      customary (10,21,4), levels +-60 and
 *                                      +-53: cross(wavetrend(10,21,4).wt1,
 *                                      wavetrend(10,21,4).wt2) below -53,
 *                                      above(-53,wavetrend(10,21,4).wt1)
 *   cybercycle(alpha)  0 < alpha < 1   Ehlers' cyber cycle of p = (high +
 *                                      low) / 2: smooth = (p + 2 p@1 +
 *                                      2 p@2 + p@3) / 6, cycle = (1 -
 *                                      alpha/2)^2 (smooth - 2 smooth@1 +
 *                                      smooth@2) + 2 (1 - alpha) cycle@1 -
 *                                      (1 - alpha)^2 cycle@2; on the first
 *                                      7 bars (p - 2 p@1 + p@2) / 4 (his
 *                                      start-up rule), NaN on bars 0 and 1
 *                                      (lookback 2). The customary 0.07,
 *                                      its trigger the cycle a bar earlier:
 *                                      cross(cybercycle(0.07),
 *                                      cybercycle(0.07)@1) below 0,
 *                                      above(0,cybercycle(0.07))
 *   weekmacd(f,s,g)  2 <= f <= s, g >= 1 -> .line .signal .hist .slope:
 *                                      the weekly MACD: macd's TA-Lib MACD
 *                                      on the whole ISO weeks' closes
 *                                      (prevweek's weeks, the first week
 *                                      seen left out), as of the last whole
 *                                      week, held through the current one;
 *                                      slope = the last whole week's hist
 *                                      minus the week before's. NaN until
 *                                      the signal exists (lookback 0, as
 *                                      weekema). Elder's triple-screen tide:
 *                                      above(weekmacd(12,26,9).slope,0)
 *   kvo(f,s,g)  1 <= f <= s, g >= 1    -> .line .signal: the Klinger
 *                                      volume oscillator (Stockcharts'):
 *                                      tp = high + low + close, trend +1
 *                                      when tp rose, else -1; dm = high -
 *                                      low; cm = cm@1 + dm while the trend
 *                                      holds, dm@1 + dm when it turns (bar
 *                                      1 always turns); the volume force
 *                                      vf = volume * |2 (dm / cm - 1)| *
 *                                      trend * 100, 0 where cm is 0, from
 *                                      bar 1 (bar 0 has no previous tp);
 *                                      line = ema(vf,f) - ema(vf,s), both
 *                                      TA-Lib-seeded EMAs from bar 1;
 *                                      signal = ema(g) of the line. Both
 *                                      NaN until the signal exists:
 *                                      lookback s + g - 1. A missing bar
 *                                      is skipped (the next compares with
 *                                      the last bar that came). Klinger's
 *                                      (34,55,13), the line crossing its
 *                                      signal: cross(kvo(34,55,13).line,
 *                                      kvo(34,55,13).signal)
 *   correl(n)   n >= 2                 Pearson's r of the last n closes
 *                                      against time (the bar number), as
 *                                      TA-Lib CORREL(close, index, n), in
 *                                      [-1, 1]: computed from the window's
 *                                      own centred sums (within 1e-9 of
 *                                      TA-Lib's running sums, not ulps);
 *                                      0 where sxx * syy is below 1e-14
 *                                      (flat closes), lookback n-1; a
 *                                      missing bar is not a time step. A
 *                                      trend's straightness: its crossings
 *                                      of 0.8 / -0.8 are level cuts
 *   smi(q,r,s)  q, r, s >= 2           -> .line .signal: Blau's stochastic
 *                                      momentum index. hh, ll the q-bar
 *                                      highest high / lowest low; line =
 *                                      100 * ema(r) of ema(r) of (close -
 *                                      (hh + ll) / 2) / (0.5 * ema(r) of
 *                                      ema(r) of (hh - ll)), signal =
 *                                      ema(s) of line; every ema the ema
 *                                      item's (TA-Lib's seed) run from its
 *                                      input's first value. As macd, both
 *                                      NaN until the signal exists:
 *                                      lookback q + 2r + s - 4; line 0 where
 *                                      the smoothed range is 0. The
 *                                      customary (10,3,3), its -40 / +40
 *                                      zones; line crossing signal:
 *                                      cross(smi(10,3,3).line,
 *                                      smi(10,3,3).signal)
 *   vidya(n,m)  n >= 1, m >= 2         Chande's variable index dynamic
 *                                      average: a = 2 / (n + 1) * |cmo(m)|
 *                                      / 100 (the cmo item, TA-Lib's CMO),
 *                                      vidya = a * close + (1 - a) *
 *                                      vidya@1, seeded with the close of bar
 *                                      m (the first bar with a cmo);
 *                                      lookback m. Chande's 9-bar CMO: the
 *                                      close crossing it
 *                                      cross(close,vidya(14,9))
 *   htsine                             -> .sine .lead: Ehlers' Hilbert
 *                                      sine wave as TA-Lib's HT_SINE
 *                                      computes it (to a few ulps): mama's
 *                                      WMA(4) smoother and Hilbert steps
 *                                      (from bar 37), the smoothed period
 *                                      sp = 0.33 period + 0.67 sp@1, the
 *                                      dominant cycle phase from the last
 *                                      (int)(sp + 0.5) smoothed prices
 *                                      (atan of their sine / cosine sums,
 *                                      + 90, + 360 / sp, + 180 where the
 *                                      cosine sum is negative, -360 above
 *                                      315); sine = sin(phase), lead =
 *                                      sin(phase + 45 degrees). Lookback
 *                                      63. The sine crossing its lead:
 *                                      cross(htsine.sine,htsine.lead)
 *   htdcperiod                         TA-Lib's HT_DCPERIOD, htsine's sp
 *                                      with the Hilbert steps from bar 12;
 *                                      lookback 32
 *   httrendmode                        TA-Lib's HT_TRENDMODE (exact): 1 in a
 *                                      trend, 0 in a cycle: 0 on the sine
 *                                      crossing its lead, for sp / 2 bars
 *                                      after, and while the phase moves
 *                                      0.67..1.5 x 360 / sp a bar; 1 again
 *                                      where the smoothed price is 1.5% or
 *                                      more off the trendline (the WMA(4)
 *                                      of (int)(sp + 0.5)-bar means of the
 *                                      close). Lookback 63
 *   httrendline                        TA-Lib's HT_TRENDLINE (exact): the
 *                                      instantaneous trendline, httrendmode's
 *                                      (the WMA(4) of the (int)(sp + 0.5)-bar
 *                                      means of the close); lookback 63. The
 *                                      close crossing it:
 *                                      cross(close,httrendline)
 *   dtrange(n)  n >= 1                 the dual-thrust range over the last n
 *                                      bars, this bar included: max(HH -
 *                                      LC, HC - LL), HH / LL the highest high
 *                                      / lowest low, HC / LC the highest /
 *                                      lowest close; lookback n-1. The dual
 *                                      thrust's "close above open + k range
 *                                      of the n bars before":
 *                                      above(ratio(diff(close,open),
 *                                      dtrange(4)@1),k)
 *   stretch(n)  n >= 1                 Crabel's stretch: the mean over the
 *                                      last n bars, this bar included, of
 *                                      min(high - open, open - low);
 *                                      lookback n-1, a bar with a NaN open
 *                                      skipped. His breakout "close above
 *                                      open + the stretch of the 10 days
 *                                      before": above(ratio(diff(close,
 *                                      open),stretch(10)@1),1)
 *   tii(n,m)  n >= 2, m >= 1          Pee's trend intensity index (TA-Lib
 *                                      has none): the deviations d = close
 *                                      - sma(n) (the sma item) over the
 *                                      last m bars, 100 x ((the sum of the
 *                                      positive d) / (the sum of |d|)),
 *                                      0..100, 50 where every d is 0;
 *                                      lookback (n-1) + (m-1). Pee's
 *                                      original (60,30), the half-period
 *                                      (20,10); zones 80 / 20, midline 50:
 *                                      cross(tii(20,10),80)
 *   tdi(n)    1 <= n <= 33333         Pee's trend detection index, two
 *                                      outputs .tdi .direction (TA-Lib has
 *                                      none): mom = close - close@n,
 *                                      direction = the sum of the last n
 *                                      mom, tdi = |direction| - (the sum
 *                                      of |mom| over 2n bars - over n);
 *                                      both NaN until 2n mom exist:
 *                                      lookback 3n - 1. Pee's n = 20 (2n =
 *                                      40); a trend starting on its side:
 *                                      cross(tdi(20).tdi,0) with
 *                                      above(tdi(20).direction,0)
 *   rainbow(n,r)  n, r >= 1            Widner's rainbow oscillator (TA-Lib
 *                                      has none): m1 = sma(close,2), m(i)
 *                                      = sma(m(i-1),2) for i = 2..n, 100 x
 *                                      (close - the mean of m1..mn) / (the
 *                                      highest - the lowest close of the
 *                                      last r bars), NaN where that range
 *                                      is 0; lookback max(n, r-1).
 *                                      Widner's (10,10); its zero line:
 *                                      cross(rainbow(10,10),0)
 *   tcf(n)    n >= 1                  Pee's trend continuation factor,
 *                                      two outputs .plus .minus (TA-Lib
 *                                      has none): plus / minus = the
 *                                      close's up / down change (else 0),
 *                                      cf+ / cf- their totals over the
 *                                      current run (0 where the change is
 *                                      not that way); .plus = the n-bar
 *                                      sum of plus - cf-, .minus of minus
 *                                      - cf+ (TA-Lib SUM's order); lookback
 *                                      n. Pee's n = 35; an uptrend where
 *                                      .plus > 0: cross(tcf(35).plus,0)
 *   tdrei(n)  n >= 1                  DeMark's TD range expansion index
 *                                      (TA-Lib has none): from bar 8, v =
 *                                      (high - high@2) + (low - low@2),
 *                                      kept where (high@2 >= close@7 or
 *                                      close@8, or high >= low@5 or low@6)
 *                                      and (low@2 <= close@7 or close@8,
 *                                      or low <= high@5 or high@6), else
 *                                      0; 100 x the n-bar sum of v / that
 *                                      of |high - high@2| + |low - low@2|,
 *                                      NaN where that sum is 0; lookback
 *                                      n + 7. DeMark's n = 5, zones +-45:
 *                                      cross(tdrei(5),-45)
 *   rangepos(n)  n >= 1                the close's place in the range of
 *                                      the n bars before it (this bar
 *                                      excluded): (close - LL) / (HH - LL),
 *                                      LL / HH their lowest low / highest
 *                                      high; NaN where HH = LL; lookback n.
 *                                      A stochastic %K against the previous
 *                                      window, the same bits as
 *                                      ratio(diff(close,min(low,n)@1),
 *                                      diff(max(high,n),min(low,n))@1);
 *                                      the close crossing the 61.8 %
 *                                      retracement of the previous day's
 *                                      hourly range:
 *                                      cross(rangepos(24),0.618)
 *   tstat(n)  n >= 2                   the t-statistic of the last n
 *                                      one-bar returns r = close/close@1
 *                                      - 1: mean(r) / s x sqrt(n), s the
 *                                      sample standard deviation (divisor
 *                                      n-1); 0 where s = 0; lookback n.
 *                                      Levels +-1.5, +-2, 0; a fade of a
 *                                      significant hourly drift:
 *                                      cross(-1.5,tstat(24))
 *   pgo(n)  n >= 2                     Johnson's pretty good oscillator:
 *                                      (close - sma(n)) / ema(n) of the
 *                                      true range (TA-Lib TRANGE from bar
 *                                      1, its EMA seeded with the mean of
 *                                      the first n); NaN where that ema
 *                                      is 0; lookback n. Johnson's
 *                                      breakout levels +-3, exit 0:
 *                                      cross(pgo(14),3)
 *   skew(n)  n >= 3                    the population skewness of the
 *                                      last n one-bar returns r =
 *                                      close/close@1 - 1: m3 / m2^1.5,
 *                                      m_k = mean((r - mean(r))^k)
 *                                      (scipy.stats.skew(bias=True));
 *                                      0 where m2 = 0; lookback n.
 *                                      Levels +-0.5, +-0.75, +-1; a fade
 *                                      of a lopsided tape:
 *                                      cross(-0.75,skew(48))
 *   pzo(n)  n >= 2                     Khalil and Steckler's price zone
 *                                      oscillator: 100 * ema(n) of
 *                                      sign(close - close@1) * close /
 *                                      ema(n) of the close, both EMAs
 *                                      (TA-Lib's, seeded with the mean of
 *                                      the first n) from bar 1 (sign 0 on
 *                                      an unchanged close); -100..100;
 *                                      lookback n. Zone levels such as
 *                                      +-40, exit 0; with an ema(60)
 *                                      trend filter:
 *                                      and(cross(pzo(14),-40),
 *                                      above(close,ema(60)))
 *   vzo(n)  n >= 2                     the volume zone oscillator: the
 *                                      same with the volume in place of
 *                                      the close, 100 * ema(n) of
 *                                      sign(close - close@1) * volume /
 *                                      ema(n) of the volume; 0 where that
 *                                      ema is 0 (bars without volume: 0
 *                                      throughout); lookback n:
 *                                      cross(vzo(14),-40)
 *   rmi(n,m)  n, m >= 1                Altman's relative momentum index:
 *                                      Wilder's RSI over the m-bar
 *                                      momentum close - close@m: up =
 *                                      max(mom, 0), down = max(-mom, 0),
 *                                      each Wilder-smoothed over n (the
 *                                      mean of the first n, then (avg (n -
 *                                      1) + x) / n), rmi = 100 up / (up +
 *                                      down), 50 where that sum is 0;
 *                                      lookback m+n-1; rmi(n,1) is RSI(n).
 *                                      Zones 30 / 70, midline 50:
 *                                      cross(30,rmi(14,5))
 *   ttf(n)  n >= 1                     the trend trigger factor: buy =
 *                                      max(high,n) - min(low,n)@n, sell =
 *                                      max(high,n)@n - min(low,n), ttf =
 *                                      100 (buy - sell) / (0.5 (buy +
 *                                      sell)), 0 where that is 0;
 *                                      lookback 2n-1. Pee's 15, signals
 *                                      +-100: cross(ttf(15),100)
 *   fir(n,c0,c1,c2,c3)  n in 2..1000, c finite, weights not summing to 0
 *                                      the learned moving average: a finite
 *                                      linear filter of the last n closes,
 *                                      sum of w_i close[i bars ago], w_i =
 *                                      p(u_i) / (p(u_0) + .. + p(u_n-1)),
 *                                      p(u) = c0 + c1 u + c2 u^2 + c3 u^3,
 *                                      u_i = i/(n-1); the weights sum to 1
 *                                      and scaling every c alike changes
 *                                      nothing (fir(n,1,0,0,0) is sma(n));
 *                                      lookback n-1. The clone search fits
 *                                      the c of a bot's unknown average
 *                                      and tries above(close,fir(...)) and
 *                                      cross(close,fir(...))
 *   firosc(n,c0,c1,c2,c3)  n in 2..1000, c finite, not all weights 0
 *                                      the learned oscillator: a finite
 *                                      linear filter of the last n one-bar
 *                                      close changes in percent of the
 *                                      close, 100 * (sum of v_i (close[i]
 *                                      - close[i+1]), i bars ago) / close,
 *                                      v_i = p(u_i) / (|p(u_0)| + .. +
 *                                      |p(u_n-1)|), p and u_i as fir's; a
 *                                      positive scale of every c changes
 *                                      nothing, a negative one flips the
 *                                      sign (firosc(n,1,0,0,0) is
 *                                      100 (close - close@n) / (n close));
 *                                      NaN where the close is 0; lookback
 *                                      n. The clone search fits the c of a
 *                                      bot's unknown momentum indicator and
 *                                      cuts it as a level item
 *   trima(n)  n >= 2                   TA-Lib TRIMA, the triangular moving
 *                                      average of the close: sma(n/2 + 1)
 *                                      of sma((n+1)/2) (integer division:
 *                                      odd n both (n+1)/2, even n n/2 then
 *                                      n/2 + 1); lookback n-1. A source
 *                                      wherever sma/ema are:
 *                                      cross(trima(10),trima(30))
 *   ssf(n)  n >= 2                     Ehlers' two-pole super smoother of
 *                                      the close: a1 = exp(-1.414 pi/n),
 *                                      c2 = 2 a1 cos(1.414 pi/n), c3 =
 *                                      -a1^2, c1 = 1 - c2 - c3, f = c1
 *                                      (close + close@1)/2 + c2 f@1 + c3
 *                                      f@2, f = the close on the first two
 *                                      bars (the seed); lookback 2. A source
 *                                      wherever sma/ema are:
 *                                      cross(close,ssf(20))
 *   usmooth(n)  n >= 2                 Ehlers' UltimateSmoother of the
 *                                      close (TASC, April 2024): a1, c2,
 *                                      c3 as ssf's, c1 = (1 + c2 - c3)/4,
 *                                      us = (1 - c1) close + (2 c1 - c2)
 *                                      close@1 - (c1 + c3) close@2 + c2
 *                                      us@1 + c3 us@2, us = the close on
 *                                      the first two bars (the seed);
 *                                      lookback 2. A source wherever
 *                                      sma/ema are: above(close,usmooth(20))
 *   uband(n)  n >= 2                   the close's place in Ehlers'
 *                                      Ultimate Bands: (close - us) / sd,
 *                                      us = usmooth(n), sd = sqrt of the
 *                                      n-bar mean of (close - us)^2 (his
 *                                      1-sd bands at -1 / +1, the smoother
 *                                      at 0); NaN while sd is 0; lookback
 *                                      n + 1: above(uband(20),1)
 *   decycler(n)  n >= 2                Ehlers' simple decycler (TASC,
 *                                      September 2015): the close less his
 *                                      two-pole high-pass, w = 0.707 2 pi
 *                                      / n, a1 = (cos w + sin w - 1) /
 *                                      cos w, hp = (1 - a1/2)^2 (close -
 *                                      2 close@1 + close@2) + 2 (1 - a1)
 *                                      hp@1 - (1 - a1)^2 hp@2, hp = 0 on
 *                                      the first two bars (the seed);
 *                                      lookback 2. A source wherever
 *                                      sma/ema are; his hysteresis lines:
 *                                      above(ratio(close,decycler(125)),1.005)
 *   dss(n,m)  n >= 1, m >= 1           Bressert's double smoothed
 *                                      stochastic (TA-Lib has none): k =
 *                                      (close - LL) / (HH - LL) over the
 *                                      last n bars (0.5 where HH = LL),
 *                                      e1 = ema(m) of k; k2 = e1's place in
 *                                      its own last n values (0.5 where
 *                                      flat), dss = 100 x ema(m) of k2
 *                                      (the ema item's EMA); 0..100;
 *                                      lookback 2 (n-1) + 2 (m-1).
 *                                      Customary (13,8) and (10,3); zones
 *                                      20 / 80: cross(dss(13,8),20)
 *   dynmom(n)  n >= 1                  Chande's dynamic momentum index:
 *                                      vi = sd / sma(10) of sd, sd the
 *                                      population std of the last 5
 *                                      closes; the period td = trunc(n /
 *                                      vi) held to 5..30 (30 where vi is
 *                                      not above 0); Cutler's RSI over the
 *                                      last td close changes, 100 x (the
 *                                      sum of the gains / the sum of
 *                                      |changes|), 50 where all are 0;
 *                                      lookback 30. Chande's base 14;
 *                                      zones 30 / 70, midline 50:
 *                                      cross(30,dynmom(14))
 *   pmo(a,b)  a, b >= 2                -> .line .signal: DecisionPoint's
 *                                      price momentum oscillator, line =
 *                                      ema(b-1) of 10 x ema(a-1) of the
 *                                      one-bar percent change 100 (close /
 *                                      close@1 - 1) (EMAs of alpha 2/a and
 *                                      2/b, TA-Lib's seed), signal = ema(10)
 *                                      of the line; both NaN until the
 *                                      signal exists (lookback a+b+6).
 *                                      The customary (35,20):
 *                                      cross(pmo(35,20).line,
 *                                      pmo(35,20).signal)
 *   iftrsi(n,m)  n, m >= 2             Ehlers' inverse Fisher transform of
 *                                      the RSI: tanh(w), w = TA-Lib WMA(m)
 *                                      of 0.1 (rsi(n) - 50) from the rsi's
 *                                      first value; in (-1, 1); lookback
 *                                      n + m - 1. Ehlers' customary (5,9),
 *                                      levels +-0.5 (wma(m) of rsi(n) at
 *                                      50 +- 5.49): cross(iftrsi(5,9),-0.5)
 *   bwmfi                              Bill Williams' market facilitation
 *                                      index: (high - low) / volume; NaN
 *                                      where the volume is not above 0;
 *                                      lookback 0. His "green" bar (bwmfi
 *                                      and volume both up on the previous
 *                                      bar's): and(above(bwmfi,bwmfi@1),
 *                                      above(volume,volume@1))
 *   ichimoku(t,k,s,d)  t, k, s, d >= 1 -> .top .bottom .a .b: Hosoda's
 *                                      Ichimoku cloud at this bar: span A
 *                                      = (midprice(t) + midprice(k)) / 2,
 *                                      span B = midprice(s), both computed
 *                                      d bars before (displaced d bars
 *                                      forward): .a, .b; .top / .bottom
 *                                      their max / min, NaN while either
 *                                      is NaN; lookback max(t,k,s) - 1 +
 *                                      d. Customary (9,26,52,26): the
 *                                      close breaking out above the cloud
 *                                      cross(close,ichimoku(9,26,52,26).top),
 *                                      below it ...bottom
 *   pfe(n,m)  n >= 2, m >= 1           Hannula's polarized fractal
 *                                      efficiency (TA-Lib has none): D =
 *                                      close - close n-1 bars ago, raw =
 *                                      100 sign(D) sqrt(D^2 + n^2) / (the
 *                                      sum over the n-1 one-bar steps of
 *                                      sqrt(step^2 + 1)), in the
 *                                      instrument's own price units (the
 *                                      + n^2 and + 1 are in them), 0 where
 *                                      D = 0; pfe = the ema item's EMA(m)
 *                                      of raw; |pfe| <= 100 n/(n-1) (the
 *                                      path of n-1 steps is at least
 *                                      sqrt(D^2 + (n-1)^2)); lookback (n-1)
 *                                      + (m-1). Customary (10,5), levels
 *                                      +-50, +-30, 0: above(pfe(10,5),30)
 *   frama(n)  n >= 2, even             Ehlers' fractal adaptive moving
 *                                      average of the close, m = n/2: n1 =
 *                                      (highest high - lowest low of the
 *                                      newest m bars) / m, n2 the same of
 *                                      the m bars before, n3 = the n bars'
 *                                      range / n; d = (log(n1 + n2) -
 *                                      log(n3)) / log 2 (1 unless all three
 *                                      are above 0), alpha = exp(-4.6 (d -
 *                                      1)) held to 0.01..1, frama = alpha
 *                                      close + (1 - alpha) frama@1, seeded
 *                                      with the close (again after a NaN
 *                                      value); lookback n-1. Ehlers' 16, a
 *                                      stop-and-reverse: cross(close,
 *                                      frama(16))
 *   ckstop(p,x,q)  p, q >= 1           -> .long .short .upper .lower:
 *                                      Chande and Kroll's stop: first high
 *                                      stop = max(high,p) - x atr(p), first
 *                                      low stop = min(low,p) + x atr(p)
 *                                      (TA-Lib's Wilder ATR); .long = the
 *                                      highest first high stop of the last
 *                                      q bars, .short = the lowest first
 *                                      low stop of the last q bars;
 *                                      .upper / .lower their max / min (the
 *                                      lines a flat trader's entries
 *                                      cross); lookback p+q-1. Customary
 *                                      (10,1,9): cross(close,ckstop(10,1,9)
 *                                      .upper) to enter, cross(close,
 *                                      ckstop(10,1,9).long) a long's exit
 *   ret(n)     close/close[n bars ago] - 1
 *   logret(n)  log(close/close[n bars ago])
 *   vol(n)     n >= 2: sample standard deviation (divisor n-1) of the last n
 *              one-bar log returns; lookback n
 *   cross(a,b) +1 on the bar a goes from <= b to > b, -1 from >= b to < b,
 *              0 otherwise (and on the first bar both exist); NaN while either
 *              is NaN. a, b: single-column items or numbers: cross(rsi(14),70)
 *   diff(a,b)  a - b, arguments as cross
 *   above(a,b) 1 where a > b, 0 where a <= b, NaN while either is NaN;
 *              arguments as cross: above(rsi(14),70)
 *   and(a,b)   1 where a > 0 and b > 0, 0 where either is <= 0, NaN while
 *              either is NaN; arguments as cross: the conjunction of two
 *              conditions, and(above(-2,zscore(close,20)),above(35,rsi(14)))
 *   ratio(a,b) a / b, arguments as cross; NaN where b = 0
 *   max(x,n) min(x,n)  n >= 2: largest / smallest of the last n values of
 *              x, a single-column item: max(high,20), min(low,20) are the
 *              Donchian channels, diff(max(high,20),min(low,20)) their width
 *   rank(x,n)  n >= 2: share of the last n values of x (the current one
 *              included) that are <= the current one, in [1/n, 1]; ties count
 *              as <= (pandas rolling(n).rank(method="max", pct=True))
 *   zscore(x,n) n >= 2: (x - mean) / std of the last n values of x, std the
 *              population standard deviation (divisor n, numpy's ddof=0);
 *              NaN where the n values are all equal (std 0)
 *   mean(x,n)  n >= 2: arithmetic mean of the last n values of x (pandas'
 *              rolling(n).mean()): volume against its average is
 *              ratio(volume,mean(volume,20)), an average of an indicator
 *              mean(rsi(14),5); the psychological line PSY(12) (100 x the
 *              up closes among the last 12 / 12) is 100 x
 *              mean(above(close,close@1),12): its 30 / 70 zones are
 *              above(mean(above(close,close@1),12),0.3) / 0.7
 *   ema(x,n)   n >= 2: TA-Lib's EMA of x, a single-column item (ema with
 *              two arguments; ema(n) stays the close's, its name and numbers
 *              unchanged): the mean of the first n values of x from its first
 *              non-NaN value, then prev + 2/(n+1) * (x - prev), as talib.EMA on
 *              x's series: ema(diff(high,low),10), ema(volume,20),
 *              ema(rsi(14),5); ema(close,n) is ema(n)'s value. A NaN of x
 *              restarts it (seeded again from the next n values)
 *              For max, min, rank, zscore, mean and ema(x,n): NaN until x has
 *              had n values and while a NaN of x is among the last n;
 *              lookback = x's lookback + n - 1; O(1) amortized per bar (rank:
 *              O(log n))
 *   since(e)   bars since e was last nonzero (e: a single-column item, an
 *              event such as cross(sma(10),sma(30)) or above(rsi(14),70)):
 *              0 on the event bar, 1 on the next, ... without a cap; NaN
 *              before the first event and on bars where e is NaN (they still
 *              count); lookback = e's
 *   streak(x)  the signed run of consecutive moves of x through this bar:
 *              +k when x rose (x > x@1) on this bar and the k-1 bars
 *              before, -k when it fell k bars in a row, 0 where x equals
 *              x@1; not capped. x: a single-column item (streak(high) >= 3:
 *              three higher highs in a row; streak(low) <= -1: a lower low).
 *              NaN where x or x@1 is NaN (the run starts again after it);
 *              lookback = x's + 1
 *   hour_sin hour_cos    sin/cos(2*pi*h/24), h = UTC hour + minute/60
 *   dow_sin dow_cos      sin/cos(2*pi*d/7), d = 0 Monday .. 6 Sunday
 *   month_sin month_cos  sin/cos(2*pi*m/12), m = 0 January .. 11 December
 *   hour                 h = UTC hour + minute/60 of the bar's time, 0 <= h < 24
 *   hour_is(h)           h = 0..23: 1 on bars whose UTC hour is h, else 0
 *                        (one-hot hours: hour_is(0) .. hour_is(23))
 *   session(h0,h1)       h0 = 0..23, h1 = 1..24, h0 != h1 mod 24: 1 on bars
 *                        whose UTC hour h is in [h0, h1), else 0; h0 > h1
 *                        wraps past midnight (session(22,6): 22:00 .. 05:59).
 *                        "Trades 08-16 h" is session(8,17)
 *   sym_emb(j)           j = 0..255: component j of the traded symbol's
 *                        node2vec embedding (the symbol graph), the same on
 *                        every bar; NaN until bc_features_set_symbol_embedding
 *                        gives the engine its symbol's vector. Named
 *                        sym_emb_<j> (BotCopier's name), not by its text
 *   book_bid_vol book_ask_vol book_imbalance book_spread bid_ask_ratio
 *   book_imbalance_roll  order book features, from raw bid
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

/* Number of output columns (> 0); 0 for NULL, like every count. */
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

/* Gives the engine its symbol's embedding for the sym_emb(j) columns:
 * column sym_emb_<j> becomes values[j] (NaN for j >= n) on every bar from
 * now on, in streaming and batch alike; n = 0 makes them NaN again. The
 * cloner and the predictor call it with the vectors a model records in
 * "symbol_embeddings". Errors: BC_E_INVALID_ARGUMENT (NULL, n outside
 * 0..256). No allocation; not thread-safe for one engine. */
BC_API int32_t bc_features_set_symbol_embedding(bc_features *f,
                                                const double *values,
                                                int32_t n);

/* Computes f over bars (as bc_features_compute, from a reset engine) and
 * writes the table to path: a header "time" plus one column per output
 * named as bc_features_name gives it (RFC 4180-quoted when it holds a
 * comma), then one row per bar with the time as ISO "YYYY-MM-DD HH:MM:SS"
 * and the values with the fewest digits that read back exactly, empty
 * while a column is in its lookback (NaN). Written atomically (temporary
 * file, fsync, rename). Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO
 * naming the path, BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_features_write_csv(bc_features *f, const bc_bars *bars,
                                     const char *path);

/* Bars before every column can be valid: the largest TA-Lib lookback of the
 * columns (e.g. 33 for macd(12,26,9), 27 for adx(14); a lag adds k); 0
 * for NULL, like every count. */
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
 * feature vector, bc_features_count() values, to out. O(1) per item
 * (amortized for max, min and zscore; O(log n) for rank(x,n)), never
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

/* Batch over a bar series read by bc_bars_read_csv or built by
 * bc_bars_from_arrays: bc_features_compute_arrays on its columns, no order
 * book. out is row-major bc_bars_length(bars) x bc_features_count(f).
 * Errors as bc_features_compute_arrays, plus BC_E_INVALID_ARGUMENT for NULL
 * bars. */
BC_API int32_t bc_features_compute(bc_features *f, const bc_bars *bars,
                                   double *out, int64_t capacity);

/* Releases an engine. NULL is a no-op. */
BC_API void bc_features_free(bc_features *f);

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

/* Loads a .bcm model file into *out (free with bc_model_free), or a
 * trained recurrent policy file (bc_ppo_save_policy, rl-train's
 * policy.bcp: versioned, XXH64-checksummed) as a model of type "policy":
 * its features are the observation columns, its classes the actions; it
 * is stepped with a GRU state through bc_policy_from_model, exported with
 * bc_export_onnx, and the row-by-row calls (bc_model_predict,
 * bc_predictor_create, bc_model_update, model.json) refuse it with
 * BC_E_UNSUPPORTED. A PPO checkpoint is refused with BC_E_FORMAT. Only a
 * regular file of at most 4 GiB is read, and only after its 40-byte header
 * announces exactly the file's size, so a device, FIFO or mislabelled file
 * is refused in bounded time and memory. Integrity (size, checksum) is
 * checked before the format version: BC_E_VERSION means an intact file
 * from a newer library, never a damaged one.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO (cannot open/read),
 * BC_E_FORMAT (not a .bcm file, empty, not a regular file, over 4 GiB),
 * BC_E_CORRUPT (truncated, checksum mismatch, inconsistent contents; a
 * clone's stop-loss / take-profit rule that is malformed), BC_E_VERSION
 * (an intact file of a newer format; a clone's stop-loss / take-profit
 * rule in a unit this library does not know, naming the rule and the
 * unit: a newer library's model is refused rather than traded without its
 * stops; README "The stop rules in the model file" lists the units and
 * when each came), BC_E_UNSUPPORTED
 * (zstd-compressed file in a build without zstd), BC_E_OUT_OF_MEMORY. The
 * message names the file and what was wrong. Thread-safe. */
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

/* The same model.json text in caller memory (what bc_model_write_json
 * writes, byte for byte), two-call pattern: *length receives the length
 * without the NUL; capacity must exceed it, else BC_E_BUFFER_TOO_SMALL with
 * nothing copied (buf NULL with capacity 0 asks for the length). Errors as
 * bc_model_write_json. Thread-safe. */
BC_API int32_t bc_model_json_text(const bc_model *m, char *buf,
                                  int64_t capacity, int64_t *length);

/* Writes the model in the shape BotCopier's own consumer scripts read, for
 * the models that allow it: a binary logistic model, "coefficients" one
 * vector and "intercept" one number over z = (clip(x, clip_low, clip_high)
 * - feature_mean) / feature_std, prob = P(buy) = 1 / (1 + exp(-(coefficients
 * . z + intercept))), buy when prob > threshold, sell when 1 - prob >
 * threshold (threshold 0.5). A 2-class logistic model is written as it is.
 * A clone's 4-class logistic model gives its direction view: prob =
 * P(open_long | the clone opens) = sigmoid((w_long - w_short) . z + b_long
 * - b_short), exactly its softmax restricted to the two entry classes. What
 * that view loses, written in "botcopier_view": when to act at all (class
 * none), when to close, per-class thresholds and calibration. model.json
 * (bc_model_write_json) keeps everything. Written atomically.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_UNSUPPORTED (an MLP, or
 * classes without open_long/open_short, naming which; a build without
 * jansson), BC_E_IO naming the path. Thread-safe. */
BC_API int32_t bc_model_write_botcopier_json(const bc_model *m, const char *path);

/* Compact JSON summary of the model (kind, sizes, class names, hidden
 * widths, normalization, feature spec, threshold, calibration, mode,
 * feature_flags, training info, validation_metrics), two-call pattern as
 * every text output (*length excludes the NUL). BC_E_UNSUPPORTED without
 * jansson. Thread-safe. */
BC_API int32_t bc_model_info_json(const bc_model *m, char *buf,
                                  int32_t capacity, int32_t *length);

/* Number of input features the model takes (0 for NULL). Thread-safe. */
BC_API int32_t bc_model_num_features(const bc_model *m);

/* Number of output classes (probabilities per row; 0 for NULL).
 * Thread-safe. */
BC_API int32_t bc_model_num_classes(const bc_model *m);

/* The feature engine spec the model was trained with ("" when none),
 * two-call pattern. Thread-safe. */
BC_API int32_t bc_model_feature_spec(const bc_model *m, char *buf,
                                     int32_t capacity, int32_t *length);

/* Name of feature index (0 <= index < bc_model_num_features), two-call
 * pattern; a name is 1..255 bytes (a feature-engine item's longest, as a
 * three-condition conjunction the signal search adds), a longer one is
 * refused when a model is built or read. Errors: BC_E_INVALID_ARGUMENT for
 * an index out of range. */
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

/* A deep, private copy of m into *out (free with bc_model_free): the one
 * kind of model bc_model_update may change while the original stays shared
 * and read-only. Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_OUT_OF_MEMORY.
 * Thread-safe on a shared model. */
BC_API int32_t bc_model_copy(const bc_model *m, bc_model **out);

/* Online learning: one gradient-descent step on n labeled raw rows
 * x[n x n_features] (row-major, double; normalized by the model's own
 * frozen statistics, NaN/inf = missing as in bc_model_predict), labels
 * y[n] in 0..classes-1 and optional weights[n] (NULL = 1; finite, >= 0):
 *   L = (1/sum w) * sum_i w_i * -log softmax(f(x_i))[y_i]
 *       + (l2/2) * sum of squared weights (biases are not penalized)
 *   params -= learning_rate * dL/dparams
 * the trainer's objective (bc_trainer_set "l2"), on the raw softmax
 * (calibration, threshold and normalization are left as they are). One
 * call with n rows is one minibatch step; call it once per row for plain
 * SGD, repeatedly for several epochs. learning_rate 0 changes nothing.
 * Computed in double, plain C (also in the Windows DLL); the result is
 * rounded to the model's float weights. Mutates m: use it on a copy
 * (bc_model_copy) that no other thread reads meanwhile.
 * Errors (m unchanged): BC_E_INVALID_ARGUMENT (NULLs, n < 1, a label out of
 * range or a bad weight naming the row, learning_rate or l2 negative or not
 * finite), BC_E_SHAPE (n_features differs from the model's), BC_E_NO_DATA
 * (all weights 0), BC_E_NUMERIC (the step would make a weight non-finite),
 * BC_E_UNSUPPORTED (a "trees" model: bc_model_boost updates it),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_model_update(bc_model *m, const double *x, const int32_t *y,
                               const double *weights, int32_t n,
                               int32_t n_features, double learning_rate,
                               double l2);

/* Online learning for a "trees" model (the kind bc_model_update refuses):
 * continues its gradient boosting on n labeled raw rows x[n x n_features]
 * (row-major, double, read as float as bc_model_predict reads them;
 * NaN/inf = missing), labels y[n] in 0..classes-1 and optional weights[n]
 * (NULL = 1; finite, >= 0; e.g. bc_model_event_rows' time decay). Adds up
 * to `rounds` boosting rounds of one tree per class, fitted by XGBoost's
 * multi:softprob objective with the model's own raw scores as each row's
 * base margin - so the gradients are the whole ensemble's, exactly as
 * XGBoost's training continuation - with learning rate eta (0, 1], L2
 * lambda >= 0 on leaf weights, depth max_depth (1..16, 0 = the ensemble's
 * deepest path), min_child_weight 1, 256 histogram bins, one thread: the
 * same rows give the same trees. The new trees are appended after the
 * model's (calibration and threshold stay as they are); before the call
 * returns, the raw scores of every row from the library's own trees are
 * checked equal to XGBoost's bit for bit. max_trees (0 = no cap, else >= 1)
 * bounds the ensemble's total tree count, and so its latency: rounds are
 * cut to fit; *rounds_added (may be NULL) gets the rounds added. Needs
 * XGBoost at run time (Debian libxgboost0, dlopen'ed; the library is built
 * with libxgboost-dev). Mutates m: use it on a copy (bc_model_copy).
 * Errors (m unchanged): BC_E_INVALID_ARGUMENT (NULLs, n < 1, rounds outside
 * 1..100000, max_depth outside 0..16, eta or lambda out of range, max_trees
 * < 0, a label or weight out of range naming the row), BC_E_SHAPE
 * (n_features differs), BC_E_NO_DATA (all weights 0), BC_E_STATE (the
 * ensemble already holds max_trees trees or too many for one more round:
 * refit it), BC_E_UNSUPPORTED (not a trees model; a build or host without
 * XGBoost, the Windows DLL included), BC_E_INTERNAL (XGBoost failed or the
 * margins differ), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_model_boost(bc_model *m, const double *x, const int32_t *y,
                              const double *weights, int32_t n,
                              int32_t n_features, int32_t rounds,
                              int32_t max_depth, double eta, double lambda,
                              int32_t max_trees, int32_t *rounds_added);

/* --- online learning from a bot's new trade-log events (lib/online) ------
 * A clone records the newest event_id of the log it learned from
 * (last_event_id); an online update learns the events after it. The
 * daemon's "online", "active" and "replay" jobs are built from these calls
 * and bc_model_update. */

/* The newest trade-log event_id the model learned from (the cloner records
 * its log's largest; bc_model_set_last_event_id moves it), -1 when unknown
 * or m is NULL. Thread-safe on a shared model. */
BC_API int64_t bc_model_last_event_id(const bc_model *m);

/* Records last_event_id (>= -1, -1 = unknown) in m; bc_model_save writes
 * it and bc_registry_add copies it into the version's row. Mutates m (a
 * private copy, as bc_model_update). Errors: BC_E_INVALID_ARGUMENT (NULL,
 * below -1). */
BC_API int32_t bc_model_set_last_event_id(bc_model *m, int64_t last_event_id);

/* The training rows of an online update of a clone from its bot's trade
 * log, two-call pattern (capacity 0 with x, y NULL asks for *n_rows):
 *   - events: the OPEN and CLOSE events of the model's symbol (every
 *     symbol's when the model records none) at or after the first bar;
 *   - labels and the bot's position before each bar's decision from those
 *     events, as the cloner derives them (none / open long / open short /
 *     close; an event belongs to the last bar at or before it);
 *   - rows: the bars from the bar of the earliest event whose event_id >
 *     after_event_id through the last bar, skipping the features' lookback;
 *     row k is x[k * F .. k * F + F) (F = bc_model_num_features) with the
 *     model's own inputs - its feature spec's market columns, the position
 *     state, the position-signed columns - as its predictor computes them
 *     live; y[k] its label; times[k] (may be NULL) the bar's time;
 *   - weights[k] (may be NULL): 0.5 ** (age_days / half_life_days), age from
 *     the newest event's time to the bar's (0 when later), DESIGN.md's time
 *     decay; 1 when half_life_days is 0.
 * *last_event_id (may be NULL) gets the largest event_id of those events
 * (-1 when none has one): what the updated model records. Pass
 * bc_model_last_event_id(model) as after_event_id to learn what is new,
 * INT64_MIN for every event. Errors: BC_E_INVALID_ARGUMENT (NULL model,
 * bars, trades or n_rows; capacity < 0; x or y NULL with capacity > 0;
 * half_life_days negative or not finite),
 * BC_E_UNSUPPORTED (a model without a feature spec and position inputs, or
 * not 4 classes: not a clone of a bot), BC_E_NO_DATA (no bars; no event
 * after after_event_id, naming it; all their bars in the lookback),
 * BC_E_BUFFER_TOO_SMALL (capacity < *n_rows; nothing copied),
 * BC_E_OUT_OF_MEMORY. Thread-safe on a shared model. */
BC_API int32_t bc_model_event_rows(const bc_model *model, const bc_bars *bars,
                                   const bc_trades *trades,
                                   int64_t after_event_id,
                                   double half_life_days, double *x,
                                   int32_t *y, double *weights, int64_t *times,
                                   int32_t capacity, int32_t *n_rows,
                                   int64_t *last_event_id);

/* --- where a model's bars came from --------------------------------------
 * A model records the symbol, the bar period and the time zone of the bars
 * it was trained on (a clone records them from its log and bars, and the
 * time zone from the cloner's "time_zone" key), so a host can check that it
 * feeds the same kind of bars; and the stop-loss/take-profit distances the
 * target bot set, when its log has them. Stored in .bcm sections that older
 * readers skip, so files stay loadable both ways; a model from an older
 * file knows none of it (empty text, 0).
 *
 * Time zones (the clock of the bars' timestamps):
 *   "UTC"          UTC
 *   "UTC+HH:MM"    a fixed offset east of UTC ("UTC-05:00" west), at most
 *                  14 hours; "UTC+2", "UTC+02" and "UTC+0200" are read as
 *                  "UTC+02:00", and the model stores that canonical text
 *   "server"       MetaTrader server time of the broker the bars came from
 *                  (MT5's own export), daylight saving time included
 *   ""             unknown */

/* Parses a time zone text (grammar above) into its UTC offset in minutes
 * (*utc_offset_minutes, east positive; 0 for "UTC" and "server") and
 * *is_server (1 for "server", else 0); either out pointer may be NULL.
 * canonical (may be NULL, capacity >= 16 bytes when not) receives the
 * canonical text. Errors: BC_E_INVALID_ARGUMENT naming the text (NULL,
 * empty, another form, an offset over 14:00 or minutes over 59).
 * Thread-safe. */
BC_API int32_t bc_time_zone_parse(const char *zone, int32_t *utc_offset_minutes,
                                  int32_t *is_server, char *canonical,
                                  int32_t capacity);

/* Records where m's bars came from: symbol (its name, several symbols of
 * one model comma-separated; NULL or "" = unknown; at most 2047 bytes, no
 * control characters), bar_seconds (the bar period, 0 = unknown, else
 * 1..2678400 = 31 days) and time_zone (as above; NULL or "" = unknown).
 * For hosts that build or relabel a model before saving it; a model shared
 * between threads must not be changed. Errors: BC_E_INVALID_ARGUMENT naming
 * the bad value (m unchanged). */
BC_API int32_t bc_model_set_market(bc_model *m, const char *symbol,
                                   int64_t bar_seconds, const char *time_zone);

/* Records the stops a host may place: sl_distance and tp_distance from the
 * entry price in price units, 0 = none, else finite and > 0. Errors:
 * BC_E_INVALID_ARGUMENT naming the bad value (m unchanged). Same threading
 * rule as bc_model_set_market. */
BC_API int32_t bc_model_set_stops(bc_model *m, double sl_distance,
                                  double tp_distance);

/* The symbol(s) of the model's bars ("" unknown), two-call pattern as
 * bc_model_feature_spec. Errors: BC_E_INVALID_ARGUMENT (NULL model, bad
 * buffer), BC_E_BUFFER_TOO_SMALL. Thread-safe. */
BC_API int32_t bc_model_symbol(const bc_model *m, char *buf, int32_t capacity,
                               int32_t *length);

/* The bar period of the model's bars in seconds (3600 for H1), 0 when
 * unknown or m is NULL. Thread-safe. */
BC_API int64_t bc_model_bar_seconds(const bc_model *m);

/* The canonical time zone of the model's bars ("UTC", "UTC+02:00",
 * "server"; "" unknown), two-call pattern as bc_model_symbol. Thread-safe. */
BC_API int32_t bc_model_time_zone(const bc_model *m, char *buf,
                                  int32_t capacity, int32_t *length);

/* The stops recorded in m: *sl_distance and *tp_distance in price units
 * from the entry price, 0 when none (a clone records the median distance
 * of the target bot's stop-loss / take-profit from its OPEN price, over the
 * OPEN events that set one, for a one-symbol log; a multi-symbol clone
 * records none, as one distance cannot suit several symbols). Either
 * pointer may be NULL. Errors: BC_E_INVALID_ARGUMENT (NULL m).
 * Thread-safe. */
BC_API int32_t bc_model_stops(const bc_model *m, double *sl_distance,
                              double *tp_distance);

/* A trainer holds options and fits models; one thread at a time. */
typedef struct bc_trainer bc_trainer;

/* Progress callback, called once per L-BFGS iteration (logistic) or epoch
 * (MLP) on the fitting thread: iteration counts from 1, total is max_iter
 * or epochs. valid_loss is the loss on the validation tail for the MLP
 * (NaN without a tail); the logistic fit, which does not early-stop, always
 * passes NaN. Return 0 to go on, non-zero to cancel (the fit returns
 * BC_E_CANCELLED). */
typedef int32_t (*bc_train_progress_fn)(int32_t iteration, int32_t total,
                                        double train_loss, double valid_loss,
                                        void *user);

/* Creates a trainer for kind "logistic" (multinomial logistic regression,
 * L-BFGS), "mlp" (dense network, minibatch Adam) or "trees" (gradient-
 * boosted trees, softmax over the classes, trained through XGBoost's C API
 * and converted into the library's own model: predicting, saving and
 * exporting need no XGBoost). A trees model reads raw feature values (no
 * normalization); a non-finite value follows each split's default branch.
 * Every trees fit checks the converted ensemble's raw scores against
 * XGBoost's, bit for bit, on all its rows (BC_E_INTERNAL otherwise).
 * XGBoost is needed only to fit: the build includes it where Debian's
 * libxgboost-dev is installed, and the fit loads libxgboost.so.0 then.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_NOT_FOUND (other kind),
 * BC_E_OUT_OF_MEMORY; bc_trainer_fit of "trees" gives BC_E_UNSUPPORTED
 * saying which package is missing when XGBoost is absent. */
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
 *                 (trees: XGBoost's seed, low 31 bits)
 *   rounds        trees: most boosting rounds (300; 1..100000); with a
 *                 validation tail the model keeps the rounds up to the
 *                 best validation log-loss, stopping after `patience`
 *                 rounds without gain (trees' patience default: 20)
 *   max_depth     trees: deepest split path (6; 1..16)
 *   eta           trees: learning rate (0.1; (0, 1])
 *   lambda        trees: L2 penalty on leaf values (1; >= 0)
 *   min_child_weight  trees: least hessian weight in a leaf (1; >= 0)
 *   max_bin       trees: histogram bins per feature (256; 2..65536)
 *   class_weight  "none" | "balanced" (none); balanced weights class c by
 *                 W / (K * W_c), W = total training weight, W_c that of c,
 *                 K = classes present
 *   normalize     "zscore" (mean/std) | "robust" (median/IQR) | "none"
 *                 (zscore; trees: none, the only value trees accept);
 *                 statistics from the training rows only
 *   clip          clip normalized values to [-clip, clip]; "0" or "none"
 *                 disables (5, trees: none; >= 0; trees accept only none)
 *   validation_fraction  share of rows, taken from the END (rows are in
 *                 time order; never shuffled across time), held out for
 *                 validation metrics and MLP early stopping (0.2; 0..0.9)
 *   threads       threads during the fit (0; 0..1024); 0 = the online
 *                 CPUs, at most 8. Logistic's objective and the final
 *                 metrics split the rows in 4096-row chunks over the
 *                 threads (a fixed partition, sums added in thread order:
 *                 the same model for the same thread count; another count
 *                 may differ in the last float bits), OpenBLAS running
 *                 single-threaded inside; the MLP's steps use OpenBLAS's
 *                 own threads when threads > 0 (this many), else one
 *                 unless a step's largest layer product (batch rows x
 *                 inputs x outputs) reaches 2^24 multiply-adds (then
 *                 OpenBLAS's default: smaller products gain nothing
 *                 from threads, which spin on busy cores); trees use XGBoost's
 *                 OpenMP threads (this many). The OpenBLAS setting is
 *                 process-wide while the fit runs.
 *                 OpenMP threads spin-wait between XGBoost's parallel
 *                 regions: when several fits share the cores (a pool of
 *                 clones), set OMP_WAIT_POLICY=PASSIVE in the process's
 *                 environment before the first trees fit; the models are
 *                 the same, and the CPU time of a trees clone on a busy
 *                 2-core machine fell from 43.6 s to 12.1 s.
 *   backend       "cpu" | "best" (cpu)
 *   mode          hardware mode recorded in the model: "auto" (probe this
 *                 machine) | lite | standard | heavy | deep | rl (auto)
 *   features      the feature spec (bc_features_create) whose columns x
 *                 holds; recorded in the model with the column names, so
 *                 a host rebuilds the same features from the model alone
 *                 (none). Parsed when set (BC_E_PARSE naming the item);
 *                 bc_trainer_fit gives BC_E_SHAPE when its column count
 *                 differs from n_features.
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
 * "cores", "cpu_mhz", "disk_free_gb" (current directory), "gpu_mem_gb"
 * (total memory of CUDA device 0 as the plugin reports it, 0 without one),
 * "mode" (lite|standard|heavy|deep|rl by BotCopier's thresholds),
 * "feature_flags", "cuda" (the object bc_build_info describes)}. Two-call
 * pattern. BC_E_UNSUPPORTED without jansson. Thread-safe. */
BC_API int32_t bc_hwinfo_json(char *buf, int32_t capacity, int32_t *length);

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
 * 70 and of stochastics %K with %D and 20/80; the conditions RSI above 30/70
 * and %K above 20/30/70/80 (above(a,b) = 1/0); RSI(7/14/21), stochastics and
 * ADX levels with first lags; returns, volatility, hour and weekday
 * encodings, and hour-of-day steps session(h,24) for h = 1..23 (so a
 * session filter is two weights of a linear model). Price-unit values and
 * the month are left out (they drift
 * between training and use). Static, never NULL, do not free. Thread-safe. */
BC_API const char *bc_clone_default_features(void);

/* --- cloner: learns a bot's policy from its trade log ------------------
 *
 * Keys for bc_cloner_set (values are text; defaults in brackets):
 *   model              auto | logistic | mlp | trees [auto]: auto fits
 *                      logistic, then trees, then mlp (stopping early at
 *                      a perfect validation run) and keeps the one whose
 *                      closed-loop fidelity F1 on the validation slices -
 *                      bars after the training rows, never trained on -
 *                      over entries and exits together (each matched
 *                      within +-1 bar) is highest (a later kind must win
 *                      by half an entry's worth; within that, the firmer
 *                      one wins: its F1 on the last fold with P(act) moved
 *                      0.5 in logit either way, report.json
 *                      "model_auto_firm"; ties keep the earlier, simpler
 *                      kind); report.json "model_auto" lists each
 *                      candidate's F1, "model_auto_validation_entries"
 *                      the target's entries and exits counted. trees needs XGBoost to fit (see
 *                      bc_trainer_create); under auto it is skipped with a
 *                      warning where XGBoost is absent. When the signal
 *                      search added items and no kind was perfect and firm,
 *                      auto then fits the rule candidate (auto_rule)
 *   auto_rule          off | better | ties [better]: model auto's last
 *                      candidate, "rule" in report.json "model_auto": a
 *                      logistic model trained with every market column the
 *                      search did not add (and its position-signed copy)
 *                      set to 0 in its training rows, but the spec columns
 *                      its rules lead with (search.decisions "spec_first"),
 *                      so its weights there stay exactly 0 and its
 *                      decision boundary lies in the
 *                      search's columns and the position state. Where
 *                      every training row in a position held N or more
 *                      bars (N >= 2, the largest such N with at least 3
 *                      of them, the same N on either side) closes or
 *                      reverses, a time stop, its bars_held column is
 *                      the cut "held >= N": the model's normalization
 *                      of that column clips it to the two values
 *                      N - 1 and N (the model file is an ordinary
 *                      logistic one; the logistic and mlp kinds read
 *                      such a time stop the same way where the search's
 *                      "time_stop" names every close decision it scored
 *                      with that N, trees split on the raw count). Where
 *                      a side's closes are "a signal OR N bars held"
 *                      (every bar held >= N closes, at least 3 closes
 *                      before N, "held >= N" alone under F1 0.95), the
 *                      signal search scores that close decision on the
 *                      bars held < N only, and the rule candidate is
 *                      fitted after a perfect kind too and wins ties
 *                      as under ties. Where the plain logistic is
 *                      perfect and firm on both folds and the search's
 *                      rules mark every decision it scored with F1 1 on
 *                      the training bars, the rule candidate is fitted
 *                      after it too and wins its ties (the same kind on
 *                      the found rule's columns alone). better
 *                      keeps it when its walk-forward F1 and firmness are
 *                      both no lower than the chosen kind's and one is
 *                      higher, or when its F1 is lower by less than half an
 *                      entry's worth and its firmness higher by more; ties
 *                      keeps it at equal ones too (and fits it after a
 *                      perfect, firm kind). The model file is a
 *                      logistic one; report.json "model_auto_chose" names
 *                      the candidate kept (a kind, or "rule")
 *   rounds, max_depth, eta, lambda, min_child_weight, max_bin
 *                      trees' options, as bc_trainer_set
 *   trees_rounds       fidelity | all [fidelity]: the boosting rounds a
 *                      trees clone keeps. fidelity keeps the shortest
 *                      prefix of the trained rounds (1, 2, 4, ... rounds,
 *                      then halving the gap below the first that
 *                      qualifies) that, calibrated and given thresholds
 *                      like the whole ensemble, makes the whole ensemble's
 *                      closed-loop decisions bar for bar on the training
 *                      and validation slices (each run from the target's
 *                      position at its start); all keeps every round, as
 *                      does a fixed threshold. A prefix of rounds predicts
 *                      as XGBoost's iteration_range (0, rounds), bit for
 *                      bit. report.json "trees_rounds": trained, kept,
 *                      prefixes_tried and the rule that decided
 *   trees_snap         0 | 1 [1]: a trees clone's split thresholds move,
 *                      once its kind, calibration, thresholds and rounds
 *                      are chosen on XGBoost's own, to round values: at
 *                      each split, lo is the largest training value sent
 *                      left, hi the smallest sent right, and where
 *                      hi - lo is at least 2 % of max(|lo|, |hi|) the
 *                      threshold becomes the multiple of the largest power
 *                      of ten inside (lo, hi], of those the nearest
 *                      XGBoost's. XGBoost's hist method puts a threshold
 *                      on a histogram cut, a training value (the ATR-share
 *                      bot's 1.4 % filter came out at 0.013822 in the
 *                      gap (0.013679, 0.014754], snapped 0.014); every
 *                      training row keeps its leaves, so the training
 *                      margins stay XGBoost's bit for bit, and bars in a
 *                      gap see the round level. 0 keeps XGBoost's cuts.
 *                      The thresholds are ordinary ones in every export
 *   trees_path_rule    0 | 1 [1]: where a signal column of the spec alone
 *                      explains a side's training exits (the search's
 *                      close long or close short F1 in the spec is 1, at
 *                      least 5 exits), a trees clone's splits on the
 *                      position's path columns (upnl_atr, mae_atr,
 *                      mfe_atr, bar_fav_atr, bar_adv_atr, close_entry_atr,
 *                      giveback_atr, the entry-bar and level distances)
 *                      are taken out one at a time - every row sent to the
 *                      child most training rows reaching the split take,
 *                      else the other - wherever the decision on every
 *                      training row and the clone's closed-loop decisions
 *                      on the training and validation slices stay; the
 *                      rest stay. The bot's exit
 *                      then does not hang on how the trade went (the
 *                      heldout21 VHF bot's shorts: 0.941 -> 1.000). 0
 *                      keeps every split. report.json
 *                      "trees_path_bypassed": the splits taken out (absent
 *                      when none)
 *   search_refine      0 | 1 [1]: after the signal search (below) has
 *                      chosen its items, each item's parameters -
 *                      periods, @k displacements, every copy of one value
 *                      at once - are moved to the customary periods within
 *                      half to twice the value (5, 7, 9, 10, 12, 14, 20,
 *                      21, 26, 28, 30, 50, 55, 60, 100, 150, 200), to the
 *                      value -5..+5, and @k to 1..5; each decimal
 *                      parameter (a number argument of its feature: a
 *                      band multiplier, the cyber cycle's alpha, the SAR's
 *                      step; never a level or an hour) to the customary
 *                      values within half to twice it and to 0.5..2 times
 *                      it snapped to a round value; up to three moves in
 *                      a row; the variant's column is computed on the
 *                      training bars, a level's threshold re-fitted (the
 *                      roundest of its best interval), a crossing's level
 *                      re-chosen among its nearest round multiples, and the
 *                      variant is kept only where the item's training F1
 *                      over its decisions rises by more than one decision
 *                      and reaches 0.95, nearly the rule alone (a filter
 *                      beside another condition keeps the grid's period;
 *                      equal F1: the customary period, else the
 *                      original). Levels, hours and band widths stay. A bot
 *                      whose period is off the grids (cci(17) crossing
 *                      -100 / 100: 0.788 -> 1.000) gets its own; at most
 *                      600 column runs per clone. report.json
 *                      "search" -> "refined": the moves, "from -> to"
 *                      (absent when none). 0 keeps the grids' items
 *   search_reserve     0 | 1 [1]: engine families in neither grid, at
 *                      their customary parameters - the reserve:
 *                      stiffness(100,60).up / .down, bop, ac,
 *                      htdcperiod, ratio(close,httrendline) as levels,
 *                      cross(close,httrendline) - are never offered to the
 *                      signal search (they would become chance filters).
 *                      After it (and search_refine), each decision still
 *                      unexplained (best training F1 below 0.95, not a time
 *                      stop) tries them: a level both ways with its
 *                      threshold fitted and as its crossing, their integer
 *                      parameters moved as search_refine moves them; the
 *                      best variant is taken only where alone its F1 on the
 *                      decision reaches 0.95 and rises by more than one
 *                      decision over the unmoved item; a decision still
 *                      open then tries the taken items' columns and their
 *                      twins (.up / .down). The search's items found only
 *                      for decisions the reserve now explains are dropped.
 *                      At most 2000 column runs per clone, fewer on long
 *                      series (bars x runs <= 2e7). report.json "search" ->
 *                      "reserve": {"items": the items taken, "column_runs"}
 *                      (absent when no decision was open). 0: no reserve
 *   search_dwell       0 | 1 [1]: after search_refine and before the
 *                      reserve, each decision still unexplained (best
 *                      training F1 below 0.95, not a time stop) tries each
 *                      chosen crossing cross(X,K) (alone or in an and())
 *                      with the stay before it bounded: the bars X spent on
 *                      the far side of K, since(above(X@1,K)) (rising; the
 *                      mirror falling), below a bound B in 2..25 fitted on
 *                      the decision's rows, as and(item,above(B,since(..)))
 *                      (an oscillator faded back out of its zone after a
 *                      short stay: DeMark's TD REI, at most 5 bars beyond
 *                      +-45). Taken where its F1 rises by more than one
 *                      decision over the item alone and above the search's
 *                      best; it joins the added items. report.json
 *                      "search" -> "dwell": the items taken (absent when
 *                      none). 0: not tried
 *   search_prune       0 | 1 [1]: each compound rule the signal search
 *                      chose (an and() of level cuts, or cuts beside a
 *                      grid / spec signal) drops, one at a time, the
 *                      condition whose removal leaves the fewest wrong
 *                      training bars, while that is no more than the
 *                      rule's own (a level rule keeps one cut; a signal in
 *                      the session window keeps its form): a stand-in a
 *                      later, exact condition made redundant no longer
 *                      vetoes held-out entries (the heldout28
 *                      standard-error bands bot 0.977 -> 1.000). 0 keeps
 *                      the conditions
 *   features           feature-engine spec of the market features
 *                      [bc_clone_default_features()]; position state
 *                      (pos_long, pos_short, bars_held, upnl_atr) is always
 *                      appended
 *   search             auto | 0..8 [auto = 2 with the default features, 0
 *                      when 'features' is set]: the signal search. On the
 *                      training bars only (never the validation or held-out
 *                      ones) it scores about 4,700 candidate signals, each
 *                      alone, by the F1 of the bars where it fires (or holds)
 *                      against the bars where the bot took each of four
 *                      decisions (open long, open short, close long, close
 *                      short): crosses of sma/ema pairs over periods 3..60,
 *                      close crossing sma/ema(3..60), and, where the
 *                      shortest series has 20 bars per period (2,000 bars
 *                      for 100, 4,000 for 200) or the log's first decision
 *                      comes no earlier than the period's first value's
 *                      bar, n - 1 counting from 0 (the bot did not act
 *                      before such a lookback had passed), close
 *                      crossing sma/ema(100, 150, 200) and sma/ema(10, 20,
 *                      50) crossing them
 *                      (the 50 x 200 "golden cross"), MACD line crossing its
 *                      signal and zero for 8 parameter sets, above(rsi(n),k)
 *                      and cross(rsi(n),k) for n = 2..30, k = 10..90 step 5,
 *                      stoch(5/9/14/21,3,3) %K crossing %D, above and
 *                      crossing 10..90 step 5, close crossing Bollinger
 *                      bands, the Ichimoku tenkan/kijun cross
 *                      cross(midprice(9),midprice(26)) and the close
 *                      crossing the kijun, the close crossing the cloud's
 *                      top and bottom (ichimoku(9,26,52,26)),
 *                      stochrsi(14,14,3) %D crossing 20
 *                      and 80, aroon(14/25) up crossing down, the close
 *                      crossing sar(0.02,0.2) (a parabolic SAR flip),
 *                      crosses of wma/smma/dema/tema at 5/20, 8/21, 9/21,
 *                      10/30, 12/26 and 20/50 and the close crossing them
 *                      at 10/20/50, a fast average of one kind crossing a
 *                      slow one of another (every ordered pair of kinds
 *                      among sma/ema/wma/dema/tema at those six pairs:
 *                      cross(tema(8),dema(21)); the two-symbol TEMA/DEMA
 *                      bot 0.857 -> 1.000), the Awesome Oscillator crossing 0, rvi(10)
 *                      line crossing its signal, demarker(14) crossing 0.3
 *                      and 0.7, trix(9/12/14/15/18/30) crossing 0 and
 *                      trix(12/15) crossing its 9-bar mean, oscillators
 *                      crossing their own mean (rsi(7/14/21) against its
 *                      5/9/14-bar mean, cci(14/20) and mfi(14) against
 *                      their 9-bar mean), the close crossing the previous
 *                      day's pivot.p, .r1, .s1 and prevday.high, .low and
 *                      the UTC day's vwap, and
 *                      dmi(7/10/14/20) +DI crossing -DI, the
 *                      Heikin-Ashi close crossing its open, obv crossing
 *                      its 10/20/50-bar mean, the close crossing
 *                      kama(10/14/20/30), linregslope(14/20/24/50)
 *                      crossing 0, force(2/13) crossing 0 (ema(13)
 *                      rising has the sign of close - ema(13): the level
 *                      ratio(close,ema(13)) cut at 1), vortex(14/21)
 *                      VI+ crossing VI- and Hull's turn
 *                      cross(hma(n),hma(n)@1) at n = 9/16/21, the
 *                      tsi(25,13,7) line crossing its signal and 0,
 *                      Blau's ergodic candlestick oscillator crossing its
 *                      signal cross(eco(32,5,5).line,eco(32,5,5).signal)
 *                      (its side of 0 the level grid's eco(32,5,5).line;
 *                      the heldout29 two-symbol ECO bot 0.577 -> 1.000),
 *                      Blau's directional trend index crossing 0
 *                      cross(dti(14,10,5),0) (its side of 0 the level
 *                      grid's dti(14,10,5); the heldout30 always-in DTI
 *                      bot 0.333 -> 1.000),
 *                      the QQE's smoothed RSI crossing its trail
 *                      cross(qqe(14,5,4.236).line,qqe(14,5,4.236).trail)
 *                      (its side of 50 the level grid's
 *                      qqe(14,5,4.236).line; the heldout30 two-symbol QQE
 *                      bot 0.396 -> 1.000),
 *                      adosc(3,10) (the Chaikin oscillator) crossing 0,
 *                      the volatility squeeze's release and start
 *                      cross(squeeze(20,2,2),0.5) (the squeeze release bot
 *                      0.319 -> 1.000 with the level ret(12)), the
 *                      Fibonacci EMA ribbon lining up and its mirror
 *                      cross(ribbon(8,13,21,34),0.5) and
 *                      cross(ribbon(8,13,21,34),-0.5) (the ribbon bot
 *                      0.744 -> 0.979), the close crossing the latest
 *                      5-bar Bill Williams fractal, cross(close,
 *                      fractal(2).up) and cross(fractal(2).down,close)
 *                      (the fractal breakout bot 0.701 -> 1.000),
 *                      the detrended price oscillator
 *                      crossing 0 cross(dpo(20),0) (the DPO bot 0.705 ->
 *                      1.000), Williams' alligator lining up
 *                      cross(alligator(13,8,5).order,+-0.5) and its lips
 *                      crossing the teeth cross(alligator(13,8,5).lips,
 *                      alligator(13,8,5).teeth) (the alligator bot 0.424
 *                      -> 1.000), Elder's impulse bar turning green
 *                      cross(impulse(13,12,26,9),0.5) or red
 *                      cross(impulse(13,12,26,9),-0.5) (the impulse bot
 *                      0.518 -> 1.000),
 *                      Pring's KST line crossing its signal and 0,
 *                      cross(kst.line,kst.signal) and cross(kst.line,0)
 *                      (the KST bot 0.468 -> 1.000), and the ease of
 *                      movement crossing 0, cross(emv(14),0) (the EMV bot
 *                      0.367 -> 1.000), the Supertrend's trend turning,
 *                      cross(supertrend(10,3).trend,0) and
 *                      cross(supertrend(7,3).trend,0) (the Supertrend bot
 *                      0.857 -> 1.000),
 *                      Nison's three-line break turning,
 *                      cross(linebreak(3).trend,0) (the heldout29
 *                      three-line break bot 0.595 -> 1.000),
 *                      Ehlers' MAMA crossing its FAMA at
 *                      TA-Lib's defaults, cross(mama(0.5,0.05).mama,
 *                      mama(0.5,0.05).fama) (the MAMA bot 0.361 -> 1.000),
 *                      the percentage volume oscillator crossing its
 *                      signal, cross(pvo(12,26,9).line,pvo(12,26,9).signal)
 *                      (the PVO candle bot 0.272 -> 1.000),
 *                      Blau's SMI line crossing its signal at the
 *                      customary (10,3,3), cross(smi(10,3,3).line,
 *                      smi(10,3,3).signal) (the SMI bot 0.708 -> 1.000), the
 *                      close crossing Chande's VIDYA on his 9-bar CMO,
 *                      cross(close,vidya(14,9)) (the VIDYA bot 0.702 ->
 *                      1.000), Ehlers' Hilbert sine crossing its lead sine,
 *                      cross(htsine.sine,htsine.lead) (the HT_SINE bot
 *                      0.400 -> 1.000), the close crossing Ehlers'
 *                      instantaneous trendline cross(close,httrendline)
 *                      (the HT_TRENDLINE bot 0.692 -> 1.000),
 *                      Chaikin's volatility turning up through 0,
 *                      cross(chvol(10,10),0) (the Chaikin volatility bot
 *                      0.292 -> 1.000),
 *                      the Klinger oscillator crossing its signal at
 *                      Klinger's (34,55,13), cross(kvo(34,55,13).line,
 *                      kvo(34,55,13).signal) (the two-symbol Klinger bot
 *                      0.275 -> 1.000),
 *                      the close crossing Tillson's T3 at his customary
 *                      (5, 0.7), cross(close,t3(5,0.7)) (the T3 bot 0.870
 *                      -> 1.000),
 *                      TA-Lib's harami pattern as a signal of its own,
 *                      harami (the harami bot 0.550 -> 1.000),
 *                      TA-Lib's three inside up / down as a signal of
 *                      its own, cdl3inside (the heldout30 three inside bot
 *                      0.044 -> 1.000),
 *                      the close crossing TA-Lib's time series forecast
 *                      cross(close,tsf(14/20)) (the TSF sl/tp bot 0.776 ->
 *                      1.000, at its own 20), the price volume trend
 *                      crossing its ema(21) cross(pvt,ema(pvt,21)) (the
 *                      two-symbol PVT bot 0.590 -> 1.000),
 *                      Fosback's negative volume index crossing its
 *                      ema(255/50) cross(nvi,ema(nvi,255/50)) (255 as
 *                      the long periods above: 5,100 bars, or a first
 *                      decision from bar 255; the two-symbol NVI bot
 *                      0.087 -> 1.000), the close
 *                      crossing the zero-lag EMA cross(close,zlema(20))
 *                      (the ZLEMA flip bot 0.912 -> 1.000),
 *                      TA-Lib's triangular averages crossing,
 *                      cross(trima(f),trima(s)) at 5/20, 9/21, 10/30,
 *                      12/26, 20/50 (the TRIMA bot with ATR broker stops
 *                      0.759 -> 1.000, at its own 10/30), the close
 *                      crossing / above Ehlers' super smoother
 *                      cross(close,ssf(n)), above(close,ssf(n)) at 10
 *                      and 20 (the super-smoother flip bot 0.967 ->
 *                      1.000, at its own 20),
 *                      Williams' accumulation / distribution crossing
 *                      its ema(20) cross(wad,ema(wad,20)) (the W.A.D bot
 *                      0.391 -> 1.000, at its own 20),
 *                      Bill Williams' accelerator crossing 0
 *                      cross(ac,0) (its AO side the level grid's AO
 *                      means; the two-symbol accelerator log 0.435 ->
 *                      1.000) and Dorsey's reversal bulge, mass(9,25)
 *                      falling under 26.5 while its 20-bar high is
 *                      above 27, and(cross(26.5,mass(9,25)),
 *                      above(max(mass(9,25),20),27)) (a mass index bot
 *                      arming at 25.5 and firing under 25: 0.063 ->
 *                      0.776), Ehlers' center of gravity crossing its
 *                      3-bar mean cross(cog(10),mean(cog(10),3)) (the
 *                      COG bot 0.726 -> 1.000) and a channel breakout,
 *                      the close beyond the previous 10/20 bars' highest
 *                      high / lowest low above(close,max(high,n)@1),
 *                      above(min(low,n)@1,close) (a signal that pairs
 *                      with the bot's session window), DecisionPoint's
 *                      PMO crossing its signal and 0,
 *                      cross(pmo(35,20).line,pmo(35,20).signal),
 *                      cross(pmo(35,20).line,0) (the PMO bot 0.831 ->
 *                      0.891), and the false breakout (turtle soup), the
 *                      low under the previous 20 bars' lowest low and the
 *                      close back above it, and(above(min(low,20)@1,low),
 *                      above(close,min(low,20)@1)), and its mirror on the
 *                      highs (the turtle-soup bot 0.858 -> 1.000, at its
 *                      own 20), the close crossing Ehlers' FRAMA
 *                      cross(close,frama(16)) (the FRAMA flip bot 0.684
 *                      -> 1.000), the four lines of Chande and Kroll's
 *                      stop, cross(close,ckstop(10,1,9).upper / .lower /
 *                      .long / .short) (the Chande-Kroll bot 0.824 ->
 *                      1.000; both at the bots' own customary
 *                      parameters), Ehlers' inverse Fisher RSI crossing its
 *                      levels, cross(iftrsi(5,9),-0.5),
 *                      cross(iftrsi(5,9),0.5) (the IFT-RSI bot 0.341 ->
 *                      1.000, at Ehlers' (5,9), also the bot's), and Bill
 *                      Williams' green bar, and(above(bwmfi,bwmfi@1),
 *                      above(volume,volume@1)) (the MFI bot 0.589 ->
 *                      1.000, paired with the close against the previous
 *                      high / low), three white soldiers / three black
 *                      crows soldiers(3) (the soldiers-crows bot 0.295 ->
 *                      1.000, at the customary 3, also the bot's), and
 *                      Dormeier's volume-weighted MACD
 *                      crossing its signal, cross(vwmacd(12,26,9).line,
 *                      vwmacd(12,26,9).signal) (the VW-MACD bot 0.510 ->
 *                      1.000, at the customary 12/26/9, also the bot's,
 *                      paired with the level grid's line cut at 0), and
 *                      the close crossing the volume-weighted average,
 *                      cross(close,vwma(20)) (the VWMA trend bot 0.970 ->
 *                      1.000, at the customary 20, also the bot's), and
 *                      the close crossing Headley's acceleration bands,
 *                      cross(close,accbands(20).upper) and
 *                      cross(close,accbands(20).lower) (the acceleration
 *                      band sl/tp bot 0.817 -> 1.000, at the customary
 *                      20, also the bot's), and
 *                      the close crossing Keltner's 1960 channel,
 *                      cross(close,keltner1960(10).upper),
 *                      cross(keltner1960(10).lower,close) and
 *                      cross(close,keltner1960(10).middle) (the Keltner
 *                      1960 bot 0.800 -> 1.000, at Keltner's 10, also the
 *                      bot's), and MACD-V crossing its signal,
 *                      cross(macdv(12,26,26,9).line,macdv(12,26,26,9)
 *                      .signal) (the MACD-V bot 0.457 -> 1.000, at
 *                      Spiroglou's 12/26/26/9, also the bot's, paired
 *                      with the level grid's line cut at +-50), WaveTrend's
 *                      wt1 crossing wt2, cross(wavetrend(10,21,4).wt1,
 *                      wavetrend(10,21,4).wt2) (the heldout27 WaveTrend
 *                      session bot 0.492 -> 1.000, at LazyBear's
 *                      10/21/4, also the bot's, beside the level grid's
 *                      wt1 cut, found at the bot's -53 / 53), and the
 *                      cyber cycle crossing its trigger,
 *                      cross(cybercycle(0.07),cybercycle(0.07)@1) (the
 *                      heldout27 cyber cycle bot 0.658 -> 1.000, at
 *                      Ehlers' 0.07, also the bot's, beside the level
 *                      grid's cycle cut at 0). Per
 *                      decision with 3+ examples, the K = search
 *                      best that the spec lacks, with F1 >= 0.5 and either
 *                      0.05 above the spec's best column or at least equal
 *                      to it while their indicator (rsi(9) for
 *                      above(rsi(9),45)) sums 0.25 more best F1 over the
 *                      four decisions, are appended to the spec (so the
 *                      model records them; all are dropped again if their
 *                      longer lookback leaves too few bars to split).
 *                      Levels: about 370 continuous items (rsi(2..30),
 *                      stoch(n,1,1).k and stoch(n,3,3).k (n 5, 7, 8, 9,
 *                      10, 14, 21, 28), adx, cci, zscore(close,
 *                      5..60), ret(1..30), ratio(close,sma/ema(n)) for 22
 *                      customary n in 5..60 and the long periods above, the close
 *                      over the previous n bars' max/min of high, low and
 *                      close (n 5..60), ratio(diff(close,sma/ema(n)),atr(m)),
 *                      rank(close,n), on daily bars Varadi's DV2 as
 *                      rank(mean(ratio(close,medprice),2),252) (admitted
 *                      like the long periods), mfi, the volume lines'
 *                      z-scores, and candles: the opening gap, the body, the close over
 *                      the previous high / low, this and the previous
 *                      bar's high / low over the bar before (inside and
 *                      outside bars), the previous bar's body and the close
 *                      over the previous open, the range over the previous
 *                      bar's atr(10/14/20), the close's place in its range
 *                      and the body over the range; stochrsi(14,14,3) %K
 *                      and %D, stochrsi(14,5,3) %D, the close over
 *                      midprice(9/26/52), aroon(14/25) up, down and
 *                      aroonosc, the close over sar(0.02,0.2) (cut at 1:
 *                      the SAR's side), volume over its 10/20/50-bar mean,
 *                      the runs of closes since(above(close,close@1)) and
 *                      its mirror, demarker(14), the Awesome Oscillator's
 *                      means as ratio(mean(medprice,5),mean(medprice,34)),
 *                      rvi(10).line, the close over smma(10/20/50),
 *                      trix(9/12/15/30), monthbar and weekbar (cut at 1.5:
 *                      the period's first bar), and on intraday bars (most
 *                      bars share their UTC day with the bar before) the
 *                      close over the range of the day's first hours,
 *                      ratio(close,dayhigh(0,h)) and
 *                      ratio(close,daylow(0,h)) for h = 6..9, and on every
 *                      bar period the close over the previous day's
 *                      pivot.p/.r1/.s1 and prevday.high/.low and the
 *                      day's vwap, dmi(14)
 *                      .plus and .minus, cmo(9/14/20): a cmo cut is an
 *                      rsi cut, and on a tie rsi(n) is named, the range's
 *                      rank among the last 4, 7 and 20 ranges,
 *                      rank(diff(high,low),n) and @1 (NR4 / NR7: the
 *                      smallest ranks 1/n), and the ATR as a share of the
 *                      price, ratio(atr(10/14/20),close),
 *                      ultosc(7,14,28) and ultosc(5,10,20), the
 *                      Heikin-Ashi close over its open, the 24-bar
 *                      regression slope in ATR units,
 *                      ratio(linregslope(24),atr(14)): cut at 0, its
 *                      sign, the candle's
 *                      shadows over its body ratio(candle.lower/upper,
 *                      candle.body) and its shadows and body as shares of
 *                      the range ratio(candle.lower/upper/body,
 *                      diff(high,low)), bulls and bears power in ATR units
 *                      ratio(elderray(13).bull/.bear,atr(14)): cut at 0,
 *                      their signs, the runs of higher / lower highs
 *                      and lows streak(high) and streak(low) (three
 *                      higher highs: a cut at 3), the close over the
 *                      previous ISO week's high and low,
 *                      ratio(close,prevweek.high/.low) (cut at 1: a weekly
 *                      breakout), the tsi(25,13,7) line (cut at 0: its
 *                      side) and the 14-bar mean of the balance of power
 *                      mean(bop,14) (a smoothed-BOP bot's +-0.1 levels),
 *                      the short volatility over the long
 *                      ratio(vol(10),vol(50)) (a volatility expansion
 *                      bot's "deviation above 1.3 x its usual": 0.276 ->
 *                      0.841), where the series admits a 100-bar period
 *                      Connors and Raschke's HV(6) / HV(100) on the
 *                      previous bar ratio(vol(6),vol(100))@1 (their
 *                      contraction setup below 0.5, the population ratio's
 *                      0.5 near 0.545 of this sample one; beside the setup
 *                      bar's NR4 rank and the break of its high: the HV
 *                      ratio bot 0.099 -> 0.778), TA-Lib's PPO ppo(12,26) (its +-1 entries
 *                      and 0 exits as cuts and crossings: the two-symbol
 *                      PPO bot 0.650 -> 1.000), the Coppock curve
 *                      coppock(14,11,10) (cut at 0: its side; its turn
 *                      a turn cut: the Coppock bot 0.571 -> 1.000)),
 *                      Chaikin money flow cmf(20) (its +-0.05
 *                      levels), the choppiness index chop(14) (a trend
 *                      starting below 45), Ehlers' Fisher transform
 *                      fisher(10) (its +-1 extremes, its 0 side) and its
 *                      one-bar slope diff(fisher(10),fisher(10)@1) (cut
 *                      at 0: rising or falling, the turn of a bot that
 *                      enters on it below -1 / above +1), Dorsey's mass
 *                      index mass(9,25) (its levels; its crossings the
 *                      crossing cuts) and its 20-bar high
 *                      max(mass(9,25),20) (a bulge armed above a level),
 *                      Schaff's trend cycle stc(23,50,10) and
 *                      stc(12,26,10) (its 25 / 75 zones; their crossings
 *                      the crossing cuts: the Schaff bot 0.330 -> 1.000)
 *                      and Ehlers' Laguerre
 *                      RSI laguerre(g) at g = 0.4, 0.5, 0.6, 0.7, 0.8 (its
 *                      0.2 / 0.8 zones: the Laguerre RSI bot 0.701 ->
 *                      1.000),
 *                      the close over the Supertrend(10,3)'s active band
 *                      ratio(close,supertrend(10,3).line), on intraday
 *                      bars the close over the UTC day's open
 *                      ratio(close,dayopen) (cut at 1: its side; its
 *                      crossing a crossing cut: the day-open cross bot
 *                      0.189 -> 1.000),
 *                      the body over
 *                      the mean body of the n bars before it
 *                      ratio(candle.body,mean(candle.body,n)@1) at n =
 *                      5/10/20 (a momentum candle "more than twice its
 *                      recent mean body" is a cut at 2, its direction the
 *                      body-over-range cut at 0 or a return cut as a
 *                      pair's second condition), Chande's QStick
 *                      sma(close - open, n) as the scale-free
 *                      ratio(mean(close,n),mean(open,n)) at n =
 *                      5/8/10/14/20 (cut at 1: its sign; the QStick bot
 *                      0.211 -> 0.917), the close over Ehlers' MAMA
 *                      ratio(close,mama(0.5,0.05).mama) (cut at 1: the
 *                      close's side of the adaptive average), the share
 *                      of up candles among the last n
 *                      mean(above(close,open),n) and of down candles
 *                      mean(above(open,close),n) at n = 5/10/20 ("8 of the
 *                      last 10 up": a cut at 0.75),
 *                      Williams' VIX Fix vixfix(22) and its z-score
 *                      zscore(vixfix(22),20) (cut at 2: above its
 *                      Bollinger band (20, 2); the VIX Fix bot 0.513 ->
 *                      1.000), the PVO line pvo(12,26,9).line,
 *                      Blau's SMI line smi(10,3,3).line (its -40 / +40
 *                      zones and 0 are cuts), the close over Chande's
 *                      VIDYA ratio(close,vidya(14,9)) (cut at 1: its side),
 *                      Chaikin's volatility chvol(10,10) (0 and its
 *                      crossings are cuts: the smoothed range widening),
 *                      the close's place in the regression channel
 *                      ratio(diff(close,linreg(n)),linregse(n)) at n =
 *                      20/50/100 (cut at -2 / +2: beyond the line -/+ 2
 *                      standard errors) and a fast average over a slow one
 *                      ratio(ema(f),ema(s)) and ratio(sma(f),sma(s)) at
 *                      9/21, 12/26, 20/50, 21/55 and 50/200 where the
 *                      series admits 200 (cut at 1: the side of a trend
 *                      filter "ema(21) above ema(55)"), the Klinger line
 *                      kvo(34,55,13).line (cut at 0: its side), the
 *                      close's correlation with time correl(20) (its
 *                      crossings of 0.8 / -0.8 the cross cuts: the
 *                      correlation trend bot 0.397 -> 1.000), the close over
 *                      Tillson's T3 ratio(close,t3(5,0.7)) (cut at 1: its
 *                      side), Martin's ulcer index ulcer(14) (a cut: a
 *                      calm or a stressed market; the ulcer bot 0.845 ->
 *                      1.000), a divergence's
 *                      two sides: the close at its 20-bar low / high
 *                      ratio(close,min(close,20)), ratio(close,max(close,
 *                      20)) (1 on the extreme's bar) and rsi(14) off its
 *                      own 20-bar low / high diff(rsi(14),min(rsi(14),
 *                      20)), diff(max(rsi(14),20),rsi(14)) (a pair of the
 *                      two: a lower low in price but not in the RSI; the
 *                      RSI divergence bot 0.560 -> 1.000)), the close
 *                      over TA-Lib's time series forecast ratio(close,
 *                      tsf(14/20)) (cut at 1: its side), Chande's
 *                      intraday momentum index imi(14) (TA-Lib's default
 *                      period; its 20 / 80 zones are cuts: the IMI bot
 *                      0.486 -> 1.000) and Dorsey's relative volatility
 *                      index relvol(10,14) (his customary values; its
 *                      crossings of 60 / 40 and 50 are cuts: the
 *                      relative volatility bot 0.526 -> 0.951), Connors
 *                      RSI crsi(3,2,100) (his customary parameters; its
 *                      oversold / overbought levels are cuts: the Connors
 *                      RSI bot 0.681 -> 1.000),
 *                      bulls and bears power's one-bar change in ATR(14)
 *                      units ratio(diff(elderray(13).bull,
 *                      elderray(13).bull@1),atr(14)) and the bear's (cut
 *                      at 0: "bears power below 0 but rising"; the
 *                      Elder-ray bot 0.945 -> 1.000), the close over
 *                      the zero-lag EMA ratio(close,zlema(20)) (cut at 1:
 *                      its side), the close over Ehlers' instantaneous
 *                      trendline ratio(close,httrendline), Wilder's ADX
 *                      rating adxr(14) and the previous bar's close streak
 *                      streak(close)@1 ("the previous two closes each
 *                      fell" is a cut at -2; the doji dip bot 0.722 ->
 *                      0.989), Poulos' random walk index rwi(14).high,
 *                      rwi(14).low, rwi(10).high and rwi(10).low (cut at
 *                      1; the RWI bot 0.628 -> 0.977, at its own 10), the
 *                      bar's low / high over its average
 *                      ratio(low,ema(n)), ratio(high,ema(n)) at n = 20
 *                      and 50 (a cut at 1 beside ratio(close,ema(n)) is
 *                      the bar touching the average and closing off it:
 *                      the holy grail pullback bot 0.518 -> 0.861),
 *                      the DI side diff(dmi(14).plus,dmi(14).minus) (cut
 *                      at 0: +DI over -DI; with the search's stand-in
 *                      split the holy grail bot 0.849 -> 1.000),
 *                      Kaufman's efficiency ratio er(10) (a cut: a
 *                      trending window; the ER breakout bot 0.769 ->
 *                      0.982 with the breakout signals), the Gann HiLo
 *                      activator's levels, the close over the previous
 *                      bar's 3-bar mean high / low
 *                      ratio(close,mean(high,3)@1) and
 *                      ratio(close,mean(low,3)@1) (cut at 1; the Gann
 *                      HiLo bot 0.865 -> 1.000), the dual thrust's
 *                      bar move over the previous bars' range
 *                      ratio(diff(close,open),dtrange(4)@1) (cut at +-k;
 *                      the dual-thrust bot 0.247 -> 1.000), White's
 *                      vertical horizontal filter vhf(28) (a cut: a
 *                      trending window; the VHF bot 0.182 -> 0.714),
 *                      Chande's RAVI with its sign ratio(sma(7),sma(65))
 *                      (cut at 1.03 / 0.97; the RAVI bot 0.850 -> 1.000),
 *                      the last whole day's close over its daily EMA
 *                      ratio(prevday.close,dayema(5/20)) (cut at 1: the
 *                      daily trend of a two-timeframe bot; the H1 bot on
 *                      the daily ema(5) 0.761 -> 1.000), Pee's trend
 *                      intensity index tii(60,30) and tii(20,10) (zones
 *                      80 / 20, midline 50; the TII bot 0.644 -> 1.000,
 *                      at its own (20,10)) and the close's place in the
 *                      previous n bars' range rangepos(20) and
 *                      rangepos(24) (retracements 0.618 / 0.382 are cuts;
 *                      the range-fib bot 0.487 -> 0.986, at its own 24),
 *                      Bressert's double smoothed stochastic dss(13,8) and
 *                      dss(10,3) (zones 20 / 80; the DSS bot 0.594 ->
 *                      1.000, at its own (13,8)) and Chande's dynamic
 *                      momentum index dynmom(14) (zones 30 / 70, midline
 *                      50; the DMI bot 0.547 -> 1.000, at his customary 14,
 *                      also the bot's), Hannula's polarized fractal
 *                      efficiency pfe(10,5) (levels +-30 / +-50),
 *                      the t-statistic of returns tstat(20) and tstat(24)
 *                      (levels +-1.5, +-2, 0; the t-statistic session bot
 *                      0.321 -> 0.952, at its own 24) and Johnson's pretty
 *                      good oscillator pgo(14) and pgo(21) (levels +-3,
 *                      0; the PGO bot 0.889 -> 1.000, at its own 14)
 *                      and DecisionPoint's PMO line pmo(35,20).line (its
 *                      customary 35/20; the side filter of the PMO signal
 *                      cross), Ehlers' inverse Fisher RSI iftrsi(5,9)
 *                      (levels +-0.5), ordered stacks of three averages
 *                      of one family, and(above(a(p),a(q)),above(a(q),
 *                      a(r))) and its mirror, for sma and ema at the
 *                      customary triples 8/21/55, 10/20/50, 20/50/200,
 *                      50/100/200 and Minervini's 50/150/200 (each where
 *                      the series admits its long periods; the sma
 *                      50/150/200 stack takes the trend-template bot
 *                      0.727 -> 1.000, the others leave it at 0.727),
 *                      displaced channels, the close against a
 *                      channel as of k bars ago ratio(close,max(high,n)@k)
 *                      and the channel held since, the k bars after it
 *                      under its top ratio(max(high,k)@1,max(high,n)@k),
 *                      mirrored with lows, at n 10, 20, 55 and k 2..5
 *                      (a box set k bars ago and unbroken since: the
 *                      Darvas bot 0.485 -> 1.000, its 10 / 3 among
 *                      them), DeMark's TD setup counts as the
 *                      bars since the last close above / below the close
 *                      4 bars earlier, since(above(close,close@4)) (the
 *                      down count) and since(above(close@4,close)) (the up
 *                      count; his 9 is a crossing; the TD setup bot 0.261
 *                      -> 1.000, at his and its own 4) and the skewness
 *                      of returns skew(24) and skew(48) (levels +-0.75;
 *                      the skew session bot 0.304 -> 0.974 (1.000 with
 *                      session_sides), at its own 48),
 *                      the volume-weighted MACD line vwmacd(12,26,9).line
 *                      (cut at 0: the side of its signal cross) and the
 *                      close's distance from sma(6) in atr(15) units,
 *                      ratio(diff(close,sma(6)),atr(15)) (Stoller's STARC
 *                      band sma(6) +- 2 atr(15): cuts at -2 / +2; the
 *                      STARC bot 0.784 -> 1.000, at his customary
 *                      6 / 15 / 2, also the bot's),
 *                      and Khalil and Steckler's zone oscillators pzo(14)
 *                      and vzo(14) (levels +-20, +-40, exits at 0; the
 *                      PZO trend bot 0.526 -> 1.000 beside the grid's
 *                      ratio(close,ema(60)), the two-symbol VZO bot 0.424
 *                      -> 1.000, at their own 14),
 *                      Altman's relative momentum index rmi(14,5) and
 *                      rmi(20,5) (zones 30 / 70, midline 50; the RMI
 *                      levels bot 0.676 -> 0.987, at its own (14,5)) and
 *                      the trend trigger factor ttf(15) (levels +-100;
 *                      the TTF sl/tp bot 0.141 -> 1.000, at its own 15)
 *                      and the close over the volume-weighted average,
 *                      ratio(close,vwma(20)) (cut at 1: its side),
 *                      TA-Lib's hikkake cdlhikkake (cut at 150 / -150:
 *                      the confirmed hikkake; the heldout26 hikkake bot
 *                      0.232 -> 1.000), RSI(2) two bars back rsi(2)@2
 *                      (Connors' R3, N = 3: the first of three falling
 *                      days below 60 / above 40; the heldout26 R3 bot
 *                      0.912 -> 1.000),
 *                      Connors' two-day cumulative RSI(2) over 2,
 *                      mean(rsi(2),2) (his sum below 35 / above 165: cuts
 *                      17.5 / 82.5; the heldout30 cumulative RSI bot 0.857
 *                      -> 1.000),
 *                      the psychological line PSY(12) / 100,
 *                      mean(above(close,close@1),12) (zones 0.3 / 0.7,
 *                      midline 0.5; the two-symbol PSY bot 0.304 ->
 *                      1.000, at the customary 12, also the bot's), the
 *                      open over the previous bar's low and high
 *                      ratio(open,low@1), ratio(open,high@1) (cut at 1:
 *                      a gap beyond the previous range; the heldout25
 *                      gap-and-range bot 0.609 -> 0.977 beside the
 *                      close's place in its range at 0.75 / 0.25) and
 *                      the close over the previous 3 and 7 closes'
 *                      highest / lowest ratio(close,max(close,3/7)@1),
 *                      ratio(close,min(close,3/7)@1) (cut at 1: a close
 *                      at a 3- or 7-bar high / low; the heldout25 Aroon
 *                      dip bot 0.962 -> 1.000, at its own 3), the Hilbert
 *                      trend mode httrendmode (0 / 1: the regime gate
 *                      above(httrendmode,0); the HT trend-mode KAMA bot
 *                      0.392 -> 1.000, no parameter), MACD-V's line
 *                      macdv(12,26,26,9).line (Spiroglou's momentum
 *                      levels +-50),
 *                      WaveTrend's wavetrend(10,21,4).wt1 (LazyBear's
 *                      levels +-60 / +-53, the cut fitted) and the cyber
 *                      cycle cybercycle(0.07) (its sign), Pee's trend
 *                      detection index tdi(20).tdi (its crossing of the
 *                      cut at 0 the trend's start) and tdi(20).direction
 *                      (its sign the trend's side, a turn the exit; the
 *                      heldout28 TDI bot 0.286 -> 1.000, at Pee's 20 /
 *                      40, also the bot's), Widner's rainbow oscillator
 *                      rainbow(10,10) (his ten averages and 10-bar range,
 *                      also the bot's; the cut fitted: the heldout28
 *                      two-symbol rainbow bot 0.747 -> 1.000, crossing
 *                      -50 / 50, out at 0), Ehlers' Ultimate Bands
 *                      uband(20) (his length 20; his 1-sd bands are the
 *                      cuts at -1 / +1, the smoother the exit at 0: the
 *                      heldout29 Ultimate Bands bot 0.701 -> 1.000),
 *                      Pee's trend continuation factor tcf(35).plus and
 *                      tcf(35).minus (his 35, also the bot's; the cut at 0:
 *                      the heldout29 TCF bot 0.189 -> 0.991),
 *                      DeMark's TD REI tdrei(5) (his 5, also the bot's;
 *                      the cut fitted: the heldout29 session TD REI bot
 *                      0.389 -> 0.936, crossing -45 / 45),
 *                      Ehlers' simple decycler ratio(close,
 *                      decycler(125)) (his 125; his hysteresis lines are
 *                      the cuts at 1.005 / 0.995: the heldout30 decycler
 *                      bot 0.612 -> 1.000), Kirshenbaum bands' place
 *                      ratio(diff(close,ema(20)),linregse(20)) (his ema(20)
 *                      and 20-bar regression; the bands at -+1.75, the ema
 *                      at 0: the heldout30 Kirshenbaum bot 0.833 -> 0.900),
 *                      Blau's directional trend index dti(14,10,5)
 *                      (his 14 / 10 / 5, also the bot's; the cut at 0:
 *                      the heldout30 always-in DTI bot 0.333 -> 1.000),
 *                      the QQE's smoothed RSI qqe(14,5,4.236).line (its
 *                      customary RSI 14 and smoothing 5; the cut at 50:
 *                      the heldout30 two-symbol QQE bot 0.396 -> 1.000),
 *                      Connors and Alvarez's %b run: %b of bbands(5,1) is
 *                      (zscore(close,5) + 1) / 2, three days below 0.2
 *                      max(zscore(close,5),3) < -0.6, the mirror
 *                      min(zscore(close,5),3) (the heldout26 two-symbol %b
 *                      bot 0.698 -> 1.000 beside sma(200), at their own
 *                      5, 1 and 3), and on intraday bars the close over
 *                      the 07:00 and 08:00 bars' high and low,
 *                      ratio(close,dayhigh(h,h+1)), ratio(close,daylow(h,
 *                      h+1)), h = 7, 8 (an opening-range breakout's
 *                      levels, their crossings the cross cuts; the
 *                      heldout26 London breakout 0.683 -> 0.953, at the
 *                      London open 08:00, also the bot's), Widner's
 *                      projection oscillator pbands(14).po (band touches
 *                      near 20 / 80; the heldout27 projection band bot
 *                      0.755 -> 1.000 at his 14, also the bot's) and
 *                      Crabel's stretch breakout ratio(diff(close,open),
 *                      stretch(10)@1) (cut at +-1: the close beyond open
 *                      +- the stretch of the 10 bars before; the heldout27
 *                      stretch bot 0.850 -> 0.950 at his 10, also the
 *                      bot's), Leibfarth's premier stochastic, its
 *                      smoothed fast %K ema(ema(stoch(8,1,1).k,5),5)
 *                      (PSO = tanh(s / 2), s = 0.1 (that - 50): his
 *                      levels +-0.2 / +-0.9 are that at 45.95 / 54.05 and
 *                      20.56 / 79.44; the heldout28 session PSO bot
 *                      0.389 -> 0.990 at his 8 and 5, also the bot's) and
 *                      the close's place in Andersen's standard error
 *                      bands ratio(diff(close,mean(linreg(21),3)),
 *                      mean(linregse(21),3)) (cut at +-2: the close
 *                      beyond his bands, 0 the middle line; the heldout28
 *                      band bot 0.756 -> 0.977 at his 21, 3 and 2, also
 *                      the bot's), Elder's market thermometer
 *                      thermo(22).ratio
 *                      (below 1 a quiet day, above 3 a spike) beside his
 *                      value line's side ratio(close,ema(22)) and slope
 *                      ratio(ema(22),ema(22)@1) (cut at 1; the heldout28
 *                      thermometer bot 0.871 -> 1.000 at his 22 with the
 *                      either-exit's level first)
 *                      are each cut per
 *                      decision at the F1-best threshold (either side,
 *                      rounded to the roundest number that cuts the training
 *                      bars alike; among equally round tens a customary
 *                      oscillator level, 20, 30, 70 or 80 of either sign:
 *                      70 where 60 and 70 both fit, the aroon bot's 0.939
 *                      -> 1.000) and compete as above(x,k). Crossings:
 *                      each level item crossing a threshold on one bar
 *                      (rising through k on that bar: cross(x,k); falling
 *                      through it: cross(k,x); k the F1-best among those
 *                      whose crossings hold 95 % of a decision's examples,
 *                      rounded alike, then moved to a rounder k within 5 %
 *                      of the item's interquartile range where that costs
 *                      at most one training bar: 25, not 24.995; mirrored
 *                      decisions whose candidates cross one item the same
 *                      way take the k fitted to both sides' examples
 *                      together where it holds 95 % of each side's) is a
 *                      candidate first condition of a
 *                      pair, and the F1-best crossing of an item competes
 *                      in its level cut's place where it beats every other
 *                      single signal by 0.05 F1 (an oscillator bot acts on
 *                      the bar its line crosses a level; a level cut fires
 *                      on every bar beyond it). Turns: each level item
 *                      (one without a lag) turning on a bar,
 *                      cross(x,x@1) (+1 where x rises after a bar it did
 *                      not, -1 the mirror), competes the same way, alone
 *                      (where it beats the item's best crossing and
 *                      every other single signal by 0.05 F1) and as a
 *                      candidate first condition (the two turns per
 *                      decision that hold 95 % of its examples with the
 *                      fewest other bars): a bot acting where an
 *                      oscillator turns below a level. Signal cuts: each
 *                      level item (one without a lag) crossing its own
 *                      5-, 9- and 20-bar mean, cross(x,mean(x,n)) rising
 *                      through it and cross(mean(x,n),x) falling, competes
 *                      as the turns do (alone, and the two per decision
 *                      that hold 95 % of its examples with the fewest other
 *                      bars as first conditions): a bot acting where a
 *                      line crosses its signal line. Pairs: where
 *                      two conditions together beat every single one by
 *                      0.05 F1 (a level cut completing a cut that keeps
 *                      every example, the spec's best column, the grid's
 *                      best signal or one of the grid's signals that fire
 *                      on 95 % of the examples with the fewest other bars:
 *                      eight in all, and the three crossings, two turns
 *                      and two signal cuts of level items that do so; or one of those grid signals inside
 *                      the session window, the fewest hours of the day
 *                      that hold every example, when that is strictly
 *                      better than any level second, or with the level cut
 *                      that completes it, when the three reach 0.95 F1 and
 *                      beat the pair by 0.05: a both-ways trigger in the
 *                      bot's hours and its side), both join the spec
 *                      instead of single signals for that decision (a
 *                      pair of two level cuts settles: its first cut again
 *                      beside its second, the second beside it, and where
 *                      that replaced the second's column the first's
 *                      threshold again beside the new one: the gap bot's
 *                      0.997, not 0.99665 fitted beside a return); two
 *                      level cuts also join as their conjunction
 *                      and(above(x,k),above(m,y)) (a cut "x <= k" whose k
 *                      is itself a training value, as a count's -2, is
 *                      written strictly at the roundest k' of the gap
 *                      above it: above(-1,x) for x <= -2), a grid signal in the
 *                      window as and(signal,session(h0,h1)) (a -1 signal
 *                      as above(0,signal)), and a grid signal with the
 *                      level second of a pair that reaches 0.95 F1 on 20
 *                      or more examples as one and(...) column too. A
 *                      level's crossing that marks every example of a
 *                      decision (20 or more) takes its level cut's place
 *                      without the 0.05 margin, and a crossing inside the
 *                      session window wins a tie with its own level. Where
 *                      one side's (open long / open short) grid signal
 *                      took the window and the other side's grid signal
 *                      did not, the other side's signal inside the same
 *                      window (its crossing's level placed again within
 *                      the window's hours) replaces that side's rule
 *                      where its training F1 is no lower. A
 *                      bot that never opened against its position on the
 *                      training bars has its opens scored on the bars it
 *                      was flat on, as its clone acts (no_reversal).
 *                      Triples: a third level cut
 *                      that best completes the pair (within the rows of a
 *                      first that is a grid signal, a spec column or the
 *                      window), the level cuts then each re-chosen beside
 *                      the others, replaces the pair when the three beat
 *                      it by 0.15 F1 (an inside-bar breakout), or by
 *                      0.05 while it takes away at least 6 of the pair's
 *                      wrong bars and leaves at most a quarter of them
 *                      (a direction beside an event and a filter); beside a
 *                      first that is no level cut, the best pair of level
 *                      cuts is extended too and replaces the rule when it
 *                      beats it by the same 0.15. Joint pick: where
 *                      a decision's rule (after the mirrors below; not a
 *                      signal inside the session window) stays
 *                      under 0.99 F1, the 4 firsts whose pairs scored
 *                      best (level cuts or grid signals; equal F1: the
 *                      earlier) are each completed by two level cuts
 *                      chosen together (each of the first's 6 best
 *                      single seconds with the cut that best completes
 *                      the two, then each cut again beside the others,
 *                      thresholds as above), and the best such rule of
 *                      three replaces the greedy one where it reaches
 *                      0.95 F1 and marks at least 2 fewer training bars
 *                      wrongly (a stand-in second the right third cannot
 *                      follow: the rsi/ADXR bot's ema(50) and adxr(14)
 *                      filters, 0.966 -> 1.000 on its training longs;
 *                      at most 28 passes over the level items per such
 *                      decision). Fourth: a rule of three conditions
 *                      under 0.99 F1 takes the level cut that best
 *                      completes it where the four beat it by 0.05,
 *                      take away at least 4 of its wrong bars and leave
 *                      at most 1 (the four-condition bot's down candle).
 *                      Three level cuts join
 *                      as three items and and(and(a,b),c) (four: one
 *                      more nesting; an item whose
 *                      name would not fit a model's 255-byte feature name
 *                      is left out). On equal F1 a
 *                      pair's second condition on the indicator its first
 *                      watches (aroon(25).up beside an aroon cross) wins.
 *                      Mirrored decisions (open long / open short) whose
 *                      pairs both start on a grid signal or spec column
 *                      and reach 0.95 F1 take one second condition's
 *                      column: the one that completes both sides at no
 *                      loss of either's F1, on the most F1 together, then
 *                      the most sides whose first watches its indicator
 *                      (as a pair's ties above; the PMO bot's own line
 *                      beside its signal cross, not ppo(12,26): 0.891 ->
 *                      1.000), then a customary period, the roundest
 *                      thresholds (fewest significant digits) and the
 *                      widest gaps.
 *                      Mirrored decisions that lead alike (both level
 *                      rules, or one grid signal at one value) where one
 *                      side took more level conditions: the fuller side's
 *                      columns, cut again on the other side's examples,
 *                      replace that side's conditions when they beat its
 *                      own by 0.05 F1 (a side with a dozen examples and a
 *                      near pair can never pass the 0.15 of a third: the
 *                      mass index bot's long side took the shorts' bulge
 *                      and close-over-ema columns, 0.933 -> 1.000).
 *                      Twins: where one side leads with a grid signal and
 *                      level cuts and the other side took no pair, its
 *                      best single being that signal, the cuts' twin
 *                      outputs (aroon(n).up / .down, dmi(n).plus /
 *                      .minus, vortex(n).plus / .minus, rwi(n).high /
 *                      .low), cut the same way on the other side's
 *                      examples beside the signal, become its rule where
 *                      they beat that single at all; both sides then cut
 *                      at the threshold of the side with more examples
 *                      where the other keeps its F1 (the aroon bot's
 *                      shorts: down >= 70 beside the cross, 0.875 ->
 *                      0.939).
 *                      Mirrored fourths: where one side took a fourth
 *                      condition and the other stopped at three under
 *                      0.99 F1, the other takes the fourth's column, cut
 *                      on its own examples, where it beats its F1 and
 *                      leaves fewer wrong bars; mirrored cuts of one
 *                      column the same way at two levels then take the
 *                      one level of the two that leaves the fewer wrong
 *                      bars over both sides (equal: the side with more
 *                      examples keeps its own; the four-condition bot's
 *                      shorts: the fourth, and volume over its mean at
 *                      1, not 1.01: 0.912 -> 0.947).
 *                      Either: a close decision without a pair whose
 *                      exits the spec's best column marks only in part
 *                      (the session's end) takes the level cut that best
 *                      marks the rest (the close back across a level) when
 *                      that cut's F1 on them is >= 0.9 and the two
 *                      together beat every single signal by 0.05.
 *                      Learned moving average: where the bot holds long
 *                      and short (or one side and flat) on the training
 *                      bars, a logistic fit (the library's trainer, no
 *                      normalization, l2 1e-6) of the side held after
 *                      each bar on Legendre sums of (close - close@i) /
 *                      atr(14), i < n, for n = 10, 20, 30, 45, 60 gives
 *                      the cubic weights of fir(n,c0,c1,c2,c3) (the n
 *                      whose sign agrees on most bars, at least 60 %);
 *                      above(close,fir(...)) and cross(close,fir(...))
 *                      then compete as grid signals (a close crossing an
 *                      SWMA(17) the grammar lacks: 0.888 -> 0.934).
 *                      BC_CLONE_LAGFILTER=0 in the environment skips it.
 *                      Learned oscillator: the same fit of the side held
 *                      on Legendre sums of 100 (close@i - close@(i+1)) /
 *                      close, i < n, with the logistic intercept, gives
 *                      firosc(n,c0,c1,c2,c3) (n = 10, 20, 30, 45, 60;
 *                      the two windows agreeing best, on at least 60 % of
 *                      the bars), appended to the level grid and cut there
 *                      at learned levels; above(firosc(...),level) and
 *                      cross(firosc(...),level) of the best at the fit's
 *                      own level (-intercept n / sum |p|) join the grid
 *                      signals.
 *                      BC_CLONE_OSCFILTER=0 in the environment skips it.
 *                      Deterministic; streams the discrete candidates over
 *                      the training bars one row at a time and keeps the
 *                      level items' values of the training bars (200
 *                      doubles a bar); measured under 1 s per clone on
 *                      4,000..6,000 bars. The report's "search" lists what
 *                      it found.
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
 *   symbol_graph       path of a graph.json (botcopier graph,
 *                      bc_symbol_graph_write_json) [""]: its node2vec
 *                      embeddings join the features as sym_emb(0..d-1),
 *                      each symbol's own vector on its bars (multi-symbol
 *                      logs: the model tells symbols apart by them); the
 *                      model records "symbol_embeddings" {symbol: vector}
 *                      for the log's symbols. A symbol missing from the
 *                      graph is BC_E_NOT_FOUND naming it
 *   class_balance      1 = weight classes inversely to their frequency, 0 = no [1]
 *   threshold          auto (search on the validation slice) or 0..1 [auto]
 *   calibrate          1 = Platt calibration on the validation slice, 0 = no [1]
 *   max_hold           1 = the model's max_hold is twice the longest hold
 *                      on the training bars where at least two training
 *                      trades end at that hold (a time stop's cap; none
 *                      where the longest hold is one trade's, and none
 *                      where the signal search explains every training
 *                      exit by a market signal alone: each close
 *                      decision's best F1 1, none a time stop): a position
 *                      held more bars closes where the model would hold
 *                      it (predictor, bc_clone_run and the exports;
 *                      model.json "max_hold"); 0 = no limit [1]
 *   position_columns   standard or extended [standard]: extended gives a
 *                      trees clone ten more position columns after mfe_atr:
 *                      bar_fav_atr, bar_adv_atr, close_entry_atr (the bar's
 *                      best and worst price and its close against the entry,
 *                      in entry ATRs) and held_1, held_2, held_3_4,
 *                      held_5_8, held_9_16, held_17_32, held_33_up (bars
 *                      held, one-hot); the dense kinds keep their four.
 *                      Every host computes them (predictor, run, the
 *                      generated MQL5/C, the decision ONNX graph's input,
 *                      the DLL)
 *   position_giveback  1 = a trees clone takes giveback_atr after mfe_atr
 *                      (after held_33_up with position_columns=extended),
 *                      0 = not [1]: d * (best close - close) / atr of
 *                      the bar (the position's atr, position_atr), d the direction and the best close the
 *                      highest (long) / lowest (short) close from the
 *                      entry bar's through this bar's; >= 0, 0 when flat or
 *                      the ATR is not positive. A chandelier / trailing
 *                      stop k ATRs behind the best close is giveback_atr
 *                      >= k. Models written before it (without the column)
 *                      load and decide as they did; every host computes it
 *                      as it does the others
 *   position_entry_bar 1 = a trees clone with giveback_atr takes two more
 *                      after it, 0 = not [0]: close_ebar_fav_atr = d *
 *                      (close - F) / u and close_ebar_adv_atr = d * (close
 *                      - A) / u, d the direction, u the entry ATR (as
 *                      close_entry_atr), F the entry bar's high for a long
 *                      (low for a short), A its low for a long (high for a
 *                      short); 0 when flat. "Exit at the first close above
 *                      the entry bar's high" is close_ebar_fav_atr > 0, a
 *                      close back below its low close_ebar_adv_atr < 0.
 *                      Off by default: measured on the heldout19 doji-dip
 *                      bot it is for, fidelity F1 0.989 -> 0.977 (0.991 ->
 *                      0.412 and 1.000 -> 0.500 with holdout 0.4 / 0.5: the
 *                      trees' time stop picks up a spurious mfe_atr cut
 *                      and positions stay open; of 17 guard bots none rose,
 *                      heldout9's percent sl/tp bot fell 1.000 -> 0.974,
 *                      the heldout Donchian bot 1.000 -> 0.995).
 *                      Models without the
 *                      columns load and decide as they did; every host
 *                      computes them as it does the others
 *   position_atr       auto or a period n 2..1000 [auto]: the atr(n) the
 *                      position measures in - upnl_atr, its entry_atr and
 *                      every column in entry ATRs (mae_atr, mfe_atr,
 *                      close_entry_atr, the entry-bar and level columns),
 *                      giveback_atr, an "atr" stop without its own n and
 *                      the break-even move. auto: among the customary 14
 *                      (Wilder's, the default), 7 (Wilder's volatility
 *                      system) and 22 (Le Beau's chandelier), the period
 *                      whose one give-back cut (giveback_atr >= cut: a
 *                      close or a reversal) best separates the log's
 *                      closes and reversals from the bars it held on, on
 *                      the training and validation bars (never the
 *                      held-out ones); another than 14 only where its cut's
 *                      F1 reaches 0.95 and beats atr(14)'s by 0.10 (fewer
 *                      than 10 closes: 14). Where the chosen period's cut
 *                      reaches 0.95 the exits are that stop: the signal
 *                      search leaves the held bars at or past the cut out
 *                      (no example for or against a close or a reversal's
 *                      open). The model file records a period other than
 *                      14 as clone.position_atr (absent: 14, every model
 *                      from before it, which loads, decides and saves as
 *                      it did); every host (predictor, run, the generated
 *                      MQL5/C, the decision ONNX graph's atr input, the
 *                      DLL) computes the position in it; a clone.position_atr
 *                      that is no integer 2..1000 is refused at load
 *                      (BC_E_CORRUPT naming it). report.json
 *                      "position_atr": {"period", "giveback_f1": {"14",
 *                      "7", "22": the cut's F1 on those bars}[,
 *                      "giveback_cut", "search_skipped": the held bars the
 *                      search left out]}. Measured: heldout28's volatility
 *                      system (reverse at 3 x atr(7) from the best close)
 *                      0.692 -> 1.000
 *   position_day       0, 1 or auto [auto]: 1 = a clone on intraday bars
 *                      takes the day count trades_today as its last input,
 *                      0 = not; auto = for a log that never enters twice
 *                      on one UTC day of a symbol on intraday bars (one
 *                      series given; multi-symbol fits: 0) and shows that
 *                      as its rule, the clones without and with it, the
 *                      second kept when its closed-loop fidelity over the
 *                      training and the validation slices is no lower.
 *                      The rule is shown when, over the training and
 *                      validation bars, the target's taking no entry on
 *                      the n_after bars it was flat after its day's entry
 *                      has probability (1 - h)^n_after <= 0.05 at its
 *                      entry rate h on the flat bars before one (entries
 *                      / those bars); a log of one entry a day because it
 *                      holds into the next day shows none. The
 *                      entries already taken on the bar's UTC calendar day
 *                      (floor of time / 86400 on the bars' clock, the day
 *                      of dayhigh / daylow) before its decision, capped at
 *                      3 - "one trade a day" (an opening-range breakout
 *                      taking no new entry after its day's trade closed at
 *                      its stop or target) is trades_today = 0. Measured:
 *                      the heldout26 London opening-range breakout, held
 *                      out 0.953 -> 0.988 (logistic; 1 or auto, p 6e-23:
 *                      its training and validation closed loops are 1.000
 *                      either way); the heldout25 stiffness bot (one entry
 *                      a day, flat 6 bars after it: p 0.73) 1.000 with 0
 *                      or auto, 0.982 with 1. Auto is the default (since
 *                      the twenty-ninth session): of the tune bots it
 *                      also takes it for three others only (heldout7's
 *                      Asian range breakout, heldout9's London open,
 *                      heldout13's chop trend), their held-out F1 the
 *                      same. The predictor and
 *                      botcopier run count the clone's own entries (live:
 *                      the positions bc_predictor_set_position reports
 *                      entered); so does the generated MQL5/C predictor
 *                      of bc_export_mql5 (its own entries with auto
 *                      position, those <prefix>_set_position reports
 *                      entered: a direction or entry bar other than the
 *                      one held), and the decision ONNX graph reads it as
 *                      the last column of its "features" row, which the
 *                      host fills as it fills the position columns (the
 *                      ONNX metadata's "day_count" says so). Labelled
 *                      uncertain_file rows logged by such a clone carry it
 *                      last and train a clone with it; rows logged with
 *                      and without it do not mix (BC_E_SHAPE naming it).
 *                      bc_model_explain offers its rule trees the
 *                      column ("trades_today < 1": no entry yet that day)
 *   position_levels    trees, all or none [trees]: which kinds take the
 *                      four level columns sl_bar_atr, sl_close_atr,
 *                      tp_bar_atr, tp_close_atr (after the other position
 *                      columns) when the log's OPEN rows show a consistent
 *                      sl/tp rule that the log does not enforce as a broker
 *                      order (report.json exits: consistent, not used):
 *                      how far the bar's worst price (best, for the
 *                      take-profit) and its close still are from the level
 *                      the rule puts at the entry, in entry ATRs (<= 0:
 *                      reached). A bot that closes at the close beyond its
 *                      level (a "mental" stop) is a threshold on them. The
 *                      model records the rules ("levels" in its clone
 *                      metadata); live, the level is the rule at the entry
 *                      price bc_predictor_set_position reports (or the
 *                      decision's close) with the ATR of the last bar fed,
 *                      not the host's own order. Measured: the mental-stop
 *                      test bot 0.982 -> 1.000 held-out F1 (trees); the
 *                      dense kinds lose with them (logistic validation
 *                      F1 0.930 -> 0.909), so only trees by default
 *   time_zone          the clock of the bars' and the log's timestamps, by
 *                      bc_time_zone_parse's grammar: UTC, UTC+HH:MM, or
 *                      server (MetaTrader server time, as MT5 exports bars)
 *                      ["" = unknown]. Recorded in the model with its
 *                      symbol(s) and bar period (bc_model_time_zone), so an
 *                      EA can feed bars on the same clock
 *   hidden             MLP hidden widths, e.g. "64,32" [64,32]
 *                      (the cloner sets the trainer's validation_fraction 0,
 *                      max_iter 3000 and tol 1e-9 for logistic, epochs 300
 *                      for mlp, unless given below)
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

/* Registers the bars of one symbol for a log that trades several: fit
 * with NULL bars then learns one model from every symbol of the log (the
 * same features and weights, position state kept per symbol; the split,
 * calibration, thresholds and report run over all symbols, with fidelity
 * per symbol in the report). The cloner keeps the pointer: bars must stay
 * alive until the fit. Registering a symbol again replaces its bars.
 * Errors: BC_E_INVALID_ARGUMENT (NULLs, a symbol of 0 or more than 31
 * bytes, more than 64 symbols). */
BC_API int32_t bc_cloner_add_bars(bc_cloner *cloner, const char *symbol,
                                  const bc_bars *bars);

/* Learns a clone of the bot whose events are in trades, on bars of its
 * symbol (or, with bars NULL, on the bars registered per symbol): labels every bar (none/open long/open short/close; an event
 * belongs to the last bar at or before it), computes the features and the
 * position state, trains on the time-ordered head, calibrates and picks the
 * threshold on the validation slice, and measures the clone on the held-out
 * tail (classification metrics and clone fidelity, a closed-loop run from
 * the target's position at the tail's start). The new model comes back in
 * *out (caller frees with bc_model_free); the report stays in the cloner
 * (bc_cloner_report_json). Progress goes to the log (BC_LOG_INFO).
 * Errors: BC_E_INVALID_ARGUMENT (NULLs; an event before the first bar; a log
 * with several symbols, bars given for one and no 'symbol' set, naming
 * them; a symbol of the log without registered bars, naming it), BC_E_NO_DATA (no OPEN events, or too few bars after the
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
 * "labels": {class: count}, "intrabar_round_trips", "features": n,
 * "search": {"per_decision", "added": [items], "exit_levels": [the added
 * levels found for an exit decision: each also enters the model times the
 * position's direction, "pos_dir*above(...)", like every cross, so a linear
 * model can close a long below a level and a short above it], "decisions": {"open_long",
 * "open_short", "close_long", "close_short": {"examples", "spec_f1",
 * "best_f1", and for a close decision that "bars held >= n" marks with F1
 * >= 0.95, "time_stop": {"bars": n, "f1"}: a time stop, which the position
 * columns hold, so nothing is searched for it; "spec_first": the spec column
 * the found rule leads with, where it is one (a cross of the spec beside an
 * added level cut; model auto's rule candidate keeps it)}}},
 * "exits": {"sl", "tp": null when no OPEN logs the level,
 * else {"examples", "unit" ("atr": the entry bar's position atr (atr(14)
 * unless "position_atr" names another period), or atr("n")
 * where "n" is given, n one of 5, 7, 10, 20, 21, 28, "price": a
 * fraction of the entry price, "points", "swing": the distance from the
 * entry price to the lowest low (a long) / highest high (a short) of the
 * "n" bars through the entry bar, n one of 2, 3, 4, 5, 10, 20 (a stop at
 * the 3-bar swing low is swing, n 3, k 1), "risk": a take-profit's unit,
 * the same position's stop-loss distance (k 2 is a 2R target; used only
 * with a used stop-loss rule), "range": the average bar range
 * mean(high - low, "n") of the "n" bars through the entry bar, n one of
 * 14, 5, 7, 10, 20, 21, 28 (a stop at 2 x sma(high - low, 20) is range,
 * n 20, k 2), "to_sma", "to_ema", "to_linreg", "to_midprice": the
 * distance |entry price - L| from the entry price to the indicator's
 * value L = sma("n"), ema("n"), linreg("n"), midprice("n") at the entry
 * bar, tried at sma, ema and linreg 20 and 50 and midprice 20 (a target
 * at the 20-bar mean, the Bollinger middle, is to_sma, n 20, k 1; a stop
 * as far on the other side to_sma, n 20, k 1 too; where L lies on the
 * other side of the entry the level is still |entry - L| away on the
 * rule's side), "stddev": the population standard deviation of the "n"
 * closes through the entry bar (TA-Lib STDDEV(close, n), the Bollinger
 * band's width per multiple; the engine's bbands(n,1) upper - middle), n
 * one of 20, 10 (a stop at 2 x stddev(close, 20) is stddev, n 20, k 2)),
 * "k" (level = entry -/+ k units); the unit
 * with the smallest relative error wins, the earlier of this list on a
 * tie (atr, price, points, atr(n), range, to_*, stddev, swing, risk); swing,
 * risk, range, to_*, stddev and atr(n) rules that the log does not enforce add no
 * level columns to the model; a touch is ignored only where a bar before
 * the logged close went through the level, not where it equals it (a
 * level rounded to the log's price digits),
 * "relative_error" (RMS residual / mean distance), "r2", "consistent"
 * (>= 5 examples, relative_error <= 0.05), "touched", "ignored" (positions
 * a bar touched the level of before their close, of those touched at or
 * before it), "enforced" (ignored <= 5 %), "used" (consistent and enforced:
 * the clone trades the rule)}, "closes_at_levels": the training bars whose
 * CLOSE a bar's touch of a used level explains, for levels fitted to 1 %
 * (the simulator closes there before the model decides, so they are left
 * out of training: weight 0)}}.
 * Errors: BC_E_STATE (no fit yet), BC_E_BUFFER_TOO_SMALL,
 * BC_E_UNSUPPORTED (built without jansson). */
BC_API int32_t bc_cloner_report_json(const bc_cloner *cloner, char *buf,
                                     int32_t capacity, int32_t *length);

/* Writes the same report to path as indented JSON (report.json),
 * atomically (temporary file, fsync, rename). Errors: BC_E_INVALID_ARGUMENT
 * (NULL), BC_E_STATE (no fit yet), BC_E_IO naming the path,
 * BC_E_UNSUPPORTED (built without jansson). */
BC_API int32_t bc_cloner_write_report(const bc_cloner *cloner, const char *path);

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
 *                      the bar's close and tracks the position itself
 *                      (a clone's learned stop-loss / take-profit levels
 *                      are the broker's orders live: decisions.csv gives
 *                      an entry's sl_dist / tp_dist, and a close at a level
 *                      is a fill the host reports with
 *                      bc_predictor_set_position; bc_clone_run plays the
 *                      broker instead),
 *                      0 = the host reports fills with bc_predictor_set_position [1]
 *   decision_log       path of a decisions.csv to append every decision to
 *                      (bars still in the features' lookback are not
 *                      decided on and not logged), "" = none [""]
 *   uncertain_log      path of an uncertain_decisions.csv for decisions with
 *                      |P(act) - threshold| < margin (empty label column) [""]
 *   model_version      text written in the logs' model_version column [""]
 *   symbol             symbol of the trade log bc_clone_run_predictor writes
 *                      [the model's first symbol, "CLONE" when unknown]; a
 *                      model trained with a symbol graph also takes this
 *                      symbol's embedding for its sym_emb columns (the
 *                      first symbol's until set; a symbol the model has no
 *                      embedding for is BC_E_NOT_FOUND)
 * Decision ids in the logs are the bar's time in seconds, so a replay
 * divergence finds its bar again. */
typedef struct bc_predictor bc_predictor;

/* Creates a predictor for model (which it does not copy). Errors:
 * BC_E_INVALID_ARGUMENT (NULL), BC_E_PARSE (the model's feature spec does
 * not build), BC_E_SHAPE (the model's width differs from its features plus
 * position state), BC_E_VERSION / BC_E_CORRUPT (a stop-loss / take-profit
 * rule in the model's clone metadata this library cannot read: an unknown
 * unit / a malformed rule, as bc_model_load; never run as no rule),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_predictor_create(const bc_model *model, bc_predictor **out);

/* Sets one option (keys above). Opening a log that cannot be written gives
 * BC_E_IO naming the path. */
BC_API int32_t bc_predictor_set(bc_predictor *p, const char *key,
                                const char *value);

/* Sets the sym_emb(j) feature values directly (values[j], NaN for j >= n),
 * for hosts that read a model's "symbol_embeddings" themselves; builds
 * without a JSON library (the Windows DLL) cannot read them from the model.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, n outside 0..256), BC_E_STATE (a
 * model without features and n > 0). No allocation. */
BC_API int32_t bc_predictor_set_symbol_embedding(bc_predictor *p,
                                                 const double *values,
                                                 int32_t n);

/* Feeds the next bar (time in seconds since 1970, strictly after the last
 * one) and decides at its close: raw_probs[0..n_classes) gets the model's
 * raw class probabilities (the softmax before calibration, unlike
 * bc_model_predict's, which are calibrated; capacity >=
 * bc_model_num_classes, else BC_E_BUFFER_TOO_SMALL; raw_probs may be NULL
 * with capacity 0), *decision a BC_DECISION_* (HOLD while the features are still
 * in their lookback). P(act) is the probability of the actions open to the
 * position (flat: buy/sell; long: sell/close; short: buy/close; a clone
 * whose bot never opened against its position on one bar in training -
 * model.json "allow_reversal": false - only closes a position, so long:
 * close, short: close; and, for a clone whose bot closed and re-opened the
 * same way on one bar - model.json "allow_reentry" - also buy while long /
 * sell while short: close the position and open a new one the same way at
 * this bar, a re-entry whose entry price and bars held start again),
 * Platt-calibrated when the model
 * is; the likeliest of them is taken when P(act) >= threshold
 * (bc_predictor_last gives both). No allocation. Errors:
 * BC_E_INVALID_ARGUMENT (time not increasing, NULL decision), BC_E_IO (a
 * log write failed). */
BC_API int32_t bc_predictor_update(bc_predictor *p, int64_t time, double open,
                                   double high, double low, double close,
                                   double volume, double *raw_probs,
                                   int32_t capacity, int32_t *decision);

/* Feeds a bar to the features (and the bars-held count) without deciding:
 * to warm a predictor up on history. Errors as bc_predictor_update. */
BC_API int32_t bc_predictor_observe(bc_predictor *p, int64_t time,
                                    double open, double high, double low,
                                    double close, double volume);

/* Sets the position seen by the next decision: direction -1 short, 0 flat,
 * +1 long; bars_held >= 0 bars since entry; entry_price > 0 (ignored when
 * flat). A model with the excursion inputs (mae_atr, mfe_atr) counts them
 * from here, with the ATR of the last bar fed as the entry's (exact when
 * the fill is on the bar just decided); one with giveback_atr takes
 * entry_price as the best close so far and each later close that is
 * better (exact, again, for a fill on the bar just decided); one with the
 * entry-bar columns (close_ebar_fav_atr, close_ebar_adv_atr) takes the
 * last bar fed as the entry bar, its high and low (the next bar's when
 * none was fed yet). A model with the sl/tp level
 * columns (cloner option position_levels) measures against the levels its
 * fitted rule puts at this entry_price with that ATR - the bot's rule, not
 * the host's own order levels (a host that moves its stop does not move
 * them); the broker's fills at its orders are reported here as a close,
 * before the update of the bar that filled them (the bot decides that
 * bar's close flat, as bc_clone_run's simulator; a clone whose bot did not
 * enter on such a bar - model.json "level_wait" - then holds an entry on
 * a bar that touched the levels of the position reported closed, where
 * its last decision had kept that position). A clone with a break-even
 * move (model.json "breakeven_atr": k) moves the stop-loss it reports
 * (bc_predictor_levels) to the entry price in the update of a bar after
 * the entry bar that reached entry_price +- k x the entry ATR. A position
 * set again here keeps a move already made when it is the position the
 * predictor holds (the same direction, entry price and entry bar: a host
 * reporting its position again mid-trade); another one (a host restarted
 * mid-trade, which feeds the bars since the entry with
 * bc_predictor_observe first) makes the move where a bar after the entry
 * bar among the last 20 bars fed reached entry_price +- k x the ATR taken
 * here for the entry's (the bars before those are not kept: a move one of
 * them made is not made again). The generated MQL5/C <prefix>_set_position
 * does the same.
 * Errors: BC_E_INVALID_ARGUMENT naming the bad value. */
BC_API int32_t bc_predictor_set_position(bc_predictor *p, int32_t direction,
                                         int32_t bars_held,
                                         double entry_price);

/* The position the predictor holds now, bars_held as the next decision will
 * see it (any out pointer may be NULL). */
BC_API int32_t bc_predictor_position(const bc_predictor *p,
                                     int32_t *direction, int32_t *bars_held,
                                     double *entry_price);

/* The stop-loss and take-profit of the position the predictor holds now,
 * as absolute prices (the model's price units, e.g. 1.0850 on EUR/USD):
 * the levels the clone's learned rules (model.json clone.exits, every unit:
 * atr(n), price, points, swing, risk, range, stddev, to_*) placed when the
 * position was entered - by a decision with auto_position, or by
 * bc_predictor_set_position (bars_held counts the entry bar back from the
 * last bar fed; the unit's value on the last bar fed stands for the entry
 * bar's, except a swing stop's: the n bars through the entry bar itself
 * while the last 20 bars fed hold them all, else no stop - a host
 * restarted mid-trade feeds the bars since the entry with
 * bc_predictor_observe before it reports the position; the generated
 * MQL5/C keeps the same 20-bar window) - the same levels bc_clone_run /
 * `botcopier run` gives the
 * position (its trade events' sl / tp) on the same bars. Bars fed do not
 * move them; a later bc_predictor_set_position places them again. A host
 * that trades the clone reports, after a decision that enters,
 * bc_predictor_set_position(p, direction, 1, price) (one bar held at the
 * next decision: the entry bar is the bar just decided; price its order's)
 * and sends these levels with the order. *sl / *tp are NaN when flat, where
 * the model has no rule for that side, and where the rule gives no level
 * at this entry (a unit not > 0 yet, a swing stop on the wrong side, a
 * risk target without a stop): then the position trades without that
 * order, as in bc_clone_run. *rules tells those NaNs apart: 1 a stop-loss
 * rule, 2 a take-profit rule, 3 both, 0 a model without clone stop rules
 * (e.g. one written before the cloner learned them), whose only stops are
 * bc_model_stops's medians. Any out pointer may be NULL. No allocation;
 * one thread at a time per predictor, as its other calls. Errors:
 * BC_E_INVALID_ARGUMENT for a NULL p. */
BC_API int32_t bc_predictor_levels(const bc_predictor *p, double *sl,
                                   double *tp, int32_t *rules);

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
 * = the bar's time) to a new trade log in *out (bc_trades_free). A clone
 * whose target's log showed a consistent, enforced stop-loss / take-profit
 * rule (report.json "exits") gives each position its levels (the events'
 * sl/tp; NaN without a rule) and closes it at a level a later bar touches
 * (CLOSE price = the level; the stop-loss when both are inside one bar; a
 * gap through a level fills at the level). The bars run through the same
 * closed-loop simulator as bc_predictor_update. Use
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

/* Explains a clone: runs model over each series of bars with its own
 * predictor (flat at each series' first bar, features warming up as
 * live, the position tracked from its own decisions, symbol symbols[k]
 * when given: symbols may be NULL, or hold NULL entries) and fits, per
 * position state before the decision (flat, long, short) and per
 * decision taken there, a binary CART (gini, depth <= max_depth, every
 * leaf >= min_support rows) to "this decision or not" over the model's
 * market features, a position_day clone's day count trades_today (the
 * entries taken that UTC day: the clone's own on its run, the log's on
 * the target's rows) and, in a position, bars_held, upnl_atr, mae_atr,
 * mfe_atr and the model's other position columns (giveback_atr reads
 * "the close gave back >= k ATRs from its best since the entry"). Each leaf where the decision is the majority becomes a rule:
 * its path's conditions (per feature one interval lo <= x < hi; a NaN
 * input counts as not below), thresholds snapped to round numbers (the
 * multiple of the largest power of ten between the two training values
 * around the split, so the fewest significant digits that leave every
 * training row of the node on its side; nearest the midpoint among those),
 * worded as the event a 0/1 or -1/0/+1 column marks ("ema(12) crosses
 * above ema(26)", "hour >= 8", "rsi(14) > 70" for above(rsi(14),70)).
 * The JSON (two-call pattern, *length without the NUL; each call
 * recomputes, deterministically) is {"bars", "decided_bars" (bars past
 * the lookback), "decisions" (non-hold decisions), "explained" (those
 * inside a rule), "coverage" = explained / decisions (1 when none),
 * "unexplained_share" = 1 - coverage, "rule_precision" (decisions /
 * bars inside the rules; null without rules), "max_depth",
 * "min_support", "states": {"flat", "long", "short": decided bars},
 * "open_long", "open_short", "close": {"decisions", "explained",
 * "coverage", "states": {state: {"rows", "decisions", "explained"}},
 * "rules": [{"state", "text" ("opens long when flat and rsi(14) < 30
 * (support 31, precision 1.00)"), "conditions": [{"feature", "text",
 * "min" and/or "below"}], "support" (rows in the rule), "hits" (of them
 * with the decision), "precision"}]}}. A reversal is an open_short rule
 * of state long (open_long of state short). max_depth 0 means 3 (range
 * 1..6), min_support 0 means 5.
 * trades (may be NULL): the target bot's own log. The rules are then also
 * measured on the target's decisions on the same bars (its labels and
 * position as the cloner derives them; per series the events of
 * symbols[k], else of the model's symbol, else all): each rule gains
 * "target_support", "target_hits", "target_precision" (null when its
 * support is 0), each decision "target_decisions" and "target_explained",
 * and the root "target": {"decisions", "explained", "coverage",
 * "unexplained_share"}: how much of the bot itself the rules describe.
 * Errors: BC_E_INVALID_ARGUMENT (NULL model, bars, bars[k] or length, NULL
 * buf with capacity > 0, n_series outside 1..1024, max_depth or
 * min_support out of range, naming it; a trade event before the first bar
 * or out of time order), BC_E_UNSUPPORTED (a model without
 * a feature spec; a build without jansson), BC_E_NO_DATA (no bar past
 * the features' lookback), BC_E_BUFFER_TOO_SMALL (*length still set),
 * predictor errors (bars out of time order), BC_E_OUT_OF_MEMORY.
 * Thread-safe for a shared model. */
BC_API int32_t bc_model_explain(const bc_model *model, const bc_bars *const *bars,
                                const bc_trades *trades, const char *const *symbols,
                                int32_t n_series, int32_t max_depth,
                                int32_t min_support, char *buf, int32_t capacity,
                                int32_t *length);

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

/* Exported models run without libbotcopier: in ONNX Runtime (any host; MT5's
 * OnnxCreate/OnnxRun) or as MQL5 source compiled into an EA. Both carry the
 * model's normalization, clipping, missing-value rule and Platt calibration,
 * so they take the same raw feature rows as bc_model_predict and give its
 * probabilities. Exportable kinds: logistic and mlp.
 *
 * ONNX layout (opset 13, IR version 7, both within what ONNX Runtime 1.14 -
 * the line MT5 embeds - supports; tested in ONNX Runtime 1.15, the oldest
 * wheel for Python 3.11, and later: 1.14 itself cannot be installed here):
 *   input  "features"      float[N, F]   raw feature values, NaN = missing
 *   output "label"         int64[N]      index of the most probable class
 *   output "probabilities" float[N, C]   class probabilities (rows sum to 1)
 * N is symbolic ("N"); F and C are fixed. No ZipMap, maps or sequences.
 * metadata_props["botcopier"] holds JSON: kind, n_features, n_classes,
 * class_names, feature_names, feature_spec, threshold, quantization, and
 * for a clone with a stop-loss / take-profit rule "exits": {"sl", "tp":
 * null or {"unit", "k", "n" where the unit has a window, "engine": the
 * feature spec of the unit's series where it needs one}} (the model
 * file's rule; the host places the levels at each entry, as the
 * predictor's: README "Exporting models"), and for a clone whose position
 * measures in another atr than atr(14) "position_atr": n (the model file's
 * clone.position_atr; the host computes the position columns in atr(n)).
 * A rule the library cannot read
 * refuses the export (BC_E_VERSION / BC_E_CORRUPT, as bc_model_load).
 * An MT5 EA calls OnnxSetInputShape(h, 0, {1, F}), OnnxSetOutputShape(h, 0,
 * {1}) and OnnxSetOutputShape(h, 1, {1, C}) (see README "Exporting").
 *
 * INT8 (quantize_int8 = 1): every layer's weights are stored as int8 with a
 * float scale per output channel, scale = max|w| / 127, zero point 0,
 * q = round(w / scale); the graph dequantizes them with DequantizeLinear
 * (axis 0) before each Gemm. Activations and normalization stay float/double.
 * Each weight moves by at most scale/2, so a logit moves by at most
 * sum_i |h_i| * scale/2 and a probability by at most half the largest logit
 * change; the tests check that bound on real feature rows. */

/* Writes m as an ONNX model to path, atomically (temporary file, fsync,
 * rename). quantize_int8: 0 float32 weights, 1 int8 weights (above).
 * Errors: BC_E_INVALID_ARGUMENT (NULL, quantize_int8 not 0/1),
 * BC_E_UNSUPPORTED (model kind that cannot be exported, naming it; a build
 * without protobuf-c, such as the Windows DLL), BC_E_IO (naming the path),
 * BC_E_OUT_OF_MEMORY. Thread-safe for a shared model. */
BC_API int32_t bc_export_onnx(const bc_model *m, const char *path,
                              int32_t quantize_int8);

/* The same ONNX model in caller memory, two-call pattern: *length receives
 * the size in bytes; when capacity < *length nothing is copied and the
 * result is BC_E_BUFFER_TOO_SMALL (buf NULL with capacity 0 asks for the
 * size). The same model always gives the same bytes. Errors as
 * bc_export_onnx. Thread-safe for a shared model. */
BC_API int32_t bc_export_onnx_bytes(const bc_model *m, int32_t quantize_int8,
                                    uint8_t *buf, int64_t capacity,
                                    int64_t *length);

/* Writes m as an MQL5 include file (.mqh) for terminals where DLL imports
 * are not allowed: the weights, normalization, clip bounds and calibration
 * as constant arrays and a function
 *   int <prefix>_predict(const double &x[], double &probs[])
 * that takes the F raw feature values of one bar (NaN = missing), fills
 * probs[0..C) like bc_model_predict and returns the most probable class;
 * <prefix>_N_FEATURES, _N_CLASSES and _THRESHOLD are #defines. prefix (NULL
 * = "bc_model") is a C identifier of 1..40 characters, so one EA can
 * include several models. When the model records a feature spec, the file
 * also computes the features bar by bar as the feature engine does
 * (<prefix>_features_reset, <prefix>_features_update(time, open, high,
 * low, close, volume, [bid_volume, ask_volume when the spec reads the order
 * book,] out), and, when the spec's columns are the model's inputs,
 * <prefix>_predict_bar with the same bar arguments); every feature kind of
 * the engine has a template. A spec that does not parse is named in a
 * comment instead (the export still succeeds). A spec with sym_emb(j)
 * columns adds <prefix>_set_symbol_embedding(int j, double value) (NaN
 * until set, as the engine). What a clone records per symbol is appended:
 * double <prefix>_lot_scale(string symbol) for a multi-symbol clone's
 * risk-parity weights (bc_model_lot_scale's numbers; 1.0 for others) and
 * bool <prefix>_use_symbol(string symbol) setting a symbol-graph clone's
 * embedding for that symbol (false for one it does not know).
 * A model bc_predictor runs (a clone: market features, the position state
 * and position-signed columns) also gets the predictor itself, computed as
 * bc_predictor_update computes it (same float forward pass, position state,
 * allowed actions, calibration and per-class thresholds):
 * <prefix>_reset(), int <prefix>_update(time, open, high, low, close,
 * volume, [book volumes,] probs) once per closed bar returning the decision
 * (<prefix>_DECISION_HOLD/BUY/SELL/CLOSE, -1 for a bar not after the last),
 * <prefix>_observe, <prefix>_set_auto_position, <prefix>_set_position
 * (fills from the EA), <prefix>_set_threshold, and the globals
 * <prefix>_last_p_act / <prefix>_last_threshold. A clone that trades a
 * stop-loss / take-profit rule (report.json "exits") has it placed at each
 * entry as the predictor and bc_clone_run place it: the globals
 * <prefix>_sl / <prefix>_tp (prices, NaN: none), set by
 * <prefix>_place_levels() whenever the update enters or the EA sets a
 * position, in every unit the cloner learns (the units' series - atr(n),
 * range, stddev, the to_* levels, a swing window's low and high - computed
 * by the generated features as columns after the ATR). Such a clone whose
 * predictor cannot be generated (a feature without a template, no
 * position state) is BC_E_UNSUPPORTED naming the unit, never exported
 * without its stops.
 * Errors: as bc_export_onnx, and BC_E_INVALID_ARGUMENT for a bad prefix.
 * Thread-safe for a shared model. */
BC_API int32_t bc_export_mql5(const bc_model *m, const char *path,
                              const char *prefix);

/* The same MQL5 source in caller memory (what bc_export_mql5 writes, byte
 * for byte), two-call pattern as bc_model_json_text. Errors as
 * bc_export_mql5, BC_E_BUFFER_TOO_SMALL. Thread-safe for a shared model. */
BC_API int32_t bc_export_mql5_text(const bc_model *m, const char *prefix,
                                   char *buf, int64_t capacity,
                                   int64_t *length);

/* Writes the decision ONNX model of m to onnx_path and, when mqh_path is
 * not NULL, the MQL5 include that runs it in MetaTrader 5 (prefix as
 * bc_export_mql5), both atomically. The graph takes "features" double[N,F],
 * the model's whole input row (market features, then the clone's position
 * state and position-signed columns, then for a position_day clone the
 * day count trades_today - the entries taken on the bar's UTC day, floor
 * of its time / 86400, before its decision, capped at 3 - which the host
 * counts as it tracks its position: what bc_predictor feeds the model),
 * and returns "decision" int64[N] (BC_DECISION_*), "p_act" double[N]
 * (calibrated P(act) over the actions open to the row's position, read
 * from its pos_long/pos_short inputs), "threshold" double[N] (the bar
 * P(act) had to clear: the likeliest allowed class's threshold) and
 * "probabilities" double[N,C] (raw softmax, as bc_predictor_update gives):
 * bc_predictor's rule with the model's thresholds as graph constants.
 * A clone with a max_hold (model.json "max_hold", .bcm
 * decision.max_hold.i32) has it in the graph too: a row whose bars_held
 * input exceeds max_hold and whose decision would be hold decides close,
 * as bc_predictor_update (p_act, threshold and probabilities stay the
 * model's; Gather, Greater, Equal, And and Where, all opset 13). The
 * learned break-even move (model.json "breakeven_atr": k, the ONNX
 * metadata's exits.breakeven_atr) is not in the graph: it moves an order,
 * not a decision, and the graph's inputs carry neither the entry price
 * nor the stop. The host does it before each bar's decision, as
 * bc_predictor_update: on a bar after the entry bar whose high (a long;
 * a short's low) reached entry_price + k x entry_atr (entry_price - k x
 * entry_atr), the ATR being the position columns' (atr(14), or the
 * model's clone.position_atr period) on the entry bar,
 * it moves a stop-loss not yet at or beyond the entry price to the entry
 * price, from the next bar on (the .mqh below does this for
 * <prefix>_sl).
 * Opset 13 (+ ai.onnx.ml 3 for trees), IR version 7: ONNX Runtime 1.14,
 * MetaTrader 5's, runs it. The .mqh computes the features and position
 * state bar by bar as the library does and calls OnnxRun once per bar
 * (<prefix>_onnx_create(model bytes), <prefix>_reset, <prefix>_update(bar,
 * probs) -> decision), placing a clone's stops as bc_export_mql5's
 * predictor does (<prefix>_sl, <prefix>_tp). Models without a feature spec
 * the predictor can run are BC_E_UNSUPPORTED. Other errors as
 * bc_export_onnx. Thread-safe for a shared model. */
BC_API int32_t bc_export_onnx_decision(const bc_model *m, const char *onnx_path,
                                       const char *mqh_path, const char *prefix);

/* The decision ONNX model of bc_export_onnx_decision in caller memory,
 * two-call pattern as bc_export_onnx_bytes. Thread-safe for a shared
 * model. */
BC_API int32_t bc_export_onnx_decision_bytes(const bc_model *m, uint8_t *buf,
                                             int64_t capacity, int64_t *length);

/* (end of section: Exporters) */

/* ======================================================================
 * Portfolio (lib/portfolio): covariance, risk parity, symbol graph
 *
 * Pure functions over caller arrays: matrices are row-major double
 * [n x n], return tables [n_obs x n_assets] (one row per time). They keep
 * no state and are thread-safe. Not in the Windows DLL (BC_E_UNSUPPORTED).
 * ====================================================================== */

/* Returns from a price table: returns[t] = prices[t+1]/prices[t] - 1
 * (log_returns 0) or log(prices[t+1]/prices[t]) (log_returns 1), for
 * t = 0..n_times-2; returns holds (n_times - 1) x n_assets doubles.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, log_returns not 0/1), BC_E_SHAPE
 * (n_times < 2, n_assets < 1), BC_E_NUMERIC (a price that is not finite
 * and positive, naming its asset and row). */
BC_API int32_t bc_portfolio_returns(const double *prices, int64_t n_times,
                                    int32_t n_assets, int32_t log_returns,
                                    double *returns);

/* Covariance estimators. */
#define BC_COVARIANCE_SAMPLE      0 /* unbiased (1/(n-1)), as numpy.cov */
#define BC_COVARIANCE_LEDOIT_WOLF 1 /* Ledoit-Wolf shrinkage (below) */

/* Covariance of the columns of returns[n_obs x n_assets] into
 * cov[n_assets x n_assets]. Ledoit-Wolf (2004) shrinks the maximum-
 * likelihood estimate S (1/n, centred) toward mu*I, mu = trace(S)/n_assets,
 * by the intensity that minimizes the expected Frobenius loss:
 * (1 - k) S + k mu I, the same estimate as scikit-learn's
 * sklearn.covariance.LedoitWolf; well conditioned when n_obs is short
 * against n_assets. *shrinkage (may be NULL) receives k (0 for SAMPLE).
 * Cost O(n_obs * n_assets^2). Errors: BC_E_INVALID_ARGUMENT (NULL, unknown
 * estimator), BC_E_SHAPE (n_obs < 2, n_assets < 1), BC_E_NUMERIC (a
 * non-finite return, naming asset and row), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_portfolio_covariance(const double *returns, int64_t n_obs,
                                       int32_t n_assets, int32_t estimator,
                                       double *cov, double *shrinkage);

/* Allocation methods for bc_portfolio_weights. */
#define BC_RISK_PARITY_ERC                0 /* equal risk contribution */
#define BC_RISK_PARITY_INVERSE_VOLATILITY 1 /* w_i proportional to 1/sigma_i */
#define BC_RISK_PARITY_HRP                2 /* hierarchical risk parity */

/* Long-only weights (summing to 1) from a covariance matrix.
 *   ERC: every asset contributes the same share of portfolio variance,
 *        w_i (S w)_i equal for all i; solved as Spinu's convex problem by
 *        damped Newton steps to a relative spread of the contributions
 *        below 1e-12 (typically 6-10 steps). With a cap, assets that would
 *        exceed it are held at the cap and the others still contribute
 *        equally among themselves.
 *   INVERSE_VOLATILITY: w_i = (1/sigma_i) / sum_j (1/sigma_j).
 *   HRP: Lopez de Prado's hierarchical risk parity (single-linkage
 *        clustering of sqrt((1 - rho)/2), leaves in dendrogram order,
 *        recursive bisection with inverse-variance cluster weights), as
 *        PyPortfolioOpt's HRPOpt computes it.
 * cap: the largest weight, in (0, 1] with cap * n_assets >= 1, or NaN for
 * none; INVERSE_VOLATILITY and HRP move the excess of capped assets to the
 * others in proportion to their weights. weights holds n_assets doubles.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, unknown method, cap out of range or
 * too small to sum to 1), BC_E_SHAPE (n_assets < 1), BC_E_NUMERIC (a
 * non-finite or asymmetric cov, a variance <= 0, or ERC not converging on a
 * matrix that is not positive definite), BC_E_OUT_OF_MEMORY,
 * BC_E_UNSUPPORTED (ERC in a build without LAPACK). */
BC_API int32_t bc_portfolio_weights(const double *cov, int32_t n_assets,
                                    int32_t method, double cap,
                                    double *weights);

/* Each asset's share of portfolio variance under weights:
 * contributions[i] = w_i (S w)_i / (w' S w), summing to 1. Errors as
 * bc_portfolio_weights, and BC_E_NUMERIC when w' S w <= 0. */
BC_API int32_t bc_portfolio_risk_contributions(const double *cov,
                                               const double *weights,
                                               int32_t n_assets,
                                               double *contributions);

/* Writes weights.json atomically: {"method", "estimator", "shrinkage",
 * "risk_parity_symbols": names, "risk_parity_weights": weights,
 * "risk_contributions", "volatility": sqrt of cov's diagonal,
 * "covariance": cov as rows} (the key names model.json uses). names holds
 * n_assets non-empty strings; method and estimator are the BC_RISK_PARITY_*
 * and BC_COVARIANCE_* values the weights came from.
 * Errors: as bc_portfolio_risk_contributions, BC_E_INVALID_ARGUMENT (a
 * NULL or empty name, naming its index), BC_E_IO naming the path. */
BC_API int32_t bc_portfolio_write_json(const char *path, int32_t n_assets,
                                       const char *const *names, int32_t method,
                                       int32_t estimator, double shrinkage,
                                       const double *cov, const double *weights);

/* The lot multiplier a clone's risk-parity allocation gives symbol: its
 * ERC weight times the number of symbols (1 for every symbol when the
 * weights are equal), so lots = base_lots * scale keeps each symbol's risk
 * contribution equal. A multi-symbol clone records the weights
 * (risk_parity_symbols, risk_parity_weights, risk_parity_covariance in
 * model.json and the model file), estimated with Ledoit-Wolf on the bars
 * before the held-out tail. *scale is 1 for a model without them (one
 * symbol, or the Windows DLL, which reads no JSON metadata). Parses the
 * model's metadata: call once, not per tick. Errors: BC_E_INVALID_ARGUMENT
 * (NULL), BC_E_NOT_FOUND (symbol not among the model's, *scale stays 1),
 * BC_E_CORRUPT (a weight that is not a positive number). Thread-safe. */
BC_API int32_t bc_model_lot_scale(const bc_model *model, const char *symbol,
                                  double *scale);

/* --- symbol graph: correlation structure between symbols ------------- */

/* A weighted undirected graph over n_assets symbols. Immutable after
 * creation except for the node2vec options; one thread at a time. */
typedef struct bc_symbol_graph bc_symbol_graph;

/* Builds the graph from returns[n_obs x n_assets]: the weight of edge i-j
 * is the Pearson correlation of their returns averaged over every full
 * rolling window of `window` rows (windows where either series is flat are
 * left out of that pair's average); pairs whose average is <= min_weight
 * or <= 0 get no edge (weight 0), so weights are in (0, 1].
 * Cost O((n_obs - window) * window * n_assets^2).
 * Errors: BC_E_INVALID_ARGUMENT (NULL, window outside 3..n_obs, min_weight
 * outside [-1, 1)), BC_E_SHAPE (n_assets < 2), BC_E_NUMERIC (a non-finite
 * return, naming asset and row), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_symbol_graph_create(const double *returns, int64_t n_obs,
                                      int32_t n_assets, int32_t window,
                                      double min_weight,
                                      bc_symbol_graph **out);

/* Releases the graph. NULL is a no-op. */
BC_API void bc_symbol_graph_free(bc_symbol_graph *graph);

/* Number of nodes (0 for NULL). */
BC_API int32_t bc_symbol_graph_size(const bc_symbol_graph *graph);

/* Edge weights into adjacency[n x n] (symmetric, diagonal 0, 0 = no
 * edge). Errors: BC_E_INVALID_ARGUMENT (NULL). */
BC_API int32_t bc_symbol_graph_adjacency(const bc_symbol_graph *graph,
                                         double *adjacency);

/* Weighted degree (sum of a node's edge weights) into degree[n]. Errors:
 * BC_E_INVALID_ARGUMENT (NULL). */
BC_API int32_t bc_symbol_graph_degree(const bc_symbol_graph *graph,
                                      double *degree);

/* PageRank with damping alpha (0.85 is usual) into rank[n] (sums to 1):
 * the random surfer follows an edge with probability proportional to its
 * weight; an isolated node teleports uniformly (networkx.pagerank's model
 * with its defaults). Power iteration until the L1 change is below
 * 1e-15 * n. Errors: BC_E_INVALID_ARGUMENT (NULL, alpha outside (0, 1)),
 * BC_E_NUMERIC (no convergence), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_symbol_graph_pagerank(const bc_symbol_graph *graph,
                                        double alpha, double *rank);

/* node2vec options (values are text; defaults in brackets):
 *   dimensions      1..256 [8]    embedding size
 *   walk_length     2..10000 [40] nodes per walk
 *   walks_per_node  1..10000 [20]
 *   context         1..100 [5]    skip-gram window on each side
 *   negative        1..100 [5]    negative samples per positive pair
 *   epochs          1..1000 [5]   passes over the walks
 *   p, q            > 0 [1, 1]    return and in-out parameters
 *   learning_rate   > 0 [0.025]   SGD step, decaying linearly
 *   seed            unsigned integer [1]
 * Errors: BC_E_INVALID_ARGUMENT (NULL, bad value, naming key and value),
 * BC_E_UNKNOWN_KEY. */
BC_API int32_t bc_symbol_graph_set(bc_symbol_graph *graph, const char *key,
                                   const char *value);

/* The embedding size set by "dimensions" (0 for NULL). */
BC_API int32_t bc_symbol_graph_dimensions(const bc_symbol_graph *graph);

/* node2vec embeddings (Grover & Leskovec 2016) into embeddings[n x
 * dimensions]: walks_per_node biased second-order random walks from every
 * node (weights scaled by 1/p to return, 1/q to move away), then skip-gram
 * with negative sampling (unigram^0.75 noise) by plain SGD. The same
 * options and seed give the same bits on every machine (Philox streams,
 * one thread). Cost about n * walks_per_node * walk_length *
 * (n + 2 * context * (negative + 1) * dimensions) * epochs operations.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_BUFFER_TOO_SMALL (capacity <
 * n * dimensions, naming the need), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_symbol_graph_node2vec(const bc_symbol_graph *graph,
                                        double *embeddings, int64_t capacity);

/* Writes graph.json atomically: {"symbols": names, "nodes": [{"symbol",
 * "degree", "pagerank"}], "edges": [{"source", "target", "weight"}],
 * "adjacency": rows, "pagerank_alpha": 0.85, "embedding_dimensions": d,
 * "symbol_embeddings": {symbol: [d numbers]}} with PageRank at 0.85 and
 * node2vec under the graph's options. names holds one non-empty string per
 * node. Errors: as the functions it calls, BC_E_IO naming the path. */
BC_API int32_t bc_symbol_graph_write_json(const bc_symbol_graph *graph,
                                          const char *const *names,
                                          const char *path);

/* (end of section: Portfolio) */

/* ======================================================================
 * Bandit router (lib/online): which of K models to trade next
 *
 * Thompson sampling or UCB1 over K arms (models) with rewards in [0, 1]
 * (1 = a winning trade). A live deployment asks choose() before acting and
 * reports the outcome with reward(); `botcopier serve` runs the same object
 * behind HTTP (GET /choose, POST /reward), and an EA can use it in-process.
 * A bandit belongs to one thread at a time (the service serializes calls).
 * ====================================================================== */

typedef struct bc_bandit bc_bandit;

#define BC_BANDIT_THOMPSON 0 /* sample Beta(1 + sum r, 1 + n - sum r), take the max */
#define BC_BANDIT_UCB1     1 /* arms without a reward take turns, then
                              * max mean + sqrt(2 ln N / n_i) */

/* A new router over n_arms (1..4096) arms with no rewards. seed fixes the
 * Thompson draws: choice number c draws from Philox stream (seed, c), so
 * the same seed and history give the same choices on every machine.
 * Errors: BC_E_INVALID_ARGUMENT (NULL out, n_arms or policy out of range,
 * naming it), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_bandit_create(int32_t n_arms, int32_t policy, uint64_t seed,
                                bc_bandit **out);

/* Releases the router. NULL is a no-op. */
BC_API void bc_bandit_free(bc_bandit *bandit);

/* Number of arms (0 for NULL). */
BC_API int32_t bc_bandit_arms(const bc_bandit *bandit);

/* BC_BANDIT_THOMPSON or BC_BANDIT_UCB1 (-1 for NULL). */
BC_API int32_t bc_bandit_policy(const bc_bandit *bandit);

/* The arm to use next, in *arm (0..n_arms-1); advances the choice count.
 * UCB1 ties go to the lowest index. Errors: BC_E_INVALID_ARGUMENT (NULL).
 * No allocation. */
BC_API int32_t bc_bandit_choose(bc_bandit *bandit, int32_t *arm);

/* Records a reward in [0, 1] for arm (fractional rewards count as partial
 * successes). Errors: BC_E_INVALID_ARGUMENT (NULL, arm out of range,
 * reward outside [0, 1] or NaN; each naming the value); nothing changes. */
BC_API int32_t bc_bandit_reward(bc_bandit *bandit, int32_t arm, double reward);

/* Rewards received by arm: their count in *pulls and sum in *reward_sum.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, arm out of range). */
BC_API int32_t bc_bandit_arm_stats(const bc_bandit *bandit, int32_t arm,
                                   int64_t *pulls, double *reward_sum);

/* Sets arm's reward count and sum, e.g. to take back a reward that could
 * not be persisted or to start from a prior (pulls >= 0, 0 <= reward_sum
 * <= pulls). Errors: BC_E_INVALID_ARGUMENT naming the bad value; nothing
 * changes then. */
BC_API int32_t bc_bandit_set_arm_stats(bc_bandit *bandit, int32_t arm,
                                       int64_t pulls, double reward_sum);

/* choose() calls so far (0 for NULL). */
BC_API int64_t bc_bandit_choices(const bc_bandit *bandit);

/* Writes the state (policy, seed, choice count, per-arm counts and sums)
 * as JSON to path atomically and durably (temporary file, fsync, rename):
 * once it returns BC_OK the state survives a crash or kill -9.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO naming the path,
 * BC_E_OUT_OF_MEMORY, BC_E_UNSUPPORTED in the Windows DLL. */
BC_API int32_t bc_bandit_save(const bc_bandit *bandit, const char *path);

/* Reads a state written by bc_bandit_save into a new router.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_IO (cannot open, naming the
 * path), BC_E_PARSE (not JSON: line and column), BC_E_FORMAT (not a bandit
 * state), BC_E_VERSION (a newer state format), BC_E_CORRUPT (a field out
 * of range, naming it), BC_E_UNSUPPORTED in the Windows DLL. */
BC_API int32_t bc_bandit_load(const char *path, bc_bandit **out);

/* (end of section: Bandit router) */

/* ======================================================================
 * Portfolio environment (lib/env): N parallel portfolios for reinforcement
 * learning
 *
 * A bc_env holds n_envs independent portfolios over one multi-asset price
 * table (closes, row-major rows x assets, rows in time order). Every step
 * each env takes one of 12 factor regimes as its action, trades to the
 * regime's target weights at the closes of its execution row and receives
 * the log return of its value net of costs. All envs reset and step in one
 * call, on a fixed pool of threads, writing caller-visible flat buffers
 * that stay at one address from the first bc_env_reset to bc_env_free (a
 * host wraps them once, e.g. as numpy views, and never copies per step).
 * A step never allocates.
 *
 * Timeline. The observation an env acts on is built from rows up to t - 1
 * only; the step then executes at the closes of row t: holdings are marked
 * at row t, traded to the targets, and the next observation uses rows up to
 * t. Reward = log(V_after / V_before), V_before = value after the previous
 * step (at row t - 1), V_after = value at row t after the trade and its
 * costs; an episode's rewards sum to the log of its final value (the value
 * is 1 at every episode start, all cash). Episodes last episode_length
 * steps from a start row drawn uniformly among those that fit after the
 * features' lookback; the env then restarts at once (the step that ends an
 * episode writes its last observation to bc_env_final_observations and the
 * first of the next episode to bc_env_observations, like Gymnasium's
 * same-step autoreset). An episode only ends by its length (a time limit,
 * Gymnasium's truncation, never a termination).
 *
 * Actions (BC_ENV_ACTION_*), for any number of assets A. "EW" is 1/A in
 * every asset; a tilt on factor f puts weight 2/(A+k) in each of the top
 * k = ceil(A/2) assets by f and 1/(A+k) in each other; "top 30%" puts
 * 1/k in each of the top k = ceil(0.3 A) by momentum and 0 elsewhere:
 *    0 HOLD           no trade, no cost
 *    1 FULL_CASH      100% cash
 *    2 DEFENSIVE      50% cash + 50% EW
 *    3 LIGHT_CASH     25% cash + 75% EW
 *    4 EQUAL_WEIGHT   EW
 *    5 MOMENTUM       tilt on momentum
 *    6 LOW_VOL        tilt on low volatility
 *    7 QUALITY        tilt on Sharpe
 *    8 SIZE_SMALL     tilt on size (inverse price)
 *    9 SAFE_MOMENTUM  30% cash + 70% tilt on momentum
 *   10 SAFE_QUALITY   30% cash + 70% tilt on Sharpe
 *   11 RISK_ON        top 30% by momentum, no cash
 * Factor scores, per asset on the row before execution, from the feature
 * engine over that asset's closes: momentum = ret(20) (20-row price
 * change), volatility = vol(20) (sample std of 20 one-row log returns,
 * low ranks first), Sharpe = logret(20) / (20 vol(20)) (mean over std of
 * those log returns; 0 when vol is 0), size = 1 / close. Ties rank the
 * lower asset index first.
 *
 * Frictions, per asset traded with value V_t = |target - held| * close:
 *   cost = V_t * (slippage + spread + fee + impact * sqrt(V_t / V_pre))
 * V_pre the value before the trade (the seed's sqrt market impact
 * 0.01 * sqrt(trade/portfolio)); slippage uniform in [0, max_slippage),
 * drawn once per env and step as the seed does and paid on every asset the
 * step trades (buys fill above the close, sells below: either way a cost).
 * The sum is taken pro rata from every holding, so after a trade the
 * portfolio holds exactly the target weights, cash never drops below 0 and
 * the weights sum to 1. HOLD trades nothing; any other action rebalances
 * to its targets even when chosen again (prices moved the weights). Sums
 * over assets run in four partial sums (asset index mod 4, added as
 * (s0 + s1) + (s2 + s3)): the same bits on every machine.
 *
 * Observation of width obs_size = A * (F + 1) + 5, float32, F = columns of
 * the "features" spec (default logret(1),ret(5),ret(20),vol(20): F = 4):
 *   column j*F + c   (j < A, c < F) feature c of asset j on row t - 1
 *                    (engine columns; a NaN or inf the engine gives after
 *                    the lookback is written as 0)
 *   column A*F + j   (j < A) weight of asset j in the portfolio, marked at
 *                    row t - 1
 *   then, at A*(F+1) + s:
 *     s = 0   cash weight (the weights and cash sum to 1)
 *     s = 1   log of the portfolio value (0 at the episode start)
 *     s = 2   steps taken in this episode / episode_length (0 .. <1)
 *     s = 3   cost of the previous step / value before it (0 after reset)
 *     s = 4   reward of the previous step (0 after reset)
 * bc_env_observation_name names every column ("AAPL.ret(20)",
 * "AAPL.weight", "cash_weight", "log_value", "episode_progress",
 * "last_cost", "last_reward"), so a policy can record what it expects.
 *
 * Random numbers: Philox4x32-10 (bc_philox4x32) with key = seed and
 * counter = (step low 32 bits, step high 32 bits, env, lane), step = the
 * env's steps since bc_env_reset. Lane 0 at the step an episode starts
 * draws its start row: first + (x0 * n_starts >> 32); lane 1 at a step
 * draws its slippage, max_slippage * x0 / 2^32 (x0 = the block's first
 * word). So the same seed gives the same trajectories for the same actions
 * whatever the thread count, and any env can be reproduced alone.
 *
 * Threads: an env belongs to one thread at a time (the calls below are not
 * thread-safe for one env); inside reset/step it uses its own pool, each
 * thread on a fixed range of envs.
 * ====================================================================== */

#define BC_ENV_ACTION_HOLD           0
#define BC_ENV_ACTION_FULL_CASH      1
#define BC_ENV_ACTION_DEFENSIVE      2
#define BC_ENV_ACTION_LIGHT_CASH     3
#define BC_ENV_ACTION_EQUAL_WEIGHT   4
#define BC_ENV_ACTION_MOMENTUM       5
#define BC_ENV_ACTION_LOW_VOL        6
#define BC_ENV_ACTION_QUALITY        7
#define BC_ENV_ACTION_SIZE_SMALL     8
#define BC_ENV_ACTION_SAFE_MOMENTUM  9
#define BC_ENV_ACTION_SAFE_QUALITY   10
#define BC_ENV_ACTION_RISK_ON        11
#define BC_ENV_ACTION_COUNT          12

typedef struct bc_env bc_env;

/* Creates n_envs portfolios over close, row-major [n_rows x n_assets]
 * (copied: the caller's array may go once this returns), with optional
 * row times (NULL, or n_rows strictly increasing seconds, needed only by a
 * features spec that reads time). Options (bc_env_set) take their defaults;
 * buffers appear at the first bc_env_reset. Assets are named "asset<j>".
 * Errors: BC_E_INVALID_ARGUMENT (NULL close/out, n_envs outside
 * 1..16777216, n_assets outside 1..4096, n_rows outside 1..2^31-1, times
 * not increasing, naming the row), BC_E_NUMERIC (a close that is not
 * finite and > 0, naming row and asset), BC_E_NO_DATA (fewer than 22 rows:
 * not one one-step episode after the factors' 20-row lookback),
 * BC_E_OUT_OF_MEMORY. Free with bc_env_free. */
BC_API int32_t bc_env_create(const double *close, const int64_t *time,
                             int64_t n_rows, int32_t n_assets, int32_t n_envs,
                             bc_env **out);

/* bc_env_create with OHLCV per asset: open, high, low and volume are
 * row-major [n_rows x n_assets] like close, each optional (NULL: the
 * feature engine uses the close for a missing open/high/low and 0 for a
 * missing volume, as for close-only bars), all copied. With them a
 * features spec such as "atr(14),adx(14)" sees each asset's real bars;
 * trades still execute at the close. Errors as bc_env_create, plus
 * BC_E_NUMERIC (an open/high/low not finite and > 0, a volume not finite
 * and >= 0, naming field, row and asset) and BC_E_INVALID_ARGUMENT (high <
 * low, naming row and asset). */
BC_API int32_t bc_env_create_bars(const double *open, const double *high,
                                  const double *low, const double *close,
                                  const double *volume, const int64_t *time,
                                  int64_t n_rows, int32_t n_assets,
                                  int32_t n_envs, bc_env **out);

/* bc_env_create_bars over a table read by bc_prices_read_csv or joined by
 * bc_prices_from_bars, with every field the table has (OHLCV per asset, or
 * closes only), naming the assets by the table. The env keeps no reference
 * to prices. Errors as bc_env_create_bars, BC_E_INVALID_ARGUMENT for NULL
 * prices. */
BC_API int32_t bc_env_create_from_prices(const bc_prices *prices,
                                         int32_t n_envs, bc_env **out);

/* Sets an option from text, before the first bc_env_reset. Keys (default;
 * range):
 *   episode_length  steps per episode (256; 1..1000000); the table must
 *                   hold lookback + episode_length + 1 rows
 *   features        per-asset observation spec for the feature engine
 *                   ("logret(1),ret(5),ret(20),vol(20)"), computed over
 *                   each asset's bars: its OHLCV where the env was
 *                   created with them, else close-only bars; its lookback
 *                   counts toward the table length as the factors' 20 do
 *   threads         threads stepping the envs (0; 0..256); 0 = the
 *                   online CPUs, at most 8; never more than n_envs. The
 *                   results do not depend on it
 *   max_slippage    slippage bound as a fraction of price (0.0005; 0..0.01)
 *   spread          spread cost per traded value (0.0002; 0..0.01)
 *   fee             fee per traded value (0.0001; 0..0.01)
 *   impact          sqrt market-impact coefficient (0.01; 0..0.1)
 *   start_row       execution row every episode starts on (-1; -1 or a
 *                   row past the lookback), for evaluation from a date:
 *                   -1 draws the start as described above; a row r needs
 *                   r + episode_length <= rows (checked again at reset,
 *                   BC_E_NO_DATA naming both)
 * Errors: BC_E_UNKNOWN_KEY naming the key, BC_E_INVALID_ARGUMENT naming the
 * value and the range (and an episode_length the table cannot hold, with
 * the most it can), BC_E_PARSE for a features spec the engine refuses,
 * BC_E_STATE after the first reset. Nothing changes on error. */
BC_API int32_t bc_env_set(bc_env *env, const char *key, const char *value);

/* Resets every env with seed: step counters to 0, a new episode for each
 * (start rows from Philox, see above), observations written. The first
 * call computes the features and factor ranks, allocates every buffer and
 * starts the threads; the options are fixed from then on.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_NO_DATA (the table is too
 * short for episode_length after the lookback: the message gives both),
 * BC_E_INVALID_ARGUMENT from the engine (a features spec reading time with
 * no times given), BC_E_OUT_OF_MEMORY (nothing is kept; reset may be
 * called again). */
BC_API int32_t bc_env_reset(bc_env *env, uint64_t seed);

/* Steps every env: env i takes actions[i] (n_envs values, 0..11). Writes
 * observations, rewards, dones, final observations (rows of envs whose
 * episode ended), weights, costs and values. Never allocates.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, an action outside 0..11, naming the
 * env and the value; no env moves), BC_E_STATE (before bc_env_reset). */
BC_API int32_t bc_env_step(bc_env *env, const int32_t *actions);

/* Number of envs; 0 for NULL. */
BC_API int32_t bc_env_count(const bc_env *env);

/* Number of assets; 0 for NULL. */
BC_API int32_t bc_env_assets(const bc_env *env);

/* Observation columns, assets * (F + 1) + 5 with the current features
 * option (valid before the first reset too); 0 for NULL. */
BC_API int32_t bc_env_observation_size(const bc_env *env);

/* Name of observation column i (see the section's list) into buf by the
 * two-call pattern (*length = bytes without the NUL, may be NULL).
 * Errors: BC_E_INVALID_ARGUMENT (NULL env, i out of range, NULL buf with
 * capacity > 0), BC_E_BUFFER_TOO_SMALL (capacity <= length). */
BC_API int32_t bc_env_observation_name(const bc_env *env, int32_t i,
                                       char *buf, int32_t capacity,
                                       int32_t *length);

/* Static name of an action ("HOLD" .. "RISK_ON"); NULL outside 0..11. */
BC_API const char *bc_env_action_name(int32_t action);

/* The env's observation kind: which bar fields its table has, as a static
 * string: "ohlcv" (created with open, high, low, close and volume, e.g.
 * from bc_prices_from_bars), "close" (closes only: bc_env_create, a wide
 * CSV), or for other subsets the present fields' letters in o-h-l-c-v
 * order ("hlc", "cv", ...). Where a field is missing the features read
 * close in place of open, high and low, and 0 for volume, so the kind
 * matters to a policy only through the fields its features read
 * (bc_policy_check_env). NULL for NULL. Thread-safe. */
BC_API const char *bc_env_observation_kind(const bc_env *env);

/* The buffers below are owned by env, at fixed addresses from the first
 * reset until bc_env_free, and overwritten by every reset and step; each
 * accessor gives NULL before the first reset or for NULL.
 *
 * Observations, float [n_envs x obs_size], row i for env i. The caller may
 * write them (e.g. to normalize in place): the env only writes them. */
BC_API float *bc_env_observations(bc_env *env);

/* Rewards of the last step, float [n_envs] (0 after reset). */
BC_API const float *bc_env_rewards(const bc_env *env);

/* uint8 [n_envs]: 1 where the last step ended an episode (and started the
 * next), else 0. */
BC_API const uint8_t *bc_env_dones(const bc_env *env);

/* float [n_envs x obs_size]: the last observation of the episode that
 * ended, valid in the rows where dones is 1 (stale elsewhere). */
BC_API const float *bc_env_final_observations(const bc_env *env);

/* double [n_envs x (assets + 1)], cash last: the portfolio after the last
 * step (the ended episode's where dones is 1) marked at its execution row;
 * each row sums to 1 with every entry >= 0. */
BC_API const double *bc_env_weights(const bc_env *env);

/* double [n_envs]: the last step's cost over the value before its trade,
 * >= 0 (0 for HOLD and after reset). */
BC_API const double *bc_env_costs(const bc_env *env);

/* double [n_envs]: value after the last step (1 after reset; where dones
 * is 1, the final value of the ended episode). */
BC_API const double *bc_env_values(const bc_env *env);

/* Row the next step of each env executes on (int64 [n_envs], indices into
 * the price table); its observation used rows up to this - 1. NULL before
 * the first reset or for NULL. */
BC_API const int64_t *bc_env_rows(const bc_env *env);

/* Stops the threads and releases everything. NULL is a no-op. */
BC_API void bc_env_free(bc_env *env);

/* (end of section: Portfolio environment) */

/* ======================================================================
 * Monitoring: drift, change detection, data quality (lib/monitor)
 *
 * Three families of checks keep a deployed model honest:
 *   - drift of each feature against the training distribution: the
 *     Population Stability Index (PSI) and the Kolmogorov-Smirnov statistic
 *     with its p-value;
 *   - change detectors on a live stream of decision outcomes (Page-Hinkley
 *     and two-sided CUSUM): O(1) time and no allocation per update;
 *   - data quality of a bar stream: missing values, gaps against the bar
 *     period, outliers by the median absolute deviation (MAD), stale prices
 *     (repeated closes), times out of order.
 * The streaming parts (bc_drift_*, bc_profile_* except the JSON ones,
 * bc_detector_*, bc_quality_*) are plain C and are in the Windows DLL too,
 * so an EA can run them on its own stream. bc_monitor_* combines them for a
 * model over a bar file and a decision log into one JSON report with a
 * "retrain" verdict (the rules are listed at bc_monitor_set); `botcopier
 * monitor` prints that report and exports it as Prometheus gauges.
 *
 * Non-finite values (NaN, +-inf) are "missing" everywhere here: they never
 * enter a distribution and are counted apart.
 * ====================================================================== */

/* --- drift of one feature --------------------------------------------- */

/* Floor of a bin's fraction in the PSI sum, so an empty bin stays finite. */
#define BC_DRIFT_PSI_FLOOR 1e-4
/* Most PSI bins a call or a profile takes. */
#define BC_DRIFT_MAX_BINS 1000

/* Population Stability Index of live against reference:
 *   edges e_1 <= ... <= e_{B-1}: the reference's quantiles at k/B
 *     (linear interpolation between order statistics, numpy's default
 *     "linear" method: h = (n-1) k/B, e_k = x_(floor h) + frac(h) *
 *     (x_(floor h + 1) - x_(floor h)));
 *   bin of a value x: the number of edges <= x (0..B-1), so bin k is
 *     [e_k, e_{k+1}) with e_0 = -inf, e_B = +inf;
 *   r_k, a_k: fraction of the reference / live values in bin k, each
 *     floored at BC_DRIFT_PSI_FLOOR;
 *   PSI = sum_k (a_k - r_k) * ln(a_k / r_k).
 * Conventional reading: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 a
 * major shift. Non-finite values of either sample are left out. bins is
 * 2..BC_DRIFT_MAX_BINS (10 is usual). O((n_reference + n_live) log). Pure,
 * thread-safe; allocates a sorted copy of the reference.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, a negative length, bins out of
 * range), BC_E_NO_DATA (a sample without finite values, naming which),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_drift_psi(const double *reference, int64_t n_reference,
                            const double *live, int64_t n_live, int32_t bins,
                            double *psi);

/* Two-sample Kolmogorov-Smirnov test of live against reference:
 * *statistic = D = sup_x |F_reference(x) - F_live(x)| over the empirical
 * CDFs (equal to scipy.stats.ks_2samp's statistic), *p_value (may be NULL)
 * = the two-sided asymptotic p-value bc_drift_ks_p_value gives. Non-finite
 * values are left out. O((n_reference + n_live) log); allocates sorted
 * copies. Pure, thread-safe. Errors: BC_E_INVALID_ARGUMENT (NULL data or
 * statistic, a negative length), BC_E_NO_DATA (a sample without finite
 * values, naming which), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_drift_ks(const double *reference, int64_t n_reference,
                           const double *live, int64_t n_live,
                           double *statistic, double *p_value);

/* The two-sided p-value of a two-sample KS statistic d from samples of n1
 * and n2 values, by Kolmogorov's limiting distribution:
 *   p = Q(sqrt(m) * d),  m = n1 n2 / (n1 + n2),
 *   Q(t) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 t^2)   (1 for small t),
 * i.e. scipy.stats.kstwobign.sf(sqrt(m) * d). Accurate for m of a few
 * hundred or more (what drift checks see); conservative below. Pure,
 * thread-safe. Errors: BC_E_INVALID_ARGUMENT (NULL p_value, d outside
 * [0, 1] or not a number, n1 or n2 < 1). */
BC_API int32_t bc_drift_ks_p_value(double d, int64_t n1, int64_t n2,
                                   double *p_value);

/* --- training profile: a model's training distribution, compactly ------ */

/* Per feature, what drift checks need of the training data, in
 * O(bins + quantiles) numbers instead of the rows:
 *   n, missing     finite values and non-finite ones seen;
 *   edges[B-1]     the PSI bin edges (bc_drift_psi's rule on the
 *                  training values) and fractions[B] of training values
 *                  per bin (unfloored): PSI against a profile equals
 *                  bc_drift_psi against the training sample exactly;
 *   quantiles[Q]   the values at probabilities k/(Q-1), k = 0..Q-1 (same
 *                  interpolation; the first is the minimum, the last the
 *                  maximum). KS against a profile compares the live ECDF
 *                  with the piecewise-linear CDF through (quantiles[k],
 *                  k/(Q-1)) (a step where quantiles repeat): within
 *                  1/(Q-1) of the KS statistic against the sample.
 * Stored in a model's metadata under "training_profile" (bc_model_set_
 * profile; kept in .bcm and model.json) or as a sidecar JSON file
 * (bc_profile_save), as
 *   {"format": "botcopier-profile", "version": 1, "bins": B,
 *    "quantiles": Q, "features": [{"name", "n", "missing", "edges",
 *    "fractions", "quantiles"}, ...]}.
 * Read-only once built: a profile may be shared by threads. */
typedef struct bc_profile bc_profile;

/* Default PSI bins and KS quantile points of a profile. */
#define BC_PROFILE_DEFAULT_BINS 10
#define BC_PROFILE_DEFAULT_QUANTILES 101
/* Most quantile points a profile keeps. */
#define BC_PROFILE_MAX_QUANTILES 10001

/* Profiles the n_features columns of x[n_rows x n_features] (row-major,
 * the feature engine's layout) into *out (free with bc_profile_free).
 * bins: 2..BC_DRIFT_MAX_BINS; quantiles: 2..BC_PROFILE_MAX_QUANTILES.
 * Features are named "f0", "f1", ... until bc_profile_set_name. A column
 * without finite values is kept (n 0): comparing against it gives
 * BC_E_NO_DATA. Errors: BC_E_INVALID_ARGUMENT (NULL, n_rows < 1,
 * n_features < 1, bins or quantiles out of range), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_profile_create(const double *x, int64_t n_rows,
                                 int32_t n_features, int32_t bins,
                                 int32_t quantiles, bc_profile **out);

/* Releases a profile. NULL is a no-op. */
BC_API void bc_profile_free(bc_profile *profile);

/* Number of features (0 for NULL). */
BC_API int32_t bc_profile_num_features(const bc_profile *profile);

/* Names feature (0 <= feature < count) with a UTF-8 name of 1..255 bytes.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, index or name length out of range). */
BC_API int32_t bc_profile_set_name(bc_profile *profile, int32_t feature,
                                   const char *name);

/* The name of feature, two-call pattern (*length excludes the NUL).
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_BUFFER_TOO_SMALL. */
BC_API int32_t bc_profile_name(const bc_profile *profile, int32_t feature,
                               char *buf, int32_t capacity, int32_t *length);

/* Index of the feature named name, or BC_E_NOT_FOUND (naming it). */
BC_API int32_t bc_profile_find(const bc_profile *profile, const char *name);

/* What bc_profile_compare writes, by index into its result array. */
#define BC_DRIFT_PSI              0 /* PSI, live against training */
#define BC_DRIFT_KS               1 /* KS statistic against the profile CDF */
#define BC_DRIFT_KS_P_VALUE       2 /* bc_drift_ks_p_value(KS, n, n_live) */
#define BC_DRIFT_MISSING_TRAINING 3 /* fraction of training values missing */
#define BC_DRIFT_MISSING_LIVE     4 /* fraction of live values missing */
#define BC_DRIFT_N_LIVE           5 /* finite live values compared */
#define BC_DRIFT_RESULTS          6 /* number of results defined so far */

/* Compares n live values of feature, values[i * stride] (stride >= 1: 1 for
 * a column, the row width for a row-major matrix), with the profile:
 * result[0..min(capacity, BC_DRIFT_RESULTS)) receives the BC_DRIFT_*
 * values above (later versions may add more at the end). Allocates a
 * sorted copy of the finite values. Thread-safe on a shared profile.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, feature out of range, n < 0,
 * stride < 1, capacity < 1), BC_E_NO_DATA (no finite live values, or a
 * feature the training data never gave a finite value: naming it),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_profile_compare(const bc_profile *profile, int32_t feature,
                                  const double *values, int64_t n,
                                  int64_t stride, double *result,
                                  int32_t capacity);

/* The profile as JSON text (the format above), two-call pattern (*length
 * excludes the NUL). BC_E_UNSUPPORTED in builds without jansson (the
 * Windows DLL). */
BC_API int32_t bc_profile_to_json(const bc_profile *profile, char *buf,
                                  int64_t capacity, int64_t *length);

/* Reads profile JSON text into *out. Errors: BC_E_PARSE (not JSON: line and
 * column), BC_E_FORMAT (not a profile, or a field missing or of the wrong
 * type or size, naming it: edges not ascending, fractions not summing to
 * 1, ...), BC_E_VERSION (a newer format), BC_E_UNSUPPORTED (no jansson). */
BC_API int32_t bc_profile_from_json(const char *text, bc_profile **out);

/* Writes the profile JSON to path atomically (a sidecar file next to a
 * model). Errors: BC_E_IO naming the path, BC_E_UNSUPPORTED (no jansson). */
BC_API int32_t bc_profile_save(const bc_profile *profile, const char *path);

/* Reads a profile file. Errors: BC_E_IO naming the path, and those of
 * bc_profile_from_json (the message names the file). */
BC_API int32_t bc_profile_load(const char *path, bc_profile **out);

/* Stores the profile in the model's metadata under "training_profile"
 * (replacing one there), so it travels in the .bcm file and model.json.
 * The profile's feature count must equal the model's; its names are
 * replaced by the model's feature names. Mutates m (not while other
 * threads read it). Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_SHAPE
 * (feature counts differ), BC_E_UNSUPPORTED (no jansson). */
BC_API int32_t bc_model_set_profile(bc_model *m, const bc_profile *profile);

/* The training profile stored in the model into *out (free with
 * bc_profile_free). Errors: BC_E_NOT_FOUND (the model has none: it was
 * trained before profiles existed, or by a trainer that stores none),
 * BC_E_FORMAT (a damaged one), BC_E_UNSUPPORTED (no jansson). */
BC_API int32_t bc_model_profile(const bc_model *m, bc_profile **out);

/* --- change detectors on a stream of outcomes --------------------------- */

#define BC_DETECTOR_PAGE_HINKLEY 1
#define BC_DETECTOR_CUSUM        2

/* A change detector over a stream of numbers (a decision's outcome: profit,
 * 1/0 for a correct call, the model's probability, ...). update() is O(1)
 * and never allocates. One thread at a time.
 *
 * Page-Hinkley (Page 1954; the form of Gama et al. 2014 and river), with
 * x_bar_t the running mean of the t observations since the last restart:
 *   up_t   = alpha * up_{t-1}   + (x_t - x_bar_t - delta),  U_t = min_s up_s
 *   down_t = alpha * down_{t-1} + (x_t - x_bar_t + delta),  L_t = max_s down_s
 *   alarm (t >= min_samples): up_t - U_t > threshold (an increase) or
 *   L_t - down_t > threshold (a decrease), as "direction" allows.
 *   Keys: delta (>= 0, default 0.005), threshold (> 0, 50), alpha
 *   (0 < alpha <= 1, 1 = no forgetting), min_samples (>= 1, 30),
 *   direction (+1 increases only, -1 decreases only, 0 both: default).
 *
 * CUSUM (two-sided tabular CUSUM, Page 1954 / Montgomery): the in-control
 * mean mu and deviation sigma are the "target" and "sigma" keys, or, when
 * left NaN, the mean and sample standard deviation (n-1) of the first
 * "warmup" observations (no alarm during them); then
 *   z_t = (x_t - mu) / sigma
 *   hi_t = max(0, hi_{t-1} + z_t - k),  lo_t = max(0, lo_{t-1} - z_t - k)
 *   alarm: hi_t > h (an increase) or lo_t > h (a decrease).
 *   Keys: k (>= 0, 0.5: half the shift to detect, in sigmas), h (> 0, 5),
 *   warmup (>= 2, 30), target (NaN), sigma (> 0 or NaN), direction (0).
 *   Warmup values all equal give sigma 0: the detector then stays in
 *   warmup and takes the next "warmup" values.
 *
 * After an alarm the detector restarts as if just created with the same
 * settings (Page-Hinkley forgets the old mean; CUSUM re-estimates mu and
 * sigma when they came from its warmup), so the next alarm marks the next
 * change; the alarm count and the index of the last alarm are kept. */
typedef struct bc_detector bc_detector;

/* A detector of kind BC_DETECTOR_* with default settings into *out.
 * Errors: BC_E_INVALID_ARGUMENT (NULL out, unknown kind), BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_detector_create(int32_t kind, bc_detector **out);

/* Sets one of the keys listed above (restarts the detector; the alarm
 * count is kept). Errors: BC_E_UNKNOWN_KEY (naming the key and the kind's
 * keys), BC_E_INVALID_ARGUMENT (a value out of range, naming it). */
BC_API int32_t bc_detector_set(bc_detector *detector, const char *key,
                               double value);

/* Feeds one observation; *alarm (may be NULL) receives 0 when it signals
 * no change, else bit 1 for an increase and bit 2 for a decrease (1, 2, or
 * 3 when both cross on one observation). Errors (nothing changes):
 * BC_E_INVALID_ARGUMENT (NULL detector), BC_E_NUMERIC (x not finite). */
BC_API int32_t bc_detector_update(bc_detector *detector, double x,
                                  int32_t *alarm);

/* What bc_detector_state writes, by index. */
#define BC_DETECTOR_UP           0 /* PH: up_t - U_t; CUSUM: hi_t */
#define BC_DETECTOR_DOWN         1 /* PH: L_t - down_t; CUSUM: lo_t */
#define BC_DETECTOR_MEAN         2 /* PH: x_bar_t; CUSUM: mu (NaN in warmup) */
#define BC_DETECTOR_COUNT        3 /* observations since the last restart */
#define BC_DETECTOR_TOTAL        4 /* observations since create/reset */
#define BC_DETECTOR_ALARMS       5 /* alarms since create/reset */
#define BC_DETECTOR_LAST_ALARM   6 /* TOTAL at the last alarm, 0 if none */
#define BC_DETECTOR_SIGMA        7 /* CUSUM: sigma (NaN in warmup); PH: NaN */
#define BC_DETECTOR_STATES       8 /* number of values defined so far */

/* state[0..min(capacity, BC_DETECTOR_STATES)) = the values above.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, capacity < 1). */
BC_API int32_t bc_detector_state(const bc_detector *detector, double *state,
                                 int32_t capacity);

/* Forgets every observation and alarm; settings stay. */
BC_API int32_t bc_detector_reset(bc_detector *detector);

/* Kind of the detector (BC_DETECTOR_*), 0 for NULL. */
BC_API int32_t bc_detector_kind(const bc_detector *detector);

/* Releases a detector. NULL is a no-op. */
BC_API void bc_detector_free(bc_detector *detector);

/* --- data quality of a bar stream ---------------------------------------- */

/* Flags bc_quality_update sets on a bar (bits). */
#define BC_QUALITY_MISSING      1  /* a price not finite or <= 0, or a
                                      volume not finite or < 0 */
#define BC_QUALITY_GAP          2  /* more than one bar period since the
                                      previous bar (and not a weekend:
                                      see weekend_closed) */
#define BC_QUALITY_OUTLIER      4  /* |r - median| > mad_threshold * 1.4826
                                      * MAD over the last mad_window log
                                      returns r of the close */
#define BC_QUALITY_STALE        8  /* the close repeated on stale_run or
                                      more bars in a row */
#define BC_QUALITY_OUT_OF_ORDER 16 /* time not after the previous bar's:
                                      the bar is otherwise ignored */
#define BC_QUALITY_INCONSISTENT 32 /* high < low, or open/close outside
                                      [low, high] */

/* What bc_quality_counts writes, by index. */
#define BC_QUALITY_BARS            0  /* bars seen */
#define BC_QUALITY_MISSING_BARS    1  /* bars flagged MISSING */
#define BC_QUALITY_GAPS            2  /* gaps */
#define BC_QUALITY_GAP_BARS        3  /* bar periods absent inside gaps */
#define BC_QUALITY_OUTLIERS        4  /* bars flagged OUTLIER */
#define BC_QUALITY_STALE_BARS      5  /* bars flagged STALE */
#define BC_QUALITY_STALE_RUNS      6  /* runs that reached stale_run */
#define BC_QUALITY_LONGEST_RUN     7  /* longest run of one close (bars) */
#define BC_QUALITY_OUT_OF_ORDER_BARS 8 /* bars flagged OUT_OF_ORDER */
#define BC_QUALITY_INCONSISTENT_BARS 9 /* bars flagged INCONSISTENT */
#define BC_QUALITY_WEEKEND_GAPS    10 /* gaps explained by a weekend */
#define BC_QUALITY_COUNTS          11 /* number of counts defined so far */

typedef struct bc_quality bc_quality;

/* A checker of a bar stream with period bar_seconds (0: unknown, gaps are
 * not checked) into *out. O(mad_window) per bar, no allocation after
 * create. One thread at a time. Keys (bc_quality_set):
 *   mad_window (5..10000, default 100): log returns in the outlier window;
 *   mad_min (3..mad_window, 20): returns needed before outliers are judged;
 *   mad_threshold (> 0, 5): robust z-score above which a return is an
 *     outlier (a window with MAD 0 judges nothing); every return, outlier
 *     or not, then joins the window;
 *   stale_run (2..1e6, 5): bars with one close that make it stale;
 *   weekend_closed (0/1, 1): a gap longer than a day and at most 4 days
 *     whose span (first to last calendar day, the bars' own clock) touches
 *     a Saturday or a Sunday is a market closure (a weekend, or one with a Friday or
 *     Monday holiday), counted apart as a weekend gap, not a GAP.
 * A MISSING bar in time order moves the clock on (the next bar's gap is
 * measured from it) but not the price: the next return is measured from
 * the last good close. A MISSING bar before any good one is only counted.
 * Errors: BC_E_INVALID_ARGUMENT (NULL out, bar_seconds < 0),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_quality_create(int64_t bar_seconds, bc_quality **out);

/* Sets a key above (resets the checker). Errors: BC_E_UNKNOWN_KEY,
 * BC_E_INVALID_ARGUMENT (a value out of range, naming it),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_quality_set(bc_quality *quality, const char *key,
                              double value);

/* Checks one bar; *flags (may be NULL) receives its BC_QUALITY_* bits.
 * Errors: BC_E_INVALID_ARGUMENT (NULL quality). Bad values are findings,
 * not errors. */
BC_API int32_t bc_quality_update(bc_quality *quality, int64_t time,
                                 double open, double high, double low,
                                 double close, double volume, int32_t *flags);

/* counts[0..min(capacity, BC_QUALITY_COUNTS)) = the counts above.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, capacity < 1). */
BC_API int32_t bc_quality_counts(const bc_quality *quality, int64_t *counts,
                                 int32_t capacity);

/* Forgets every bar; settings stay. */
BC_API int32_t bc_quality_reset(bc_quality *quality);

/* Releases a checker. NULL is a no-op. */
BC_API void bc_quality_free(bc_quality *quality);

/* --- a model's health report -------------------------------------------- */

/* Drift of every model feature (the feature engine run over bars, compared
 * with the model's training profile), data quality of the bars, and both
 * change detectors over a decision log, in one JSON report with a retrain
 * verdict. Needs jansson (not in the Windows DLL: BC_E_UNSUPPORTED there).
 * One thread at a time. */
typedef struct bc_monitor bc_monitor;

/* A monitor with default settings into *out. Errors: BC_E_INVALID_ARGUMENT
 * (NULL), BC_E_OUT_OF_MEMORY, BC_E_UNSUPPORTED (no jansson). */
BC_API int32_t bc_monitor_create(bc_monitor **out);

/* Sets a setting (value as text, a number unless said otherwise). Each
 * check ends "ok", "warn" or "retrain"; the report's "retrain" is true when
 * any check says "retrain", and "reasons" lists why. Keys and defaults:
 *   psi_warn 0.1, psi_retrain 0.25: a feature whose PSI reaches them;
 *   ks_alpha 0.01, ks_min_statistic 0.1: a feature with KS p-value below
 *     ks_alpha AND statistic at least ks_min_statistic says "retrain" (the
 *     statistic floor keeps huge samples from flagging tiny shifts); p
 *     below ks_alpha alone says "warn";
 *   missing_warn 0.05: a feature whose live missing fraction exceeds its
 *     training one by this much says "warn"; missing_retrain 0.25 "retrain";
 *   quality_warn 0.02, quality_retrain 0.1: fraction of bars flagged
 *     MISSING, GAP, OUTLIER, STALE, OUT_OF_ORDER or INCONSISTENT, the rows
 *     the bar reader rejected counted as flagged bars (a bar file with a
 *     tenth of its bars bad says "retrain": retrain on repaired data);
 *   warmup_bars (0..1e9, default the feature engine's lookback): bars
 *     left out of drift at the start, while features warm up;
 *   detector_stream: "probability" (default: each decision's probability,
 *     in file order) or "label" (only rows with a label: 1 when the
 *     decision, probability >= threshold, agreed with the label, label >
 *     0.5 meaning "act", else 0: a change in the hit rate);
 *   ph_delta 0.005, ph_threshold 10, ph_min_samples 30, cusum_k 0.5,
 *     cusum_h 5, cusum_warmup 30: the detectors' settings; an alarm of
 *     either says "retrain";
 *   bar_seconds (default the model's; 0 unknown) and the bc_quality keys
 *     mad_window, mad_min, mad_threshold, stale_run, weekend_closed.
 * Errors: BC_E_UNKNOWN_KEY (naming it), BC_E_INVALID_ARGUMENT (a value that
 * is not a number or out of range, naming it). */
BC_API int32_t bc_monitor_set(bc_monitor *monitor, const char *key,
                              const char *value);

/* Uses profile (copied) instead of the model's stored training profile;
 * NULL goes back to the model's. Errors: BC_E_INVALID_ARGUMENT,
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_monitor_set_profile(bc_monitor *monitor,
                                      const bc_profile *profile);

/* Runs the checks: bars (required) through the model's feature spec for
 * drift and through bc_quality; decisions (may be NULL) through both
 * detectors; rejected_rows (>= 0) is the number of rows the bar reader
 * refused (counted as missing bars). The report replaces the previous one.
 * Errors: BC_E_INVALID_ARGUMENT (NULL monitor, model or bars,
 * rejected_rows < 0), BC_E_NOT_FOUND (no profile in the model and none
 * set), BC_E_SHAPE (profile and model features differ), BC_E_STATE (the
 * model has no feature spec), BC_E_NO_DATA (no bars after warmup_bars),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_monitor_check(bc_monitor *monitor, const bc_model *model,
                                const bc_bars *bars,
                                const bc_decisions *decisions,
                                int64_t rejected_rows);

/* The last report, two-call pattern (*length excludes the NUL):
 *   {"retrain": bool, "reasons": [text], "status": "ok"|"warn"|"retrain",
 *    "drift": {"status", "rows", "features": [{"name", "psi", "ks",
 *      "ks_p_value", "missing_training", "missing_live", "status"}]},
 *    "quality": {"status", "bar_seconds", "bars", "flagged_fraction",
 *      "counts": {"missing", "gaps", "gap_bars", "outliers", "stale_bars",
 *      "stale_runs", "longest_stale_run", "out_of_order", "inconsistent",
 *      "weekend_gaps", "rejected_rows"}},
 *    "detectors": {"status", "stream", "n", "page_hinkley": {"alarms",
 *      "first_alarm", "statistic_up", "statistic_down"}, "cusum": {...}}
 *      (null without decisions),
 *    "settings": {every key: value}}
 * Errors: BC_E_STATE (no check ran yet), BC_E_BUFFER_TOO_SMALL. */
BC_API int32_t bc_monitor_report_json(const bc_monitor *monitor, char *buf,
                                      int64_t capacity, int64_t *length);

/* 1 when the last report says retrain, 0 when not; BC_E_STATE before the
 * first check, BC_E_INVALID_ARGUMENT for NULL. */
BC_API int32_t bc_monitor_retrain(const bc_monitor *monitor);

/* Releases a monitor. NULL is a no-op. */
BC_API void bc_monitor_free(bc_monitor *monitor);

/* (end of section: Monitoring) */

/* =============================================================== * Model lifecycle: cron schedules, model registry, training job queue
 * (lib/lifecycle)
 *
 * A registry is a database plus a model store folder. The database is an
 * embedded SQLite file by default (WAL journal, synchronous FULL), or a
 * PostgreSQL server when several machines share the work (libpq, a URL
 * "postgresql://user@host:port/db" - what BOTCOPIER_DB holds for the CLI);
 * both hold the same tables (bc_models, bc_jobs, bc_job_runs, bc_job_defs,
 * bc_daemons, bc_metrics) and run the same statements. Model files live in
 * the store as <store>/<model key>/v<version>.bcm (keys with characters
 * outside [A-Za-z0-9._-] have them replaced by '_'); on several machines the
 * store is a shared folder. Times are seconds since 1970 (UTC), passed in
 * by the caller so tests and replays control the clock; machines sharing a
 * database must keep their clocks in step (NTP).
 *
 * Crash rules: a version's row is committed (state "staging") before its
 * file is written, and deleted before its file, so a file never exists
 * without its row; a staging row whose writer died is undone by
 * bc_registry_cleanup; activation, and a job's completion with its model,
 * are single transactions. Version states: staging -> candidate | rejected
 * -> active -> retired; at most one active version per key (a unique index
 * enforces it).
 *
 * A registry handle belongs to one thread at a time (one database
 * connection); open one per thread or process. Every call may fail with
 * BC_E_IO naming the database's own message when the database is
 * unreachable, busy or restarting (worth retrying), or BC_E_INTERNAL when
 * it refuses a statement otherwise (tables of another schema); a
 * PostgreSQL connection that broke (server restart) is re-established on
 * the next call.
 * ====================================================================== */

/* A parsed five-field cron expression, evaluated in UTC. */
typedef struct bc_cron bc_cron;

/* Parses a cron expression: "minute hour day-of-month month day-of-week"
 * (0-59, 0-23, 1-31, 1-12 or jan-dec, 0-7 or sun-sat with 0 and 7 both
 * Sunday), each field a list (a,b) of single values, ranges (a-b), steps
 * (star/n, a-b/n, a/n = a to the end) or star, as Vixie cron; or a macro
 * @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. When
 * both day fields are restricted (neither starts with a star), a day
 * matching either fires, as in cron. Examples (seed 001): "0 2,14,22 * * *"
 * at 02:00, 14:00 and 22:00 every day (the daemon's default); the step form
 * with /6 in the hour field every six hours; "0 9,13,17 * * 1-5" at 9, 13 and
 * 17 on weekdays; "0 9-16/2 * * 1-5" at 9, 11, 13, 15 on weekdays.
 * Free with bc_cron_free. Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_PARSE
 * naming the field and the item ("cron '0 25 * * *': hour value in '25' is
 * outside 0..23"), BC_E_OUT_OF_MEMORY. Thread-safe. */
BC_API int32_t bc_cron_parse(const char *expression, bc_cron **out);

/* The first firing time strictly after `after` (seconds since 1970, UTC,
 * 0..9999-12-31), at a whole minute, into *next. Errors:
 * BC_E_INVALID_ARGUMENT (NULL, after out of range), BC_E_NOT_FOUND for an
 * expression that never fires (31 * 2: there is no February 31). Pure;
 * thread-safe on a shared cron. */
BC_API int32_t bc_cron_next(const bc_cron *cron, int64_t after, int64_t *next);

/* Releases a cron. NULL is a no-op. */
BC_API void bc_cron_free(bc_cron *cron);

/* A model registry and job queue: one database connection and a store. */
typedef struct bc_registry bc_registry;

/* Opens (creating tables when missing) the registry in database db - a
 * PostgreSQL URL (postgresql://... or postgres://...), "sqlite:PATH" or a
 * plain SQLite file path - with model files under store_dir (created when
 * missing). Several processes may open the same registry at once; a
 * database written by an older library (schema 1) is migrated in place, one
 * process at a time, its rows kept. Free with bc_registry_free. Errors: BC_E_INVALID_ARGUMENT (NULL, empty store_dir),
 * BC_E_IO (the database cannot be opened or reached, naming it with any
 * password hidden; the store cannot be created), BC_E_VERSION (a database
 * written by a newer library), BC_E_UNSUPPORTED (a backend not built in),
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_registry_open(const char *db, const char *store_dir,
                                bc_registry **out);

/* Sets one option (value as text; defaults in brackets):
 *   gate_metric          fidelity_f1 (clone fidelity F1 on the held-out
 *                        window, computed by bc_registry_gate from bars and
 *                        the target's trades) or the name of a number in
 *                        each version's metrics JSON, e.g. composite_score
 *                        for RL policies [fidelity_f1]
 *   gate_margin          a candidate passes when its score > the active
 *                        version's + margin, -1e9..1e9 [0]
 *   gate_accept_ties     0 | 1 [0]: 0 - strictly above the active +
 *                        margin (MLflow-like: a candidate equal to the
 *                        active one is not better, so an update that
 *                        changes no decision never replaces it); 1 - a
 *                        score equal to the active + margin passes too
 *   gate_tolerance_bars  entry matching tolerance of fidelity_f1, 0..100 [1]
 *   retention_days       inactive versions (and finished jobs, metrics)
 *                        older than this are removed by cleanup, 0..36500
 *                        [30] (MODEL_RETENTION_DAYS); the active version
 *                        never is
 *   staging_timeout      seconds after which an add that never finished
 *                        (its writer died) is undone by cleanup [3600]
 *   activation_delay_ms  fault injection for tests: sleep this long inside
 *                        the activation transaction, 0..600000 [0]
 * Errors: BC_E_UNKNOWN_KEY, BC_E_INVALID_ARGUMENT naming the value. */
BC_API int32_t bc_registry_set(bc_registry *reg, const char *key,
                               const char *value);

/* Releases a registry (closes its connection). NULL is a no-op. */
BC_API void bc_registry_free(bc_registry *reg);

/* Adds the model file model_path (it must load with bc_model_load) as a new
 * version of model_key: the file is copied into the store (atomically) and
 * recorded with metrics_json (a JSON object, NULL or "" = {}), the data
 * range data_from..data_to (seconds, 0 = unknown: the data the model was
 * trained on; bc_registry_gate's fidelity window must start after
 * data_to), the parent version (0 = none), the job that produced it (0 =
 * none), the XXH64 hash of its feature spec and created_at = now. staged = 0: the version becomes a candidate;
 * staged = 1: it stays "staging" until bc_jobs_complete publishes it. The
 * new version number (increasing, never reused) comes back in *version.
 * Errors: BC_E_INVALID_ARGUMENT (NULL, empty or over 200-byte key, staged
 * not 0/1), BC_E_PARSE (metrics not a JSON object), the errors of
 * bc_model_load, BC_E_IO (database, store). On failure nothing is left
 * behind (or, after a crash, a staging row cleanup removes). */
BC_API int32_t bc_registry_add(bc_registry *reg, const char *model_key,
                               const char *model_path,
                               const char *metrics_json, int64_t data_from,
                               int64_t data_to, int64_t parent_version,
                               int64_t job_id, int64_t now, int32_t staged,
                               int64_t *version);

/* The validation gate: scores version and the active version of its key on
 * the same held-out window by gate_metric. fidelity_f1: each model runs as
 * a bot over bars from `from` to `to` (bc_clone_run) and its entries are
 * matched with the target's (bc_clone_compare, gate_tolerance_bars); the
 * window must be data the candidate was not trained on: `from` after the
 * candidate's data_to (bc_registry_add's range; 0 = unknown, not checked).
 * Any other metric is read from each version's metrics JSON (bars and
 * target may be NULL; the trainer computed it, on its own held-out data).
 * *passed = 1 when there is no active version or the candidate's score
 * exceeds the active one's by more than gate_margin (gate_accept_ties = 1:
 * or equals active + gate_margin). The scores (candidate_score,
 * active_score may be NULL; NaN when there is no active version) are
 * recorded in the version's row. Does not activate.
 * Errors: BC_E_INVALID_ARGUMENT (NULL; fidelity_f1 without bars or
 * target; fidelity_f1 on a window starting at or before the candidate's
 * data_to, naming both), BC_E_NOT_FOUND (no such version; a version
 * without the metric), the errors of bc_clone_run / bc_clone_compare. */
BC_API int32_t bc_registry_gate(bc_registry *reg, int64_t version,
                                const bc_bars *bars, const bc_trades *target,
                                int64_t from, int64_t to,
                                double *candidate_score, double *active_score,
                                int32_t *passed);

/* Makes version the active one of its key in one transaction (the previous
 * active version becomes "retired"), bypassing the gate (an operator's
 * decision, `botcopier models activate`). The file is loaded first: a
 * version whose file does not load is never activated. Errors:
 * BC_E_NOT_FOUND (no such version), BC_E_STATE (still staging), the errors
 * of bc_model_load naming the file, BC_E_IO. */
BC_API int32_t bc_registry_activate(bc_registry *reg, int64_t version,
                                    int64_t now);

/* Maintenance, safe to run from several processes at once: undoes adds
 * whose writer died (staging rows older than staging_timeout: file, then
 * row); removes inactive versions older than retention_days (row, then
 * file) with finished jobs and metrics of that age; deletes store files
 * that no row names and temporaries no writer holds. The active version is
 * never touched. *removed (may be NULL) = files and rows removed.
 * Errors: BC_E_IO. */
BC_API int32_t bc_registry_cleanup(bc_registry *reg, int64_t now,
                                   int32_t *removed);

/* Records one metric value (a training or gate measure) at time now, tied
 * to a job, model key and version when they are > 0 / non-empty; `botcopier
 * metrics` lists them. Errors: BC_E_INVALID_ARGUMENT (NULL or empty name),
 * BC_E_IO. A non-finite value is stored as NULL. */
BC_API int32_t bc_registry_metric_add(bc_registry *reg, int64_t job_id,
                                      const char *model_key, int64_t version,
                                      const char *name, double value,
                                      int64_t now);

/* What the registry holds as compact JSON, two-call pattern (*length
 * excludes the NUL; capacity 0 with buf NULL asks for it):
 *   "models"  [version rows] of key arg (NULL/"" = every key): version,
 *             model_key, state, active, path (in the store), parent_version,
 *             job_id, created_at, data_from, data_to, feature_spec_hash,
 *             metrics, gate_metric, gate_score, gate_baseline (the active
 *             version's score), gate_baseline_version, activated_at,
 *             last_event_id (the model file's: the newest trade-log event
 *             it learned from; null unknown)
 *   "model"   one version (arg = its number) with "file" = the full path
 *   "active"  the active version of key arg, with "file"; BC_E_NOT_FOUND
 *             when the key has none
 *   "jobs"    the last arg (default 100) jobs, newest first: id, job_key,
 *             kind, state (queued, running, done, failed, dead, skipped),
 *             attempts, run_after, scheduled_for, created_at, claimed_by,
 *             claimed_at, heartbeat_at, finished_at, error, result_version,
 *             spec, reason and trigger_key (bc_jobs_enqueue_triggered; null
 *             otherwise)
 *   "job"     one job (arg = id) with "runs": [attempt, worker_id,
 *             started_at, finished_at, outcome]
 *   "defs"    the job definitions: job_key, cron, updated_at, spec
 *   "metrics" the last arg (default 100) metric rows, newest first
 *   "status"  {backend, store, now, daemons: [worker_id, host, pid, state,
 *             running, max_jobs, started_at, heartbeat_at, heartbeat_age_s],
 *             jobs: {state: count}, recent_jobs, active_models}
 * Errors: BC_E_INVALID_ARGUMENT (NULL, unknown what, bad arg),
 * BC_E_NOT_FOUND, BC_E_BUFFER_TOO_SMALL, BC_E_UNSUPPORTED (no JSON
 * library), BC_E_IO. */
BC_API int32_t bc_registry_json(bc_registry *reg, const char *what,
                                const char *arg, int64_t now, char *buf,
                                int32_t capacity, int32_t *length);

/* Defines (or redefines) the training job job_key (1..200 bytes; the
 * daemon uses "symbol/strategy/source") with its spec (JSON text the
 * trainer reads) and cron expression (NULL or "" = run on demand only; it
 * must parse). Errors: BC_E_INVALID_ARGUMENT, BC_E_PARSE (cron), BC_E_IO. */
BC_API int32_t bc_jobs_define(bc_registry *reg, const char *job_key,
                              const char *spec_json, const char *cron,
                              int64_t now);

/* Queues a run of job_key (its current spec is copied into the job) of
 * one kind, ready from run_after. What `botcopier train-job` does with
 * each kind:
 *   "scheduled"  a cron tick of the job's "cron": a refit (the cloner or the
 *                job's trainer) on the latest TRAINING_BATCH_SIZE bars
 *   "retrain"    the same, on demand (`botcopier retrain`, a monitor verdict)
 *   "full"       a refit on all the data (scheduled or on demand)
 *   "online"     the active version updated (bc_model_update; a trees
 *                model: bc_model_boost) on the rows of the trade-log events
 *                after its last_event_id (bc_model_event_rows, time-decay
 *                weights)
 *   "active"     the active version updated on labelled uncertain
 *                decisions (extra rows with a weight), with any new events
 *   "replay"     the active version updated on the bars whose decision
 *                diverged in a decision replay (divergences.csv, each row
 *                weighted by its weight)
 *   "monitor"    bc_monitor_check of the active version on live data; a
 *                retrain verdict queues a job (bc_jobs_enqueue_triggered)
 * Every kind that trains produces a candidate whose parent is the active
 * version; it becomes active only through the validation gate. A tick
 * (scheduled_for > 0) already queued for the same key and kind (by any
 * process) is not queued twice: *job_id = 0 then; otherwise the new id.
 * scheduled_for = 0 for on-demand jobs. Errors: BC_E_INVALID_ARGUMENT
 * (NULL, unknown kind), BC_E_NOT_FOUND (job_key not defined), BC_E_IO. */
BC_API int32_t bc_jobs_enqueue(bc_registry *reg, const char *job_key,
                               const char *kind, int64_t scheduled_for,
                               int64_t run_after, int64_t now,
                               int64_t *job_id);

/* Queues an on-demand job of kind (any but "monitor") for job_key on a
 * trigger - what the monitor does on a retrain verdict - at most once:
 * nothing is queued (*job_id = 0, BC_OK) while a job of job_key other than
 * a monitor job is queued or running (it answers the same verdict), nor
 * when trigger (1..200 bytes naming the verdict, e.g. "monitor:<newest bar
 * time>:<decisions>") was queued for job_key before. Atomic across
 * processes (PostgreSQL: a transaction-scoped advisory lock per key;
 * SQLite: the write lock). reason (NULL or at most 4000 bytes, e.g. "PSI of
 * rsi(14) 0.41 >= 0.25") is stored on the job row: bc_registry_json "jobs"
 * and `botcopier status` show it. Errors: BC_E_INVALID_ARGUMENT (NULL,
 * unknown kind, "monitor", trigger or reason too long), BC_E_NOT_FOUND
 * (job_key not defined), BC_E_IO. */
BC_API int32_t bc_jobs_enqueue_triggered(bc_registry *reg,
                                         const char *job_key,
                                         const char *kind,
                                         const char *trigger,
                                         const char *reason,
                                         int64_t run_after, int64_t now,
                                         int64_t *job_id);

/* Claims the oldest ready job (state queued, run_after <= now) for worker_id
 * (1..200 bytes, unique per daemon): it becomes "running" with its attempt
 * count raised; *job_id and *attempt identify the claim, which every later
 * call for the job must present. Two workers never claim the same job
 * (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED; SQLite: BEGIN IMMEDIATE).
 * Read the job with bc_registry_json("job"). Errors: BC_E_NOT_FOUND when no
 * job is ready (not a failure to report), BC_E_INVALID_ARGUMENT, BC_E_IO. */
BC_API int32_t bc_jobs_claim(bc_registry *reg, const char *worker_id,
                             int64_t now, int64_t *job_id, int32_t *attempt);

/* The heartbeat row of a worker (host, pid, state text such as "running" or
 * "stopped", jobs running, the most it runs at once), and the lease of each
 * of its running jobs renewed to now. Errors: BC_E_INVALID_ARGUMENT, BC_E_IO. */
BC_API int32_t bc_jobs_heartbeat(bc_registry *reg, const char *worker_id,
                                 const char *host, int64_t pid,
                                 const char *state, int32_t running,
                                 int32_t max_jobs, int64_t now);

/* Ends a claimed attempt without a model: outcome "failed" (error text
 * recorded; queued again after backoff_s * 2^(attempt-1) seconds while
 * attempt < max_attempts, else "dead"), "skipped" (e.g. too few data
 * points; not retried), "done", or "released" (back to the queue at once,
 * the attempt not counted: a daemon shutting down). Errors:
 * BC_E_INVALID_ARGUMENT (NULL, unknown outcome, max_attempts < 1, backoff_s
 * < 0), BC_E_STATE when the claim is no longer held (the lease expired and
 * another worker took the job), BC_E_IO. */
BC_API int32_t bc_jobs_finish(bc_registry *reg, int64_t job_id,
                              const char *worker_id, int32_t attempt,
                              const char *outcome, const char *error,
                              int32_t max_attempts, int64_t backoff_s,
                              int64_t now);

/* Ends a claimed attempt with the model it produced, in one transaction:
 * the job becomes "done" with result_version = version, the version (added
 * with staged = 1) leaves staging as "rejected" (passed = 0) or becomes the
 * active version of its key (passed = 1, the previous one "retired").
 * A version that passed is activated only over the version it was gated
 * against: when another version became active since bc_registry_gate ran,
 * the call fails with BC_E_STATE ("gate it again") and changes nothing.
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_STATE (claim no longer held, version
 * not staged, stale gate) - then nothing changed, and the staged version is
 * left for the caller to gate again or for cleanup -, BC_E_IO. */
BC_API int32_t bc_jobs_complete(bc_registry *reg, int64_t job_id,
                                const char *worker_id, int32_t attempt,
                                int64_t version, int32_t passed, int64_t now);

/* Takes back the jobs whose worker stopped renewing their lease (running
 * with a heartbeat older than lease_s): each ends as a failed attempt
 * ("lease expired: worker W stopped heartbeating"), retried with backoff or
 * dead after max_attempts, as bc_jobs_finish. *expired (may be NULL) = how
 * many. Errors: BC_E_INVALID_ARGUMENT (lease_s < 1, max_attempts < 1,
 * backoff_s < 0), BC_E_IO. */
BC_API int32_t bc_jobs_expire(bc_registry *reg, int64_t lease_s,
                              int32_t max_attempts, int64_t backoff_s,
                              int64_t now, int32_t *expired);

/* (end of section: Model lifecycle) */

/* ======================================================================
 * PPO trainer and recurrent policies (lib/rl): a GRU actor-critic trained
 * by PPO on a bc_env
 *
 * Network (the PPO seed's): encoder Linear(obs->H) + ReLU + LayerNorm,
 * Linear(H->H) + ReLU + LayerNorm, dropout; gru_layers GRU layers of H
 * units (PyTorch's gate layout r, z, n with input and hidden biases;
 * dropout between layers); policy head Linear(H->P) + ReLU + LayerNorm +
 * Linear(P->actions); value head Linear(H->P) + ReLU + LayerNorm +
 * Linear(P->1), P = head_dim. With obs 64, H 256, 2 layers, P 128 and the
 * seed's 16 actions that is 941,457 parameters (PyTorch counts the same);
 * with the env's 12 actions, 940,941.
 *
 * One iteration (bc_ppo_iterate): a rollout of n_steps steps of every env
 * (actions sampled from the policy with Philox, the GRU state carried from
 * step to step and across iterations, zeroed where an episode starts; an
 * episode's time-limit end bootstraps its last reward with
 * gamma * V(final observation), as Stable-Baselines3 does), GAE(gamma,
 * lambda), then `epochs` passes of the clipped PPO objective
 *   L = mean(-min(ratio A, clip(ratio, 1 +- clip) A))
 *       - ent_coef mean(entropy) + vf_coef mean(0.5 (V - R)^2)
 * over minibatches of whole env sequences (n_envs split in n_minibatches
 * groups, a new Philox permutation per epoch; advantages normalized per
 * minibatch; the GRU state entering each sequence is the one the rollout
 * saw), each minibatch one step of two Adam optimizers: the actor's
 * (encoder, GRU, policy head; actor_lr) and the critic's (value head;
 * critic_lr), each group's gradient clipped to max_grad_norm first. Then
 * critic_epochs extra passes of the value loss alone that move only the
 * value head, on the trunk's outputs computed once after the PPO epochs
 * without dropout (the trunk does not move in these passes). The trunk
 * learns from both losses through the actor's optimizer, as in the seed.
 *
 * Determinism: everything random (initial weights, actions, dropout masks,
 * minibatch order, the env) is Philox keyed by the seed and counters (the
 * iteration, step, epoch, minibatch), so one seed and one thread count give
 * identical metrics and weights, and a run resumed from a checkpoint
 * continues bit for bit as the uninterrupted run (on the cpu backend; on
 * cuda the same run tracks the cpu's to float rounding).
 *
 * Backend: every numerical step runs as an op of the backend the option
 * "backend" names (cpu, cuda, best), over buffers in its memory; only the
 * env is fed by per-step copies (it lives in host memory).
 *
 * Memory: a rollout keeps bytes_per_sample = obs*4 + 25 + actions*4 per
 * env step (DESIGN.md's form of the seed's formula: observation, log-prob,
 * value, reward, advantage, return, done, action probabilities), taken 1.5
 * times for overhead; bc_ppo_plan checks a size against the free memory,
 * bc_ppo_plan_gpu against a GPU's.
 * ====================================================================== */

typedef struct bc_ppo bc_ppo;

/* Memory planning for a rollout of n_steps x n_envs samples of obs_size
 * floats and n_actions actions: bytes = n_envs * n_steps * (obs_size*4 +
 * 25 + n_actions*4) * 1.5. available_bytes is the budget (0 = the
 * machine's available memory, MemAvailable of /proc/meminfo). *n_envs == 0
 * asks for a default: 64 envs (a CPU default; the seed's GPU defaults are
 * far larger), or the largest count that fits, at least 1. A given count
 * that does not fit is refused. *bytes (may be NULL) receives the need.
 * Errors: BC_E_INVALID_ARGUMENT (NULL n_envs, sizes < 1 or negative
 * budget), BC_E_OUT_OF_MEMORY naming the need, the budget and the largest
 * n_envs that fits at this n_steps (and the n_steps that fits these envs).
 * Thread-safe. */
BC_API int32_t bc_ppo_plan(int32_t obs_size, int32_t n_actions, int32_t n_steps,
                           int64_t available_bytes, int32_t *n_envs, int64_t *bytes);

/* Sizing for a run on the cuda backend (the PPO seed's VRAM-aware
 * settings): n_envs and n_steps from the free memory of GPU 0, as the CUDA
 * plugin reports it, under cap_bytes (0 = no cap; the seed capped GPU 0
 * at 45 GB). The need counts the seed's per-sample formula above (x 1.5)
 * plus what the trainer keeps besides: parameters, gradients and Adam
 * moments, the trunk features per sample, GRU states per env and the
 * minibatch's activations, for a network of hidden_dim (8..512) and
 * gru_layers (1..3) with n_minibatches (0 = 4). In/out: *n_envs 0 asks for
 * the most that fit (a multiple of 64 from 64 on, at most 65,536), *n_steps
 * 0 for the seed's 256; given values are checked. *bytes (may be NULL)
 * receives the need. Errors: BC_E_INVALID_ARGUMENT (NULL pointers, a size
 * out of range), BC_E_UNSUPPORTED when there is no usable GPU (the
 * plugin's reason: no plugin, driver or device), BC_E_OUT_OF_MEMORY when
 * the sizes asked for cannot fit, naming the largest n_envs (or n_steps)
 * that would. Thread-safe (it loads the plugin for the query). */
BC_API int32_t bc_ppo_plan_gpu(int32_t obs_size, int32_t n_actions, int32_t hidden_dim,
                               int32_t gru_layers, int32_t n_minibatches, int64_t cap_bytes,
                               int32_t *n_envs, int32_t *n_steps, int64_t *bytes);

/* Creates a trainer on env (borrowed: it must outlive the trainer and is
 * reset and stepped by it; set its options first). Options take their
 * defaults; the network is built at the first bc_ppo_iterate or
 * bc_ppo_load_checkpoint. Errors: BC_E_INVALID_ARGUMENT (NULL),
 * BC_E_OUT_OF_MEMORY. Free with bc_ppo_free. */
BC_API int32_t bc_ppo_create(bc_env *env, bc_ppo **out);

/* Sets an option from text, before the first iteration. Keys (default;
 * range):
 *   seed            Philox key of everything random (0; any uint64)
 *   hidden_dim      GRU and encoder width H (256; 8..512; the seed uses
 *                   64..512)
 *   head_dim        width P of the heads' hidden layer (0 = H/2; 0..1024)
 *   gru_layers      GRU layers (2; 1..3)
 *   dropout         after the encoder and between GRU layers (0.1; 0..0.9)
 *   n_steps         rollout length per env per iteration (128; 1..100000)
 *   n_minibatches   groups of envs per epoch (4; 1..n_envs, fewer envs
 *                   than this give one env per minibatch)
 *   epochs          PPO passes per iteration (4; 1..1000)
 *   critic_epochs   extra value-only passes (4; 0..1000)
 *   gamma           discount (0.99; 0..1)
 *   gae_lambda      GAE lambda (0.95; 0..1)
 *   clip            PPO clip range (0.2; 0..10)
 *   ent_coef        entropy bonus (0.01; 0..10)
 *   vf_coef         value-loss weight in the joint loss (0.5; 0..100)
 *   max_grad_norm   per-optimizer gradient clip, 0 = off (0.5; 0..1e6)
 *   actor_lr        Adam step of encoder + GRU + policy (3e-4; 0..1)
 *   critic_lr       Adam step of the value head (9e-4; 0..1)
 *   target_kl       stop the epochs of an iteration when the minibatch's
 *                   approx KL exceeds 1.5 x this, 0 = never (0; 0..10)
 *   reward_scale    rewards are multiplied by this before GAE (1; >0..1e6)
 *   threads         OpenBLAS threads during the call (0 = its default;
 *                   0..1024); the results depend on it only in float bits
 *   backend         where rollout and update run: cpu, cuda or best (cpu).
 *                   Every numerical step is a backend op over buffers in
 *                   the backend's memory, the env's step included (its
 *                   state is copied there once; no host copy per step). cuda
 *                   that cannot start (no plugin, driver or device) falls
 *                   back to cpu with a BC_LOG_WARN line saying why; best
 *                   does the same with a BC_LOG_INFO line. cpu results are
 *                   bit-reproducible; cuda's track them to float rounding
 *                   (sums in another order). Not stored in checkpoints:
 *                   a checkpoint resumes on whichever backend is set.
 *   graphs          1: on a backend with graphs (cuda) each rollout step's
 *                   ops are captured once as a CUDA graph and replayed; 2:
 *                   the update too, captured each iteration from the second
 *                   and updated in place (not with target_kl); a capture
 *                   that fails is logged (BC_LOG_WARN) and the ops run
 *                   directly. 0: never capture (1; 0..2; same results
 *                   either way; not stored in checkpoints)
 *   env_copy        1: keep the trainer's own copy of the env's state in
 *                   the backend's memory even on cpu (as on a GPU; for
 *                   tests: same results); 0: on cpu step the env's own
 *                   arrays on its thread pool (0; 0..1; not stored)
 * Errors: BC_E_UNKNOWN_KEY naming the key, BC_E_INVALID_ARGUMENT naming
 * the value and the range, BC_E_STATE once the network exists. Nothing
 * changes on error. */
BC_API int32_t bc_ppo_set(bc_ppo *ppo, const char *key, const char *value);

/* Number of network parameters with the current options (the network
 * need not exist yet); 0 for NULL. Pure. */
BC_API int64_t bc_ppo_parameter_count(const bc_ppo *ppo);

/* Runs one iteration (rollout, GAE, PPO epochs, critic epochs) and
 * records its metrics (bc_ppo_metrics_json). The first call builds the
 * network from the seed and resets the env with it. Never prints.
 * The rollout, GAE and update run on the backend with nothing read back
 * before the metrics at the iteration's end (with target_kl set, each
 * minibatch's KL is read too). During training the env's state lives in
 * the backend's memory: on a device backend the env's host buffers
 * (bc_env_observations, bc_env_rows, ...) are brought up to date by
 * bc_ppo_save_checkpoint, not by each iteration.
 * Errors: BC_E_INVALID_ARGUMENT (NULL), BC_E_OUT_OF_MEMORY, BC_E_NUMERIC
 * (a non-finite loss or gradient, naming the epoch and iteration; found
 * when the iteration's sums are read at its end, so later minibatches may
 * have moved the weights; with target_kl set, at the minibatch, before its
 * step), BC_E_CANCELLED (bc_ppo_cancel: the
 * iteration stops at its next step or minibatch, its counters are not
 * advanced but weights may have moved: resume from a checkpoint),
 * BC_E_BACKEND. */
BC_API int32_t bc_ppo_iterate(bc_ppo *ppo);

/* Asks a running bc_ppo_iterate (on another thread) or the next one to
 * stop; that call returns BC_E_CANCELLED and clears the request. The only
 * bc_ppo function safe to call from another thread or a signal handler. */
BC_API int32_t bc_ppo_cancel(bc_ppo *ppo);

/* Iterations done so far (restored by a checkpoint); 0 for NULL. */
BC_API int64_t bc_ppo_iterations(const bc_ppo *ppo);
/* Env steps done so far: iterations x n_steps x n_envs (restored by a
 * checkpoint); 0 for NULL. */
BC_API int64_t bc_ppo_timesteps(const bc_ppo *ppo);
/* Episodes completed so far (restored by a checkpoint); 0 for NULL. */
BC_API int64_t bc_ppo_episodes(const bc_ppo *ppo);

/* The last iteration's metrics as one JSON object (one line), by the
 * two-call pattern (*length = bytes without the NUL, may be NULL). Keys:
 *   iteration, timesteps, episodes   counters after the iteration
 *   steps_per_s        env steps of the iteration / its wall time
 *   rollout_s, update_s  wall time of the two phases (on a device backend
 *                      the host queues the rollout and goes on: rollout_s
 *                      is the time to queue it, update_s the rest, their
 *                      sum the iteration's wall time)
 *   mean_reward        mean env reward (log return) per step, unscaled
 *   reward_std         its standard deviation
 *   win_rate           share of steps with a positive reward
 *   episode_return     mean final value - 1 of the episodes that ended in
 *                      the rollout (null when none did)
 *   explained_variance 1 - Var(R - V) / Var(R) over the rollout
 *   approx_kl          mean of (ratio - 1) - log ratio (Schulman's k3)
 *   clip_fraction      share of samples with |ratio - 1| > clip
 *   entropy            mean policy entropy (nats); entropy_ratio = that /
 *                      log(actions)
 *   policy_loss, value_loss   means over the PPO minibatches
 *   critic_value_loss  mean over the critic-only minibatches (null: none)
 *   grad_norm_actor, grad_norm_critic  mean pre-clip norms; grad_norm_max
 *                      the largest actor norm
 *   grad_health        "ok", "exploding" (a norm above 1000 or not
 *                      finite) or "vanishing" (mean actor norm below 1e-7)
 *   dead_units         share of the encoder's 2H ReLU units that never
 *                      fired during the rollout
 *   epochs_done        PPO epochs run (fewer when target_kl stopped them)
 *   action_fractions   [actions] share of rollout steps taking each action
 *   composite_score    the seed's model score, in points:
 *     100 * (0.4 profitability + 0.2 reward + 0.2 value + 0.1 exploration
 *            - 0.1 stability), with
 *     profitability = tanh(252 mean_reward / 0.2) * win_rate
 *     reward        = tanh(mean_reward / reward_std) (0 when the std is 0)
 *     value         = explained_variance clipped to [-1, 1]
 *     exploration   = entropy_ratio
 *     stability     = (min(1, approx_kl / 0.02) + min(1, clip_fraction /
 *                     0.2)) / 2
 * Errors: BC_E_INVALID_ARGUMENT (NULL, NULL buf with capacity > 0),
 * BC_E_STATE (no iteration yet), BC_E_BUFFER_TOO_SMALL. */
BC_API int32_t bc_ppo_metrics_json(const bc_ppo *ppo, char *buf, int32_t capacity,
                                   int32_t *length);

/* Writes a checkpoint to path atomically (temporary file, fsync, rename):
 * the options, the weights, both Adam states and step counts, the
 * counters, the GRU state of every env and the env's state (portfolios,
 * rows, RNG counters), under an XXH64 checksum. Version-specific (a later
 * library may refuse it). Errors: BC_E_INVALID_ARGUMENT, BC_E_STATE (no
 * iteration and no checkpoint loaded yet), BC_E_IO naming the path,
 * BC_E_OUT_OF_MEMORY. */
BC_API int32_t bc_ppo_save_checkpoint(const bc_ppo *ppo, const char *path);

/* Restores a checkpoint into a trainer whose env has the shape of the one
 * it was written with (same n_envs, assets, observation width, episode
 * length); the options are the checkpoint's (the trainer's are replaced).
 * Training then continues exactly as the run that wrote it would have.
 * Errors: BC_E_INVALID_ARGUMENT, BC_E_IO (cannot read, naming the path),
 * BC_E_FORMAT (not a checkpoint), BC_E_VERSION (a newer format),
 * BC_E_CORRUPT (truncated: the sizes; checksum mismatch; a field out of
 * range, naming it), BC_E_SHAPE (another env or network: both shapes),
 * BC_E_STATE (the trainer has already iterated), BC_E_OUT_OF_MEMORY. On
 * error the trainer is unchanged. */
BC_API int32_t bc_ppo_load_checkpoint(bc_ppo *ppo, const char *path);

/* Writes the trained policy (network, weights, the env's features spec,
 * episode length, observation column names, asset names, observation kind
 * and asset count: bc_policy_check_env) to path
 * atomically, checksummed, for bc_policy_load. Errors as
 * bc_ppo_save_checkpoint. */
BC_API int32_t bc_ppo_save_policy(const bc_ppo *ppo, const char *path);

/* Stops nothing (the env is the caller's) and releases the trainer. NULL
 * is a no-op. */
BC_API void bc_ppo_free(bc_ppo *ppo);

/* A trained recurrent policy read from a file bc_ppo_save_policy wrote
 * (or from a checkpoint), or made from a model of type "policy"
 * (bc_policy_from_model): it acts greedily (the most probable action) on
 * n parallel streams (bc_policy_act) or steps one stream with its
 * probabilities and value (bc_policy_step), carrying each stream's GRU
 * state between calls. Every step runs the same single-step forward, so
 * both give the same bits. One thread at a time. */
typedef struct bc_policy bc_policy;

/* Loads a policy or checkpoint file. Errors: BC_E_INVALID_ARGUMENT,
 * BC_E_IO, BC_E_FORMAT, BC_E_VERSION, BC_E_CORRUPT as
 * bc_ppo_load_checkpoint, BC_E_OUT_OF_MEMORY. Free with bc_policy_free. */
BC_API int32_t bc_policy_load(const char *path, bc_policy **out);

/* Observation width (floats per env row) the policy expects; 0 for NULL. */
BC_API int32_t bc_policy_observation_size(const bc_policy *policy);

/* The training env's observation kind as bc_env_observation_kind names it
 * ("ohlcv", "close", ...), recorded in the policy file; "unknown" for a
 * file written before kinds were recorded (format version 1, still
 * loaded). Static string; NULL for NULL. */
BC_API const char *bc_policy_observation_kind(const bc_policy *policy);

/* The training env's number of assets; 0 when the file does not record it
 * (format version 1) or for NULL. */
BC_API int32_t bc_policy_assets(const bc_policy *policy);

/* Checks that env gives the observations the policy was trained on, before
 * stepping one with the other (rl-eval does): the same features spec
 * (compared in canonical form), number of assets and observation width,
 * and an observation kind that agrees on every bar field the features
 * read, and only on those: features that read only close (the default
 * spec) run on either kind in either direction (an "ohlcv" policy on a
 * "close" env, a "close" policy on an "ohlcv" env: the observations are
 * the same rows), "atr(14)" trained on "ohlcv" runs on "hlc" (it reads
 * neither open nor volume), and "volume" trained on "ohlcv" is refused on
 * "hlc" naming volume. Reads only; env may be before its first reset.
 * Errors: BC_E_INVALID_ARGUMENT (NULL),
 * BC_E_SHAPE naming both sides: the two features specs, asset counts or
 * widths, or the two observation kinds with the fields that differ. A
 * policy of an unknown kind (format version 1) is checked on the rest.
 * Linux library only: the Windows DLL has no env. */
BC_API int32_t bc_policy_check_env(const bc_policy *policy, const bc_env *env);
/* Number of actions the policy chooses among; 0 for NULL. */
BC_API int32_t bc_policy_action_count(const bc_policy *policy);

/* The env's features spec the policy was trained with (static while the
 * policy lives); NULL for NULL. */
BC_API const char *bc_policy_features(const bc_policy *policy);

/* Name of observation column i of the training env (as
 * bc_env_observation_name) by the two-call pattern. Errors as
 * bc_env_observation_name. */
BC_API int32_t bc_policy_observation_name(const bc_policy *policy, int32_t i, char *buf,
                                          int32_t capacity, int32_t *length);

/* One step of n streams: obs [n x observation_size] (float, row-major);
 * starts [n] (NULL = none) marks streams whose episode begins here (their
 * state is zeroed first). Writes actions [n] (argmax, lowest index on a
 * tie) and, when probs is not NULL, probs [n x actions]. The first call
 * (or one with another n) zeroes the state of every stream. Allocates only
 * when n changes. Errors: BC_E_INVALID_ARGUMENT (NULL, n outside
 * 1..1048576), BC_E_NUMERIC (a non-finite observation, naming stream and
 * column), BC_E_OUT_OF_MEMORY, BC_E_BACKEND. */
BC_API int32_t bc_policy_act(bc_policy *policy, const float *obs, int32_t n,
                             const uint8_t *starts, int32_t *actions, float *probs);

/* A policy over a model of type "policy" (bc_model_load on a policy
 * file): the same network, weights and observation names, copied (the
 * model may be freed or shared afterwards). Sized for one stream, so
 * bc_policy_step allocates nothing. Errors: BC_E_INVALID_ARGUMENT (NULL),
 * BC_E_UNSUPPORTED (a model of another type, naming it),
 * BC_E_OUT_OF_MEMORY. Free with bc_policy_free. Thread-safe on a shared
 * model. */
BC_API int32_t bc_policy_from_model(const bc_model *model, bc_policy **out);

/* One step of one stream, carrying the GRU state: obs [observation_size]
 * floats (the env's observation row); writes, where not NULL, probs
 * [action_count] (the softmax of the policy head, float), *value (the
 * critic's estimate of the discounted return, in the env's reward units
 * times its reward scale) and *action (argmax, lowest index on a tie).
 * The state starts at zero (bc_policy_from_model, bc_policy_load,
 * bc_policy_reset) and each step replaces it. The products run in one
 * fixed summation order, so the outputs are the same bits on every
 * machine (the Linux library, the Windows DLL) and equal bc_policy_act's
 * for one stream; the trainer's batched forward agrees to float rounding.
 * Allocates nothing while the policy is sized for one stream (after
 * bc_policy_act with n > 1 the first step resizes it once). Errors:
 * BC_E_INVALID_ARGUMENT (NULL policy or obs), BC_E_NUMERIC (a non-finite
 * observation, naming the column; the state is unchanged),
 * BC_E_OUT_OF_MEMORY. One thread at a time per policy. */
BC_API int32_t bc_policy_step(bc_policy *policy, const float *obs, float *probs, float *value,
                              int32_t *action);

/* Zeroes the GRU state of every stream (an episode begins). Errors:
 * BC_E_INVALID_ARGUMENT (NULL). */
BC_API int32_t bc_policy_reset(bc_policy *policy);

/* The GRU state after the last step, [streams x gru_layers x hidden]
 * floats (stream-major; one stream after bc_policy_step), by the two-call
 * pattern: *length receives the count; capacity below it is
 * BC_E_BUFFER_TOO_SMALL with nothing copied (buf NULL with capacity 0 asks
 * for the count). What the ONNX export's h_out holds for the same steps.
 * Errors: BC_E_INVALID_ARGUMENT. */
BC_API int32_t bc_policy_state(const bc_policy *policy, float *buf, int64_t capacity,
                               int64_t *length);

/* Width of each GRU layer (hidden_dim) of the policy; 0 for NULL. */
BC_API int32_t bc_policy_hidden_size(const bc_policy *policy);
/* Number of stacked GRU layers (gru_layers) of the policy; 0 for NULL. */
BC_API int32_t bc_policy_layers(const bc_policy *policy);

/* Releases a policy. NULL is a no-op. */
BC_API void bc_policy_free(bc_policy *policy);

/* (end of section: PPO trainer and recurrent policies) */

/* ======================================================================
 * MQL5 shim (lib/mql)
 *
 * Functions an MQL5 Expert Advisor imports from botcopier.dll (the ready
 * #import block is bindings/mql5/Include/BotCopier/BotCopier.mqh). They
 * wrap the API above in types MQL5 can pass:
 *
 *   C parameter        MQL5 declaration         notes
 *   int32_t            int                      statuses, counts, flags 0/1
 *   int64_t            long                     object ids
 *   int64_t *          long &id                 an id coming back
 *   int32_t *          int &value               a value coming back
 *   double *           double &value            a value coming back
 *   const uint16_t *   string                   text in (UTF-16, 0-ended)
 *   uint16_t *         ushort &buf[]            text out, see below
 *   const double *     const double &values[]   flat array, row-major,
 *   double *           double &values[]           length passed next to it
 *   const int32_t *    const int &values[]      flat int array (labels)
 *   const uint8_t *    const uchar &data[]      bytes (a .bcm image)
 *
 * Objects stay inside the DLL and are named by int64 ids (> 0), never by
 * pointers. An id packs a kind and a generation: passing a released id
 * gives BC_E_STALE_HANDLE, a made-up one BC_E_BAD_HANDLE, one of another
 * kind BC_E_WRONG_HANDLE_TYPE -- never a crash. Free every id once with
 * bc_mql_release (in OnDeinit).
 *
 * Text out: functions that produce text take (ushort &buf[], int capacity),
 * write as much as fits (always 0-terminated when capacity > 0) and return
 * the length of the whole text in UTF-16 units, without the 0. A return
 * value >= capacity means the text was cut: resize to value + 1 and call
 * again (or use ShortArrayToString on what came back). A negative return is
 * a BC_E_* status.
 *
 * Threads and sharing: MetaTrader runs each EA on its own thread and loads
 * the DLL once per terminal, so every EA of a terminal shares the id table
 * and the log ring, while the last error stays per thread (per EA). An id
 * belongs to the EA that created it.
 * ====================================================================== */

/* BC_VERSION_NUMBER of the loaded DLL (MAJOR*10000 + MINOR*100 + PATCH).
 * MQL5: int bc_mql_version(void). Thread-safe. */
BC_API int32_t bc_mql_version(void);

/* BC_ABI_VERSION of the loaded DLL; BotCopier.mqh compares it with the one
 * it was written for. MQL5: int bc_mql_abi_version(void). Thread-safe. */
BC_API int32_t bc_mql_abi_version(void);

/* The build description (bc_build_info JSON) as UTF-16 text; returns its
 * length by the text-out rule. Errors: BC_E_INVALID_ARGUMENT for a negative
 * capacity or a NULL buffer with capacity > 0.
 * MQL5: int bc_mql_build_info(ushort &buf[], int capacity). Thread-safe. */
BC_API int32_t bc_mql_build_info(uint16_t *buf, int32_t capacity);

/* The calling thread's last error message (what bc_last_error holds) as
 * UTF-16 text, by the text-out rule; "" (length 0) before any failure. Call
 * it right after a call that returned a negative status. It never changes
 * the message itself: a negative capacity or NULL buffer just returns
 * BC_E_INVALID_ARGUMENT. MQL5: int bc_mql_last_error(ushort &buf[],
 * int capacity). */
BC_API int32_t bc_mql_last_error(uint16_t *buf, int32_t capacity);

/* Name and meaning of a status code ("BC_E_STALE_HANDLE: handle was already
 * released"; "unknown status" for other values) by the text-out rule.
 * Errors: as bc_mql_build_info. MQL5: int bc_mql_status_string(int status,
 * ushort &buf[], int capacity). Thread-safe. */
BC_API int32_t bc_mql_status_string(int32_t status, uint16_t *buf,
                                    int32_t capacity);

/* Sets the most verbose log level kept in the ring (BC_LOG_ERROR 1 ..
 * BC_LOG_DEBUG 4; default 3, info). Also removes any C log callback, so the
 * ring receives everything. Errors: BC_E_INVALID_ARGUMENT for other levels.
 * MQL5: int bc_mql_log_set_level(int max_level). Thread-safe. */
BC_API int32_t bc_mql_log_set_level(int32_t max_level);

/* Number of log messages waiting in the ring.
 * MQL5: int bc_mql_log_pending(void). Thread-safe. */
BC_API int32_t bc_mql_log_pending(void);

/* Takes the oldest log message into buf by the text-out rule and its level
 * (1 error .. 4 debug) into *level. A message longer than capacity - 1 stays
 * in the ring (buf holds its beginning, *level is unchanged) so the next call
 * with a buffer of return value + 1 gets it whole; 512 units always suffice.
 * Returns BC_E_NOT_FOUND (-13) when the ring is empty, BC_E_INVALID_ARGUMENT
 * for a negative capacity or NULL buf with capacity > 0.
 * Typical drain in OnTimer: while ((n = bc_mql_log_pop(buf, 512, level))
 * >= 0) Print(ShortArrayToString(buf));
 * MQL5: int bc_mql_log_pop(ushort &buf[], int capacity, int &level).
 * Thread-safe (EAs of one terminal drain the same ring). */
BC_API int32_t bc_mql_log_pop(uint16_t *buf, int32_t capacity, int32_t *level);

/* Starts a compute backend by name ("cpu" or "best"; "cuda" is
 * BC_E_UNSUPPORTED in the Windows DLL) and returns its id in *id (0 on
 * failure). Errors: as bc_backend_init, BC_E_INVALID_ARGUMENT for a NULL id,
 * NULL name or a name that is not valid UTF-16.
 * MQL5: int bc_mql_backend_create(string name, long &id). Thread-safe. */
BC_API int32_t bc_mql_backend_create(const uint16_t *name, int64_t *id);

/* What the backend id runs on ("cpu" or "cuda") by the text-out rule.
 * Errors: BC_E_BAD_HANDLE, BC_E_STALE_HANDLE, BC_E_WRONG_HANDLE_TYPE, and
 * as bc_mql_build_info. MQL5: int bc_mql_backend_kind(long id,
 * ushort &buf[], int capacity). */
BC_API int32_t bc_mql_backend_kind(int64_t id, uint16_t *buf, int32_t capacity);

/* Frees the object behind id, whatever its kind; the id is stale from then
 * on. Errors: BC_E_BAD_HANDLE (0, negative or never issued),
 * BC_E_STALE_HANDLE (already released). Must not race with another call
 * using the same id. MQL5: int bc_mql_release(long id). Thread-safe
 * otherwise. */
BC_API int32_t bc_mql_release(int64_t id);

/* Number of ids issued and not yet released, across the whole process (all
 * EAs of the terminal): an EA can check it returns to its starting value.
 * MQL5: int bc_mql_live_count(void). Thread-safe. */
BC_API int32_t bc_mql_live_count(void);

/* --- models --------------------------------------------------------------
 * Every load gives the EA a model of its own (online updates change no
 * other id's model). A model is reference counted: each predictor made from
 * it holds it, so releasing the model id while predictors run is safe; the
 * model is freed with the last of them. Paths are absolute or relative to
 * the terminal's working directory (an EA builds them from
 * TerminalInfoString(TERMINAL_DATA_PATH) + "\\MQL5\\Files\\" + name). Errors
 * of every model call taking an id: BC_E_BAD_HANDLE, BC_E_STALE_HANDLE,
 * BC_E_WRONG_HANDLE_TYPE. */

/* Loads an uncompressed .bcm file (what `botcopier clone` writes by
 * default, or bc_model_save_ex with BC_MODEL_SAVE_UNCOMPRESSED; the DLL has
 * no zstd) into a new model id.
 * Errors: as bc_model_load (BC_E_UNSUPPORTED for a compressed file in the
 * DLL), BC_E_INVALID_ARGUMENT (NULL id, empty or malformed path).
 * MQL5: int bc_mql_model_load(string path, long &id). Thread-safe. */
BC_API int32_t bc_mql_model_load(const uint16_t *path, int64_t *id);

/* As bc_mql_model_load from size bytes of a .bcm image (e.g. a resource or
 * FileReadArray). Errors: as bc_model_load_bytes, BC_E_INVALID_ARGUMENT
 * (size < 1, NULL data or id). MQL5: int bc_mql_model_load_bytes(
 * const uchar &data[], int size, long &id). Thread-safe. */
BC_API int32_t bc_mql_model_load_bytes(const uint8_t *data, int32_t size,
                                       int64_t *id);

/* Saves the model (with its online updates) to path as an uncompressed
 * .bcm, atomically. Errors: as bc_model_save_ex.
 * MQL5: int bc_mql_model_save(long id, string path). */
BC_API int32_t bc_mql_model_save(int64_t id, const uint16_t *path);

/* Number of input features of the model (> 0), or a negative status for a
 * bad id. MQL5: int bc_mql_model_num_features(long id). */
BC_API int32_t bc_mql_model_num_features(int64_t id);

/* Number of classes of the model (> 0), or a negative status for a bad id.
 * MQL5: int bc_mql_model_num_classes(long id). */
BC_API int32_t bc_mql_model_num_classes(int64_t id);

/* A description of the model by the text-out rule, one "key=value" per
 * line (split with StringSplit on '\n' and '='), in this order: kind,
 * features, classes, layers, hidden (comma-separated widths, empty for
 * logistic), threshold, calibrated (0/1), normalization, mode, class_names
 * (comma-separated), feature_spec, symbol, bar_seconds, time_zone,
 * sl_distance, tp_distance (see bc_mql_model_symbol and the calls after
 * it). Later versions may add keys at the end.
 * MQL5: int bc_mql_model_info(long id, ushort &buf[], int capacity). */
BC_API int32_t bc_mql_model_info(int64_t id, uint16_t *buf, int32_t capacity);

/* Name of input feature index (0 <= index < features) by the text-out
 * rule; BC_E_INVALID_ARGUMENT for an index out of range.
 * MQL5: int bc_mql_model_feature_name(long id, int index, ushort &buf[],
 * int capacity). */
BC_API int32_t bc_mql_model_feature_name(int64_t id, int32_t index,
                                         uint16_t *buf, int32_t capacity);

/* Class probabilities of one raw row x[n_features] into probs (capacity >=
 * classes), exactly bc_model_predict (normalization inside, NaN = missing,
 * calibration applied). Errors: BC_E_SHAPE (n_features differs),
 * BC_E_BUFFER_TOO_SMALL, BC_E_INVALID_ARGUMENT (negative counts, NULL
 * arrays). MQL5: int bc_mql_model_predict(long id, const double &x[],
 * int n_features, double &probs[], int capacity). */
BC_API int32_t bc_mql_model_predict(int64_t id, const double *x,
                                    int32_t n_features, double *probs,
                                    int32_t capacity);

/* Online learning on this id's model: one bc_model_update step on n rows
 * x[x_count = n * n_features] (row-major raw features, e.g. the features
 * column of labeled uncertain decisions), labels y[n] (0..classes-1) and
 * weights[n_weights] (n_weights 0 = all 1, else n). Predictors made from
 * the model decide with the new weights from their next bar.
 * Errors: as bc_model_update (the model is unchanged), BC_E_SHAPE (x_count
 * or n_weights does not match n). MQL5: int bc_mql_model_update(long id,
 * const double &x[], int x_count, const int &y[], int n,
 * const double &weights[], int n_weights, int n_features,
 * double learning_rate, double l2). */
BC_API int32_t bc_mql_model_update(int64_t id, const double *x, int32_t x_count,
                                   const int32_t *y, int32_t n,
                                   const double *weights, int32_t n_weights,
                                   int32_t n_features, double learning_rate,
                                   double l2);

/* The newest trade-log event_id this id's model learned from
 * (bc_model_last_event_id: >= -1, -1 unknown), or a negative status below
 * -1 for a bad id. An EA keeps it as the bookmark of its online updates.
 * MQL5: long bc_mql_model_last_event_id(long id). */
BC_API int64_t bc_mql_model_last_event_id(int64_t id);

/* Records last_event_id (>= -1) in this id's model
 * (bc_model_set_last_event_id); bc_mql_model_save writes it. Errors: the
 * id's, BC_E_INVALID_ARGUMENT (below -1). MQL5: int
 * bc_mql_model_set_last_event_id(long id, long last_event_id). */
BC_API int32_t bc_mql_model_set_last_event_id(int64_t id,
                                              int64_t last_event_id);

/* The rows of an online update of this id's clone from the EA's own
 * stream, no database: bc_model_event_rows on the bars time/open/high/low/
 * close/volume[n_bars] (strictly increasing times, as bc_bars_from_arrays)
 * and the bot's trade events event_id/event_time/ticket/action
 * (BC_ACTION_OPEN 1, MODIFY 2, CLOSE 3)/order_type (BC_ORDER_BUY 0, SELL
 * 1)[n_events] (event ids unique unless -1; no prices needed: the labels
 * come from the events' order, time, ticket and direction). Rows of the
 * bars from the first event whose event_id > after_event_id on: x[k * F ..
 * k * F + F) (F = bc_mql_model_num_features), y[k] the cloner's label,
 * weights[k] 0.5 ** (age_days / half_life_days) (1 for half_life_days 0),
 * times[k] the bar's time; *n_rows their count, *last_event_id the largest
 * event_id (what bc_mql_model_set_last_event_id records after the update).
 * Two calls: capacity 0 asks for *n_rows; then capacity >= *n_rows rows,
 * x_capacity >= capacity * F. Feed the rows to bc_mql_model_update. Errors:
 * the id's; as bc_model_event_rows (BC_E_NO_DATA: no event after
 * after_event_id, BC_E_BUFFER_TOO_SMALL, BC_E_UNSUPPORTED: not a clone);
 * BC_E_INVALID_ARGUMENT (NULL n_rows/last_event_id, a bad bar or event
 * naming its index, negative counts); BC_E_SHAPE (x_capacity < capacity *
 * F). MQL5: int bc_mql_model_event_rows(long id, const long &time[],
 * const double &open[], const double &high[], const double &low[],
 * const double &close[], const double &volume[], int n_bars,
 * const long &event_id[], const long &event_time[], const long &ticket[],
 * const int &action[], const int &order_type[], int n_events,
 * long after_event_id, double half_life_days, double &x[], int x_capacity,
 * int &y[], double &weights[], long &times[], int capacity, int &n_rows,
 * long &last_event_id). */
BC_API int32_t bc_mql_model_event_rows(
    int64_t id, const int64_t *time, const double *open, const double *high,
    const double *low, const double *close, const double *volume,
    int32_t n_bars, const int64_t *event_id, const int64_t *event_time,
    const int64_t *ticket, const int32_t *action, const int32_t *order_type,
    int32_t n_events, int64_t after_event_id, double half_life_days,
    double *x, int32_t x_capacity, int32_t *y, double *weights,
    int64_t *times, int32_t capacity, int32_t *n_rows,
    int64_t *last_event_id);

/* The symbol(s) of the model's bars (bc_model_symbol; several comma-
 * separated, "" unknown) by the text-out rule. An EA compares it with
 * _Symbol. MQL5: int bc_mql_model_symbol(long id, ushort &buf[],
 * int capacity). */
BC_API int32_t bc_mql_model_symbol(int64_t id, uint16_t *buf, int32_t capacity);

/* The bar period of the model's bars in seconds (bc_model_bar_seconds; 0
 * unknown), or a negative status for a bad id. An EA compares it with
 * PeriodSeconds(_Period). MQL5: int bc_mql_model_bar_seconds(long id). */
BC_API int32_t bc_mql_model_bar_seconds(int64_t id);

/* The time zone of the model's bars (bc_model_time_zone: "UTC",
 * "UTC+02:00", "server"; "" unknown) by the text-out rule.
 * MQL5: int bc_mql_model_time_zone(long id, ushort &buf[], int capacity). */
BC_API int32_t bc_mql_model_time_zone(int64_t id, uint16_t *buf,
                                      int32_t capacity);

/* The stops recorded in the model (bc_model_stops): distances from the
 * entry price in price units, 0 when none. Errors: the id's, and
 * BC_E_INVALID_ARGUMENT for NULL outputs. MQL5: int bc_mql_model_stops(
 * long id, double &sl_distance, double &tp_distance). */
BC_API int32_t bc_mql_model_stops(int64_t id, double *sl_distance,
                                  double *tp_distance);

/* Parses a time zone text by bc_time_zone_parse's grammar ("UTC",
 * "UTC+02:00", "server"): *utc_offset_minutes (east positive) and
 * *is_server (0/1), so an EA reads its own inputs and the model's zone with
 * the library's one parser. Errors: BC_E_INVALID_ARGUMENT naming the text
 * (and for NULL outputs or text that is not valid UTF-16).
 * MQL5: int bc_mql_time_zone_parse(string zone, int &utc_offset_minutes,
 * int &is_server). Thread-safe. */
BC_API int32_t bc_mql_time_zone_parse(const uint16_t *zone,
                                      int32_t *utc_offset_minutes,
                                      int32_t *is_server);

/* --- predictors ----------------------------------------------------------
 * One per EA and symbol/timeframe; see bc_predictor_* for the decision
 * rules. Errors of every call taking an id: BC_E_BAD_HANDLE,
 * BC_E_STALE_HANDLE, BC_E_WRONG_HANDLE_TYPE. */

/* Creates a predictor for the model behind model_id into *id; it holds a
 * reference on the model (see above). Errors: as bc_predictor_create, the
 * model id's errors. MQL5: int bc_mql_predictor_create(long model_id,
 * long &id). */
BC_API int32_t bc_mql_predictor_create(int64_t model_id, int64_t *id);

/* Sets an option, bc_predictor_set's keys: threshold, uncertainty_margin,
 * auto_position (EAs that trade set "0" and report their real position),
 * decision_log and uncertain_log (paths as for bc_mql_model_load: every
 * decision / every uncertain decision is appended as decisions.csv /
 * uncertain_decisions.csv), model_version. Errors: as bc_predictor_set,
 * BC_E_INVALID_ARGUMENT for text that is not valid UTF-16.
 * MQL5: int bc_mql_predictor_set(long id, string key, string value). */
BC_API int32_t bc_mql_predictor_set(int64_t id, const uint16_t *key,
                                    const uint16_t *value);

/* Feeds the next closed bar (time in seconds, e.g. the datetime of the bar,
 * prices, tick volume) and decides: probs[0..classes) (capacity >= classes)
 * and *decision (BC_DECISION_HOLD 0, BUY 1, SELL 2, CLOSE 3), exactly
 * bc_predictor_update. No allocation. Errors: as bc_predictor_update.
 * MQL5: int bc_mql_predictor_update(long id, long time, double open,
 * double high, double low, double close, double volume, double &probs[],
 * int capacity, int &decision). */
BC_API int32_t bc_mql_predictor_update(int64_t id, int64_t time, double open,
                                       double high, double low, double close,
                                       double volume, double *probs,
                                       int32_t capacity, int32_t *decision);

/* Feeds a bar without deciding (warm-up on history), bc_predictor_observe.
 * MQL5: int bc_mql_predictor_observe(long id, long time, double open,
 * double high, double low, double close, double volume). */
BC_API int32_t bc_mql_predictor_observe(int64_t id, int64_t time, double open,
                                        double high, double low, double close,
                                        double volume);

/* The EA's real position for the next decision (direction -1/0/+1,
 * bars_held >= 0, entry_price > 0 when not flat), bc_predictor_set_position.
 * MQL5: int bc_mql_predictor_set_position(long id, int direction,
 * int bars_held, double entry_price). */
BC_API int32_t bc_mql_predictor_set_position(int64_t id, int32_t direction,
                                             int32_t bars_held,
                                             double entry_price);

/* The sym_emb(j) inputs of a model trained with a symbol graph:
 * values[0..n) from model.json's "symbol_embeddings" for the EA's symbol
 * (the DLL reads no JSON metadata), bc_predictor_set_symbol_embedding.
 * MQL5: int bc_mql_predictor_set_symbol_embedding(long id,
 * const double &values[], int n). */
BC_API int32_t bc_mql_predictor_set_symbol_embedding(int64_t id,
                                                     const double *values,
                                                     int32_t n);

/* The position the predictor holds, bc_predictor_position (entry_price NaN
 * when flat). MQL5: int bc_mql_predictor_position(long id, int &direction,
 * int &bars_held, double &entry_price). */
BC_API int32_t bc_mql_predictor_position(int64_t id, int32_t *direction,
                                         int32_t *bars_held,
                                         double *entry_price);

/* The stop-loss / take-profit price levels of the position the predictor
 * holds and the model's rules (1 stop-loss, 2 take-profit, 3 both, 0
 * none), bc_predictor_levels: NaN when flat or without a level. An EA that
 * trades (auto_position 0) reports the order's price with
 * bc_mql_predictor_set_position(id, direction, 1, price) after the
 * decision and sends these levels with the order; rules 0 (a model without
 * clone stop rules) leaves it bc_mql_model_stops's median distances.
 * MQL5: int bc_mql_predictor_levels(long id, double &sl, double &tp,
 * int &rules). */
BC_API int32_t bc_mql_predictor_levels(int64_t id, double *sl, double *tp,
                                       int32_t *rules);

/* Last P(act) (calibrated) and the threshold it was held against,
 * bc_predictor_last. MQL5: int bc_mql_predictor_last(long id,
 * double &p_act, double &threshold). */
BC_API int32_t bc_mql_predictor_last(int64_t id, double *p_act,
                                     double *threshold);

/* Forgets every bar and the position, keeps the options.
 * MQL5: int bc_mql_predictor_reset(long id). */
BC_API int32_t bc_mql_predictor_reset(int64_t id);

/* --- recurrent policies ---------------------------------------------------- */

/* A policy id stepping the trained policy behind model_id (a model of type
 * "policy": bc_mql_model_load on rl-train's policy.bcp), bc_policy_from_model:
 * its own copy of the weights (the model id may be released first), GRU
 * state zero. Errors: the handle errors of model_id, BC_E_UNSUPPORTED (a
 * model of another type), BC_E_OUT_OF_MEMORY. MQL5: int
 * bc_mql_policy_create(long model_id, long &id). */
BC_API int32_t bc_mql_policy_create(int64_t model_id, int64_t *id);

/* One step (bc_policy_step) on the observation row obs[obs_count] (rounded
 * to float; obs_count must be the policy's observation size, BC_E_SHAPE
 * otherwise): probs[capacity >= actions] the action probabilities, *value
 * the critic's estimate (may be NULL), *action the argmax. The same bits as
 * bc_policy_step in the Linux library. Allocates nothing. Errors: handle
 * errors, BC_E_INVALID_ARGUMENT (NULL obs or action), BC_E_SHAPE,
 * BC_E_BUFFER_TOO_SMALL, BC_E_NUMERIC (a non-finite observation). MQL5:
 * int bc_mql_policy_step(long id, const double &obs[], int obs_count,
 * double &probs[], int capacity, double &value, int &action). */
BC_API int32_t bc_mql_policy_step(int64_t id, const double *obs, int32_t obs_count,
                                  double *probs, int32_t capacity, double *value,
                                  int32_t *action);

/* Zeroes the GRU state (an episode begins), bc_policy_reset. MQL5: int
 * bc_mql_policy_reset(long id). */
BC_API int32_t bc_mql_policy_reset(int64_t id);

/* --- feature engine ------------------------------------------------------ */

/* A streaming feature engine for spec (bc_features_create) into *id.
 * MQL5: int bc_mql_features_create(string spec, long &id). */
BC_API int32_t bc_mql_features_create(const uint16_t *spec, int64_t *id);

/* Number of output columns (> 0) or a negative status.
 * MQL5: int bc_mql_features_count(long id). */
BC_API int32_t bc_mql_features_count(int64_t id);

/* Name of column index by the text-out rule. MQL5: int
 * bc_mql_features_name(long id, int index, ushort &buf[], int capacity). */
BC_API int32_t bc_mql_features_name(int64_t id, int32_t index, uint16_t *buf,
                                    int32_t capacity);

/* Feeds one bar and writes count values to out (capacity >= count,
 * BC_E_BUFFER_TOO_SMALL otherwise, as every output array of the shim),
 * exactly bc_features_update. MQL5: int
 * bc_mql_features_update(long id, long time, double open, double high,
 * double low, double close, double volume, double &out[], int capacity). */
BC_API int32_t bc_mql_features_update(int64_t id, int64_t time, double open,
                                      double high, double low, double close,
                                      double volume, double *out,
                                      int32_t capacity);

/* --- monitoring: change detectors, bar quality, drift --------------------
 * The streaming checks of the Monitoring section on an EA's own stream:
 * a detector fed each trade's outcome, a quality checker fed each closed
 * bar, PSI/KS over windows the EA keeps. Constants as in that section
 * (BC_DETECTOR_*, BC_QUALITY_*). */

/* A change detector of kind BC_DETECTOR_PAGE_HINKLEY or BC_DETECTOR_CUSUM
 * (bc_detector_create) into *id. MQL5: int bc_mql_detector_create(int kind,
 * long &id). */
BC_API int32_t bc_mql_detector_create(int32_t kind, int64_t *id);

/* bc_detector_set. MQL5: int bc_mql_detector_set(long id, string key,
 * double value). */
BC_API int32_t bc_mql_detector_set(int64_t id, const uint16_t *key,
                                   double value);

/* bc_detector_update: *alarm 0, or 1 (increase) | 2 (decrease). MQL5: int
 * bc_mql_detector_update(long id, double x, int &alarm). */
BC_API int32_t bc_mql_detector_update(int64_t id, double x, int32_t *alarm);

/* bc_detector_state into state (capacity doubles, BC_DETECTOR_STATES
 * defined). MQL5: int bc_mql_detector_state(long id, double &state[],
 * int capacity). */
BC_API int32_t bc_mql_detector_state(int64_t id, double *state,
                                     int32_t capacity);

/* bc_detector_reset. MQL5: int bc_mql_detector_reset(long id). */
BC_API int32_t bc_mql_detector_reset(int64_t id);

/* A bar quality checker for bars bar_seconds apart (bc_quality_create)
 * into *id. MQL5: int bc_mql_quality_create(long bar_seconds, long &id). */
BC_API int32_t bc_mql_quality_create(int64_t bar_seconds, int64_t *id);

/* bc_quality_set. MQL5: int bc_mql_quality_set(long id, string key,
 * double value). */
BC_API int32_t bc_mql_quality_set(int64_t id, const uint16_t *key,
                                  double value);

/* bc_quality_update: *flags gets the bar's BC_QUALITY_* bits. MQL5: int
 * bc_mql_quality_update(long id, long time, double open, double high,
 * double low, double close, double volume, int &flags). */
BC_API int32_t bc_mql_quality_update(int64_t id, int64_t time, double open,
                                     double high, double low, double close,
                                     double volume, int32_t *flags);

/* bc_quality_counts into counts (capacity longs). MQL5: int
 * bc_mql_quality_counts(long id, long &counts[], int capacity). */
BC_API int32_t bc_mql_quality_counts(int64_t id, int64_t *counts,
                                     int32_t capacity);

/* bc_quality_reset. MQL5: int bc_mql_quality_reset(long id). */
BC_API int32_t bc_mql_quality_reset(int64_t id);

/* bc_drift_psi over flat arrays. MQL5: int bc_mql_drift_psi(const double
 * &reference[], int n_reference, const double &live[], int n_live, int
 * bins, double &psi). */
BC_API int32_t bc_mql_drift_psi(const double *reference, int32_t n_reference,
                                const double *live, int32_t n_live,
                                int32_t bins, double *psi);

/* bc_drift_ks over flat arrays. MQL5: int bc_mql_drift_ks(const double
 * &reference[], int n_reference, const double &live[], int n_live, double
 * &statistic, double &p_value). */
BC_API int32_t bc_mql_drift_ks(const double *reference, int32_t n_reference,
                               const double *live, int32_t n_live,
                               double *statistic, double *p_value);

/* (end of section: MQL5 shim) */

#ifdef __cplusplus
}
#endif

#endif /* BOTCOPIER_H */
