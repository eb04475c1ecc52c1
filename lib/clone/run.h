/*
 * run.h - driving a predictor over stored bars, for the backtest
 * (bc_clone_run) and the cloner's closed-loop fidelity. Internal.
 */
#ifndef BC_CLONE_RUN_H
#define BC_CLONE_RUN_H

#include "clone/clone.h"

/* Resets p, feeds bars [0, start) as warm-up (no decisions), sets the
 * position to *initial (NULL = flat), then decides on bars [start, end)
 * with the predictor tracking its own position; direction_after[i - start]
 * is the position after bar i's decision as CLONE_AFTER (predictor.h). */
int32_t clone_run_bars(bc_predictor *p, const bc_bars *bars, int32_t start, int32_t end,
                       const struct clone_position *initial, int8_t *direction_after);

/* Entries (bar index, direction) of a run: every bar on which a position
 * was entered (a new direction, or a re-entry the same way).
 * initial_direction is unused (kept for the callers' symmetry). bar/dir
 * hold count entries. Returns n. */
int32_t clone_entries_from_run(int32_t start, int32_t count, int32_t initial_direction,
                               const int8_t *direction_after, int32_t *bar, int32_t *dir);

/* Symbol and lot size a clone trades with, from the model's clone metadata
 * ("CLONE" and 0.1 when absent). */
void clone_model_trade_identity(const bc_model *m, char *symbol, int32_t capacity, double *lots);

#endif
