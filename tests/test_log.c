/* test_log.c - log callback, levels and the bounded ring buffer. */
#include "test_util.h"
#include "core/internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void drain(void)
{
    char buf[1024];
    while (bc_log_pop(buf, sizeof buf, NULL, NULL) == BC_OK) {
    }
    bc_log_dropped();
}

struct captured {
    int count;
    int32_t last_level;
    char last[256];
};

static void capture(int32_t level, const char *message, void *user)
{
    struct captured *c = user;
    c->count++;
    c->last_level = level;
    snprintf(c->last, sizeof c->last, "%s", message);
}

START_TEST(callback_receives_messages_up_to_its_level)
{
    /* Start from an empty ring: suites' unchecked fixtures run in the
     * runner's process and may have logged before this test forked. */
    char line[1024];
    int32_t len = 0;
    while (bc_log_pop(line, (int32_t)sizeof line, &len, NULL) == BC_OK)
        ;
    struct captured c = {0};
    ck_assert_ok(bc_log_set(capture, &c, BC_LOG_WARN));
    bc_log(BC_LOG_INFO, "hidden %d", 1);
    ck_assert_int_eq(c.count, 0);
    bc_log(BC_LOG_WARN, "shown %d", 2);
    ck_assert_int_eq(c.count, 1);
    ck_assert_int_eq(c.last_level, BC_LOG_WARN);
    ck_assert_str_eq(c.last, "shown 2");
    /* With a callback set nothing goes to the ring. */
    ck_assert_int_eq(bc_log_pending(), 0);
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
}
END_TEST

START_TEST(log_set_rejects_bad_level_and_keeps_settings)
{
    struct captured c = {0};
    ck_assert_ok(bc_log_set(capture, &c, BC_LOG_DEBUG));
    ck_assert_status_msg(bc_log_set(NULL, NULL, 9), BC_E_INVALID_ARGUMENT, "9");
    ck_assert_status_msg(bc_log_set(NULL, NULL, 0), BC_E_INVALID_ARGUMENT, "0");
    bc_log(BC_LOG_DEBUG, "still here");
    ck_assert_int_eq(c.count, 1);
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
}
END_TEST

START_TEST(ring_keeps_messages_in_order_for_hosts_without_callbacks)
{
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    drain();
    bc_log(BC_LOG_ERROR, "first");
    bc_log(BC_LOG_INFO, "second %s", "message");
    bc_log(BC_LOG_DEBUG, "filtered");
    ck_assert_int_eq(bc_log_pending(), 2);
    char buf[64];
    int32_t len = -1, level = -1;
    ck_assert_ok(bc_log_pop(buf, sizeof buf, &len, &level));
    ck_assert_str_eq(buf, "first");
    ck_assert_int_eq(len, 5);
    ck_assert_int_eq(level, BC_LOG_ERROR);
    ck_assert_ok(bc_log_pop(buf, sizeof buf, &len, &level));
    ck_assert_str_eq(buf, "second message");
    ck_assert_int_eq(level, BC_LOG_INFO);
    ck_assert_int_eq(bc_log_pop(buf, sizeof buf, &len, &level), BC_E_NOT_FOUND);
    ck_assert_int_eq(len, 0);
}
END_TEST

