/*
 * clone.h - internal interface of the cloning layer: labels and position
 * state from a trade log, the classification and fidelity metrics, and the
 * position-state features that training and the predictor share.
 * Nothing here is exported; the public contract is include/botcopier.h.
 */
#ifndef BC_CLONE_CLONE_H
#define BC_CLONE_CLONE_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>

/* Per-bar labels (the model's classes, in this order). */
enum {
    CLONE_LABEL_NONE = 0,
    CLONE_LABEL_OPEN_LONG = 1,
    CLONE_LABEL_OPEN_SHORT = 2,
    CLONE_LABEL_CLOSE = 3,
    CLONE_NUM_CLASSES = 4
};
/* A bar the signal search leaves out of every decision (clone_search_input
 * labels only: a close that a broker's order made). */
#define CLONE_LABEL_SKIP (-1)

/* Trade-log event reduced to what labelling needs. action: 1 OPEN,
 * 2 MODIFY, 3 CLOSE (the data layer's BC_ACTION_* values); order_type 0 buy,
 * 1 sell; line is the source line (0 when unknown) for error messages. */
struct clone_event {
    int64_t time;
    int64_t ticket;
    int64_t line;
    int32_t action;
    int32_t order_type;
};

/* Position before the decision at one bar: direction -1 short, 0 flat,
 * +1 long; bars_held = bars since the bar the position was entered (0 when
 * flat); entry_price = close of the entry bar (NaN when flat); entry_atr =
 * atr(14) on the entry bar (NaN unknown: the current bar's is used);
 * mae_atr / mfe_atr = the largest adverse / favourable excursion of the
 * bars' lows and highs from the entry price since the entry, through this
 * bar, in entry ATRs (>= 0; 0 when flat): a stop-loss or take-profit at a
 * fixed number of ATRs is a level of these. best_close = the best close
 * for the position (highest for a long, lowest for a short) from the
 * entry bar's close (the entry price) through this bar's close (NaN when
 * flat or not yet stepped: clone_excursion_step starts it at the entry
 * price); a chandelier / trailing stop is a level of the give-back from it
 * (giveback_atr, clone_position_inputs). */
struct clone_position {
    int32_t direction;
    int32_t bars_held;
    double entry_price;
    double entry_atr;
    double mae_atr, mfe_atr;
    double sl, tp; /* the position's stop-loss / take-profit (NaN: none) */
    double best_close;
    /* the entry bar's high and low (NaN when flat or unknown:
     * clone_excursion_step takes the first bar it steps) */
    double entry_high, entry_low;
};

/* A flat position. */
#define CLONE_FLAT ((struct clone_position){0, 0, NAN, NAN, 0.0, 0.0, NAN, NAN, NAN, NAN, NAN})

/* How a position ended on a bar: by a decision at the close, or at its
 * stop-loss / take-profit level touched inside the bar. */
enum { CLONE_EXIT_NONE = 0, CLONE_EXIT_DECISION = 1, CLONE_EXIT_SL = 2, CLONE_EXIT_TP = 3 };

/* The stop-loss / take-profit rules (units, names, the model file's
 * clone.exits / clone.levels): model/stop_rules.h, below the clone layer
 * since the model file readers refuse a rule they cannot read. */
#include "model/stop_rules.h"

/* The size of rule's unit for a position entered at entry_price, where
 * entry_atr is the entry bar's value of the rule's unit engine
 * (clone_exit_unit_spec; the position's atr where the rule has none): the engine's
 * value for atr, range and stddev, entry_price for price, 1 for points, |entry_price
 * - entry_atr| for a CLONE_LEVEL_TO_* unit (the engine is the level); NaN
 * for the others (swing, risk: clone_entry_levels) and none. The one
 * definition of a unit's size: the cloner's fit measures it, the simulator
 * and the predictor trade it. */
double clone_level_unit(const struct clone_level_rule *rule, double entry_price, double entry_atr);

/* The level of rule for a position of direction entered at entry_price
 * with entry_atr (sign -1 for a stop-loss, +1 for a take-profit; for a
 * range rule, the entry bar's average range, for a stddev rule its
 * standard deviation; for a CLONE_LEVEL_TO_* rule
 * the indicator's value): entry_price + sign * direction * k *
 * clone_level_unit; NaN without a rule, for swing and risk, or where the
 * unit is not > 0. */
double clone_level_price(const struct clone_level_rule *rule, int32_t direction, int32_t sign,
                         double entry_price, double entry_atr);

