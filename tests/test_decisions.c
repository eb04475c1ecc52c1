/* test_decisions.c - decisions.csv and uncertain_decisions.csv reading,
 * the append-only decision log (header once, refuses a foreign header),
 * and divergences.csv read/write. */
#include "test_util.h"
#include "data_test_files.h"

#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bc_decision_row get_row(const bc_decisions *d, int32_t i)
{
    bc_decision_row row;
    memset(&row, 0, sizeof row);
    row.struct_size = sizeof row;
    ck_assert_ok(bc_decisions_get(d, i, &row));
    return row;
}

START_TEST(decisions_read_sample_with_features_and_empty_cells)
{
    bc_decisions *d = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_decisions_read_csv(test_data_path("decisions_sample.csv"), &d, &r));
    ck_assert_int_eq(bc_decisions_count(d), 3);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    bc_decision_row row = get_row(d, 0);
    ck_assert_int_eq(row.event_id, 1);
    ck_assert_int_eq(row.timestamp, 1372881600);
    ck_assert_str_eq(row.model_version, "v1");
    ck_assert_str_eq(row.action, "buy");
    ck_assert_double_eq(row.probability, 0.81);
    ck_assert_double_eq(row.threshold, 0.5);
    ck_assert_double_eq(row.sl_dist, 3.0075);
    ck_assert_double_eq(row.tp_dist, 6.015);
    ck_assert_int_eq(row.model_idx, 0);
    ck_assert_int_eq(row.regime, 1);
    ck_assert_int_eq(row.chosen, 1);
    ck_assert_double_eq(row.risk_weight, 0.95);
    ck_assert_double_eq(row.variance, 0.012);
    ck_assert_double_eq(row.lots_predicted, 0.1);
    ck_assert_int_eq(row.executed_model_idx, 0);
    ck_assert_str_eq(row.trace_id, "4bf92f3577b34da6");
    ck_assert_str_eq(row.span_id, "00f067aa0ba902b7");
    ck_assert_int_eq(row.has_label, 0);
    ck_assert(isnan(row.label));
    double f[4];
    int32_t n = 0;
    ck_assert_ok(bc_decisions_features(d, 0, f, 4, &n));
    ck_assert_int_eq(n, 3);
    ck_assert_double_eq(f[0], 0.4521);
    ck_assert_double_eq(f[1], -1.25);
    ck_assert_double_eq(f[2], 63.5);
    row = get_row(d, 1);
    ck_assert(isnan(row.sl_dist) && isnan(row.tp_dist));
    ck_assert_ok(bc_decisions_features(d, 1, f, 4, &n));
    ck_assert_int_eq(n, 3);
    ck_assert(isnan(f[1]));
    ck_assert_double_eq(f[2], 63.7);
    row = get_row(d, 2);
    ck_assert_str_eq(row.trace_id, "");
    ck_assert_int_eq(bc_decisions_features(d, 2, NULL, 0, &n), BC_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_status_msg(bc_decisions_features(d, 0, f, 2, &n), BC_E_BUFFER_TOO_SMALL,
                         "row 0 has 3 features");
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(bc_decisions_features(d, 3, f, 4, &n), BC_E_INVALID_ARGUMENT);
    bc_rejects_free(r);
    bc_decisions_free(d);
}
END_TEST

START_TEST(uncertain_decisions_read_labeled_and_unlabeled_rows)
{
    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(test_data_path("uncertain_decisions_sample.csv"), &d,
                                       NULL));
    ck_assert_int_eq(bc_decisions_count(d), 2);
    bc_decision_row row = get_row(d, 0);
    ck_assert_int_eq(row.has_label, 0);
    ck_assert(isnan(row.label));
    ck_assert_int_eq(row.executed_model_idx, -1);
    ck_assert_double_eq(row.threshold, 0.5);
    row = get_row(d, 1);
    ck_assert_int_eq(row.has_label, 1);
    ck_assert_double_eq(row.label, 1.0);
    double f[3];
    ck_assert_ok(bc_decisions_features(d, 1, f, 3, NULL));
    ck_assert_double_eq(f[2], 0.6);
    bc_decisions_free(d);
}
END_TEST

