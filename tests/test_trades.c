/* test_trades.c - trades_raw.csv: the sample bot log loads with exact
 * values, bad rows are rejected by line and reason, the writer produces the
 * 44-column observer file atomically, and read -> write -> read is exact. */
#include "test_util.h"
#include "core/internal.h"
#include "data_test_files.h"

#include <math.h>

static bc_trade_event get_event(const bc_trades *t, int32_t i)
{
    bc_trade_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ck_assert_ok(bc_trades_get(t, i, &ev));
    return ev;
}

START_TEST(trades_read_sample_bot_log_with_exact_values)
{
    bc_trades *t = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), &t, &r));
    ck_assert_int_eq(bc_trades_count(t), 161);
    ck_assert_int_eq(bc_rejects_count(r), 0);
    bc_trade_event e = get_event(t, 0);
    ck_assert_int_eq(e.event_id, 1);
    ck_assert_int_eq(e.time, 1372881600); /* 2013.07.03 20:00:00 */
    ck_assert_int_eq(e.action, BC_ACTION_OPEN);
    ck_assert_int_eq(e.order_type, BC_ORDER_BUY);
    ck_assert_int_eq(e.ticket, 1001);
    ck_assert_int_eq(e.magic, 34567);
    ck_assert_str_eq(e.symbol, "AAPL");
    ck_assert_double_eq(e.lots, 0.10);
    ck_assert_double_eq(e.price, 60.11429);
    ck_assert_double_eq(e.sl, 57.10857);
    ck_assert_double_eq(e.tp, 66.12571);
    ck_assert_double_eq(e.profit, 0.0);
    ck_assert(isnan(e.book_bid_vol) && isnan(e.book_ask_vol));
    ck_assert_int_eq(e.decision_id, -1);
    ck_assert_int_eq(e.line, 2);
    e = get_event(t, 1);
    ck_assert_int_eq(e.action, BC_ACTION_CLOSE);
    ck_assert_int_eq(e.time, 1377633600);
    ck_assert_double_eq(e.profit, 96.84);
    e = get_event(t, 2);
    ck_assert_int_eq(e.order_type, BC_ORDER_SELL);
    ck_assert_int_eq(e.ticket, 1002);
    e = get_event(t, 160);
    ck_assert_int_eq(e.event_id, 161);
    ck_assert_int_eq(e.ticket, 1081);
    ck_assert_double_eq(e.price, 176.57001);
    ck_assert_int_eq(e.line, 162);
    bc_rejects_free(r);
    bc_trades_free(t);
}
END_TEST

START_TEST(trades_reject_bad_rows_by_line_and_reason)
{
    static const char text[] =
        "event_id;event_time;action;ticket;symbol;order_type;lots;price;decision_id\n" /* 1 */
        "1;2024.01.02 10:00;OPEN;11;EURUSD;0;0.1;1.1;7\n"                              /* 2 */
        "2;2024.01.02 10:05;BUY;12;EURUSD;0;0.1;1.1;\n"                               /* 3 */
        "3;2024.01.02 10:06;OPEN;13;EURUSD;2;0.1;1.1;\n"                              /* 4 */
        "4;2024.01.02 10:07;OPEN;14;EURUSD;0;-0.1;1.1;\n"                             /* 5 */
        "1;2024.01.02 10:08;CLOSE;11;EURUSD;0;0.1;1.2;\n"                             /* 6 */
        "5;2024.01.02 10:09;OPEN;15;EURUSD;0;0.1;abc;\n"                              /* 7 */
        "6;2024.01.02 10:10;OPEN;16;;0;0.1;1.1;\n"                                    /* 8 */
        "7;2024.01.02 10:11;OPEN;17;ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456;0;0.1;1.1;\n"   /* 9 */
        "8;yesterday;OPEN;18;EURUSD;0;0.1;1.1;\n"                                     /* 10 */
        "9;2024.01.02 10:12;OPEN;1.5;EURUSD;0;0.1;1.1;\n"                             /* 11 */
        "10;2024.01.02 10:13;OPEN;19;EURUSD;0;0.1;NaN;\n"                             /* 12 */
        "11;2024.01.02 10:14;OPEN;20;EURUSD;0;0.1\n"                                  /* 13 */
        "12;2024-01-02T10:15:00;close;11;EURUSD;0;;1.2;\n";                           /* 14 */
    const char *path = scratch_text("trades_raw.csv", text);
    bc_trades *t = NULL;
    bc_rejects *r = NULL;
    ck_assert_ok(bc_trades_read_csv(path, &t, &r));
    ck_assert_int_eq(bc_trades_count(t), 2);
    bc_trade_event e = get_event(t, 0);
    ck_assert_int_eq(e.decision_id, 7);
    e = get_event(t, 1);
    ck_assert_int_eq(e.event_id, 12);
    ck_assert_int_eq(e.action, BC_ACTION_CLOSE);
    ck_assert(isnan(e.lots));
    ck_assert_int_eq(e.magic, 0);
    ck_assert_int_eq(bc_rejects_count(r), 11);
    assert_reject(r, 0, 3, "column 'action' is 'BUY', expected OPEN, MODIFY or CLOSE");
    assert_reject(r, 1, 4, "column 'order_type' is 2, expected 0 (buy) or 1 (sell)");
    assert_reject(r, 2, 5, "column 'lots' is -0.1, expected >= 0");
    assert_reject(r, 3, 6, "duplicate event_id 1 (first at line 2)");
    assert_reject(r, 4, 7, "column 'price' is 'abc', expected a number");
    assert_reject(r, 5, 8, "column 'symbol' is empty");
    assert_reject(r, 6, 9, "longer than 31 bytes");
    assert_reject(r, 7, 10, "column 'event_time' is 'yesterday', expected a time");
    assert_reject(r, 8, 11, "column 'ticket' is '1.5', expected an integer");
    assert_reject(r, 9, 12, "column 'price' is 'NaN', expected a finite number");
    assert_reject(r, 10, 13, "has 7 fields, the header has 9");
    bc_rejects_free(r);
    bc_trades_free(t);
}
END_TEST

