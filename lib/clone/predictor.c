/*
 * predictor.c - a model running live, one bar at a time: the model's own
 * feature engine (streaming, same kernels as training), the position state
 * the clone was trained with, the forward pass, and the decision with its
 * threshold and uncertainty margin. Each bar goes through the one
 * closed-loop simulator (simulate.c). bc_predictor_update never allocates;
 * everything it touches is sized in bc_predictor_create.
 */
#include "clone/clone.h"
#include "clone/predictor.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets the engine's sym_emb(j) values to symbol's recorded embedding. A
 * model without embeddings is left alone; with them, an unknown symbol is
 * an error when strict (the host named it), else silently NaN. */
static int32_t use_symbol_embedding(bc_predictor *p, const char *symbol, int strict)
{
    double v[256];
    int32_t n = 0, recorded = 0;
    clone_model_embedding(p->model, symbol, v, 256, &n, &recorded);
    if (n == 0 && recorded > 0 && strict)
        return bc_fail(BC_E_NOT_FOUND, "predictor: symbol '%s' has no embedding in the model "
                       "(it records %d symbols' embeddings)", symbol, recorded);
    return p->features ? bc_features_set_symbol_embedding(p->features, v, n) : BC_OK;
}

/* The model's inputs are [market | position state | position-signed
 * market columns]; the last two only for clones. Works out which, from the
 * feature names, and where each signed column's market value comes from. */
static int32_t map_model_inputs(bc_predictor *p, const bc_model *m)
{
    int32_t F = m->n_features, base = p->n_market;
    if (F == base)
        return BC_OK;
    if (F < base + CLONE_POSITION_FEATURES_V1)
        goto mismatch;
    for (int32_t j = 0; j < CLONE_POSITION_FEATURES_V1; j++)
        if (strcmp(m->feature_names[base + j], clone_position_feature_names[j]) != 0)
            goto mismatch;
    p->has_position = 1;
    /* Models from before the excursion columns have the first four. */
    p->n_position = CLONE_POSITION_FEATURES;
    for (int32_t j = CLONE_POSITION_FEATURES_V1; j < CLONE_POSITION_FEATURES; j++)
        if (base + j >= F || strcmp(m->feature_names[base + j], clone_position_feature_names[j]) != 0)
            p->n_position = CLONE_POSITION_FEATURES_V1;
    /* A clone with the extended set (position_columns=extended) has all. */
    int ext = p->n_position == CLONE_POSITION_FEATURES;
    for (int32_t j = CLONE_POSITION_FEATURES; ext && j < CLONE_POSITION_FEATURES_EXT; j++)
        ext = base + j < F && strcmp(m->feature_names[base + j], clone_position_feature_names[j]) == 0;
    if (ext)
        p->n_position = CLONE_POSITION_FEATURES_EXT;
    /* Clones since the give-back column existed have it after the six or
     * the sixteen (layouts 7, 17); older ones load as they were. */
    if (p->n_position != CLONE_POSITION_FEATURES_V1 && base + p->n_position < F &&
        strcmp(m->feature_names[base + p->n_position], CLONE_POSITION_GIVEBACK_NAME) == 0) {
        p->n_position++;
        /* and since the entry-bar columns existed, those after it (layouts
         * 9, 19); clones from before load in 7 or 17 */
        int eb = 1;
        for (int32_t j = 0; eb && j < CLONE_POSITION_ENTRY_BAR; j++)
            eb = base + p->n_position + j < F &&
                 strcmp(m->feature_names[base + p->n_position + j],
                        clone_position_entry_bar_names[j]) == 0;
        if (eb)
            p->n_position += CLONE_POSITION_ENTRY_BAR;
    }
    /* The level block may follow any of them (dense kinds: the four). */
    int levels = 1;
    for (int32_t j = 0; levels && j < CLONE_POSITION_LEVELS; j++)
        levels = base + p->n_position + j < F &&
                 strcmp(m->feature_names[base + p->n_position + j], clone_position_level_names[j]) == 0;
    if (levels)
        p->n_position += CLONE_POSITION_LEVELS;
    p->n_signed = F - base - p->n_position;
    /* the day count (position_day clones) is the last input */
    if (p->n_signed > 0 && strcmp(m->feature_names[F - 1], CLONE_DAY_NAME) == 0) {
        p->n_day = 1;
        p->n_signed--;
    }
    p->signed_index = calloc((size_t)p->n_signed + 1, sizeof *p->signed_index);
    if (!p->signed_index)
        return bc_fail(BC_E_OUT_OF_MEMORY, "predictor: no memory");
    size_t prefix = strlen(CLONE_SIGNED_PREFIX);
    for (int32_t k = 0; k < p->n_signed; k++) {
        const char *name = m->feature_names[base + p->n_position + k];
        p->signed_index[k] = -1;
        if (strncmp(name, CLONE_SIGNED_PREFIX, prefix) != 0)
            goto mismatch;
        for (int32_t j = 0; j < base && p->signed_index[k] < 0; j++)
            if (strcmp(name + prefix, m->feature_names[j]) == 0)
                p->signed_index[k] = j;
        if (p->signed_index[k] < 0)
            return bc_fail(BC_E_SHAPE, "predictor: model input '%s' names no market feature", name);
    }
    return BC_OK;
mismatch:
    return bc_fail(BC_E_SHAPE,
                   "predictor: the model takes %d inputs, its feature spec gives %d and the rest "
                   "are not the clone's position state (%s, ...)",
                   F, base, clone_position_feature_names[0]);
}

