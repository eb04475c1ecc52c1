/*
 * test_util.h - small helpers shared by the Check suites: paths to test
 * data, asserting a status together with the message it set.
 */
#ifndef BC_TEST_UTIL_H
#define BC_TEST_UTIL_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "botcopier.h"

/* Path of a file under tests/data, valid until the calling thread's next
 * call (the suites never keep two at once). */
static inline const char *test_data_path(const char *name)
{
    /* one buffer per thread: tests that fit on two threads at once build
     * their paths concurrently (a shared buffer once handed one thread the
     * other's file) */
    static _Thread_local char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/%s", BC_TEST_SOURCE_DIR, name);
    return path;
}

/* Asserts that rc is the expected status and that the thread's last error
 * mentions `needle`. */
#define ck_assert_status_msg(rc, expected, needle)                            \
    do {                                                                      \
        int32_t rc_ = (rc);                                                   \
        ck_assert_msg(rc_ == (expected), "status %d (%s), expected %d: %s",   \
                      (int)rc_, bc_status_string(rc_), (int)(expected),       \
                      bc_last_error());                                       \
        ck_assert_msg(strstr(bc_last_error(), (needle)) != NULL,              \
                      "last error '%s' does not mention '%s'",                \
                      bc_last_error(), (needle));                             \
    } while (0)

/* A hand-made logistic clone over "rsi(14)" and four position columns that
 * enters on rsi far from 50 and closes after some bars, with exits (the JSON
 * object of model.json's clone.exits, NULL: none) as its stop rules; caller
 * frees (bc_model_free). Defined in test_export_model.c. */
bc_model *test_stop_model(const char *exits);

#define ck_assert_ok(rc)                                                      \
    do {                                                                      \
        int32_t rc_ = (rc);                                                   \
        ck_assert_msg(rc_ == BC_OK, "status %d (%s): %s", (int)rc_,           \
                      bc_status_string(rc_), bc_last_error());                \
    } while (0)

#endif
