/*
 * mql_text.c - what crosses the MQL5 boundary as text or plain values:
 * UTF-16 strings in and out, flat-array and flag checks, and the shim's
 * version, build-info, status and last-error functions. Thin: the text
 * itself comes from the core (bc_last_error, bc_status_string, ...).
 */
#include "mql/mql.h"

#include <stdlib.h>

int32_t bc_mql_text_in(const uint16_t *text, const char *what, char **out)
{
    return bc_utf16_to_utf8(text, what, out);
}

int32_t bc_mql_path_in(const uint16_t *path, char **out)
{
    int32_t rc = bc_utf16_to_utf8(path, "path", out);
    if (rc != BC_OK)
        return rc;
    if (!**out) {
        free(*out);
        *out = NULL;
        return bc_fail(BC_E_INVALID_ARGUMENT, "path is empty");
    }
    return BC_OK;
}

int32_t bc_mql_text_out(const char *text, uint16_t *buf, int32_t capacity,
                        const char *what)
{
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "%s: buffer is NULL or capacity %d is negative", what,
                       (int)capacity);
    int32_t length = 0;
    int32_t rc = bc_utf8_to_utf16(text ? text : "", 0, what, buf, capacity, &length);
    return rc == BC_OK ? length : rc;
}

int32_t bc_mql_check_array(const void *values, int32_t count, int64_t need,
                           const char *what)
{
    if (count < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: count %d is negative", what,
                       (int)count);
    if (count > 0 && !values)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: array is NULL but count is %d",
                       what, (int)count);
    if (count < need)
        return bc_fail(BC_E_SHAPE, "%s has %d values, needs %lld", what,
                       (int)count, (long long)need);
    return BC_OK;
}

int32_t bc_mql_check_output(const void *values, int32_t capacity, int64_t need,
                            const char *what)
{
    if (capacity < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: capacity %d is negative", what, (int)capacity);
    if (capacity > 0 && !values)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: array is NULL but capacity is %d", what,
                       (int)capacity);
    if (capacity < need)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "%s: capacity %d, needs %lld", what,
                       (int)capacity, (long long)need);
    return BC_OK;
}

int32_t bc_mql_check_flag(int32_t value, const char *what)
{
    if (value != 0 && value != 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s is %d, expected 0 (false) or 1 (true)",
                       what, (int)value);
    return BC_OK;
}

int32_t bc_mql_version(void) { return (int32_t)bc_version_number(); }

int32_t bc_mql_abi_version(void) { return (int32_t)bc_abi_version(); }

int32_t bc_mql_build_info(uint16_t *buf, int32_t capacity)
{
    return bc_mql_text_out(bc_build_info(), buf, capacity, "bc_mql_build_info");
}

int32_t bc_mql_status_string(int32_t status, uint16_t *buf, int32_t capacity)
{
    return bc_mql_text_out(bc_status_string(status), buf, capacity,
                           "bc_mql_status_string");
}

int32_t bc_mql_last_error(uint16_t *buf, int32_t capacity)
{
    /* Reporting a bad buffer through bc_fail would overwrite the very
     * message the caller asked for, so this one fails silently. */
    if (capacity < 0 || (capacity > 0 && !buf))
        return BC_E_INVALID_ARGUMENT;
    int32_t length = 0;
    int32_t rc = bc_utf8_to_utf16(bc_last_error(), 0, "bc_mql_last_error", buf,
                                  capacity, &length);
    return rc == BC_OK ? length : rc;
}
