/*
 * prevday.h - prevday.c's period step, shared with the weekly MACD
 * (macd.c weekmacd): the state of the current UTC day (or ISO week) so far
 * and of the previous whole one, and the step that hands a period that ends
 * to prev. The rules (the first period seen never counts, a missing bar
 * enters no period) are prevday.c's header's.
 */
#ifndef BC_FEATURES_PREVDAY_H
#define BC_FEATURES_PREVDAY_H

#include <math.h>
#include <stdint.h>
#include "step.h"

typedef struct prevday_state {
    int64_t day;         /* UTC day (or ISO week) of the last bar */
    int32_t days;        /* periods seen, capped at 2: 0 none, 1 the first (not whole) */
    double open, high, low, close; /* the current day so far */
    double prev[4];      /* the previous whole day's open, high, low, close; NaN before */
} prevday_state;

/* The state before the first bar: no period seen, prev NaN. */
static inline void prevday_init(prevday_state *s)
{
    s->day = 0;
    s->days = 0;
    s->open = s->high = s->low = s->close = NAN;
    for (int k = 0; k < 4; k++)
        s->prev[k] = NAN;
}

/* One bar: a new day hands the day that ends to prev (unless it was the
 * first day seen), then the bar enters its day. weeks: 0 UTC days, 1 ISO
 * weeks, 2 UTC days without Sundays (camarilla's: a Sunday's bar enters no
 * day but ends the day before, so a Sunday's bars have the last whole
 * trading day's levels, Friday's, as the Monday after has; the hand-over is
 * repeated on each Sunday bar and again on Monday's first, with the same
 * values, and is no dayema cue). The generated code's
 * templates (lib/export/feature_source.c "prevday", "pivot") are this step.
 * Returns 1 when a whole day was handed to prev on this bar (dayema's cue). */
static inline int prevday_step(prevday_state *s, int64_t t, double open, double high,
                                double low, double close, int weeks)
{
    const int64_t sec = bc_second_of_day(t);
    int64_t day = (t - sec) / 86400;
    if (weeks == 1) { /* ISO week: 1970-01-01 was a Thursday, day -3 a Monday */
        const int64_t m = day + 3, r = m % 7;
        day = (m - (r < 0 ? r + 7 : r)) / 7;
    }
    else if (weeks == 2) { /* camarilla: a UTC Sunday's bars enter no day */
        const int64_t w = (day + 4) % 7; /* day 0 was a Thursday: 0 is Sunday */
        if (w == 0) { /* the day before ends (a Sunday's levels are Friday's) */
            if (s->days == 2) {
                s->prev[0] = s->open;
                s->prev[1] = s->high;
                s->prev[2] = s->low;
                s->prev[3] = s->close;
            }
            return 0;
        }
    }
    int ended = 0;
    if (s->days == 0 || day != s->day) {
        if (s->days == 2) {
            ended = 1;
            s->prev[0] = s->open;
            s->prev[1] = s->high;
            s->prev[2] = s->low;
            s->prev[3] = s->close;
        }
        if (s->days < 2)
            s->days++;
        s->day = day;
        s->open = open;
        s->high = high;
        s->low = low;
    }
    if (high > s->high)
        s->high = high;
    if (low < s->low)
        s->low = low;
    s->close = close;
    return ended;
}

#endif
