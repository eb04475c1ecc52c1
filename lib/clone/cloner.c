/*
 * cloner.c - the library's main job: from a bot's trade log and the bars of
 * its symbol, learn a model that trades like it and measure how faithfully.
 * Builds the dataset (features + position state + labels), weights it, trains
 * through bc_trainer, calibrates and picks the threshold on a validation
 * slice, and reports on the held-out tail. It computes no indicator and no
 * gradient itself: those belong to the feature engine and the trainers.
 */
#include "clone/clone.h"
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
#include <time.h>

#define CLONER_MAX_PASSTHROUGH 16

struct bc_cloner {
    char model_kind[16];
    char *features;
    int32_t search; /* signals per decision the search adds; -1 = auto */
    double holdout, validation;
    char symbol[32];
    double half_life_days;
    char *uncertain_file;
    double uncertain_weight;
    char *replay_file;
    double replay_weight;
    char *symbol_graph;    /* graph.json whose embeddings join as sym_emb(j) */
    clone_embeddings embeddings; /* loaded from it for the fit */
    int32_t class_balance;
    double threshold; /* NaN = search */
    int32_t calibrate;
    char time_zone[16]; /* canonical time zone of the bars ("" unknown) */
    char hidden[64];
    char pass_key[CLONER_MAX_PASSTHROUGH][24];
    char pass_value[CLONER_MAX_PASSTHROUGH][64];
    int32_t n_pass;
    struct {
        char symbol[32];
        const bc_bars *bars;
    } registered[CLONE_MAX_SYMBOLS];
    int32_t n_registered;
    int32_t has_report;
    struct clone_report report;
};

/* Options handed to bc_trainer_set unchanged (validated there at set time). */
static const char *const passthrough_keys[] = {"l2", "tol", "lr", "clip", "max_iter", "epochs",
                                               "batch_size", "patience", "threads", "seed",
                                               "activation", "normalize", "backend", "mode",
                                               "rounds", "max_depth", "eta", "lambda",
                                               "min_child_weight", "max_bin"};

int32_t bc_cloner_create(bc_cloner **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_create: NULL out");
    bc_cloner *c = calloc(1, sizeof *c);
    if (!c)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner_create: no memory");
    strcpy(c->model_kind, "auto");
    c->search = -1;
    c->holdout = 0.3;
    c->validation = 0.2;
    c->uncertain_weight = 2.0;
    c->replay_weight = 1.0;
    c->class_balance = 1;
    c->threshold = NAN;
    c->calibrate = 1;
    strcpy(c->hidden, "64,32");
    *out = c;
    return BC_OK;
}

void bc_cloner_free(bc_cloner *c)
{
    if (!c)
        return;
    free(c->features);
    free(c->uncertain_file);
    free(c->replay_file);
    free(c->symbol_graph);
    clone_embeddings_free(&c->embeddings);
    free(c);
}

static int32_t set_number(const char *key, const char *value, double lo, double hi,
                          int lo_open, double *out)
{
    char *end = NULL;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v) || v > hi || (lo_open ? v <= lo : v < lo))
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: %s '%s' must be a number in %s%g, %g]", key,
                       value, lo_open ? "(" : "[", lo, hi);
    *out = v;
    return BC_OK;
}

static int32_t set_text(char **slot, const char *value)
{
    char *copy = NULL;
    if (*value) {
        copy = bc_model_strdup(value);
        if (!copy)
            return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory");
    }
    free(*slot);
    *slot = copy;
    return BC_OK;
}

static int32_t set_flag(const char *key, const char *value, int32_t *out)
{
    if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: %s '%s' must be 0 or 1", key, value);
    *out = value[0] == '1';
    return BC_OK;
}

int32_t bc_cloner_set(bc_cloner *c, const char *key, const char *value)
{
    if (!c || !key || !value)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_set: NULL %s",
                       !c ? "cloner" : !key ? "key" : "value");
    if (strcmp(key, "model") == 0) {
        if (strcmp(value, "logistic") != 0 && strcmp(value, "mlp") != 0 &&
            strcmp(value, "trees") != 0 && strcmp(value, "auto") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "cloner: model '%s' must be auto, logistic, mlp or trees", value);
        strcpy(c->model_kind, value);
        return BC_OK;
    }
    if (strcmp(key, "features") == 0)
        return set_text(&c->features, value);
    if (strcmp(key, "search") == 0) {
        if (strcmp(value, "auto") == 0) {
            c->search = -1;
            return BC_OK;
        }
        double k = 0.0;
        if (set_number(key, value, 0.0, CLONE_SEARCH_MAX_PER_DECISION, 0, &k) != BC_OK ||
            k != floor(k))
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "cloner: search '%s' must be auto or a whole number 0..%d", value,
                           CLONE_SEARCH_MAX_PER_DECISION);
        c->search = (int32_t)k;
        return BC_OK;
    }
    if (strcmp(key, "holdout") == 0)
        return set_number(key, value, 0.05, 0.9, 0, &c->holdout);
    if (strcmp(key, "validation") == 0)
        return set_number(key, value, 0.05, 0.5, 0, &c->validation);
    if (strcmp(key, "symbol") == 0) {
        if (strlen(value) >= sizeof c->symbol)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: symbol '%s' is longer than %d bytes", value,
                           (int)sizeof c->symbol - 1);
        strcpy(c->symbol, value);
        return BC_OK;
    }
    if (strcmp(key, "half_life_days") == 0)
        return set_number(key, value, 0.0, 1e6, 0, &c->half_life_days);
    if (strcmp(key, "uncertain_file") == 0)
        return set_text(&c->uncertain_file, value);
    if (strcmp(key, "symbol_graph") == 0)
        return set_text(&c->symbol_graph, value);
    if (strcmp(key, "uncertain_weight") == 0)
        return set_number(key, value, 0.0, 1e6, 1, &c->uncertain_weight);
    if (strcmp(key, "replay_file") == 0)
        return set_text(&c->replay_file, value);
    if (strcmp(key, "replay_weight") == 0)
        return set_number(key, value, 0.0, 1e6, 1, &c->replay_weight);
    if (strcmp(key, "class_balance") == 0)
        return set_flag(key, value, &c->class_balance);
    if (strcmp(key, "calibrate") == 0)
        return set_flag(key, value, &c->calibrate);
    if (strcmp(key, "threshold") == 0) {
        if (strcmp(value, "auto") == 0) {
            c->threshold = NAN;
            return BC_OK;
        }
        return set_number(key, value, 0.0, 1.0, 0, &c->threshold);
    }
    if (strcmp(key, "time_zone") == 0) {
        if (!*value) {
            c->time_zone[0] = '\0';
            return BC_OK;
        }
        int32_t rc = bc_time_zone_parse(value, NULL, NULL, c->time_zone, (int32_t)sizeof c->time_zone);
        return rc == BC_OK ? rc : bc_fail_context(rc, "cloner: ");
    }
    if (strcmp(key, "hidden") == 0) {
        if (strlen(value) >= sizeof c->hidden || strspn(value, "0123456789,") != strlen(value) ||
            !*value || value[0] == ',' || value[strlen(value) - 1] == ',' || strstr(value, ",,"))
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "cloner: hidden '%s' must be comma-separated widths such as 64,32", value);
        strcpy(c->hidden, value);
        return BC_OK;
    }
    for (size_t i = 0; i < sizeof passthrough_keys / sizeof passthrough_keys[0]; i++)
        if (strcmp(key, passthrough_keys[i]) == 0) {
            if (strlen(value) >= sizeof c->pass_value[0])
                return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: %s '%s' is too long", key, value);
            bc_trainer *probe = NULL;
            /* Checked by a trainer of the chosen kind (auto: logistic's
             * rules, which accept every key's range). */
            int32_t rc = bc_trainer_create(strcmp(c->model_kind, "auto") == 0
                                               ? "logistic" : c->model_kind, &probe);
            if (rc == BC_OK)
                rc = bc_trainer_set(probe, key, value);
            bc_trainer_free(probe);
            if (rc != BC_OK)
                return rc;
            int32_t slot = c->n_pass;
            for (int32_t j = 0; j < c->n_pass; j++)
                if (strcmp(c->pass_key[j], key) == 0)
                    slot = j;
            if (slot == CLONER_MAX_PASSTHROUGH)
                return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: too many trainer options");
            strcpy(c->pass_key[slot], key);
            strcpy(c->pass_value[slot], value);
            if (slot == c->n_pass)
                c->n_pass++;
            return BC_OK;
        }
    return bc_fail(BC_E_UNKNOWN_KEY,
                   "cloner: unknown key '%s' (model, features, search, holdout, validation, symbol, "
                   "half_life_days, uncertain_file, uncertain_weight, replay_file, replay_weight, symbol_graph, "
                   "class_balance, threshold, calibrate, time_zone, hidden, and the trainer's l2, tol, lr, "
                   "clip, max_iter, epochs, batch_size, patience, threads, seed, activation, "
                   "normalize, backend, mode)",
                   key);
}

