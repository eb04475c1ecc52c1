/* test_time.c - bc_time_parse accepts the documented forms with exact
 * epoch seconds and refuses everything else; bc_time_format round-trips. */
#include "test_util.h"

static int64_t parse_ok(const char *text)
{
    int64_t t = 0;
    ck_assert_ok(bc_time_parse(text, &t));
    return t;
}

START_TEST(time_parse_accepts_mt4_iso_date_and_12_digit_forms)
{
    ck_assert_int_eq(parse_ok("2013.07.03 20:00:00"), 1372881600);
    ck_assert_int_eq(parse_ok("2013.07.03 20:00"), 1372881600);
    ck_assert_int_eq(parse_ok("2013-07-03 20:00:00"), 1372881600);
    ck_assert_int_eq(parse_ok("2013-07-03T20:00:00"), 1372881600);
    ck_assert_int_eq(parse_ok("2013-07-03T20:00:00Z"), 1372881600);
    ck_assert_int_eq(parse_ok("2013-07-03T20:00"), 1372881600);
    ck_assert_int_eq(parse_ok("2013-05-13"), 1368403200);
    ck_assert_int_eq(parse_ok("2013.05.13"), 1368403200);
    ck_assert_int_eq(parse_ok("199706011928"), 865193280);
    ck_assert_int_eq(parse_ok("  2013-05-13  "), 1368403200);
    ck_assert_int_eq(parse_ok("2013-07-03 20:00:00.999"), 1372881600);
}
END_TEST

START_TEST(time_parse_handles_leap_days_and_the_whole_year_range)
{
    ck_assert_int_eq(parse_ok("2024-02-29 23:59:59"), 1709251199);
    ck_assert_int_eq(parse_ok("1969-12-31 23:59:59"), -1);
    ck_assert_int_eq(parse_ok("0001-01-01 00:00:00"), -62135596800LL);
    ck_assert_int_eq(parse_ok("9999-12-31 23:59:59"), 253402300799LL);
}
END_TEST

START_TEST(time_parse_rejects_malformed_and_out_of_range_text)
{
    static const char *const bad[] = {
        "", "   ", "2013", "2013-07", "2013-7-03", "2013-07-3", "2013/07/03",
        "2013-07.03", "2023-02-29", "2013-13-01", "2013-00-10", "2013-04-31",
        "2013-07-03 24:00", "2013-07-03 23:60", "2013-07-03 23:59:60",
        "2013-07-03 20", "2013-07-03 20:00:00 junk", "2013-07-03X20:00",
        "0000-01-01", "20130703", "1997060119289", "19970601192a", "abc",
        "2013-07-03 20:00:00.", "2013-07-03 20:00:00+02:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        ck_assert_msg(bc_time_parse(bad[i], &t) == BC_E_PARSE, "'%s' accepted", bad[i]);
        ck_assert_msg(strstr(bc_last_error(), "is not YYYY") != NULL, "%s", bc_last_error());
        ck_assert_int_eq(t, 42);
    }
    ck_assert_status_msg(bc_time_parse("2013-02-30", &(int64_t){0}), BC_E_PARSE,
                         "'2013-02-30'");
    ck_assert_int_eq(bc_time_parse(NULL, &(int64_t){0}), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_time_parse("2013-05-13", NULL), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(time_format_writes_mt4_and_iso_and_round_trips)
{
    char buf[32];
    int32_t len = 0;
    ck_assert_ok(bc_time_format(1372881600, BC_TIME_MT4, buf, sizeof buf, &len));
    ck_assert_str_eq(buf, "2013.07.03 20:00:00");
    ck_assert_int_eq(len, 19);
    ck_assert_ok(bc_time_format(-1, BC_TIME_ISO, buf, sizeof buf, NULL));
    ck_assert_str_eq(buf, "1969-12-31 23:59:59");
    ck_assert_ok(bc_time_format(-62135596800LL, BC_TIME_ISO, buf, sizeof buf, NULL));
    ck_assert_str_eq(buf, "0001-01-01 00:00:00");
    /* Every 997,331 seconds across 1900..2100 reads back to itself. */
    for (int64_t t = -2208988800LL; t < 4102444800LL; t += 997331) {
        int64_t back = 0;
        ck_assert_ok(bc_time_format(t, t & 1 ? BC_TIME_MT4 : BC_TIME_ISO, buf, sizeof buf, NULL));
        ck_assert_ok(bc_time_parse(buf, &back));
        ck_assert_int_eq(back, t);
    }
}
END_TEST

START_TEST(time_format_reports_small_buffers_bad_styles_and_range)
{
    char buf[32];
    int32_t len = 0;
    ck_assert_status_msg(bc_time_format(0, BC_TIME_MT4, buf, 19, &len),
                         BC_E_BUFFER_TOO_SMALL, "need 20");
    ck_assert_int_eq(len, 19);
    ck_assert_int_eq(bc_time_format(0, BC_TIME_MT4, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    ck_assert_status_msg(bc_time_format(0, 3, buf, sizeof buf, NULL),
                         BC_E_INVALID_ARGUMENT, "style 3");
    ck_assert_status_msg(bc_time_format(253402300800LL, BC_TIME_ISO, buf, sizeof buf, NULL),
                         BC_E_INVALID_ARGUMENT, "253402300800");
    ck_assert_int_eq(bc_time_format(0, BC_TIME_ISO, NULL, 8, NULL), BC_E_INVALID_ARGUMENT);
}
END_TEST

Suite *suite_time(void)
{
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("time");
    tcase_add_test(tc, time_parse_accepts_mt4_iso_date_and_12_digit_forms);
    tcase_add_test(tc, time_parse_handles_leap_days_and_the_whole_year_range);
    tcase_add_test(tc, time_parse_rejects_malformed_and_out_of_range_text);
    tcase_add_test(tc, time_format_writes_mt4_and_iso_and_round_trips);
    tcase_add_test(tc, time_format_reports_small_buffers_bad_styles_and_range);
    suite_add_tcase(s, tc);
    return s;
}