void clone_position_atr_spec(int32_t period, char *spec, size_t size)
{
    snprintf(spec, size, "atr(%d)", (int)(period > 0 ? period : CLONE_POSITION_ATR_DEFAULT));
}

int32_t bc_predictor_create(const bc_model *model, bc_predictor **out)
{
    if (!model || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor: NULL %s", model ? "out" : "model");
    *out = NULL;
    int32_t rows_rc = bc_model_rows_supported(model, "bc_predictor_create");
    if (rows_rc != BC_OK)
        return rows_rc;
    bc_predictor *p = calloc(1, sizeof *p);
    if (!p)
        return bc_fail(BC_E_OUT_OF_MEMORY, "predictor: no memory");
    p->model = model;
    p->n_classes = model->n_classes;
    p->threshold = model->threshold;
    for (int32_t k = 0; k < CLONE_NUM_CLASSES; k++)
        p->class_threshold[k] = model->class_thresholds && k < model->n_classes
                                    ? model->class_thresholds[k]
                                    : NAN;
    p->last_threshold = p->threshold;
    p->margin = CLONE_DEFAULT_UNCERTAINTY_MARGIN;
    p->auto_position = 1;
    p->last_p_act = NAN;
    p->last_time = INT64_MIN;
    p->pos = CLONE_FLAT;
    p->last_atr = NAN;
    p->exit_atr_next = -1;
    for (int32_t i = 0; i < CLONE_SWING_MAX; i++)
        p->swing_high[i] = p->swing_low[i] = NAN;
    p->swing_last = -1;
    p->day = CLONE_DAY_START;
    int32_t rc = BC_OK;
    const char *spec = model->feature_spec ? model->feature_spec : "";
    if (*spec) {
        rc = bc_features_create(spec, &p->features);
        if (rc != BC_OK) {
            bc_fail_context(rc, "predictor: model feature spec: ");
            goto fail;
        }
        p->n_market = bc_features_count(p->features);
        p->lookback = bc_features_lookback(p->features);
    }
    rc = map_model_inputs(p, model);
    if (rc != BC_OK)
        goto fail;
    struct clone_exit_rules exits;
    if ((rc = clone_model_exits(model, &exits)) != BC_OK ||
        (rc = clone_predictor_set_exits(p, &exits)) != BC_OK ||
        (rc = clone_model_levels(model, &p->levels)) != BC_OK)
        goto fail;
    int32_t period = CLONE_POSITION_ATR_DEFAULT;
    if ((rc = clone_model_position_atr(model, &period)) != BC_OK)
        goto fail;
    clone_position_atr_spec(period, p->atr_spec, sizeof p->atr_spec);
    if (p->has_position) {
        /* One engine for the market columns and the ATR behind upnl_atr
         * (its last column): one update per bar. The ATR column is the same
         * kernel on the same bars as the cloner's separate ATR, so the same
         * numbers. */
        size_t len = strlen(spec) + strlen(p->atr_spec) + 2;
        char *both = malloc(len);
        if (!both) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "predictor: no memory");
            goto fail;
        }
        snprintf(both, len, "%s%s%s", spec, *spec ? "," : "", p->atr_spec);
        bc_features_free(p->features);
        p->features = NULL;
        rc = bc_features_create(both, &p->features);
        free(both);
        if (rc != BC_OK)
            goto fail;
        if (bc_features_count(p->features) != p->n_market + 1) {
            rc = bc_fail(BC_E_INTERNAL, "predictor: spec plus %s gives %d columns, expected %d",
                         p->atr_spec, bc_features_count(p->features), p->n_market + 1);
            goto fail;
        }
        p->lookback = bc_features_lookback(p->features);
    }
    if (p->features) {
        /* A model trained with a symbol graph: its first symbol's vector
         * until bc_predictor_set(p, "symbol", ...) names another. */
        char first[64];
        double lots;
        bc_model_trade_identity(model, first, sizeof first, &lots);
        rc = use_symbol_embedding(p, first, 0);
        if (rc != BC_OK)
            goto fail;
    }
    p->row = calloc((size_t)model->n_features + 1, sizeof *p->row);
    p->probs = calloc((size_t)p->n_classes, sizeof *p->probs);
    p->scratch = calloc((size_t)bc_model_scratch_doubles(model) + 1, sizeof *p->scratch);
    if (!p->row || !p->probs || !p->scratch) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "predictor: no memory for %d features", model->n_features);
        goto fail;
    }
    *out = p;
    return BC_OK;
