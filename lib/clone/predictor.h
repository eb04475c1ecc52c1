/*
 * predictor.h - the predictor's state, shared inside lib/clone so that the
 * backtest (run.c), the cloner's fidelity check and a live host drive the
 * very same decision code: the one closed-loop simulator of simulate.c.
 * Internal.
 */
#ifndef BC_CLONE_PREDICTOR_H
#define BC_CLONE_PREDICTOR_H

#include "botcopier.h"
#include "clone/clone.h"

#include <stdint.h>

/* ATR used for the position's unrealized P/L in ATRs: atr(n), n the
 * model's position atr period (clone_model_position_atr; 14 where the
 * model names none), written to spec (size bytes; 32 hold every period).
 * period <= 0 reads as 14. The one place the spec is spelled. */
void clone_position_atr_spec(int32_t period, char *spec, size_t size);
#define CLONE_DEFAULT_UNCERTAINTY_MARGIN 0.05

/* clone_simulate's memo of the exit rules' ATR values per bar of one
 * series (simulate.c): its own engines fed from bar 0 on, keyed on the
 * series' high, low and close arrays; value[k][i] is what the predictor's
 * exit_atr[k] gives on bar i after bars 0 .. i. */
#define CLONE_EXIT_MEMOS 4
struct clone_exit_memo {
    const double *high, *low, *close; /* NULL: unused */
    bc_features *engine[2];
    double *value[2];
    int64_t n, cap; /* bars memoized, room for */
};

struct bc_predictor {
    const bc_model *model;
    bc_features *features; /* market features, then atr_spec when
                            * has_position (NULL when the model has neither) */
    char atr_spec[32];     /* the position's atr, "atr(14)" unless the model's
                            * clone.position_atr names another period */
    int32_t n_market, n_classes, has_position, lookback;
    int32_t n_position;    /* position-state columns: CLONE_POSITION_FEATURES,
                            * _V1 for models from before the excursions, _EXT
                            * for position_columns=extended clones, _GB /
                            * _EXT_GB with the give-back column, _EB /
                            * _EXT_EB with the entry-bar ones; each plus
                            * CLONE_POSITION_LEVELS with the level block */
    int32_t n_signed;      /* position-signed copies of market columns */
    int32_t *signed_index; /* [n_signed] their market column */
    /* 1: the model's last input is the day count (trades_today, after the
     * signed columns), kept in day: stepped each decided bar, one more
     * entry each bar the position is entered */
    int32_t n_day;
    struct clone_day_count day;
    double day_column; /* the decided bar's */
    double *row;     /* [n_features] model inputs of the current bar */
    struct clone_row_memo *memo; /* while clone_simulate runs with one, else NULL */
    double *probs;   /* [n_classes] calibrated */
    double *scratch; /* bc_model_scratch_doubles */
    int64_t last_time;
    int64_t bar_count;   /* bars fed so far = index of the next bar */
    /* The position (pos.bars_held is not kept: bar_count - entry_index;
     * clone_predictor_position fills it in). */
    struct clone_position pos;
    int64_t entry_index; /* bar index of the entry */
    double last_atr;     /* atr of the last bar fed */
    /* The highs and lows of the last CLONE_SWING_MAX bars fed, bar i at
     * [i % CLONE_SWING_MAX] (NaN before any): a swing stop's window. */
    double swing_high[CLONE_SWING_MAX], swing_low[CLONE_SWING_MAX];
    int64_t swing_last; /* index of the last bar recorded there (-1: none) */
    /* An exit rule at atr(n), n not 14: its own ATR engine per level
     * ([0] the stop-loss's, [1] the take-profit's; NULL: none), fed every
     * bar from the first (exit_atr_next: the bar index it expects), and its
     * value on the last bar fed. */
    bc_features *exit_atr[2];
    double exit_atr_last[2];
    int64_t exit_atr_next;
    /* [CLONE_EXIT_MEMOS] (NULL until a simulation asks for one), the next
     * to reuse, and the one the feed reads during such a simulation */
    struct clone_exit_memo *exit_memo;
    int32_t exit_memo_next;
    const struct clone_exit_memo *exit_memo_on;
    double threshold, margin, last_p_act;
    double class_threshold[CLONE_NUM_CLASSES]; /* NaN = use threshold */
    double last_threshold;                     /* bar of the last decision */
    /* Added to P(act)'s logit before the threshold (0: none): model auto
     * tries its candidates with the bars moved both ways to see which
     * decisions sit on the edge (cloner_fit.c). Never set outside. */
    double act_logit_shift;
    int32_t auto_position;
    struct clone_fill last; /* what the last decided bar did to the position */
    /* The clone's stop-loss / take-profit rules (the model's "exits"
     * metadata; none: CLONE_LEVEL_NONE): a position entered gets its levels
     * from them, and in a simulation (trade_levels) a later bar touching
     * one closes it there (clone_level_touch). */
    struct clone_exit_rules exits;
    /* 1 while clone_simulate runs (the backtest, the cloner): the
     * simulator plays the target's broker and closes at touched levels.
     * Live (bc_predictor_update) the broker holds the orders and the host
     * reports their fills, as the exported decision code does. */
    int32_t trade_levels;
    /* Live: the position the host reported closed (bc_predictor_set_position
     * flat while the predictor held it and its last decision kept it) and the
     * bar it was reported before (bar_count then); the next bar, when it
     * touched that position's levels, was the broker's fill, and a model
     * with level_wait enters on a later bar (as the simulator does). */
    struct clone_position host_closed;
    int64_t host_closed_at;
    /* The rules the level columns measure against (the model's "levels"
     * metadata: every consistent fit, enforced by the log or not); used
     * when n_position has the level block (clone_position_base). */
    struct clone_exit_rules levels;
    bc_decision_log *log, *uncertain;
    char model_version[32];
    char symbol[32]; /* "" = the model's */
};

