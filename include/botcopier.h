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

/* (end of section: Cloning, predictor, run and replay) */

/* ======================================================================
 * Exporters (lib/export)
 * ====================================================================== */

/* (end of section: Exporters) */

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
 *   const uint16_t *   string                   text in (UTF-16, 0-ended)
 *   uint16_t *         ushort &buf[]            text out, see below
 *   const double *     const double &values[]   flat array, row-major,
 *   double *           double &values[]           length passed next to it
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

/* (end of section: MQL5 shim) */

#ifdef __cplusplus
}
#endif

#endif /* BOTCOPIER_H */