/* A position's stop-loss and take-profit under rules (every unit): entered
 * in direction at entry_price; entry_atr[0] / [1] the entry bar's value of
 * the stop-loss's / take-profit's unit engine (clone_exit_unit_spec; the position's atr
 * where the rule has none); swing_low / swing_high are the lowest low and
 * highest high of the rules->sl.n bars through the entry bar (NaN when
 * unknown; read only by a swing rule). A swing stop on the wrong side of
 * the entry (no distance) and a risk multiple without a stop are no level:
 * NaN. */
void clone_entry_levels(const struct clone_exit_rules *rules, int32_t direction,
                        double entry_price, const double entry_atr[2], double swing_low,
                        double swing_high, double *sl, double *tp);

/* The lowest low and highest high of the n bars through bar last of the
 * arrays (NaN when a bar of them is before the first or not finite). */
void clone_swing_extremes(const double *high, const double *low, int32_t last, int32_t n,
                          double *lo, double *hi);

/* The feature spec of the unit a rule measures its level in when it needs
 * an engine of its own beside the position's atr (atr(14) unless the
 * model's clone.position_atr says): "atr(n)" for an atr rule with an n
 * (even one equal to the position's period: the same kernel, so the same
 * values), "mean(diff(high,low),n)" for a range
 * rule, the level itself for a CLONE_LEVEL_TO_* rule ("sma(n)", "ema(n)",
 * "linreg(n)", "midprice(n)"), the bands' half-width
 * "diff(bbands(n,1).upper,bbands(n,1).middle)" for a stddev rule (the
 * engine's one population standard deviation, bbands.c, as TA-Lib's
 * STDDEV(close, n) computes it). Writes it to spec (size bytes, 64 hold
 * every n up to CLONE_EXIT_MAX_ATR; the callers' buffers are 64) and returns 1; returns 0 (spec "")
 * for every other rule. One place for the simulator, the cloner's fit and
 * the predictor. */
int clone_exit_unit_spec(const struct clone_level_rule *rule, char *spec, size_t size);

/* The intrabar touch rule, as the target's broker fills a resting
 * stop/limit order: a long closes at sl when the bar's low <= sl, at tp when
 * its high >= tp; a short at sl when high >= sl, at tp when low <= tp. When
 * both lie inside one bar the stop-loss is taken (the broker's worst case:
 * bars do not say which came first). A gap through a level fills at the
 * level. Returns CLONE_EXIT_SL, CLONE_EXIT_TP or CLONE_EXIT_NONE (NaN
 * levels never touch); *price gets the level. */
int32_t clone_level_touch(int32_t direction, double sl, double tp, double high, double low,
                          double *price);

/* The break-even move (a model's breakeven_atr, clone_exit_rules's
 * breakeven k > 0): after a bar's touch of the levels is decided, a
 * position whose bar reached entry_price + k x entry_atr (a long's high) or
 * entry_price - k x entry_atr (a short's low) gets its stop-loss at the
 * entry price, unless it already lies there or beyond (a long's stop at or
 * above the entry stays). The one rule the simulator, the cloner's broker
 * closes and the generated code share; nothing for k not > 0, a flat
 * position or entry values not finite. */
void clone_breakeven_step(struct clone_position *pos, double k, double high, double low);

/* What one simulated bar did to the position (clone_sim_bar): the
 * decision, the direction after it, whether a position was entered on the
 * bar (a new direction, or a re-entry the same way), how the position held
 * before the bar ended on it (CLONE_EXIT_*) and at what price, and the
 * entry price of the position after the bar (NaN when flat). */
struct clone_fill {
    int32_t decision;
    int8_t direction, entered, exit;
    double exit_price;
    double entry_price;
    double sl, tp; /* levels of the position after the bar (NaN: none) */
};

/* Position-state inputs of one bar, assembled in this one place for
 * training, the simulator and explain: the n_position columns of the
 * layout (clone_position_features, clone_position_extra, the give-back
 * column clone_position_giveback when the layout has it, then
 * clone_position_levels under the rules levels when the layout has the
 * level block; levels may be NULL otherwise), then the n_signed
 * position-signed copies of market[signed_index[k]]
 * (clone_signed_features), into out. */
void clone_position_inputs(const struct clone_position *pos, double high, double low,
                           double close, double atr, int32_t n_position,
                           const struct clone_exit_rules *levels, const double *market,
                           const int32_t *signed_index, int32_t n_signed, double *out);

/* Position-state columns appended after the market features, in this
 * order. Training and the predictor both fill them with
 * clone_position_features, so the model sees the same numbers live.
 * Models written before the excursion columns existed have the first
 * CLONE_POSITION_FEATURES_V1; the predictor recognises both by name. */
