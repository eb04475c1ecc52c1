/*
 * run.c - a clone run as a bot over historical bars: the predictor decides
 * bar by bar (the same code a live host calls), and every position change
 * becomes OPEN/CLOSE events in a trade log of the target's schema, so clone
 * and target can be compared line by line. Also used by the cloner to
 * measure fidelity in closed loop.
 */
#include "clone/clone.h"
#include "clone/predictor.h"
#include "clone/run.h"
#include "core/internal.h"
#include "model/model.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

int32_t clone_run_bars(bc_predictor *p, const bc_bars *bars, int32_t start, int32_t end,
                       const struct clone_position *initial, struct clone_fill *out)
{
    int32_t n = bc_bars_length(bars);
    if (start < 0 || end > n || start > end)
        return bc_fail(BC_E_INVALID_ARGUMENT, "run: bar range [%d, %d) outside [0, %d)", start, end, n);
    int32_t rc = bc_predictor_reset(p);
    if (rc != BC_OK || end == 0)
        return rc;
    /* The engine's columns: the market ones, then atr(14) when the model
     * has position state. */
    const int32_t width = p->n_market + p->has_position;
    double *market = malloc(sizeof *market * ((size_t)end * (size_t)width + 1));
    double *atr = malloc(sizeof *atr * (size_t)end);
    if (!market || !atr) {
        free(market);
        free(atr);
        return bc_fail(BC_E_OUT_OF_MEMORY, "run: no memory for %d bars x %d features", end, width);
    }
    const int64_t *t = bc_bars_time(bars);
    if (p->features)
        rc = bc_features_compute_arrays(p->features, end, t, bc_bars_column(bars, BC_BAR_OPEN),
                                        bc_bars_column(bars, BC_BAR_HIGH),
                                        bc_bars_column(bars, BC_BAR_LOW),
                                        bc_bars_column(bars, BC_BAR_CLOSE),
                                        bc_bars_column(bars, BC_BAR_VOLUME), NULL, NULL, market,
                                        (int64_t)end * width);
    for (int32_t i = 0; i < end; i++)
        atr[i] = p->has_position ? market[(int64_t)i * width + p->n_market] : NAN;
    const struct clone_sim_bars b = {p->n_market, width, market, t,
                                     bc_bars_column(bars, BC_BAR_HIGH),
                                     bc_bars_column(bars, BC_BAR_LOW),
                                     bc_bars_column(bars, BC_BAR_CLOSE), atr, NULL, 0};
    if (rc == BC_OK)
        rc = clone_simulate(p, &b, start, end, initial, out);
    if (rc == BC_OK)
        p->last_time = t[end - 1];
    free(market);
    free(atr);
    return rc;
}

int32_t clone_entries_from_run(int32_t start, int32_t count, const struct clone_fill *fills,
                               int32_t *bar, int32_t *dir)
{
    int32_t n = 0;
    for (int32_t i = 0; i < count; i++)
        if (fills[i].entered) {
            bar[n] = start + i;
            dir[n] = fills[i].direction;
            n++;
        }
    return n;
}

void clone_model_trade_identity(const bc_model *m, char *symbol, int32_t capacity, double *lots)
{
    snprintf(symbol, (size_t)capacity, "%s", "CLONE");
    *lots = 0.1;
#ifdef BC_HAVE_JANSSON
    if (!m->extra_json)
        return;
    json_t *root = json_loads(m->extra_json, 0, NULL);
    json_t *clone = root ? json_object_get(root, "clone") : NULL;
    const char *s = json_string_value(json_object_get(clone, "symbol"));
    if (s && *s)
        snprintf(symbol, (size_t)capacity, "%s", s);
    json_t *l = json_object_get(clone, "lots");
    if (json_is_number(l) && json_number_value(l) > 0.0)
        *lots = json_number_value(l);
    json_decref(root);
#else
    (void)m;
#endif
}

/* The model file's rules (clone.exits, clone.levels): each of sl and tp
 * absent or null (no rule), else an object {"unit": a name of
 * clone_level_unit_name's table, "k": finite and > 0[, "n": the window]}.
 * Anything else is refused, never read as "no rule": a unit this library
 * does not know (a newer library's, or a damaged file) is BC_E_VERSION, a
 * malformed rule BC_E_CORRUPT, each naming the rule and the value (a model
 * traded without the stop its file records would be no clone of it). */
