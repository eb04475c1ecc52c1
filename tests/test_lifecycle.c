/*
 * test_lifecycle.c - the lifecycle layer's C parts: cron expressions
 * (seed 001's schedule and examples, worked by hand with the calendar),
 * and the registry and job queue on an embedded SQLite file: versions,
 * activation refusing a broken file, the claim rules (a stale claim never
 * finishes a job), retries with backoff, lease expiry, the stale-gate guard
 * and retention. The same calls against PostgreSQL, and the daemon with
 * injected faults, are in tests/python/test_lifecycle.py.
 */
#include "test_util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* 2024-01-01 00:00:00 UTC, a Monday. */
#define JAN1 1704067200LL
#define MIN 60LL
#define HOUR 3600LL
#define DAY 86400LL

static int64_t next_of(const char *expr, int64_t after)
{
    bc_cron *c = NULL;
    ck_assert_ok(bc_cron_parse(expr, &c));
    int64_t t = 0;
    ck_assert_ok(bc_cron_next(c, after, &t));
    bc_cron_free(c);
    return t;
}

START_TEST(cron_seed_schedule_and_examples)
{
    /* TRAINING_CRON_SCHEDULE's default: 02:00, 14:00, 22:00 every day. */
    ck_assert_int_eq(next_of("0 2,14,22 * * *", JAN1), JAN1 + 2 * HOUR);
    ck_assert_int_eq(next_of("0 2,14,22 * * *", JAN1 + 2 * HOUR), JAN1 + 14 * HOUR);
    ck_assert_int_eq(next_of("0 2,14,22 * * *", JAN1 + 22 * HOUR), JAN1 + DAY + 2 * HOUR);
    /* Every 6 hours. */
    ck_assert_int_eq(next_of("0 */6 * * *", JAN1 + 1), JAN1 + 6 * HOUR);
    /* 9, 13, 17 on weekdays: Friday Jan 5 17:00 -> Monday Jan 8 09:00. */
    ck_assert_int_eq(next_of("0 9,13,17 * * 1-5", JAN1 + 4 * DAY + 17 * HOUR),
                     JAN1 + 7 * DAY + 9 * HOUR);
    /* Once daily at 2 AM. */
    ck_assert_int_eq(next_of("0 2 * * *", JAN1 + 3 * HOUR), JAN1 + DAY + 2 * HOUR);
    /* Every 2 hours 9-16 on weekdays: 9, 11, 13, 15, then the next day. */
    ck_assert_int_eq(next_of("0 9-16/2 * * 1-5", JAN1 + 9 * HOUR), JAN1 + 11 * HOUR);
    ck_assert_int_eq(next_of("0 9-16/2 * * 1-5", JAN1 + 15 * HOUR), JAN1 + DAY + 9 * HOUR);
}
END_TEST

START_TEST(cron_names_macros_sunday_and_either_day)
{
    /* Sunday as 0, 7 and sun: Jan 7 2024. */
    ck_assert_int_eq(next_of("30 4 * * 0", JAN1), JAN1 + 6 * DAY + 4 * HOUR + 30 * MIN);
    ck_assert_int_eq(next_of("30 4 * * 7", JAN1), JAN1 + 6 * DAY + 4 * HOUR + 30 * MIN);
    ck_assert_int_eq(next_of("30 4 * * SUN", JAN1), JAN1 + 6 * DAY + 4 * HOUR + 30 * MIN);
    /* Month names; Feb 29 of a leap year. */
    ck_assert_int_eq(next_of("0 0 29 feb *", JAN1), JAN1 + 59 * DAY);
    ck_assert_int_eq(next_of("@daily", JAN1), JAN1 + DAY);
    ck_assert_int_eq(next_of("@hourly", JAN1 + 5), JAN1 + HOUR);
    ck_assert_int_eq(next_of("@monthly", JAN1), JAN1 + 31 * DAY);
    /* Both day fields restricted: the 15th OR a Wednesday (Jan 3). */
    ck_assert_int_eq(next_of("0 0 15 * 3", JAN1), JAN1 + 2 * DAY);
    /* Day of month restricted, weekday a star: only the 15th. */
    ck_assert_int_eq(next_of("0 0 15 * *", JAN1), JAN1 + 14 * DAY);
    /* The next minute is strictly after, at a whole minute. */
    ck_assert_int_eq(next_of("* * * * *", JAN1), JAN1 + MIN);
    ck_assert_int_eq(next_of("* * * * *", JAN1 + 59), JAN1 + MIN);
}
END_TEST

