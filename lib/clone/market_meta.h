/*
 * market_meta.h - what a clone records about its bars and the target's
 * stops (market_meta.c). Internal to lib/clone.
 */
#ifndef BC_CLONE_MARKET_META_H
#define BC_CLONE_MARKET_META_H

#include "botcopier.h"

#include <stdint.h>

/* The bar period of one series: the commonest gap between consecutive bar
 * times (ties: the shorter), so weekends, holidays and missing bars do not
 * change it; 0 for fewer than two bars. */
int64_t clone_bar_period(const int64_t *time, int32_t n);

/* The median distance of the target's stop-loss (*sl) and take-profit
 * (*tp) from the OPEN price, over the positions of symbol in trades that
 * set one (on the OPEN row or a later MODIFY of the same ticket; the first
 * value set counts); 0 when none did. Errors: BC_E_OUT_OF_MEMORY. */
int32_t clone_target_stops(const bc_trades *trades, const char *symbol, double *sl, double *tp);

/* Records on m the symbols (comma-separated), the bar period (the first
 * symbol's; 0 with a WARN log line when the symbols' periods differ), the
 * time zone (canonical text or "") and, for one symbol, the target's
 * stops. Errors: as bc_model_set_market, BC_E_OUT_OF_MEMORY. */
int32_t clone_record_market(bc_model *m, const bc_trades *trades,
                            const char *const *symbols, const int64_t *const *times,
                            const int32_t *n_bars, int32_t n_symbols, const char *time_zone);

#endif /* BC_CLONE_MARKET_META_H */