/* ---- the dataset ------------------------------------------------------ */

struct dataset {
    int32_t n_bars, n_market, n_features, lookback;
    int32_t n_position; /* position-state columns of the current layout (clone.h) */
    int32_t n_used;     /* market columns of the current layout: the first n_used */
    int32_t n_dense;    /* market columns the dense kinds take (the rest: level
                         * features only trees take) */
    char *spec_dense;   /* canonical spec of those n_dense columns (NULL: spec) */
    const int64_t *time;
    const double *close, *high, *low;
    double *market; /* [n_bars x n_market] */
    double *atr;    /* [n_bars] */
    int32_t *labels;
    struct clone_position *state;
    int32_t round_trips;
    char *spec; /* canonical market spec */
    char **names;          /* [n_features]: market, position state, signed, in the
                            * current layout (borrowed from names_full) */
    char **names_full;     /* every market and position column, owned */
    char **names_layout;       /* the current layout's names (pointer array) */
    int32_t n_signed;      /* position-signed copies of market columns */
    int32_t *signed_index; /* [n_signed] their market column */
    int32_t names_capacity;
    /* per symbol: its name, events, split and sample weights */
    char symbol[32];
    int32_t n_events;
    int64_t newest_event, last_event_id;
    double lots;
    int32_t first, n_train, n_val, n_hold, val_start, hold_start;
    double *weight; /* [n_bars] */
};

