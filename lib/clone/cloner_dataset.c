/*
 * cloner_dataset.c - a clone's dataset per symbol: the log's events and
 * labels on the bars, the market columns and position state, the layouts
 * the model kinds take, the time-ordered split, sample weights, labelled
 * uncertain rows, the training rows, and what the model records of them
 * (training profile, risk parity).
 */
#include "clone/clone.h"
#include "clone/cloner.h"
#include "clone/market_meta.h"
#include "clone/predictor.h"
#include "clone/report.h"
#include "clone/run.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cloner_dataset_free(struct cloner_dataset *d)
{
    free(d->market);
    free(d->atr);
    free(d->labels);
    free(d->state);
    free(d->day);
    free(d->spec);
    free(d->names_layout);
    free(d->spec_dense);
    d->names = d->names_full;
    if (d->names)
        for (int32_t j = 0; j < d->names_capacity; j++)
            free(d->names[j]);
    free(d->names);
    free(d->signed_index);
    free(d->weight);
    memset(d, 0, sizeof *d);
}

/* A multi-symbol clone carries risk-parity weights of its symbols,
 * estimated on the bars before every symbol's held-out tail. */
int32_t cloner_record_risk_parity(const struct cloner_dataset *ds, int32_t n, bc_model *model)
{
    const char *symbols[CLONE_MAX_SYMBOLS];
    const int64_t *time[CLONE_MAX_SYMBOLS];
    const double *close[CLONE_MAX_SYMBOLS];
    int32_t n_bars[CLONE_MAX_SYMBOLS];
    int64_t cutoff = INT64_MAX;
    for (int32_t s = 0; s < n; s++) {
        symbols[s] = ds[s].symbol;
        time[s] = ds[s].time;
        close[s] = ds[s].close;
        n_bars[s] = ds[s].n_bars;
        if (ds[s].hold_start > 0 && ds[s].time[ds[s].hold_start - 1] < cutoff)
            cutoff = ds[s].time[ds[s].hold_start - 1];
    }
    return clone_record_risk_parity(model, n, symbols, time, close, n_bars, cutoff);
}

struct event_order {
    struct clone_event ev;
    int32_t index;
};

/* The training distribution of every model input (bars [first,
 * hold_start) of each symbol: what the model was fitted and validated on),
 * stored in the model as its training profile for drift checks
 * (lib/monitor, `botcopier monitor`). */
int32_t cloner_record_training_profile(const struct cloner_dataset *ds, int32_t n_ds, bc_model *model)
{
    int32_t F = ds[0].n_features;
    int64_t n = 0;
    for (int32_t s = 0; s < n_ds; s++)
        n += ds[s].hold_start > ds[s].first ? ds[s].hold_start - ds[s].first : 0;
    if (n < 1 || F != bc_model_num_features(model))
        return BC_OK;
    double *x = malloc(sizeof *x * (size_t)n * (size_t)F);
    if (!x)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for the training profile");
    int64_t r = 0;
    for (int32_t s = 0; s < n_ds; s++)
        for (int32_t i = ds[s].first; i < ds[s].hold_start; i++)
            cloner_dataset_row(&ds[s], i, x + r++ * F);
    bc_profile *profile = NULL;
    int32_t rc = bc_profile_create(x, n, F, BC_PROFILE_DEFAULT_BINS,
                                   BC_PROFILE_DEFAULT_QUANTILES, &profile);
    free(x);
    if (rc == BC_OK)
        rc = bc_model_set_profile(model, profile);
    bc_profile_free(profile);
    return rc;
}

static int cmp_event(const void *a, const void *b)
{
    const struct event_order *x = a, *y = b;
    if (x->ev.time != y->ev.time)
        return x->ev.time < y->ev.time ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The distinct symbols of the log, in order of first appearance, and a
 * quoted list of them for messages. */
static int32_t list_symbols(const bc_trades *trades, char (*names)[32], int32_t capacity,
                            int32_t *count, char *quoted, size_t quoted_size)
{
    int32_t n = bc_trades_count(trades);
    *count = 0;
    quoted[0] = '\0';
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event ev;
        ev.struct_size = (uint32_t)sizeof ev;
        int32_t rc = bc_trades_get(trades, i, &ev);
        if (rc != BC_OK)
            return rc;
        int32_t k = 0;
        while (k < *count && strcmp(names[k], ev.symbol) != 0)
            k++;
        if (k < *count)
            continue;
        if (*count == capacity)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: the trade log holds more than %d symbols",
                           capacity);
        snprintf(names[(*count)++], 32, "%s", ev.symbol);
        size_t len = strlen(quoted);
        snprintf(quoted + len, quoted_size - len, "%s'%s'", len ? ", " : "", ev.symbol);
    }
    if (*count == 0)
        return bc_fail(BC_E_NO_DATA, "cloner: the trade log has no events");
    return BC_OK;
}