START_TEST(decisions_reject_bad_rows_by_line_and_reason)
{
    const char *path = scratch_text("decisions.csv",
                                    "event_id;timestamp;probability;features;label;model_version\n"
                                    "1;2024.01.02 10:00:00;0.5;1,2;;v\n"
                                    "2;2024.01.02 10:01:00;1.5;1,2;;v\n"
                                    "3;2024.01.02 10:02:00;0.5;1,x;;v\n"
                                    "4;2024.01.02 10:03:00;0.5;1,2;maybe;v\n"
                                    "5;2024.01.02 10:04:00;0.5;1,,2;;v\n"
                                    "6;2024.01.02 10:05:00;0.5;1;;0123456789012345678901234567890123\n"
                                    "7;2024.01.02 10:06:00;0.5;1,1e999;;v\n"
                                    "8;2024.01.02 10:07:00;0.5;inf,-2;0;v\n");
    bc_decisions *d = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_decisions_read_csv(path, &d, &r));
    ck_assert_int_eq(bc_decisions_count(d), 2);
    ck_assert_int_eq(bc_rejects_count(r), 6);
    assert_reject(r, 0, 3, "column 'probability' is 1.5, expected 0..1");
    assert_reject(r, 1, 4, "column 'features' item 2 is 'x', expected a number");
    assert_reject(r, 2, 5, "column 'label' is 'maybe', expected a number");
    assert_reject(r, 3, 6, "column 'features' item 2 is '', expected a number");
    assert_reject(r, 4, 7, "column 'model_version' is '0123456789");
    assert_reject(r, 5, 8, "column 'features' item 2 is '1e999', out of range");
    /* Rejected rows leave no features behind: row 1 is the second kept. */
    double f[2];
    ck_assert_ok(bc_decisions_features(d, 1, f, 2, NULL));
    ck_assert(isnan(f[0])); /* inf -> NaN, the feature engine's rule */
    ck_assert_double_eq(f[1], -2.0);
    bc_decision_row row = get_row(d, 1);
    ck_assert_int_eq(row.has_label, 1);
    ck_assert_double_eq(row.label, 0.0);
    bc_rejects_free(r);
    bc_decisions_free(d);
    path = scratch_text("nop.csv", "event_id;timestamp;action\n1;2024.01.02;buy\n");
    ck_assert_status_msg(bc_decisions_read_csv(path, &d, NULL), BC_E_PARSE,
                         "nop.csv: missing required column 'probability'");
}
END_TEST

static bc_decision_row make_row(int64_t id)
{
    bc_decision_row row;
    memset(&row, 0, sizeof row);
    row.struct_size = sizeof row;
    row.event_id = id;
    row.timestamp = 1704189600 + id * 60;
    snprintf(row.model_version, sizeof row.model_version, "clone-%lld", (long long)id);
    snprintf(row.action, sizeof row.action, "%s", id % 2 ? "buy" : "sell");
    row.probability = 0.1 * (double)id;
    row.threshold = 0.5;
    row.sl_dist = NAN;
    row.tp_dist = 0.0025;
    row.model_idx = (int32_t)id;
    row.regime = -1;
    row.chosen = 1;
    row.risk_weight = 1.0 / 3.0;
    row.variance = 1e-12;
    row.lots_predicted = 0.01;
    row.executed_model_idx = 2;
    row.label = NAN;
    snprintf(row.trace_id, sizeof row.trace_id, "trace;%lld", (long long)id);
    snprintf(row.span_id, sizeof row.span_id, "span");
    return row;
}

static void assert_same_row(const bc_decision_row *a, const bc_decision_row *b, int uncertain)
{
    ck_assert_int_eq(a->event_id, b->event_id);
    ck_assert_int_eq(a->timestamp, b->timestamp);
    ck_assert_str_eq(a->model_version, b->model_version);
    ck_assert_str_eq(a->action, b->action);
    const double x[] = {a->probability, a->threshold, a->sl_dist, a->tp_dist,
                        a->risk_weight, a->variance, a->lots_predicted};
    const double y[] = {b->probability, b->threshold, b->sl_dist, b->tp_dist,
                        b->risk_weight, b->variance, b->lots_predicted};
    for (int k = 0; k < 7; k++)
        ck_assert_msg((isnan(x[k]) && isnan(y[k])) || x[k] == y[k], "field %d", k);
    ck_assert_int_eq(a->model_idx, b->model_idx);
    ck_assert_int_eq(a->regime, b->regime);
    ck_assert_int_eq(a->chosen, b->chosen);
    ck_assert_int_eq(a->has_label, b->has_label);
    if (!uncertain) {
        ck_assert_int_eq(a->executed_model_idx, b->executed_model_idx);
        ck_assert_str_eq(a->trace_id, b->trace_id);
        ck_assert_str_eq(a->span_id, b->span_id);
    }
}

