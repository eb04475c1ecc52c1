/*
 * cloner_options.c - the cloner object and its options: what bc_cloner_set
 * accepts (and passes through to the trainer), the bars registered per
 * symbol.
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
    c->trees_prune = 1;
    c->trees_snap = 1;
    c->trees_path_rule = 1;
    c->search_refine = 1;
    c->search_reserve = 1;
    c->search_dwell = 1;
    c->search_prune = 1;
    c->position_day = CLONER_DAY_AUTO;
    c->auto_rule = CLONER_AUTO_RULE_BETTER;
    c->max_hold = 1;
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
    free(c->exit_levels);
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
    if (strcmp(key, "max_hold") == 0)
        return set_flag(key, value, &c->max_hold);
    if (strcmp(key, "auto_rule") == 0) {
        static const char *const names[3] = {"off", "better", "ties"};
        for (int32_t k = 0; k < 3; k++)
            if (strcmp(value, names[k]) == 0) {
                c->auto_rule = k;
                return BC_OK;
            }
        return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: auto_rule '%s' is not off, better or "
                       "ties", value);
    }
    if (strcmp(key, "trees_rounds") == 0) {
        if (strcmp(value, "fidelity") != 0 && strcmp(value, "all") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: trees_rounds '%s' is not fidelity "
                           "or all", value);
        c->trees_prune = strcmp(value, "fidelity") == 0;
        return BC_OK;
    }
    if (strcmp(key, "trees_snap") == 0)
        return set_flag(key, value, &c->trees_snap);
    if (strcmp(key, "trees_path_rule") == 0)
        return set_flag(key, value, &c->trees_path_rule);
    if (strcmp(key, "search_refine") == 0)
        return set_flag(key, value, &c->search_refine);
    if (strcmp(key, "search_reserve") == 0)
        return set_flag(key, value, &c->search_reserve);
    if (strcmp(key, "search_dwell") == 0)
        return set_flag(key, value, &c->search_dwell);
    if (strcmp(key, "search_prune") == 0)
        return set_flag(key, value, &c->search_prune);
    if (strcmp(key, "position_columns") == 0) {
        if (strcmp(value, "standard") != 0 && strcmp(value, "extended") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: position_columns '%s' is not "
                           "standard or extended", value);
        c->position_extended = strcmp(value, "extended") == 0;
        return BC_OK;
    }
    if (strcmp(key, "position_giveback") == 0) {
        int32_t on = 0, rc = set_flag(key, value, &on);
        if (rc == BC_OK)
            c->position_no_giveback = !on;
        return rc;
    }
    if (strcmp(key, "position_entry_bar") == 0) {
        int32_t on = 0, rc = set_flag(key, value, &on);
        if (rc == BC_OK)
            c->position_entry_bar = on;
        return rc;
    }
    if (strcmp(key, "position_atr") == 0) {
        char *stop = NULL;
        long n = strcmp(value, "auto") == 0 ? 0 : strtol(value, &stop, 10);
        if (stop && (stop == value || *stop || n < 2 || n > CLONE_EXIT_MAX_ATR))
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: position_atr '%s' is not auto or an "
                           "atr period 2..%d", value, CLONE_EXIT_MAX_ATR);
        c->position_atr = (int32_t)n;
        return BC_OK;
    }
    if (strcmp(key, "position_day") == 0) {
        if (strcmp(value, "auto") == 0) {
            c->position_day = CLONER_DAY_AUTO;
            return BC_OK;
        }
        int32_t on = 0, rc = set_flag(key, value, &on);
        if (rc == BC_OK)
            c->position_day = on ? CLONER_DAY_ON : CLONER_DAY_OFF;
        return rc;
    }
    if (strcmp(key, "position_levels") == 0) {
        int32_t v = strcmp(value, "trees") == 0  ? CLONER_LEVELS_TREES
                    : strcmp(value, "all") == 0  ? CLONER_LEVELS_ALL
                    : strcmp(value, "none") == 0 ? CLONER_LEVELS_NONE
                                                 : -1;
        if (v < 0)
            return bc_fail(BC_E_INVALID_ARGUMENT, "cloner: position_levels '%s' is not trees, "
                           "all or none", value);
        c->position_levels = v;
        return BC_OK;
    }
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
                   "class_balance, threshold, calibrate, time_zone, hidden, trees_rounds, trees_snap, "
                   "trees_path_rule, search_refine, search_reserve, search_dwell, search_prune, "
                   "position_columns, position_giveback, position_entry_bar, position_atr, position_day, "
                   "position_levels, and the trainer's l2, "
                   "tol, lr, clip, max_iter, epochs, batch_size, patience, threads, seed, activation, "
                   "normalize, backend, mode)",
                   key);
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