fail:
    bc_predictor_free(p);
    return rc;
}

int32_t bc_predictor_set_symbol_embedding(bc_predictor *p, const double *values, int32_t n)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_predictor_set_symbol_embedding: p is NULL");
    if (!p->features)
        return n == 0 ? BC_OK
                      : bc_fail(BC_E_STATE, "bc_predictor_set_symbol_embedding: the model "
                                "computes no features");
    return bc_features_set_symbol_embedding(p->features, values, n);
}

void bc_predictor_free(bc_predictor *p)
{
    if (!p)
        return;
    bc_features_free(p->features);
    bc_features_free(p->exit_atr[0]);
    bc_features_free(p->exit_atr[1]);
    clone_exit_memo_free(p);
    bc_decision_log_close(p->log);
    bc_decision_log_close(p->uncertain);
    free(p->signed_index);
    free(p->row);
    free(p->probs);
    free(p->scratch);
    free(p);
}

static int32_t parse_double(const char *key, const char *value, double lo, double hi, double *out)
{
    char *end = NULL;
    double v = value ? strtod(value, &end) : NAN;
    if (!value || end == value || *end != '\0' || !(v >= lo && v <= hi))
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor: %s '%s' is not a number in [%g, %g]",
                       key, value ? value : "(null)", lo, hi);
    *out = v;
    return BC_OK;
}

static int32_t open_log(bc_decision_log **slot, const char *path, int32_t uncertain)
{
    bc_decision_log_close(*slot);
    *slot = NULL;
    if (!path || !*path)
        return BC_OK;
    return bc_decision_log_open(path, uncertain, slot);
}

