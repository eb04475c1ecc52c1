/* test_errors.c - pinned status codes, their names, the thread-local last
 * error. */
#include "test_util.h"

#include <pthread.h>

START_TEST(status_codes_are_pinned)
{
    /* These numbers are part of the ABI: a change here breaks hosts. */
    ck_assert_int_eq(BC_OK, 0);
    ck_assert_int_eq(BC_E_INVALID_ARGUMENT, -1);
    ck_assert_int_eq(BC_E_OUT_OF_MEMORY, -2);
    ck_assert_int_eq(BC_E_IO, -3);
    ck_assert_int_eq(BC_E_PARSE, -4);
    ck_assert_int_eq(BC_E_FORMAT, -5);
    ck_assert_int_eq(BC_E_CORRUPT, -6);
    ck_assert_int_eq(BC_E_VERSION, -7);
    ck_assert_int_eq(BC_E_BUFFER_TOO_SMALL, -8);
    ck_assert_int_eq(BC_E_BAD_HANDLE, -9);
    ck_assert_int_eq(BC_E_STALE_HANDLE, -10);
    ck_assert_int_eq(BC_E_WRONG_HANDLE_TYPE, -11);
    ck_assert_int_eq(BC_E_UNSUPPORTED, -12);
    ck_assert_int_eq(BC_E_NOT_FOUND, -13);
    ck_assert_int_eq(BC_E_UNKNOWN_KEY, -14);
    ck_assert_int_eq(BC_E_CANCELLED, -15);
    ck_assert_int_eq(BC_E_SHAPE, -16);
    ck_assert_int_eq(BC_E_NUMERIC, -17);
    ck_assert_int_eq(BC_E_NO_DATA, -18);
    ck_assert_int_eq(BC_E_STATE, -19);
    ck_assert_int_eq(BC_E_BACKEND, -20);
    ck_assert_int_eq(BC_E_INTERNAL, -21);
}
END_TEST

START_TEST(every_status_has_its_own_name)
{
    for (int32_t code = 0; code >= BC_E_INTERNAL; code--) {
        const char *s = bc_status_string(code);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(strncmp(s, "BC_", 3) == 0, "code %d: %s", (int)code, s);
        for (int32_t other = code - 1; other >= BC_E_INTERNAL; other--)
            ck_assert_str_ne(s, bc_status_string(other));
    }
    ck_assert_str_eq(bc_status_string(BC_E_PARSE), "BC_E_PARSE: malformed input");
    ck_assert_str_eq(bc_status_string(1), "unknown status");
    ck_assert_str_eq(bc_status_string(-999), "unknown status");
    ck_assert_str_eq(bc_status_string(INT32_MIN), "unknown status");
}
END_TEST

START_TEST(last_error_names_the_offending_value_and_clears)
{
    bc_clear_error();
    ck_assert_str_eq(bc_last_error(), "");
    bc_backend *b = NULL;
    ck_assert_status_msg(bc_backend_init("tpu", &b), BC_E_NOT_FOUND, "'tpu'");
    ck_assert_ptr_null(b);
    bc_clear_error();
    ck_assert_str_eq(bc_last_error(), "");
}
END_TEST

struct thread_result {
    const char *backend_name;
    int32_t status;
    char message[256];
};

static void *fail_in_thread(void *arg)
{
    struct thread_result *r = arg;
    bc_backend *b = NULL;
    for (int i = 0; i < 200; i++) {
        r->status = bc_backend_init(r->backend_name, &b);
        snprintf(r->message, sizeof r->message, "%s", bc_last_error());
        if (!strstr(r->message, r->backend_name))
            break;
    }
    return NULL;
}