START_TEST(decision_log_writes_header_once_and_appends_rows_that_read_back)
{
    const char *path = scratch_path("decisions.csv");
    const double feats[3][2] = {{1.5, -0.25}, {NAN, 1e-9}, {0.1 + 0.2, 7}};
    bc_decision_log *log = NULL;
    ck_assert_ok(bc_decision_log_open(path, 0, &log));
    for (int i = 1; i <= 2; i++) {
        bc_decision_row row = make_row(i);
        ck_assert_ok(bc_decision_log_write(log, &row, feats[i - 1], 2));
    }
    ck_assert_ok(bc_decision_log_close(log));
    ck_assert_ok(bc_decision_log_open(path, 0, &log));
    bc_decision_row row3 = make_row(3);
    ck_assert_ok(bc_decision_log_write(log, &row3, feats[2], 2));
    ck_assert_ok(bc_decision_log_close(log));

    char *text = slurp(path);
    ck_assert_int_eq(strncmp(text, "event_id;timestamp;model_version;action;probability;"
                                   "threshold;sl_dist;tp_dist;model_idx;regime;chosen;"
                                   "risk_weight;variance;lots_predicted;executed_model_idx;"
                                   "features;trace_id;span_id\n1;2024.01.02 10:01:00;clone-1;buy;",
                             strlen("event_id;timestamp;model_version;action;probability;"
                                    "threshold;sl_dist;tp_dist;model_idx;regime;chosen;"
                                    "risk_weight;variance;lots_predicted;executed_model_idx;"
                                    "features;trace_id;span_id\n1;2024.01.02 10:01:00;clone-1;buy;")),
                     0);
    ck_assert_ptr_null(strstr(text + 1, "event_id;"));
    free(text);

    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(path, &d, NULL));
    ck_assert_int_eq(bc_decisions_count(d), 3);
    for (int i = 0; i < 3; i++) {
        bc_decision_row want = make_row(i + 1), got = get_row(d, i);
        assert_same_row(&got, &want, 0);
        double f[2];
        int32_t n = 0;
        ck_assert_ok(bc_decisions_features(d, i, f, 2, &n));
        ck_assert_int_eq(n, 2);
        for (int k = 0; k < 2; k++)
            ck_assert((isnan(f[k]) && isnan(feats[i][k])) || f[k] == feats[i][k]);
    }
    bc_decisions_free(d);
}
END_TEST

START_TEST(decision_log_uncertain_format_leaves_label_empty_unless_labeled)
{
    const char *path = scratch_path("uncertain_decisions.csv");
    bc_decision_log *log = NULL;
    ck_assert_ok(bc_decision_log_open(path, 1, &log));
    bc_decision_row row = make_row(4);
    const double f[1] = {2.5};
    ck_assert_ok(bc_decision_log_write(log, &row, f, 1));
    row = make_row(5);
    row.has_label = 1;
    row.label = 2;
    ck_assert_ok(bc_decision_log_write(log, &row, NULL, 0));
    ck_assert_ok(bc_decision_log_close(log));
    char *text = slurp(path);
    ck_assert_str_eq(text,
                     "event_id;timestamp;model_version;action;probability;threshold;sl_dist;"
                     "tp_dist;model_idx;regime;chosen;risk_weight;variance;lots_predicted;"
                     "features;label\n"
                     "4;2024.01.02 10:04:00;clone-4;sell;0.4;0.5;;0.0025;4;;1;"
                     "0.33333333333333331;1e-12;0.01;2.5;\n"
                     "5;2024.01.02 10:05:00;clone-5;buy;0.5;0.5;;0.0025;5;;1;"
                     "0.33333333333333331;1e-12;0.01;;2\n");
    free(text);
    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(path, &d, NULL));
    bc_decision_row got = get_row(d, 0), want = make_row(4);
    ck_assert_double_eq(got.risk_weight, 1.0 / 3.0); /* 17 digits when 15 do not round-trip */
    assert_same_row(&got, &want, 1);
    got = get_row(d, 1);
    ck_assert_int_eq(got.has_label, 1);
    ck_assert_double_eq(got.label, 2.0);
    bc_decisions_free(d);
}
END_TEST

