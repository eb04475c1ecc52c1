/*
 * stop_rules.h - a clone's stop-loss / take-profit rules as the model file
 * records them (metadata clone.exits: the rules the log enforces; clone.levels:
 * the rules its level columns measure against): the units, their names, and
 * the one reader both model file readers (bcm_file.c's bc_model_load, the
 * predictor) use. Below the clone layer: a model file whose rule this
 * library cannot read is refused where it is loaded.
 * Nothing here is exported; the public contract is include/botcopier.h.
 */
#ifndef BC_MODEL_STOP_RULES_H
#define BC_MODEL_STOP_RULES_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>

/* A stop-loss or take-profit rule learned from a log: the level lies k
 * units from the entry price, against the position for a stop-loss, with
 * it for a take-profit; the unit is the entry bar's position atr (atr(14) unless
 * the model's clone.position_atr names another period), or atr(n)
 * where n is set (CLONE_LEVEL_ATR), the entry price (CLONE_LEVEL_PRICE: k is a fraction),
 * one price point (CLONE_LEVEL_POINTS), the distance from the entry price
 * to the swing extreme of the n bars through the entry bar (the lowest low
 * for a long, the highest high for a short: CLONE_LEVEL_SWING, a stop-loss
 * at a swing low is k = 1), or, for a take-profit, the stop-loss's own
 * distance (CLONE_LEVEL_RISK: k is the reward-to-risk multiple, "2R"), or
 * the average bar range mean(high - low, n) of the n bars through the entry
 * bar (CLONE_LEVEL_RANGE, n required), or the distance |entry price - L|
 * from the entry price to an indicator's value L at the entry bar
 * (CLONE_LEVEL_TO_SMA, _TO_EMA, _TO_LINREG, _TO_MIDPRICE: L is sma(n),
 * ema(n), linreg(n), midprice(n), n required; a take-profit at the moving
 * average, the regression line or the Bollinger middle is k = 1 of its
 * unit, a stop as far on the other side k = 1 too), or the population
 * standard deviation of the n closes through the entry bar
 * (CLONE_LEVEL_STDDEV, n required: TA-Lib's STDDEV(close, n), the
 * Bollinger band's width per k; a stop at 2 x stddev(close, 20) is stddev,
 * n 20, k 2). CLONE_LEVEL_NONE: no rule. */
enum {
    CLONE_LEVEL_NONE = 0,
    CLONE_LEVEL_ATR = 1,
    CLONE_LEVEL_PRICE = 2,
    CLONE_LEVEL_POINTS = 3,
    CLONE_LEVEL_SWING = 4,
    CLONE_LEVEL_RISK = 5,
    CLONE_LEVEL_RANGE = 6,
    CLONE_LEVEL_TO_SMA = 7,
    CLONE_LEVEL_TO_EMA = 8,
    CLONE_LEVEL_TO_LINREG = 9,
    CLONE_LEVEL_TO_MIDPRICE = 10,
    CLONE_LEVEL_STDDEV = 11
};
#define CLONE_LEVEL_UNITS 12
/* A unit's name in report.json and the model file ("atr", "price",
 * "points", "swing", "risk", "range", "to_sma", "to_ema", "to_linreg",
 * "to_midprice", "stddev"; "none" for CLONE_LEVEL_NONE or any other value), and the
 * unit a name of len bytes spells (CLONE_LEVEL_NONE for none of them).
 * The one table the report, the log and both model readers use. */
const char *clone_level_unit_name(int32_t unit);
int32_t clone_level_unit_from_name(const char *name, size_t len);
/* Whether unit is a distance to an indicator's level (CLONE_LEVEL_TO_*). */
#define CLONE_LEVEL_IS_TO(unit) ((unit) >= CLONE_LEVEL_TO_SMA && (unit) <= CLONE_LEVEL_TO_MIDPRICE)
/* The most bars a swing window may span, the longest atr period or range
 * window of a rule (a model file's larger one is refused as malformed:
 * clone_model_exits). */
#define CLONE_SWING_MAX 20
#define CLONE_EXIT_MAX_ATR 1000
struct clone_level_rule {
    int32_t unit;
    double k;
    int32_t n; /* CLONE_LEVEL_SWING: bars of the window (2..CLONE_SWING_MAX);
                * CLONE_LEVEL_ATR: the atr period, 0 = the position's
                * atr (clone_model_position_atr: 14 unless the model says);
                * CLONE_LEVEL_RANGE: the bars averaged (2..CLONE_EXIT_MAX_ATR);
                * CLONE_LEVEL_TO_*: the indicator's period (2..CLONE_EXIT_MAX_ATR);
                * CLONE_LEVEL_STDDEV: the closes of the window (2..CLONE_EXIT_MAX_ATR) */
};
struct clone_exit_rules {
    struct clone_level_rule sl, tp;
    /* > 0: the stop-loss moves to the entry price once a bar after the
     * entry bar reaches breakeven x the entry bar's position atr in the
     * position's favour (the model's breakeven_atr, not part of the
     * metadata's rule objects: clone_model_exits sets it from the model,
     * clone_model_levels leaves it 0) */
    double breakeven;
};

/* The rules a model records in its "clone" metadata ("exits"), into *out
 * (none where absent or null; the same text read with or without jansson).
 * A rule the library cannot read is an error, never "no rule":
 * BC_E_VERSION for a unit name it does not know (a newer library's),
 * BC_E_CORRUPT for a malformed rule (k not finite and > 0, a window out of
 * range or missing, a unit or rule of another type), each message naming
 * the rule (exits.sl ...) and the value; *out is then all none. With the
 * rules, the model's break-even move (out->breakeven). */
int32_t clone_model_exits(const bc_model *m, struct clone_exit_rules *out);
/* The rules its level columns measure against ("levels"), likewise. */
int32_t clone_model_levels(const bc_model *m, struct clone_exit_rules *out);
/* The period n of the position's ATR (metadata clone.position_atr), the
 * atr(n) its position columns (upnl_atr, entry_atr, mae/mfe_atr,
 * giveback_atr, the entry-bar and level columns), its entry_atr, an atr
 * rule without its own n and the break-even move measure in: absent is
 * Wilder's 14 (CLONE_POSITION_ATR_DEFAULT, every model from before the
 * key), else an integer 2..CLONE_EXIT_MAX_ATR (the cloner writes the key
 * only for another period: 7, Wilder's volatility system, or 22, Le Beau's
 * chandelier). Anything else is BC_E_CORRUPT naming the value; *period is
 * then 14. */
#define CLONE_POSITION_ATR_DEFAULT 14
int32_t clone_model_position_atr(const bc_model *m, int32_t *period);
/* All of the above, for the model file readers (bc_model_load refuses a
 * file whose rules these refuse). */
int32_t clone_model_check_rules(const bc_model *m);

#endif