int32_t bc_predictor_set(bc_predictor *p, const char *key, const char *value)
{
    if (!p || !key || !value)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_set: NULL %s",
                       !p ? "predictor" : !key ? "key" : "value");
    if (strcmp(key, "threshold") == 0) {
        int32_t rc = parse_double(key, value, 0.0, 1.0, &p->threshold);
        for (int32_t k = 0; rc == BC_OK && k < CLONE_NUM_CLASSES; k++)
            p->class_threshold[k] = NAN; /* one bar for every action from now on */
        return rc;
    }
    if (strcmp(key, "uncertainty_margin") == 0)
        return parse_double(key, value, 0.0, 0.5, &p->margin);
    if (strcmp(key, "auto_position") == 0) {
        if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT, "predictor: auto_position '%s' must be 0 or 1", value);
        p->auto_position = value[0] == '1';
        return BC_OK;
    }
    if (strcmp(key, "decision_log") == 0)
        return open_log(&p->log, value, 0);
    if (strcmp(key, "uncertain_log") == 0)
        return open_log(&p->uncertain, value, 1);
    if (strcmp(key, "model_version") == 0) {
        if (strlen(value) >= sizeof p->model_version)
            return bc_fail(BC_E_INVALID_ARGUMENT, "predictor: model_version '%s' is longer than %d bytes",
                           value, (int)sizeof p->model_version - 1);
        strcpy(p->model_version, value);
        return BC_OK;
    }
    if (strcmp(key, "symbol") == 0) {
        if (strlen(value) >= sizeof p->symbol)
            return bc_fail(BC_E_INVALID_ARGUMENT, "predictor: symbol '%s' is longer than %d bytes",
                           value, (int)sizeof p->symbol - 1);
        int32_t rc = use_symbol_embedding(p, value, 1);
        if (rc != BC_OK)
            return rc;
        strcpy(p->symbol, value);
        return BC_OK;
    }
    return bc_fail(BC_E_UNKNOWN_KEY,
                   "predictor: unknown key '%s' (threshold, uncertainty_margin, auto_position, "
                   "decision_log, uncertain_log, model_version, symbol)", key);
}

/* The break-even move (the model's breakeven_atr) of a position reported
 * by bc_predictor_set_position, after its entry levels were placed again:
 * the position the predictor held already (the same direction, entry price
 * and entry bar: a host reporting it again mid-trade) keeps the move its
 * updates made, and one the predictor did not hold (a host restarted
 * mid-trade that fed the bars since the entry with bc_predictor_observe)
 * makes it where one of the bars after the entry bar and fed since, that
 * the window of the last CLONE_SWING_MAX bars still holds, reached it (as
 * the updates of those bars would have, with the entry ATR taken here). */
static void set_position_breakeven(bc_predictor *p, const struct clone_position *held,
                                   int64_t held_entry)
{
    struct clone_position *pos = &p->pos;
    const double k = p->exits.breakeven;
    if (!(k > 0.0) || !pos->direction)
        return;
    if (held->direction == pos->direction && held->entry_price == pos->entry_price &&
        held_entry == p->entry_index) {
        const double e = held->entry_price;
        if (pos->direction > 0 ? held->sl >= e : held->sl <= e) /* the move made */
            pos->sl = e;
        return;
    }
    /* from the bar after the entry (an entry before the first bar fed:
     * bars_held > the bars fed) and the window's oldest, to its newest */
    int64_t from = p->entry_index < 0 ? 0 : p->entry_index + 1;
    if (from < p->swing_last - CLONE_SWING_MAX + 1)
        from = p->swing_last - CLONE_SWING_MAX + 1;
    const int64_t to = p->swing_last < p->bar_count - 1 ? p->swing_last : p->bar_count - 1;
    for (int64_t i = from; i <= to; i++)
        clone_breakeven_step(pos, k, p->swing_high[i % CLONE_SWING_MAX],
                             p->swing_low[i % CLONE_SWING_MAX]);
}

int32_t bc_predictor_set_position(bc_predictor *p, int32_t direction, int32_t bars_held,
                                  double entry_price)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "set_position: NULL predictor");
    if (direction < -1 || direction > 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "set_position: direction %d is not -1, 0 or 1", direction);
    if (direction != 0 && (bars_held < 0 || !(entry_price > 0.0) || !isfinite(entry_price)))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "set_position: bars_held %d must be >= 0 and entry_price %g finite and > 0",
                       bars_held, entry_price);
    /* a flat report of a position the last decision kept (held it, or
     * entered it): the broker closed it, not the bot */
    const int32_t d = p->last.decision;
    p->host_closed = CLONE_FLAT;
    if (direction == 0 && p->pos.direction != 0 && d != BC_DECISION_CLOSE &&
        !(d == BC_DECISION_BUY && p->pos.direction < 0) &&
        !(d == BC_DECISION_SELL && p->pos.direction > 0)) {
        p->host_closed = p->pos;
        p->host_closed_at = p->bar_count;
    }
    const struct clone_position held = p->pos;
    const int64_t held_entry = p->entry_index;
    p->pos = CLONE_FLAT;
    p->pos.direction = direction;
    p->entry_index = p->bar_count - (direction ? bars_held : 0);
    if (direction) {
        p->pos.entry_price = entry_price;
        /* The last bar's ATR stands for the entry's (exact for a fill on
         * the bar just decided; the next bar's when none was fed yet); the
         * excursions count from here. */
        p->pos.entry_atr = p->last_atr;
        /* and the last bar's high and low the entry bar's (the next bar's
         * when none was fed yet: clone_excursion_step) */
        if (p->swing_last >= 0) {
            p->pos.entry_high = p->swing_high[p->swing_last % CLONE_SWING_MAX];
            p->pos.entry_low = p->swing_low[p->swing_last % CLONE_SWING_MAX];
        }
        clone_predictor_levels(p, p->entry_index, &p->pos);
        set_position_breakeven(p, &held, held_entry);
        /* a position entered since the last report: one more entry on
         * the day count's day (the last bar decided) */
        if (held.direction != direction || held_entry != p->entry_index)
            clone_day_entered(&p->day);
    }
    return BC_OK;
}