/* The symbol's OPEN/CLOSE events in time order (ties keep file order). */
static int32_t collect_events(const bc_trades *trades, const char *symbol,
                              struct clone_event **out, int32_t *n_out, double *lots_out,
                              int64_t *last_event_id)
{
    int32_t n = bc_trades_count(trades);
    bc_trade_event ev;
    struct event_order *list = malloc(sizeof *list * (size_t)(n > 0 ? n : 1));
    double *lots = malloc(sizeof *lots * (size_t)(n > 0 ? n : 1));
    if (!list || !lots) {
        free(list);
        free(lots);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d events", n);
    }
    int32_t m = 0, n_lots = 0, opens = 0;
    *last_event_id = -1;
    for (int32_t i = 0; i < n; i++) {
        ev.struct_size = (uint32_t)sizeof ev;
        bc_trades_get(trades, i, &ev);
        if (strcmp(ev.symbol, symbol) != 0 || (ev.action != BC_ACTION_OPEN && ev.action != BC_ACTION_CLOSE))
            continue;
        list[m].ev = (struct clone_event){ev.time, ev.ticket, ev.line, ev.action, ev.order_type};
        list[m].index = i;
        m++;
        if (ev.event_id > *last_event_id)
            *last_event_id = ev.event_id;
        if (ev.action == BC_ACTION_OPEN) {
            opens++;
            if (isfinite(ev.lots) && ev.lots > 0.0)
                lots[n_lots++] = ev.lots;
        }
    }
    if (opens == 0) {
        free(list);
        free(lots);
        return bc_fail(BC_E_NO_DATA,
                       "cloner: the trade log has no OPEN event for symbol '%s' (is it spelled as in the log?)",
                       symbol);
    }
    qsort(list, (size_t)m, sizeof *list, cmp_event);
    struct clone_event *events = malloc(sizeof *events * (size_t)m);
    if (!events) {
        free(list);
        free(lots);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d events", m);
    }
    for (int32_t i = 0; i < m; i++)
        events[i] = list[i].ev;
    /* Median lot size: what the clone trades by default. */
    double median = 0.1;
    if (n_lots > 0) {
        for (int32_t i = 1; i < n_lots; i++)
            for (int32_t j = i; j > 0 && lots[j] < lots[j - 1]; j--) {
                double t = lots[j];
                lots[j] = lots[j - 1];
                lots[j - 1] = t;
            }
        median = lots[n_lots / 2];
    }
    free(list);
    free(lots);
    *out = events;
    *n_out = m;
    *lots_out = median;
    return BC_OK;
}

/* Market columns that get a position-signed copy: crosses, and the levels
 * the search found for an exit decision (measured on the tuning bots, F1
 * before / after: turtle 0.933 / 0.966, MFI levels 0.957 / 1.000, Connors
 * RSI-2 0.982 / 1.000; signing every level instead cost the heldout
 * zscore-session bot 0.991 -> 0.918). */
static int wants_signed(const bc_cloner *c, const char *name)
{
    if (clone_wants_signed(name))
        return 1;
    for (int32_t k = 0; k < c->n_exit_levels; k++)
        if (strcmp(c->exit_levels[k], name) == 0)
            return 1;
    return 0;
}

static int32_t build_dataset(const bc_cloner *c, const char *spec, const bc_bars *bars,
                             const struct clone_event *events, int32_t n_events,
                             const double *embedding, int32_t n_position_full,
                             struct cloner_dataset *d)
{
    memset(d, 0, sizeof *d);
    d->n_position_full = n_position_full;
    d->n_bars = bc_bars_length(bars);
    d->time = bc_bars_time(bars);
    d->close = bc_bars_column(bars, BC_BAR_CLOSE);
    d->high = bc_bars_column(bars, BC_BAR_HIGH);
    d->low = bc_bars_column(bars, BC_BAR_LOW);
    bc_features *f = NULL, *atr = NULL;
    int32_t rc = bc_features_create(spec, &f);
    if (rc != BC_OK)
        return bc_fail_context(rc, "cloner: features: ");
    if (embedding)
        bc_features_set_symbol_embedding(f, embedding, c->embeddings.dimensions);
    char atr_spec[32];
    clone_position_atr_spec(c->position_atr_period, atr_spec, sizeof atr_spec);
    rc = bc_features_create(atr_spec, &atr);
    if (rc != BC_OK) {
        bc_features_free(f);
        return rc;
    }
    d->n_market = bc_features_count(f);
    d->n_used = d->n_dense = d->n_market;
    d->lookback = bc_features_lookback(f);
    if (bc_features_lookback(atr) > d->lookback)
        d->lookback = bc_features_lookback(atr);
    int64_t cells = (int64_t)d->n_bars * d->n_market;
    d->market = malloc(sizeof *d->market * (size_t)(cells > 0 ? cells : 1));
    d->atr = malloc(sizeof *d->atr * (size_t)d->n_bars);
    d->labels = malloc(sizeof *d->labels * (size_t)d->n_bars);
    d->state = malloc(sizeof *d->state * (size_t)d->n_bars);
    d->day = malloc(sizeof *d->day * (size_t)d->n_bars);
    d->n_position = d->n_position_full;
    d->n_day = c->position_day == CLONER_DAY_ON && clone_bars_intraday(bars);
    d->names_capacity = 2 * d->n_market + d->n_position_full + d->n_day;
    d->names = calloc((size_t)d->names_capacity, sizeof *d->names);
    d->names_full = d->names;
    d->names_layout = calloc((size_t)d->names_capacity, sizeof *d->names_layout);
    d->signed_index = calloc((size_t)d->n_market + 1, sizeof *d->signed_index);
    int32_t spec_len = 0;
    bc_features_spec(f, NULL, 0, &spec_len);
    d->spec = malloc((size_t)spec_len + 1);
    if (!d->market || !d->atr || !d->labels || !d->state || !d->day || !d->names || !d->names_layout ||
        !d->signed_index || !d->spec) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d bars x %d features", d->n_bars,
                     d->n_features);
        goto done;
    }
    rc = bc_features_spec(f, d->spec, spec_len + 1, &spec_len);
    for (int32_t j = 0; rc == BC_OK && j < d->n_market; j++) {
        int32_t len = 0;
        bc_features_name(f, j, NULL, 0, &len);
        d->names[j] = malloc((size_t)len + 1);
        if (!d->names[j])
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
        else
            rc = bc_features_name(f, j, d->names[j], len + 1, &len);
    }
    for (int32_t j = 0; rc == BC_OK && j < d->n_position; j++)
        if (!(d->names[d->n_market + j] =
                  bc_model_strdup(clone_position_column_name(d->n_position, j))))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
    for (int32_t j = 0; rc == BC_OK && j < d->n_market; j++) {
        if (!wants_signed(c, d->names[j]))
            continue;
        size_t len = strlen(CLONE_SIGNED_PREFIX) + strlen(d->names[j]) + 1;
        char *name = malloc(len);
        if (!name) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
            break;
        }
        snprintf(name, len, "%s%s", CLONE_SIGNED_PREFIX, d->names[j]);
        d->names[d->n_market + d->n_position + d->n_signed] = name;
        d->signed_index[d->n_signed++] = j;
    }
    if (rc == BC_OK && d->n_day &&
        !(d->names[d->n_market + d->n_position + d->n_signed] = bc_model_strdup(CLONE_DAY_NAME)))
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
    d->n_features = d->n_market + d->n_position + d->n_signed + d->n_day;
    if (rc == BC_OK)
        rc = bc_features_compute(f, bars, d->market, cells);
    if (rc == BC_OK)
        rc = bc_features_compute(atr, bars, d->atr, d->n_bars);
    if (rc == BC_OK)
        rc = clone_label_bars(d->n_bars, d->time, d->close, n_events, events, d->labels, d->state,
                              &d->round_trips);
    if (rc == BC_OK)
        clone_fill_excursions(d->n_bars, d->high, d->low, d->close, d->atr, d->state);
    if (rc == BC_OK)
        clone_day_counts(d->n_bars, d->time, d->labels, d->day);
