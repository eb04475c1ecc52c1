/*
 * flat.h - TA-Lib's scaled zero test: x counts as zero when it is within
 * 2e-14 of the price level it is measured against (a flat stretch). Shared
 * by cci (the distance from the mean and the mean deviation) and wavetrend
 * (the smoothed deviation against esa), so both see the same flat stretches.
 */
#ifndef BC_FEATURES_FLAT_H
#define BC_FEATURES_FLAT_H

#include <math.h>

/* Nonzero when |x| <= 2e-14 * level (level a nonnegative price level). */
static inline int bc_flat(double x, double level)
{
    return fabs(x) <= 2e-14 * level;
}

#endif