int32_t bc_predictor_position(const bc_predictor *p, int32_t *direction, int32_t *bars_held,
                              double *entry_price)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "position: NULL predictor");
    struct clone_position pos = clone_predictor_position(p);
    if (direction)
        *direction = pos.direction;
    if (bars_held)
        *bars_held = pos.bars_held;
    if (entry_price)
        *entry_price = pos.direction ? pos.entry_price : NAN;
    return BC_OK;
}

int32_t bc_predictor_levels(const bc_predictor *p, double *sl, double *tp, int32_t *rules)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_levels: NULL predictor");
    /* the levels placed at the entry (apply_decision, set_position, a
     * run's initial position): the broker's orders of bc_clone_run */
    if (sl)
        *sl = p->pos.direction ? p->pos.sl : NAN;
    if (tp)
        *tp = p->pos.direction ? p->pos.tp : NAN;
    if (rules)
        *rules = (p->exits.sl.unit != CLONE_LEVEL_NONE ? 1 : 0) |
                 (p->exits.tp.unit != CLONE_LEVEL_NONE ? 2 : 0);
    return BC_OK;
}

int32_t bc_predictor_last(const bc_predictor *p, double *p_act, double *threshold)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_last: NULL predictor");
    if (p_act)
        *p_act = p->last_p_act;
    if (threshold)
        *threshold = p->last_threshold;
    return BC_OK;
}

int32_t bc_predictor_reset(bc_predictor *p)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_reset: NULL predictor");
    if (p->features)
        bc_features_reset(p->features);
    p->bar_count = 0;
    p->last_time = INT64_MIN;
    p->pos = CLONE_FLAT;
    p->host_closed = CLONE_FLAT;
    p->entry_index = 0;
    p->last_atr = NAN;
    p->exit_atr_next = -1;
    for (int32_t i = 0; i < CLONE_SWING_MAX; i++)
        p->swing_high[i] = p->swing_low[i] = NAN;
    p->swing_last = -1;
    p->last_p_act = NAN;
    p->day = CLONE_DAY_START;
    return BC_OK;
}

int32_t clone_predictor_set_exits(bc_predictor *p, const struct clone_exit_rules *exits)
{
    memset(&p->exits, 0, sizeof p->exits);
    clone_exit_memo_free(p); /* memos of the former rules' engines */
    if (exits)
        p->exits = *exits;
    const struct clone_level_rule *rule[2] = {&p->exits.sl, &p->exits.tp};
    for (int k = 0; k < 2; k++) {
        bc_features_free(p->exit_atr[k]);
        p->exit_atr[k] = NULL;
        p->exit_atr_last[k] = NAN;
        char spec[64];
        int own = clone_exit_unit_spec(rule[k], spec, sizeof spec);
        int32_t rc = own ? bc_features_create(spec, &p->exit_atr[k]) : BC_OK;
        if (rc != BC_OK) {
            memset(&p->exits, 0, sizeof p->exits);
            return bc_fail_context(rc, "predictor: exit rule's %s: ", spec);
        }
    }
    p->exit_atr_next = 0;
    return BC_OK;
}