START_TEST(cron_errors_name_the_field)
{
    bc_cron *c = NULL;
    ck_assert_status_msg(bc_cron_parse("0 24 * * *", &c), BC_E_PARSE, "hour value in '24'");
    ck_assert_status_msg(bc_cron_parse("0 0 * *", &c), BC_E_PARSE, "4 fields");
    ck_assert_status_msg(bc_cron_parse("0 0 * * * *", &c), BC_E_PARSE, "more than 5");
    ck_assert_status_msg(bc_cron_parse("5-1 * * * *", &c), BC_E_PARSE, "backwards");
    ck_assert_status_msg(bc_cron_parse("*/0 * * * *", &c), BC_E_PARSE, "minute item");
    ck_assert_status_msg(bc_cron_parse("0 0 * foo *", &c), BC_E_PARSE, "month item 'foo'");
    ck_assert_status_msg(bc_cron_parse("@often", &c), BC_E_PARSE, "unknown macro");
    ck_assert_ptr_null(c);
    ck_assert_ok(bc_cron_parse("0 0 30 2 *", &c));
    int64_t t = 1;
    ck_assert_status_msg(bc_cron_next(c, JAN1, &t), BC_E_NOT_FOUND, "never fires");
    ck_assert_int_eq(t, 0);
    ck_assert_status_msg(bc_cron_next(c, -1, &t), BC_E_INVALID_ARGUMENT, "-1");
    bc_cron_free(c);
    bc_cron_free(NULL);
}
END_TEST

/* A fresh registry in a temporary folder. */
static bc_registry *fresh(char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/bc-lifecycle-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[4200], store[4200];
    snprintf(db, sizeof db, "%s/registry.db", dir);
    snprintf(store, sizeof store, "%s/models", dir);
    bc_registry *reg = NULL;
    ck_assert_ok(bc_registry_open(db, store, &reg));
    return reg;
}

static void remove_dir(const char *dir)
{
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *model_path(void)
{
    return test_data_path("golden/logistic_v0.1.0.bcm");
}

START_TEST(registry_versions_activation_and_refusals)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    int64_t v1 = 0, v2 = 0;
    ck_assert_ok(bc_registry_add(reg, "EURUSD/logistic/mt5", model_path(), "{\"score\": 0.5}",
                                 1000, 2000, 0, 0, 10, 0, &v1));
    ck_assert_ok(bc_registry_add(reg, "EURUSD/logistic/mt5", model_path(), NULL, 0, 0, v1, 0,
                                 20, 0, &v2));
    ck_assert_int_gt(v2, v1);
    char file[4400];
    snprintf(file, sizeof file, "%s/models/EURUSD_logistic_mt5/v%lld.bcm", dir, (long long)v2);
    ck_assert_int_eq(access(file, R_OK), 0);
    ck_assert_ok(bc_registry_activate(reg, v1, 30));
    ck_assert_ok(bc_registry_activate(reg, v2, 31));
    char buf[8192];
    int32_t len = 0;
    ck_assert_ok(bc_registry_json(reg, "active", "EURUSD/logistic/mt5", 40, buf, sizeof buf,
                                  &len));
    char want[64];
    snprintf(want, sizeof want, "\"version\":%lld", (long long)v2);
    ck_assert_ptr_nonnull(strstr(buf, want));
    ck_assert_ptr_nonnull(strstr(buf, "\"parent_version\":1"));
    ck_assert_ok(bc_registry_json(reg, "model", "1", 40, buf, sizeof buf, &len));
    ck_assert_ptr_nonnull(strstr(buf, "\"state\":\"retired\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"data_from\":1000"));
    /* Two-call pattern. */
    int32_t need = 0;
    ck_assert_int_eq(bc_registry_json(reg, "models", NULL, 40, NULL, 0, &need),
                     BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_gt(need, 0);
    /* A damaged file never becomes active, and never enters. */
    FILE *f = fopen(file, "r+b");
    ck_assert_ptr_nonnull(f);
    fseek(f, 60, SEEK_SET);
    fputc('X', f);
    fclose(f);
    ck_assert_ok(bc_registry_activate(reg, v1, 50));
    ck_assert_int_eq(bc_registry_activate(reg, v2, 51), BC_E_CORRUPT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "version 2"));
    int64_t v = 0;
    ck_assert_int_eq(bc_registry_add(reg, "K", file, NULL, 0, 0, 0, 0, 60, 0, &v), BC_E_CORRUPT);
    ck_assert_status_msg(bc_registry_add(reg, "K", model_path(), "[1]", 0, 0, 0, 0, 60, 0, &v),
                         BC_E_PARSE, "metrics_json");
    ck_assert_status_msg(bc_registry_activate(reg, 99, 60), BC_E_NOT_FOUND, "99");
    ck_assert_status_msg(bc_registry_set(reg, "gate_margn", "1"), BC_E_UNKNOWN_KEY,
                         "gate_margn");
    ck_assert_status_msg(bc_registry_set(reg, "retention_days", "-2"), BC_E_INVALID_ARGUMENT,
                         "'-2'");
    ck_assert_status_msg(bc_registry_json(reg, "everything", NULL, 0, buf, sizeof buf, &len),
                         BC_E_INVALID_ARGUMENT, "everything");
    bc_registry_free(reg);
    /* A database that cannot be reached is named, its password hidden. */
    ck_assert_status_msg(bc_registry_open("postgresql://u:secret@127.0.0.1:1/x", dir, &reg),
                         BC_E_IO, "postgresql://u:***@127.0.0.1:1/x");
    ck_assert_ptr_null(strstr(bc_last_error(), "secret"));
    remove_dir(dir);
}
END_TEST

