/*
 * simulate.c - the one closed-loop simulator: a clone deciding bar by bar
 * on its own position. The live predictor (bc_predictor_update), the
 * backtest (bc_clone_run) and the cloner's fidelity runs all step through
 * clone_sim_bar; they differ only in where the bar's market columns come
 * from (the streaming engine, or a batch matrix bit-identical to it).
 */
#include "clone/clone.h"
#include "clone/predictor.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bar joins the open position's excursions, then the position inputs
 * follow the market columns already in p->row. */
static void assemble(bc_predictor *p, double high, double low, double close, double atr)
{
    p->last_atr = atr;
    clone_predictor_swing_push(p, p->bar_count, high, low);
    clone_predictor_exit_atr_feed(p, p->bar_count, high, low, close);
    if (!p->has_position)
        return;
    clone_excursion_step(&p->pos, high, low, close, atr);
    struct clone_position pos = clone_predictor_position(p);
    clone_position_inputs(&pos, high, low, close, atr, p->n_position, &p->levels, p->row,
                          p->signed_index,
                          p->n_signed,
                          p->row + p->n_market);
    if (p->n_day)
        p->row[p->n_market + p->n_position + p->n_signed] = p->day_column;
}

void clone_sim_observe(bc_predictor *p, double high, double low, double close, double atr)
{
    assemble(p, high, low, close, atr);
    p->bar_count++;
}

/* Moves the position as if decision was filled at close (a BUY while long,
 * SELL while short: closed and entered again); atr is the bar's, the new
 * position's entry ATR, high and low its entry bar's. Fills p->last. */
static void apply_decision(bc_predictor *p, int32_t decision, double high, double low,
                           double close, double atr)
{
    struct clone_fill *f = &p->last;
    int32_t held = p->pos.direction;
    int32_t target = decision == BC_DECISION_BUY    ? 1
                     : decision == BC_DECISION_SELL  ? -1
                     : decision == BC_DECISION_CLOSE ? 0
                                                     : held;
    /* A BUY while long (SELL while short) closes and enters again. */
    int reentry = target != 0 && target == held && decision != BC_DECISION_HOLD;
    if (target != held || reentry) {
        if (held != 0) {
            f->exit = CLONE_EXIT_DECISION;
            f->exit_price = close;
        }
        p->pos = CLONE_FLAT;
        p->pos.direction = target;
        p->entry_index = p->bar_count;
        if (target) {
            p->pos.entry_price = close;
            p->pos.entry_atr = atr;
            p->pos.entry_high = high;
            p->pos.entry_low = low;
            clone_predictor_levels(p, p->entry_index, &p->pos);
            f->entered = 1;
            clone_day_entered(&p->day);
        }
    }
    f->direction = (int8_t)p->pos.direction;
    f->entry_price = p->pos.direction ? p->pos.entry_price : NAN;
    f->sl = p->pos.direction ? p->pos.sl : NAN;
    f->tp = p->pos.direction ? p->pos.tp : NAN;
}

void clone_breakeven_step(struct clone_position *pos, double k, double high, double low)
{
    if (!(k > 0.0) || !pos->direction || !isfinite(pos->entry_price) ||
        !(pos->entry_atr > 0.0) || !isfinite(pos->entry_atr))
        return;
    const double e = pos->entry_price, reach = k * pos->entry_atr;
    if (pos->direction > 0 && high >= e + reach && !(pos->sl >= e))
        pos->sl = e;
    else if (pos->direction < 0 && low <= e - reach && !(pos->sl <= e))
        pos->sl = e;
}

/* A position entered on an earlier bar whose level this bar touched
 * closes there, before the model decides at the close (which may then
 * enter again, either way, unless the model has level_wait). */
static void touch_levels(bc_predictor *p, double high, double low)
{
    double price = NAN;
    int32_t exit = p->pos.direction && p->bar_count > p->entry_index
                       ? clone_level_touch(p->pos.direction, p->pos.sl, p->pos.tp, high, low,
                                           &price)
                       : CLONE_EXIT_NONE;
    if (exit == CLONE_EXIT_NONE)
        return;
    p->last.exit = (int8_t)exit;
    p->last.exit_price = price;
    p->pos = CLONE_FLAT;
    p->entry_index = p->bar_count;
}