done:
    bc_features_free(f);
    bc_features_free(atr);
    if (rc != BC_OK)
        cloner_dataset_free(d);
    return rc < 0 ? rc : BC_OK;
}

/* Position-state layout of a model kind: trees take the excursion columns
 * (a tree cuts a stop at mae_atr >= 2 exactly); the dense kinds do not
 * (measured on the tuning bots with logistic regression, held-out
 * fidelity F1 with / without them: zscore-session 0.871 / 0.884, band-level
 * time stop 0.966 / 0.991, RSI(9) levels 0.889 / 0.947, Donchian ATR stops
 * 0.583 / 0.526: they help the stops a linear model cannot cut and cost
 * more elsewhere). */
static int32_t position_layout(const struct cloner_dataset *d, const char *kind)
{
    return strcmp(kind, "trees") == 0 ? d->n_position_full : cloner_dense_positions(d);
}

int32_t cloner_dense_positions(const struct cloner_dataset *d)
{
    return CLONE_POSITION_FEATURES_V1 + d->n_level_dense;
}

int32_t cloner_add_level_columns(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                                 const struct clone_exit_rules *levels)
{
    if (c->position_levels == CLONER_LEVELS_NONE ||
        (levels->sl.unit == CLONE_LEVEL_NONE && levels->tp.unit == CLONE_LEVEL_NONE))
        return BC_OK;
    for (int32_t s = 0; s < n_ds; s++) {
        struct cloner_dataset *d = &ds[s];
        int32_t cap = d->names_capacity + CLONE_POSITION_LEVELS;
        char **full = calloc((size_t)cap, sizeof *full);
        char **layout = calloc((size_t)cap, sizeof *layout);
        if (!full || !layout) {
            free(full);
            free(layout);
            return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for the level columns");
        }
        /* [market | position | signed] becomes [market | position | levels | signed]. */
        int32_t at = d->n_market + d->n_position_full;
        memcpy(full, d->names_full, sizeof *full * (size_t)at);
        memcpy(full + at + CLONE_POSITION_LEVELS, d->names_full + at,
               sizeof *full * (size_t)(d->names_capacity - at));
        int32_t rc = BC_OK;
        for (int32_t j = 0; j < CLONE_POSITION_LEVELS && rc == BC_OK; j++)
            if (!(full[at + j] = bc_model_strdup(clone_position_level_names[j])))
                rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
        free(d->names_full);
        free(d->names_layout);
        d->names = d->names_full = full;
        d->names_layout = layout;
        d->names_capacity = cap;
        if (rc != BC_OK)
            return rc;
        d->n_position_full += CLONE_POSITION_LEVELS;
        d->n_position = d->n_position_full;
        d->n_level_dense = c->position_levels == CLONER_LEVELS_ALL ? CLONE_POSITION_LEVELS : 0;
        d->n_features = d->n_market + d->n_position + d->n_signed + d->n_day;
        d->levels = *levels;
    }
    return BC_OK;
}

/* Market columns a kind takes: trees every one, the dense kinds the first
 * n_dense (the default set and what the search added; the level features
 * after them go to trees only - see clone_level_features). */
static int32_t market_layout(const struct cloner_dataset *d, const char *kind)
{
    return strcmp(kind, "trees") == 0 ? d->n_market : d->n_dense;
}

/* Puts every symbol's dataset in a layout: the first n_used market
 * columns, n_position position columns, the position-signed copies (names,
 * width, spec and the rows cloner_dataset_row writes). n_used is n_market or
 * n_dense. */
static void dataset_layout(struct cloner_dataset *ds, int32_t n_ds, int32_t n_used, int32_t n_position)
{
    for (int32_t s = 0; s < n_ds; s++) {
        struct cloner_dataset *d = &ds[s];
        d->n_used = n_used;
        d->n_position = n_position;
        d->n_features = n_used + n_position + d->n_signed + d->n_day;
        int32_t k = 0;
        for (int32_t j = 0; j < n_used; j++)
            d->names_layout[k++] = d->names_full[j];
        /* The first columns of the trees' set, then its level block. */
        int32_t base = clone_position_base(n_position),
                full_base = clone_position_base(d->n_position_full);
        for (int32_t j = 0; j < n_position; j++)
            d->names_layout[k++] = d->names_full[d->n_market + (j < base ? j : full_base + j - base)];
        for (int32_t j = 0; j < d->n_signed + d->n_day; j++)
            d->names_layout[k++] = d->names_full[d->n_market + d->n_position_full + j];
        d->names = d->names_layout;
    }
}

/* Every dataset in the layout of a model kind. */
void cloner_use_layout(struct cloner_dataset *ds, int32_t n_ds, const char *kind)
{
    /* Datasets agree on n_dense: one spec for every symbol. */
    dataset_layout(ds, n_ds, market_layout(&ds[0], kind), position_layout(&ds[0], kind));
}

/* The layout's feature spec (the model records it). */
const char *cloner_dataset_spec(const struct cloner_dataset *d)
{
    return d->n_used == d->n_market || !d->spec_dense ? d->spec : d->spec_dense;
}

