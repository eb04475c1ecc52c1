/*
 * trades.c - trade event lists in the BotCopier observer schema
 * (trades_raw.csv): reader with per-row validation, in-memory building,
 * and the atomic writer. Holds events only; alignment to bars and labels
 * belong to the clone layer.
 */
#include "data/data.h"
#include "core/atomic_file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Open-addressing set of event ids (with the line that first used each),
 * so duplicate detection stays O(1) per row on million-row logs. */
typedef struct id_slot {
    int64_t id;
    int64_t line;
    int32_t used;
} id_slot;

struct bc_trades {
    bc_trade_event *events;
    int32_t n, capacity;
    id_slot *ids;
    int64_t id_capacity, id_count; /* id_capacity is a power of two */
};

static uint64_t mix64(uint64_t x)
{
    /* splitmix64 finalizer: spreads sequential ids over the table. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static id_slot *id_find(const bc_trades *t, int64_t id)
{
    if (t->id_capacity == 0)
        return NULL;
    uint64_t mask = (uint64_t)t->id_capacity - 1;
    for (uint64_t i = mix64((uint64_t)id) & mask;; i = (i + 1) & mask) {
        id_slot *s = &t->ids[i];
        if (!s->used)
            return NULL;
        if (s->id == id)
            return s;
    }
}

static int id_insert(bc_trades *t, int64_t id, int64_t line)
{
    if ((t->id_count + 1) * 2 > t->id_capacity) {
        int64_t cap = t->id_capacity ? t->id_capacity * 2 : 1024;
        id_slot *slots = calloc((size_t)cap, sizeof *slots);
        if (!slots)
            return 0;
        id_slot *old = t->ids;
        int64_t old_cap = t->id_capacity;
        t->ids = slots;
        t->id_capacity = cap;
        t->id_count = 0;
        for (int64_t i = 0; i < old_cap; i++)
            if (old[i].used)
                id_insert(t, old[i].id, old[i].line);
        free(old);
    }
    uint64_t mask = (uint64_t)t->id_capacity - 1;
    uint64_t i = mix64((uint64_t)id) & mask;
    while (t->ids[i].used)
        i = (i + 1) & mask;
    t->ids[i] = (id_slot){id, line, 1};
    t->id_count++;
    return 1;
}

int32_t bc_trades_create(bc_trades **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trades_create: NULL output");
    *out = calloc(1, sizeof **out);
    return *out ? BC_OK : bc_fail(BC_E_OUT_OF_MEMORY, "bc_trades_create: out of memory");
}

void bc_trades_free(bc_trades *trades)
{
    if (!trades)
        return;
    free(trades->events);
    free(trades->ids);
    free(trades);
}

int32_t bc_trades_count(const bc_trades *trades) { return trades ? trades->n : 0; }

/* Seconds of 0001-01-01 and 9999-12-31 23:59:59: what the writer can print. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX (253402300799LL)

/* The checks the reader and bc_trades_append share; NULL when the event is
 * valid, otherwise the reason in why. Duplicates are checked separately. */
static const char *event_problem(const bc_trade_event *ev, char *why, size_t cap)
{
    if (ev->action < BC_ACTION_OPEN || ev->action > BC_ACTION_CLOSE)
        snprintf(why, cap, "action %d is not OPEN (1), MODIFY (2) or CLOSE (3)",
                 (int)ev->action);
    else if (ev->order_type != BC_ORDER_BUY && ev->order_type != BC_ORDER_SELL)
        snprintf(why, cap, "order_type %d is not 0 (buy) or 1 (sell)",
                 (int)ev->order_type);
    else if (ev->time < TIME_MIN || ev->time > TIME_MAX)
        snprintf(why, cap, "time %lld is outside years 0001-9999", (long long)ev->time);
    else if (!isfinite(ev->price))
        snprintf(why, cap, "price is %g, expected a finite number", ev->price);
    else if (ev->lots < 0.0 || isinf(ev->lots))
        snprintf(why, cap, "lots is %g, expected a finite number >= 0", ev->lots);
    else if (isinf(ev->sl) || isinf(ev->tp) || isinf(ev->profit) ||
             isinf(ev->book_bid_vol) || isinf(ev->book_ask_vol))
        snprintf(why, cap, "sl, tp, profit and book volumes must be finite or NaN");
    else if (memchr(ev->symbol, '\0', sizeof ev->symbol) == NULL)
        snprintf(why, cap, "symbol is not NUL-terminated within 32 bytes");
    else if (ev->symbol[0] == '\0')
        snprintf(why, cap, "symbol is empty");
    else
        return NULL;
    return why;
}

static int32_t push_event(bc_trades *t, const bc_trade_event *ev)
{
    if (t->n == INT32_MAX)
        return bc_fail(BC_E_OUT_OF_MEMORY, "trades: more than %d events", INT32_MAX);
    if (t->n == t->capacity) {
        int64_t cap = t->capacity ? (int64_t)t->capacity * 2 : 256;
        if (cap > INT32_MAX)
            cap = INT32_MAX;
        bc_trade_event *e = realloc(t->events, sizeof *e * (size_t)cap);
        if (!e)
            return bc_fail(BC_E_OUT_OF_MEMORY, "trades: out of memory (%d events)",
                           (int)t->n);
        t->events = e;
        t->capacity = (int32_t)cap;
    }
    if (ev->event_id != -1 && !id_insert(t, ev->event_id, ev->line))
        return bc_fail(BC_E_OUT_OF_MEMORY, "trades: out of memory (%d events)", (int)t->n);
    t->events[t->n] = *ev;
    t->events[t->n].struct_size = sizeof(bc_trade_event);
    t->events[t->n].reserved = 0;
    t->n++;
    return BC_OK;
}

int32_t bc_trades_append(bc_trades *trades, const bc_trade_event *event)
{
    if (!trades || !event)
        return bc_fail_null("bc_trades_append", "trades", (const void *)trades, "event", (const void *)event, (const char *)NULL);
    if (event->struct_size < sizeof(bc_trade_event))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_trades_append: struct_size %u, expected %u",
                       (unsigned)event->struct_size, (unsigned)sizeof(bc_trade_event));
    char why[160];
    if (event_problem(event, why, sizeof why))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trades_append: event %lld: %s",
                       (long long)event->event_id, why);
    id_slot *dup = event->event_id != -1 ? id_find(trades, event->event_id) : NULL;
    if (dup)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_trades_append: event_id %lld is already in the list",
                       (long long)event->event_id);
    return push_event(trades, event);
}