START_TEST(trades_missing_required_column_is_named_with_the_file)
{
    static const char *const required[] = {"event_time", "action", "ticket", "symbol",
                                           "order_type", "price"};
    for (int drop = 0; drop < 6; drop++) {
        char header[256] = "";
        for (int c = 0; c < 6; c++)
            if (c != drop) {
                strcat(header, header[0] ? ";" : "");
                strcat(header, required[c]);
            }
        strcat(header, "\n");
        const char *path = scratch_text("trades_raw.csv", header);
        bc_trades *t = NULL;
        char needle[128];
        snprintf(needle, sizeof needle, "trades_raw.csv: missing required column '%s'",
                 required[drop]);
        ck_assert_status_msg(bc_trades_read_csv(path, &t, NULL), BC_E_PARSE, needle);
        ck_assert_ptr_null(t);
    }
}
END_TEST

static void assert_same_event(const bc_trade_event *a, const bc_trade_event *b)
{
    ck_assert_int_eq(a->action, b->action);
    ck_assert_int_eq(a->order_type, b->order_type);
    ck_assert_int_eq(a->event_id, b->event_id);
    ck_assert_int_eq(a->time, b->time);
    ck_assert_int_eq(a->ticket, b->ticket);
    ck_assert_int_eq(a->magic, b->magic);
    ck_assert_int_eq(a->decision_id, b->decision_id);
    const double x[] = {a->lots, a->price, a->sl, a->tp, a->profit, a->book_bid_vol,
                        a->book_ask_vol};
    const double y[] = {b->lots, b->price, b->sl, b->tp, b->profit, b->book_bid_vol,
                        b->book_ask_vol};
    for (int k = 0; k < 7; k++)
        ck_assert_msg((isnan(x[k]) && isnan(y[k])) || x[k] == y[k],
                      "field %d: %.17g vs %.17g", k, x[k], y[k]);
    ck_assert_str_eq(a->symbol, b->symbol);
}