/* Row i of the model's inputs with the target's position state. */
void cloner_dataset_row(const struct cloner_dataset *d, int32_t i, double *row)
{
    memcpy(row, d->market + (int64_t)i * d->n_market, sizeof *row * (size_t)d->n_used);
    clone_position_inputs(&d->state[i], d->high[i], d->low[i], d->close[i], d->atr[i],
                          d->n_position, &d->levels, row,
                          d->signed_index, d->n_signed, row + d->n_used);
    if (d->n_day)
        row[d->n_used + d->n_position + d->n_signed] = d->day[i];
}

/* An entry while a position was held: a reversal, or a re-entry the same
 * way (the bot's entry signal all the same). */
int cloner_is_reversal(const struct cloner_dataset *d, int32_t i)
{
    return (d->labels[i] == CLONE_LABEL_OPEN_LONG || d->labels[i] == CLONE_LABEL_OPEN_SHORT) &&
           d->state[i].direction != 0;
}

static int32_t bar_of_time(const struct cloner_dataset *d, int64_t t)
{
    int32_t i = clone_bar_index(d->n_bars, d->time, t);
    return i >= 0 && d->time[i] == t ? i : -1;
}

int32_t cloner_apply_replay(const bc_cloner *c, const struct cloner_dataset *d, double *w)
{
    bc_divergences *div = NULL;
    int32_t rc = bc_divergences_read_csv(c->replay_file, &div, NULL);
    if (rc != BC_OK)
        return bc_fail_context(rc, "cloner: replay_file: ");
    int32_t n = bc_divergences_count(div), used = 0;
    for (int32_t i = 0; i < n; i++) {
        bc_divergence row;
        row.struct_size = (uint32_t)sizeof row;
        rc = bc_divergences_get(div, i, &row);
        if (rc != BC_OK)
            break;
        int32_t bar = bar_of_time(d, row.decision_id);
        if (bar < 0)
            continue;
        double weight = isfinite(row.weight) && row.weight > 0.0 ? row.weight : 1.0;
        w[bar] *= c->replay_weight * weight;
        used++;
    }
    bc_divergences_free(div);
    if (rc == BC_OK)
        bc_log(BC_LOG_INFO, "clone: %d of %d replay divergences matched a bar", used, n);
    return rc;
}

/* Labelled uncertain decisions: extra training rows with their logged
 * features. Returns the rows in *x (n x F floats), *y and *n. */
/* Labelled uncertain rows, logged by a clone with either position layout:
 * n_features (every position column) or n_features_v1 (the dense kinds'
 * layout) wide; *width gets which (0 when no row is labelled). Rows are
 * stored n_features apart. */
int32_t cloner_load_uncertain(const bc_cloner *c, int32_t n_features, int32_t n_features_v1,
                              float **x, int32_t **y, int32_t *n_out, int32_t *width)
{
    *width = 0;
    bc_decisions *dec = NULL;
    *x = NULL;
    *y = NULL;
    *n_out = 0;
    int32_t rc = bc_decisions_read_csv(c->uncertain_file, &dec, NULL);
    if (rc != BC_OK)
        return bc_fail_context(rc, "cloner: uncertain_file: ");
    int32_t n = bc_decisions_count(dec), m = 0;
    double *buf = malloc(sizeof *buf * (size_t)(n_features + 1));
    *x = malloc(sizeof **x * (size_t)(n > 0 ? n : 1) * (size_t)n_features);
    *y = malloc(sizeof **y * (size_t)(n > 0 ? n : 1));
    if (!buf || !*x || !*y) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d uncertain rows", n);
        goto done;
    }
    for (int32_t i = 0; i < n; i++) {
        bc_decision_row row;
        row.struct_size = (uint32_t)sizeof row;
        rc = bc_decisions_get(dec, i, &row);
        if (rc != BC_OK)
            goto done;
        if (!row.has_label)
            continue;
        int32_t label = (int32_t)row.label;
        if ((double)label != row.label || label < 0 || label >= CLONE_NUM_CLASSES) {
            rc = bc_fail(BC_E_INVALID_ARGUMENT,
                         "cloner: %s row %d: label %g is not a class 0..3 (none, open_long, open_short, close)",
                         c->uncertain_file, i + 1, row.label);
            goto done;
        }
        int32_t got = 0;
        rc = bc_decisions_features(dec, i, buf, n_features + 1, &got);
        if (rc == BC_OK && *width == 0 && (got == n_features || got == n_features_v1))
            *width = got;
        if (rc == BC_OK && got != *width)
            rc = bc_fail(BC_E_SHAPE, "cloner: %s row %d has %d features, the clone takes %d "
                         "(or %d without the excursion columns; a clone with the day count "
                         CLONE_DAY_NAME " - position_day=1 on intraday bars - takes it last, "
                         "and rows logged with and without it do not mix)",
                         c->uncertain_file, i + 1, got, n_features, n_features_v1);
        if (rc != BC_OK)
            goto done;
        for (int32_t j = 0; j < got; j++)
            (*x)[(int64_t)m * n_features + j] = (float)buf[j];
        (*y)[m++] = label;
    }
    bc_log(BC_LOG_INFO, "clone: %d labelled uncertain decisions join training", m);
done:
    free(buf);
    bc_decisions_free(dec);
    if (rc != BC_OK) {
        free(*x);
        free(*y);
        *x = NULL;
        *y = NULL;
        return rc;
    }
    *n_out = m;
    return BC_OK;
}

/* Which symbols to clone and on which bars: the bars given to fit for the
 * log's only symbol (or the 'symbol' option), else the registered bars of
 * every symbol in the log (or of the 'symbol' option). */