void clone_predictor_exit_atr_feed(bc_predictor *p, int64_t index, double high, double low,
                                   double close)
{
    if (p->exit_memo_on) { /* a simulation of a memoized series (simulate.c) */
        for (int k = 0; k < 2; k++)
            if (p->exit_atr[k])
                p->exit_atr_last[k] = p->exit_memo_on->value[k][index];
        p->exit_atr_next = index + 1;
        return;
    }
    for (int k = 0; k < 2; k++) {
        if (!p->exit_atr[k])
            continue;
        if (index != p->exit_atr_next)
            bc_features_reset(p->exit_atr[k]);
        double v = NAN;
        /* the units read high, low and close; the time only orders the bars */
        if (bc_features_update(p->exit_atr[k], index * 60, close, high, low, close, 0.0, &v, 1) !=
            BC_OK)
            v = NAN;
        p->exit_atr_last[k] = v;
    }
    p->exit_atr_next = index + 1;
}

void clone_predictor_swing_push(bc_predictor *p, int64_t index, double high, double low)
{
    if (index < 0)
        return;
    /* a jump (a simulation's start) leaves no older bar in the window */
    if (index != p->swing_last + 1)
        for (int32_t i = 0; i < CLONE_SWING_MAX; i++)
            p->swing_high[i] = p->swing_low[i] = NAN;
    p->swing_high[index % CLONE_SWING_MAX] = high;
    p->swing_low[index % CLONE_SWING_MAX] = low;
    p->swing_last = index;
}

/* The lowest low and highest high of the n bars through bar last (NaN when
 * one of them is not in the window: before the first bar, older than the
 * window, or not recorded yet). */
static void swing_extremes(const bc_predictor *p, int64_t last, int32_t n, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (n < 1 || n > CLONE_SWING_MAX || last > p->swing_last || last - n + 1 < 0 ||
        last - n + 1 <= p->swing_last - CLONE_SWING_MAX)
        return;
    double high[CLONE_SWING_MAX], low[CLONE_SWING_MAX]; /* the window, oldest first */
    for (int32_t k = 0; k < n; k++) {
        high[k] = p->swing_high[(last - n + 1 + k) % CLONE_SWING_MAX];
        low[k] = p->swing_low[(last - n + 1 + k) % CLONE_SWING_MAX];
    }
    clone_swing_extremes(high, low, n - 1, n, lo, hi);
}

void clone_predictor_levels(const bc_predictor *p, int64_t entry_index, struct clone_position *pos)
{
    double lo = NAN, hi = NAN;
    if (p->exits.sl.unit == CLONE_LEVEL_SWING) {
        /* the entry bar, or the last bar recorded when the entry is not
         * (a host's position set between bars) */
        int64_t last = entry_index < p->swing_last ? entry_index : p->swing_last;
        swing_extremes(p, last, p->exits.sl.n, &lo, &hi);
    }
    /* an atr(n) rule's unit: its engine on the last bar fed (the entry
     * bar, or standing for it as the last bar's atr(14) does) */
    double atr[2];
    for (int k = 0; k < 2; k++)
        atr[k] = p->exit_atr[k] ? p->exit_atr_last[k] : pos->entry_atr;
    clone_entry_levels(&p->exits, pos->direction, pos->entry_price, atr, lo, hi, &pos->sl,
                       &pos->tp);
}

struct clone_position clone_predictor_position(const bc_predictor *p)
{
    struct clone_position pos = p->pos;
    pos.bars_held = pos.direction ? (int32_t)(p->bar_count - p->entry_index) : 0;
    return pos;
}

/* Brings the market features and the ATR up to this bar in p->row (the
 * position inputs follow in the simulator); *atr gets the bar's atr(14)
 * (NaN for a model without position state). */
static int32_t feed_bar(bc_predictor *p, int64_t time, double open, double high, double low,
                        double close, double volume, double *atr)
{
    if (time <= p->last_time)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "predictor: bar time %lld is not after the previous bar's %lld",
                       (long long)time, (long long)p->last_time);
    if (p->features) {
        /* row has room for the extra ATR column: n_features >= n_market + 4;
         * the position columns overwrite it. */
        int32_t rc = bc_features_update(p->features, time, open, high, low, close, volume, p->row,
                                        p->n_market + p->has_position);
        if (rc < 0)
            return rc;
    }
    *atr = p->has_position ? p->row[p->n_market] : NAN;
    p->last_time = time;
    return BC_OK;
}

