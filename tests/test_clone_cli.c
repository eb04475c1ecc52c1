/* test_clone_cli.c - the botcopier commands of the main job, run as a user
 * runs them: clone writes its three files and the fidelity table, run
 * writes a trade log in the observer schema and compares it, replay writes
 * divergences, hwinfo reports the mode, features writes the spec's columns,
 * and bad input gives a non-zero exit naming the problem. */
#include "test_util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char out_dir[256];

/* Runs "botcopier <args>" with stdout+stderr captured into *output (static
 * buffer); returns the exit status. */
static int run_cli(const char *args, const char **output)
{
    static char buf[65536];
    const char *cli = getenv("BC_CLI");
    ck_assert_msg(cli != NULL, "BC_CLI is not set (run through make check)");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", BC_TEST_SOURCE_DIR, cli, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    int status = pclose(p);
    *output = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int file_exists(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 && st.st_size > 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void setup(void)
{
    snprintf(out_dir, sizeof out_dir, "/tmp/bc_test_clone_cli_%d", (int)getpid());
    mkdir(out_dir, 0777);
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", out_dir);
}

START_TEST(every_command_has_help)
{
    const char *out;
    const char *commands[] = {"clone", "run", "replay", "hwinfo", "features"};
    for (int i = 0; i < 5; i++) {
        char args[64];
        snprintf(args, sizeof args, "%s --help", commands[i]);
        ck_assert_int_eq(run_cli(args, &out), 0);
        ck_assert_msg(strstr(out, "usage: botcopier") != NULL, "%s: %s", commands[i], out);
    }
    ck_assert_int_eq(run_cli("clone --trades x.csv", &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "--trades, --bars and --out are required"));
    ck_assert_int_eq(run_cli("clone --bogus 1", &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "--bogus"));
}
END_TEST

START_TEST(clone_run_and_replay_work_together)
{
    const char *out;
    char args[2048];
    snprintf(args, sizeof args,
             "clone --trades tests/data/sample_bot_aapl_trades_raw.csv --bars tests/data/aapl_daily.csv "
             "--out %s/m --holdout 0.3",
             out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "clone fidelity"));
    ck_assert_ptr_nonnull(strstr(out, "open_long"));
    ck_assert_ptr_nonnull(strstr(out, "Brier"));
    ck_assert_ptr_nonnull(strstr(out, "clone: AAPL: 1260 bars")); /* progress line */
    char dir[300];
    snprintf(dir, sizeof dir, "%s/m", out_dir);
    ck_assert(file_exists(dir, "model.bcm"));
    ck_assert(file_exists(dir, "model.json"));
    ck_assert(file_exists(dir, "report.json"));
    char path[512];
    snprintf(path, sizeof path, "%s/model.json", dir);
    const char *json = read_file(path);
    ck_assert_ptr_nonnull(strstr(json, "\"feature_names\""));
    ck_assert_ptr_nonnull(strstr(json, "\"calibration_coef\""));
    ck_assert_ptr_nonnull(strstr(json, "\"mode\""));

    snprintf(args, sizeof args, "clone --quiet --trades tests/data/sample_bot_aapl_trades_raw.csv "
             "--bars tests/data/aapl_daily.csv --out %s/q", out_dir);
    ck_assert_int_eq(run_cli(args, &out), 0);
    ck_assert_ptr_null(strstr(out, "clone: AAPL: 1260 bars"));

    snprintf(args, sizeof args,
             "run --model %s/m/model.bcm --bars tests/data/aapl_daily.csv --from 2016.12.01 "
             "--to '2018-05-11 00:00' --out %s/clone_trades.csv "
             "--compare tests/data/sample_bot_aapl_trades_raw.csv --decisions %s/decisions.csv",
             out_dir, out_dir, out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "clone vs target"));
    snprintf(path, sizeof path, "%s/clone_trades.csv", out_dir);
    const char *log = read_file(path);
    ck_assert_msg(strncmp(log, "event_id;event_time;broker_time;local_time;action;ticket;", 57) == 0,
                  "%.80s", log);
    ck_assert_ptr_nonnull(strstr(log, ";OPEN;"));
    ck_assert_ptr_nonnull(strstr(log, ";CLOSE;"));
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(path, &t, NULL));
    ck_assert_int_gt(bc_trades_count(t), 10);
    int64_t from = 0;
    ck_assert_ok(bc_time_parse("2016.12.01", &from));
    for (int32_t i = 0; i < bc_trades_count(t); i++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(t, i, &e));
        ck_assert_int_ge(e.time, from); /* nothing before --from */
        ck_assert_int_eq(e.decision_id, e.time);
    }
    bc_trades_free(t);

    snprintf(args, sizeof args,
             "replay --decisions %s/decisions.csv --model %s/m/model.bcm --out %s/div.csv --weight 2",
             out_dir, out_dir, out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "0 of"));
    snprintf(path, sizeof path, "%s/div.csv", out_dir);
    ck_assert_ptr_nonnull(strstr(read_file(path), "decision_id,old_prob,new_prob,profit,weight"));

    snprintf(args, sizeof args, "run --model %s/m/model.bcm --bars tests/data/aapl_daily.csv "
             "--from yesterday --out %s/x.csv", out_dir, out_dir);
    ck_assert_int_eq(run_cli(args, &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "yesterday"));
}
END_TEST

