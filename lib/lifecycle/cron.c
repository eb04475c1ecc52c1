/*
 * cron.c - five-field cron expressions (minute hour day-of-month month
 * day-of-week, Vixie cron's grammar: lists, ranges, steps, names, @daily and
 * friends) and the next firing time after a given instant, in UTC. Owns the
 * parsing and the calendar walk; the scheduler that enqueues jobs lives in
 * the daemon.
 */
#include "core/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct bc_cron {
    uint64_t minute; /* bit m: minute m (0..59) */
    uint32_t hour;   /* bit h (0..23) */
    uint32_t dom;    /* bit d (1..31) */
    uint32_t month;  /* bit m (1..12) */
    uint32_t dow;    /* bit d (0..6, Sunday 0) */
    int dom_star, dow_star;
};

struct cron_field {
    const char *name;
    int lo, hi;
    const char *const *names; /* names[i] stands for lo + i, or NULL */
};

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec", NULL};
static const char *const dow_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};

static const struct cron_field fields[5] = {
    {"minute", 0, 59, NULL},      {"hour", 0, 23, NULL},
    {"day of month", 1, 31, NULL}, {"month", 1, 12, month_names},
    {"day of week", 0, 7, dow_names}, /* 7 is Sunday too */
};

/* Reads a number or a name at *p; returns 0 and advances, or -1. */
static int read_value(const struct cron_field *f, const char **p, int *out)
{
    const char *s = *p;
    if (isdigit((unsigned char)*s)) {
        long v = 0;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (*s++ - '0');
            if (v > 1000)
                return -1;
        }
        *out = (int)v;
        *p = s;
        return 0;
    }
    if (f->names && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
        isalpha((unsigned char)s[2]) && !isalpha((unsigned char)s[3])) {
        for (int i = 0; f->names[i]; i++)
            if (strncasecmp(s, f->names[i], 3) == 0) {
                *out = f->lo + i;
                *p = s + 3;
                return 0;
            }
    }
    return -1;
}

/* Parses one field (text of length len) into *bits. */
static int32_t parse_field(const struct cron_field *f, const char *expr, const char *text,
                           size_t len, uint64_t *bits)
{
    char buf[128];
    if (len >= sizeof buf)
        return bc_fail(BC_E_PARSE, "cron '%s': %s field is too long", expr, f->name);
    memcpy(buf, text, len);
    buf[len] = '\0';
    *bits = 0;
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        const char *p = item;
        int lo, hi, step = 1;
        if (*p == '*') {
            lo = f->lo;
            hi = f->hi == 7 ? 6 : f->hi;
            p++;
        } else {
            if (read_value(f, &p, &lo) != 0)
                goto bad;
            hi = lo;
            if (*p == '-') {
                p++;
                if (read_value(f, &p, &hi) != 0)
                    goto bad;
            } else if (*p == '/') {
                hi = f->hi == 7 ? 6 : f->hi; /* "a/n": from a to the end */
            }
        }
        if (*p == '/') {
            p++;
            if (read_value(f, &p, &step) != 0 || step < 1)
                goto bad;
        }
        if (*p != '\0')
            goto bad;
        if (lo < f->lo || lo > f->hi || hi < f->lo || hi > f->hi)
            return bc_fail(BC_E_PARSE, "cron '%s': %s value in '%s' is outside %d..%d", expr,
                           f->name, item, f->lo, f->hi);
        if (lo > hi)
            return bc_fail(BC_E_PARSE, "cron '%s': %s range '%s' runs backwards", expr,
                           f->name, item);
        for (int v = lo; v <= hi; v += step)
            *bits |= 1ULL << (f->hi == 7 && v == 7 ? 0 : v);
        continue;
    bad:
        return bc_fail(BC_E_PARSE, "cron '%s': %s item '%s' is not a number, name, range "
                       "(a-b), list (a,b) or step (*/n, a-b/n)", expr, f->name, item);
    }
    return BC_OK;
}

