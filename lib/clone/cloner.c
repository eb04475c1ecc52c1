/*
 * cloner.c - the library's main job: from a bot's trade log and the bars of
 * its symbol, learn a model that trades like it and measure how faithfully.
 * Builds the dataset (features + position state + labels), weights it, trains
 * through bc_trainer, calibrates and picks the threshold on a validation
 * slice, and reports on the held-out tail. It computes no indicator and no
 * gradient itself: those belong to the feature engine and the trainers.
 */
#include "clone/clone.h"
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
    double holdout, validation;
    char symbol[32];
    double half_life_days;
    char *uncertain_file;
    double uncertain_weight;
    char *replay_file;
    double replay_weight;
    int32_t class_balance;
    double threshold; /* NaN = search */
    int32_t calibrate;
    char hidden[64];
    char pass_key[CLONER_MAX_PASSTHROUGH][24];
    char pass_value[CLONER_MAX_PASSTHROUGH][64];
    int32_t n_pass;
    int32_t has_report;
    struct clone_report report;
};

/* Options handed to bc_trainer_set unchanged (validated there at set time). */
static const char *const passthrough_keys[] = {"l2", "tol", "lr", "clip", "max_iter", "epochs",
                                               "batch_size", "patience", "threads", "seed",
                                               "activation", "normalize", "backend", "mode",
                                               "validation_fraction"};

int32_t bc_cloner_create(bc_cloner **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_create: NULL out");
    bc_cloner *c = calloc(1, sizeof *c);
    if (!c)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner_create: no memory");
    strcpy(c->model_kind, "logistic");
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
        if (strcmp(value, "logistic") != 0 && strcmp(value, "mlp") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: model '%s' must be logistic or mlp", value);
        strcpy(c->model_kind, value);
        return BC_OK;
    }
    if (strcmp(key, "features") == 0)
        return set_text(&c->features, value);
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
            int32_t rc = bc_trainer_create(c->model_kind, &probe);
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
                   "cloner: unknown key '%s' (model, features, holdout, validation, symbol, "
                   "half_life_days, uncertain_file, uncertain_weight, replay_file, replay_weight, "
                   "class_balance, threshold, calibrate, hidden, and the trainer's l2, tol, lr, "
                   "clip, max_iter, epochs, batch_size, patience, threads, seed, activation, "
                   "normalize, backend, mode)",
                   key);
}

/* ---- the dataset ------------------------------------------------------ */

struct dataset {
    int32_t n_bars, n_market, n_features, lookback;
    const int64_t *time;
    const double *close;
    double *market; /* [n_bars x n_market] */
    double *atr;    /* [n_bars] */
    int32_t *labels;
    struct clone_position *state;
    int32_t round_trips;
    char *spec; /* canonical market spec */
    char **names;          /* [n_features]: market, position state, signed */
    int32_t n_signed;      /* position-signed copies of market columns */
    int32_t *signed_index; /* [n_signed] their market column */
    int32_t names_capacity;
};

static void dataset_free(struct dataset *d)
{
    free(d->market);
    free(d->atr);
    free(d->labels);
    free(d->state);
    free(d->spec);
    if (d->names)
        for (int32_t j = 0; j < d->names_capacity; j++)
            free(d->names[j]);
    free(d->names);
    free(d->signed_index);
}

struct event_order {
    struct clone_event ev;
    int32_t index;
};