static const char *decision_name(int32_t d)
{
    static const char *names[4] = {"hold", "buy", "sell", "close"};
    return names[d & 3];
}

static int32_t log_decision(bc_predictor *p, int64_t time, int32_t decision, double close,
                            double atr)
{
    /* An entry's levels under the clone's rules, as distances from the
     * close (NaN for other decisions or without a rule). */
    int32_t dir = decision == BC_DECISION_BUY ? 1 : decision == BC_DECISION_SELL ? -1 : 0;
    bc_decision_row row;
    memset(&row, 0, sizeof row);
    row.struct_size = (uint32_t)sizeof row;
    row.event_id = time;
    row.timestamp = time;
    snprintf(row.model_version, sizeof row.model_version, "%s", p->model_version);
    snprintf(row.action, sizeof row.action, "%s", decision_name(decision));
    row.probability = p->last_p_act;
    row.threshold = p->last_threshold;
    struct clone_position entry = CLONE_FLAT;
    entry.direction = dir;
    entry.entry_price = close;
    entry.entry_atr = atr;
    clone_predictor_levels(p, p->bar_count, &entry); /* as an entry on this bar gets */
    row.sl_dist = fabs(close - entry.sl);
    row.tp_dist = fabs(close - entry.tp);
    row.chosen = decision != BC_DECISION_HOLD;
    row.model_idx = 0;
    row.regime = -1;
    row.executed_model_idx = -1;
    row.risk_weight = NAN;
    row.variance = NAN;
    row.lots_predicted = NAN;
    row.label = NAN;
    int32_t rc = BC_OK;
    if (p->log)
        rc = bc_decision_log_write(p->log, &row, p->row, p->model->n_features);
    if (rc == BC_OK && p->uncertain && fabs(p->last_p_act - p->last_threshold) < p->margin)
        rc = bc_decision_log_write(p->uncertain, &row, p->row, p->model->n_features);
    return rc;
}

int32_t clone_sim_bar(bc_predictor *p, int64_t time, double high, double low, double close,
                      double atr, int32_t *decision)
{
    /* A level this bar touched closed the position inside the bar, before
     * the bot decides at its close: the model sees the position the bot
     * saw then (flat), as a live host whose broker filled the order reports
     * it, and as training sees a broker's re-entry (cloner_broker_reentry).
     * Measured: the heldout10 swing-stop bot re-enters on the bar its stop
     * or target filled; decided on the position still held, the clone
     * missed those entries (held-out F1 0.958). */
    struct clone_fill touched = {0, 0, 0, CLONE_EXIT_NONE, NAN, NAN, NAN, NAN};
    int filled = 0;
    if (p->auto_position && p->trade_levels) {
        p->last = touched;
        touch_levels(p, high, low);
        touched = p->last;
        filled = touched.exit != CLONE_EXIT_NONE;
    } else if (p->host_closed.direction && p->host_closed_at == p->bar_count) {
        /* live: the host's broker filled a level of the position it
         * reported closed before this bar's decision */
        double price = NAN;
        filled = clone_level_touch(p->host_closed.direction, p->host_closed.sl,
                                   p->host_closed.tp, high, low, &price) != CLONE_EXIT_NONE;
    }
    p->host_closed = CLONE_FLAT;
    /* A bar after the entry bar that reached the break-even distance moves
     * the stop to the entry price for the bars after it (the bot's broker
     * order is modified at the bar's end: this bar's touch was decided on
     * the stop it had). */
    if (p->pos.direction && p->bar_count > p->entry_index)
        clone_breakeven_step(&p->pos, p->exits.breakeven, high, low);
    p->day_column = clone_day_bar(&p->day, time);
    assemble(p, high, low, close, atr);
    int32_t d = BC_DECISION_HOLD, decided = p->bar_count >= p->lookback;
    if (decided) {
        d = clone_predict_row(p);
        d = clone_max_hold(p, d);
    } else {
        for (int32_t k = 0; k < p->n_classes; k++)
            p->probs[k] = k == 0 ? 1.0 : 0.0;
        p->last_p_act = 0.0;
    }
    /* A bot that waits after its broker's fill (the model's level_wait)
     * enters on a later bar, not on the bar its level closed. */
    if (filled && p->model->level_wait &&
        (d == BC_DECISION_BUY || d == BC_DECISION_SELL))
        d = BC_DECISION_HOLD;
    /* Bars in the lookback were not decided on: nothing to log or replay. */
    int32_t rc = decided && (p->log || p->uncertain) ? log_decision(p, time, d, close, atr) : BC_OK;
    p->last = (struct clone_fill){d,   (int8_t)p->pos.direction, 0, touched.exit,
                                  touched.exit_price, NAN, NAN, NAN};
    if (p->auto_position)
        apply_decision(p, d, high, low, close, atr);
    p->bar_count++;
    *decision = d;
    return rc;
}