START_TEST(clone_names_the_problem_and_lists_rejected_rows)
{
    const char *out;
    char path[512], args[2048];
    snprintf(path, sizeof path, "%s/bars_bad.csv", out_dir);
    FILE *src = fopen(test_data_path("aapl_daily.csv"), "r"), *dst = fopen(path, "w");
    ck_assert(src && dst);
    char line[512];
    for (int i = 0; fgets(line, sizeof line, src); i++)
        fputs(i == 500 ? "2015-05-07,abc,1,1,1,1,1\n" : line, dst);
    fclose(src);
    fclose(dst);
    snprintf(args, sizeof args,
             "clone --quiet --trades tests/data/sample_bot_aapl_trades_raw.csv --bars %s --out %s/r",
             path, out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "1 rows rejected"));
    char dir[300];
    snprintf(dir, sizeof dir, "%s/r", out_dir);
    ck_assert(file_exists(dir, "invalid_rows.csv"));

    snprintf(args, sizeof args, "clone --trades tests/data/aapl_daily.csv "
             "--bars tests/data/aapl_daily.csv --out %s/e", out_dir);
    ck_assert_int_eq(run_cli(args, &out), 1);
    ck_assert_ptr_nonnull(strstr(out, "botcopier clone: tests/data/aapl_daily.csv"));

    snprintf(args, sizeof args, "clone --trades tests/data/sample_bot_aapl_trades_raw.csv "
             "--bars tests/data/aapl_daily.csv --out %s/e --holdout 2", out_dir);
    ck_assert_int_eq(run_cli(args, &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "holdout '2'"));
}
END_TEST

START_TEST(clone_takes_bars_per_symbol_for_a_log_of_several)
{
    const char *out;
    char args[2048];
    snprintf(args, sizeof args,
             "clone --quiet --model logistic --trades tests/data/bots/macd_two_symbols_trades_raw.csv "
             "--bars AAPL=tests/data/aapl_daily.csv --bars GOOGL=tests/data/bots/googl_daily.csv "
             "--out %s/two",
             out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "clone of GOOGL,AAPL"));
    ck_assert_ptr_nonnull(strstr(out, "\n  AAPL "));
    ck_assert_ptr_nonnull(strstr(out, "\n  GOOGL "));
    snprintf(args, sizeof args,
             "clone --quiet --model logistic --trades tests/data/bots/macd_two_symbols_trades_raw.csv "
             "--bars tests/data/aapl_daily.csv --out %s/one", out_dir);
    ck_assert_int_eq(run_cli(args, &out), 1);
    ck_assert_ptr_nonnull(strstr(out, "--bars SYMBOL=FILE"));
}
END_TEST

