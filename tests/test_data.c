/* test_data.c - bar and tick readers on real data and on malformed input,
 * the CSV tokenizer's edge cases (BOM, CRLF, quotes, field counts), and the
 * rejects list with its invalid_rows.csv writer. */
#include "test_util.h"
#include "data_test_files.h"

#include <math.h>

START_TEST(bars_read_aapl_daily_uses_close_not_adj_close)
{
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 1260);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    const int64_t *t = bc_bars_time(b);
    ck_assert_int_eq(t[0], 1368403200);   /* 2013-05-13 */
    ck_assert_int_eq(t[1259], 1525996800); /* 2018-05-11 */
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_OPEN)[0], 64.501427);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_HIGH)[0], 65.414284);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_LOW)[0], 64.5);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_CLOSE)[0], 64.962860);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[0], 79237200.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_CLOSE)[1259], 188.589996);
    ck_assert_ptr_null(bc_bars_column(b, 5));
    ck_assert_ptr_null(bc_bars_column(b, -1));
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(bars_close_only_series_fills_ohl_from_close_and_zero_volume)
{
    const char *path = scratch_text("close.csv", "time,close\n"
                                                 "1996-04-01 00:00:00,1.193\n"
                                                 "1996-04-01 00:30:00,1.1941\n");
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, NULL));
    ck_assert_int_eq(bc_bars_length(b), 2);
    ck_assert_int_eq(bc_bars_time(b)[1] - bc_bars_time(b)[0], 1800);
    for (int c = BC_BAR_OPEN; c <= BC_BAR_CLOSE; c++)
        ck_assert_double_eq(bc_bars_column(b, c)[1], 1.1941);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[0], 0.0);
    bc_bars_free(b);
}
END_TEST

START_TEST(bars_accept_bom_crlf_semicolons_any_case_and_quoted_cells)
{
    const char *path = scratch_text("bom.csv",
                                    "\xEF\xBB\xBF" "DATE;Open;HIGH;low;Close;VOLUME;Adj Close\r\n"
                                    "\"2020-01-02\";1;2;0.5;1.5;\"10\";9\r\n"
                                    "\r\n"
                                    "2020-01-03;1.5;2.5;1;2;;9\r\n");
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 2);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_HIGH)[0], 2.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[0], 10.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_CLOSE)[1], 2.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[1], 0.0);
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(bars_reject_bad_rows_by_line_and_reason_and_keep_the_good_ones)
{
    static const char text[] =
        "date,open,high,low,close,volume\n"  /* 1 */
        "2020-01-01,1,2,0.5,1.5,100\n"        /* 2 good */
        "2020-01-02,1,2,0.5,nan,100\n"        /* 3 NaN close */
        "2020-01-03,1,2,0.5,1e400,100\n"      /* 4 overflow */
        "2020-01-04,1,0.4,0.5,1.5,100\n"      /* 5 high < low */
        "2020-01-01,1,2,0.5,1.5,100\n"        /* 6 time not after previous */
        "2020-01-05,1,2,0.5,-3,100\n"         /* 7 negative price */
        "2020-01-06,1,2,0.5\n"                /* 8 truncated line */
        "2020-01-07,1,2,0.5,1.5,100,7\n"      /* 9 extra field */
        "2020-13-08,1,2,0.5,1.5,100\n"        /* 10 bad date */
        "2020-01-09,1,2,0.5,,100\n"           /* 11 empty close */
        "2020-01-10,1,2,0.5,abc,100\n"        /* 12 text */
        "2020-01-11,1,2,0.5,1.5,-5\n"         /* 13 negative volume */
        "2020-01-12,1,2,0.5,inf,100\n"        /* 14 inf */
        "2020-01-13,1,2,0.5,1.5,100\n";       /* 15 good */
    const char *path = scratch_text("bad.csv", text);
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 2);
    ck_assert_int_eq(bc_bars_time(b)[1], 1578873600); /* 2020-01-13 */
    ck_assert_int_eq(bc_rejects_count(r), 12);
    ck_assert_int_eq(bc_rejects_total(r), 12);
    assert_reject(r, 0, 3, "column 'close' is 'nan', expected a finite number");
    assert_reject(r, 1, 4, "column 'close' is '1e400', out of range");
    assert_reject(r, 2, 5, "high 0.4 is below low 0.5");
    assert_reject(r, 3, 6, "time 2020-01-01 00:00:00 is not after the previous row's "
                           "2020-01-01 00:00:00 (line 2)");
    assert_reject(r, 4, 7, "column 'close' is '-3', expected a price > 0");
    assert_reject(r, 5, 8, "has 4 fields, the header has 6");
    assert_reject(r, 6, 9, "has 7 fields, the header has 6");
    assert_reject(r, 7, 10, "column 'date' is '2020-13-08', expected a time");
    assert_reject(r, 8, 11, "column 'close' is empty");
    assert_reject(r, 9, 12, "column 'close' is 'abc', expected a number");
    assert_reject(r, 10, 13, "column 'volume' is -5, expected >= 0");
    assert_reject(r, 11, 14, "column 'close' is 'inf', expected a finite number");
    char raw[128];
    ck_assert_ok(bc_rejects_raw(r, 5, raw, sizeof raw, NULL));
    ck_assert_str_eq(raw, "2020-01-06,1,2,0.5");
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(bars_with_no_usable_row_are_no_data_with_rejects_filled)
{
    const char *path = scratch_text("allbad.csv", "time,close\n2020-01-01,x\n2020-01-02,0\n");
    bc_bars *b = (bc_bars *)1;
    bc_rejects *r = NULL;
    ck_assert_status_msg(bc_bars_read_csv(path, &b, &r), BC_E_NO_DATA,
                         "no usable rows (2 rejected; first: line 2: column 'close' is 'x'");
    ck_assert_ptr_null(b);
    ck_assert_int_eq(bc_rejects_count(r), 2);
    bc_rejects_free(r);
}
END_TEST