static void dataset_free(struct dataset *d)
{
    free(d->market);
    free(d->atr);
    free(d->labels);
    free(d->state);
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
static int32_t record_risk_parity(const struct dataset *ds, int32_t n, bc_model *model)
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

static void dataset_row(const struct dataset *d, int32_t i, double *row);

/* The training distribution of every model input (bars [first,
 * hold_start) of each symbol: what the model was fitted and validated on),
 * stored in the model as its training profile for drift checks
 * (lib/monitor, `botcopier monitor`). */
static int32_t record_training_profile(const struct dataset *ds, int32_t n_ds, bc_model *model)
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
            dataset_row(&ds[s], i, x + r++ * F);
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

static int32_t build_dataset(const char *spec, const bc_bars *bars, const struct clone_event *events,
                             int32_t n_events, const double *embedding, int32_t dimensions,
                             struct dataset *d)
{
    memset(d, 0, sizeof *d);
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
        bc_features_set_symbol_embedding(f, embedding, dimensions);
    rc = bc_features_create(CLONE_ATR_SPEC, &atr);
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
    d->n_position = CLONE_POSITION_FEATURES;
    d->names_capacity = 2 * d->n_market + CLONE_POSITION_FEATURES;
    d->names = calloc((size_t)d->names_capacity, sizeof *d->names);
    d->names_full = d->names;
    d->names_layout = calloc((size_t)d->names_capacity, sizeof *d->names_layout);
    d->signed_index = calloc((size_t)d->n_market + 1, sizeof *d->signed_index);
    int32_t spec_len = 0;
    bc_features_spec(f, NULL, 0, &spec_len);
    d->spec = malloc((size_t)spec_len + 1);
    if (!d->market || !d->atr || !d->labels || !d->state || !d->names || !d->names_layout ||
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
        if (!(d->names[d->n_market + j] = bc_model_strdup(clone_position_feature_names[j])))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for feature names");
    for (int32_t j = 0; rc == BC_OK && j < d->n_market; j++) {
        if (!clone_wants_signed(d->names[j]))
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
    d->n_features = d->n_market + d->n_position + d->n_signed;
    if (rc == BC_OK)
        rc = bc_features_compute(f, bars, d->market, cells);
    if (rc == BC_OK)
        rc = bc_features_compute(atr, bars, d->atr, d->n_bars);
    if (rc == BC_OK)
        rc = clone_label_bars(d->n_bars, d->time, d->close, n_events, events, d->labels, d->state,
                              &d->round_trips);
    if (rc == BC_OK)
        clone_fill_excursions(d->n_bars, d->high, d->low, d->atr, d->state);
done:
    bc_features_free(f);
    bc_features_free(atr);
    if (rc != BC_OK)
        dataset_free(d);
    return rc < 0 ? rc : BC_OK;
}

/* Position-state layout of a model kind: trees take the excursion columns
 * (a tree cuts a stop at mae_atr >= 2 exactly); the dense kinds do not
 * (measured on the tuning bots with logistic regression, held-out
 * fidelity F1 with / without them: zscore-session 0.871 / 0.884, band-level
 * time stop 0.966 / 0.991, RSI(9) levels 0.889 / 0.947, Donchian ATR stops
 * 0.583 / 0.526: they help the stops a linear model cannot cut and cost
 * more elsewhere). */
static int32_t position_layout(const char *kind)
{
    return strcmp(kind, "trees") == 0 ? CLONE_POSITION_FEATURES : CLONE_POSITION_FEATURES_V1;
}

/* Market columns a kind takes: trees every one, the dense kinds the first
 * n_dense (the default set and what the search added; the level features
 * after them go to trees only - see clone_level_features). */
static int32_t market_layout(const struct dataset *d, const char *kind)
{
    return strcmp(kind, "trees") == 0 ? d->n_market : d->n_dense;
}

/* Puts every symbol's dataset in a layout: the first n_used market
 * columns, n_position position columns, the position-signed copies (names,
 * width, spec and the rows dataset_row writes). n_used is n_market or
 * n_dense. */
static void dataset_layout(struct dataset *ds, int32_t n_ds, int32_t n_used, int32_t n_position)
{
    for (int32_t s = 0; s < n_ds; s++) {
        struct dataset *d = &ds[s];
        d->n_used = n_used;
        d->n_position = n_position;
        d->n_features = n_used + n_position + d->n_signed;
        int32_t k = 0;
        for (int32_t j = 0; j < n_used; j++)
            d->names_layout[k++] = d->names_full[j];
        for (int32_t j = 0; j < n_position; j++)
            d->names_layout[k++] = d->names_full[d->n_market + j];
        for (int32_t j = 0; j < d->n_signed; j++)
            d->names_layout[k++] = d->names_full[d->n_market + CLONE_POSITION_FEATURES + j];
        d->names = d->names_layout;
    }
}

/* Every dataset in the layout of a model kind. */
static void use_layout(struct dataset *ds, int32_t n_ds, const char *kind)
{
    /* Datasets agree on n_dense: one spec for every symbol. */
    dataset_layout(ds, n_ds, market_layout(&ds[0], kind), position_layout(kind));
}

/* The layout's feature spec (the model records it). */
static const char *dataset_spec(const struct dataset *d)
{
    return d->n_used == d->n_market || !d->spec_dense ? d->spec : d->spec_dense;
}

/* Row i of the model's inputs with the target's position state. */
static void dataset_row(const struct dataset *d, int32_t i, double *row)
{
    memcpy(row, d->market + (int64_t)i * d->n_market, sizeof *row * (size_t)d->n_used);
    clone_position_features(&d->state[i], d->close[i], d->atr[i], row + d->n_used,
                            d->n_position);
    clone_signed_features(d->state[i].direction, row, d->signed_index, d->n_signed,
                          row + d->n_used + d->n_position);
}

/* An entry while a position was held: a reversal, or a re-entry the same
 * way (the bot's entry signal all the same). */
static int is_reversal(const struct dataset *d, int32_t i)
{
    return (d->labels[i] == CLONE_LABEL_OPEN_LONG || d->labels[i] == CLONE_LABEL_OPEN_SHORT) &&
           d->state[i].direction != 0;
}

/* ---- sample weights ---------------------------------------------------- */

static int32_t bar_of_time(const struct dataset *d, int64_t t)
{
    int32_t i = clone_bar_index(d->n_bars, d->time, t);
    return i >= 0 && d->time[i] == t ? i : -1;
}

static int32_t apply_replay(const bc_cloner *c, const struct dataset *d, double *w)
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
static int32_t load_uncertain(const bc_cloner *c, int32_t n_features, int32_t n_features_v1,
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
                         "(or %d without the excursion columns)",
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

/* ---- calibration and threshold ----------------------------------------- */

/* Closed-loop fidelity of the model on bars [start, end) from the target's
 * position at start, with the given threshold. */
static int32_t closed_loop_fidelity(bc_predictor *p, const struct dataset *d, int32_t start,
                                    int32_t end, struct clone_fidelity *out, int8_t *after,
                                    int32_t *bar_buf, int32_t *dir_buf, int32_t *tbar, int32_t *tdir)
{
    int32_t rc = clone_simulate(p, d->n_used, d->n_market, d->market, d->high, d->low, d->close,
                                d->atr,
                                start, end, &d->state[start], after, NULL);
    if (rc != BC_OK)
        return rc;
    int32_t n_clone = clone_entries_from_run(start, end - start, d->state[start].direction, after,
                                             bar_buf, dir_buf);
    int32_t n_target = 0;
    for (int32_t i = start; i < end; i++)
        if (d->labels[i] == CLONE_LABEL_OPEN_LONG || d->labels[i] == CLONE_LABEL_OPEN_SHORT) {
            tbar[n_target] = i;
            tdir[n_target] = d->labels[i] == CLONE_LABEL_OPEN_LONG ? 1 : -1;
            n_target++;
        }
    return clone_fidelity_match(n_target, tbar, tdir, n_clone, bar_buf, dir_buf, 1, out);
}

/* ---- fit ----------------------------------------------------------------- */

static int32_t train_model(const bc_cloner *c, const char *kind, const float *x, const int32_t *y,
                           const float *w, int32_t n, int32_t n_features, bc_model **out)
{
    bc_trainer *t = NULL;
    int32_t rc = bc_trainer_create(kind, &t);
    if (rc != BC_OK)
        return rc;
    if (strcmp(kind, "mlp") == 0)
        rc = bc_trainer_set(t, "hidden", c->hidden);
    /* The cloner keeps its own time-ordered validation slice, so the
     * trainer gets every training row; a rule bot's policy is (nearly)
     * separable, so L-BFGS runs to a tight tolerance (measured: tol 1e-5
     * left the time-exit test bot at 0.91 held-out F1, 1e-9 reaches 1.0).
     * Options the user set come after and win. */
    if (rc == BC_OK)
        rc = bc_trainer_set(t, "validation_fraction", "0");
    if (rc == BC_OK && strcmp(kind, "logistic") == 0)
        rc = bc_trainer_set(t, "max_iter", "3000");
    if (rc == BC_OK && strcmp(kind, "logistic") == 0)
        rc = bc_trainer_set(t, "tol", "1e-9");
    if (rc == BC_OK && strcmp(kind, "mlp") == 0)
        rc = bc_trainer_set(t, "epochs", "300");
    /* Trees read raw values: the dense kinds' normalization options are
     * not theirs (under model auto they apply to the other candidates). */
    for (int32_t i = 0; rc == BC_OK && i < c->n_pass; i++)
        if (strcmp(kind, "trees") != 0 || (strcmp(c->pass_key[i], "normalize") != 0 &&
                                           strcmp(c->pass_key[i], "clip") != 0))
            rc = bc_trainer_set(t, c->pass_key[i], c->pass_value[i]);
    if (rc == BC_OK)
        rc = bc_trainer_fit(t, x, y, w, n, n_features, CLONE_NUM_CLASSES, out);
    bc_trainer_free(t);
    return rc;
}

int32_t bc_cloner_add_bars(bc_cloner *c, const char *symbol, const bc_bars *bars)
{
    if (!c || !symbol || !bars)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_add_bars: NULL %s",
                       !c ? "cloner" : !symbol ? "symbol" : "bars");
    if (!*symbol || strlen(symbol) >= sizeof c->registered[0].symbol)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_add_bars: symbol '%s' must be 1..31 bytes",
                       symbol);
    int32_t k = 0;
    while (k < c->n_registered && strcmp(c->registered[k].symbol, symbol) != 0)
        k++;
    if (k == CLONE_MAX_SYMBOLS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_add_bars: more than %d symbols",
                       CLONE_MAX_SYMBOLS);
    snprintf(c->registered[k].symbol, sizeof c->registered[k].symbol, "%s", symbol);
    c->registered[k].bars = bars;
    if (k == c->n_registered)
        c->n_registered++;
    return BC_OK;
}

/* Which symbols to clone and on which bars: the bars given to fit for the
 * log's only symbol (or the 'symbol' option), else the registered bars of
 * every symbol in the log (or of the 'symbol' option). */
static int32_t plan_symbols(const bc_cloner *c, const bc_trades *trades, const bc_bars *bars,
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
static void split_bars(const bc_cloner *c, int32_t n_bars, int32_t lookback, struct dataset *d)
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
static char *with_embedding_items(const char *spec, int32_t d)
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
static int32_t prepare_symbol(const bc_cloner *c, const bc_trades *trades, const char *symbol,
                              const bc_bars *bars, const char *spec, struct dataset *d)
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
    rc = build_dataset(spec, bars, events, n_events, embedding, c->embeddings.dimensions, d);
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
    split_bars(c, d->n_bars, d->lookback, d);
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

/* The signal search: scores the candidate grid on each symbol's training
 * bars - never the validation or held-out ones, under the split of any
 * lookback the chosen items could bring - and, when it finds signals the
 * spec lacks, rebuilds every dataset with them appended. */
static int32_t search_features(const bc_cloner *c, const bc_trades *trades, char (*symbols)[32],
                               const bc_bars *const *plan_bars, struct dataset *ds, int32_t n_ds,
                               int32_t per_decision, struct clone_report *r)
{
    struct clone_search *s = NULL;
    struct clone_search_result res;
    char *spec = NULL, *base = NULL;
    struct clone_search_input *in = calloc((size_t)n_ds, sizeof *in);
    if (!in)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
    int32_t rc = clone_search_create(&s);
    if (rc != BC_OK)
        goto done;
    for (int32_t k = 0; k < n_ds; k++) {
        const struct dataset *d = &ds[k];
        int32_t lb_max = clone_search_lookback(s) > d->lookback ? clone_search_lookback(s) : d->lookback;
        int32_t end = d->val_start;
        for (int32_t lb = d->lookback; lb <= lb_max; lb++) {
            struct dataset split;
            split_bars(c, d->n_bars, lb, &split);
            if (split.val_start < end)
                end = split.val_start;
        }
        in[k] = (struct clone_search_input){plan_bars[k], d->labels, d->state, d->market,
                                            d->n_market, d->first, end};
    }
    rc = clone_search_run(s, in, n_ds, (const char *const *)ds[0].names, per_decision, &res);
    if (rc != BC_OK)
        goto done;
    static const char *const decision[CLONE_SEARCH_DECISIONS] = {"open long", "open short",
                                                                 "close long", "close short"};
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++)
        bc_log(BC_LOG_INFO, "clone: search: %s (%d examples): best F1 %.3f in the spec, %.3f after",
               decision[t], res.positives[t], res.spec_f1[t], res.best_f1[t]);
    r->search_per_decision = per_decision;
    r->search_n_added = res.n_added;
    memcpy(r->search_added, res.added, sizeof res.added);
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++) {
        r->search_examples[t] = res.positives[t];
        r->search_spec_f1[t] = res.spec_f1[t];
        r->search_best_f1[t] = res.best_f1[t];
    }
    if (res.n_added == 0)
        goto done;
    size_t len = strlen(ds[0].spec) + 1;
    for (int32_t a = 0; a < res.n_added; a++)
        len += strlen(res.added[a]) + 1;
    spec = malloc(len);
    if (!spec) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
        goto done;
    }
    strcpy(spec, ds[0].spec);
    for (int32_t a = 0; a < res.n_added; a++) {
        strcat(spec, ",");
        strcat(spec, res.added[a]);
        bc_log(BC_LOG_INFO, "clone: search: adds %s", res.added[a]);
    }
    base = bc_model_strdup(ds[0].spec);
    if (!base) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
        goto done;
    }
    for (int32_t k = 0; k < n_ds; k++)
        dataset_free(&ds[k]);
    for (int32_t k = 0; k < n_ds && rc == BC_OK; k++)
        rc = prepare_symbol(c, trades, symbols[k], plan_bars[k], spec, &ds[k]);
    if (rc == BC_E_NO_DATA) {
        /* The added items' longer lookback leaves too few bars: clone
         * with the spec as it was. */
        bc_log(BC_LOG_WARN, "clone: search: %s; keeping the spec without the found signals",
               bc_last_error());
        r->search_n_added = 0;
        rc = BC_OK;
        for (int32_t k = 0; k < n_ds; k++)
            dataset_free(&ds[k]);
        for (int32_t k = 0; k < n_ds && rc == BC_OK; k++)
            rc = prepare_symbol(c, trades, symbols[k], plan_bars[k], base, &ds[k]);
    }