START_TEST(queue_claims_retries_leases_and_publishes_once)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    int64_t id = 0, id2 = 0;
    ck_assert_status_msg(bc_jobs_enqueue(reg, "A/s/x", "retrain", 0, 0, 0, &id), BC_E_NOT_FOUND,
                         "not defined");
    ck_assert_status_msg(bc_jobs_define(reg, "A/s/x", "{}", "61 0 * * *", 0), BC_E_PARSE,
                         "minute");
    ck_assert_ok(bc_jobs_define(reg, "A/s/x", "{\"symbol\": \"A\"}", "0 2 * * *", 0));
    ck_assert_ok(bc_jobs_enqueue(reg, "A/s/x", "scheduled", 7200, 7200, 100, &id));
    ck_assert_int_gt(id, 0);
    ck_assert_ok(bc_jobs_enqueue(reg, "A/s/x", "scheduled", 7200, 7200, 100, &id2));
    ck_assert_int_eq(id2, 0); /* that tick is queued already */
    int64_t job = 0;
    int32_t attempt = 0;
    ck_assert_int_eq(bc_jobs_claim(reg, "w1", 7199, &job, &attempt), BC_E_NOT_FOUND);
    ck_assert_ok(bc_jobs_claim(reg, "w1", 7200, &job, &attempt));
    ck_assert_int_eq(job, id);
    ck_assert_int_eq(attempt, 1);
    /* Failed: back after backoff 30 s * 2^0. */
    ck_assert_ok(bc_jobs_finish(reg, job, "w1", 1, "failed", "boom", 3, 30, 7300));
    ck_assert_int_eq(bc_jobs_claim(reg, "w1", 7329, &job, &attempt), BC_E_NOT_FOUND);
    ck_assert_ok(bc_jobs_claim(reg, "w2", 7330, &job, &attempt));
    ck_assert_int_eq(attempt, 2);
    /* w2 stops heartbeating: after the lease the job is failed attempt 2,
     * queued again after 30 * 2^1 s; w2's late finish is refused. */
    int32_t expired = 0;
    ck_assert_ok(bc_jobs_expire(reg, 100, 3, 30, 7400, &expired));
    ck_assert_int_eq(expired, 0);
    ck_assert_ok(bc_jobs_expire(reg, 100, 3, 30, 7431, &expired));
    ck_assert_int_eq(expired, 1);
    ck_assert_status_msg(bc_jobs_finish(reg, job, "w2", 2, "done", NULL, 3, 30, 7432),
                         BC_E_STATE, "no longer held by worker 'w2'");
    ck_assert_int_eq(bc_jobs_claim(reg, "w3", 7490, &job, &attempt), BC_E_NOT_FOUND);
    ck_assert_ok(bc_jobs_claim(reg, "w3", 7491, &job, &attempt));
    ck_assert_int_eq(attempt, 3);
    /* Its heartbeat renews the lease. */
    ck_assert_ok(bc_jobs_heartbeat(reg, "w3", "host", 42, "running", 1, 2, 7600));
    ck_assert_ok(bc_jobs_expire(reg, 100, 3, 30, 7650, &expired));
    ck_assert_int_eq(expired, 0);
    /* It publishes a staged version: done, active, in one transaction. */
    int64_t v = 0;
    ck_assert_ok(bc_registry_add(reg, "A/s/x", model_path(), "{\"score\": 1}", 0, 0, 0, job,
                                 7650, 1, &v));
    ck_assert_int_eq(bc_registry_activate(reg, v, 7651), BC_E_STATE); /* still staging */
    ck_assert_ok(bc_jobs_complete(reg, job, "w3", 3, v, 1, 7660));
    ck_assert_int_eq(bc_jobs_complete(reg, job, "w3", 3, v, 1, 7661), BC_E_STATE);
    char buf[8192];
    int32_t len = 0;
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)job);
    ck_assert_ok(bc_registry_json(reg, "job", idtext, 7700, buf, sizeof buf, &len));
    ck_assert_ptr_nonnull(strstr(buf, "\"state\":\"done\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"outcome\":\"failed\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"outcome\":\"done\""));
    ck_assert_ok(bc_registry_json(reg, "active", "A/s/x", 7700, buf, sizeof buf, &len));

    /* Stale gate: a candidate gated with no active version may not become
     * active once another version is. */
    ck_assert_ok(bc_jobs_enqueue(reg, "A/s/x", "retrain", 0, 8000, 8000, &id));
    ck_assert_ok(bc_jobs_enqueue(reg, "A/s/x", "retrain", 0, 8000, 8000, &id2));
    ck_assert_ok(bc_registry_set(reg, "gate_metric", "score"));
    int64_t ja = 0, jb = 0, va = 0, vb = 0;
    int32_t aa = 0, ab = 0, passed = 0;
    ck_assert_ok(bc_jobs_claim(reg, "w1", 8000, &ja, &aa));
    ck_assert_ok(bc_jobs_claim(reg, "w2", 8000, &jb, &ab));
    ck_assert_ok(bc_registry_add(reg, "A/s/x", model_path(), "{\"score\": 2}", 0, 0, v, ja,
                                 8001, 1, &va));
    ck_assert_ok(bc_registry_add(reg, "A/s/x", model_path(), "{\"score\": 3}", 0, 0, v, jb,
                                 8001, 1, &vb));
    double cs = 0, as = 0;
    ck_assert_ok(bc_registry_gate(reg, va, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert(passed && cs == 2 && as == 1);
    ck_assert_ok(bc_registry_gate(reg, vb, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert(passed && cs == 3 && as == 1);
    ck_assert_ok(bc_jobs_complete(reg, ja, "w1", aa, va, 1, 8002));
    ck_assert_status_msg(bc_jobs_complete(reg, jb, "w2", ab, vb, 1, 8003), BC_E_STATE,
                         "gate it again");
    ck_assert_ok(bc_registry_gate(reg, vb, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert(passed && cs == 3 && as == 2);
    ck_assert_ok(bc_jobs_complete(reg, jb, "w2", ab, vb, 1, 8004));
    ck_assert_ok(bc_registry_json(reg, "active", "A/s/x", 8005, buf, sizeof buf, &len));
    char want[64];
    snprintf(want, sizeof want, "\"version\":%lld", (long long)vb);
    ck_assert_ptr_nonnull(strstr(buf, want));
    /* A metric the candidate lacks is named. */
    ck_assert_ok(bc_registry_set(reg, "gate_metric", "sharpe"));
    ck_assert_status_msg(bc_registry_gate(reg, vb, NULL, NULL, 0, 0, &cs, &as, &passed),
                         BC_E_NOT_FOUND, "'sharpe'");
    ck_assert_ok(bc_registry_set(reg, "gate_metric", "fidelity_f1"));
    ck_assert_status_msg(bc_registry_gate(reg, vb, NULL, NULL, 0, 0, &cs, &as, &passed),
                         BC_E_INVALID_ARGUMENT, "needs bars");
    bc_registry_free(reg);
    remove_dir(dir);
}
END_TEST

START_TEST(retention_removes_old_inactive_versions_with_their_files)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    int64_t v[3];
    for (int i = 0; i < 3; i++)
        ck_assert_ok(bc_registry_add(reg, "K", model_path(), NULL, 0, 0, 0, 0, i * 10 * DAY, 0,
                                     &v[i]));
    ck_assert_ok(bc_registry_activate(reg, v[0], 0));
    int32_t removed = 0;
    /* Day 45, 30-day retention: v[1] (day 10, 35 days old) goes; v[0] is
     * active; v[2] (day 20) is 25 days old. */
    ck_assert_ok(bc_registry_cleanup(reg, 45 * DAY, &removed));
    ck_assert_int_eq(removed, 1);
    char file[4400];
    snprintf(file, sizeof file, "%s/models/K/v%lld.bcm", dir, (long long)v[1]);
    ck_assert_int_ne(access(file, F_OK), 0);
    snprintf(file, sizeof file, "%s/models/K/v%lld.bcm", dir, (long long)v[0]);
    ck_assert_int_eq(access(file, F_OK), 0);
    ck_assert_ok(bc_registry_set(reg, "retention_days", "0"));
    ck_assert_ok(bc_registry_cleanup(reg, 45 * DAY, &removed));
    ck_assert_int_eq(removed, 1); /* v[2]; never the active one */
    ck_assert_int_eq(access(file, F_OK), 0);
    bc_registry_free(reg);
    remove_dir(dir);
}
END_TEST

START_TEST(a_foreign_schema_is_refused_as_internal_not_retried)
{
    char dir[256] = "/tmp/bc-lifecycle-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[4200];
    snprintf(db, sizeof db, "%s/registry.db", dir);
    sqlite3 *lite = NULL;
    ck_assert_int_eq(sqlite3_open(db, &lite), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(lite, "CREATE TABLE bc_models (version INTEGER PRIMARY KEY, "
                                        "model_key TEXT)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(lite);
    bc_registry *reg = NULL;
    /* Not BC_E_IO: a daemon retries BC_E_IO, and this will never heal. */
    ck_assert_status_msg(bc_registry_open(db, dir, &reg), BC_E_INTERNAL, "no such column");
    ck_assert_ptr_null(reg);
    remove_dir(dir);
}
END_TEST

/* The tie rule: by default a candidate scoring exactly the active score +
 * margin (an update that changes no decision) is rejected; with
 * gate_accept_ties = 1 it passes, and a lower score still fails. */
START_TEST(gate_tie_rule_is_an_option)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    int64_t va = 0, vt = 0, vl = 0, vh = 0;
    ck_assert_ok(bc_registry_set(reg, "gate_metric", "score"));
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), "{\"score\": 0.625}", 0, 0, 0, 0, 10,
                                 0, &va));
    ck_assert_ok(bc_registry_activate(reg, va, 11));
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), "{\"score\": 0.625}", 0, 0, va, 0, 12,
                                 0, &vt));
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), "{\"score\": 0.5}", 0, 0, va, 0, 12,
                                 0, &vl));
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), "{\"score\": 0.75}", 0, 0, va, 0, 12,
                                 0, &vh));
    double cs = 0, as = 0;
    int32_t passed = -1;
    /* default: strictly above */
    ck_assert_ok(bc_registry_gate(reg, vt, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert(passed == 0 && cs == 0.625 && as == 0.625);
    ck_assert_ok(bc_registry_gate(reg, vh, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 1);
    /* accept ties: the equal score passes, with a margin too (0.5 + 0.125) */
    ck_assert_ok(bc_registry_set(reg, "gate_accept_ties", "1"));
    ck_assert_ok(bc_registry_gate(reg, vt, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 1);
    ck_assert_ok(bc_registry_gate(reg, vl, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 0);
    ck_assert_ok(bc_registry_set(reg, "gate_margin", "0.125"));
    ck_assert_ok(bc_registry_gate(reg, vh, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 1); /* 0.75 == 0.625 + 0.125 */
    ck_assert_ok(bc_registry_set(reg, "gate_accept_ties", "0"));
    ck_assert_ok(bc_registry_gate(reg, vh, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 0);
    ck_assert_status_msg(bc_registry_set(reg, "gate_accept_ties", "yes"), BC_E_INVALID_ARGUMENT,
                         "gate_accept_ties = 'yes'");
    bc_registry_free(reg);
    remove_dir(dir);
}
END_TEST

/* The fidelity gate scores a candidate only on data it was not trained on:
 * a window starting at or before the candidate's data_to is refused (a
 * candidate that memorised the window can never pass on it); a window after
 * data_to, or a version with no recorded range, is not refused for that. */
START_TEST(gate_refuses_a_window_inside_the_training_data)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    int64_t t[4] = {1000, 2000, 3000, 4000};
    double px[4] = {1, 1, 1, 1};
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    ck_assert_ok(bc_bars_from_arrays(4, t, px, px, px, px, px, &bars));
    ck_assert_ok(bc_trades_create(&trades));
    int64_t v = 0;
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), NULL, 1000, 3000, 0, 0, 10, 0, &v));
    double cs = 0, as = 0;
    int32_t passed = -1;
    ck_assert_status_msg(bc_registry_gate(reg, v, bars, trades, 3000, 4000, &cs, &as, &passed),
                         BC_E_INVALID_ARGUMENT, "inside version");
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "data_to 3000"));
    ck_assert_int_eq(passed, 0);
    ck_assert_status_msg(bc_registry_gate(reg, v, bars, trades, 0, 0, &cs, &as, &passed),
                         BC_E_INVALID_ARGUMENT, "starts at 0");
    /* a window after data_to gets past the check (whatever the run says) */
    int32_t rc = bc_registry_gate(reg, v, bars, trades, 3001, 4000, &cs, &as, &passed);
    ck_assert(rc == BC_OK || strstr(bc_last_error(), "inside version") == NULL);
    /* the metric gate reads the trainer's own numbers: no window to check */
    ck_assert_ok(bc_registry_set(reg, "gate_metric", "score"));
    int64_t w = 0;
    ck_assert_ok(bc_registry_add(reg, "K", model_path(), "{\"score\": 1}", 1000, 4000, 0, 0,
                                 10, 0, &w));
    ck_assert_ok(bc_registry_gate(reg, w, NULL, NULL, 0, 0, &cs, &as, &passed));
    ck_assert_int_eq(passed, 1);
    bc_bars_free(bars);
    bc_trades_free(trades);
    bc_registry_free(reg);
    remove_dir(dir);
}
END_TEST