int32_t cloner_plan_symbols(const bc_cloner *c, const bc_trades *trades, const bc_bars *bars,
                            char (*symbols)[32], const bc_bars **plan_bars, int32_t *n_plan)
{
    char names[CLONE_MAX_SYMBOLS][32], quoted[1024];
    int32_t n_names = 0;
    int32_t rc = list_symbols(trades, names, CLONE_MAX_SYMBOLS, &n_names, quoted, sizeof quoted);
    if (rc != BC_OK)
        return rc;
    *n_plan = 0;
    if (bars) {
        if (!*c->symbol && n_names > 1)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "cloner: the trade log holds %d symbols (%s) and bars for one were given: "
                           "set 'symbol' to clone one of them, or register bars for each with "
                           "bc_cloner_add_bars and fit with NULL bars (CLI: --bars SYMBOL=FILE each)",
                           n_names, quoted);
        snprintf(symbols[0], 32, "%.31s", *c->symbol ? c->symbol : names[0]);
        plan_bars[0] = bars;
        *n_plan = 1;
        return BC_OK;
    }
    if (c->n_registered == 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "cloner_fit: no bars: pass them, or register them per symbol with bc_cloner_add_bars");
    for (int32_t i = 0; i < n_names; i++) {
        if (*c->symbol && strcmp(c->symbol, names[i]) != 0)
            continue;
        int32_t k = 0;
        while (k < c->n_registered && strcmp(c->registered[k].symbol, names[i]) != 0)
            k++;
        if (k == c->n_registered)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "cloner: no bars for symbol '%s' of the trade log (symbols: %s); add them "
                           "with bc_cloner_add_bars",
                           names[i], quoted);
        snprintf(symbols[*n_plan], 32, "%.31s", names[i]);
        plan_bars[(*n_plan)++] = c->registered[k].bars;
    }
    if (*n_plan == 0)
        return bc_fail(BC_E_NO_DATA, "cloner: symbol '%s' is not in the trade log (symbols: %s)",
                       c->symbol, quoted);
    return BC_OK;
}

/* The time-ordered split of n_bars after a lookback: train [first,
 * val_start), validation [val_start, hold_start), held out [hold_start,
 * n_bars). */
void cloner_split_bars(const bc_cloner *c, int32_t n_bars, int32_t lookback, struct cloner_dataset *d)
{
    int32_t usable = n_bars - lookback;
    d->first = lookback;
    d->n_hold = (int32_t)lround(usable * c->holdout);
    int32_t head = usable - d->n_hold;
    d->n_val = (int32_t)lround(head * c->validation);
    d->n_train = head - d->n_val;
    d->val_start = d->first + d->n_train;
    d->hold_start = d->first + head;
}

/* spec followed by sym_emb(0) .. sym_emb(d-1); malloc'd, NULL when out of
 * memory. */
char *cloner_with_embedding_items(const char *spec, int32_t d)
{
    size_t len = strlen(spec) + (size_t)d * 16 + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    size_t w = (size_t)snprintf(out, len, "%s", spec);
    for (int32_t j = 0; j < d; j++)
        w += (size_t)snprintf(out + w, len - w, "%ssym_emb(%d)", w > 0 ? "," : "", (int)j);
    return out;
}

/* One symbol's dataset, split in time order: train, validation, held out. */
int32_t cloner_prepare_symbol(const bc_cloner *c, const bc_trades *trades, const char *symbol,
                              const bc_bars *bars, const char *spec, struct cloner_dataset *d)
{
    struct clone_event *events = NULL;
    int32_t n_events = 0;
    double lots = 0.1;
    int64_t last_event_id = -1;
    int32_t rc = collect_events(trades, symbol, &events, &n_events, &lots, &last_event_id);
    if (rc != BC_OK)
        return rc;
    const double *embedding = NULL;
    if (c->embeddings.n > 0 && !(embedding = clone_embeddings_find(&c->embeddings, symbol))) {
        free(events);
        return bc_fail(BC_E_NOT_FOUND, "cloner: symbol '%s' has no embedding in the symbol graph "
                       "%s (build the graph from prices that include it)", symbol,
                       c->symbol_graph);
    }
    rc = build_dataset(c, spec, bars, events, n_events, embedding,
                       (c->position_extended ? CLONE_POSITION_FEATURES_EXT
                                             : CLONE_POSITION_FEATURES) +
                           (c->position_no_giveback ? 0
                            : 1 + (c->position_entry_bar ? CLONE_POSITION_ENTRY_BAR : 0)),
                       d);
    int64_t newest = n_events ? events[n_events - 1].time : 0;
    free(events);
    if (rc != BC_OK)
        return rc == BC_E_INVALID_ARGUMENT ? bc_fail_context(rc, "%s: ", symbol) : rc;
    snprintf(d->symbol, sizeof d->symbol, "%s", symbol);
    d->n_events = n_events;
    d->newest_event = newest;
    d->last_event_id = last_event_id;
    d->lots = lots;
    int32_t usable = d->n_bars - d->lookback;
    cloner_split_bars(c, d->n_bars, d->lookback, d);
    if (usable < 50 || d->n_train < 30 || d->n_val < 10 || d->n_hold < 10)
        return bc_fail(BC_E_NO_DATA,
                       "cloner: %s: %d bars leave %d after the features' lookback of %d: too few to "
                       "train (%d), validate (%d) and hold out (%d); give more bars",
                       symbol, d->n_bars, usable, d->lookback, d->n_train, d->n_val, d->n_hold);
    d->weight = malloc(sizeof *d->weight * (size_t)d->n_bars);
    if (!d->weight)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d weights", d->n_bars);
    return BC_OK;
}

static void copy_row(const double *row, int32_t n, float *dst)
{
    for (int32_t j = 0; j < n; j++)
        dst[j] = (float)row[j];
}

/* Training rows of every symbol, bars [first, validation start) (measured:
 * refitting on training + validation bars after the threshold search did not
 * raise held-out fidelity on the test bots, so validation bars stay out):
 * each bar as the bot saw it, then each reversal again as seen flat, then
 * the labelled uncertain rows; class balance over all of them. Returns the
 * row count. */
