/*
 * true_range.h - TA-Lib's true range of a bar (TRANGE / ADX's TRUE_RANGE):
 * the greatest of high-low, |high-prev close|, |low-prev close|. Shared by
 * atr and adx. Written with selects instead of branches; max is exact, so the
 * value is TA-Lib's bit for bit.
 */
#ifndef BC_FEATURES_TRUE_RANGE_H
#define BC_FEATURES_TRUE_RANGE_H

#include <math.h>

static inline double bc_true_range(double high, double low, double prev_close)
{
    double out = high - low;
    double t = fabs(high - prev_close);
    out = t > out ? t : out;
    t = fabs(low - prev_close);
    out = t > out ? t : out;
    return out;
}

#endif
