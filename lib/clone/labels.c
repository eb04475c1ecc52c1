/*
 * labels.c - turns a target bot's OPEN/CLOSE events into one label per bar
 * (none / open long / open short / close) and the position the bot held
 * before each bar's decision. Pure array code: reading the log and the bars
 * is the data layer's job, features are the feature engine's.
 */
#include "clone/clone.h"
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const clone_position_feature_names[CLONE_POSITION_FEATURES_EXT] = {
    "pos_long", "pos_short", "bars_held", "upnl_atr", "mae_atr", "mfe_atr",
    "bar_fav_atr", "bar_adv_atr", "close_entry_atr", "held_1", "held_2", "held_3_4",
    "held_5_8", "held_9_16", "held_17_32", "held_33_up"};

const char *const clone_position_entry_bar_names[CLONE_POSITION_ENTRY_BAR] = {
    "close_ebar_fav_atr", "close_ebar_adv_atr"};

const char *const clone_position_level_names[CLONE_POSITION_LEVELS] = {
    "sl_bar_atr", "sl_close_atr", "tp_bar_atr", "tp_close_atr"};

int clone_position_is_path(const char *name)
{
    /* the six's and the sixteen's columns after bars_held up to the held
     * buckets: upnl, mae, mfe, the bar's excursions, the close from the entry */
    for (int i = 3; i < 9; i++)
        if (strcmp(name, clone_position_feature_names[i]) == 0)
            return 1;
    if (strcmp(name, CLONE_POSITION_GIVEBACK_NAME) == 0)
        return 1;
    for (int i = 0; i < CLONE_POSITION_ENTRY_BAR; i++)
        if (strcmp(name, clone_position_entry_bar_names[i]) == 0)
            return 1;
    for (int i = 0; i < CLONE_POSITION_LEVELS; i++)
        if (strcmp(name, clone_position_level_names[i]) == 0)
            return 1;
    return 0;
}

/* Whether n is a layout without the level block. */
static int is_base(int32_t n)
{
    return n == CLONE_POSITION_FEATURES_V1 || n == CLONE_POSITION_FEATURES ||
           n == CLONE_POSITION_FEATURES_GB || n == CLONE_POSITION_FEATURES_EXT ||
           n == CLONE_POSITION_FEATURES_EXT_GB || n == CLONE_POSITION_FEATURES_EB ||
           n == CLONE_POSITION_FEATURES_EXT_EB;
}

int32_t clone_position_base(int32_t n_position)
{
    int32_t base = n_position - CLONE_POSITION_LEVELS;
    return is_base(base) ? base : n_position;
}

int clone_position_has_entry_bar(int32_t base)
{
    return base == CLONE_POSITION_FEATURES_EB || base == CLONE_POSITION_FEATURES_EXT_EB;
}

int clone_position_has_giveback(int32_t base)
{
    return base == CLONE_POSITION_FEATURES_GB || base == CLONE_POSITION_FEATURES_EXT_GB ||
           clone_position_has_entry_bar(base);
}

int32_t clone_position_core(int32_t base)
{
    return base - clone_position_has_giveback(base) -
           (clone_position_has_entry_bar(base) ? CLONE_POSITION_ENTRY_BAR : 0);
}

int clone_position_layout_valid(int32_t n_position)
{
    return n_position == 0 || is_base(clone_position_base(n_position));
}

const char *clone_position_column_name(int32_t n_position, int32_t j)
{
    int32_t base = clone_position_base(n_position), core = clone_position_core(base);
    return j < core    ? clone_position_feature_names[j]
           : j == core && core != base ? CLONE_POSITION_GIVEBACK_NAME
           : j < base  ? clone_position_entry_bar_names[j - core - 1]
                       : clone_position_level_names[j - base];
}

double clone_position_giveback(const struct clone_position *p, double close, double atr)
{
    if (p->direction == 0 || !(atr > 0.0) || !isfinite(atr) || !isfinite(close) ||
        !isfinite(p->best_close))
        return 0.0;
    double g = (double)p->direction * (p->best_close - close) / atr;
    return g > 0.0 ? g : 0.0;
}

