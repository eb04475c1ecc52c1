/*
 * replay.c - decision replay (DESIGN.md §5): past decisions, with the
 * features they were made on, go through a new model; where the new model
 * would decide otherwise ((old >= thr) != (new >= thr)) a divergence is
 * written, to weigh that bar more when the clone is trained again.
 */
#include "clone/clone.h"
#include "core/internal.h"
#include "clone/predictor.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Profit of the trade a decision led to: the CLOSE it made, or the
 * eventual CLOSE of the ticket it opened (0 when nothing matches). */
static double decision_profit(const bc_trades *trades, int64_t decision_id)
{
    if (!trades)
        return 0.0;
    int32_t n = bc_trades_count(trades);
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        if (bc_trades_get(trades, i, &e) != BC_OK || e.decision_id != decision_id)
            continue;
        if (e.action == BC_ACTION_CLOSE)
            return isfinite(e.profit) ? e.profit : 0.0;
        if (e.action != BC_ACTION_OPEN)
            continue;
        for (int32_t j = i + 1; j < n; j++) {
            bc_trade_event c;
            c.struct_size = (uint32_t)sizeof c;
            if (bc_trades_get(trades, j, &c) == BC_OK && c.action == BC_ACTION_CLOSE &&
                c.ticket == e.ticket && strcmp(c.symbol, e.symbol) == 0)
                return isfinite(c.profit) ? c.profit : 0.0;
        }
    }
    return 0.0;
}

int32_t bc_replay_decisions(const bc_model *model, const bc_decisions *decisions,
                            const bc_trades *trades, double weight, const char *out_path,
                            int32_t *n_divergences)
{
    if (!model || !decisions || !out_path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "replay: NULL %s",
                       !model ? "model" : !decisions ? "decisions" : "out_path");
    if (!(weight > 0.0) || !isfinite(weight))
        return bc_fail(BC_E_INVALID_ARGUMENT, "replay: weight %g must be finite and > 0", weight);
    int32_t F = model->n_features, n = bc_decisions_count(decisions), found = 0;
    double *x = malloc(sizeof *x * (size_t)(F + 1));
    bc_predictor *p = NULL;
    bc_divergences *out = NULL;
    int32_t rc = !x ? bc_fail(BC_E_OUT_OF_MEMORY, "replay: no memory for %d features", F)
                    : bc_predictor_create(model, &p);
    if (rc == BC_OK)
        rc = bc_divergences_create(&out);
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        bc_decision_row row;
        row.struct_size = (uint32_t)sizeof row;
        int32_t got = 0;
        rc = bc_decisions_get(decisions, i, &row);
        if (rc == BC_OK)
            rc = bc_decisions_features(decisions, i, x, F + 1, &got);
        if (rc == BC_OK && got != F)
            rc = bc_fail(BC_E_SHAPE, "replay: decision %d (event_id %lld) has %d features, the model takes %d",
                         i + 1, (long long)row.event_id, got, F);
        if (rc != BC_OK)
            break;
        /* The same P(act) and threshold the predictor would have used. */
        int32_t decision = clone_predict_logged_row(p, x, F);
        (void)decision;
        double new_prob = p->last_p_act, new_thr = p->last_threshold;
        double old_thr = isfinite(row.threshold) ? row.threshold : new_thr;
        if (!isfinite(row.probability) || (row.probability >= old_thr) == (new_prob >= new_thr))
            continue;
        bc_divergence d;
        d.struct_size = (uint32_t)sizeof d;
        d.reserved = 0;
        d.decision_id = row.event_id;
        d.old_prob = row.probability < 0.0 ? 0.0 : row.probability > 1.0 ? 1.0 : row.probability;
        d.new_prob = new_prob < 0.0 ? 0.0 : new_prob > 1.0 ? 1.0 : new_prob;
        d.profit = decision_profit(trades, row.event_id);
        d.weight = weight;
        rc = bc_divergences_append(out, &d);
        found++;
    }
    if (rc == BC_OK)
        rc = bc_divergences_write_csv(out, out_path);
    if (rc == BC_OK && n_divergences)
        *n_divergences = found;
    bc_divergences_free(out);
    bc_predictor_free(p);
    free(x);
    return rc;
}