int32_t bc_trades_get(const bc_trades *trades, int32_t i, bc_trade_event *out)
{
    if (!trades || !out)
        return bc_fail_null("bc_trades_get", "trades", (const void *)trades, "out", (const void *)out, (const char *)NULL);
    if (out->struct_size < sizeof(bc_trade_event))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trades_get: struct_size %u, expected %u",
                       (unsigned)out->struct_size, (unsigned)sizeof(bc_trade_event));
    if (i < 0 || i >= trades->n)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trades_get: index %d outside 0..%d",
                       (int)i, (int)trades->n - 1);
    uint32_t size = out->struct_size;
    *out = trades->events[i];
    out->struct_size = size;
    return BC_OK;
}

/* ---- reader ------------------------------------------------------------ */

enum {
    COL_EVENT_ID, COL_EVENT_TIME, COL_ACTION, COL_TICKET, COL_MAGIC, COL_SYMBOL,
    COL_ORDER_TYPE, COL_LOTS, COL_PRICE, COL_SL, COL_TP, COL_PROFIT,
    COL_DECISION_ID, COL_BOOK_BID, COL_BOOK_ASK, COL_COMMENT, COL_COUNT
};

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

static int32_t parse_action(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                            int32_t *out)
{
    static const char *const actions[] = {"OPEN", "MODIFY", "CLOSE"};
    for (int32_t a = 0; a < 3; a++)
        if (bc_name_equals(rec->fields[index], actions[a])) {
            *out = a + 1;
            return 1;
        }
    char shown[BC_SHOWN];
    return bc_reject_row(r, rec, "column 'action' is '%s', expected OPEN, MODIFY or CLOSE",
                         bc_quote_for_message(rec->fields[index], shown, sizeof shown));
}