#define CLONE_POSITION_FEATURES 6
#define CLONE_POSITION_FEATURES_V1 4
/* The extended set (cloner option position_columns=extended, trees
 * clones): the six, then this bar's price levels against the entry and
 * the bars held as buckets (clone_position_extra). */
#define CLONE_POSITION_FEATURES_EXT 16
extern const char *const clone_position_feature_names[CLONE_POSITION_FEATURES_EXT];

/* The give-back column, after the six or the sixteen (layouts 7 and 17,
 * what the cloner writes since it exists; models written before have 6
 * or 16 and load as they were):
 *   giveback_atr = d * (best_close - close) / atr
 * with d the direction, best_close the position's best close from its
 * entry bar's close (the entry price) through this bar's close, atr this
 * bar's atr(14) (the current ATR, not the entry's): >= 0, how far the
 * close has fallen back from the best close since the entry - a
 * chandelier / trailing stop k ATRs behind the best close is
 * giveback_atr >= k. The first bar after the entry measures from the
 * entry price and that bar's close; a re-entry on a bar (a close and an
 * open the same way, or the simulator's BUY while long) starts it again
 * at that bar's close. 0 when flat, or atr (not > 0), the close or
 * best_close not finite. */
#define CLONE_POSITION_GIVEBACK_NAME "giveback_atr"
#define CLONE_POSITION_FEATURES_GB (CLONE_POSITION_FEATURES + 1)
#define CLONE_POSITION_FEATURES_EXT_GB (CLONE_POSITION_FEATURES_EXT + 1)
double clone_position_giveback(const struct clone_position *p, double close, double atr);

/* The entry-bar columns, after giveback_atr (layouts 9 and 19, what the
 * cloner writes with position_entry_bar=1; models without them have 7 or
 * 17 and load as they were; a layout without the give-back column has
 * none):
 *   close_ebar_fav_atr = d * (close - F) / u
 *   close_ebar_adv_atr = d * (close - A) / u
 * with d the direction, u the entry ATR (entry_atr; the bar's atr when the
 * position has none, as clone_position_extra), F the entry bar's extreme
 * with the position (its high for a long, its low for a short) and A the
 * one against it (its low for a long, its high for a short): > 0 the
 * close is past the entry bar's high (long; low: short) - "exit at the
 * first close above the entry bar's high" is close_ebar_fav_atr > 0 - and
 * close_ebar_adv_atr < 0 the close fell back past its low (a failed
 * breakout, a stop at the entry bar's low taken at the close). The entry
 * bar is the bar whose close entered (a re-entry's is the re-entry bar);
 * a position set by the host takes the last bar fed as its entry bar (as
 * for its ATR). 0 when flat, or u, the entry bar's high or low or the
 * close not finite. */
#define CLONE_POSITION_ENTRY_BAR 2
#define CLONE_POSITION_FEATURES_EB (CLONE_POSITION_FEATURES_GB + CLONE_POSITION_ENTRY_BAR)
#define CLONE_POSITION_FEATURES_EXT_EB (CLONE_POSITION_FEATURES_EXT_GB + CLONE_POSITION_ENTRY_BAR)
extern const char *const clone_position_entry_bar_names[CLONE_POSITION_ENTRY_BAR];
void clone_position_entry_bar(const struct clone_position *p, double close, double atr,
                              double *out);

/* The level block (clone_position_levels): four columns after the four,
 * six, seven, nine, sixteen, seventeen or nineteen above, for a clone
 * whose target logs a consistent stop-loss / take-profit rule. A layout is
 * named by its column count: 4, 6, 7, 9, 16, 17, 19 without the block, 8,
 * 10, 11, 13, 20, 21, 23 with it (clone_position_base takes the block
 * off). */
#define CLONE_POSITION_LEVELS 4
extern const char *const clone_position_level_names[CLONE_POSITION_LEVELS];
/* Whether a position column (by name) is one of the position's path: its
 * excursions, its distance from the entry, the entry bar or a level, its
 * give-back; not the side, not bars held or its buckets (a time stop is a
 * rule's own). trees_path_rule's columns. */
int clone_position_is_path(const char *name);
/* The columns of n_position before the level block (4, 6, 7, 9, 16, 17 or 19). */
int32_t clone_position_base(int32_t n_position);
/* The base without the give-back and entry-bar columns (7, 9 -> 6; 17,
 * 19 -> 16; others as they are), and whether the base has them. */
