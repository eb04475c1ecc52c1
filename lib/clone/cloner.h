/*
 * cloner.h - the cloner's internals shared by its files: the options
 * (cloner_options.c), the per-symbol dataset (cloner_dataset.c), the
 * signal search's use (cloner_search.c) and the fit steps (cloner_fit.c).
 * Internal.
 */
#ifndef BC_CLONE_CLONER_H
#define BC_CLONE_CLONER_H

#include "botcopier.h"
#include "clone/clone.h"
#include "clone/report.h"

#include <stdint.h>

#define CLONER_MAX_PASSTHROUGH 16
enum { CLONER_LEVELS_TREES = 0, CLONER_LEVELS_ALL = 1, CLONER_LEVELS_NONE = 2 };
/* position_day: off (0), on (1), auto (the default) */
enum { CLONER_DAY_OFF = 0, CLONER_DAY_ON = 1, CLONER_DAY_AUTO = 2 };

/* auto_rule: off, better (the rule candidate kept when no lower on both
 * walk-forward measures and higher on one), ties (kept at a tie too). */
enum { CLONER_AUTO_RULE_OFF, CLONER_AUTO_RULE_BETTER, CLONER_AUTO_RULE_TIES };

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
    /* Level items (above(...)) the signal search found for an exit
     * decision, set for the fit by cloner_search_features: each gets a
     * position-signed copy like a cross (clone_wants_signed), so a linear
     * model can close a long below a level and a short above it. */
    int32_t n_exit_levels;
    char (*exit_levels)[CLONE_ITEM_MAX];
    int32_t class_balance;
    double threshold; /* NaN = search */
    int32_t calibrate;
    /* trees_rounds: 1 fidelity (keep the shortest prefix of boosting rounds
     * that makes the full ensemble's closed-loop decisions on the
     * validation slices), 0 all (keep every round) */
    int32_t trees_prune;
    /* trees_snap: 1 (default) move a trees clone's split thresholds to the
     * roundest value inside the gap its training rows leave
     * (bc_trees_snap_thresholds), 0 keep XGBoost's histogram cuts */
    int32_t trees_snap;
    /* trees_path_rule: 1 (default) where the search's signal explains a
     * side's training exits alone (F1 1), a trees clone's splits on the
     * position's path columns (mae/mfe/distances) that its training and
     * validation decisions do without are taken out (cloner_fit.c,
     * prune_path_splits); 0 keep them */
    int32_t trees_path_rule;
    /* search_refine: 1 (default) the search's chosen items' periods, @k
     * displacements and decimal parameters are moved off the grids' values where the training
     * F1 rises by more than one decision (search.c, refine_added); 0 keep
     * the grids' items */
    int32_t search_refine;
    /* search_reserve: 1 (default) decisions still unexplained after the
     * search try the reserve, engine families in neither grid, and their
     * parameters' moves (search.c, reserve_added); 0 not */
    int32_t search_reserve;
    /* search_dwell: 1 (default) decisions still unexplained after the
     * search and refinement try a chosen crossing with the stay before it
     * bounded (the bars its item spent beyond the level; search.c,
     * dwell_added); 0 not */
    int32_t search_dwell;
    /* search_prune: 1 (default) a chosen rule's conditions that fix no
     * training bar go (search.c, prune_conditions); 0 keep them */
    int32_t search_prune;
    int32_t auto_rule; /* model auto's rule candidate: CLONER_AUTO_RULE_* (cloner_fit.c) */
    int32_t max_hold;  /* 1: the model's max_hold is the training log's longest hold */
    /* position_columns: 0 standard (CLONE_POSITION_FEATURES), 1 extended
     * (CLONE_POSITION_FEATURES_EXT for trees clones). */
    int32_t position_extended;
    /* position_giveback: 0 (default) a trees clone takes giveback_atr after
     * the six or sixteen (layouts 7, 17), 1 (position_giveback=0) not. */
    int32_t position_no_giveback;
    /* position_entry_bar: 1 (position_entry_bar=1) a trees clone with
     * giveback_atr takes the two entry-bar columns after it (layouts 9,
     * 19), 0 (default) not: measured on by default, the doji-dip bot it is
     * for went 0.989 -> 0.977 and guard bots down (see README). */
    int32_t position_entry_bar;
    /* position_atr: 0 (position_atr=auto, default) the fit chooses the
     * period of the position's atr among the customary ones on the
     * training bars (cloner_choose_position_atr), n (position_atr=n) takes
     * atr(n); position_atr_period is the period in effect (set by the fit
     * before any dataset is built; 0 outside a fit reads as 14). */
    int32_t position_atr;
    int32_t position_atr_period;
    /* position_day: CLONER_DAY_ON (position_day=1) a clone on intraday
     * bars takes the day count (trades_today, clone.h) as its last input,
     * after the signed columns; CLONER_DAY_OFF (0) not;
     * CLONER_DAY_AUTO (auto, the default) for a log that never enters twice on one UTC
     * day of a symbol, on intraday bars, and shows that as its rule
     * (day_rule_shown), the clone with it when its training and
     * validation closed loops are no worse (bc_cloner_fit). */
    int32_t position_day;
    /* while position_day=auto tries both (bc_cloner_fit): 1, and each
     * fit leaves its closed-loop fidelity F1 over the training slices in
     * day_train_f1 (else -1) */
    int32_t day_trial;
    double day_train_f1;
    int64_t day_evidence[3]; /* the clone without it: day_evidence (cloner_fit.c) */
    /* position_levels: which kinds take the level columns when the log
     * shows a consistent sl/tp rule: CLONER_LEVELS_TREES (default),
     * CLONER_LEVELS_ALL, CLONER_LEVELS_NONE. */
    int32_t position_levels;
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

