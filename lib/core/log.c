/*
 * log.c - the library's only way to say something: a host callback, or a
 * bounded ring of recent messages for hosts that cannot take callbacks.
 * Never writes to stdout/stderr.
 */
#include "internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { RING_SLOTS = 256, RING_MESSAGE = 512 };

struct ring_entry {
    int32_t level;
    int32_t length;
    char text[RING_MESSAGE];
};

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static bc_log_fn log_callback;
static void *log_user;
static int32_t log_max_level = BC_LOG_INFO;
static struct ring_entry ring[RING_SLOTS];
static int32_t ring_head;  /* index of the oldest entry */
static int32_t ring_count;
static int32_t ring_dropped;

int32_t bc_log_set(bc_log_fn callback, void *user, int32_t max_level)
{
    if (max_level < BC_LOG_ERROR || max_level > BC_LOG_DEBUG)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_log_set: max_level %d is outside 1 (error) .. 4 (debug)",
                       (int)max_level);
    pthread_mutex_lock(&log_lock);
    log_callback = callback;
    log_user = user;
    log_max_level = max_level;
    pthread_mutex_unlock(&log_lock);
    return BC_OK;
}

void bc_log(int32_t level, const char *fmt, ...)
{
    char text[RING_MESSAGE];
    va_list ap;
    pthread_mutex_lock(&log_lock);
    if (level > log_max_level) {
        pthread_mutex_unlock(&log_lock);
        return;
    }
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if (n >= RING_MESSAGE)
        n = RING_MESSAGE - 1;
    if (log_callback) {
        /* Called under the lock so a concurrent bc_log_set cannot free the
         * user's state mid-call; the callback must not re-enter bc_log_set. */
        log_callback(level, text, log_user);
    } else {
        if (ring_count == RING_SLOTS) {
            ring_head = (ring_head + 1) % RING_SLOTS;
            ring_count--;
            ring_dropped++;
        }
        struct ring_entry *e = &ring[(ring_head + ring_count) % RING_SLOTS];
        e->level = level;
        e->length = n;
        memcpy(e->text, text, (size_t)n + 1);
        ring_count++;
    }
    pthread_mutex_unlock(&log_lock);
}

int32_t bc_log_pending(void)
{
    pthread_mutex_lock(&log_lock);
    int32_t n = ring_count;
    pthread_mutex_unlock(&log_lock);
    return n;
}

int32_t bc_log_dropped(void)
{
    pthread_mutex_lock(&log_lock);
    int32_t n = ring_dropped;
    ring_dropped = 0;
    pthread_mutex_unlock(&log_lock);
    return n;
}

int32_t bc_log_pop(char *buf, int32_t capacity, int32_t *length, int32_t *level)
{
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_log_pop: buffer is NULL or capacity %d is negative",
                       (int)capacity);
    pthread_mutex_lock(&log_lock);
    if (ring_count == 0) {
        pthread_mutex_unlock(&log_lock);
        if (length)
            *length = 0;
        return BC_E_NOT_FOUND;
    }
    struct ring_entry *e = &ring[ring_head];
    if (length)
        *length = e->length;
    if (capacity <= e->length) {
        int32_t need = e->length;
        pthread_mutex_unlock(&log_lock);
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_log_pop: message needs %d bytes plus NUL, capacity is %d",
                       (int)need, (int)capacity);
    }
    memcpy(buf, e->text, (size_t)e->length + 1);
    if (level)
        *level = e->level;
    ring_head = (ring_head + 1) % RING_SLOTS;
    ring_count--;
    pthread_mutex_unlock(&log_lock);
    return BC_OK;
}

int32_t bc_log_pop_with(bc_log_take_fn take, void *context)
{
    pthread_mutex_lock(&log_lock);
    if (ring_count == 0) {
        pthread_mutex_unlock(&log_lock);
        return BC_E_NOT_FOUND;
    }
    struct ring_entry *e = &ring[ring_head];
    int taken = take(e->text, e->length, e->level, context);
    if (taken) {
        ring_head = (ring_head + 1) % RING_SLOTS;
        ring_count--;
    }
    pthread_mutex_unlock(&log_lock);
    return taken ? BC_OK : BC_E_STATE;
}