int32_t clone_position_core(int32_t base);
int clone_position_has_giveback(int32_t base);
int clone_position_has_entry_bar(int32_t base);
/* Whether n_position is a layout (0, 4, 6, 7, 9, 16, 17, 19, 8, 10, 11,
 * 13, 20, 21, 23). */
int clone_position_layout_valid(int32_t n_position);
/* Name of column j of layout n_position. */
const char *clone_position_column_name(int32_t n_position, int32_t j);

/* The level block into out[0..4), distances still to go, in entry ATRs u
 * (entry_atr; the bar's atr when the position has none), before each
 * level the rules put at the position's entry (clone_level_price of
 * levels->sl / levels->tp at entry_price and u): <= 0 means reached.
 *   sl_bar_atr   = d > 0 ? (low - sl) / u : (sl - high) / u  (the bar's
 *                  worst price against the stop: <= 0 it traded there)
 *   sl_close_atr = d * (close - sl) / u   (<= 0: the close is beyond the
 *                  stop - a "mental" stop that closes at the close)
 *   tp_bar_atr   = d > 0 ? (tp - high) / u : (low - tp) / u
 *   tp_close_atr = d * (tp - close) / u
 * 0 when flat, without that rule, or u, the level or the bar not finite. */
void clone_position_levels(const struct clone_position *p, const struct clone_exit_rules *levels,
                           double high, double low, double close, double atr, double *out);

/* Columns 6..15 of the extended set into out[0..10): with u = the entry
 * ATR (entry_atr, the bar's atr when the position has none) and d the
 * direction, 0 when flat or u, the entry price or the bar not finite:
 *   bar_fav_atr   = (d > 0 ? high - entry : entry - low) / u   (the bar's
 *                   best price for the position; >= k: a take-profit k
 *                   ATRs away was touched)
 *   bar_adv_atr   = (d > 0 ? entry - low : high - entry) / u   (its worst:
 *                   >= k touched a stop-loss k ATRs away)
 *   close_entry_atr = d * (close - entry) / u
 * then held_1, held_2, held_3_4, held_5_8, held_9_16, held_17_32, held_33_up:
 * 1 in the bucket of bars_held (time stops after N bars), all 0 when flat. */
void clone_position_extra(const struct clone_position *p, double high, double low, double close,
                          double atr, double *out);

/* out[0] pos_long (1/0), out[1] pos_short (1/0), out[2] bars_held,
 * out[3] upnl_atr = direction * (close - entry) / atr (0 when flat or atr
 * not positive/finite), then when n is CLONE_POSITION_FEATURES out[4]
 * mae_atr, out[5] mfe_atr. */
void clone_position_features(const struct clone_position *p, double close,
                             double atr, double *out, int32_t n);

/* Adds one bar (its high, low and close) to an open position's excursions
 * and best close (entry_high / entry_low, when either is not finite, take
 * this bar's high and low; best_close starts at the entry price when not finite;
 * a finite close better for the position, or any finite close while it is
 * still not finite, replaces it); atr is the bar's atr, taken as the entry
 * ATR when the position has none. */
void clone_excursion_step(struct clone_position *p, double high, double low, double close,
                          double atr);

/* Entry ATR, excursions and best close of the labelled positions: state[t]
 * as clone_label_bars left it gains entry_atr (atr at its entry bar), the
 * entry bar's high and low, the excursions and the best close through
 * bar t. */
void clone_fill_excursions(int32_t n_bars, const double *high, const double *low,
                           const double *close, const double *atr,
                           struct clone_position *state);

/* The day count (trades_today, day_count.c): the entries a bot already
 * took on the calendar day of a bar, before that bar's decision - what
 * "one trade a day" reads (an opening-range breakout that takes no new
 * entry once its day's first trade is done, whether its stop, its target
 * or a decision closed it). The day is the UTC day of the bar's time
 * stamp on the bars' clock (floor of time / 86400, also before 1970: the
 * day of dayhigh / daylow); only intraday bars (clone_bars_intraday) have
 * more than one decision a day, on daily bars the count is always 0. An
 * entry is a bar whose decision entered - a new direction, a reversal or
 * a re-entry the same way (a bar labelled CLONE_LABEL_OPEN_LONG or
 * CLONE_LABEL_OPEN_SHORT; an open and a close inside one bar is no
 * decision's and counts none). The column is min(entries, CLONE_DAY_CAP):
 * a bot's rule reads "none yet", "one", "two", not a large count.
 * A clone's last input with the cloner's position_day=1, after the
 * signed columns (predictor.h n_day), not a column of a position layout:
 * a layout is named by its column count (clone_position_base), and one
 * more column after any base would collide with another layout (7 + 1 =
 * 4 + the level block). */