START_TEST(ring_pop_two_call_pattern_keeps_message_when_too_small)
{
    drain();
    bc_log(BC_LOG_WARN, "a message of 27 characters");
    int32_t len = 0;
    ck_assert_int_eq(bc_log_pop(NULL, 0, &len, NULL), BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(len, 26);
    char small[10];
    ck_assert_status_msg(bc_log_pop(small, sizeof small, &len, NULL),
                         BC_E_BUFFER_TOO_SMALL, "capacity is 10");
    ck_assert_int_eq(bc_log_pending(), 1);
    char big[27];
    ck_assert_ok(bc_log_pop(big, sizeof big, &len, NULL));
    ck_assert_str_eq(big, "a message of 27 characters");
    ck_assert_int_eq(bc_log_pop(NULL, -1, NULL, NULL), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(ring_is_bounded_and_drops_oldest)
{
    drain();
    for (int i = 0; i < 1000; i++)
        bc_log(BC_LOG_INFO, "message %d", i);
    int32_t pending = bc_log_pending();
    ck_assert_int_eq(pending, 256);
    ck_assert_int_eq(bc_log_dropped(), 1000 - 256);
    ck_assert_int_eq(bc_log_dropped(), 0);
    char buf[64];
    ck_assert_ok(bc_log_pop(buf, sizeof buf, NULL, NULL));
    ck_assert_str_eq(buf, "message 744");
    drain();
}
END_TEST

START_TEST(long_messages_are_truncated_not_overflowed)
{
    drain();
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bc_log(BC_LOG_INFO, "%s", big);
    int32_t len = 0;
    char buf[1024];
    ck_assert_ok(bc_log_pop(buf, sizeof buf, &len, NULL));
    ck_assert_int_eq(len, 511);
    ck_assert_int_eq((int)strlen(buf), 511);
}
END_TEST

/* A callback that calls back into the library: the pending count, and a
 * CSV read whose rejected row logs a warning of its own. */
struct reentrant {
    char path[64];
    int calls, nested_read_ok;
    int32_t pending_seen;
};

static void reentrant_callback(int32_t level, const char *message, void *user)
{
    struct reentrant *r = user;
    (void)level;
    (void)message;
    if (r->calls++ > 0)
        return;
    r->pending_seen = bc_log_pending();
    bc_bars *bars = NULL;
    r->nested_read_ok = bc_bars_read_csv(r->path, &bars, NULL) == BC_OK;
    bc_bars_free(bars);
}

static void *log_one(void *arg)
{
    (void)arg;
    bc_log(BC_LOG_WARN, "first message");
    return NULL;
}

/* Runs fn on a thread and fails (instead of hanging the suite, also under
 * CK_FORK=no) if it does not finish within 10 s. */
static void run_with_deadline(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, fn, arg), 0);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 10;
    ck_assert_msg(pthread_timedjoin_np(t, NULL, &deadline) == 0,
                  "the logging thread deadlocked in the callback");
}

START_TEST(callback_may_call_the_library_that_logs)
{
    drain();
    struct reentrant r = {.path = "/tmp/bc_log_reentrant_XXXXXX"};
    int fd = mkstemp(r.path);
    ck_assert_int_ge(fd, 0);
    const char csv[] = "time,close\n2020-01-01,1\n2020-01-02,abc\n2020-01-03,2\n";
    ck_assert_int_eq(write(fd, csv, sizeof csv - 1), (ssize_t)(sizeof csv - 1));
    close(fd);
    ck_assert_ok(bc_log_set(reentrant_callback, &r, BC_LOG_DEBUG));
    run_with_deadline(log_one, NULL);
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    ck_assert_int_eq(r.calls, 1); /* the read's warning did not recurse */
    ck_assert_int_eq(r.pending_seen, 0);
    ck_assert(r.nested_read_ok);
    char buf[512];
    int32_t level = 0;
    ck_assert_ok(bc_log_pop(buf, sizeof buf, NULL, &level)); /* it went to the ring */
    ck_assert_int_eq(level, BC_LOG_WARN);
    ck_assert_msg(strstr(buf, "rows rejected") != NULL, "ring holds '%s'", buf);
    unlink(r.path);
    drain();
}
END_TEST

struct slow {
    atomic_int entered, finished;
};

static void slow_callback(int32_t level, const char *message, void *user)
{
    struct slow *s = user;
    (void)level;
    (void)message;
    atomic_store(&s->entered, 1);
    struct timespec nap = {0, 200 * 1000 * 1000};
    nanosleep(&nap, NULL);
    atomic_store(&s->finished, 1);
}

static void *log_slowly(void *arg)
{
    (void)arg;
    bc_log(BC_LOG_INFO, "slow");
    return NULL;
}

START_TEST(log_set_waits_for_callbacks_in_flight)
{
    struct slow s;
    atomic_init(&s.entered, 0);
    atomic_init(&s.finished, 0);
    ck_assert_ok(bc_log_set(slow_callback, &s, BC_LOG_INFO));
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, log_slowly, NULL), 0);
    while (!atomic_load(&s.entered)) {
        struct timespec nap = {0, 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    ck_assert_int_eq(atomic_load(&s.finished), 1); /* user data may be freed now */
    pthread_join(t, NULL);
    drain();
}
END_TEST

Suite *suite_log(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, callback_receives_messages_up_to_its_level);
    tcase_add_test(tc, log_set_rejects_bad_level_and_keeps_settings);
    tcase_add_test(tc, ring_keeps_messages_in_order_for_hosts_without_callbacks);
    tcase_add_test(tc, ring_pop_two_call_pattern_keeps_message_when_too_small);
    tcase_add_test(tc, ring_is_bounded_and_drops_oldest);
    tcase_add_test(tc, long_messages_are_truncated_not_overflowed);
    tcase_add_test(tc, callback_may_call_the_library_that_logs);
    tcase_add_test(tc, log_set_waits_for_callbacks_in_flight);
    suite_add_tcase(s, tc);
    return s;
}
