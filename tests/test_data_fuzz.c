/* test_data_fuzz.c - every reader on thousands of random and mutated small
 * files (fixed seed): only the documented statuses come back, and whatever
 * loads satisfies the reader's invariants. Run under ASan by check-asan. */
#include "test_util.h"
#include "data_test_files.h"

#include <math.h>

#define FUZZ_SEED 20240611u
#define FUZZ_CASES 2500
#define FUZZ_MAX 300

static const char *const seeds[] = {
    "event_id;event_time;action;ticket;symbol;order_type;lots;price\n"
    "1;2013.07.03 20:00:00;OPEN;1001;AAPL;0;0.10;60.11429\n"
    "2;2013.08.27 20:00:00;CLOSE;1001;AAPL;0;0.10;69.79857\n",
    "Date,Open,High,Low,Close,Adj Close,Volume\n"
    "2013-05-13,64.501427,65.414284,64.500000,64.962860,50.961628,79237200\n"
    "2013-05-14,64.835716,65.028572,63.164288,63.408573,49.742329,111779500\n",
    "time;bid;ask;last;volume\n2013-05-13 16:00:00;64.95;64.97;64.96;7\n"
    "2013-05-14 16:00:00;63.39;63.41;;\n",
    "event_id;timestamp;probability;features;label\n1;2013.07.03 20:00:00;0.8;1,2,3;\n"
    "2;2013.07.03 21:00:00;0.4;\"4,5\";1\n",
    "decision_id,old_prob,new_prob,profit,weight\n10,0.7,0.3,12.5,2\n11,0.2,0.6,,\n",
};

static const char alphabet[] = "\"\";;,,\n\n\r\0 .-:0123456789eEnaNfix\xEF\xBB\xBF";

/* Builds case k into buf: even cases mutate a valid seed file (overwrite,
 * insert, truncate), odd cases are uniform random bytes. */
static size_t make_case(int k, unsigned char *buf)
{
    float u[2 * FUZZ_MAX + 4];
    bc_random_uniform(FUZZ_SEED, (uint64_t)k, 0, 2 * FUZZ_MAX + 4, u);
    size_t n;
    if (k % 2 == 1) {
        n = 1 + (size_t)(u[0] * FUZZ_MAX);
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)(u[2 + i] * 256.0f);
        return n;
    }
    const char *seed = seeds[(k / 2) % 5];
    n = strlen(seed);
    memcpy(buf, seed, n);
    int edits = 1 + (int)(u[0] * 6);
    for (int e = 0; e < edits; e++) {
        size_t pos = (size_t)(u[2 + 3 * e] * (float)n) % (n ? n : 1);
        unsigned char ch = (unsigned char)alphabet[(size_t)(u[3 + 3 * e] * (sizeof alphabet - 1))];
        float kind = u[4 + 3 * e];
        if (kind < 0.5f) {
            buf[pos] = ch;
        } else if (kind < 0.8f && n < FUZZ_MAX) {
            memmove(buf + pos + 1, buf + pos, n - pos);
            buf[pos] = ch;
            n++;
        } else {
            n = pos + 1;
        }
    }
    return n;
}

static void check_status(int32_t rc, int k, const char *reader)
{
    ck_assert_msg(rc == BC_OK || rc == BC_E_PARSE || rc == BC_E_NO_DATA,
                  "case %d, %s: status %d (%s): %s", k, reader, (int)rc,
                  bc_status_string(rc), bc_last_error());
    if (rc != BC_OK)
        ck_assert_msg(bc_last_error()[0] != '\0', "case %d, %s: no message", k, reader);
}