START_TEST(trades_read_write_read_gives_equal_events)
{
    bc_trades *a = NULL, *b = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), &a, NULL));
    const char *out = scratch_path("copy.csv");
    ck_assert_ok(bc_trades_write_csv(a, out));
    ck_assert_ok(bc_trades_read_csv(out, &b, NULL));
    ck_assert_int_eq(bc_trades_count(b), bc_trades_count(a));
    for (int32_t i = 0; i < bc_trades_count(a); i++) {
        bc_trade_event x = get_event(a, i), y = get_event(b, i);
        assert_same_event(&x, &y);
    }
    char *text = slurp(out);
    const char *header =
        "event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;"
        "order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;"
        "comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;"
        "book_imbalance;sl_hit_dist;tp_hit_dist;executed_model_idx;decision_id;is_anomaly;"
        "equity;margin_level;commission;swap;risk_weight;trend_estimate;trend_variance;"
        "exit_reason;duration_sec;calendar_event_id;local_anomaly;remote_anomaly\n";
    ck_assert_int_eq(strncmp(text, header, strlen(header)), 0);
    const char *row1 = text + strlen(header);
    ck_assert_int_eq(strncmp(row1, "1;2013.07.03 20:00:00;2013.07.03 20:00:00;;OPEN;1001;34567;;"
                                   "AAPL;0;0.1;60.11429;57.10857;66.12571;0;;;;;;;;;;;;;;;;;;;;;;;;;;;;;\n",
                             strlen("1;2013.07.03 20:00:00;2013.07.03 20:00:00;;OPEN;1001;34567;;"
                                    "AAPL;0;0.1;60.11429;57.10857;66.12571;0;;;;;;;;;;;;;;;;;;;;;;;;;;;;;\n")),
                     0);
    free(text);
    bc_trades_free(a);
    bc_trades_free(b);
}
END_TEST

static bc_trade_event make_event(int64_t id, const char *symbol)
{
    bc_trade_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.action = BC_ACTION_OPEN;
    e.order_type = BC_ORDER_SELL;
    e.event_id = id;
    e.time = 1704189600; /* 2024-01-02 10:00:00 */
    e.ticket = 77;
    e.magic = -5;
    e.decision_id = 123456789012LL;
    e.lots = 0.3;
    e.price = 0.1 + 0.2; /* needs 17 digits to round-trip */
    e.sl = NAN;
    e.tp = 1e-300;
    e.profit = -12.5;
    e.book_bid_vol = 2.0;
    e.book_ask_vol = 3.0;
    snprintf(e.symbol, sizeof e.symbol, "%s", symbol);
    return e;
}

START_TEST(trades_built_in_memory_round_trip_with_quoted_symbols_and_exact_doubles)
{
    bc_trades *t = NULL, *back = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event e1 = make_event(1, "EUR;USD \"x\""), e2 = make_event(-1, "XAU");
    e2.action = BC_ACTION_MODIFY;
    ck_assert_ok(bc_trades_append(t, &e1));
    ck_assert_ok(bc_trades_append(t, &e2));
    ck_assert_ok(bc_trades_append(t, &e2)); /* -1 means no id: never a duplicate */
    const char *out = scratch_path("t.csv");
    ck_assert_ok(bc_trades_write_csv(t, out));
    ck_assert_ok(bc_trades_read_csv(out, &back, NULL));
    ck_assert_int_eq(bc_trades_count(back), 3);
    bc_trade_event x = get_event(back, 0), y = get_event(back, 2);
    assert_same_event(&x, &e1);
    assert_same_event(&y, &e2);
    ck_assert_int_eq(x.line, 2);
    bc_trades_free(back);
    bc_trades_free(t);
}
END_TEST

START_TEST(trades_append_refuses_invalid_events_naming_the_problem)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event e = make_event(1, "EURUSD");
    ck_assert_ok(bc_trades_append(t, &e));
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT,
                         "event_id 1 is already in the list");
    e = make_event(2, "EURUSD");
    e.action = 4;
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "action 4");
    e = make_event(2, "EURUSD");
    e.order_type = 3;
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "order_type 3");
    e = make_event(2, "EURUSD");
    e.lots = -1;
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "lots is -1");
    e = make_event(2, "EURUSD");
    e.price = INFINITY;
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "price is inf");
    e = make_event(2, "");
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "symbol is empty");
    e = make_event(2, "EURUSD");
    memset(e.symbol, 'A', sizeof e.symbol);
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "NUL-terminated");
    e = make_event(2, "EURUSD");
    e.struct_size = 8;
    ck_assert_status_msg(bc_trades_append(t, &e), BC_E_INVALID_ARGUMENT, "struct_size 8");
    ck_assert_int_eq(bc_trades_count(t), 1);
    e.struct_size = 8;
    ck_assert_int_eq(bc_trades_get(t, 0, &e), BC_E_INVALID_ARGUMENT);
    e.struct_size = sizeof e;
    ck_assert_status_msg(bc_trades_get(t, 1, &e), BC_E_INVALID_ARGUMENT, "index 1");
    ck_assert_int_eq(bc_trades_create(NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_trades_count(NULL), 0);
    bc_trades_free(t);
}
END_TEST