static int32_t parse_symbol(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                            char symbol[32])
{
    const char *s = rec->fields[index];
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return bc_reject_row(r, rec, "column 'symbol' is empty");
    if (n >= 32) {
        char shown[BC_SHOWN];
        return bc_reject_row(r, rec, "column 'symbol' is '%s', longer than 31 bytes",
                             bc_quote_for_message(s, shown, sizeof shown));
    }
    memcpy(symbol, s, n);
    memset(symbol + n, 0, 32 - n);
    return 1;
}

/* Fills ev from one record; 1 usable, 0 rejected, < 0 fatal. */
static int32_t read_event(bc_rejects *r, const bc_csv_record *rec, const bc_column *c,
                          bc_trade_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->struct_size = sizeof *ev;
    ev->line = rec->line;
    int64_t order_type = 0;
    int32_t ok = bc_cell_int64(r, rec, c[COL_EVENT_ID].index, "event_id", 1, -1,
                               &ev->event_id);
    if (ok == 1)
        ok = bc_cell_time(r, rec, c[COL_EVENT_TIME].index, "event_time", &ev->time);
    if (ok == 1)
        ok = parse_action(r, rec, c[COL_ACTION].index, &ev->action);
    if (ok == 1)
        ok = bc_cell_int64(r, rec, c[COL_TICKET].index, "ticket", 0, 0, &ev->ticket);
    if (ok == 1)
        ok = bc_cell_int64(r, rec, c[COL_MAGIC].index, "magic", 1, 0, &ev->magic);
    if (ok == 1)
        ok = parse_symbol(r, rec, c[COL_SYMBOL].index, ev->symbol);
    if (ok == 1)
        ok = bc_cell_int64(r, rec, c[COL_ORDER_TYPE].index, "order_type", 0, 0,
                           &order_type);
    if (ok == 1 && order_type != 0 && order_type != 1)
        ok = bc_reject_row(r, rec, "column 'order_type' is %lld, expected 0 (buy) or 1 (sell)",
                           (long long)order_type);
    ev->order_type = (int32_t)order_type;
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_LOTS].index, "lots", 1, NAN, &ev->lots);
    if (ok == 1 && ev->lots < 0.0)
        ok = bc_reject_row(r, rec, "column 'lots' is %g, expected >= 0", ev->lots);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_PRICE].index, "price", 0, 0.0, &ev->price);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_SL].index, "sl", 1, NAN, &ev->sl);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_TP].index, "tp", 1, NAN, &ev->tp);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_PROFIT].index, "profit", 1, NAN, &ev->profit);
    if (ok == 1)
        ok = bc_cell_int64(r, rec, c[COL_DECISION_ID].index, "decision_id", 1, -1,
                           &ev->decision_id);
    if (ok == 1 && ev->decision_id == 0)
        ev->decision_id = -1; /* BotCopier's observer writes 0 for "no decision" */
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_BOOK_BID].index, "book_bid_vol", 1, NAN,
                            &ev->book_bid_vol);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[COL_BOOK_ASK].index, "book_ask_vol", 1, NAN,
                            &ev->book_ask_vol);
    return ok;
}

/* Keeps a parsed event unless its event_id repeats an earlier row's. */
static int32_t trade_row(void *reader, bc_rejects *r, const bc_csv_record *rec,
                         const bc_column *cols)
{
    bc_trades *t = reader;
    bc_trade_event ev;
    int32_t ok = read_event(r, rec, cols, &ev);
    if (ok == 1 && ev.event_id != -1) {
        const id_slot *dup = id_find(t, ev.event_id);
        if (dup)
            ok = bc_reject_row(r, rec, "duplicate event_id %lld (first at line %lld)",
                               (long long)ev.event_id, (long long)dup->line);
    }
    if (ok != 1)
        return ok;
    int32_t rc = push_event(t, &ev);
    return rc == BC_OK ? 1 : rc;
}