int32_t bc_predictor_observe(bc_predictor *p, int64_t time, double open, double high,
                             double low, double close, double volume)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_observe: NULL predictor");
    double atr = NAN;
    int32_t rc = feed_bar(p, time, open, high, low, close, volume, &atr);
    if (rc == BC_OK)
        clone_sim_observe(p, high, low, close, atr);
    return rc;
}

/* Actions open to the position: flat may open either way; a position may
 * close, reverse (unless the model's bot never did in training), or - when
 * the model's bot did it in training - close and enter again the same way
 * (a re-entry). A model without position state may take any action. The
 * exporters' tables come from here (clone_allowed_set). */
const int32_t *clone_allowed_set(const bc_model *m, int32_t has_position, int32_t direction)
{
    static const int32_t allowed[2][2][3][4] = {
        {
            {
                {BC_LABEL_OPEN_LONG, BC_LABEL_CLOSE, -1, -1},      /* short */
                {BC_LABEL_OPEN_LONG, BC_LABEL_OPEN_SHORT, -1, -1}, /* flat */
                {BC_LABEL_OPEN_SHORT, BC_LABEL_CLOSE, -1, -1},     /* long */
            },
            {
                /* a model whose bot re-entered: the same way again too */
                {BC_LABEL_OPEN_LONG, BC_LABEL_CLOSE, BC_LABEL_OPEN_SHORT, -1},
                {BC_LABEL_OPEN_LONG, BC_LABEL_OPEN_SHORT, -1, -1},
                {BC_LABEL_OPEN_SHORT, BC_LABEL_CLOSE, BC_LABEL_OPEN_LONG, -1},
            },
        },
        {
            /* a model whose bot never reversed on one bar */
            {
                {BC_LABEL_CLOSE, -1, -1, -1},
                {BC_LABEL_OPEN_LONG, BC_LABEL_OPEN_SHORT, -1, -1},
                {BC_LABEL_CLOSE, -1, -1, -1},
            },
            {
                {BC_LABEL_CLOSE, BC_LABEL_OPEN_SHORT, -1, -1},
                {BC_LABEL_OPEN_LONG, BC_LABEL_OPEN_SHORT, -1, -1},
                {BC_LABEL_CLOSE, BC_LABEL_OPEN_LONG, -1, -1},
            },
        },
    };
    static const int32_t any[4] = {BC_LABEL_OPEN_LONG, BC_LABEL_OPEN_SHORT, BC_LABEL_CLOSE, -1};
    if (!has_position)
        return any;
    return allowed[m->no_reversal != 0][m->allow_reentry != 0][direction + 1];
}

static const int32_t *allowed_actions(const bc_predictor *p)
{
    return clone_allowed_set(p->model, p->has_position, p->pos.direction);
}

double clone_allowed_mass(const bc_predictor *p, const double *raw)
{
    const int32_t *set = allowed_actions(p);
    double s = 0.0;
    for (int32_t i = 0; set[i] >= 0; i++)
        if (set[i] < p->n_classes)
            s += raw[set[i]];
    return s;
}

/* The model's raw probabilities for p->row into p->probs: from the memo
 * when it holds this bar with the same inputs, else the forward pass
 * (kept in the memo when there is one). */
static void forward_row(bc_predictor *p)
{
    struct clone_row_memo *m = p->memo;
    int64_t i = p->bar_count;
    if (!m || i < 0 || i >= m->n_bars || m->n_features != p->model->n_features ||
        m->n_classes != p->n_classes) {
        bc_model_forward_row_fast(p->model, p->row, p->probs, p->scratch);
        return;
    }
    size_t nf = (size_t)m->n_features, nc = (size_t)m->n_classes;
    double *kept = m->rows + (size_t)i * nf, *probs = m->probs + (size_t)i * nc;
    if (m->filled[i] && memcmp(kept, p->row, nf * sizeof *kept) == 0) {
        memcpy(p->probs, probs, nc * sizeof *probs);
        return;
    }
    bc_model_forward_row_fast(p->model, p->row, p->probs, p->scratch);
    memcpy(kept, p->row, nf * sizeof *kept);
    memcpy(probs, p->probs, nc * sizeof *probs);
    m->filled[i] = 1;
}