void clone_position_entry_bar(const struct clone_position *p, double close, double atr,
                              double *out)
{
    out[0] = out[1] = 0.0;
    int32_t d = p->direction;
    double u = p->entry_atr > 0.0 && isfinite(p->entry_atr) ? p->entry_atr : atr;
    if (d == 0 || !(u > 0.0) || !isfinite(u) || !isfinite(p->entry_high) ||
        !isfinite(p->entry_low) || !isfinite(close))
        return;
    double fav = d > 0 ? p->entry_high : p->entry_low, adv = d > 0 ? p->entry_low : p->entry_high;
    out[0] = (double)d * (close - fav) / u;
    out[1] = (double)d * (close - adv) / u;
}

void clone_position_levels(const struct clone_position *p, const struct clone_exit_rules *levels,
                           double high, double low, double close, double atr, double *out)
{
    for (int32_t j = 0; j < CLONE_POSITION_LEVELS; j++)
        out[j] = 0.0;
    int32_t d = p->direction;
    double u = p->entry_atr > 0.0 && isfinite(p->entry_atr) ? p->entry_atr : atr;
    if (d == 0 || !levels || !(u > 0.0) || !isfinite(u) || !isfinite(high) || !isfinite(low) ||
        !isfinite(close))
        return;
    /* The levels at the entry under the fitted rules, with the same unit
     * the columns are measured in (the entry ATR). */
    double sl = clone_level_price(&levels->sl, d, -1, p->entry_price, u);
    double tp = clone_level_price(&levels->tp, d, +1, p->entry_price, u);
    if (isfinite(sl)) {
        out[0] = d > 0 ? (low - sl) / u : (sl - high) / u;
        out[1] = (double)d * (close - sl) / u;
    }
    if (isfinite(tp)) {
        out[2] = d > 0 ? (tp - high) / u : (low - tp) / u;
        out[3] = (double)d * (tp - close) / u;
    }
}

void clone_position_extra(const struct clone_position *p, double high, double low, double close,
                          double atr, double *out)
{
    for (int32_t j = 0; j < CLONE_POSITION_FEATURES_EXT - CLONE_POSITION_FEATURES; j++)
        out[j] = 0.0;
    if (p->direction == 0)
        return;
    double u = p->entry_atr > 0.0 && isfinite(p->entry_atr) ? p->entry_atr : atr;
    if (u > 0.0 && isfinite(u) && isfinite(p->entry_price) && isfinite(high) && isfinite(low) &&
        isfinite(close)) {
        double up = (high - p->entry_price) / u, down = (p->entry_price - low) / u;
        out[0] = p->direction > 0 ? up : down;
        out[1] = p->direction > 0 ? down : up;
        out[2] = (double)p->direction * (close - p->entry_price) / u;
    }
    int32_t h = p->bars_held;
    int32_t bucket = h <= 1 ? 0 : h == 2 ? 1 : h <= 4 ? 2 : h <= 8 ? 3 : h <= 16 ? 4 : h <= 32 ? 5 : 6;
    out[3 + bucket] = 1.0;
}

void clone_position_features(const struct clone_position *p, double close,
                             double atr, double *out, int32_t n)
{
    out[0] = p->direction > 0 ? 1.0 : 0.0;
    out[1] = p->direction < 0 ? 1.0 : 0.0;
    out[2] = p->direction != 0 ? (double)p->bars_held : 0.0;
    double upnl = 0.0;
    if (p->direction != 0 && atr > 0.0 && isfinite(atr) &&
        isfinite(p->entry_price) && isfinite(close))
        upnl = (double)p->direction * (close - p->entry_price) / atr;
    out[3] = upnl;
    if (n >= CLONE_POSITION_FEATURES) {
        out[4] = p->direction != 0 ? p->mae_atr : 0.0;
        out[5] = p->direction != 0 ? p->mfe_atr : 0.0;
    }
}

/* the indicator each CLONE_LEVEL_TO_* unit measures to, in enum order */
static const char *const level_to_items[] = {"sma", "ema", "linreg", "midprice"};

double clone_level_unit(const struct clone_level_rule *rule, double entry_price, double entry_atr)
{
    /* atr, range, stddev: the engine's value itself */
    const int own = rule->unit == CLONE_LEVEL_ATR || rule->unit == CLONE_LEVEL_RANGE ||
                    rule->unit == CLONE_LEVEL_STDDEV;
    return own                                ? entry_atr
           : rule->unit == CLONE_LEVEL_PRICE  ? entry_price
           : rule->unit == CLONE_LEVEL_POINTS ? 1.0
           : CLONE_LEVEL_IS_TO(rule->unit)    ? fabs(entry_price - entry_atr)
                                              : NAN;
}