START_TEST(trades_write_replaces_the_target_atomically_and_leaves_no_temp_file)
{
    const char *out = scratch_text("trades_raw.csv", "old content\n");
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event e = make_event(5, "GBPUSD");
    ck_assert_ok(bc_trades_append(t, &e));
    ck_assert_ok(bc_trades_write_csv(t, out));
    ck_assert_int_eq(scratch_entries(), 1);
    char *text = slurp(out);
    ck_assert_ptr_null(strstr(text, "old content"));
    ck_assert_ptr_nonnull(strstr(text, "\n5;2024.01.02 10:00:00;"));
    free(text);
    ck_assert_status_msg(bc_trades_write_csv(t, "/nonexistent-dir/trades_raw.csv"), BC_E_IO,
                         "/nonexistent-dir/trades_raw.csv");
    ck_assert_int_eq(bc_trades_write_csv(NULL, out), BC_E_INVALID_ARGUMENT);
    bc_trades_free(t);
}
END_TEST

START_TEST(trades_accept_comma_delimiter_iso_times_and_the_full_44_column_header)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event e = make_event(9, "AAPL");
    ck_assert_ok(bc_trades_append(t, &e));
    const char *full = scratch_path("full.csv");
    ck_assert_ok(bc_trades_write_csv(t, full));
    bc_trades_free(t);
    char *text = slurp(full);
    int fields = 1;
    for (const char *p = text; *p != '\n'; p++)
        fields += *p == ';';
    ck_assert_int_eq(fields, 44);
    free(text);
    const char *path = scratch_text("comma.csv",
                                    "symbol,price,order_type,ticket,action,event_time\r\n"
                                    "AAPL,10.5,1,3,MODIFY,2024-01-02T10:00:00Z\r\n");
    ck_assert_ok(bc_trades_read_csv(path, &t, NULL));
    e = get_event(t, 0);
    ck_assert_int_eq(e.time, 1704189600);
    ck_assert_int_eq(e.action, BC_ACTION_MODIFY);
    ck_assert_int_eq(e.event_id, -1);
    ck_assert_double_eq(e.price, 10.5);
    bc_trades_free(t);
}
END_TEST

/* BotCopier's observer writes with MetaTrader's FileWrite, which does not
 * quote: "span=abc;manual close" in the comment column becomes two fields. */
static const char observer_log[] =
    "event_id;event_time;action;ticket;symbol;order_type;lots;price;comment;decision_id;profit\n"
    "1;2024.01.02 10:00;OPEN;11;EURUSD;0;0.1;1.1;span=abc;entry;0;\n"
    "2;2024.01.02 11:00;CLOSE;11;EURUSD;0;0.1;1.2;span=abd;manual;close;7;5.5\n"
    "3;2024.01.02 12:00;OPEN;12;EURUSD;1;0.1;1.3;plain;12;\n"
    "4;2024.01.02 13:00;OPEN;13;EURUSD;bad;0.1;1.3;x;y;5;\n";

START_TEST(observer_comments_holding_the_delimiter_are_joined_back)
{
    const char *path = scratch_text("observer.csv", observer_log);
    bc_trades *t = NULL;
    bc_rejects *r = NULL;
    char drop[600];
    while (bc_log_pop(drop, sizeof drop, NULL, NULL) == BC_OK) {
    }
    ck_assert_ok(bc_trades_read_csv(path, &t, &r));
    ck_assert_int_eq(bc_trades_count(t), 3);
    bc_trade_event ev = {.struct_size = sizeof ev};
    ck_assert_ok(bc_trades_get(t, 1, &ev));
    ck_assert_int_eq(ev.event_id, 2);
    ck_assert_int_eq(ev.decision_id, 7);      /* the fields after the comment line up */
    ck_assert(ev.profit == 5.5);
    ck_assert_ok(bc_trades_get(t, 0, &ev));
    ck_assert_int_eq(ev.decision_id, -1);     /* decision_id 0 means none */
    /* Row 4 has an extra field too, but joining it into the comment leaves
     * order_type 'bad': rejected as before, with its reason. */
    ck_assert_int_eq(bc_rejects_count(r), 1);
    int64_t line = 0;
    char reason[300];
    int32_t reason_len = 0;
    ck_assert_ok(bc_rejects_get(r, 0, &line, reason, sizeof reason, &reason_len));
    ck_assert_int_eq(line, 5);
    ck_assert_msg(strstr(reason, "order_type") != NULL, "reason: %s", reason);
    char msg[600];
    int found = 0;
    while (bc_log_pop(msg, sizeof msg, NULL, NULL) == BC_OK)
        found |= strstr(msg, "joined back") != NULL && strstr(msg, "2 rows") != NULL;
    ck_assert_msg(found, "no warning about the joined comments");
    bc_rejects_free(r);
    bc_trades_free(t);
}
END_TEST