#define CLONE_DAY_NAME "trades_today"
#define CLONE_DAY_CAP 3
struct clone_day_count {
    int64_t day;     /* UTC day of the last bar stepped (INT64_MIN: none yet) */
    int32_t entries; /* entries on that day before the bar's decision */
};
#define CLONE_DAY_START ((struct clone_day_count){INT64_MIN, 0})
/* The UTC day of time t (floor of t / 86400, also before 1970). */
int64_t clone_day_of(int64_t t);
/* Steps c to the bar stamped time (a bar of another day than the last one
 * starts the count again at 0) and returns the bar's column,
 * min(entries, CLONE_DAY_CAP), before its decision. */
double clone_day_bar(struct clone_day_count *c, int64_t time);
/* The bar just stepped entered (its decision's fill): one more entry on
 * its day. */
void clone_day_entered(struct clone_day_count *c);
/* The column of every bar from its labels (clone_label_bars; an OPEN label
 * is an entry, every other label, CLONE_LABEL_SKIP included, none) into
 * out[0..n_bars): what clone_day_bar / clone_day_entered give stepped bar
 * by bar from CLONE_DAY_START. */
void clone_day_counts(int32_t n_bars, const int64_t *bar_time, const int32_t *labels,
                      double *out);

/* Labels every bar from the events (DESIGN.md §5: an event belongs to the
 * last bar whose time <= event time) and records the position before each
 * bar's decision. Events must be in time order (ties keep file order).
 * Label rule per bar, after applying its events in order: an OPEN whose
 * position is still held at the bar's end gives OPEN_LONG/OPEN_SHORT (a
 * reversal CLOSE+OPEN labels as the new direction; a CLOSE of the held
 * position and an OPEN the same way on one bar - a stop hit, then a new
 * entry - labels as that OPEN too, a re-entry whose entry price and
 * bars held start again); a bar that ends flat
 * after a CLOSE gives CLOSE; otherwise NONE (MODIFY is ignored; an open and
 * close inside one bar counts in *intrabar_round_trips).
 * labels and state have n_bars entries; close[] gives entry prices.
 * Errors: BC_E_INVALID_ARGUMENT for an event before the first bar or out of
 * time order (the message names its line and time), BC_E_NO_DATA when
 * n_bars < 1. */
int32_t clone_label_bars(int32_t n_bars, const int64_t *bar_time,
                         const double *close, int32_t n_events,
                         const struct clone_event *events, int32_t *labels,
                         struct clone_position *state,
                         int32_t *intrabar_round_trips);

/* Position-signed copies of market columns: "pos_dir*cross(...)" is the
 * cross times the position's direction, so +1 means "with the position" and
 * -1 "against it" whichever way the position points; a linear model can
 * then learn "close on a cross against the position". Crosses get one. */
#define CLONE_SIGNED_PREFIX "pos_dir*"
int clone_wants_signed(const char *market_name);

/* out[k] = direction * market[index[k]] for k < n (0 when flat). */
void clone_signed_features(int32_t direction, const double *market, const int32_t *index,
                           int32_t n, double *out);

/* Index of the last bar with time <= t, or -1 when t precedes bar 0.
 * bar_time must be strictly increasing. */
int32_t clone_bar_index(int32_t n_bars, const int64_t *bar_time, int64_t t);

/* ---- metrics -------------------------------------------------------- */

struct clone_class_metrics {
    double precision, recall, f1, roc_auc; /* roc_auc NaN if undefined */
    int64_t support;                       /* true count */
};

struct clone_metrics {
    int64_t n;
    double accuracy;
    double macro_f1;      /* mean F1 over classes with support > 0 */
    double macro_roc_auc; /* mean one-vs-rest AUC over defined classes */
    double brier;         /* mean over rows of sum_k (p_k - [y == k])^2 */
    struct clone_class_metrics cls[CLONE_NUM_CLASSES];
};

/* Classification metrics of predictions pred[i] and probabilities
 * probs[i * n_classes + k] against truth y[i]. ROC AUC is one-vs-rest with
 * tied scores counted half (Mann-Whitney), as scikit-learn's roc_auc_score.
 * n_classes <= CLONE_NUM_CLASSES. */
int32_t clone_compute_metrics(int64_t n, int32_t n_classes, const int32_t *y,
                              const int32_t *pred, const double *probs,
                              struct clone_metrics *out);

/* One-vs-rest ROC AUC of scores for the positives (is_pos[i] != 0); NaN
 * when either side is empty. Allocates a sort buffer: BC_E_OUT_OF_MEMORY. */