double clone_level_price(const struct clone_level_rule *rule, int32_t direction, int32_t sign,
                         double entry_price, double entry_atr)
{
    double unit = clone_level_unit(rule, entry_price, entry_atr);
    if (direction == 0 || !(unit > 0.0) || !isfinite(unit) || !isfinite(entry_price))
        return NAN;
    return entry_price + (double)sign * (double)direction * rule->k * unit;
}

void clone_swing_extremes(const double *high, const double *low, int32_t last, int32_t n,
                          double *lo, double *hi)
{
    double l = INFINITY, h = -INFINITY;
    for (int32_t j = last - n + 1; j <= last; j++) {
        double bl = j >= 0 ? low[j] : NAN, bh = j >= 0 ? high[j] : NAN;
        if (!isfinite(bl) || !isfinite(bh)) {
            *lo = *hi = NAN;
            return;
        }
        l = bl < l ? bl : l;
        h = bh > h ? bh : h;
    }
    *lo = l;
    *hi = h;
}

int clone_exit_unit_spec(const struct clone_level_rule *rule, char *spec, size_t size)
{
    if (size > 0)
        spec[0] = '\0';
    if (rule->unit == CLONE_LEVEL_ATR && rule->n > 0)
        snprintf(spec, size, "atr(%d)", (int)rule->n);
    else if (rule->unit == CLONE_LEVEL_RANGE && rule->n >= 2)
        snprintf(spec, size, "mean(diff(high,low),%d)", (int)rule->n);
    else if (rule->unit == CLONE_LEVEL_STDDEV && rule->n >= 2)
        /* bbands' standard deviation (k 1: upper - middle is the std, to
         * an ulp of the middle), not a second one */
        snprintf(spec, size, "diff(bbands(%d,1).upper,bbands(%d,1).middle)", (int)rule->n,
                 (int)rule->n);
    else if (CLONE_LEVEL_IS_TO(rule->unit) && rule->n >= 2)
        snprintf(spec, size, "%s(%d)", level_to_items[rule->unit - CLONE_LEVEL_TO_SMA],
                 (int)rule->n);
    else
        return 0;
    return 1;
}

void clone_entry_levels(const struct clone_exit_rules *rules, int32_t direction,
                        double entry_price, const double entry_atr[2], double swing_low,
                        double swing_high, double *sl, double *tp)
{
    *sl = clone_level_price(&rules->sl, direction, -1, entry_price, entry_atr[0]);
    *tp = clone_level_price(&rules->tp, direction, +1, entry_price, entry_atr[1]);
    if (rules->sl.unit == CLONE_LEVEL_SWING && direction != 0 && isfinite(entry_price)) {
        double extreme = direction > 0 ? swing_low : swing_high;
        double dist = (double)direction * (entry_price - extreme);
        *sl = dist > 0.0 && isfinite(dist) ? entry_price - (double)direction * rules->sl.k * dist
                                           : NAN;
    }
    if (rules->tp.unit == CLONE_LEVEL_RISK)
        *tp = isfinite(*sl) ? entry_price + rules->tp.k * (entry_price - *sl) : NAN;
}

int32_t clone_level_touch(int32_t direction, double sl, double tp, double high, double low,
                          double *price)
{
    int sl_hit = direction > 0 ? low <= sl : direction < 0 ? high >= sl : 0;
    int tp_hit = direction > 0 ? high >= tp : direction < 0 ? low <= tp : 0;
    if (sl_hit) {
        *price = sl;
        return CLONE_EXIT_SL;
    }
    if (tp_hit) {
        *price = tp;
        return CLONE_EXIT_TP;
    }
    return CLONE_EXIT_NONE;
}

void clone_position_inputs(const struct clone_position *pos, double high, double low,
                           double close, double atr, int32_t n_position,
                           const struct clone_exit_rules *levels, const double *market,
                           const int32_t *signed_index, int32_t n_signed, double *out)
{
    int32_t base = clone_position_base(n_position), core = clone_position_core(base);
    clone_position_features(pos, close, atr, out, core);
    if (core >= CLONE_POSITION_FEATURES_EXT)
        clone_position_extra(pos, high, low, close, atr, out + CLONE_POSITION_FEATURES);
    if (core != base)
        out[core] = clone_position_giveback(pos, close, atr);
    if (clone_position_has_entry_bar(base))
        clone_position_entry_bar(pos, close, atr, out + core + 1);
    if (base != n_position)
        clone_position_levels(pos, levels, high, low, close, atr, out + base);
    clone_signed_features(pos->direction, market, signed_index, n_signed, out + n_position);
}