START_TEST(empty_file_header_only_and_blank_lines_are_no_data)
{
    static const char *const texts[] = {"", "time,close\n", "time,close", "\n\n\r\n",
                                         "\xEF\xBB\xBF", "time,close\r\n\r\n  \r\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *path = scratch_text("empty.csv", texts[i]);
        bc_bars *b = NULL;
        bc_rejects *r = NULL;
        ck_assert_msg(bc_bars_read_csv(path, &b, &r) == BC_E_NO_DATA, "text %zu: %s", i,
                      bc_last_error());
        ck_assert_ptr_nonnull(strstr(bc_last_error(), "empty.csv"));
        ck_assert_ptr_null(b);
        ck_assert_ptr_nonnull(r);
        ck_assert_int_eq(bc_rejects_count(r), 0);
        bc_rejects_free(r);
    }
}
END_TEST

START_TEST(bars_missing_close_column_is_parse_error_naming_column_and_file)
{
    const char *path = scratch_text("noclose.csv", "Date,Open,High,Low,Adj Close\n2020-01-01,1,2,0.5,1\n");
    bc_bars *b = NULL;
    bc_rejects *r = (bc_rejects *)1;
    ck_assert_status_msg(bc_bars_read_csv(path, &b, &r), BC_E_PARSE,
                         "noclose.csv: missing required column 'close'");
    ck_assert_ptr_null(r);
    path = scratch_text("notime.csv", "when,close\n2020-01-01,1\n");
    ck_assert_status_msg(bc_bars_read_csv(path, &b, NULL), BC_E_PARSE,
                         "missing required column 'time'");
}
END_TEST

