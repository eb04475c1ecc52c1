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
/* Signalled when the last callback in flight returns (bc_log_set waits). */
static pthread_cond_t log_idle = PTHREAD_COND_INITIALIZER;
static bc_log_fn log_callback;
static void *log_user;
static int32_t log_max_level = BC_LOG_INFO;
static int32_t log_in_flight; /* callbacks running now, on any thread */
static struct ring_entry ring[RING_SLOTS];
static int32_t ring_head;  /* index of the oldest entry */
static int32_t ring_count;
static int32_t ring_dropped;
/* Set while this thread runs the host's callback: what it logs meanwhile
 * (a library call it makes) goes to the ring instead of recursing, and a
 * bc_log_set it makes does not wait for itself. */
static _Thread_local int log_in_callback;

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
    /* Once this returns, no other thread is still inside the old callback,
     * so the host may free what `user` pointed to. */
    while (log_in_flight > (log_in_callback ? 1 : 0))
        pthread_cond_wait(&log_idle, &log_lock);
    pthread_mutex_unlock(&log_lock);
    return BC_OK;
}

static void ring_push(int32_t level, const char *text, int n)
{
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

void bc_log(int32_t level, const char *fmt, ...)
{
    char text[RING_MESSAGE];
    va_list ap;
    pthread_mutex_lock(&log_lock);
    int32_t max_level = log_max_level;
    pthread_mutex_unlock(&log_lock);
    if (level > max_level)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if (n >= RING_MESSAGE)
        n = RING_MESSAGE - 1;
    pthread_mutex_lock(&log_lock);
    if (log_callback && !log_in_callback) {
        /* The callback runs without the lock, so it may call the library
         * (which may log); bc_log_set waits for it before returning. */
        bc_log_fn fn = log_callback;
        void *user = log_user;
        log_in_flight++;
        pthread_mutex_unlock(&log_lock);
        log_in_callback = 1;
        fn(level, text, user);
        log_in_callback = 0;
        pthread_mutex_lock(&log_lock);
        if (--log_in_flight == 0)
            pthread_cond_broadcast(&log_idle);
    } else {
        ring_push(level, text, n);
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