done:
    free(base);
    free(spec);
    free(in);
    clone_search_free(s);
    return rc;
}

/* Closed-loop fidelity over [start, end) of each symbol's bars, added up. */
struct loop_buffers {
    int8_t *after;
    int32_t *bar, *dir, *tbar, *tdir;
};

static int32_t fidelity_over(bc_predictor *p, const struct dataset *ds, int32_t n_ds, int holdout,
                             const struct loop_buffers *b, struct clone_fidelity *total,
                             struct clone_fidelity *per_symbol)
{
    int64_t target = 0, clone = 0, matched = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        const struct dataset *d = &ds[s];
        struct clone_fidelity f;
        int32_t start = holdout ? d->hold_start : d->val_start;
        int32_t end = holdout ? d->n_bars : d->hold_start;
        int32_t rc = closed_loop_fidelity(p, d, start, end, &f, b->after, b->bar, b->dir, b->tbar,
                                          b->tdir);
        if (rc != BC_OK)
            return rc;
        if (per_symbol)
            per_symbol[s] = f;
        target += f.target_entries;
        clone += f.clone_entries;
        matched += f.matched;
    }
    clone_fidelity_from_counts(target, clone, matched, total);
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
static int32_t fill_training_rows(const bc_cloner *c, struct dataset *ds, int32_t n_ds,
                                  const float *ux, const int32_t *uy,
                                  int32_t n_unc, double *row, float *x, int32_t *y, float *w)
{
    const int32_t F = ds[0].n_features;
    int32_t k = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        struct dataset *d = &ds[s];
        int32_t end = d->val_start;
        for (int32_t i = d->first; i < end; i++, k++) {
            dataset_row(d, i, row);
            copy_row(row, F, x + (int64_t)k * F);
            y[k] = d->labels[i];
            w[k] = (float)d->weight[i];
        }
    }
    for (int32_t s = 0; s < n_ds; s++) {
        struct dataset *d = &ds[s];
        int32_t end = d->val_start;
        for (int32_t i = d->first; i < end; i++) {
            if (!is_reversal(d, i))
                continue;
            struct clone_position held = d->state[i];
            d->state[i] = CLONE_FLAT;
            dataset_row(d, i, row);
            d->state[i] = held;
            copy_row(row, F, x + (int64_t)k * F);
            y[k] = d->labels[i];
            w[k] = (float)d->weight[i];
            k++;
        }
    }
    /* Uncertain rows are stored as wide as the widest layout. */
    const int32_t stride = ds[0].n_market + CLONE_POSITION_FEATURES + ds[0].n_signed;
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
        for (int32_t i = 0; i < k; i++)
            w[i] = (float)(w[i] * total / (present * per_class[y[i]]));
    }
    return k;
}