/* Sum of the raw probabilities of the actions open to the predictor's
 * position (flat: open long/short; long: open short/close/open long again;
 * short: open long/close/open short again): the P(act) that calibration
 * and the threshold work on. */
double clone_allowed_mass(const bc_predictor *p, const double *raw);
/* The classes (BC_LABEL_*, -1 ended, at most 3) a clone model may act on in
 * a position (direction -1/0/1; any class without position state): one
 * table for the predictor and the exporters. */
const int32_t *clone_allowed_set(const bc_model *m, int32_t has_position, int32_t direction);

/* The predictor's position as a clone_position at its current bar. */
struct clone_position clone_predictor_position(const bc_predictor *p);

/* Forward pass on p->row (filled by the caller) and the decision; sets
 * p->probs (raw softmax) and p->last_p_act (calibrated). No allocation. */
int32_t clone_predict_row(bc_predictor *p);

/* The model's max_hold on decision d of the current bar: a HOLD in a
 * position held more than max_hold bars becomes a CLOSE (a clone held out
 * of step by a missed exit rejoins its bot); d itself otherwise (and for
 * models without one). The simulator, `botcopier run` and the exports
 * (decision_source.c) apply it alike. */
int32_t clone_max_hold(const bc_predictor *p, int32_t d);

/* Open-loop decision on the model inputs row[] in a position of the given
 * direction (the position columns already in row): the decision, the raw
 * class probabilities into raw[n_classes] and their allowed mass
 * (clone_allowed_mass) into *mass (either may be NULL). The predictor's
 * position is left as it was. */
int32_t clone_predict_at(bc_predictor *p, const double *row, int32_t direction, double *raw,
                         double *mass);

/* The global threshold and, when class_thr is not NULL, each action's own
 * (NaN = the global one), as a fit tries them. */
void clone_predictor_set_thresholds(bc_predictor *p, double threshold, const double *class_thr);

/* The stop-loss / take-profit rules the predictor's positions get from now
 * on (NULL: none). Errors: an ATR engine the rules need (out of memory). */
int32_t clone_predictor_set_exits(bc_predictor *p, const struct clone_exit_rules *exits);

