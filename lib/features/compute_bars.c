/*
 * compute_bars.c - batch features over a bc_bars series: the one place the
 * feature layer reads the data layer's bar type. Adds no computation of its
 * own; everything goes through bc_features_compute_arrays.
 */
#include "core/internal.h"

int32_t bc_features_compute(bc_features *f, const bc_bars *bars, double *out,
                            int64_t capacity)
{
    if (!bars)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_features_compute: bars is NULL");
    return bc_features_compute_arrays(
        f, bc_bars_length(bars), bc_bars_time(bars),
        bc_bars_column(bars, BC_BAR_OPEN), bc_bars_column(bars, BC_BAR_HIGH),
        bc_bars_column(bars, BC_BAR_LOW), bc_bars_column(bars, BC_BAR_CLOSE),
        bc_bars_column(bars, BC_BAR_VOLUME), NULL, NULL, out, capacity);
}