static void check_rejects(int32_t rc, bc_rejects *r, int k)
{
    if (rc == BC_OK || rc == BC_E_NO_DATA) {
        ck_assert_msg(r != NULL, "case %d: no rejects list", k);
        for (int32_t i = 0; i < bc_rejects_count(r); i++) {
            int64_t line = 0;
            int32_t len = -1;
            ck_assert_int_eq(bc_rejects_get(r, i, &line, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
            ck_assert_int_ge(line, 2);
            ck_assert_int_gt(len, 0);
        }
    } else {
        ck_assert_ptr_null(r);
    }
    bc_rejects_free(r);
}

START_TEST(random_and_mutated_files_give_documented_statuses_and_valid_objects)
{
    static unsigned char buf[FUZZ_MAX + 8];
    int loaded = 0;
    for (int k = 0; k < FUZZ_CASES; k++) {
        size_t n = make_case(k, buf);
        const char *path = scratch_write("fuzz.csv", buf, n);
        bc_rejects *r = NULL;

        bc_bars *b = NULL;
        int32_t rc = bc_bars_read_csv(path, &b, &r);
        check_status(rc, k, "bars");
        check_rejects(rc, r, k);
        for (int32_t i = 0; i < bc_bars_length(b); i++) {
            ck_assert(i == 0 || bc_bars_time(b)[i] > bc_bars_time(b)[i - 1]);
            for (int c = BC_BAR_OPEN; c <= BC_BAR_CLOSE; c++)
                ck_assert(isfinite(bc_bars_column(b, c)[i]) && bc_bars_column(b, c)[i] > 0);
            ck_assert(bc_bars_column(b, BC_BAR_HIGH)[i] >= bc_bars_column(b, BC_BAR_LOW)[i]);
        }
        loaded += rc == BC_OK;
        ck_assert((rc == BC_OK) == (b != NULL));
        bc_bars_free(b);

        bc_ticks *tk = NULL;
        rc = bc_ticks_read_csv(path, &tk, &r);
        check_status(rc, k, "ticks");
        check_rejects(rc, r, k);
        for (int32_t i = 0; i < bc_ticks_length(tk); i++)
            ck_assert(bc_ticks_column(tk, BC_TICK_ASK)[i] >= bc_ticks_column(tk, BC_TICK_BID)[i]);
        loaded += rc == BC_OK;
        bc_ticks_free(tk);

        bc_trades *t = NULL;
        rc = bc_trades_read_csv(path, &t, &r);
        check_status(rc, k, "trades");
        check_rejects(rc, r, k);
        for (int32_t i = 0; i < bc_trades_count(t); i++) {
            bc_trade_event e = {.struct_size = sizeof e};
            ck_assert_int_eq(bc_trades_get(t, i, &e), BC_OK);
            ck_assert(e.action >= BC_ACTION_OPEN && e.action <= BC_ACTION_CLOSE);
            ck_assert(e.order_type == 0 || e.order_type == 1);
            ck_assert(isfinite(e.price) && !(e.lots < 0));
            ck_assert(e.symbol[0] != '\0' && memchr(e.symbol, 0, sizeof e.symbol));
        }
        loaded += rc == BC_OK;
        if (rc == BC_OK) {
            /* Whatever loads also writes and reads back to the same count. */
            bc_trades *back = NULL;
            ck_assert_int_eq(bc_trades_write_csv(t, scratch_path("w.csv")), BC_OK);
            ck_assert_int_eq(bc_trades_read_csv(scratch_path("w.csv"), &back, NULL), BC_OK);
            ck_assert_int_eq(bc_trades_count(back), bc_trades_count(t));
            bc_trades_free(back);
        }
        bc_trades_free(t);

        bc_decisions *d = NULL;
        rc = bc_decisions_read_csv(path, &d, &r);
        check_status(rc, k, "decisions");
        check_rejects(rc, r, k);
        for (int32_t i = 0; i < bc_decisions_count(d); i++) {
            int32_t nf = -1;
            bc_decisions_features(d, i, NULL, 0, &nf);
            ck_assert_int_ge(nf, 0);
        }
        loaded += rc == BC_OK;
        bc_decisions_free(d);

        bc_divergences *v = NULL;
        rc = bc_divergences_read_csv(path, &v, &r);
        check_status(rc, k, "divergences");
        check_rejects(rc, r, k);
        loaded += rc == BC_OK;
        bc_divergences_free(v);
    }
    /* The mutations keep enough valid rows that readers do load files. */
    ck_assert_int_gt(loaded, FUZZ_CASES / 10);
}
END_TEST

Suite *suite_data_fuzz(void)
{
    Suite *s = suite_create("data_fuzz");
    TCase *tc = tcase_create("fuzz");
    tcase_add_checked_fixture(tc, scratch_setup, scratch_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, random_and_mutated_files_give_documented_statuses_and_valid_objects);
    suite_add_tcase(s, tc);
    return s;
}