static int32_t rule_error(int32_t rc, const char *where, const char *what, const char *value,
                          int len)
{
    if (len < 0)
        len = (int)strlen(value);
    return bc_fail(rc,
                   "model metadata clone.%s: %s '%.*s'%s", where, what, len, value,
                   rc == BC_E_VERSION
                       ? " is not a stop-loss/take-profit unit this library knows (atr, price, "
                         "points, swing, risk, range, to_sma, to_ema, to_linreg, to_midprice, "
                         "stddev): the model was written by a newer library or is damaged; "
                         "nothing is traded without its stops"
                       : " is malformed");
}

/* A rule's window n as the model file gives it (has_n 0: no "n"): a swing
 * rule's window (required, 1..CLONE_SWING_MAX), an atr rule's period (0 or
 * absent: 14; else up to CLONE_EXIT_MAX_ATR), a range, stddev or level
 * rule's window (required, 2..CLONE_EXIT_MAX_ATR); the others take none.
 * Both model readers below share it. */
static int32_t rule_window(struct clone_level_rule *rule, int has_n, long long n,
                           const char *where)
{
    const int needs_n = rule->unit == CLONE_LEVEL_SWING || rule->unit == CLONE_LEVEL_RANGE ||
                        rule->unit == CLONE_LEVEL_STDDEV || CLONE_LEVEL_IS_TO(rule->unit);
    const long long lo = rule->unit == CLONE_LEVEL_SWING ? 1 : 2,
                    hi = rule->unit == CLONE_LEVEL_SWING ? CLONE_SWING_MAX : CLONE_EXIT_MAX_ATR;
    char text[32];
    snprintf(text, sizeof text, "%lld", n);
    if (has_n && n == LLONG_MIN)
        return rule_error(BC_E_CORRUPT, where, "window n", "(not an integer)", -1);
    if (needs_n && (!has_n || n < lo || n > hi))
        return rule_error(BC_E_CORRUPT, where, "window n", has_n ? text : "(missing)", -1);
    if (rule->unit == CLONE_LEVEL_ATR && has_n && (n < 0 || n > CLONE_EXIT_MAX_ATR))
        return rule_error(BC_E_CORRUPT, where, "atr period n", text, -1);
    rule->n = needs_n || rule->unit == CLONE_LEVEL_ATR ? (int32_t)(has_n ? n : 0) : 0;
    return BC_OK;
}

/* The unit named by name[0..len) and k into *rule, or the error. */
static int32_t rule_unit_k(struct clone_level_rule *rule, const char *name, size_t len, double k,
                           int k_ok, const char *where)
{
    rule->unit = clone_level_unit_from_name(name, len);
    if (rule->unit == CLONE_LEVEL_NONE)
        return rule_error(BC_E_VERSION, where, "unit", name, (int)len);
    if (!k_ok || !isfinite(k) || !(k > 0.0)) {
        char text[40];
        snprintf(text, sizeof text, "%.17g", k);
        return rule_error(BC_E_CORRUPT, where, "k", k_ok ? text : "(missing or not a number)", -1);
    }
    rule->k = k;
    return BC_OK;
}

#ifdef BC_HAVE_JANSSON
static int32_t level_rule_from_json(json_t *o, struct clone_level_rule *rule, const char *where)
{
    *rule = (struct clone_level_rule){CLONE_LEVEL_NONE, 0.0, 0};
    if (!o || json_is_null(o))
        return BC_OK;
    if (!json_is_object(o))
        return rule_error(BC_E_CORRUPT, where, "rule", "(not an object or null)", -1);
    json_t *u = json_object_get(o, "unit"), *k = json_object_get(o, "k"),
           *n = json_object_get(o, "n");
    if (!json_is_string(u))
        return rule_error(BC_E_CORRUPT, where, "unit", "(missing or not a string)", -1);
    struct clone_level_rule r = {CLONE_LEVEL_NONE, 0.0, 0};
    int32_t rc = rule_unit_k(&r, json_string_value(u), json_string_length(u),
                             json_is_number(k) ? json_number_value(k) : NAN, json_is_number(k),
                             where);
    if (rc == BC_OK)
        rc = rule_window(&r, n != NULL, json_is_integer(n) ? (long long)json_integer_value(n)
                                                             : LLONG_MIN, where);
    if (rc == BC_OK)
        *rule = r;
    return rc;
}
#endif