START_TEST(decision_log_refuses_a_file_with_another_header_and_bad_rows)
{
    const char *path = scratch_text("decisions.csv",
                                    "event_id;timestamp;model_version;action;probability;sl_dist\n");
    bc_decision_log *log = NULL;
    ck_assert_status_msg(bc_decision_log_open(path, 0, &log), BC_E_FORMAT,
                         "decisions.csv: existing header 'event_id;timestamp;model_version;"
                         "action;probability;sl_dist'");
    ck_assert_ptr_null(log);
    ck_assert_int_eq(bc_decision_log_open(path, 2, &log), BC_E_INVALID_ARGUMENT);
    ck_assert_status_msg(bc_decision_log_open("/nonexistent-dir/d.csv", 0, &log), BC_E_IO,
                         "/nonexistent-dir/d.csv");
    ck_assert_ok(bc_decision_log_open(scratch_path("ok.csv"), 0, &log));
    bc_decision_row row = make_row(1);
    ck_assert_int_eq(bc_decision_log_write(log, &row, NULL, 2), BC_E_INVALID_ARGUMENT);
    row.timestamp = INT64_MAX;
    ck_assert_status_msg(bc_decision_log_write(log, &row, NULL, 0), BC_E_INVALID_ARGUMENT,
                         "outside years");
    row = make_row(1);
    memset(row.action, 'x', sizeof row.action);
    ck_assert_status_msg(bc_decision_log_write(log, &row, NULL, 0), BC_E_INVALID_ARGUMENT,
                         "not NUL-terminated");
    row = make_row(1);
    row.struct_size = 4;
    ck_assert_int_eq(bc_decision_log_write(log, &row, NULL, 0), BC_E_INVALID_ARGUMENT);
    ck_assert_ok(bc_decision_log_close(log));
}
END_TEST

START_TEST(decision_log_repairs_a_last_line_cut_by_a_crash)
{
    const char *path = scratch_text("uncertain.csv",
                                    "event_id;timestamp;model_version;action;probability;"
                                    "threshold;sl_dist;tp_dist;model_idx;regime;chosen;"
                                    "risk_weight;variance;lots_predicted;features;label\r\n"
                                    "1;2024.01.02 10:00:00;v;buy;0.5;0.5;;;;;0;;;;1;\r\n"
                                    "2;2024.01.02 10:");
    bc_decision_log *log = NULL;
    ck_assert_ok(bc_decision_log_open(path, 1, &log));
    bc_decision_row row = make_row(3);
    ck_assert_ok(bc_decision_log_write(log, &row, NULL, 0));
    ck_assert_ok(bc_decision_log_close(log));
    /* The fragment "2;2024.01.02 10:" was cut on reopen: the log reads
     * clean, with no rejected row left behind forever. */
    bc_decisions *d = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_decisions_read_csv(path, &d, &r));
    ck_assert_int_eq(bc_decisions_count(d), 2);
    ck_assert_int_eq(get_row(d, 0).event_id, 1);
    ck_assert_int_eq(get_row(d, 1).event_id, 3);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    bc_rejects_free(r);
    bc_decisions_free(d);
    /* A header cut mid-way is started again. */
    path = scratch_text("torn_header.csv", "event_id;timestamp;model_ver");
    ck_assert_ok(bc_decision_log_open(path, 0, &log));
    row = make_row(9);
    ck_assert_ok(bc_decision_log_write(log, &row, NULL, 0));
    ck_assert_ok(bc_decision_log_close(log));
    ck_assert_ok(bc_decisions_read_csv(path, &d, &r));
    ck_assert_int_eq(bc_decisions_count(d), 1);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    bc_rejects_free(r);
    bc_decisions_free(d);
}
END_TEST

/* The real thing: a writer killed with SIGKILL at a random moment while it
 * appends rows with long feature vectors; after reopening, the log reads
 * with no rejected row. Ten trials, well under a second each. */
START_TEST(decision_log_reads_clean_after_kill_9_mid_write)
{
    const char *path = scratch_path("killed.csv");
    unlink(path);
    double feats[400];
    for (int k = 0; k < 400; k++)
        feats[k] = 0.1 * k + 1.0 / 3.0;
    int64_t written = 0;
    for (int trial = 0; trial < 10; trial++) {
        pid_t child = fork();
        ck_assert_int_ge(child, 0);
        if (child == 0) {
            bc_decision_log *log = NULL;
            if (bc_decision_log_open(path, 0, &log) != BC_OK)
                _exit(2);
            for (int64_t i = 1;; i++) {
                bc_decision_row row = make_row(1 + i % 9); /* probability 0.1 .. 0.9 */
                bc_decision_log_write(log, &row, feats, 400);
            }
        }
        struct timespec nap = {0, (long)(1 + trial * 3) * 1000 * 1000};
        nanosleep(&nap, NULL);
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        ck_assert(WIFSIGNALED(status));
        bc_decision_log *log = NULL;
        ck_assert_ok(bc_decision_log_open(path, 0, &log)); /* repairs on reopen */
        ck_assert_ok(bc_decision_log_close(log));
        bc_decisions *d = NULL;
        bc_rejects *r = NULL;
        int32_t rc = bc_decisions_read_csv(path, &d, &r);
        ck_assert_msg(rc == BC_OK || rc == BC_E_NO_DATA, "%s", bc_last_error());
        ck_assert_msg(bc_rejects_count(r) == 0, "trial %d: %d rejected rows", trial,
                      (int)bc_rejects_count(r));
        written = d ? bc_decisions_count(d) : 0;
        bc_rejects_free(r);
        bc_decisions_free(d);
    }
    ck_assert_msg(written > 0, "the writer never got a row out");
}
END_TEST

