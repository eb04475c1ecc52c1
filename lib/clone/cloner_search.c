/*
 * cloner_search.c - the cloner's use of the signal search (search.c): the
 * candidate grid scored on each symbol's training bars only, and the
 * datasets rebuilt with the signals it found.
 */
#include "clone/clone.h"
#include "clone/cloner.h"
#include "clone/lagfilter.h"
#include "clone/oscfilter.h"
#include "clone/market_meta.h"
#include "clone/predictor.h"
#include "clone/report.h"
#include "clone/run.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An exit "on a signal OR after N bars held": the closes at N bars held
 * hide the signal from the search, which scores each candidate against
 * every close (measured: the heldout20 RWI bot, exit when the other RWI
 * > 1 or after 10 bars: its close long's best F1 0.278, the RWI column
 * marking the 10 signal closes of 50; nothing added). Per direction d
 * (1 long, -1 short), over the scored bars [in.start, in.end): N is the
 * largest n such that every bar held >= n bars acts and at least
 * CLONE_SEARCH_MIN_POSITIVES do (rule_time_stop's cut in cloner_fit.c),
 * every one of them a close (no reversal); when at least
 * CLONE_SEARCH_MIN_POSITIVES closes come before N bars and the time stop
 * alone would not mark the closes with F1 >= CLONE_SEARCH_TIME_STOP_F1 (the
 * search's own time stop, which the plain kinds' cut reads), the bars
 * held >= N become CLONE_LABEL_SKIP for the search: no example for or
 * against a close signal, which it then scores on the closes before N.
 * The fit's labels are untouched: the position columns and the cut hold
 * the N. Returns in how many directions it skipped bars. */
static int32_t skip_time_stop_closes(const struct clone_search_input *in, int32_t n_in,
                                     int32_t **labels)
{
    enum { CAP = 1024 };
    int32_t skipped = 0;
    for (int dir = 1; dir >= -1; dir -= 2) {
        int64_t *holds = calloc(3 * (size_t)(CAP + 1), sizeof *holds);
        if (!holds)
            return skipped;
        int64_t *acts = holds + CAP + 1, *closes = acts + CAP + 1;
        for (int32_t k = 0; k < n_in; k++)
            for (int32_t i = in[k].start; i < in[k].end; i++) {
                const struct clone_position *st = &in[k].state[i];
                if (st->direction != dir || labels[k][i] == CLONE_LABEL_SKIP || st->bars_held < 1)
                    continue;
                int32_t h = st->bars_held > CAP ? CAP : st->bars_held;
                holds[h]++;
                acts[h] += labels[k][i] != CLONE_LABEL_NONE;
                closes[h] += labels[k][i] == CLONE_LABEL_CLOSE;
            }
        int32_t n_cut = 0;
        int64_t tail = 0, all = 0, before = 0;
        for (int32_t n = CAP; n >= 1; n--) {
            if (holds[n] != acts[n] || acts[n] != closes[n])
                break;
            tail += acts[n];
            if (tail >= CLONE_SEARCH_MIN_POSITIVES) {
                n_cut = n;
                break;
            }
        }
        for (int32_t n = 1; n <= CAP; n++) {
            all += acts[n];
            if (n < n_cut)
                before += acts[n];
        }
        free(holds);
        const int64_t at_stop = all - before;
        if (n_cut < 2 || before < CLONE_SEARCH_MIN_POSITIVES ||
            2.0 * (double)at_stop / (double)(at_stop + all) >= CLONE_SEARCH_TIME_STOP_F1)
            continue;
        for (int32_t k = 0; k < n_in; k++)
            for (int32_t i = in[k].start; i < in[k].end; i++)
                if (in[k].state[i].direction == dir && in[k].state[i].bars_held >= n_cut &&
                    labels[k][i] != CLONE_LABEL_SKIP)
                    labels[k][i] = CLONE_LABEL_SKIP;
        skipped++;
        bc_log(BC_LOG_INFO, "clone: search: close %s: a time stop at %d bars held (%lld of %lld "
               "closes) or a signal: the search scores the signal on the closes before it",
               dir > 0 ? "long" : "short", (int)n_cut, (long long)at_stop, (long long)all);
    }
    return skipped;
}

/* An exit by a give-back (trailing) stop: where the choice of the
 * position's atr found one cut on giveback_atr that explains the log's
 * closes and reversals (cut finite: F1 >= CLONER_POSITION_ATR_EXPLAINS,
 * cloner_choose_position_atr), the position column holds the rule and
 * the market columns have nothing to add to it: every held bar at or past
 * the cut becomes CLONE_LABEL_SKIP for the search (no example for or
 * against a close, or a reversal's open), as the time stop's bars above.
 * Measured on heldout28's volatility system (reverse at 3 x atr(7) from
 * the best close): the search otherwise added five market signals for its
 * reversals that the trees split on (F1 0.833; 1.000 without them). The
 * fit's labels are untouched. Returns the bars skipped. */
static int32_t skip_giveback_stop(const struct cloner_dataset *ds, int32_t n_ds, double cut,
                                  int32_t **labels)
{
    int32_t skipped = 0;
    if (!isfinite(cut))
        return 0;
    for (int32_t k = 0; k < n_ds; k++)
        for (int32_t i = 0; i < ds[k].n_bars; i++) {
            const struct clone_position *p = &ds[k].state[i];
            if (p->direction == 0 || p->bars_held < 1 || labels[k][i] == CLONE_LABEL_SKIP ||
                !(ds[k].atr[i] > 0.0) || !isfinite(ds[k].atr[i]) ||
                !(clone_position_giveback(p, ds[k].close[i], ds[k].atr[i]) >= cut))
                continue;
            labels[k][i] = CLONE_LABEL_SKIP;
            skipped++;
        }
    if (skipped > 0)
        bc_log(BC_LOG_INFO, "clone: search: %d held bars at a give-back of %.3g ATRs or more "
               "left out (the position column holds the stop)", (int)skipped, cut);
    return skipped;
}

/* The signal search: scores the candidate grid on each symbol's training
 * bars - never the validation or held-out ones, under the split of any
 * lookback the chosen items could bring - and, when it finds signals the
 * spec lacks, rebuilds every dataset with them appended. */
int32_t cloner_search_features(bc_cloner *c, const bc_trades *trades, char (*symbols)[32],
                               const bc_bars *const *plan_bars, struct cloner_dataset *ds, int32_t n_ds,
                               int32_t per_decision, struct clone_report *r)
{
    struct clone_search *s = NULL;
    struct clone_search_result res;
    char *spec = NULL, *base = NULL;
    struct clone_search_input *in = calloc((size_t)n_ds, sizeof *in);
    int32_t **labels = calloc((size_t)n_ds, sizeof *labels);
    struct clone_position **states = calloc((size_t)n_ds, sizeof *states);
    struct clone_report *exits = calloc(1, sizeof *exits);
    double *exit_buf = malloc(sizeof *exit_buf * CLONER_EXIT_BUF(bc_trades_count(trades)));
    if (!in || !labels || !states || !exits || !exit_buf) {
        free(in);
        free(labels);
        free(states);
        free(exits);
        free(exit_buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
    }
    /* The closes a broker's order made at the log's own sl/tp rule are no
     * decision of the bot's: the search leaves them out (the fit learns the
     * rule again on the rebuilt datasets); where the bot opened again on
     * such a bar, the search sees that bar flat: an open, no close
     * (measured: the ROC breakout bot's re-entries after a stop or target
     * made 10 of its 28 "close" examples, so its 15-bar time stop, its only
     * close of its own, no longer marked them). */
    struct clone_exit_rules exact;
    int32_t rc = cloner_learn_exits(trades, ds, n_ds, exit_buf, exits);
    cloner_exact_exits(exits, &exact);
    for (int32_t k = 0; k < n_ds && rc == BC_OK; k++) {
        const struct cloner_dataset *d = &ds[k];
        const size_t n = (size_t)(d->n_bars > 0 ? d->n_bars : 1);
        if (!(labels[k] = malloc(sizeof *labels[k] * n)) || !(states[k] = malloc(sizeof *states[k] * n))) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
            break;
        }
        double *atr[2];
        if ((rc = cloner_exit_atrs(d, &exact, atr)) != BC_OK)
            break;
        for (int32_t i = 0; i < d->n_bars; i++) {
            labels[k][i] = cloner_broker_exit(d, i, &exact, atr) ? CLONE_LABEL_SKIP : d->labels[i];
            states[k][i] = cloner_broker_reentry(d, i, &exact, atr) ? CLONE_FLAT : d->state[i];
        }
        free(atr[0]);
        free(atr[1]);
    }
    if (rc != BC_OK)
        goto done;
    int32_t shortest = INT32_MAX, first_decision = INT32_MAX;
    int intraday = n_ds > 0;
    for (int32_t k = 0; k < n_ds; k++) {
        if (ds[k].n_bars < shortest)
            shortest = ds[k].n_bars;
        intraday &= clone_bars_intraday(plan_bars[k]);
        for (int32_t i = 0; i < ds[k].n_bars && i < first_decision; i++)
            if (labels[k][i] != CLONE_LABEL_NONE) {
                first_decision = i;
                break;
            }
    }
    rc = clone_search_create(&s, shortest, first_decision, intraday);
    if (rc != BC_OK)
        goto done;
    clone_search_set_refine(s, c->search_refine);
    clone_search_set_reserve(s, c->search_reserve);
    clone_search_set_dwell(s, c->search_dwell);
    clone_search_set_prune(s, c->search_prune);
    for (int32_t k = 0; k < n_ds; k++) {
        const struct cloner_dataset *d = &ds[k];
        int32_t lb_max = clone_search_lookback(s) > d->lookback ? clone_search_lookback(s) : d->lookback;
        int32_t end = d->val_start;
        for (int32_t lb = d->lookback; lb <= lb_max; lb++) {
            struct cloner_dataset split;
            cloner_split_bars(c, d->n_bars, lb, &split);
            if (split.val_start < end)
                end = split.val_start;
        }
        in[k] = (struct clone_search_input){plan_bars[k], labels[k], states[k], d->market,
                                            d->n_market, d->first, end};
    }
    const int32_t signal_or_stop = skip_time_stop_closes(in, n_ds, labels);
    const int32_t giveback_skipped = skip_giveback_stop(ds, n_ds, r->position_atr_cut, labels);
    {
        /* the learned moving average (lagfilter.c) on the same training bars */
        char learned[CLONE_LAGFILTER_MAX_ITEMS][CLONE_LAGFILTER_ITEM_MAX];
        int32_t n_learned = 0;
        rc = clone_lagfilter_items(in, n_ds, clone_search_lookback(s), learned, &n_learned);
        if (rc == BC_OK && n_learned > 0)
            rc = clone_search_add_items(s, (const char(*)[64])learned, n_learned);
        /* the learned oscillator (oscfilter.c): a level item, two grid signals */
        char osc[CLONE_OSCFILTER_MAX_ITEMS][CLONE_OSCFILTER_ITEM_MAX];
        int32_t n_osc = 0;
        if (rc == BC_OK)
            rc = clone_oscfilter_items(in, n_ds, clone_search_lookback(s), osc, &n_osc);
        if (rc == BC_OK && n_osc > 0)
            rc = clone_search_add_levels(s, (const char(*)[64])osc, osc[1][0] ? 2 : 1);
        if (rc == BC_OK && n_osc > 2)
            rc = clone_search_add_items(s, (const char(*)[64])(osc + 2), n_osc - 2);
        if (rc != BC_OK)
            goto done;
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
    r->search_signal_or_stop = signal_or_stop;
    r->search_giveback_skipped = giveback_skipped;
    r->search_n_added = res.n_added;
    memcpy(r->search_added, res.added, sizeof res.added);
    memcpy(r->search_decisions, res.decisions, sizeof res.decisions);
    r->search_n_refined = res.n_refined;
    memcpy(r->search_refined, res.refined, sizeof res.refined);
    r->search_n_reserve = res.n_reserve;
    memcpy(r->search_reserve, res.reserve, sizeof res.reserve);
    r->search_reserve_runs = res.reserve_runs;
    r->search_n_dwell = res.n_dwell;
    memcpy(r->search_dwell, res.dwell, sizeof res.dwell);
    for (int t = 0; t < CLONE_SEARCH_DECISIONS; t++) {
        r->search_examples[t] = res.positives[t];
        r->search_spec_f1[t] = res.spec_f1[t];
        r->search_best_f1[t] = res.best_f1[t];
        r->search_time_stop_bars[t] = res.time_stop_bars[t];
        r->search_time_stop_f1[t] = res.time_stop_f1[t];
        memcpy(r->search_spec_used[t], res.spec_used[t], sizeof res.spec_used[t]);
    }
    if (res.n_added == 0)
        goto done;
    if (!(c->exit_levels = calloc((size_t)res.n_added, sizeof *c->exit_levels))) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "cloner: search: no memory");
        goto done;
    }
    for (int32_t a = 0; a < res.n_added; a++)
        if (clone_search_exit_level(res.added[a], res.decisions[a]))
            memcpy(c->exit_levels[c->n_exit_levels++], res.added[a], sizeof res.added[a]);
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
        cloner_dataset_free(&ds[k]);
    for (int32_t k = 0; k < n_ds && rc == BC_OK; k++)
        rc = cloner_prepare_symbol(c, trades, symbols[k], plan_bars[k], spec, &ds[k]);
    if (rc == BC_E_NO_DATA) {
        /* The added items' longer lookback leaves too few bars: clone
         * with the spec as it was. */
        bc_log(BC_LOG_WARN, "clone: search: %s; keeping the spec without the found signals",
               bc_last_error());
        r->search_n_added = 0;
        rc = BC_OK;
        for (int32_t k = 0; k < n_ds; k++)
            cloner_dataset_free(&ds[k]);
        for (int32_t k = 0; k < n_ds && rc == BC_OK; k++)
            rc = cloner_prepare_symbol(c, trades, symbols[k], plan_bars[k], base, &ds[k]);
    }
done:
    free(base);
    free(spec);
    free(in);
    for (int32_t k = 0; k < n_ds; k++)
        free(labels[k]);
    free(labels);
    for (int32_t k = 0; k < n_ds; k++)
        free(states[k]);
    free(states);
    free(exits);
    free(exit_buf);
    clone_search_free(s);
    return rc;
}
