/*
 * status.c - pinned status names and the thread-local last error.
 * Every failing path in the library ends in bc_fail(); this file is the only
 * place that stores the message, so one thread never sees another's error.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BC_ERROR_CAPACITY 1024

static _Thread_local char last_error[BC_ERROR_CAPACITY];

const char *bc_status_string(int32_t status)
{
    switch (status) {
    case BC_OK: return "BC_OK: success";
    case BC_E_INVALID_ARGUMENT: return "BC_E_INVALID_ARGUMENT: invalid argument";
    case BC_E_OUT_OF_MEMORY: return "BC_E_OUT_OF_MEMORY: out of memory";
    case BC_E_IO: return "BC_E_IO: input/output error";
    case BC_E_PARSE: return "BC_E_PARSE: malformed input";
    case BC_E_FORMAT: return "BC_E_FORMAT: not a file of the expected format";
    case BC_E_CORRUPT: return "BC_E_CORRUPT: data is corrupted or truncated";
    case BC_E_VERSION: return "BC_E_VERSION: written by a newer format version";
    case BC_E_BUFFER_TOO_SMALL: return "BC_E_BUFFER_TOO_SMALL: buffer too small";
    case BC_E_BAD_HANDLE: return "BC_E_BAD_HANDLE: not a valid handle";
    case BC_E_STALE_HANDLE: return "BC_E_STALE_HANDLE: handle was already released";
    case BC_E_WRONG_HANDLE_TYPE: return "BC_E_WRONG_HANDLE_TYPE: handle names an object of another type";
    case BC_E_UNSUPPORTED: return "BC_E_UNSUPPORTED: not supported by this build or machine";
    case BC_E_NOT_FOUND: return "BC_E_NOT_FOUND: not found";
    case BC_E_UNKNOWN_KEY: return "BC_E_UNKNOWN_KEY: unknown option key";
    case BC_E_CANCELLED: return "BC_E_CANCELLED: cancelled";
    case BC_E_SHAPE: return "BC_E_SHAPE: array shapes do not match";
    case BC_E_NUMERIC: return "BC_E_NUMERIC: non-finite value";
    case BC_E_NO_DATA: return "BC_E_NO_DATA: no usable data";
    case BC_E_STATE: return "BC_E_STATE: invalid in the current state";
    case BC_E_BACKEND: return "BC_E_BACKEND: compute backend failure";
    case BC_E_INTERNAL: return "BC_E_INTERNAL: internal error";
    default: return "unknown status";
    }
}

const char *bc_last_error(void) { return last_error; }

void bc_clear_error(void) { last_error[0] = '\0'; }

int32_t bc_fail(int32_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

int32_t bc_fail_context(int32_t status, const char *fmt, ...)
{
    char prefix[BC_ERROR_CAPACITY];
    char previous[BC_ERROR_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(previous, last_error, sizeof previous);
    /* Truncation is intended: a message is capped at BC_ERROR_CAPACITY. */
    size_t plen = strnlen(prefix, sizeof last_error - 1);
    memcpy(last_error, prefix, plen);
    size_t rest = strnlen(previous, sizeof last_error - 1 - plen);
    memcpy(last_error + plen, previous, rest);
    last_error[plen + rest] = '\0';
    return status;
}

int32_t bc_fail_null(const char *fn, ...)
{
    va_list ap;
    va_start(ap, fn);
    const char *name, *which = NULL;
    while (!which && (name = va_arg(ap, const char *)) != NULL) {
        const void *p = va_arg(ap, const void *);
        if (!p)
            which = name;
    }
    va_end(ap);
    return which ? bc_fail(BC_E_INVALID_ARGUMENT, "%s: %s is NULL", fn, which)
                 : bc_fail(BC_E_INVALID_ARGUMENT, "%s: invalid argument", fn);
}