/* MQL5's FileOpen without FILE_ANSI writes UTF-16 LE with a byte-order mark. */
START_TEST(utf16_le_logs_with_a_bom_read_like_utf8)
{
    const char *utf8 = "event_id;event_time;action;ticket;symbol;order_type;price;comment\r\n"
                       "1;2024.01.02 10:00;OPEN;11;EURUSD;0;1.1;caf\xC3\xA9 \xE2\x82\xAC\r\n"
                       "2;2024.01.02 11:00;CLOSE;11;EURUSD;0;1.2;\xF0\x9F\x93\x88\r\n";
    uint16_t units[512];
    int32_t n = 0;
    ck_assert_ok(bc_utf8_to_utf16(utf8, 1, "test", units, 512, &n));
    unsigned char bytes[1100];
    bytes[0] = 0xFF;
    bytes[1] = 0xFE;
    for (int32_t i = 0; i < n; i++) {
        bytes[2 + 2 * i] = (unsigned char)(units[i] & 0xFF);
        bytes[3 + 2 * i] = (unsigned char)(units[i] >> 8);
    }
    const char *path16 = scratch_write("utf16.csv", bytes, (size_t)(2 + 2 * n));
    bc_trades *a = NULL, *b = NULL;
    ck_assert_ok(bc_trades_read_csv(path16, &a, NULL));
    ck_assert_ok(bc_trades_read_csv(scratch_text("utf8.csv", utf8), &b, NULL));
    ck_assert_int_eq(bc_trades_count(a), 2);
    for (int32_t i = 0; i < 2; i++) {
        bc_trade_event x = {.struct_size = sizeof x}, y = {.struct_size = sizeof y};
        ck_assert_ok(bc_trades_get(a, i, &x));
        ck_assert_ok(bc_trades_get(b, i, &y));
        ck_assert_int_eq(x.time, y.time);
        ck_assert(x.price == y.price);
        ck_assert_str_eq(x.symbol, y.symbol);
    }
    bc_trades_free(a);
    bc_trades_free(b);
    bytes[3] = 0xD8; /* an unpaired high surrogate as the first unit */
    bytes[2] = 0x00;
    bc_trades *bad = NULL;
    ck_assert_status_msg(bc_trades_read_csv(scratch_write("bad16.csv", bytes, 2 + 2 * (size_t)n),
                                            &bad, NULL), BC_E_PARSE, "not valid UTF-16");
}
END_TEST

Suite *suite_trades(void)
{
    Suite *s = suite_create("trades");
    TCase *tc = tcase_create("trades");
    tcase_add_checked_fixture(tc, scratch_setup, scratch_teardown);
    tcase_add_test(tc, trades_read_sample_bot_log_with_exact_values);
    tcase_add_test(tc, trades_reject_bad_rows_by_line_and_reason);
    tcase_add_test(tc, trades_missing_required_column_is_named_with_the_file);
    tcase_add_test(tc, trades_read_write_read_gives_equal_events);
    tcase_add_test(tc, trades_built_in_memory_round_trip_with_quoted_symbols_and_exact_doubles);
    tcase_add_test(tc, trades_append_refuses_invalid_events_naming_the_problem);
    tcase_add_test(tc, trades_write_replaces_the_target_atomically_and_leaves_no_temp_file);
    tcase_add_test(tc, trades_accept_comma_delimiter_iso_times_and_the_full_44_column_header);
    tcase_add_test(tc, observer_comments_holding_the_delimiter_are_joined_back);
    tcase_add_test(tc, utf16_le_logs_with_a_bom_read_like_utf8);
    suite_add_tcase(s, tc);
    return s;
}