struct cloner_dataset {
    int32_t n_bars, n_market, n_features, lookback;
    int32_t n_position; /* position-state columns of the current layout (clone.h) */
    int32_t n_position_full; /* of the widest layout (trees'): CLONE_POSITION_FEATURES
                              * or _EXT (_GB / _EXT_GB with the give-back
                              * column, _EB / _EXT_EB with the entry-bar
                              * ones too), plus CLONE_POSITION_LEVELS with levels */
    int32_t n_level_dense;   /* level columns the dense kinds take (0 or
                              * CLONE_POSITION_LEVELS: position_levels=all) */
    struct clone_exit_rules levels; /* what the level columns measure against */
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
    int32_t n_day;         /* 1: the day count is the last input (position_day) */
    double *day;           /* [n_bars] the target's day count (clone_day_counts) */
    int32_t names_capacity;
    /* per symbol: its name, events, split and sample weights */
    char symbol[32];
    int32_t n_events;
    int64_t newest_event, last_event_id;
    double lots;
    int32_t first, n_train, n_val, n_hold, val_start, hold_start;
    double *weight; /* [n_bars] */
};

/* Closed-loop fidelity over [start, end) of each symbol's bars, added up. */
/* Buffers of the closed-loop runs: per-bar fills, clone and target entries. */
struct loop_buffers {
    struct clone_fill *fills;
    int32_t *bar, *dir, *tbar, *tdir;
    /* [n_ds] one model's forward passes per series while one model is
     * replayed (cloner_fit.c's sweeps), else NULL */
    struct clone_row_memo *memo;
};

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
    /* non-NULL: the candidate learns from the search's columns only (those
     * of these added items, and the position state): every other market
     * column is zeroed in its training rows, so a dense fit leaves its
     * weight at 0 (cloner_fit.c, model auto's rule candidate) */
    const struct clone_report *rule_of;
};

/* ---- cloner_dataset.c ------------------------------------------------- */

void cloner_dataset_free(struct cloner_dataset *d);

/* Which symbols to clone and on which bars: the bars given to fit for the
 * log's only symbol (or the 'symbol' option), else the registered bars of
 * every symbol in the log (or of the 'symbol' option). */
int32_t cloner_plan_symbols(const bc_cloner *c, const bc_trades *trades, const bc_bars *bars,
                            char (*symbols)[32], const bc_bars **plan_bars, int32_t *n_plan);

/* The time-ordered split of n_bars after a lookback into d's first,
 * n_train, n_val, n_hold, val_start, hold_start. */
void cloner_split_bars(const bc_cloner *c, int32_t n_bars, int32_t lookback,
                       struct cloner_dataset *d);

/* spec followed by sym_emb(0) .. sym_emb(d-1); malloc'd, NULL when out of
 * memory. */
char *cloner_with_embedding_items(const char *spec, int32_t d);