void clone_exit_memo_free(bc_predictor *p)
{
    if (!p->exit_memo)
        return;
    for (int32_t m = 0; m < CLONE_EXIT_MEMOS; m++)
        for (int k = 0; k < 2; k++) {
            bc_features_free(p->exit_memo[m].engine[k]);
            free(p->exit_memo[m].value[k]);
        }
    free(p->exit_memo);
    p->exit_memo = NULL;
    p->exit_memo_next = 0;
    p->exit_memo_on = NULL;
}

/* p's memo of series b's exit ATR values holding bars [0, end): an
 * engine per rule of p's that has one, fed as clone_predictor_exit_atr_feed
 * feeds p's own from bar 0 (so each value is the one a replay from bar 0
 * gives); NULL when there is no memory (the run then replays). */
static const struct clone_exit_memo *exit_memo_for(bc_predictor *p, const struct clone_sim_bars *b,
                                                   int32_t end)
{
    if (!p->exit_memo && !(p->exit_memo = calloc(CLONE_EXIT_MEMOS, sizeof *p->exit_memo)))
        return NULL;
    struct clone_exit_memo *e = NULL;
    for (int32_t m = 0; m < CLONE_EXIT_MEMOS && !e; m++)
        if (p->exit_memo[m].high == b->high && p->exit_memo[m].low == b->low &&
            p->exit_memo[m].close == b->close)
            e = &p->exit_memo[m];
    if (!e) { /* a series not seen: the next slot, emptied */
        e = &p->exit_memo[p->exit_memo_next];
        p->exit_memo_next = (p->exit_memo_next + 1) % CLONE_EXIT_MEMOS;
        for (int k = 0; k < 2; k++) {
            bc_features_free(e->engine[k]);
            free(e->value[k]);
        }
        memset(e, 0, sizeof *e);
        const struct clone_level_rule *rule[2] = {&p->exits.sl, &p->exits.tp};
        for (int k = 0; k < 2; k++) {
            char spec[64];
            if (p->exit_atr[k] && (!clone_exit_unit_spec(rule[k], spec, sizeof spec) ||
                                   bc_features_create(spec, &e->engine[k]) != BC_OK)) {
                for (int q = 0; q < 2; q++) {
                    bc_features_free(e->engine[q]);
                    e->engine[q] = NULL;
                }
                return NULL;
            }
        }
        e->high = b->high;
        e->low = b->low;
        e->close = b->close;
    }
    if (end > e->cap) {
        for (int k = 0; k < 2; k++) {
            if (!e->engine[k])
                continue;
            double *grown = realloc(e->value[k], sizeof *grown * (size_t)end);
            if (!grown)
                return NULL;
            e->value[k] = grown;
        }
        e->cap = end;
    }
    for (int64_t i = e->n; i < end; i++)
        for (int k = 0; k < 2; k++) {
            if (!e->engine[k])
                continue;
            double v = NAN;
            if (bc_features_update(e->engine[k], i * 60, b->close[i], b->high[i], b->low[i],
                                   b->close[i], 0.0, &v, 1) != BC_OK)
                v = NAN;
            e->value[k][i] = v;
        }
    if (end > e->n)
        e->n = end;
    return e;
}