static int cmp_event(const void *a, const void *b)
{
    const struct event_order *x = a, *y = b;
    if (x->ev.time != y->ev.time)
        return x->ev.time < y->ev.time ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The symbol's OPEN/CLOSE events in time order (ties keep file order). */
static int32_t collect_events(const bc_trades *trades, const char *wanted, char *symbol_out,
                              struct clone_event **out, int32_t *n_out, double *lots_out,
                              int64_t *last_event_id)
{
    int32_t n = bc_trades_count(trades);
    char first[32] = "", others[256] = "";
    int32_t n_symbols = 0;
    bc_trade_event ev;
    for (int32_t i = 0; i < n; i++) {
        ev.struct_size = (uint32_t)sizeof ev;
        int32_t rc = bc_trades_get(trades, i, &ev);
        if (rc != BC_OK)
            return rc;
        if (n_symbols == 0) {
            snprintf(first, sizeof first, "%s", ev.symbol);
            snprintf(others, sizeof others, "'%s'", ev.symbol);
            n_symbols = 1;
        } else if (strcmp(ev.symbol, first) != 0 && !strstr(others, ev.symbol)) {
            size_t len = strlen(others);
            snprintf(others + len, sizeof others - len, ", '%s'", ev.symbol);
            n_symbols++;
        }
    }
    if (n_symbols == 0)
        return bc_fail(BC_E_NO_DATA, "cloner: the trade log has no events");
    if (!*wanted && n_symbols > 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "cloner: the trade log holds %d symbols (%s) and bars for one were given: "
                       "set 'symbol' to clone one of them",
                       n_symbols, others);
    const char *symbol = *wanted ? wanted : first;
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
        return bc_fail(BC_E_NO_DATA, "cloner: the trade log has no OPEN event for symbol '%s'%s", symbol,
                       *wanted ? " (is the symbol spelled as in the log?)" : "");
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
    snprintf(symbol_out, 32, "%s", symbol);
    *out = events;
    *n_out = m;
    *lots_out = median;
    return BC_OK;
}

/* The engine over every bar of a series (bid/ask volumes: none). */
static int32_t compute_over_bars(bc_features *f, const bc_bars *bars, double *out, int64_t capacity)
{
    return bc_features_compute_arrays(f, bc_bars_length(bars), bc_bars_time(bars),
                                      bc_bars_column(bars, BC_BAR_OPEN),
                                      bc_bars_column(bars, BC_BAR_HIGH),
                                      bc_bars_column(bars, BC_BAR_LOW),
                                      bc_bars_column(bars, BC_BAR_CLOSE),
                                      bc_bars_column(bars, BC_BAR_VOLUME), NULL, NULL, out, capacity);
}

static int32_t build_dataset(const char *spec, const bc_bars *bars, const struct clone_event *events,
                             int32_t n_events, struct dataset *d)
{
    memset(d, 0, sizeof *d);
    d->n_bars = bc_bars_length(bars);
    d->time = bc_bars_time(bars);
    d->close = bc_bars_column(bars, BC_BAR_CLOSE);
    bc_features *f = NULL, *atr = NULL;
    int32_t rc = bc_features_create(spec, &f);
    if (rc != BC_OK)
        return bc_fail_context(rc, "cloner: features: ");
    rc = bc_features_create(CLONE_ATR_SPEC, &atr);
    if (rc != BC_OK) {
        bc_features_free(f);
        return rc;
    }
    d->n_market = bc_features_count(f);
    d->lookback = bc_features_lookback(f);
    if (bc_features_lookback(atr) > d->lookback)
        d->lookback = bc_features_lookback(atr);
    int64_t cells = (int64_t)d->n_bars * d->n_market;
    d->market = malloc(sizeof *d->market * (size_t)(cells > 0 ? cells : 1));
    d->atr = malloc(sizeof *d->atr * (size_t)d->n_bars);
    d->labels = malloc(sizeof *d->labels * (size_t)d->n_bars);
    d->state = malloc(sizeof *d->state * (size_t)d->n_bars);
    d->names_capacity = 2 * d->n_market + CLONE_POSITION_FEATURES;
    d->names = calloc((size_t)d->names_capacity, sizeof *d->names);
    d->signed_index = calloc((size_t)d->n_market + 1, sizeof *d->signed_index);
    int32_t spec_len = 0;
    bc_features_spec(f, NULL, 0, &spec_len);
    d->spec = malloc((size_t)spec_len + 1);
    if (!d->market || !d->atr || !d->labels || !d->state || !d->names || !d->signed_index ||
        !d->spec) {
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
    for (int32_t j = 0; rc == BC_OK && j < CLONE_POSITION_FEATURES; j++)
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
        d->names[d->n_market + CLONE_POSITION_FEATURES + d->n_signed] = name;
        d->signed_index[d->n_signed++] = j;
    }
    d->n_features = d->n_market + CLONE_POSITION_FEATURES + d->n_signed;
    if (rc == BC_OK)
        rc = compute_over_bars(f, bars, d->market, cells);
    if (rc == BC_OK)
        rc = compute_over_bars(atr, bars, d->atr, d->n_bars);
    if (rc == BC_OK)
        rc = clone_label_bars(d->n_bars, d->time, d->close, n_events, events, d->labels, d->state,
                              &d->round_trips);
done:
    bc_features_free(f);
    bc_features_free(atr);
    if (rc != BC_OK)
        dataset_free(d);
    return rc < 0 ? rc : BC_OK;
}

/* Row i of the model's inputs with the target's position state. */
static void dataset_row(const struct dataset *d, int32_t i, double *row)
{
    memcpy(row, d->market + (int64_t)i * d->n_market, sizeof *row * (size_t)d->n_market);
    clone_position_features(&d->state[i], d->close[i], d->atr[i], row + d->n_market);
    clone_signed_features(d->state[i].direction, row, d->signed_index, d->n_signed,
                          row + d->n_market + CLONE_POSITION_FEATURES);
}

static int is_reversal(const struct dataset *d, int32_t i)
{
    return (d->labels[i] == CLONE_LABEL_OPEN_LONG && d->state[i].direction < 0) ||
           (d->labels[i] == CLONE_LABEL_OPEN_SHORT && d->state[i].direction > 0);
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
static int32_t load_uncertain(const bc_cloner *c, int32_t n_features, float **x, int32_t **y,
                              int32_t *n_out)
{
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
        if (rc == BC_OK && got != n_features)
            rc = bc_fail(BC_E_SHAPE, "cloner: %s row %d has %d features, the clone takes %d",
                         c->uncertain_file, i + 1, got, n_features);
        if (rc != BC_OK)
            goto done;
        for (int32_t j = 0; j < n_features; j++)
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
    int32_t rc = clone_simulate(p, d->n_market, d->market, d->close, d->atr, start, end,
                                &d->state[start], after, NULL);
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

static int32_t train_model(const bc_cloner *c, const float *x, const int32_t *y, const float *w,
                           int32_t n, int32_t n_features, bc_model **out)
{
    bc_trainer *t = NULL;
    int32_t rc = bc_trainer_create(c->model_kind, &t);
    if (rc != BC_OK)
        return rc;
    if (strcmp(c->model_kind, "mlp") == 0)
        rc = bc_trainer_set(t, "hidden", c->hidden);
    /* The cloner keeps its own time-ordered validation slice, so the
     * trainer gets every training row; a rule bot's policy is (nearly)
     * separable, so L-BFGS runs to a tight tolerance (measured: tol 1e-5
     * left the time-exit test bot at 0.91 held-out F1, 1e-9 reaches 1.0).
     * Options the user set come after and win. */
    if (rc == BC_OK)
        rc = bc_trainer_set(t, "validation_fraction", "0");
    if (rc == BC_OK && strcmp(c->model_kind, "logistic") == 0)
        rc = bc_trainer_set(t, "max_iter", "3000");
    if (rc == BC_OK && strcmp(c->model_kind, "logistic") == 0)
        rc = bc_trainer_set(t, "tol", "1e-9");
    if (rc == BC_OK && strcmp(c->model_kind, "mlp") == 0)
        rc = bc_trainer_set(t, "epochs", "300");
    for (int32_t i = 0; rc == BC_OK && i < c->n_pass; i++)
        rc = bc_trainer_set(t, c->pass_key[i], c->pass_value[i]);
    if (rc == BC_OK)
        rc = bc_trainer_fit(t, x, y, w, n, n_features, CLONE_NUM_CLASSES, out);
    bc_trainer_free(t);
    return rc;
}

int32_t bc_cloner_fit(bc_cloner *c, const bc_trades *trades, const bc_bars *bars, bc_model **out)
{
    if (!c || !trades || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_fit: NULL %s",
                       !c ? "cloner" : !trades ? "trades" : !bars ? "bars" : "out");
    *out = NULL;
    c->has_report = 0;
    struct clone_report *r = &c->report;
    memset(r, 0, sizeof *r);
    struct clone_event *events = NULL;
    int32_t n_events = 0;
    double lots = 0.1;
    int64_t last_event_id = -1;
    int32_t rc = collect_events(trades, c->symbol, r->symbol, &events, &n_events, &lots, &last_event_id);
    if (rc != BC_OK)
        return rc;
    const char *spec = c->features ? c->features : bc_clone_default_features();
    struct dataset d;
    rc = build_dataset(spec, bars, events, n_events, &d);
    int64_t newest_event = n_events ? events[n_events - 1].time : 0;
    free(events);
    if (rc != BC_OK)
        return rc;

    float *x = NULL, *w = NULL, *ux = NULL;
    int32_t *y = NULL, *uy = NULL, *bar_buf = NULL, *dir_buf = NULL, *tbar = NULL, *tdir = NULL;
    double *wd = NULL, *row = NULL, *probs = NULL;
    int8_t *after = NULL;
    int32_t *pred = NULL;
    bc_model *model = NULL;
    bc_predictor *p = NULL;
    int32_t n_unc = 0;

    int32_t first = d.lookback, usable = d.n_bars - d.lookback;
    int32_t n_hold = (int32_t)lround(usable * c->holdout);
    int32_t head = usable - n_hold;
    int32_t n_val = (int32_t)lround(head * c->validation);
    int32_t n_train = head - n_val;
    if (usable < 50 || n_train < 30 || n_val < 10 || n_hold < 10) {
        rc = bc_fail(BC_E_NO_DATA,
                     "cloner: %d bars leave %d after the features' lookback of %d: too few to train "
                     "(%d), validate (%d) and hold out (%d); give more bars",
                     d.n_bars, usable, d.lookback, n_train, n_val, n_hold);
        goto done;
    }
    int32_t val_start = first + n_train, hold_start = first + head;
    r->n_bars = d.n_bars;
    r->lookback = d.lookback;
    r->train_bars = n_train;
    r->validation_bars = n_val;
    r->holdout_bars = n_hold;
    r->n_features = d.n_features;
    r->round_trips = d.round_trips;
    snprintf(r->model_kind, sizeof r->model_kind, "%s", c->model_kind);
    r->holdout_start = d.time[hold_start];
    for (int32_t i = 0; i < d.n_bars; i++)
        r->label_counts[d.labels[i]]++;
    bc_log(BC_LOG_INFO,
           "clone: %s: %d bars, %d events -> %lld opens long, %lld opens short, %lld closes; "
           "%d features; train %d, validation %d, held out %d bars",
           r->symbol, d.n_bars, n_events, (long long)r->label_counts[1], (long long)r->label_counts[2],
           (long long)r->label_counts[3], d.n_features, n_train, n_val, n_hold);

    if (c->uncertain_file) {
        rc = load_uncertain(c, d.n_features, &ux, &uy, &n_unc);
        if (rc != BC_OK)
            goto done;
    }
    /* A reversal (close and open on one bar) is also the bot's entry
     * signal: the bar joins training a second time as seen flat, so a clone
     * started flat enters where the bot would have (an always-in-market bot
     * is otherwise never seen flat). */
    int32_t n_reversals = 0;
    for (int32_t i = first; i < first + n_train; i++)
        n_reversals += is_reversal(&d, i);
    r->reversal_rows = n_reversals;
    int32_t n_rows = n_train + n_reversals + n_unc;
    x = malloc(sizeof *x * (size_t)n_rows * (size_t)d.n_features);
    y = malloc(sizeof *y * (size_t)n_rows);
    w = malloc(sizeof *w * (size_t)n_rows);
    wd = malloc(sizeof *wd * (size_t)d.n_bars);
    row = malloc(sizeof *row * (size_t)d.n_features);
    probs = malloc(sizeof *probs * (size_t)d.n_bars * CLONE_NUM_CLASSES);
    pred = malloc(sizeof *pred * (size_t)d.n_bars);
    after = malloc((size_t)d.n_bars);
    bar_buf = malloc(sizeof *bar_buf * (size_t)d.n_bars);
    dir_buf = malloc(sizeof *dir_buf * (size_t)d.n_bars);
    tbar = malloc(sizeof *tbar * (size_t)d.n_bars);
    tdir = malloc(sizeof *tdir * (size_t)d.n_bars);
    if (!x || !y || !w || !wd || !row || !probs || !pred || !after || !bar_buf || !dir_buf || !tbar ||
        !tdir) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for %d rows", n_rows);
        goto done;
    }

    /* Weights: time decay, replay divergences, then class balance. */
    for (int32_t i = 0; i < d.n_bars; i++) {
        wd[i] = 1.0;
        if (c->half_life_days > 0.0) {
            double age_days = (double)(newest_event - d.time[i]) / 86400.0;
            wd[i] = pow(0.5, (age_days > 0.0 ? age_days : 0.0) / c->half_life_days);
        }
    }
    if (c->replay_file) {
        rc = apply_replay(c, &d, wd);
        if (rc != BC_OK)
            goto done;
    }
    for (int32_t i = 0; i < n_train; i++) {
        dataset_row(&d, first + i, row);
        for (int32_t j = 0; j < d.n_features; j++)
            x[(int64_t)i * d.n_features + j] = (float)row[j];
        y[i] = d.labels[first + i];
        w[i] = (float)wd[first + i];
    }
    for (int32_t i = first, k = n_train; i < first + n_train; i++) {
        if (!is_reversal(&d, i))
            continue;
        struct clone_position held = d.state[i];
        d.state[i] = (struct clone_position){0, 0, NAN};
        dataset_row(&d, i, row);
        d.state[i] = held;
        for (int32_t j = 0; j < d.n_features; j++)
            x[(int64_t)k * d.n_features + j] = (float)row[j];
        y[k] = d.labels[i];
        w[k] = (float)wd[i];
        k++;
    }
    for (int32_t i = 0, k = n_train + n_reversals; i < n_unc; i++, k++) {
        memcpy(x + (int64_t)k * d.n_features, ux + (int64_t)i * d.n_features,
               sizeof *x * (size_t)d.n_features);
        y[k] = uy[i];
        w[k] = (float)c->uncertain_weight;
    }
    if (c->class_balance) {
        double total = 0.0, per_class[CLONE_NUM_CLASSES] = {0};
        int32_t present = 0;
        for (int32_t i = 0; i < n_rows; i++) {
            per_class[y[i]] += w[i];
            total += w[i];
        }
        for (int32_t k = 0; k < CLONE_NUM_CLASSES; k++)
            present += per_class[k] > 0.0;
        for (int32_t i = 0; i < n_rows; i++)
            w[i] = (float)(w[i] * total / (present * per_class[y[i]]));
    }

    bc_log(BC_LOG_INFO, "clone: training %s on %d rows x %d features", c->model_kind, n_rows,
           d.n_features);
    rc = train_model(c, x, y, w, n_rows, d.n_features, &model);
    if (rc != BC_OK)
        goto done;
    rc = bc_model_set_feature_names(model, (const char *const *)d.names);
    if (rc == BC_OK) {
        static const char *const classes[CLONE_NUM_CLASSES] = {"none", "open_long", "open_short",
                                                                "close"};
        rc = bc_model_set_class_names(model, classes);
    }
    if (rc == BC_OK)
        rc = bc_model_set_feature_spec(model, d.spec);
    if (rc == BC_OK)
        rc = bc_model_set_threshold(model, 0.5);
    if (rc == BC_OK)
        rc = bc_predictor_create(model, &p);
    if (rc != BC_OK)
        goto done;

    /* Platt calibration of P(act) on the validation slice (the model's raw
     * probabilities, the target's position state). */
    if (c->calibrate) {
        double *s = malloc(sizeof *s * (size_t)n_val);
        int32_t *t = malloc(sizeof *t * (size_t)n_val);
        if (!s || !t) {
            free(s);
            free(t);
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: no memory for calibration");
            goto done;
        }
        for (int32_t i = 0; i < n_val; i++) {
            dataset_row(&d, val_start + i, row);
            bc_model_forward_row(model, row, probs, p->scratch);
            p->direction = d.state[val_start + i].direction;
            s[i] = clone_allowed_mass(p, probs);
            t[i] = d.labels[val_start + i] != CLONE_LABEL_NONE;
        }
        double coef = 1.0, intercept = 0.0;
        rc = bc_platt_fit(s, t, NULL, n_val, &coef, &intercept);
        free(s);
        free(t);
        if (rc != BC_OK)
            goto done;
        rc = bc_model_set_calibration(model, coef, intercept);
        if (rc != BC_OK)
            goto done;
        r->calibrated = 1;
        r->calibration_coef = coef;
        r->calibration_intercept = intercept;
    }

    /* Thresholds: the global one whose closed-loop run over the validation
     * slice matches the target's entries best (ties: nearest 0.5), then
     * each action's own, one at a time, kept only when it does better (a
     * time exit and an entry signal rarely want the same bar). */
    double best_thr = 0.5, class_thr[CLONE_NUM_CLASSES] = {NAN, NAN, NAN, NAN};
    for (int32_t k = 0; k < CLONE_NUM_CLASSES; k++)
        p->class_threshold[k] = NAN;
    r->validation_fidelity_f1 = -1.0;
    if (isnan(c->threshold)) {
        double best_f1 = -1.0;
        for (int32_t k = 1; k <= 39; k++) {
            double thr = 0.025 * k;
            struct clone_fidelity f;
            p->threshold = thr;
            rc = closed_loop_fidelity(p, &d, val_start, hold_start, &f, after, bar_buf, dir_buf, tbar,
                                      tdir);
            if (rc != BC_OK)
                goto done;
            if (f.f1 > best_f1 + 1e-12 ||
                (fabs(f.f1 - best_f1) <= 1e-12 && fabs(thr - 0.5) < fabs(best_thr - 0.5))) {
                best_f1 = f.f1;
                best_thr = thr;
            }
        }
        p->threshold = best_thr;
        static const int32_t order[3] = {CLONE_LABEL_CLOSE, CLONE_LABEL_OPEN_LONG, CLONE_LABEL_OPEN_SHORT};
        for (int32_t o = 0; o < 3; o++) {
            int32_t cls = order[o];
            for (int32_t k = 1; k <= 39; k++) {
                struct clone_fidelity f;
                p->class_threshold[cls] = 0.025 * k;
                rc = closed_loop_fidelity(p, &d, val_start, hold_start, &f, after, bar_buf, dir_buf,
                                          tbar, tdir);
                if (rc != BC_OK)
                    goto done;
                if (f.f1 > best_f1 + 1e-12) {
                    best_f1 = f.f1;
                    class_thr[cls] = 0.025 * k;
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

    /* Held-out tail: per-bar metrics with the target's position, and the
     * clone's own closed-loop run from the target's position. */
    for (int32_t i = hold_start; i < d.n_bars; i++) {
        dataset_row(&d, i, p->row);
        p->direction = d.state[i].direction;
        int32_t dec = clone_predict_row(p);
        memcpy(probs + (int64_t)(i - hold_start) * CLONE_NUM_CLASSES, p->probs,
               sizeof *probs * CLONE_NUM_CLASSES);
        pred[i - hold_start] = dec == BC_DECISION_BUY    ? CLONE_LABEL_OPEN_LONG
                               : dec == BC_DECISION_SELL  ? CLONE_LABEL_OPEN_SHORT
                               : dec == BC_DECISION_CLOSE ? CLONE_LABEL_CLOSE
                                                          : CLONE_LABEL_NONE;
        /* A reversal decided while long is an open short, as labelled. */
        if (dec == BC_DECISION_SELL && d.state[i].direction < 0)
            pred[i - hold_start] = CLONE_LABEL_NONE;
        if (dec == BC_DECISION_BUY && d.state[i].direction > 0)
            pred[i - hold_start] = CLONE_LABEL_NONE;
    }
    rc = clone_compute_metrics(n_hold, CLONE_NUM_CLASSES, d.labels + hold_start, pred, probs,
                               &r->holdout);
    if (rc == BC_OK)
        rc = closed_loop_fidelity(p, &d, hold_start, d.n_bars, &r->fidelity, after, bar_buf,
                                  dir_buf, tbar, tdir);
    if (rc != BC_OK)
        goto done;
    bc_log(BC_LOG_INFO, "clone: held-out fidelity F1 %.3f (%lld of %lld target entries matched, %lld clone entries)",
           r->fidelity.f1, (long long)r->fidelity.matched, (long long)r->fidelity.target_entries,
           (long long)r->fidelity.clone_entries);

    /* Metadata the model carries: mode and flags, training info, report. */
    rc = clone_record_model_metadata(c->half_life_days, n_rows, last_event_id, r->symbol,
                                     lots, r, model);
    if (rc != BC_OK)
        goto done;
    c->has_report = 1;
    *out = model;
    model = NULL;
done:
    bc_predictor_free(p);
    bc_model_free(model);
    dataset_free(&d);
    free(x);
    free(y);
    free(w);
    free(ux);
    free(uy);
    free(wd);
    free(row);
    free(probs);
    free(pred);
    free(after);
    free(bar_buf);
    free(dir_buf);
    free(tbar);
    free(tdir);
    return rc;
}

int32_t bc_cloner_report_json(const bc_cloner *c, char *buf, int32_t capacity, int32_t *length)
{
    if (!c || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner_report_json: NULL %s", c ? "buf" : "cloner");
    if (!c->has_report)
        return bc_fail(BC_E_STATE, "cloner_report_json: no successful fit yet");
    return clone_report_json(&c->report, buf, capacity, length);
}
