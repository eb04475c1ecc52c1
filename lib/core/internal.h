/*
 * internal.h - helpers every library file shares: setting the thread's last
 * error, logging, and the handle table used by the MQL shim.
 * Nothing here is exported; the public contract is include/botcopier.h.
 */
#ifndef BC_CORE_INTERNAL_H
#define BC_CORE_INTERNAL_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define BC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BC_PRINTF(fmt, args)
#endif

/* Records a formatted message as the calling thread's last error and returns
 * status, so a failing path reads: return bc_fail(BC_E_PARSE, "...", ...). */
int32_t bc_fail(int32_t status, const char *fmt, ...) BC_PRINTF(2, 3);

/* Prefixes the thread's current last error with a context such as a file
 * name ("model.bcm: " + message) and returns status unchanged. */
int32_t bc_fail_context(int32_t status, const char *fmt, ...) BC_PRINTF(2, 3);

/* Emits a log line at level (BC_LOG_*) to the callback or the ring. */
void bc_log(int32_t level, const char *fmt, ...) BC_PRINTF(2, 3);

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

#endif /* BC_CORE_INTERNAL_H */
