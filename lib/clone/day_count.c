/*
 * day_count.c - the day count (trades_today, clone.h): the entries a bot
 * already took on the UTC day of a bar, before that bar's decision, bar
 * by bar (a simulator's own position) and over a labelled log (the
 * target's).
 */
#include "clone/clone.h"
#include "features/step.h"

int64_t clone_day_of(int64_t t)
{
    return (t - bc_second_of_day(t)) / 86400;
}

double clone_day_bar(struct clone_day_count *c, int64_t time)
{
    int64_t day = clone_day_of(time);
    if (day != c->day) {
        c->day = day;
        c->entries = 0;
    }
    return (double)(c->entries < CLONE_DAY_CAP ? c->entries : CLONE_DAY_CAP);
}

void clone_day_entered(struct clone_day_count *c)
{
    if (c->entries < INT32_MAX)
        c->entries++;
}

void clone_day_counts(int32_t n_bars, const int64_t *bar_time, const int32_t *labels,
                      double *out)
{
    struct clone_day_count c = CLONE_DAY_START;
    for (int32_t t = 0; t < n_bars; t++) {
        out[t] = clone_day_bar(&c, bar_time[t]);
        if (labels[t] == CLONE_LABEL_OPEN_LONG || labels[t] == CLONE_LABEL_OPEN_SHORT)
            clone_day_entered(&c);
    }
}