#ifndef BC_HAVE_JANSSON
/* Without jansson (the DLL): the few bytes the cloner wrote for one rule
 * object, {"sl":{"unit":"atr","k":1.5},"tp":null} in any key order and
 * spacing, read by hand; the model's level columns depend on them, so the
 * DLL must see what the Linux predictor sees. */
static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    return s;
}

/* The value after "key": inside the object text [s, end), or NULL. */
static const char *member(const char *s, const char *end, const char *key)
{
    size_t n = strlen(key);
    for (const char *q = s; q && q < end; q = strchr(q + 1, '"')) {
        if (q + n + 2 <= end && q[0] == '"' && strncmp(q + 1, key, n) == 0 && q[n + 1] == '"') {
            const char *v = skip_space(q + n + 2);
            if (*v == ':')
                return skip_space(v + 1);
        }
    }
    return NULL;
}

/* End of the object starting at s ('{'): one past its closing brace. */
static const char *object_end(const char *s)
{
    int depth = 0, in_string = 0;
    for (; *s; s++) {
        if (in_string) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                in_string = 0;
        } else if (*s == '"') {
            in_string = 1;
        } else if (*s == '{') {
            depth++;
        } else if (*s == '}' && --depth == 0) {
            return s + 1;
        }
    }
    return s;
}

static int32_t level_rule_from_text(const char *o, struct clone_level_rule *rule,
                                    const char *where)
{
    *rule = (struct clone_level_rule){CLONE_LEVEL_NONE, 0.0, 0};
    if (!o || strncmp(o, "null", 4) == 0)
        return BC_OK;
    if (*o != '{')
        return rule_error(BC_E_CORRUPT, where, "rule", "(not an object or null)", -1);
    const char *end = object_end(o), *unit = member(o + 1, end, "unit"), *k = member(o + 1, end, "k");
    const char *name_end = unit && *unit == '"' ? strchr(unit + 1, '"') : NULL;
    if (!name_end || name_end >= end)
        return rule_error(BC_E_CORRUPT, where, "unit", "(missing or not a string)", -1);
    char *stop = NULL;
    double v = k ? strtod(k, &stop) : NAN;
    struct clone_level_rule r = {CLONE_LEVEL_NONE, 0.0, 0};
    int32_t rc = rule_unit_k(&r, unit + 1, (size_t)(name_end - unit - 1), v, k && stop != k,
                             where);
    const char *w = member(o + 1, end, "n");
    long n = w ? strtol(w, &stop, 10) : 0;
    if (rc == BC_OK)
        rc = rule_window(&r, w != NULL, w && stop == w ? LLONG_MIN : (long long)n, where);
    if (rc == BC_OK)
        *rule = r;
    return rc;
}
#endif