/* The period of the position's atr (the atr its columns, its entry_atr,
 * an atr rule without its own n and the break-even move measure in):
 * among the customary 14 (the default), 7 and 22 (position_atr_periods),
 * the one whose single give-back cut (giveback_atr >= cut: a close or a
 * reversal) best separates the log's closes and reversals from the bars
 * it held on, over the training and validation bars of every symbol
 * (never the held-out ones); another period than 14 only where its cut
 * reaches CLONER_POSITION_ATR_EXPLAINS and beats 14's by
 * CLONER_POSITION_ATR_MARGIN (fewer than 10 closes: 14). Into *period,
 * each period's F1 into f1[3] (NaN: not measured), and the chosen
 * period's cut into *cut where it reaches CLONER_POSITION_ATR_EXPLAINS
 * (the log's exits are a give-back stop; else NaN). */
#define CLONER_POSITION_ATR_EXPLAINS 0.95
#define CLONER_POSITION_ATR_MARGIN 0.10
int32_t cloner_choose_position_atr(const bc_cloner *c, const bc_trades *trades,
                                   char (*symbols)[32], const bc_bars *const *plan_bars,
                                   int32_t n_symbols, int32_t *period, double *f1, double *cut);

/* One symbol's dataset under spec, split in time order: train,
 * validation, held out. */
int32_t cloner_prepare_symbol(const bc_cloner *c, const bc_trades *trades, const char *symbol,
                              const bc_bars *bars, const char *spec, struct cloner_dataset *d);

/* With the default features: every dataset rebuilt with the level
 * features after the spec, the columns before them the dense kinds'. */
int32_t cloner_add_level_features(const bc_cloner *c, const bc_trades *trades,
                                  char (*symbols)[32], const bc_bars *const *plan_bars,
                                  struct cloner_dataset *ds, int32_t n_ds);

/* With rules (a consistent sl/tp fit, r->levels) and position_levels not
 * none: every dataset gains the level block after its trees' position
 * columns (and, with position_levels=all, in the dense kinds' layout).
 * Errors: BC_E_OUT_OF_MEMORY. */
int32_t cloner_add_level_columns(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                                 const struct clone_exit_rules *levels);
/* Position columns of the dense kinds' layout. */
int32_t cloner_dense_positions(const struct cloner_dataset *d);

/* Every dataset in the layout of a model kind; the layout's feature spec. */
void cloner_use_layout(struct cloner_dataset *ds, int32_t n_ds, const char *kind);
const char *cloner_dataset_spec(const struct cloner_dataset *d);

/* Row i of the model's inputs with the target's position state. */
void cloner_dataset_row(const struct cloner_dataset *d, int32_t i, double *row);

/* An entry while a position was held (a reversal or a re-entry). */
int cloner_is_reversal(const struct cloner_dataset *d, int32_t i);

/* Sample weights of every bar: time decay from the newest event, replay
 * divergences. */
/* Training and validation bars whose CLOSE label is a broker's exit at a
 * traded level (exits: the used rules; the bar touched the level the
 * position got at its entry) get weight 0: the simulator closes there
 * before the model decides, so they teach the model no close of its own
 * and P(act)'s calibration leaves them out; *skipped counts the training
 * ones. Errors: out of memory for an atr(n) rule's series. */
int32_t cloner_skip_broker_exits(struct cloner_dataset *ds, int32_t n_ds,
                                 const struct clone_exit_rules *exits, int32_t *skipped);

/* The used rules of r fitted to CLONE_LEVEL_EXACT_ERROR (the log's own
 * rule, not an approximation of it), the others CLONE_LEVEL_NONE. */
void cloner_exact_exits(const struct clone_report *r, struct clone_exit_rules *exact);

/* 1 when bar i of d is labelled CLOSE and touched a level that exits give
 * the position it holds (entered on bar i - bars_held): a broker's exit.
 * atr: cloner_exit_atrs's series for exits. */
int cloner_broker_exit(const struct cloner_dataset *d, int32_t i, const struct clone_exit_rules *exits,
                       double *const atr[2]);

/* 1 when bar i of d is labelled OPEN_LONG or OPEN_SHORT while a position
 * is held (a close and an open on one bar) and touched a level of exits:
 * the broker closed the position, then the bot opened from flat. */
int cloner_broker_reentry(const struct cloner_dataset *d, int32_t i,
                          const struct clone_exit_rules *exits, double *const atr[2]);