static const struct {
    const char *macro, *expansion;
} macros[] = {{"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
              {"@weekly", "0 0 * * 0"},  {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
              {"@hourly", "0 * * * *"}};

BC_API int32_t bc_cron_parse(const char *expression, bc_cron **out)
{
    if (!expression || !out)
        return bc_fail_null("bc_cron_parse", "expression", expression, "out", out,
                            (const char *)NULL);
    *out = NULL;
    const char *text = expression;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '@') {
        size_t n = strcspn(text, " \t\r\n");
        const char *rest = text + n;
        while (isspace((unsigned char)*rest))
            rest++;
        const char *exp = NULL;
        for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++)
            if (strlen(macros[i].macro) == n && strncasecmp(text, macros[i].macro, n) == 0)
                exp = macros[i].expansion;
        if (!exp || *rest)
            return bc_fail(BC_E_PARSE, "cron '%s': unknown macro (use @yearly, @monthly, "
                           "@weekly, @daily, @midnight or @hourly)", expression);
        text = exp;
    }
    bc_cron c = {0};
    const char *p = text;
    for (int f = 0; f < 5; f++) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            return bc_fail(BC_E_PARSE, "cron '%s': %d fields, expected 5 (minute hour "
                           "day-of-month month day-of-week)", expression, f);
        size_t len = strcspn(p, " \t\r\n");
        uint64_t bits = 0;
        int32_t rc = parse_field(&fields[f], expression, p, len, &bits);
        if (rc != BC_OK)
            return rc;
        switch (f) {
        case 0: c.minute = bits; break;
        case 1: c.hour = (uint32_t)bits; break;
        case 2: c.dom = (uint32_t)bits; c.dom_star = *p == '*'; break;
        case 3: c.month = (uint32_t)bits; break;
        default: c.dow = (uint32_t)bits; c.dow_star = *p == '*'; break;
        }
        p += len;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return bc_fail(BC_E_PARSE, "cron '%s': more than 5 fields (extra '%s')", expression, p);
    bc_cron *r = malloc(sizeof *r);
    if (!r)
        return bc_fail(BC_E_OUT_OF_MEMORY, "cron: out of memory");
    *r = c;
    *out = r;
    return BC_OK;
}

/* Vixie cron: when both day fields are restricted, either may match. */
static int day_matches(const bc_cron *c, const struct tm *t)
{
    int dom = (c->dom >> t->tm_mday) & 1, dow = (c->dow >> t->tm_wday) & 1;
    if (c->dom_star || c->dow_star)
        return dom && dow;
    return dom || dow;
}

BC_API int32_t bc_cron_next(const bc_cron *cron, int64_t after, int64_t *next)
{
    if (!cron || !next)
        return bc_fail_null("bc_cron_next", "cron", cron, "next", next, (const char *)NULL);
    *next = 0;
    if (after < 0 || after > (int64_t)253402300799) /* 9999-12-31 23:59:59 */
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_cron_next: after = %lld is outside "
                       "1970..9999", (long long)after);
    time_t t = (time_t)(after - after % 60 + 60);
    struct tm tm;
    gmtime_r(&t, &tm);
    /* A day that matches appears within 4 years + 8 (Feb 29, skipped
     * leap centuries); past that the expression never fires (Feb 30). */
    for (int guard = 0; guard < 366 * 9; ) {
        if (!((cron->month >> (tm.tm_mon + 1)) & 1)) {
            tm.tm_mon++;
            tm.tm_mday = 1;
            tm.tm_hour = tm.tm_min = 0;
        } else if (!day_matches(cron, &tm)) {
            tm.tm_mday++;
            tm.tm_hour = tm.tm_min = 0;
            guard++;
        } else if (!((cron->hour >> tm.tm_hour) & 1)) {
            tm.tm_hour++;
            tm.tm_min = 0;
        } else if (!((cron->minute >> tm.tm_min) & 1)) {
            tm.tm_min++;
        } else {
            *next = (int64_t)timegm(&tm);
            return BC_OK;
        }
        t = timegm(&tm); /* normalizes overflowed fields */
        gmtime_r(&t, &tm);
    }
    return bc_fail(BC_E_NOT_FOUND, "cron: the expression never fires (e.g. day 30 of "
                   "February only)");
}

BC_API void bc_cron_free(bc_cron *cron)
{
    free(cron);
}