/* The rules under clone.<key> of the model's metadata. */
static int32_t model_rules(const bc_model *m, const char *key, struct clone_exit_rules *out)
{
    memset(out, 0, sizeof *out);
    if (!m->extra_json)
        return BC_OK;
    char where[2][32];
    snprintf(where[0], sizeof where[0], "%s.sl", key);
    snprintf(where[1], sizeof where[1], "%s.tp", key);
    int32_t rc;
#ifdef BC_HAVE_JANSSON
    json_t *root = json_loads(m->extra_json, 0, NULL);
    json_t *rules = json_object_get(json_object_get(root, "clone"), key);
    rc = level_rule_from_json(json_object_get(rules, "sl"), &out->sl, where[0]);
    if (rc == BC_OK)
        rc = level_rule_from_json(json_object_get(rules, "tp"), &out->tp, where[1]);
    json_decref(root);
#else
    const char *clone = member(m->extra_json, m->extra_json + strlen(m->extra_json), "clone");
    if (!clone || *clone != '{')
        return BC_OK;
    const char *clone_end = object_end(clone);
    const char *rules = member(clone + 1, clone_end, key);
    if (!rules || *rules != '{')
        return BC_OK;
    const char *rules_end = object_end(rules);
    rc = level_rule_from_text(member(rules + 1, rules_end, "sl"), &out->sl, where[0]);
    if (rc == BC_OK)
        rc = level_rule_from_text(member(rules + 1, rules_end, "tp"), &out->tp, where[1]);
#endif
    if (rc != BC_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int32_t clone_model_exits(const bc_model *m, struct clone_exit_rules *out)
{
    return model_rules(m, "exits", out);
}

int32_t clone_model_levels(const bc_model *m, struct clone_exit_rules *out)
{
    return model_rules(m, "levels", out);
}

int32_t clone_model_check_rules(const bc_model *m)
{
    struct clone_exit_rules r;
    int32_t rc = clone_model_exits(m, &r);
    return rc == BC_OK ? clone_model_levels(m, &r) : rc;
}

static int32_t append_event(bc_trades *trades, int32_t action, int32_t direction, int64_t ticket,
                            int64_t time, double price, double sl, double tp, double lots,
                            double profit, const char *symbol)
{
    bc_trade_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = (uint32_t)sizeof ev;
    ev.action = action;
    ev.order_type = direction > 0 ? 0 : 1;
    ev.event_id = bc_trades_count(trades) + 1;
    ev.time = time;
    ev.ticket = ticket;
    ev.magic = 0;
    ev.decision_id = time;
    ev.lots = lots;
    ev.price = price;
    ev.sl = sl;
    ev.tp = tp;
    ev.profit = profit;
    ev.book_bid_vol = NAN;
    ev.book_ask_vol = NAN;
    snprintf(ev.symbol, sizeof ev.symbol, "%s", symbol);
    return bc_trades_append(trades, &ev);
}

static int32_t run_range(const bc_bars *bars, int64_t from, int64_t to, int32_t *start,
                         int32_t *end)
{
    if (from > to)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: from %lld is after to %lld",
                       (long long)from, (long long)to);
    int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    *start = 0;
    *end = n;
    while (*start < n && t[*start] < from)
        (*start)++;
    while (*end > *start && t[*end - 1] > to)
        (*end)--;
    if (*start >= *end)
        return bc_fail(BC_E_NO_DATA, "clone_run: no bar between %lld and %lld (%d bars)",
                       (long long)from, (long long)to, n);
    return BC_OK;
}

int32_t bc_clone_run_predictor(bc_predictor *p, const bc_bars *bars, int64_t from, int64_t to,
                               bc_trades **out)
{
    if (!p || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: NULL %s",
                       !p ? "predictor" : !bars ? "bars" : "out");
    *out = NULL;
    int32_t start, end;
    int32_t rc = run_range(bars, from, to, &start, &end);
    if (rc != BC_OK)
        return rc;
    struct clone_fill *fills = malloc(sizeof *fills * (size_t)(end - start));
    bc_trades *trades = NULL;
    if (!fills)
        return bc_fail(BC_E_OUT_OF_MEMORY, "clone_run: no memory for %d bars", end - start);
    rc = clone_run_bars(p, bars, start, end, NULL, fills);
    if (rc == BC_OK)
        rc = bc_trades_create(&trades);
    char symbol[32];
    double lots;
    clone_model_trade_identity(p->model, symbol, (int32_t)sizeof symbol, &lots);
    if (p->symbol[0])
        snprintf(symbol, sizeof symbol, "%s", p->symbol);
    const int64_t *t = bc_bars_time(bars);
    int32_t before = 0;
    int64_t ticket = 0;
    double entry = NAN, sl = NAN, tp = NAN;
    for (int32_t i = start; rc == BC_OK && i < end; i++) {
        const struct clone_fill *f = &fills[i - start];
        /* A close at the bar's close or at a level the bar touched; the
         * events carry the position's sl/tp (NaN when it has none). */
        if (f->exit != CLONE_EXIT_NONE && before != 0) {
            double profit = (double)before * (f->exit_price - entry) * lots;
            rc = append_event(trades, BC_ACTION_CLOSE, before, ticket, t[i], f->exit_price, sl, tp,
                              lots, profit, symbol);
        }
        if (rc == BC_OK && f->entered) {
            ticket++;
            entry = f->entry_price;
            sl = f->sl;
            tp = f->tp;
            rc = append_event(trades, BC_ACTION_OPEN, f->direction, ticket, t[i], entry, sl, tp,
                              lots, 0.0, symbol);
        }
        before = f->direction;
    }
    free(fills);
    if (rc != BC_OK) {
        bc_trades_free(trades);
        return rc;
    }
    *out = trades;
    return BC_OK;
}

int32_t bc_clone_run(const bc_model *model, const bc_bars *bars, int64_t from, int64_t to,
                     bc_trades **out)
{
    if (!model || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: NULL %s",
                       !model ? "model" : !bars ? "bars" : "out");
    *out = NULL;
    bc_predictor *p = NULL;
    int32_t rc = bc_predictor_create(model, &p);
    if (rc == BC_OK)
        rc = bc_clone_run_predictor(p, bars, from, to, out);
    bc_predictor_free(p);
    return rc;
}

/* Entries of a log on the bars: its per-bar labels, OPEN ones kept. */
static int32_t log_entries(const bc_trades *log, const char *symbol, const bc_bars *bars,
                           int32_t start, int32_t end, int32_t *bar, int32_t *dir, int32_t *count)
{
    int32_t n = bc_trades_count(log), n_bars = bc_bars_length(bars), m = 0;
    struct clone_event *ev = malloc(sizeof *ev * (size_t)(n > 0 ? n : 1));
    int32_t *labels = malloc(sizeof *labels * (size_t)n_bars);
    struct clone_position *state = malloc(sizeof *state * (size_t)n_bars);
    int32_t rc = BC_OK;
    if (!ev || !labels || !state)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "compare: no memory for %d events", n);
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        rc = bc_trades_get(log, i, &e);
        if (rc == BC_OK && (!symbol || strcmp(symbol, e.symbol) == 0) &&
            (e.action == BC_ACTION_OPEN || e.action == BC_ACTION_CLOSE))
            ev[m++] = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
    }
    if (rc == BC_OK)
        rc = clone_label_bars(n_bars, bc_bars_time(bars), bc_bars_column(bars, BC_BAR_CLOSE), m, ev,
                              labels, state, NULL);
    *count = 0;
    for (int32_t i = start; rc == BC_OK && i < end; i++)
        if (labels[i] == CLONE_LABEL_OPEN_LONG || labels[i] == CLONE_LABEL_OPEN_SHORT) {
            bar[*count] = i;
            dir[*count] = labels[i] == CLONE_LABEL_OPEN_LONG ? 1 : -1;
            (*count)++;
        }
    free(ev);
    free(labels);
    free(state);
    return rc;
}