int32_t cloner_fill_training_rows(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                                  const float *ux, const int32_t *uy,
                                  int32_t n_unc, double *row, float *x, int32_t *y, float *w)
{
    const int32_t F = ds[0].n_features;
    int32_t k = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        struct cloner_dataset *d = &ds[s];
        int32_t end = d->val_start;
        for (int32_t i = d->first; i < end; i++, k++) {
            cloner_dataset_row(d, i, row);
            copy_row(row, F, x + (int64_t)k * F);
            y[k] = d->labels[i];
            w[k] = (float)d->weight[i];
        }
    }
    for (int32_t s = 0; s < n_ds; s++) {
        struct cloner_dataset *d = &ds[s];
        int32_t end = d->val_start;
        for (int32_t i = d->first; i < end; i++) {
            if (!cloner_is_reversal(d, i))
                continue;
            struct clone_position held = d->state[i];
            d->state[i] = CLONE_FLAT;
            cloner_dataset_row(d, i, row);
            d->state[i] = held;
            copy_row(row, F, x + (int64_t)k * F);
            y[k] = d->labels[i];
            w[k] = (float)d->weight[i];
            k++;
        }
    }
    /* Uncertain rows are stored as wide as the widest layout. */
    const int32_t stride = ds[0].n_market + ds[0].n_position_full + ds[0].n_signed + ds[0].n_day;
    for (int32_t i = 0; i < n_unc; i++, k++) {
        memcpy(x + (int64_t)k * F, ux + (int64_t)i * stride, sizeof *x * (size_t)F);
        y[k] = uy[i];
        w[k] = (float)c->uncertain_weight;
    }
    if (c->class_balance) {
        double total = 0.0, per_class[CLONE_NUM_CLASSES] = {0};
        int32_t present = 0;
        for (int32_t i = 0; i < k; i++) {
            per_class[y[i]] += w[i];
            total += w[i];
        }
        for (int32_t j = 0; j < CLONE_NUM_CLASSES; j++)
            present += per_class[j] > 0.0;
        /* a class whose rows all weigh 0 (every close a broker's exit) stays 0 */
        for (int32_t i = 0; i < k; i++)
            w[i] = per_class[y[i]] > 0.0 ? (float)(w[i] * total / (present * per_class[y[i]]))
                                         : 0.0f;
    }
    return k;
}

/* With the default features: rebuilds every dataset with the level
 * features after the spec (and what the search added), remembering the
 * columns before them as the dense kinds' (n_dense, spec_dense). Keeps
 * the spec as it was when the levels would move the split (a longer
 * lookback) or fail. */
/* Whether the training bars show a filter on reversals: a bot that
 * mostly reverses its position (more reversals than plain closes) but
 * on some bars only closed it. A bot whose exits are mostly plain closes
 * (stops, targets, time stops, with the odd re-entry) is no such bot
 * (measured: the heldout9 percent sl/tp bot, 5 reversals and 29 closes
 * in training, lost an entry to the extra column, 0.973 -> 0.947). */
static int filters_reversals(const struct cloner_dataset *ds, int32_t n_ds)
{
    int64_t reversed = 0, only_closed = 0;
    for (int32_t s = 0; s < n_ds; s++)
        for (int32_t i = ds[s].first; i < ds[s].first + ds[s].n_train; i++) {
            reversed += cloner_is_reversal(&ds[s], i);
            only_closed += ds[s].labels[i] == CLONE_LABEL_CLOSE && ds[s].state[i].direction != 0;
        }
    return only_closed > 0 && reversed > only_closed;
}

int32_t cloner_add_level_features(const bc_cloner *c, const bc_trades *trades,
                                  char (*symbols)[32], const bc_bars *const *plan_bars,
                                  struct cloner_dataset *ds, int32_t n_ds)
{
    const char *levels = clone_level_features();
    const char *filters = filters_reversals(ds, n_ds) ? clone_reversal_filter_features() : NULL;
    size_t len = strlen(ds[0].spec) + strlen(levels) + (filters ? strlen(filters) + 1 : 0) + 2;
    char *spec = malloc(len), *base = bc_model_strdup(ds[0].spec);
    struct cloner_dataset *next = calloc((size_t)n_ds, sizeof *next);
    if (!spec || !base || !next) {
        free(spec);
        free(base);
        free(next);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: level features: no memory");
    }
    snprintf(spec, len, "%s,%s%s%s", ds[0].spec, levels, filters ? "," : "", filters ? filters : "");
    int32_t rc = BC_OK, built = 0;
    for (; built < n_ds && rc == BC_OK; built++)
        rc = cloner_prepare_symbol(c, trades, symbols[built], plan_bars[built], spec, &next[built]);
    int keep = rc == BC_OK;
    for (int32_t s = 0; keep && s < n_ds; s++)
        keep = next[s].lookback == ds[s].lookback && next[s].val_start == ds[s].val_start &&
               next[s].hold_start == ds[s].hold_start;
    if (keep) {
        if (filters)
            bc_log(BC_LOG_INFO, "clone: level features: %s for trees (the log mostly reverses, "
                   "sometimes only closes: a filter on reversals)", filters);
        for (int32_t s = 0; s < n_ds && rc == BC_OK; s++) {
            next[s].n_dense = ds[s].n_market;
            if (!(next[s].spec_dense = bc_model_strdup(base)))
                rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: level features: no memory");
            /* The weights are filled later, per symbol, from its own state. */
        }
    } else {
        bc_log(BC_LOG_WARN, "clone: level features left out: %s",
               rc != BC_OK ? bc_last_error() : "they would change the split");
        rc = BC_OK;
    }
    for (int32_t s = 0; s < n_ds; s++) {
        if (keep && s < built) {
            cloner_dataset_free(&ds[s]);
            ds[s] = next[s];
        } else if (s < built) {
            cloner_dataset_free(&next[s]);
        }
    }
    free(next);
    free(spec);
    free(base);
    return rc;
}

void cloner_exact_exits(const struct clone_report *r, struct clone_exit_rules *exact)
{
    *exact = r->exits;
    if (r->sl_fit.relative_error > CLONE_LEVEL_EXACT_ERROR)
        exact->sl.unit = CLONE_LEVEL_NONE;
    if (r->tp_fit.relative_error > CLONE_LEVEL_EXACT_ERROR)
        exact->tp.unit = CLONE_LEVEL_NONE;
}