START_TEST(readers_refuse_null_arguments_and_missing_files)
{
    bc_bars *b = NULL;
    ck_assert_int_eq(bc_bars_read_csv(NULL, &b, NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_bars_read_csv("x.csv", NULL, NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_status_msg(bc_bars_read_csv(scratch_path("absent.csv"), &b, NULL), BC_E_IO,
                         "absent.csv: cannot open");
    bc_ticks *k = NULL;
    ck_assert_int_eq(bc_ticks_read_csv(scratch_path("absent.csv"), &k, NULL), BC_E_IO);
    bc_trades *t = NULL;
    ck_assert_int_eq(bc_trades_read_csv(scratch_path("absent.csv"), &t, NULL), BC_E_IO);
    bc_decisions *d = NULL;
    ck_assert_int_eq(bc_decisions_read_csv(scratch_path("absent.csv"), &d, NULL), BC_E_IO);
    bc_divergences *v = NULL;
    ck_assert_int_eq(bc_divergences_read_csv(scratch_path("absent.csv"), &v, NULL), BC_E_IO);
    ck_assert_int_eq(bc_bars_length(NULL), 0);
    ck_assert_ptr_null(bc_bars_time(NULL));
    bc_bars_free(NULL);
    bc_ticks_free(NULL);
    bc_trades_free(NULL);
    bc_decisions_free(NULL);
    bc_divergences_free(NULL);
    bc_rejects_free(NULL);
    ck_assert_int_eq(bc_decision_log_close(NULL), BC_OK);
}
END_TEST

START_TEST(bars_from_arrays_copies_and_validates)
{
    int64_t t[3] = {10, 20, 30};
    double c[3] = {1.0, 2.0, 3.0}, h[3] = {1.5, 2.5, 3.5}, v[3] = {5, 6, 7};
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_from_arrays(3, t, NULL, h, NULL, c, NULL, &b));
    c[0] = 99.0;
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_CLOSE)[0], 1.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_OPEN)[2], 3.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_HIGH)[1], 2.5);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_LOW)[1], 2.0);
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[2], 0.0);
    bc_bars_free(b);
    c[0] = 1.0;
    ck_assert_ok(bc_bars_from_arrays(3, t, c, NULL, NULL, c, v, &b));
    ck_assert_double_eq(bc_bars_column(b, BC_BAR_VOLUME)[1], 6.0);
    bc_bars_free(b);
    t[2] = 20;
    ck_assert_status_msg(bc_bars_from_arrays(3, t, NULL, NULL, NULL, c, NULL, &b),
                         BC_E_INVALID_ARGUMENT, "time[2] 20 is not after time[1] 20");
    ck_assert_ptr_null(b);
    t[2] = 30;
    c[1] = NAN;
    ck_assert_status_msg(bc_bars_from_arrays(3, t, NULL, NULL, NULL, c, NULL, &b),
                         BC_E_NUMERIC, "close[1]");
    c[1] = 2.0;
    double low[3] = {1.0, 2.6, 3.0};
    ck_assert_status_msg(bc_bars_from_arrays(3, t, NULL, h, low, c, NULL, &b),
                         BC_E_INVALID_ARGUMENT, "high[1] 2.5 is below low[1] 2.6");
    ck_assert_int_eq(bc_bars_from_arrays(0, t, NULL, NULL, NULL, c, NULL, &b), BC_E_NO_DATA);
    ck_assert_int_eq(bc_bars_from_arrays(-1, t, NULL, NULL, NULL, c, NULL, &b),
                     BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_bars_from_arrays(3, NULL, NULL, NULL, NULL, c, NULL, &b),
                     BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(ticks_read_derived_aapl_quotes)
{
    bc_ticks *k = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_ticks_read_csv(test_data_path("aapl_ticks.csv"), &k, &r));
    ck_assert_int_eq(bc_ticks_length(k), 40);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    ck_assert_int_eq(bc_ticks_time(k)[0], 1368403200 + 16 * 3600);
    ck_assert_double_eq(bc_ticks_column(k, BC_TICK_BID)[0], 64.952860);
    ck_assert_double_eq(bc_ticks_column(k, BC_TICK_ASK)[0], 64.972860);
    ck_assert_double_eq(bc_ticks_column(k, BC_TICK_LAST)[0], 64.962860);
    ck_assert_double_eq(bc_ticks_column(k, BC_TICK_VOLUME)[0], 79237200.0);
    ck_assert_ptr_null(bc_ticks_column(k, 4));
    /* The documented spread: ask - bid is 0.02 on every tick. */
    for (int i = 0; i < 40; i++)
        ck_assert_double_eq_tol(bc_ticks_column(k, BC_TICK_ASK)[i] -
                                    bc_ticks_column(k, BC_TICK_BID)[i], 0.02, 1e-9);
    bc_rejects_free(r);
    bc_ticks_free(k);
}
END_TEST