int32_t clone_roc_auc(int64_t n, const double *score, const uint8_t *is_pos,
                      double *out);

struct clone_fidelity {
    int64_t target_entries, clone_entries, matched;
    double precision, recall, f1; /* 1 when both sides have no entries */
};

/* Clone fidelity: entries (bar index + direction +1/-1) of the clone
 * matched one-to-one to the target's within +-tolerance bars and the same
 * direction, greedily in time order. Both lists sorted by bar.
 * Errors: BC_E_OUT_OF_MEMORY. */
int32_t clone_fidelity_match(int64_t n_target, const int32_t *target_bar,
                             const int32_t *target_dir, int64_t n_clone,
                             const int32_t *clone_bar, const int32_t *clone_dir,
                             int32_t tolerance, struct clone_fidelity *out);

/* Precision, recall and F1 from the three counts (all 1 when both sides
 * are empty): how per-symbol fidelities add up. */
void clone_fidelity_from_counts(int64_t n_target, int64_t n_clone, int64_t matched,
                                struct clone_fidelity *out);

/* Level features appended to the default set for the trees kind only
 * (lib/clone/default_features.c says which and why). Static. */
const char *clone_level_features(void);
/* Trees-only level features a bot that mostly reverses but sometimes only
 * closes on its training bars gets after clone_level_features
 * (default_features.c). */
const char *clone_reversal_filter_features(void);

/* ---- signal search -------------------------------------------------- */

/* The four decisions a candidate signal is scored on: open long (bars not
 * long), open short (bars not short), close long (bars long: a close or a
 * reversal), close short (bars short). */
#define CLONE_SEARCH_DECISIONS 4
/* A decision needs this many examples in the scored bars to be searched. */
#define CLONE_SEARCH_MIN_POSITIVES 3
/* A candidate is taken only with F1 >= this, and at least the margin above
 * the best discrete column already in the spec for that decision. */
#define CLONE_SEARCH_MIN_F1 0.5
#define CLONE_SEARCH_MARGIN 0.05
/* A close decision that "bars held >= n" marks with at least this F1 is a
 * time stop, which the position columns (bars held) already express: the
 * search adds nothing for it (measured: the ROC breakout bot's own closes
 * are its 15-bar time stop, its broker closes are out of the search; pairs
 * such as rsi(12) > 61 beside the close's distance from its 15-bar low fit
 * 12-16 of them at F1 0.57-0.59 by chance and cost one held-out entry). */
#define CLONE_SEARCH_TIME_STOP_F1 0.95
/* A third condition completes a pair only when the three beat the pair by
 * this much: with a few dozen examples some cut among hundreds fixes the
 * pair's last one or two misses by chance (measured: a gap bot's 18 short
 * entries took zscore(close,5) beside its gap and candle, 0.947 -> 1.000
 * on the training bars, and lost its held-out F1 0.954 -> 0.800), where
 * a rule of three conditions leaves no pair near it (an inside-bar
 * breakout: 0.50 -> 0.93). */
#define CLONE_SEARCH_TRIPLE_MARGIN 0.15
/* The most conditions the greedy search joins one at a time (a first and
 * the level cuts that complete it). A fourth, beating three by the same
 * margin, was tried (measured: a four-condition bot's three cuts reach
 * 0.918 on its 28 training entries, the fourth would close the last five
 * false entries, short of the margin, so it never joined). */
#define CLONE_SEARCH_GREEDY_CONDITIONS 3
/* The most level cuts one rule joins: a fourth joins three only where it
 * leaves (nearly) no wrong bar (see search.c's fourth_condition). */
#define CLONE_SEARCH_MAX_CONDITIONS 4
/* ... or match the spec's best F1 while the candidate's indicator (rsi(9)
 * for above(rsi(9),45)) sums this much more best F1 over the decisions than
 * the indicator of the spec's best column: ties go to the indicator that
 * explains every decision. */
#define CLONE_SEARCH_FAMILY_MARGIN 0.25
/* The cloner's "search" option: at most this many per decision; "auto"
 * means CLONE_SEARCH_DEFAULT with the default features, 0 with a user spec. */
#define CLONE_SEARCH_MAX_PER_DECISION 8
#define CLONE_SEARCH_DEFAULT 2
#define CLONE_SEARCH_MAX_ADDED (CLONE_SEARCH_DECISIONS * CLONE_SEARCH_MAX_PER_DECISION)
/* A searched spec item's longest text, including the NUL: a model's feature
 * name (BC_MODEL_NAME_MAX, checked in search.c). */
