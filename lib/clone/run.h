/*
 * run.h - driving a predictor over stored bars, for the backtest
 * (bc_clone_run) and the cloner's closed-loop fidelity. Internal.
 */
#ifndef BC_CLONE_RUN_H
#define BC_CLONE_RUN_H

#include "clone/clone.h"
#include "clone/predictor.h"

/* Resets p and runs it in closed loop (clone_simulate) over bars [start,
 * end), the market columns computed in batch by p's own engine over bars
 * [0, end) (bit-identical to feeding them one by one; bars before start
 * warm the features up), its position starting at *initial (NULL = flat).
 * out[i - start] is what bar i did. Afterwards p stands after bar end - 1,
 * as if every bar had been fed to bc_predictor_update. */
int32_t clone_run_bars(bc_predictor *p, const bc_bars *bars, int32_t start, int32_t end,
                       const struct clone_position *initial, struct clone_fill *out);

/* Entries (bar index, direction) of a run: every bar on which a position
 * was entered (a new direction, or a re-entry the same way). bar/dir hold
 * count entries. Returns n. */
int32_t clone_entries_from_run(int32_t start, int32_t count, const struct clone_fill *fills,
                               int32_t *bar, int32_t *dir);

#endif