int32_t clone_predict_row(bc_predictor *p)
{
    forward_row(p);
    /* P(act) counts only the actions the position allows (an open long
     * while long means nothing), then goes through the model's Platt
     * calibration, which was fitted on the same quantity. */
    double none_or_invalid = 1.0 - clone_allowed_mass(p, p->probs);
    p->last_p_act = bc_model_act_probability(p->model, &none_or_invalid);
    const int32_t *set = allowed_actions(p);
    int32_t best = -1;
    for (int32_t i = 0; set[i] >= 0; i++)
        if (set[i] < p->n_classes && (best < 0 || p->probs[set[i]] > p->probs[best]))
            best = set[i];
    /* The likeliest allowed action is taken when P(act) clears its bar:
     * the class's own threshold when the model has one, else the global. */
    p->last_threshold = p->threshold;
    if (best >= 0 && best < CLONE_NUM_CLASSES && isfinite(p->class_threshold[best]))
        p->last_threshold = p->class_threshold[best];
    double p_act = p->last_p_act;
    if (p->act_logit_shift != 0.0 && p_act > 0.0 && p_act < 1.0)
        p_act = 1.0 / (1.0 + exp(-(log(p_act / (1.0 - p_act)) + p->act_logit_shift)));
    if (best < 0 || !(p_act >= p->last_threshold))
        return BC_DECISION_HOLD;
    return best == BC_LABEL_OPEN_LONG ? BC_DECISION_BUY
           : best == BC_LABEL_OPEN_SHORT ? BC_DECISION_SELL
                                          : BC_DECISION_CLOSE;
}

int32_t clone_max_hold(const bc_predictor *p, int32_t d)
{
    if (d != BC_DECISION_HOLD || p->model->max_hold <= 0 || !p->pos.direction)
        return d;
    return p->bar_count - p->entry_index > (int64_t)p->model->max_hold ? BC_DECISION_CLOSE : d;
}

int32_t clone_predict_at(bc_predictor *p, const double *row, int32_t direction, double *raw,
                         double *mass)
{
    memcpy(p->row, row, sizeof *row * (size_t)p->model->n_features);
    int32_t held = p->pos.direction;
    p->pos.direction = direction;
    int32_t d = clone_predict_row(p);
    if (raw)
        memcpy(raw, p->probs, sizeof *raw * (size_t)p->n_classes);
    if (mass)
        *mass = clone_allowed_mass(p, p->probs);
    p->pos.direction = held;
    return d;
}

void clone_predictor_set_thresholds(bc_predictor *p, double threshold, const double *class_thr)
{
    p->threshold = threshold;
    for (int32_t k = 0; class_thr && k < CLONE_NUM_CLASSES; k++)
        p->class_threshold[k] = class_thr[k];
}

int32_t clone_predict_logged_row(bc_predictor *p, const double *x, int32_t n)
{
    if (n != p->model->n_features)
        return bc_fail(BC_E_SHAPE, "predictor: %d logged features, the model takes %d", n,
                       p->model->n_features);
    /* The logged row carries the position it was decided in. */
    int32_t direction = 0;
    if (p->has_position)
        direction = x[p->n_market] > 0.5 ? 1 : x[p->n_market + 1] > 0.5 ? -1 : 0;
    return clone_predict_at(p, x, direction, NULL, NULL);
}

int32_t bc_predictor_update(bc_predictor *p, int64_t time, double open, double high, double low,
                            double close, double volume, double *probs, int32_t capacity,
                            int32_t *decision)
{
    if (!p || !decision)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_update: NULL %s", p ? "decision" : "predictor");
    if (capacity > 0 && !probs)
        return bc_fail(BC_E_INVALID_ARGUMENT, "predictor_update: NULL probs with capacity %d", capacity);
    if (probs && capacity < p->n_classes)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "predictor_update: probs capacity %d < %d classes",
                       capacity, p->n_classes);
    *decision = BC_DECISION_HOLD;
    double atr = NAN;
    int32_t rc = feed_bar(p, time, open, high, low, close, volume, &atr);
    if (rc != BC_OK)
        return rc;
    rc = clone_sim_bar(p, time, high, low, close, atr, decision);
    if (probs)
        memcpy(probs, p->probs, sizeof *probs * (size_t)p->n_classes);
    return rc;
}