#define CLONE_ITEM_MAX 256

/* The candidate grid, built once: engines over batches of items. Periods
 * beyond the base grid's 60 (100, 150, 200: long trend filters) join when
 * the shortest series has CLONE_SEARCH_BARS_PER_PERIOD bars per period of
 * them, so that a chosen item's lookback costs at most 1/20 of its bars,
 * or when the log's first decision (over every series) comes on or after
 * the period's first value's bar (n - 1 from 0: sma(200)'s is bar 199; the
 * heldout26 %b bot's AAPL half first acts there): the bot did not act
 * before such a lookback had passed,
 * so it costs no example of a decision (measured: a dip bot above sma(200)
 * on AAPL's 1,260 bars found no trend filter, 0.944). */
#define CLONE_SEARCH_BARS_PER_PERIOD 20
struct clone_search;
/* intraday: the bars are finer than a day (clone_bars_intraday of every
 * series): the level grid then has the session-anchored extremes. */
int32_t clone_search_create(struct clone_search **out, int32_t shortest_bars,
                            int32_t first_decision, int intraday);
/* 1 when most bars share their UTC day with the bar before (hourly, M15
 * ...), 0 for daily or coarser bars and for fewer than 2 bars. */
int clone_bars_intraday(const bc_bars *bars);
/* Largest lookback of any candidate (bars). */
int32_t clone_search_lookback(const struct clone_search *s);
/* Whether clone_search_run refines its chosen items' parameters
 * (periods, @k displacements, decimal parameters) off the grids' values
 * afterwards (the
 * cloner's search_refine; on when created). */
void clone_search_set_refine(struct clone_search *s, int on);
/* Whether clone_search_run tries its reserve (engine families in neither
 * grid, search.c reserve_added) on the decisions still unexplained after
 * the search and refinement (the cloner's search_reserve; on when
 * created). */
void clone_search_set_reserve(struct clone_search *s, int on);
/* Whether clone_search_run bounds the stay before a chosen crossing (the
 * bars its oscillator spent beyond the level, search.c dwell_added) on
 * the decisions still unexplained after the search and refinement (the
 * cloner's search_dwell; on when created). */
void clone_search_set_dwell(struct clone_search *s, int on);
/* Whether clone_search_run prunes each chosen compound rule: a condition
 * whose removal leaves no more wrong training bars goes (search.c
 * prune_conditions; the cloner's search_prune; on when created). */
void clone_search_set_prune(struct clone_search *s, int on);
void clone_search_free(struct clone_search *s);

/* One symbol's scored bars [start, end) (the training slice only), its
 * labels and position state, and its spec's columns
 * market[n_bars x n_market] (each input has the same columns). */
struct clone_search_input {
    const bc_bars *bars;
    const int32_t *labels;
    const struct clone_position *state;
    const double *market;
    int32_t n_market;
    int32_t start, end;
};

