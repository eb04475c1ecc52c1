/*
 * internal.h - helpers every library file shares: setting the thread's last
 * error, logging, the handle table used by the MQL shim, UTF-16 text and
 * UTF-8 file paths.
 * Nothing here is exported; the public contract is include/botcopier.h.
 */
#ifndef BC_CORE_INTERNAL_H
#define BC_CORE_INTERNAL_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* mingw builds use mingw's C99 printf family (%zu, %lld, and %g written as
 * on Linux, so messages and numbers read the same in the DLL). */
#if defined(__MINGW32__) && !__USE_MINGW_ANSI_STDIO
#error "build with -D__USE_MINGW_ANSI_STDIO=1 (the Makefile's WIN_CFLAGS)"
#endif

#if defined(__MINGW32__)
#define BC_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define BC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BC_PRINTF(fmt, args)
#endif

/* Records a formatted message as the calling thread's last error and returns
 * status, so a failing path reads: return bc_fail(BC_E_PARSE, "...", ...). */
int32_t bc_fail(int32_t status, const char *fmt, ...) BC_PRINTF(2, 3);

/* BC_E_INVALID_ARGUMENT naming the first NULL pointer: called with
 * (fn, "path", path, "out", out, ..., (const char *)NULL), it fails with
 * "fn: path is NULL" for the first name whose pointer is NULL. */
int32_t bc_fail_null(const char *fn, ...);

/* Prefixes the thread's current last error with a context such as a file
 * name ("model.bcm: " + message) and returns status unchanged. */
int32_t bc_fail_context(int32_t status, const char *fmt, ...) BC_PRINTF(2, 3);

/* Emits a log line at level (BC_LOG_*) to the callback or the ring. */
void bc_log(int32_t level, const char *fmt, ...) BC_PRINTF(2, 3);

/* Offers the oldest ring message (NUL-terminated text, its length in bytes
 * and level) to take(), under the ring's lock; the message leaves the ring
 * only when take() returns nonzero, so a host whose buffer is too small gets
 * it again on the next call. Returns BC_OK when one was taken, BC_E_STATE
 * when take() declined, BC_E_NOT_FOUND when the ring is empty (no error
 * set). take() must not call into the log. */
typedef int (*bc_log_take_fn)(const char *text, int32_t length, int32_t level,
                              void *context);
int32_t bc_log_pop_with(bc_log_take_fn take, void *context);

/* Handle table: maps int64 ids to objects for hosts that cannot hold
 * pointers (MQL5). An id packs a type tag, a generation and a slot, so a
 * released id, an id of another type or a made-up number is detected and
 * refused; no id ever dereferences freed memory. Thread-safe. */
enum {
    BC_HANDLE_TAG_MIN = 1,
    BC_HANDLE_TAG_MAX = 127
};

/* Stores obj under a new id (> 0) in *out_id. Errors: BC_E_INVALID_ARGUMENT
 * (tag outside 1..127, NULL obj), BC_E_OUT_OF_MEMORY (table full). */
int32_t bc_handle_insert(uint32_t tag, void *obj, int64_t *out_id);

/* Looks an id up: BC_OK and *out = object, or BC_E_BAD_HANDLE,
 * BC_E_STALE_HANDLE, BC_E_WRONG_HANDLE_TYPE with a message naming the id. */
int32_t bc_handle_lookup(int64_t id, uint32_t tag, void **out);

/* Removes an id and gives back its object in *out (caller frees it). The id
 * is stale from then on. Errors as bc_handle_lookup. */
int32_t bc_handle_remove(int64_t id, uint32_t tag, void **out);

/* Number of live ids (for tests and leak checks). */
int32_t bc_handle_live_count(void);

/* Tests only: sets the generation of id's slot (1..2^24-1), so a test can
 * bring a slot to the end of its generations without 16 million cycles.
 * Ids issued for that slot before become stale. */
void bc_handle_test_set_generation(int64_t id, uint32_t generation);

/* The type tag packed into id (1..127), or 0 when id cannot be one the
 * table issued (id <= 0 or tag bits out of range). Says nothing about
 * whether the id is live. Pure. */
uint32_t bc_handle_tag_of(int64_t id);

/* UTF-16 <-> UTF-8 (lib/core/utf16.c), for hosts whose strings are UTF-16
 * (MQL5, Windows paths). Both directions agree on every platform.
 *
 * Converts NUL-terminated UTF-16 text into a newly allocated NUL-terminated
 * UTF-8 string in *out (free with free()). Surrogates must pair; an unpaired
 * one gives BC_E_INVALID_ARGUMENT naming `what` and the unit index. Text
 * longer than BC_UTF16_MAX_UNITS units is refused the same way. */
#define BC_UTF16_MAX_UNITS (1 << 24)
int32_t bc_utf16_to_utf8(const uint16_t *text, const char *what, char **out);

/* Converts NUL-terminated UTF-8 text into buf (capacity units, capacity 0
 * with buf NULL to measure). *length receives the units the whole text needs
 * without the NUL. When capacity > 0, buf is always NUL-terminated, holding
 * as many whole code points as fit (a surrogate pair is never split).
 * strict = 1: malformed UTF-8 (bad lead/continuation byte, overlong form,
 * encoded surrogate, value above U+10FFFF) gives BC_E_INVALID_ARGUMENT naming
 * `what` and the byte offset; strict = 0: each malformed byte becomes U+FFFD
 * (for messages that must come out whatever they hold). */
int32_t bc_utf8_to_utf16(const char *text, int32_t strict, const char *what,
                         uint16_t *buf, int32_t capacity, int32_t *length);

/* fopen() for UTF-8 paths on every platform: on Windows the path is
 * converted to UTF-16 and opened with _wfopen (plain fopen would read it in
 * the ANSI code page). Returns NULL with errno set (on Windows EINVAL for a
 * path that is not valid UTF-8). Every library file access goes through it. */
FILE *bc_fopen(const char *path, const char *mode);

/* rename() that replaces an existing target on every platform (Windows
 * rename refuses to); the last step of an atomic write. Returns 0, or -1
 * with errno set. */
int bc_replace_file(const char *from, const char *to);

/* Option values given as text (lib/core/text_number.c): the whole text is
 * one number, finite and in [lo, hi]. Return 1 and set *out, or 0 with
 * *out unchanged (callers name the key and the range in their error). */
int bc_text_double(const char *s, double lo, double hi, double *out);
int bc_text_int(const char *s, int64_t lo, int64_t hi, int32_t *out);

#endif /* BC_CORE_INTERNAL_H */