int32_t bc_trades_read_csv(const char *path, bc_trades **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail_null("bc_trades_read_csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_column cols[COL_COUNT] = {
        [COL_EVENT_ID] = {NAMES("event_id"), 0, -1, ""},
        [COL_EVENT_TIME] = {NAMES("event_time"), 1, -1, ""},
        [COL_ACTION] = {NAMES("action"), 1, -1, ""},
        [COL_TICKET] = {NAMES("ticket"), 1, -1, ""},
        [COL_MAGIC] = {NAMES("magic"), 0, -1, ""},
        [COL_SYMBOL] = {NAMES("symbol"), 1, -1, ""},
        [COL_ORDER_TYPE] = {NAMES("order_type"), 1, -1, ""},
        [COL_LOTS] = {NAMES("lots"), 0, -1, ""},
        [COL_PRICE] = {NAMES("price"), 1, -1, ""},
        [COL_SL] = {NAMES("sl"), 0, -1, ""},
        [COL_TP] = {NAMES("tp"), 0, -1, ""},
        [COL_PROFIT] = {NAMES("profit"), 0, -1, ""},
        [COL_DECISION_ID] = {NAMES("decision_id"), 0, -1, ""},
        [COL_BOOK_BID] = {NAMES("book_bid_vol"), 0, -1, ""},
        [COL_BOOK_ASK] = {NAMES("book_ask_vol"), 0, -1, ""},
        [COL_COMMENT] = {NAMES("comment"), 0, -1, ""},
    };
    bc_trades *t = NULL;
    if (bc_trades_create(&t) != BC_OK)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    int32_t rc = bc_read_table_ex(path, cols, COL_COUNT, COL_COMMENT, trade_row, t, rejects);
    if (rc != BC_OK) {
        bc_trades_free(t);
        return rc;
    }
    *out = t;
    return BC_OK;
}

/* ---- writer ------------------------------------------------------------ */

static const char observer_header[] =
    "event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;"
    "order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;"
    "comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;"
    "book_imbalance;sl_hit_dist;tp_hit_dist;executed_model_idx;decision_id;is_anomaly;"
    "equity;margin_level;commission;swap;risk_weight;trend_estimate;trend_variance;"
    "exit_reason;duration_sec;calendar_event_id;local_anomaly;remote_anomaly";

static void write_event(FILE *f, const bc_trade_event *ev)
{
    static const char *const actions[] = {"", "OPEN", "MODIFY", "CLOSE"};
    char when[24];
    bc_time_format(ev->time, BC_TIME_MT4, when, sizeof when, NULL);
    if (ev->event_id != -1)
        fprintf(f, "%lld", (long long)ev->event_id);
    fprintf(f, ";%s;%s;;%s;%lld;%lld;;", when, when, actions[ev->action],
            (long long)ev->ticket, (long long)ev->magic);
    bc_csv_write_field(f, ev->symbol, ';');
    const double prices[] = {ev->lots, ev->price, ev->sl, ev->tp, ev->profit};
    const double book[] = {ev->book_bid_vol, ev->book_ask_vol};
    fprintf(f, ";%d", (int)ev->order_type);
    bc_csv_write_doubles(f, prices, 5, ';');
    /* profit_after_trade .. open_time: 9 columns the event does not carry. */
    fputs(";;;;;;;;;", f);
    bc_csv_write_doubles(f, book, 2, ';');
    /* book_imbalance, sl_hit_dist, tp_hit_dist, executed_model_idx. */
    fputs(";;;;;", f);
    if (ev->decision_id != -1)
        fprintf(f, "%lld", (long long)ev->decision_id);
    /* is_anomaly .. remote_anomaly: 13 columns. */
    fputs(";;;;;;;;;;;;;\n", f);
}

int32_t bc_trades_write_csv(const bc_trades *trades, const char *path)
{
    if (!trades || !path)
        return bc_fail_null("bc_trades_write_csv", "trades", (const void *)trades, "path", (const void *)path, (const char *)NULL);
    bc_atomic_file *af = NULL;
    FILE *f = NULL;
    int32_t rc = bc_atomic_open(path, &af, &f);
    if (rc != BC_OK)
        return rc;
    fputs(observer_header, f);
    fputc('\n', f);
    for (int32_t i = 0; i < trades->n; i++)
        write_event(f, &trades->events[i]);
    return bc_atomic_commit(af);
}