int32_t clone_simulate(bc_predictor *p, const struct clone_sim_bars *b, int32_t start,
                       int32_t end, const struct clone_position *initial, struct clone_fill *out)
{
    if (b->n_market != p->n_market || b->stride < b->n_market)
        return bc_fail(BC_E_SHAPE, "simulate: %d market columns (stride %d) for a model taking %d",
                       b->n_market, b->stride, p->n_market);
    p->bar_count = start;
    p->pos = CLONE_FLAT;
    p->entry_index = start;
    /* the entries the start bar's day had before it (none known: 0) */
    p->day = CLONE_DAY_START;
    if (b->time && start < end) {
        p->day.day = clone_day_of(b->time[start]);
        p->day.entries = b->day ? (int32_t)b->day[start] : 0;
    }
    /* the bars before the start fill the swing window */
    for (int32_t i = start - CLONE_SWING_MAX > 0 ? start - CLONE_SWING_MAX : 0; i < start; i++)
        clone_predictor_swing_push(p, i, b->high[i], b->low[i]);
    /* and an atr(n) exit rule's engine its whole history (when it has one),
     * or the memo of this series its values up to the end: the bar before
     * the start's, as the replay leaves them */
    const struct clone_exit_memo *memo =
        b->exit_memo && (p->exit_atr[0] || p->exit_atr[1]) ? exit_memo_for(p, b, end) : NULL;
    if (memo) {
        for (int k = 0; k < 2; k++)
            if (p->exit_atr[k] && start > 0)
                p->exit_atr_last[k] = memo->value[k][start - 1];
        p->exit_atr_next = start;
        p->exit_memo_on = memo;
    }
    for (int32_t i = !memo && (p->exit_atr[0] || p->exit_atr[1]) ? 0 : start; i < start; i++)
        clone_predictor_exit_atr_feed(p, i, b->high[i], b->low[i], b->close[i]);
    if (initial && initial->direction) {
        p->pos = *initial;
        p->entry_index = start - initial->bars_held;
        if (isnan(p->pos.sl) && isnan(p->pos.tp)) {
            clone_predictor_levels(p, p->entry_index, &p->pos);
            /* a swing stop's bars older than the window: the window at
             * the entry bar gives its levels, then the bars before the
             * start refill it (measured: the heldout10 swing-stop bot's
             * short held 20 bars at the validation start got no stop, and
             * its clone, which leaves exits to the broker, held it to the
             * slice's end) */
            const int64_t entry = p->entry_index;
            if (isnan(p->pos.sl) && isnan(p->pos.tp) && p->exits.sl.unit == CLONE_LEVEL_SWING &&
                entry >= 0 && entry < start) {
                for (int64_t i = entry - CLONE_SWING_MAX + 1; i <= entry; i++)
                    clone_predictor_swing_push(p, i, b->high[i], b->low[i]);
                clone_predictor_levels(p, entry, &p->pos);
                for (int32_t i = start - CLONE_SWING_MAX > 0 ? start - CLONE_SWING_MAX : 0;
                     i < start; i++)
                    clone_predictor_swing_push(p, i, b->high[i], b->low[i]);
            }
        }
    }
    /* a break-even move the bars between the entry and the start made */
    if (p->pos.direction && p->exits.breakeven > 0.0)
        for (int64_t i = p->entry_index + 1 > 0 ? p->entry_index + 1 : 0; i < start; i++)
            clone_breakeven_step(&p->pos, p->exits.breakeven, b->high[i], b->low[i]);
    int32_t saved_auto = p->auto_position, rc = BC_OK;
    p->auto_position = 1;
    p->trade_levels = 1;
    p->memo = b->memo;
    for (int32_t i = start; rc == BC_OK && i < end; i++) {
        memcpy(p->row, b->market + (int64_t)i * b->stride, sizeof *p->row * (size_t)b->n_market);
        int32_t d;
        rc = clone_sim_bar(p, b->time ? b->time[i] : i, b->high[i], b->low[i], b->close[i],
                           b->atr[i], &d);
        if (out)
            out[i - start] = p->last;
    }
    p->auto_position = saved_auto;
    p->trade_levels = 0;
    p->memo = NULL;
    if (memo) { /* the engines were not fed: they start again on their next bar */
        p->exit_memo_on = NULL;
        p->exit_atr_next = -1;
    }
    return rc;
}