START_TEST(last_error_is_isolated_between_threads)
{
    struct thread_result a = {.backend_name = "alpha-backend"};
    struct thread_result c = {.backend_name = "gamma-backend"};
    bc_clear_error();
    pthread_t ta, tc;
    ck_assert_int_eq(pthread_create(&ta, NULL, fail_in_thread, &a), 0);
    ck_assert_int_eq(pthread_create(&tc, NULL, fail_in_thread, &c), 0);
    pthread_join(ta, NULL);
    pthread_join(tc, NULL);
    ck_assert_int_eq(a.status, BC_E_NOT_FOUND);
    ck_assert_int_eq(c.status, BC_E_NOT_FOUND);
    ck_assert_msg(strstr(a.message, "alpha-backend") && !strstr(a.message, "gamma"),
                  "thread a saw: %s", a.message);
    ck_assert_msg(strstr(c.message, "gamma-backend") && !strstr(c.message, "alpha"),
                  "thread c saw: %s", c.message);
    /* The main thread had no failure. */
    ck_assert_str_eq(bc_last_error(), "");
}
END_TEST

/* One call per public family: the message names the argument at fault and,
 * for a value, the value (a host logging bc_last_error() can act on it). */
START_TEST(messages_name_the_argument_and_its_value_in_every_family)
{
    bc_bars *bars = NULL;
    ck_assert_status_msg(bc_bars_read_csv(NULL, &bars, NULL), BC_E_INVALID_ARGUMENT,
                         "bc_bars_read_csv: path is NULL");
    ck_assert_status_msg(bc_bars_read_csv("x.csv", NULL, NULL), BC_E_INVALID_ARGUMENT,
                         "bc_bars_read_csv: out is NULL");
    bc_trades *trades = NULL;
    ck_assert_status_msg(bc_trades_read_csv(NULL, &trades, NULL), BC_E_INVALID_ARGUMENT,
                         "path is NULL");
    int64_t t;
    ck_assert_status_msg(bc_time_parse("2024-01-01", NULL), BC_E_INVALID_ARGUMENT,
                         "bc_time_parse: out_seconds is NULL");
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    float a[4] = {0}, b[4] = {0}, c[4] = {0};
    ck_assert_status_msg(bc_backend_sgemm_batched(be, 0, 0, 2, 2, 2, 1.0f, a, 2, 0, b, 2, -5,
                                                  0.0f, c, 2, 0, 1),
                         BC_E_INVALID_ARGUMENT, "stride_b is -5, expected >= 0");
    ck_assert_status_msg(bc_backend_sgemm(be, 2, 0, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2),
                         BC_E_INVALID_ARGUMENT, "trans_a=2");
    bc_backend_free(be);
    ck_assert_status_msg(bc_backend_init(NULL, &be), BC_E_INVALID_ARGUMENT,
                         "bc_backend_init: name is NULL");
    double threshold;
    ck_assert_status_msg(bc_threshold_search(NULL, NULL, NULL, -3, &threshold, NULL),
                         BC_E_INVALID_ARGUMENT, "n is -3, expected >= 0");
    ck_assert_status_msg(bc_threshold_search(NULL, NULL, NULL, 3, &threshold, NULL),
                         BC_E_INVALID_ARGUMENT, "scores is NULL");
    bc_trainer *tr = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &tr));
    ck_assert_status_msg(bc_trainer_set(tr, "l2", NULL), BC_E_INVALID_ARGUMENT,
                         "bc_trainer_set: value is NULL");
    bc_trainer_free(tr);
    bc_model *m = NULL;
    ck_assert_status_msg(bc_model_load(NULL, &m), BC_E_INVALID_ARGUMENT, "path is NULL");
    bc_decision_log *log = NULL;
    ck_assert_status_msg(bc_decision_log_open("d.csv", 0, NULL), BC_E_INVALID_ARGUMENT,
                         "bc_decision_log_open: out is NULL");
    ck_assert_status_msg(bc_decision_log_write(log, NULL, NULL, 0), BC_E_INVALID_ARGUMENT,
                         "log is NULL");
    uint32_t out4[4];
    ck_assert_status_msg(bc_philox4x32(NULL, NULL, out4), BC_E_INVALID_ARGUMENT,
                         "bc_philox4x32: counter is NULL");
    (void)t;
}
END_TEST

Suite *suite_errors(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, status_codes_are_pinned);
    tcase_add_test(tc, every_status_has_its_own_name);
    tcase_add_test(tc, last_error_names_the_offending_value_and_clears);
    tcase_add_test(tc, last_error_is_isolated_between_threads);
    tcase_add_test(tc, messages_name_the_argument_and_its_value_in_every_family);
    suite_add_tcase(s, tc);
    return s;
}