/* The one-column feature spec (an exit unit's engine: atr(n),
 * mean(diff(high,low),n), a level such as sma(20)) over d's bars into out[n_bars] (the engine's
 * kernel, as the predictor's exit engines stream it). Errors: the
 * engine's. */
int32_t cloner_unit_series(const struct cloner_dataset *d, const char *spec, double *out);

/* The series of the exits' units with an engine of their own
 * (clone_exit_unit_spec: atr(n) other than atr(14), the average range,
 * a level; atr[k] NULL where none; free both). Errors: out of memory, the engine's. */
int32_t cloner_exit_atrs(const struct cloner_dataset *d, const struct clone_exit_rules *exits,
                         double *atr[2]);

int32_t cloner_fill_weights(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                            int64_t newest_event);
int32_t cloner_apply_replay(const bc_cloner *c, const struct cloner_dataset *d, double *w);

/* Labelled uncertain rows (n_features or n_features_v1 wide, stored
 * n_features apart; *width which). */
int32_t cloner_load_uncertain(const bc_cloner *c, int32_t n_features, int32_t n_features_v1,
                              float **x, int32_t **y, int32_t *n_out, int32_t *width);

/* Training rows of every symbol in the current layout; returns the count. */
int32_t cloner_fill_training_rows(const bc_cloner *c, struct cloner_dataset *ds, int32_t n_ds,
                                  const float *ux, const int32_t *uy, int32_t n_unc, double *row,
                                  float *x, int32_t *y, float *w);

/* What the model records of the datasets. */
int32_t cloner_record_training_profile(const struct cloner_dataset *ds, int32_t n_ds,
                                       bc_model *model);
int32_t cloner_record_risk_parity(const struct cloner_dataset *ds, int32_t n, bc_model *model);

/* ---- cloner_exits.c --------------------------------------------------- */

/* The target's stop-loss / take-profit rules from the sl/tp of its OPEN
 * events on the bars before each symbol's held-out tail, as fits and the
 * consistent ones as rules into r. buf: CLONER_EXIT_BUF(bc_trades_count(
 * trades)) doubles of scratch. */
#define CLONER_EXIT_SWINGS 6
#define CLONER_EXIT_ATRS 6
#define CLONER_EXIT_RANGES 7
#define CLONER_EXIT_LEVELS 7
#define CLONER_EXIT_STDDEVS 2
#define CLONER_EXIT_COLUMNS                                                                        \
    (5 + CLONER_EXIT_ATRS + CLONER_EXIT_RANGES + CLONER_EXIT_LEVELS + CLONER_EXIT_STDDEVS +      \
     CLONER_EXIT_SWINGS)
#define CLONER_EXIT_BUF(n) (2 * CLONER_EXIT_COLUMNS * (size_t)(n) + 1)
int32_t cloner_learn_exits(const bc_trades *trades, const struct cloner_dataset *ds, int32_t n_ds,
                           double *buf, struct clone_report *r);

/* Whether the bot enters on a bar its broker closed at a level (exits: the
 * traded rules) or waits a bar: over the training and validation bars, the
 * log's entries on such bars (cloner_broker_reentry) against the broker
 * closes (cloner_broker_exit) on which p, fitted and seeing the position
 * flat, would enter; more unused than taken sets model->level_wait (the
 * simulator then suppresses those entries, simulate.c). Measured: the
 * heldout13 range bot skips its cross on a bar its level filled (3 such
 * bars in training) and the heldout10 swing-stop bot takes it. Errors: out
 * of memory. */
int32_t cloner_learn_level_wait(bc_predictor *p, const struct cloner_dataset *ds, int32_t n_ds,
                                const struct clone_exit_rules *exits, bc_model *model);

/* Logs the exits r holds (cloner_learn_exits's fits) at INFO. */
void cloner_log_exits(const struct clone_report *r);

/* ---- cloner_search.c -------------------------------------------------- */

/* The signal search on each symbol's training bars; when it finds signals
 * the spec lacks, every dataset is rebuilt with them appended. */
int32_t cloner_search_features(bc_cloner *c, const bc_trades *trades, char (*symbols)[32],
                               const bc_bars *const *plan_bars, struct cloner_dataset *ds,
                               int32_t n_ds, int32_t per_decision, struct clone_report *r);

#endif
