/*
 * model_market.c - where a model's bars came from (symbol, bar period, the
 * time zone of their timestamps) and the stops the target bot set: the
 * setters, the accessors, the time zone grammar and the JSON keys; and the
 * symbol and lot size a clone trades with (its clone metadata). The .bcm
 * sections that store them are bcm_file.c's; nothing here computes them
 * (a clone's come from lib/clone/market_meta.c).
 */
#include "model/model.h"
#include "core/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

/* The longest bar a model may record: 31 days (a calendar month, MN1). */
#define MARKET_MAX_BAR_SECONDS (31 * 86400)
/* UTC offsets in use run from -12:00 to +14:00. */
#define MARKET_MAX_OFFSET_MINUTES (14 * 60)

static int prefix_ci(const char *text, const char *prefix)
{
    for (; *prefix; text++, prefix++)
        if (tolower((unsigned char)*text) != *prefix)
            return 0;
    return 1;
}

static int32_t bad_zone(const char *zone)
{
    return bc_fail(BC_E_INVALID_ARGUMENT,
                   "time zone '%s' is not UTC, UTC+HH:MM, UTC-HH:MM (at most 14:00) or server",
                   zone);
}

int32_t bc_time_zone_parse(const char *zone, int32_t *utc_offset_minutes, int32_t *is_server,
                           char *canonical, int32_t capacity)
{
    if (!zone || !*zone)
        return bc_fail(BC_E_INVALID_ARGUMENT, "time zone is %s", zone ? "empty" : "NULL");
    if (canonical && capacity < BC_MODEL_TIME_ZONE_MAX)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_time_zone_parse: capacity %d, needs %d",
                       (int)capacity, BC_MODEL_TIME_ZONE_MAX);
    int32_t minutes = 0, server = 0;
    if (strlen(zone) == 6 && prefix_ci(zone, "server")) {
        server = 1;
    } else if (strlen(zone) >= 3 && (prefix_ci(zone, "utc") || prefix_ci(zone, "gmt"))) {
        const char *p = zone + 3;
        if (*p) {
            if (*p != '+' && *p != '-')
                return bad_zone(zone);
            int sign = *p++ == '-' ? -1 : 1;
            /* H, HH, HHMM, H:MM or HH:MM */
            int digits = 0, hours = 0, mins = 0;
            while (isdigit((unsigned char)p[digits]))
                digits++;
            if (digits == 1 || digits == 2) {
                hours = digits == 1 ? p[0] - '0' : (p[0] - '0') * 10 + (p[1] - '0');
                p += digits;
                if (*p == ':') {
                    if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
                        return bad_zone(zone);
                    mins = (p[1] - '0') * 10 + (p[2] - '0');
                    p += 3;
                }
            } else if (digits == 4) {
                hours = (p[0] - '0') * 10 + (p[1] - '0');
                mins = (p[2] - '0') * 10 + (p[3] - '0');
                p += 4;
            } else {
                return bad_zone(zone);
            }
            if (*p || mins > 59 || hours * 60 + mins > MARKET_MAX_OFFSET_MINUTES)
                return bad_zone(zone);
            minutes = sign * (hours * 60 + mins);
        }
    } else {
        return bad_zone(zone);
    }
    if (utc_offset_minutes)
        *utc_offset_minutes = minutes;
    if (is_server)
        *is_server = server;
    if (canonical) {
        if (server)
            snprintf(canonical, (size_t)capacity, "server");
        else if (minutes == 0)
            snprintf(canonical, (size_t)capacity, "UTC");
        else
            snprintf(canonical, (size_t)capacity, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+',
                     (int)(minutes < 0 ? -minutes : minutes) / 60,
                     (int)(minutes < 0 ? -minutes : minutes) % 60);
    }
    return BC_OK;
}

/* A symbol list: printable, no control characters, fits the field. */
static int32_t check_symbol(const char *symbol)
{
    size_t n = strlen(symbol);
    if (n >= BC_MODEL_SYMBOLS_MAX)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model symbol: %zu bytes, at most %d", n,
                       BC_MODEL_SYMBOLS_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)symbol[i] < 0x20 || symbol[i] == 0x7f)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "model symbol '%.64s': control character 0x%02x at byte %zu", symbol,
                           (unsigned)(unsigned char)symbol[i], i);
    return BC_OK;
}