/* What every candidate fit reads and writes: the labelled uncertain rows
 * (unc_kind: a kind whose layout they have, which then binds every
 * kind; NULL without any), the row buffers sized for the widest layout, the count of
 * validation bars, the closed-loop buffers and scratch rows. */
struct fit_inputs {
    const float *ux;
    const int32_t *uy;
    int32_t n_unc;
    const char *unc_kind; /* a kind whose layout the uncertain rows have */
    float *x;
    int32_t *y;
    float *w;
    int32_t n_val, n_rows;
    const struct loop_buffers *lb;
    double *row, *probs;
};

/* With the default features: rebuilds every dataset with the level
 * features after the spec (and what the search added), remembering the
 * columns before them as the dense kinds' (n_dense, spec_dense). Keeps
 * the spec as it was when the levels would move the split (a longer
 * lookback) or fail. */
static int32_t add_level_features(const bc_cloner *c, const bc_trades *trades,
                                  char (*symbols)[32], const bc_bars *const *plan_bars,
                                  struct dataset *ds, int32_t n_ds)
{
    const char *levels = clone_level_features();
    size_t len = strlen(ds[0].spec) + strlen(levels) + 2;
    char *spec = malloc(len), *base = bc_model_strdup(ds[0].spec);
    struct dataset *next = calloc((size_t)n_ds, sizeof *next);
    if (!spec || !base || !next) {
        free(spec);
        free(base);
        free(next);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: level features: no memory");
    }
    snprintf(spec, len, "%s,%s", ds[0].spec, levels);
    int32_t rc = BC_OK, built = 0;
    for (; built < n_ds && rc == BC_OK; built++)
        rc = prepare_symbol(c, trades, symbols[built], plan_bars[built], spec, &next[built]);
    int keep = rc == BC_OK;
    for (int32_t s = 0; keep && s < n_ds; s++)
        keep = next[s].lookback == ds[s].lookback && next[s].val_start == ds[s].val_start &&
               next[s].hold_start == ds[s].hold_start;
    if (keep) {
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
            dataset_free(&ds[s]);
            ds[s] = next[s];
        } else if (s < built) {
            dataset_free(&next[s]);
        }
    }
    free(next);
    free(spec);
    free(base);
    return rc;
}

/* One candidate model of the given kind: trained on the training rows,
 * then calibrated and given thresholds on the validation slices (the
 * target's position state, the clone's closed loop). *model and *p are the
 * result; r receives the calibration, thresholds and validation F1. */
static int32_t fit_candidate(const bc_cloner *c, const char *kind, struct dataset *ds, int32_t n_ds,
                             struct fit_inputs *in, struct clone_report *r, bc_model **model_out,
                             bc_predictor **p_out)
{
    use_layout(ds, n_ds, in->unc_kind ? in->unc_kind : kind);
    const int32_t n_rows = fill_training_rows(c, ds, n_ds, in->ux, in->uy, in->n_unc, in->row,
                                              in->x, in->y, in->w);
    const int32_t F = ds[0].n_features, n_val = in->n_val;
    const float *x = in->x, *w = in->w;
    const int32_t *y = in->y;
    const struct loop_buffers *lb = in->lb;
    double *row = in->row, *probs = in->probs;
    in->n_rows = n_rows;
    bc_log(BC_LOG_INFO, "clone: training %s on %d rows x %d features", kind, n_rows, F);
    bc_model *model = NULL;
    bc_predictor *p = NULL;
    int32_t rc = train_model(c, kind, x, y, w, n_rows, F, &model);
    if (rc != BC_OK)
        goto done;
    rc = bc_model_set_feature_names(model, (const char *const *)ds[0].names);
    if (rc == BC_OK) {
        static const char *const classes[CLONE_NUM_CLASSES] = {"none", "open_long", "open_short",
                                                                "close"};
        rc = bc_model_set_class_names(model, classes);
    }
    if (rc == BC_OK)
        rc = bc_model_set_feature_spec(model, dataset_spec(&ds[0]));
    if (rc == BC_OK)
        rc = bc_model_set_threshold(model, 0.5);
    /* Re-entries in the training labels: the predictor may re-enter. */
    for (int32_t s = 0; rc == BC_OK && s < n_ds && !model->allow_reentry; s++)
        for (int32_t i = ds[s].first; i < ds[s].val_start; i++)
            if ((ds[s].labels[i] == CLONE_LABEL_OPEN_LONG && ds[s].state[i].direction > 0) ||
                (ds[s].labels[i] == CLONE_LABEL_OPEN_SHORT && ds[s].state[i].direction < 0)) {
                model->allow_reentry = 1;
                break;
            }
    if (rc == BC_OK)
        rc = bc_predictor_create(model, &p);
    if (rc != BC_OK)
        goto done;

    /* Platt calibration of P(act) on the validation slices (the model's raw
     * probabilities, the target's position state). */
    if (c->calibrate) {
        double *score = malloc(sizeof *score * (size_t)n_val);
        int32_t *acted = malloc(sizeof *acted * (size_t)n_val);
        if (!score || !acted) {
            free(score);
            free(acted);
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for calibration");
            goto done;
        }
        int32_t m = 0;
        for (int32_t s = 0; s < n_ds; s++) {
            const struct dataset *d = &ds[s];
            for (int32_t i = d->val_start; i < d->hold_start; i++, m++) {
                dataset_row(d, i, row);
                bc_model_forward_row_fast(model, row, probs, p->scratch);
                p->direction = d->state[i].direction;
                score[m] = clone_allowed_mass(p, probs);
                acted[m] = d->labels[i] != CLONE_LABEL_NONE;
            }
        }
        double coef = 1.0, intercept = 0.0;
        rc = bc_platt_fit(score, acted, NULL, n_val, &coef, &intercept);
        free(score);
        free(acted);
        if (rc == BC_OK)
            rc = bc_model_set_calibration(model, coef, intercept);
        if (rc != BC_OK)
            goto done;
        r->calibrated = 1;
        r->calibration_coef = coef;
        r->calibration_intercept = intercept;
    }

    /* Thresholds: the global one whose closed-loop run over the validation
     * slices matches the target's entries best (ties: nearest 0.5), then
     * each action's own, one at a time, kept only when it does better (a
     * time exit and an entry signal rarely want the same bar). */
    double best_thr = 0.5, class_thr[CLONE_NUM_CLASSES] = {NAN, NAN, NAN, NAN};
    for (int32_t j = 0; j < CLONE_NUM_CLASSES; j++)
        p->class_threshold[j] = NAN;
    r->validation_fidelity_f1 = -1.0;
    if (isnan(c->threshold)) {
        double best_f1 = -1.0;
        for (int32_t step = 1; step <= 39; step++) {
            double thr = 0.025 * step;
            struct clone_fidelity f;
            p->threshold = thr;
            if ((rc = fidelity_over(p, ds, n_ds, 0, lb, &f, NULL)) != BC_OK)
                goto done;
            if (f.f1 > best_f1 + 1e-12 ||
                (fabs(f.f1 - best_f1) <= 1e-12 && fabs(thr - 0.5) < fabs(best_thr - 0.5))) {
                best_f1 = f.f1;
                best_thr = thr;
            }
        }
        p->threshold = best_thr;
        static const int32_t order[3] = {CLONE_LABEL_CLOSE, CLONE_LABEL_OPEN_LONG,
                                         CLONE_LABEL_OPEN_SHORT};
        for (int32_t o = 0; o < 3; o++) {
            int32_t cls = order[o];
            for (int32_t step = 1; step <= 39; step++) {
                struct clone_fidelity f;
                p->class_threshold[cls] = 0.025 * step;
                if ((rc = fidelity_over(p, ds, n_ds, 0, lb, &f, NULL)) != BC_OK)
                    goto done;
                if (f.f1 > best_f1 + 1e-12) {
                    best_f1 = f.f1;
                    class_thr[cls] = 0.025 * step;
                }
            }
            p->class_threshold[cls] = class_thr[cls];
        }
        r->validation_fidelity_f1 = best_f1;
    } else {
        best_thr = c->threshold;
    }
    rc = bc_model_set_threshold(model, best_thr);
    if (rc == BC_OK && (isfinite(class_thr[1]) || isfinite(class_thr[2]) || isfinite(class_thr[3])))
        rc = bc_model_set_class_thresholds(model, class_thr);
    if (rc != BC_OK)
        goto done;
    p->threshold = best_thr;
    r->threshold = best_thr;
    memcpy(r->class_thresholds, class_thr, sizeof class_thr);

    *model_out = model;
    *p_out = p;
    return BC_OK;
done:
    bc_predictor_free(p);
    bc_model_free(model);
    return rc;
}