void clone_excursion_step(struct clone_position *p, double high, double low, double close,
                          double atr)
{
    if (p->direction == 0)
        return;
    if (!isfinite(p->entry_high) || !isfinite(p->entry_low)) {
        p->entry_high = high;
        p->entry_low = low;
    }
    if (!isfinite(p->best_close))
        p->best_close = p->entry_price;
    if (isfinite(close) && (!isfinite(p->best_close) ||
                            (p->direction > 0 ? close > p->best_close : close < p->best_close)))
        p->best_close = close;
    if (!(p->entry_atr > 0.0 && isfinite(p->entry_atr)))
        p->entry_atr = atr;
    if (!(p->entry_atr > 0.0 && isfinite(p->entry_atr)) || !isfinite(p->entry_price) ||
        !isfinite(high) || !isfinite(low))
        return;
    double up = (high - p->entry_price) / p->entry_atr, down = (p->entry_price - low) / p->entry_atr;
    double adverse = p->direction > 0 ? down : up, favourable = p->direction > 0 ? up : down;
    if (adverse > p->mae_atr)
        p->mae_atr = adverse;
    if (favourable > p->mfe_atr)
        p->mfe_atr = favourable;
}

void clone_fill_excursions(int32_t n_bars, const double *high, const double *low,
                           const double *close, const double *atr,
                           struct clone_position *state)
{
    for (int32_t t = 0; t < n_bars; t++) {
        struct clone_position *s = &state[t];
        s->mae_atr = s->mfe_atr = 0.0;
        s->entry_atr = NAN;
        s->best_close = NAN;
        s->entry_high = s->entry_low = NAN;
        if (s->direction == 0)
            continue;
        const struct clone_position *prev = t > 0 ? &state[t - 1] : NULL;
        int32_t entry = t - s->bars_held;
        s->entry_atr = entry >= 0 ? atr[entry] : NAN;
        s->entry_high = entry >= 0 ? high[entry] : NAN;
        s->entry_low = entry >= 0 ? low[entry] : NAN;
        /* The same position as the bar before: its excursions go on. */
        if (prev && prev->direction == s->direction && prev->bars_held == s->bars_held - 1) {
            s->mae_atr = prev->mae_atr;
            s->mfe_atr = prev->mfe_atr;
            s->best_close = prev->best_close;
            if (entry < 0) { /* entered before the first bar: the first bar stepped stands */
                s->entry_high = prev->entry_high;
                s->entry_low = prev->entry_low;
            }
        }
        clone_excursion_step(s, high[t], low[t], close[t], atr[t]);
    }
}

int clone_wants_signed(const char *market_name)
{
    return strncmp(market_name, "cross(", 6) == 0;
}

void clone_signed_features(int32_t direction, const double *market, const int32_t *index,
                           int32_t n, double *out)
{
    for (int32_t k = 0; k < n; k++)
        out[k] = direction ? (double)direction * market[index[k]] : 0.0;
}