/* The embedded registry is SQLite in WAL mode (readers never block the
 * writer; several daemons of one machine share it), synchronous FULL. */
static int first_text(void *out, int n, char **values, char **names)
{
    (void)names;
    if (n > 0 && values[0])
        snprintf((char *)out, 32, "%s", values[0]);
    return 0;
}

START_TEST(sqlite_registry_is_in_wal_mode)
{
    char dir[256];
    bc_registry *reg = fresh(dir, sizeof dir);
    char db[4200], mode[32] = "";
    snprintf(db, sizeof db, "%s/registry.db", dir);
    sqlite3 *lite = NULL;
    ck_assert_int_eq(sqlite3_open(db, &lite), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(lite, "PRAGMA journal_mode", first_text, mode, NULL),
                     SQLITE_OK);
    ck_assert_str_eq(mode, "wal");
    sqlite3_close(lite);
    bc_registry_free(reg);
    remove_dir(dir);
}
END_TEST

Suite *suite_lifecycle(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("lifecycle");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cron_seed_schedule_and_examples);
    tcase_add_test(tc, cron_names_macros_sunday_and_either_day);
    tcase_add_test(tc, cron_errors_name_the_field);
    tcase_add_test(tc, registry_versions_activation_and_refusals);
    tcase_add_test(tc, queue_claims_retries_leases_and_publishes_once);
    tcase_add_test(tc, retention_removes_old_inactive_versions_with_their_files);
    tcase_add_test(tc, a_foreign_schema_is_refused_as_internal_not_retried);
    tcase_add_test(tc, gate_tie_rule_is_an_option);
    tcase_add_test(tc, sqlite_registry_is_in_wal_mode);
    tcase_add_test(tc, gate_refuses_a_window_inside_the_training_data);
    suite_add_tcase(s, tc);
    return s;
}