int32_t bc_clone_compare(const bc_trades *target, const bc_trades *clone, const bc_bars *bars,
                         int64_t from, int64_t to, int32_t tolerance_bars, bc_fidelity *out)
{
    if (!target || !clone || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: NULL %s",
                       !target ? "target" : !clone ? "clone" : !bars ? "bars" : "out");
    if (out->struct_size < sizeof *out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: struct_size %u < %u",
                       (unsigned)out->struct_size, (unsigned)sizeof *out);
    if (tolerance_bars < 0 || tolerance_bars > 100)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: tolerance %d outside 0..100",
                       tolerance_bars);
    int32_t start, end;
    int32_t rc = run_range(bars, from, to, &start, &end);
    if (rc != BC_OK)
        return rc;
    char symbol[32] = "";
    if (bc_trades_count(target) > 0) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        rc = bc_trades_get(target, 0, &e);
        if (rc != BC_OK)
            return rc;
        snprintf(symbol, sizeof symbol, "%s", e.symbol);
    }
    int32_t n = end - start;
    int32_t *buf = malloc(sizeof *buf * (size_t)n * 4);
    if (!buf)
        return bc_fail(BC_E_OUT_OF_MEMORY, "clone_compare: no memory for %d bars", n);
    int32_t nt = 0, nc = 0;
    rc = log_entries(target, symbol, bars, start, end, buf, buf + n, &nt);
    if (rc == BC_OK)
        rc = log_entries(clone, NULL, bars, start, end, buf + 2 * n, buf + 3 * n, &nc);
    struct clone_fidelity f;
    if (rc == BC_OK)
        rc = clone_fidelity_match(nt, buf, buf + n, nc, buf + 2 * n, buf + 3 * n, tolerance_bars, &f);
    free(buf);
    if (rc != BC_OK)
        return rc;
    out->target_entries = (int32_t)f.target_entries;
    out->clone_entries = (int32_t)f.clone_entries;
    out->matched = (int32_t)f.matched;
    out->precision = f.precision;
    out->recall = f.recall;
    out->f1 = f.f1;
    return BC_OK;
}