/* Candidates of model auto, simplest first (near-ties keep the earlier one). */
static const char *const auto_kinds[] = {"logistic", "trees", "mlp"};

/* Closed-loop fidelity counts of a candidate on an earlier walk-forward
 * fold: every symbol's validation slice moved back by its own length (the
 * candidate trained on the bars before it, calibrated and thresholded on
 * it, as on the last fold). Adds nothing where the training slice left
 * would be shorter than the validation slice. */
static int32_t earlier_fold(const bc_cloner *c, const char *kind, struct dataset *ds, int32_t n_ds,
                            const struct fit_inputs *last, float *x, int32_t *y, float *w,
                            const struct clone_report *r, struct clone_fidelity *out)
{
    memset(out, 0, sizeof *out);
    int32_t n_val = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        int32_t len = ds[s].hold_start - ds[s].val_start;
        if (ds[s].val_start - len - ds[s].first < len || len < 1)
            return BC_OK;
        n_val += len;
    }
    int32_t saved_val[CLONE_MAX_SYMBOLS], saved_hold[CLONE_MAX_SYMBOLS];
    for (int32_t s = 0; s < n_ds; s++) {
        saved_val[s] = ds[s].val_start;
        saved_hold[s] = ds[s].hold_start;
        ds[s].hold_start = ds[s].val_start;
        ds[s].val_start -= saved_hold[s] - saved_val[s];
    }
    struct fit_inputs in = *last;
    in.x = x;
    in.y = y;
    in.w = w;
    in.n_val = n_val;
    struct clone_report fr = *r;
    bc_model *m = NULL;
    bc_predictor *p = NULL;
    int32_t rc = fit_candidate(c, kind, ds, n_ds, &in, &fr, &m, &p);
    if (rc == BC_OK)
        rc = fidelity_over(p, ds, n_ds, 0, in.lb, out, NULL);
    bc_predictor_free(p);
    bc_model_free(m);
    for (int32_t s = 0; s < n_ds; s++) {
        ds[s].val_start = saved_val[s];
        ds[s].hold_start = saved_hold[s];
    }
    return rc;
}

/* The clone's model: the kind the user chose, or under model auto each
 * candidate in turn, keeping the one with the best closed-loop fidelity
 * on two walk-forward folds (the validation slices, and the slices of the
 * same length just before them; each fold trained only on the bars before
 * its slice, the entry counts of both added up). A later, more complex
 * candidate must beat the best so far by half a target entry's worth of
 * F1, so that one lucky entry does not pick a model. The chosen kind is
 * then the last fold's model. A candidate whose fit is unsupported here
 * (trees without XGBoost) is skipped with a warning. */