int32_t clone_bar_index(int32_t n_bars, const int64_t *bar_time, int64_t t)
{
    if (n_bars < 1 || t < bar_time[0])
        return -1;
    int32_t lo = 0, hi = n_bars - 1; /* invariant: bar_time[lo] <= t */
    while (lo < hi) {
        int32_t mid = lo + (hi - lo + 1) / 2;
        if (bar_time[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Open tickets of the bot; a position may hold several (pyramiding or a
 * hedge), the direction shown to the model is that of the latest open. */
struct open_ticket {
    int64_t ticket;
    int32_t direction;
};

struct book {
    struct open_ticket *items;
    int32_t count, capacity;
};

static int32_t book_add(struct book *b, int64_t ticket, int32_t direction)
{
    if (b->count == b->capacity) {
        int32_t cap = b->capacity ? b->capacity * 2 : 16;
        struct open_ticket *p = realloc(b->items, sizeof *p * (size_t)cap);
        if (!p)
            return bc_fail(BC_E_OUT_OF_MEMORY, "labels: no memory for %d open tickets", cap);
        b->items = p;
        b->capacity = cap;
    }
    b->items[b->count].ticket = ticket;
    b->items[b->count].direction = direction;
    b->count++;
    return BC_OK;
}

/* Removes the ticket; returns 1 when it was open. */
static int book_remove(struct book *b, int64_t ticket)
{
    for (int32_t i = 0; i < b->count; i++)
        if (b->items[i].ticket == ticket) {
            b->items[i] = b->items[--b->count];
            return 1;
        }
    return 0;
}

static int32_t book_direction(const struct book *b, int32_t latest)
{
    if (b->count == 0)
        return 0;
    for (int32_t i = 0; i < b->count; i++)
        if (b->items[i].direction == latest)
            return latest;
    return b->items[b->count - 1].direction;
}

int32_t clone_label_bars(int32_t n_bars, const int64_t *bar_time,
                         const double *close, int32_t n_events,
                         const struct clone_event *events, int32_t *labels,
                         struct clone_position *state,
                         int32_t *intrabar_round_trips)
{
    if (n_bars < 1)
        return bc_fail(BC_E_NO_DATA, "labels: no bars to label");
    if (n_events < 0 || (n_events > 0 && !events))
        return bc_fail(BC_E_INVALID_ARGUMENT, "labels: %d events", n_events);
    for (int32_t i = 0; i < n_events; i++) {
        if (events[i].time < bar_time[0])
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "labels: event at line %lld (time %lld) precedes the first bar (time %lld); "
                           "give bars that cover the whole trade log",
                           (long long)events[i].line, (long long)events[i].time,
                           (long long)bar_time[0]);
        if (i > 0 && events[i].time < events[i - 1].time)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "labels: event at line %lld is earlier than the event before it",
                           (long long)events[i].line);
    }
    struct book book = {0};
    int32_t direction = 0, entry_bar = -1, latest_open_dir = 0, round_trips = 0;
    double entry_price = NAN;
    int32_t e = 0;
    for (int32_t t = 0; t < n_bars; t++) {
        state[t] = CLONE_FLAT;
        state[t].direction = direction;
        state[t].bars_held = direction ? t - entry_bar : 0;
        state[t].entry_price = direction ? entry_price : NAN;
        int32_t label = CLONE_LABEL_NONE;
        int32_t opened_dir = 0, had_close = 0;
        int64_t opened_ticket = 0;
        while (e < n_events && (t + 1 >= n_bars || events[e].time < bar_time[t + 1])) {
            const struct clone_event *ev = &events[e++];
            if (ev->action == 1) {
                int32_t dir = ev->order_type == 1 ? -1 : 1;
                int32_t rc = book_add(&book, ev->ticket, dir);
                if (rc != BC_OK) {
                    free(book.items);
                    return rc;
                }
                latest_open_dir = dir;
                opened_dir = dir;
                opened_ticket = ev->ticket;
            } else if (ev->action == 3) {
                if (book_remove(&book, ev->ticket)) {
                    had_close = 1;
                    if (opened_dir && ev->ticket == opened_ticket) {
                        opened_dir = 0; /* opened and closed inside this bar */
                        round_trips++;
                    }
                }
            }
        }
        int32_t new_direction = book_direction(&book, latest_open_dir);
        /* A re-entry: the held position closed and a new one opened the
         * same way on this bar. */
        int reentry = opened_dir && new_direction == opened_dir && direction == opened_dir &&
                      had_close;
        if (opened_dir && new_direction == opened_dir && (direction != opened_dir || reentry))
            label = opened_dir > 0 ? CLONE_LABEL_OPEN_LONG : CLONE_LABEL_OPEN_SHORT;
        else if (had_close && new_direction == 0 && direction != 0)
            label = CLONE_LABEL_CLOSE;
        if (reentry) {
            entry_bar = t;
            entry_price = close ? close[t] : NAN;
        }
        if (new_direction != direction) {
            if (new_direction != 0) {
                entry_bar = t;
                entry_price = close ? close[t] : NAN;
            }
            direction = new_direction;
        }
        labels[t] = label;
    }
    free(book.items);
    if (intrabar_round_trips)
        *intrabar_round_trips = round_trips;
    return BC_OK;
}