START_TEST(clone_prints_what_the_signal_search_added_and_takes_search)
{
    const char *out;
    char args[2048];
    snprintf(args, sizeof args,
             "clone --quiet --model logistic --trades tests/data/bots/sma_7_25_sp500_trades_raw.csv "
             "--bars tests/data/sp500_daily.csv --out %s/s",
             out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "signal search added: cross(sma(7),sma(25))"));
    snprintf(args, sizeof args,
             "clone --quiet --model logistic --trades tests/data/bots/sma_7_25_sp500_trades_raw.csv "
             "--bars tests/data/sp500_daily.csv --out %s/s0 --search 0",
             out_dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_ptr_null(strstr(out, "signal search added"));
    snprintf(args, sizeof args,
             "clone --model logistic --trades tests/data/bots/sma_7_25_sp500_trades_raw.csv "
             "--bars tests/data/sp500_daily.csv --out %s/s9 --search 9",
             out_dir);
    ck_assert_int_eq(run_cli(args, &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "search '9'"));
}
END_TEST

START_TEST(hwinfo_reports_resources_and_the_mode)
{
    const char *out;
    ck_assert_int_eq(run_cli("hwinfo --json", &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"cores\""));
    ck_assert_ptr_nonnull(strstr(out, "\"mode\""));
    ck_assert_int_eq(run_cli("hwinfo", &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "mode "));
    ck_assert_ptr_nonnull(strstr(out, "cores "));
}
END_TEST

START_TEST(features_writes_one_named_column_per_output)
{
    const char *out;
    char args[1024], path[512];
    snprintf(path, sizeof path, "%s/f.csv", out_dir);
    snprintf(args, sizeof args, "features --bars tests/data/aapl_daily.csv "
             "--spec 'sma(3),macd(12,26,9).hist,cross(sma(2),sma(5)),cross(rsi(14),70)' --out %s", path);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    const char *csv = read_file(path);
    /* Names holding commas are quoted (RFC 4180). */
    const char *header =
        "time,sma(3),\"macd(12,26,9).hist\",\"cross(sma(2),sma(5))\",\"cross(rsi(14),70)\"\n";
    ck_assert_msg(strncmp(csv, header, strlen(header)) == 0, "%.80s", csv);
    /* First bar: every column still in its lookback, so empty cells. */
    ck_assert_ptr_nonnull(strstr(csv, "\n2013-05-13 00:00:00,,,,\n"));
    /* Third bar: sma(3) = mean of the first three closes. */
    const char *third = strstr(csv, "\n2013-05-15 00:00:00,");
    ck_assert_ptr_nonnull(third);
    double sma = strtod(third + 21, NULL);
    ck_assert_double_eq_tol(sma, (64.96286 + 63.408573 + 61.264286) / 3.0, 1e-4);

    snprintf(args, sizeof args, "features --bars tests/data/aapl_daily.csv --spec 'rsi(14),wobble(3)' "
             "--out %s/g.csv", out_dir);
    ck_assert_int_ne(run_cli(args, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "wobble"));
}
END_TEST

Suite *suite_clone_cli(void)
{
    Suite *s = suite_create("clone_cli");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_command_has_help);
    tcase_add_test(tc, clone_run_and_replay_work_together);
    tcase_add_test(tc, clone_names_the_problem_and_lists_rejected_rows);
    tcase_add_test(tc, clone_takes_bars_per_symbol_for_a_log_of_several);
    tcase_add_test(tc, hwinfo_reports_resources_and_the_mode);
    tcase_add_test(tc, features_writes_one_named_column_per_output);
    tcase_add_test(tc, clone_prints_what_the_signal_search_added_and_takes_search);
    suite_add_tcase(s, tc);
    return s;
}