int32_t cloner_unit_series(const struct cloner_dataset *d, const char *spec, double *out)
{
    bc_features *f = NULL;
    int32_t rc = bc_features_create(spec, &f);
    /* the units read high, low and close; the time only orders the bars
     * (the predictor's exit engines feed the same) */
    for (int32_t i = 0; rc == BC_OK && i < d->n_bars; i++)
        rc = bc_features_update(f, (int64_t)i * 60, d->close[i], d->high[i], d->low[i],
                                d->close[i], 0.0, &out[i], 1);
    bc_features_free(f);
    return rc;
}

int32_t cloner_exit_atrs(const struct cloner_dataset *d, const struct clone_exit_rules *exits,
                         double *atr[2])
{
    int32_t rc = BC_OK;
    const struct clone_level_rule *rule[2] = {&exits->sl, &exits->tp};
    atr[0] = atr[1] = NULL;
    for (int k = 0; k < 2 && rc == BC_OK; k++) {
        char spec[64];
        if (!clone_exit_unit_spec(rule[k], spec, sizeof spec))
            continue;
        if (!(atr[k] = malloc(sizeof *atr[k] * (size_t)(d->n_bars > 0 ? d->n_bars : 1))))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %s", spec);
        else
            rc = cloner_unit_series(d, spec, atr[k]);
    }
    if (rc != BC_OK) {
        free(atr[0]);
        free(atr[1]);
        atr[0] = atr[1] = NULL;
    }
    return rc;
}

/* Whether bar i touched a level that exits give the position held on it
 * (entered on bar i - bars_held, at least one bar before). */
static int touches_its_level(const struct cloner_dataset *d, int32_t i,
                             const struct clone_exit_rules *exits, double *const atr[2])
{
    const struct clone_position *p = &d->state[i];
    int32_t entry = i - p->bars_held;
    if ((exits->sl.unit == CLONE_LEVEL_NONE && exits->tp.unit == CLONE_LEVEL_NONE) ||
        p->direction == 0 || p->bars_held < 1 || entry < 0)
        return 0;
    /* the levels the position got at its entry bar, as the simulator gives
     * them */
    double lo = NAN, hi = NAN;
    if (exits->sl.unit == CLONE_LEVEL_SWING)
        clone_swing_extremes(d->high, d->low, entry, exits->sl.n, &lo, &hi);
    double sl, tp, price;
    const double unit[2] = {atr[0] ? atr[0][entry] : d->atr[entry],
                            atr[1] ? atr[1][entry] : d->atr[entry]};
    clone_entry_levels(exits, p->direction, d->close[entry], unit, lo, hi, &sl, &tp);
    if (exits->breakeven > 0.0) { /* the stop a bar before this one moved */
        struct clone_position be = CLONE_FLAT;
        be.direction = p->direction;
        be.entry_price = d->close[entry];
        be.entry_atr = d->atr[entry];
        be.sl = sl;
        for (int32_t j = entry + 1; j < i; j++)
            clone_breakeven_step(&be, exits->breakeven, d->high[j], d->low[j]);
        sl = be.sl;
    }
    return clone_level_touch(p->direction, sl, tp, d->high[i], d->low[i], &price) != CLONE_EXIT_NONE;
}

int cloner_broker_exit(const struct cloner_dataset *d, int32_t i, const struct clone_exit_rules *exits,
                       double *const atr[2])
{
    return d->labels[i] == CLONE_LABEL_CLOSE && touches_its_level(d, i, exits, atr);
}

int cloner_broker_reentry(const struct cloner_dataset *d, int32_t i,
                          const struct clone_exit_rules *exits, double *const atr[2])
{
    return (d->labels[i] == CLONE_LABEL_OPEN_LONG || d->labels[i] == CLONE_LABEL_OPEN_SHORT) &&
           touches_its_level(d, i, exits, atr);
}

int32_t cloner_skip_broker_exits(struct cloner_dataset *ds, int32_t n_ds,
                                 const struct clone_exit_rules *exits, int32_t *skipped)
{
    *skipped = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        double *atr[2];
        int32_t rc = cloner_exit_atrs(&ds[s], exits, atr);
        if (rc != BC_OK)
            return rc;
        for (int32_t i = ds[s].first; i < ds[s].hold_start; i++)
            if (cloner_broker_exit(&ds[s], i, exits, atr)) {
                ds[s].weight[i] = 0.0;
                *skipped += i < ds[s].val_start;
            }
        free(atr[0]);
        free(atr[1]);
    }
    return BC_OK;
}

int32_t cloner_fill_weights(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                            int64_t newest_event)
{
    /* Time decay from the newest event of the log, then replay divergences
     * (a decision id is a bar time: every symbol's bar at that time); the
     * class balance comes over all rows in cloner_fill_training_rows. */
    for (int32_t s = 0; s < n_ds; s++) {
        struct cloner_dataset *d = &ds[s];
        for (int32_t i = 0; i < d->n_bars; i++) {
            d->weight[i] = 1.0;
            if (c->half_life_days > 0.0) {
                double age_days = (double)(newest_event - d->time[i]) / 86400.0;
                d->weight[i] = pow(0.5, (age_days > 0.0 ? age_days : 0.0) / c->half_life_days);
            }
        }
        if (c->replay_file) {
            int32_t rc = cloner_apply_replay(c, d, d->weight);
            if (rc != BC_OK)
                return rc;
        }
    }
    return BC_OK;
}

/* The customary periods of the position's atr, Wilder's 14 first (the
 * default), then his volatility system's 7 (New Concepts in Technical
 * Trading Systems, 1978: the stop 3 x atr(7) from the extreme close) and
 * Le Beau's chandelier 22; none fitted to a bot. */
