/*
 * mql_log.c - the log as an EA sees it: set the level, count and drain the
 * ring into ushort buffers. An EA cannot take callbacks, so the ring is its
 * only source; a message too long for the buffer stays in the ring.
 */
#include "mql/mql.h"

int32_t bc_mql_log_set_level(int32_t max_level)
{
    return bc_log_set(NULL, NULL, max_level);
}

int32_t bc_mql_log_pending(void) { return bc_log_pending(); }

struct pop_target {
    uint16_t *buf;
    int32_t capacity;
    int32_t *level;
    int32_t length; /* UTF-16 units of the message */
};

/* Converts under the ring lock; takes the message only when it fits whole. */
static int take_into_utf16(const char *text, int32_t length, int32_t level,
                           void *context)
{
    (void)length;
    struct pop_target *t = context;
    int32_t units = 0;
    if (bc_utf8_to_utf16(text, 0, "bc_mql_log_pop", t->buf, t->capacity, &units) != BC_OK)
        return 0;
    t->length = units;
    if (units >= t->capacity)
        return 0;
    if (t->level)
        *t->level = level;
    return 1;
}

int32_t bc_mql_log_pop(uint16_t *buf, int32_t capacity, int32_t *level)
{
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_mql_log_pop: buffer is NULL or capacity %d is negative",
                       (int)capacity);
    struct pop_target target = {buf, capacity, level, 0};
    int32_t rc = bc_log_pop_with(take_into_utf16, &target);
    if (rc == BC_E_NOT_FOUND)
        return BC_E_NOT_FOUND;
    return target.length; /* taken, or too small: the caller compares */
}