struct clone_search_result {
    int32_t n_added;
    char added[CLONE_SEARCH_MAX_ADDED][CLONE_ITEM_MAX]; /* spec items, best first */
    uint8_t decisions[CLONE_SEARCH_MAX_ADDED]; /* bit t: found for decision t */
    int32_t positives[CLONE_SEARCH_DECISIONS];
    double spec_f1[CLONE_SEARCH_DECISIONS]; /* best F1 in the spec */
    double best_f1[CLONE_SEARCH_DECISIONS]; /* best after the search */
    /* close decisions: the best "bars held >= time_stop_bars" and its F1
     * (0 bars: none); from CLONE_SEARCH_TIME_STOP_F1 on, the decision is
     * a time stop and not searched */
    int32_t time_stop_bars[CLONE_SEARCH_DECISIONS];
    double time_stop_f1[CLONE_SEARCH_DECISIONS];
    /* per decision, the spec column the found rule rests on ("" none): a
     * pair's first condition taken from the spec (a cross already in the
     * spec beside an added level cut) or an either-exit's first. The rule
     * candidate (cloner_fit.c) keeps these columns beside the added ones. */
    char spec_used[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
    uint8_t spec_first[CLONE_SEARCH_DECISIONS]; /* the pair's first is the spec's */
    /* search_refine: the added items whose parameters moved, "from -> to" */
    int32_t n_refined;
    char refined[CLONE_SEARCH_MAX_ADDED][2 * CLONE_ITEM_MAX + 8];
    /* search_reserve: the reserve items taken (also among added), and the
     * column runs the reserve step made (0: not run) */
    int32_t n_reserve;
    char reserve[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
    int32_t reserve_runs;
    /* search_dwell: the bounded crossings taken (also among added) */
    int32_t n_dwell;
    char dwell[CLONE_SEARCH_DECISIONS][CLONE_ITEM_MAX];
};

/* Whether an added item is a level (above(...)) found for an exit decision
 * (close long or close short): such a level gets a position-signed copy in
 * the datasets, like a cross (see clone_wants_signed). */
int clone_search_exit_level(const char *item, uint8_t decisions);

/* The twin of a level item whose indicator has one output per side
 * (aroon(n).up / .down, dmi(n).plus / .minus, vortex(n).plus / .minus,
 * rwi(n).high / .low, stiffness(n,m).up / .down): name with each such
 * output swapped for the other,
 * in twin (size bytes). A mirrored bot filters its long side on one output
 * and its short side on the other at the same level ("up >= 70" / "down >=
 * 70"). Returns 1 when name holds such an output and the twin fits, else 0
 * (twin then ""). */
int clone_search_twin(const char *name, char *twin, size_t size);

/* The threshold text a level cut whose equivalent thresholds are [lo, hi)
 * takes: the roundest number there (fewest significant digits, a 5 before
 * a 1), among equally round multiples of 10 a customary oscillator level
 * (20, 30, 70, 80, either sign) first; lo itself when none is rounder. */
void clone_search_round(double lo, double hi, char *text, size_t size);

/* A test of the level search's fast sweeps: a random level table of n_rows
 * x n_cols (seeded; ties, -0, NaN and inf among its values) swept by each
 * fast path and by its reference under random masks; *mismatches gets how
 * many results differ in any field (0: bit for bit the same).
 * Errors: BC_E_OUT_OF_MEMORY. */
int32_t clone_search_cut_check(uint64_t seed, int32_t n_rows, int32_t n_cols, int64_t *mismatches);

/* Appends n learned items (lagfilter.c, at most CLONE_SEARCH_LEARNED_MAX,
 * names under 64 characters) to the discrete grid as one more batch; an
 * item that does not parse is left out; the lookback may grow. */
#define CLONE_SEARCH_LEARNED_MAX 8
int32_t clone_search_add_items(struct clone_search *s, const char (*items)[64], int32_t n);
/* Appends n learned level items (oscfilter.c, at most
 * CLONE_SEARCH_LEARNED_MAX) to the level grid, cut at learned thresholds
 * like its own; an item that does not parse is left out. Errors:
 * BC_E_OUT_OF_MEMORY, feature engine errors. */
int32_t clone_search_add_levels(struct clone_search *s, const char (*items)[64], int32_t n);

/* Scores every candidate of the grid on the inputs' bars: per decision,
 * the F1 of the best predicate "signal == -1 / 0 / +1" against the bars
 * the bot took that decision on; names in *out, per decision, the
 * per_decision best candidates not in market_names that clear
 * CLONE_SEARCH_MIN_F1 and beat the spec by CLONE_SEARCH_MARGIN (union, no
 * repeats, deterministic). Errors: BC_E_OUT_OF_MEMORY, engine errors. */
int32_t clone_search_run(struct clone_search *s, const struct clone_search_input *in, int32_t n_in,
                         const char *const *market_names, int32_t per_decision,
                         struct clone_search_result *out);

/* Symbol embeddings from a symbol graph (lib/clone/symbol_graph_meta.c). */
#define CLONE_MAX_EMBEDDED_SYMBOLS 4096
typedef struct clone_embeddings {
    int32_t n, dimensions;
    char (*symbols)[32];
    double *values; /* [n x dimensions] */
} clone_embeddings;

/* Reads "symbol_embeddings" of a graph.json. Errors: BC_E_IO, BC_E_PARSE,
 * BC_E_FORMAT naming the file and the problem. */
int32_t clone_embeddings_load(const char *path, clone_embeddings *e);
void clone_embeddings_free(clone_embeddings *e);
/* The vector of symbol, or NULL. */
const double *clone_embeddings_find(const clone_embeddings *e, const char *symbol);
/* Records the vectors of the clone's symbols as "symbol_embeddings". */
int32_t clone_embeddings_record(bc_model *m, const clone_embeddings *e,
                                char (*symbols)[32], int32_t n_symbols);
/* The recorded vector of symbol into out (at most capacity), its length in
 * *n (0 when the model has none for symbol); *n_symbols = how many
 * symbols' vectors the model records (0: trained without a symbol graph). */
int32_t clone_model_embedding(const bc_model *m, const char *symbol, double *out,
                              int32_t capacity, int32_t *n, int32_t *n_symbols);

#endif