START_TEST(divergences_round_trip_and_reject_bad_rows)
{
    const char *path = scratch_text("divergences.csv",
                                    "decision_id,old_prob,new_prob,profit,weight\n"
                                    "10,0.7,0.3,12.5,2\n"
                                    "11,0.2,0.6,,\n"
                                    "12,1.2,0.6,1,1\n"
                                    "13,0.2,0.6,1,-1\n"
                                    "x,0.2,0.6,1,1\n");
    bc_divergences *v = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_divergences_read_csv(path, &v, &r));
    ck_assert_int_eq(bc_divergences_count(v), 2);
    bc_divergence row = {sizeof row, 0, 0, 0, 0, 0, 0};
    ck_assert_ok(bc_divergences_get(v, 1, &row));
    ck_assert_int_eq(row.decision_id, 11);
    ck_assert_double_eq(row.new_prob, 0.6);
    ck_assert(isnan(row.profit));
    ck_assert_double_eq(row.weight, 1.0);
    assert_reject(r, 0, 4, "old_prob is 1.2, expected 0..1");
    assert_reject(r, 1, 5, "weight is -1, expected a finite number >= 0");
    assert_reject(r, 2, 6, "column 'decision_id' is 'x', expected an integer");
    bc_divergence extra = {sizeof extra, 0, 99, 0.51, 0.49, -3.25, 0.5};
    ck_assert_ok(bc_divergences_append(v, &extra));
    extra.new_prob = NAN;
    ck_assert_status_msg(bc_divergences_append(v, &extra), BC_E_INVALID_ARGUMENT,
                         "decision 99: new_prob is nan");
    const char *out = scratch_path("out.csv");
    ck_assert_ok(bc_divergences_write_csv(v, out));
    char *text = slurp(out);
    ck_assert_str_eq(text, "decision_id,old_prob,new_prob,profit,weight\n"
                           "10,0.7,0.3,12.5,2\n"
                           "11,0.2,0.6,,1\n"
                           "99,0.51,0.49,-3.25,0.5\n");
    free(text);
    bc_divergences *back = NULL;
    ck_assert_ok(bc_divergences_read_csv(out, &back, NULL));
    ck_assert_int_eq(bc_divergences_count(back), 3);
    ck_assert_ok(bc_divergences_get(back, 2, &row));
    ck_assert_int_eq(row.decision_id, 99);
    ck_assert_double_eq(row.profit, -3.25);
    bc_divergences_free(back);
    bc_divergences_free(v);
    bc_rejects_free(r);
    bc_divergences *empty = NULL;
    ck_assert_ok(bc_divergences_create(&empty));
    ck_assert_int_eq(bc_divergences_count(empty), 0);
    ck_assert_int_eq(bc_divergences_get(empty, 0, &row), BC_E_INVALID_ARGUMENT);
    bc_divergences_free(empty);
}
END_TEST

Suite *suite_decisions(void)
{
    Suite *s = suite_create("decisions");
    TCase *tc = tcase_create("decisions");
    tcase_add_checked_fixture(tc, scratch_setup, scratch_teardown);
    tcase_add_test(tc, decisions_read_sample_with_features_and_empty_cells);
    tcase_add_test(tc, uncertain_decisions_read_labeled_and_unlabeled_rows);
    tcase_add_test(tc, decisions_reject_bad_rows_by_line_and_reason);
    tcase_add_test(tc, decision_log_writes_header_once_and_appends_rows_that_read_back);
    tcase_add_test(tc, decision_log_uncertain_format_leaves_label_empty_unless_labeled);
    tcase_add_test(tc, decision_log_refuses_a_file_with_another_header_and_bad_rows);
    tcase_add_test(tc, decision_log_repairs_a_last_line_cut_by_a_crash);
    tcase_add_test(tc, decision_log_reads_clean_after_kill_9_mid_write);
    tcase_add_test(tc, divergences_round_trip_and_reject_bad_rows);
    suite_add_tcase(s, tc);
    return s;
}