int32_t bc_model_set_market(bc_model *m, const char *symbol, int64_t bar_seconds,
                            const char *time_zone)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_set_market: model is NULL");
    if (!symbol)
        symbol = "";
    int32_t rc = check_symbol(symbol);
    if (rc != BC_OK)
        return rc;
    if (bar_seconds < 0 || bar_seconds > MARKET_MAX_BAR_SECONDS)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_model_set_market: bar_seconds %lld is outside 0..%d",
                       (long long)bar_seconds, MARKET_MAX_BAR_SECONDS);
    char zone[BC_MODEL_TIME_ZONE_MAX] = "";
    if (time_zone && *time_zone &&
        (rc = bc_time_zone_parse(time_zone, NULL, NULL, zone, (int32_t)sizeof zone)) != BC_OK)
        return bc_fail_context(rc, "bc_model_set_market: ");
    snprintf(m->market.symbol, sizeof m->market.symbol, "%s", symbol);
    m->market.bar_seconds = bar_seconds;
    memcpy(m->market.time_zone, zone, sizeof zone);
    return BC_OK;
}

static int valid_stop(double d) { return d == 0.0 || (isfinite(d) && d > 0.0); }

int32_t bc_model_set_stops(bc_model *m, double sl_distance, double tp_distance)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_set_stops: model is NULL");
    if (!valid_stop(sl_distance) || !valid_stop(tp_distance))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_model_set_stops: %s %g must be 0 (none) or finite and > 0",
                       valid_stop(sl_distance) ? "tp_distance" : "sl_distance",
                       valid_stop(sl_distance) ? tp_distance : sl_distance);
    m->market.sl_distance = sl_distance;
    m->market.tp_distance = tp_distance;
    return BC_OK;
}

/* Two-call text out, as bc_model_feature_spec. */
static int32_t text_out(const char *what, const char *text, char *buf, int32_t capacity,
                        int32_t *length)
{
    int32_t n = (int32_t)strlen(text);
    if (length)
        *length = n;
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: buffer NULL or capacity %d", what,
                       (int)capacity);
    if (capacity <= n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "%s needs %d bytes plus NUL, capacity is %d", what,
                       (int)n, (int)capacity);
    memcpy(buf, text, (size_t)n + 1);
    return BC_OK;
}

int32_t bc_model_symbol(const bc_model *m, char *buf, int32_t capacity, int32_t *length)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_symbol: model is NULL");
    return text_out("model symbol", m->market.symbol, buf, capacity, length);
}

int64_t bc_model_bar_seconds(const bc_model *m) { return m ? m->market.bar_seconds : 0; }

int32_t bc_model_time_zone(const bc_model *m, char *buf, int32_t capacity, int32_t *length)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_time_zone: model is NULL");
    return text_out("model time zone", m->market.time_zone, buf, capacity, length);
}

int32_t bc_model_stops(const bc_model *m, double *sl_distance, double *tp_distance)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_stops: model is NULL");
    if (sl_distance)
        *sl_distance = m->market.sl_distance;
    if (tp_distance)
        *tp_distance = m->market.tp_distance;
    return BC_OK;
}

const char *bc_model_timeframe_name(int64_t bar_seconds)
{
    /* MetaTrader 5's ENUM_TIMEFRAMES, by PeriodSeconds(). */
    static const struct {
        int64_t seconds;
        const char *name;
    } frames[] = {{60, "M1"},       {120, "M2"},       {180, "M3"},     {240, "M4"},
                  {300, "M5"},      {360, "M6"},       {600, "M10"},    {720, "M12"},
                  {900, "M15"},     {1200, "M20"},     {1800, "M30"},   {3600, "H1"},
                  {7200, "H2"},     {10800, "H3"},     {14400, "H4"},   {21600, "H6"},
                  {28800, "H8"},    {43200, "H12"},    {86400, "D1"},   {604800, "W1"},
                  {2592000, "MN1"}};
    for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++)
        if (frames[i].seconds == bar_seconds)
            return frames[i].name;
    return NULL;
}

#ifdef BC_HAVE_JANSSON
void bc_model_market_json(const bc_model *m, json_t *root)
{
    const struct bc_model_market *k = &m->market;
    if (k->symbol[0])
        json_object_set_new(root, "symbol", json_string(k->symbol));
    if (k->bar_seconds > 0) {
        json_object_set_new(root, "bar_seconds", json_integer(k->bar_seconds));
        const char *tf = bc_model_timeframe_name(k->bar_seconds);
        if (tf)
            json_object_set_new(root, "timeframe", json_string(tf));
    }
    if (k->time_zone[0])
        json_object_set_new(root, "time_zone", json_string(k->time_zone));
    if (k->sl_distance > 0.0)
        json_object_set_new(root, "sl_distance", json_real(k->sl_distance));
    if (k->tp_distance > 0.0)
        json_object_set_new(root, "tp_distance", json_real(k->tp_distance));
}
#endif

void bc_model_trade_identity(const bc_model *m, char *symbol, int32_t capacity, double *lots)
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