START_TEST(ticks_allow_equal_times_and_reject_crossed_or_backward_quotes)
{
    const char *path = scratch_text("ticks.csv",
                                    "time;bid;ask\n"
                                    "199706011928;24.8;25\n"
                                    "199706011928;24.82;25.02\n"
                                    "199706011931;25.1;25.0\n"
                                    "199706011920;24.8;25\n"
                                    "199706011932;0;25\n"
                                    "199706011933;24.9;25.1\n");
    bc_ticks *k = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_ticks_read_csv(path, &k, &r));
    ck_assert_int_eq(bc_ticks_length(k), 3);
    ck_assert_int_eq(bc_ticks_time(k)[0], bc_ticks_time(k)[1]);
    ck_assert(isnan(bc_ticks_column(k, BC_TICK_LAST)[2]));
    ck_assert_double_eq(bc_ticks_column(k, BC_TICK_VOLUME)[2], 0.0);
    ck_assert_int_eq(bc_rejects_count(r), 3);
    assert_reject(r, 0, 4, "ask 25 is below bid 25.1");
    assert_reject(r, 1, 5, "is before the previous row's 1997-06-01 19:28:00 (line 3)");
    assert_reject(r, 2, 6, "column 'bid' is 0, expected a price > 0");
    bc_rejects_free(r);
    bc_ticks_free(k);
    path = scratch_text("noask.csv", "time;bid;last\n2020-01-01;1;1\n");
    ck_assert_status_msg(bc_ticks_read_csv(path, &k, NULL), BC_E_PARSE,
                         "missing required column 'ask'");
}
END_TEST

START_TEST(quoted_fields_may_hold_delimiters_quotes_and_newlines)
{
    /* Line 3's quoted cell spans two physical lines: line numbers after it
     * still count physical lines. */
    const char *path = scratch_text("quotes.csv",
                                    "time,close,note\n"
                                    "2020-01-01,1,\"a, \"\"quoted\"\" note\"\n"
                                    "2020-01-02,2,\"two\nlines\"\n"
                                    "2020-01-03,x,plain\n"
                                    "2020-01-04,4,\"unfinished\n");
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 2);
    ck_assert_int_eq(bc_rejects_count(r), 2);
    assert_reject(r, 0, 5, "column 'close' is 'x'");
    assert_reject(r, 1, 6, "a quoted field is not closed before the end of the file");
    bc_rejects_free(r);
    bc_bars_free(b);
    path = scratch_text("after.csv", "time,close\n\"2020-01-01\"x,1\n2020-01-02,2\n");
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 1);
    assert_reject(r, 0, 2, "text follows a closing quote");
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(binary_garbage_rows_are_rejected_with_escaped_raw_text)
{
    static const char text[] = "time,close\n2020-01-01,1\n\x01\x02\0\xff,\x80\n2020-01-02,2\n";
    const char *path = scratch_write("bin.csv", text, sizeof text - 1);
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 2);
    assert_reject(r, 0, 3, "NUL byte");
    char raw[64];
    int32_t len = 0;
    ck_assert_ok(bc_rejects_raw(r, 0, raw, sizeof raw, &len));
    ck_assert_str_eq(raw, "\\x01\\x02\\x00\xff,\x80");
    ck_assert_int_eq(len, (int32_t)strlen(raw));
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

/* The oversized record is reported once; reading resumes at the next
 * physical line, so the lines the quote swallowed come back as rows of
 * their own: the record passes 1 MiB on the physical line 131072 (12 + 8 *
 * 131071 bytes), and the 511 lines after it are one-field rows, each
 * rejected for its field count. */