/* Feeds bar index's high, low and close to the exit rules' own ATR engines
 * (none: nothing); an index other than the one they expect starts them
 * again from it (a simulation replays its start's history first). */
void clone_predictor_exit_atr_feed(bc_predictor *p, int64_t index, double high, double low,
                                   double close);

/* A position's levels under p's rules (NaN where p has none), entered on
 * bar entry_index (a swing rule's window ends there, or at the last bar
 * recorded when the entry bar is not yet). */
void clone_predictor_levels(const bc_predictor *p, int64_t entry_index, struct clone_position *pos);

/* Records bar index's high and low in the swing window (every bar fed,
 * and the bars before a simulation's start). */
void clone_predictor_swing_push(bc_predictor *p, int64_t index, double high, double low);

/* Decides on a logged feature row x[n] (decisions.csv), the position taken
 * from its position-state columns. Returns the decision, or BC_E_SHAPE
 * when n is not the model's width. */
int32_t clone_predict_logged_row(bc_predictor *p, const double *x, int32_t n);

/* ---- the closed-loop simulator (simulate.c) ---------------------------- */

/* One bar of the simulator: p->row holds the bar's market columns; the
 * bar joins the open position's excursions, the position inputs are
 * assembled after the market columns, the model decides (HOLD inside the
 * features' lookback), the decision is logged when p has logs, and with
 * auto_position the position moves as if the decision was filled at close
 * (p->last says how; in a simulation, a position whose level the bar
 * touched closes there first). time is the bar's (for the logs), atr its atr(14)
 * (NaN for a model without position state). Returns BC_OK or a log write
 * error; the decision in *decision. */
int32_t clone_sim_bar(bc_predictor *p, int64_t time, double high, double low, double close,
                      double atr, int32_t *decision);

/* A bar seen without a decision (warm-up, bc_predictor_observe): an open
 * position's excursions and the position inputs follow it. */
void clone_sim_observe(bc_predictor *p, double high, double low, double close, double atr);

/* The forward passes of one model over one series' bars, kept by bar for
 * the closed-loop runs that replay the same model with other thresholds
 * (the cloner's threshold and shift sweeps): bar i's model inputs at
 * rows[i * n_features] and its raw probabilities at probs[i * n_classes],
 * filled[i] once kept. A bar whose inputs equal the kept ones bit for bit
 * (a flat bar always; a position entered alike) takes the kept
 * probabilities, so a run gives exactly what it gives without a memo.
 * Owned by the caller; valid for one model only (clear filled when the
 * model changes). */
struct clone_row_memo {
    int32_t n_bars, n_features, n_classes;
    uint8_t *filled;
    double *rows, *probs;
};

/* Bars for clone_simulate: market columns market[i * stride + j], j <
 * n_market, rows indexed from bar 0; time may be NULL (no logs), atr is
 * atr(14) per bar; memo (NULL: none) the model's kept forward passes over
 * these bars. */
struct clone_sim_bars {
    int32_t n_market, stride;
    const double *market;
    const int64_t *time;
    const double *high, *low, *close, *atr;
    struct clone_row_memo *memo;
    /* 1: the caller only simulates with p (no live bar follows the run):
     * the exit rules' ATR values come from p's memo of the series instead
     * of its engines replayed from bar 0 each run, and the engines are
     * left to start again on their next bar */
    int exit_memo;
    /* the target's day count per bar (clone_day_counts; NULL: none): a
     * run starts with the entries of the start bar's day before it */
    const double *day;
};

/* Frees p's exit memos (the rules changed, or p goes). */
void clone_exit_memo_free(bc_predictor *p);

/* Closed-loop run over bars [start, end): clone_sim_bar on each, the
 * position tracked automatically, starting at *initial (NULL = flat; its
 * excursions run through bar start, which is added again: its maxima are
 * unchanged by that). out (may be NULL) gets end - start entries. */
int32_t clone_simulate(bc_predictor *p, const struct clone_sim_bars *bars, int32_t start,
                       int32_t end, const struct clone_position *initial, struct clone_fill *out);

#endif
