/*
 * stop_rules.c - the stop-loss / take-profit units' names and the model
 * file's rules (clone.exits, clone.levels) read from its metadata, with and
 * without jansson (the DLL); see stop_rules.h.
 */
#include "model/stop_rules.h"
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

static const char *const level_unit_names[CLONE_LEVEL_UNITS] = {
    "none", "atr", "price", "points", "swing", "risk", "range",
    "to_sma", "to_ema", "to_linreg", "to_midprice", "stddev"};

const char *clone_level_unit_name(int32_t unit)
{
    return unit > 0 && unit < CLONE_LEVEL_UNITS ? level_unit_names[unit] : "none";
}

int32_t clone_level_unit_from_name(const char *name, size_t len)
{
    for (int32_t u = 1; u < CLONE_LEVEL_UNITS; u++)
        if (strlen(level_unit_names[u]) == len && strncmp(name, level_unit_names[u], len) == 0)
            return u;
    return CLONE_LEVEL_NONE;
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
    int32_t rc = model_rules(m, "exits", out);
    if (rc == BC_OK)
        out->breakeven = m->breakeven_atr; /* the model's, beside its rules */
    return rc;
}

int32_t clone_model_levels(const bc_model *m, struct clone_exit_rules *out)
{
    return model_rules(m, "levels", out);
}

int32_t clone_model_position_atr(const bc_model *m, int32_t *period)
{
    *period = CLONE_POSITION_ATR_DEFAULT;
    if (!m->extra_json)
        return BC_OK;
    int has = 0, ok = 0;
    long long n = 0;
#ifdef BC_HAVE_JANSSON
    json_t *root = json_loads(m->extra_json, 0, NULL);
    json_t *v = json_object_get(json_object_get(root, "clone"), "position_atr");
    has = v != NULL;
    ok = json_is_integer(v);
    n = ok ? (long long)json_integer_value(v) : 0;
    json_decref(root);
#else
    const char *clone = member(m->extra_json, m->extra_json + strlen(m->extra_json), "clone");
    if (!clone || *clone != '{')
        return BC_OK;
    const char *clone_end = object_end(clone), *v = member(clone + 1, clone_end, "position_atr");
    if (v && v < clone_end) {
        char *stop = NULL;
        has = 1;
        n = strtoll(v, &stop, 10);
        ok = stop != v && (*stop == ',' || *stop == '}' || *stop == ' ');
    }
#endif
    if (!has)
        return BC_OK;
    if (!ok || n < 2 || n > CLONE_EXIT_MAX_ATR) {
        char text[32];
        snprintf(text, sizeof text, "%lld", n);
        return bc_fail(BC_E_CORRUPT,
                       "model metadata clone.position_atr: '%s' is malformed (an integer atr "
                       "period 2..%d)", ok ? text : "(not an integer)", CLONE_EXIT_MAX_ATR);
    }
    *period = (int32_t)n;
    return BC_OK;
}

int32_t clone_model_check_rules(const bc_model *m)
{
    struct clone_exit_rules r;
    int32_t period;
    int32_t rc = clone_model_exits(m, &r);
    if (rc == BC_OK)
        rc = clone_model_levels(m, &r);
    return rc == BC_OK ? clone_model_position_atr(m, &period) : rc;
}