static const int32_t position_atr_periods[] = {14, 7, 22};
#define POSITION_ATR_PERIODS ((int32_t)(sizeof position_atr_periods / sizeof position_atr_periods[0]))

/* The best F1 of one cut on a give-back g (g >= cut: a close or reversal)
 * over rows of g and is-a-decision, sorted here by g descending. */
struct giveback_row {
    double g;
    int32_t decision;
};

static int by_giveback_desc(const void *a, const void *b)
{
    double x = ((const struct giveback_row *)a)->g, y = ((const struct giveback_row *)b)->g;
    return x > y ? -1 : x < y ? 1 : 0;
}

static double best_cut_f1(struct giveback_row *rows, int64_t n, int64_t positives, double *cut)
{
    *cut = NAN;
    qsort(rows, (size_t)n, sizeof *rows, by_giveback_desc);
    double best = 0.0;
    int64_t tp = 0;
    for (int64_t k = 0; k < n; k++) {
        tp += rows[k].decision;
        /* the cut between rows k and k + 1 (ties stay on one side) */
        if (k + 1 < n && rows[k + 1].g == rows[k].g)
            continue;
        double f1 = 2.0 * (double)tp / (double)(k + 1 + positives);
        if (f1 > best) {
            best = f1;
            *cut = rows[k].g;
        }
    }
    return best;
}

int32_t cloner_choose_position_atr(const bc_cloner *c, const bc_trades *trades,
                                   char (*symbols)[32], const bc_bars *const *plan_bars,
                                   int32_t n_symbols, int32_t *period, double *f1_out,
                                   double *cut_out)
{
    enum { K = POSITION_ATR_PERIODS };
    *period = CLONE_POSITION_ATR_DEFAULT;
    *cut_out = NAN;
    for (int32_t k = 0; k < K; k++)
        f1_out[k] = NAN;
    int64_t total = 0;
    for (int32_t s = 0; s < n_symbols; s++)
        total += bc_bars_length(plan_bars[s]);
    const size_t cap = (size_t)(total > 0 ? total : 1);
    /* rows[k * cap ..]: period k's rows; labelled (the labels' own
     * position state) is filled once per symbol, state per period */
    struct giveback_row *rows = malloc(sizeof *rows * cap * K);
    double *atr = malloc(sizeof *atr * cap);
    int32_t *labels = malloc(sizeof *labels * cap);
    struct clone_position *labelled = malloc(sizeof *labelled * cap);
    struct clone_position *state = malloc(sizeof *state * cap);
    int32_t rc = rows && atr && labels && labelled && state
                     ? BC_OK
                     : bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for the position atr");
    int64_t n_rows[K] = {0}, positives[K] = {0};
    for (int32_t s = 0; s < n_symbols && rc == BC_OK; s++) {
        const bc_bars *bars = plan_bars[s];
        int32_t n = bc_bars_length(bars);
        const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
        struct clone_event *events = NULL;
        int32_t n_events = 0;
        double lots = 0.0;
        int64_t last_id = -1;
        if ((rc = collect_events(trades, symbols[s], &events, &n_events, &lots, &last_id)) ==
            BC_OK)
            rc = clone_label_bars(n, bc_bars_time(bars), close, n_events, events, labels,
                                  labelled, NULL);
        free(events);
        /* the training and validation bars only: the split with no
         * lookback puts the held-out start at or before the fit's */
        struct cloner_dataset split;
        cloner_split_bars(c, n, 0, &split);
        for (int32_t k = 0; k < K && rc == BC_OK; k++) {
            char spec[32];
            bc_features *f = NULL;
            clone_position_atr_spec(position_atr_periods[k], spec, sizeof spec);
            if ((rc = bc_features_create(spec, &f)) == BC_OK)
                rc = bc_features_compute(f, bars, atr, n);
            bc_features_free(f);
            if (rc != BC_OK)
                break;
            memcpy(state, labelled, sizeof *state * (size_t)n);
            clone_fill_excursions(n, bc_bars_column(bars, BC_BAR_HIGH),
                                  bc_bars_column(bars, BC_BAR_LOW), close, atr, state);
            struct giveback_row *out = rows + (size_t)k * cap;
            for (int32_t i = position_atr_periods[K - 1]; i < split.hold_start; i++) {
                const struct clone_position *p = &state[i];
                if (p->direction == 0 || p->bars_held < 1 || !(atr[i] > 0.0) ||
                    !isfinite(atr[i]))
                    continue;
                out[n_rows[k]].g = clone_position_giveback(p, close[i], atr[i]);
                out[n_rows[k]].decision = labels[i] != CLONE_LABEL_NONE;
                positives[k] += out[n_rows[k]].decision;
                n_rows[k]++;
            }
        }
    }
    double f1[K], cut[K];
    for (int32_t k = 0; k < K; k++) {
        cut[k] = NAN;
        f1[k] = f1_out[k] = rc == BC_OK && positives[k] >= 10
                                ? best_cut_f1(rows + (size_t)k * cap, n_rows[k], positives[k],
                                              &cut[k])
                                : NAN;
    }
    /* Another period only where its give-back cut all but explains the
     * closes and reversals and atr(14)'s clearly does not. */
    int32_t best = 0;
    for (int32_t k = 1; k < K && rc == BC_OK; k++)
        if (f1[k] >= CLONER_POSITION_ATR_EXPLAINS && !(f1[0] > f1[k] - CLONER_POSITION_ATR_MARGIN) &&
            (best == 0 || f1[k] > f1[best]))
            best = k;
    if (rc == BC_OK)
        *period = position_atr_periods[best];
    if (rc == BC_OK && f1[best] >= CLONER_POSITION_ATR_EXPLAINS)
        *cut_out = cut[best];
    if (rc == BC_OK && best != 0)
        bc_log(BC_LOG_INFO, "clone: position columns in atr(%d) (give-back cut F1 %.3f, atr(14) "
               "%.3f)", (int)position_atr_periods[best], f1[best], f1[0]);
    free(rows);
    free(atr);
    free(labels);
    free(labelled);
    free(state);
    return rc;
}