static int32_t fit_models(const bc_cloner *c, struct dataset *ds, int32_t n_ds,
                          struct fit_inputs *in, int32_t n_rows, struct clone_report *r,
                          bc_model **model_out, bc_predictor **p_out)
{
    const int32_t F = ds[0].n_features; /* the widest layout */
    const struct loop_buffers *lb = in->lb;
    if (strcmp(c->model_kind, "auto") != 0) {
        snprintf(r->model_kind, sizeof r->model_kind, "%s", c->model_kind);
        return fit_candidate(c, c->model_kind, ds, n_ds, in, r, model_out, p_out);
    }
    /* The earlier fold's rows: their own buffers. */
    float *fx = malloc(sizeof *fx * (size_t)n_rows * (size_t)F);
    float *fw = malloc(sizeof *fw * (size_t)n_rows);
    int32_t *fy = malloc(sizeof *fy * (size_t)n_rows);
    if (!fx || !fw || !fy) {
        free(fx);
        free(fw);
        free(fy);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for model auto's folds");
    }
    bc_model *best = NULL;
    bc_predictor *best_p = NULL;
    struct clone_report best_r = *r;
    double best_f1 = -1.0;
    int32_t rc = BC_OK;
    r->auto_candidates = 0;
    int64_t val_entries = 0;
    for (size_t k = 0; k < sizeof auto_kinds / sizeof *auto_kinds; k++) {
        struct clone_report cr = *r;
        bc_model *m = NULL;
        bc_predictor *p = NULL;
        struct clone_fidelity last, earlier;
        rc = fit_candidate(c, auto_kinds[k], ds, n_ds, in, &cr, &m, &p);
        if (rc == BC_E_UNSUPPORTED) {
            bc_log(BC_LOG_WARN, "clone: model auto skips %s: %s", auto_kinds[k], bc_last_error());
            rc = BC_OK;
            continue;
        }
        if (rc == BC_OK)
            rc = fidelity_over(p, ds, n_ds, 0, lb, &last, NULL);
        if (rc == BC_OK)
            rc = earlier_fold(c, auto_kinds[k], ds, n_ds, in, fx, fy, fw, r, &earlier);
        if (rc != BC_OK) {
            bc_predictor_free(p);
            bc_model_free(m);
            break;
        }
        struct clone_fidelity both;
        clone_fidelity_from_counts(last.target_entries + earlier.target_entries,
                                   last.clone_entries + earlier.clone_entries,
                                   last.matched + earlier.matched, &both);
        val_entries = both.target_entries;
        double margin = 0.5 / (double)(val_entries > 0 ? val_entries : 1);
        bc_log(BC_LOG_INFO, "clone: model auto: %s walk-forward fidelity F1 %.4f (%lld entries)",
               auto_kinds[k], both.f1, (long long)both.target_entries);
        int32_t slot = r->auto_candidates++;
        snprintf(r->auto_kind[slot], sizeof r->auto_kind[slot], "%s", auto_kinds[k]);
        r->auto_f1[slot] = both.f1;
        if (!best || both.f1 > best_f1 + margin) {
            bc_predictor_free(best_p);
            bc_model_free(best);
            best = m;
            best_p = p;
            best_r = cr;
            best_f1 = both.f1;
            snprintf(best_r.model_kind, sizeof best_r.model_kind, "%s", auto_kinds[k]);
        } else {
            bc_predictor_free(p);
            bc_model_free(m);
        }
        /* A perfect run on both folds cannot be beaten: skip slower kinds. */
        if (best_f1 >= 1.0 - 1e-12)
            break;
    }
    free(fx);
    free(fw);
    free(fy);
    if (rc == BC_OK && !best)
        rc = bc_fail(BC_E_UNSUPPORTED, "clone: model auto found no candidate it could fit");
    if (rc != BC_OK) {
        bc_predictor_free(best_p);
        bc_model_free(best);
        return rc;
    }
    int32_t n_candidates = r->auto_candidates;
    char kinds[4][16];
    double f1s[4];
    memcpy(kinds, r->auto_kind, sizeof kinds);
    memcpy(f1s, r->auto_f1, sizeof f1s);
    *r = best_r;
    r->auto_candidates = n_candidates;
    r->auto_validation_entries = val_entries;
    memcpy(r->auto_kind, kinds, sizeof kinds);
    memcpy(r->auto_f1, f1s, sizeof f1s);
    bc_log(BC_LOG_INFO, "clone: model auto chose %s", r->model_kind);
    /* The rows the rest of the fit reads are the chosen model's layout. */
    use_layout(ds, n_ds, in->unc_kind ? in->unc_kind : r->model_kind);
    in->n_rows = fill_training_rows(c, ds, n_ds, in->ux, in->uy, in->n_unc, in->row, in->x,
                                    in->y, in->w);
    *model_out = best;
    *p_out = best_p;
    return BC_OK;
}