START_TEST(an_unclosed_quote_longer_than_a_mebibyte_is_cut_and_reading_resumes)
{
    size_t n = (1u << 20) + 4096;
    char *text = malloc(n + 64);
    size_t o = (size_t)sprintf(text, "time,close\n2020-01-01,\"");
    while (o < n)
        o += (size_t)sprintf(text + o, "xxxxxxx\n");
    o += (size_t)sprintf(text + o, "2020-01-02,2\n");
    const char *path = scratch_write("huge.csv", text, o);
    free(text);
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    ck_assert_int_eq(bc_bars_length(b), 1);
    ck_assert_int_eq(bc_bars_time(b)[0], 1577923200);
    ck_assert_int_eq(bc_rejects_count(r), 512);
    assert_reject(r, 0, 2, "longer than 1 MiB");
    assert_reject(r, 1, 131073, "has 1 fields, the header has 2");
    assert_reject(r, 511, 131583, "has 1 fields, the header has 2");
    char raw[1200];
    int32_t len = 0;
    ck_assert_ok(bc_rejects_raw(r, 0, raw, sizeof raw, &len));
    ck_assert_int_lt(len, 1200);
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(rejects_write_csv_quotes_reasons_and_raw_text)
{
    const char *path = scratch_text("in.csv", "time,close,note\n"
                                              "2020-01-01,abc,\"say \"\"hi\"\", ok\"\n"
                                              "2020-01-02,2,x\n");
    bc_bars *b = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, &r));
    const char *out = scratch_path("invalid_rows.csv");
    ck_assert_ok(bc_rejects_write_csv(r, out));
    char *text = slurp(out);
    ck_assert_str_eq(text, "line,reason,raw\n"
                           "2,\"column 'close' is 'abc', expected a number\","
                           "\"2020-01-01,abc,\"\"say \"\"\"\"hi\"\"\"\", ok\"\"\"\n");
    free(text);
    char reason[8];
    int32_t len = 0;
    int64_t line = 0;
    ck_assert_int_eq(bc_rejects_get(r, 0, &line, reason, sizeof reason, &len),
                     BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(len, 42);
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(bc_rejects_get(r, 0, NULL, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(bc_rejects_get(r, 1, NULL, NULL, 0, &len), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_rejects_get(NULL, 0, NULL, NULL, 0, &len), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(scratch_entries(), 2); /* in.csv, invalid_rows.csv: no temp left */
    ck_assert_status_msg(bc_rejects_write_csv(r, "/nonexistent-dir/invalid_rows.csv"),
                         BC_E_IO, "/nonexistent-dir/invalid_rows.csv");
    bc_rejects_free(r);
    bc_bars_free(b);
}
END_TEST

START_TEST(readers_log_a_warning_summarising_rejected_rows)
{
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    drain_log();
    const char *path = scratch_text("warn.csv", "time,close\n2020-01-01,1\n2020-01-02,bad\n");
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_read_csv(path, &b, NULL));
    char msg[1024];
    int32_t level = 0;
    ck_assert_ok(bc_log_pop(msg, sizeof msg, NULL, &level));
    ck_assert_int_eq(level, BC_LOG_WARN);
    ck_assert_ptr_nonnull(strstr(msg, "warn.csv: 1 rows rejected (first: line 3:"));
    bc_bars_free(b);
}
END_TEST

Suite *suite_data(void)
{
    Suite *s = suite_create("data");
    TCase *tc = tcase_create("bars_ticks_csv");
    tcase_add_checked_fixture(tc, scratch_setup, scratch_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, bars_read_aapl_daily_uses_close_not_adj_close);
    tcase_add_test(tc, bars_close_only_series_fills_ohl_from_close_and_zero_volume);
    tcase_add_test(tc, bars_accept_bom_crlf_semicolons_any_case_and_quoted_cells);
    tcase_add_test(tc, bars_reject_bad_rows_by_line_and_reason_and_keep_the_good_ones);
    tcase_add_test(tc, bars_with_no_usable_row_are_no_data_with_rejects_filled);
    tcase_add_test(tc, empty_file_header_only_and_blank_lines_are_no_data);
    tcase_add_test(tc, bars_missing_close_column_is_parse_error_naming_column_and_file);
    tcase_add_test(tc, readers_refuse_null_arguments_and_missing_files);
    tcase_add_test(tc, bars_from_arrays_copies_and_validates);
    tcase_add_test(tc, ticks_read_derived_aapl_quotes);
    tcase_add_test(tc, ticks_allow_equal_times_and_reject_crossed_or_backward_quotes);
    tcase_add_test(tc, quoted_fields_may_hold_delimiters_quotes_and_newlines);
    tcase_add_test(tc, binary_garbage_rows_are_rejected_with_escaped_raw_text);
    tcase_add_test(tc, an_unclosed_quote_longer_than_a_mebibyte_is_cut_and_reading_resumes);
    tcase_add_test(tc, rejects_write_csv_quotes_reasons_and_raw_text);
    tcase_add_test(tc, readers_log_a_warning_summarising_rejected_rows);
    suite_add_tcase(s, tc);
    return s;
}