int32_t bc_cloner_fit(bc_cloner *c, const bc_trades *trades, const bc_bars *bars, bc_model **out)
{
    if (!c || !trades || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_fit: NULL %s",
                       !c ? "cloner" : !trades ? "trades" : "out");
    *out = NULL;
    c->has_report = 0;
    struct clone_report *r = &c->report;
    memset(r, 0, sizeof *r);
    char symbols[CLONE_MAX_SYMBOLS][32];
    const bc_bars *plan_bars[CLONE_MAX_SYMBOLS];
    int32_t n_ds = 0;
    int32_t rc = plan_symbols(c, trades, bars, symbols, plan_bars, &n_ds);
    if (rc != BC_OK)
        return rc;
    struct dataset *ds = calloc((size_t)n_ds, sizeof *ds);
    if (!ds)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d symbols", n_ds);
    const char *spec = c->features ? c->features : bc_clone_default_features();
    char *spec_with_embedding = NULL;
    clone_embeddings_free(&c->embeddings);
    if (c->symbol_graph) {
        rc = clone_embeddings_load(c->symbol_graph, &c->embeddings);
        if (rc == BC_OK && !(spec_with_embedding = with_embedding_items(spec,
                                                                        c->embeddings.dimensions)))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: feature spec");
        if (rc != BC_OK) {
            free(ds);
            return rc;
        }
        spec = spec_with_embedding;
    }

    float *x = NULL, *w = NULL, *ux = NULL;
    int32_t *y = NULL, *uy = NULL, *pred = NULL, *labels = NULL;
    double *row = NULL, *probs = NULL;
    struct loop_buffers lb = {0};
    bc_model *model = NULL;
    bc_predictor *p = NULL;
    int32_t n_unc = 0, n_train = 0, n_val = 0, n_hold = 0, n_reversals = 0, max_bars = 0;
    const char *unc_kind = NULL;
    int64_t newest_event = INT64_MIN, last_event_id = -1;

    for (int32_t s = 0; s < n_ds && rc == BC_OK; s++)
        rc = prepare_symbol(c, trades, symbols[s], plan_bars[s], spec, &ds[s]);
    if (rc != BC_OK)
        goto done;
    int32_t per_decision = c->search >= 0 ? c->search : c->features ? 0 : CLONE_SEARCH_DEFAULT;
    if (per_decision > 0 &&
        (rc = search_features(c, trades, symbols, plan_bars, ds, n_ds, per_decision, r)) != BC_OK)
        goto done;
    if (!c->features && (rc = add_level_features(c, trades, symbols, plan_bars, ds, n_ds)) != BC_OK)
        goto done;
    const int32_t F = ds[0].n_features;
    size_t len = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        const struct dataset *d = &ds[s];
        n_train += d->n_train;
        n_val += d->n_val;
        n_hold += d->n_hold;
        max_bars = d->n_bars > max_bars ? d->n_bars : max_bars;
        newest_event = d->newest_event > newest_event ? d->newest_event : newest_event;
        last_event_id = d->last_event_id > last_event_id ? d->last_event_id : last_event_id;
        for (int32_t i = d->first; i < d->first + d->n_train; i++)
            n_reversals += is_reversal(d, i);
        r->n_bars += d->n_bars;
        r->round_trips += d->round_trips;
        for (int32_t i = 0; i < d->n_bars; i++)
            r->label_counts[d->labels[i]]++;
        if (s == 0 || d->time[d->hold_start] < r->holdout_start)
            r->holdout_start = d->time[d->hold_start];
        len += (size_t)snprintf(r->symbol + len, len < sizeof r->symbol ? sizeof r->symbol - len : 0,
                                "%s%s", s ? "," : "", d->symbol);
        snprintf(r->symbols[s], sizeof r->symbols[s], "%s", d->symbol);
        bc_log(BC_LOG_INFO,
               "clone: %s: %d bars, %d events; train %d, validation %d, held out %d bars",
               d->symbol, d->n_bars, d->n_events, d->n_train, d->n_val, d->n_hold);
    }
    r->n_symbols = n_ds;
    r->lookback = ds[0].lookback;
    r->train_bars = n_train;
    r->validation_bars = n_val;
    r->holdout_bars = n_hold;
    r->n_features = F;
    r->reversal_rows = n_reversals;
    bc_log(BC_LOG_INFO, "clone: labels: %lld opens long, %lld opens short, %lld closes; %d features",
           (long long)r->label_counts[1], (long long)r->label_counts[2],
           (long long)r->label_counts[3], F);

    if (c->uncertain_file) {
        int32_t width = 0;
        const int32_t dense = ds[0].n_dense + CLONE_POSITION_FEATURES_V1 + ds[0].n_signed;
        rc = load_uncertain(c, F, dense, &ux, &uy, &n_unc, &width);
        if (width)
            unc_kind = width == F ? "trees" : "logistic";
        if (rc != BC_OK)
            goto done;
    }
    /* A reversal (close and open on one bar) is also the bot's entry
     * signal: the bar joins training a second time as seen flat, so a clone
     * started flat enters where the bot would have (an always-in-market bot
     * is otherwise never seen flat). */
    int32_t n_rows = n_train + n_reversals + n_unc;
    x = malloc(sizeof *x * (size_t)n_rows * (size_t)F);
    y = malloc(sizeof *y * (size_t)n_rows);
    w = malloc(sizeof *w * (size_t)n_rows);
    row = malloc(sizeof *row * (size_t)F);
    probs = malloc(sizeof *probs * (size_t)(n_hold + 1) * CLONE_NUM_CLASSES);
    pred = malloc(sizeof *pred * (size_t)(n_hold + 1));
    labels = malloc(sizeof *labels * (size_t)(n_hold + 1));
    lb.after = malloc((size_t)max_bars);
    lb.bar = malloc(sizeof *lb.bar * (size_t)max_bars);
    lb.dir = malloc(sizeof *lb.dir * (size_t)max_bars);
    lb.tbar = malloc(sizeof *lb.tbar * (size_t)max_bars);
    lb.tdir = malloc(sizeof *lb.tdir * (size_t)max_bars);
    if (!x || !y || !w || !row || !probs || !pred || !labels || !lb.after || !lb.bar || !lb.dir ||
        !lb.tbar || !lb.tdir) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d rows", n_rows);
        goto done;
    }

    /* Weights: time decay from the newest event of the log, replay
     * divergences (a decision id is a bar time: every symbol's bar at that
     * time), then class balance over all rows. */
    for (int32_t s = 0; s < n_ds; s++) {
        struct dataset *d = &ds[s];
        for (int32_t i = 0; i < d->n_bars; i++) {
            d->weight[i] = 1.0;
            if (c->half_life_days > 0.0) {
                double age_days = (double)(newest_event - d->time[i]) / 86400.0;
                d->weight[i] = pow(0.5, (age_days > 0.0 ? age_days : 0.0) / c->half_life_days);
            }
        }
        if (c->replay_file && (rc = apply_replay(c, d, d->weight)) != BC_OK)
            goto done;
    }
    n_rows = fill_training_rows(c, ds, n_ds, ux, uy, n_unc, row, x, y, w);

    struct fit_inputs in = {ux, uy, n_unc, unc_kind, x, y, w, n_val, 0, &lb, row, probs};
    rc = fit_models(c, ds, n_ds, &in, n_rows, r, &model, &p);
    n_rows = in.n_rows;
    r->n_features = ds[0].n_features;
    if (rc != BC_OK)
        goto done;

    /* Held-out tails: per-bar metrics with the target's position, and the
     * clone's own closed-loop runs from the target's position. */
    int32_t m = 0;
    for (int32_t s = 0; s < n_ds; s++) {
        const struct dataset *d = &ds[s];
        for (int32_t i = d->hold_start; i < d->n_bars; i++, m++) {
            dataset_row(d, i, p->row);
            p->direction = d->state[i].direction;
            int32_t dec = clone_predict_row(p);
            memcpy(probs + (int64_t)m * CLONE_NUM_CLASSES, p->probs, sizeof *probs * CLONE_NUM_CLASSES);
            pred[m] = dec == BC_DECISION_BUY    ? CLONE_LABEL_OPEN_LONG
                      : dec == BC_DECISION_SELL  ? CLONE_LABEL_OPEN_SHORT
                      : dec == BC_DECISION_CLOSE ? CLONE_LABEL_CLOSE
                                                 : CLONE_LABEL_NONE;
            labels[m] = d->labels[i];
        }
    }
    rc = clone_compute_metrics(n_hold, CLONE_NUM_CLASSES, labels, pred, probs, &r->holdout);
    if (rc == BC_OK)
        rc = fidelity_over(p, ds, n_ds, 1, &lb, &r->fidelity, r->symbol_fidelity);
    if (rc != BC_OK)
        goto done;
    bc_log(BC_LOG_INFO,
           "clone: held-out fidelity F1 %.3f (%lld of %lld target entries matched, %lld clone entries)",
           r->fidelity.f1, (long long)r->fidelity.matched, (long long)r->fidelity.target_entries,
           (long long)r->fidelity.clone_entries);

    /* Metadata the model carries: training info, the report, the symbol
     * and lot size a run trades with (the first symbol's). */
    rc = clone_record_model_metadata(c->half_life_days, n_rows, last_event_id, ds[0].symbol,
                                     ds[0].lots, r, model);
    if (rc == BC_OK) {
        const char *names[CLONE_MAX_SYMBOLS];
        const int64_t *times[CLONE_MAX_SYMBOLS];
        int32_t lengths[CLONE_MAX_SYMBOLS];
        for (int32_t s = 0; s < n_ds; s++)
            names[s] = ds[s].symbol, times[s] = ds[s].time, lengths[s] = ds[s].n_bars;
        rc = clone_record_market(model, trades, names, times, lengths, n_ds, c->time_zone);
    }
    if (rc == BC_OK && n_ds >= 2)
        rc = record_risk_parity(ds, n_ds, model);
    if (rc == BC_OK)
        rc = record_training_profile(ds, n_ds, model);
    if (rc == BC_OK && c->embeddings.n > 0)
        rc = clone_embeddings_record(model, &c->embeddings, symbols, n_ds);
    if (rc != BC_OK)
        goto done;
    c->has_report = 1;
    *out = model;
    model = NULL;
done:
    free(spec_with_embedding);
    bc_predictor_free(p);
    bc_model_free(model);
    for (int32_t s = 0; s < n_ds; s++)
        dataset_free(&ds[s]);
    free(ds);
    free(x);
    free(y);
    free(w);
    free(ux);
    free(uy);
    free(row);
    free(probs);
    free(pred);
    free(labels);
    free(lb.after);
    free(lb.bar);
    free(lb.dir);
    free(lb.tbar);
    free(lb.tdir);
    return rc;
}

int32_t bc_cloner_write_report(const bc_cloner *c, const char *path)
{
    if (!c || !path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_cloner_write_report: NULL %s",
                       c ? "path" : "cloner");
    if (!c->has_report)
        return bc_fail(BC_E_STATE, "bc_cloner_write_report: no successful fit yet");
    return clone_report_write(&c->report, path);
}

int32_t bc_cloner_report_json(const bc_cloner *c, char *buf, int32_t capacity, int32_t *length)
{
    if (!c || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_report_json: NULL %s", c ? "buf" : "cloner");
    if (!c->has_report)
        return bc_fail(BC_E_STATE, "cloner_report_json: no successful fit yet");
    return clone_report_json(&c->report, buf, capacity, length);
}
