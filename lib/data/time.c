/*
 * time.c - calendar time <-> seconds since the epoch, for the formats trade
 * logs and bar files use. Proleptic Gregorian calendar, no time zones, no
 * leap seconds; never calls the C library's locale- or TZ-dependent code.
 */
#include "core/internal.h"
#include "data/csv.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a civil date (H. Hinnant, "chrono-compatible
 * low-level date algorithms"); exact for every year. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int64_t m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : days[m - 1];
}

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, int64_t *out)
{
    int64_t v = 0;
    for (int i = 0; i < n; i++) {
        char ch = (*p)[i];
        if (ch < '0' || ch > '9')
            return 0;
        v = v * 10 + (ch - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

/* Parses the time of day after a date: HH:MM[:SS[.fff]][Z]. */
static int clock_part(const char **p, int64_t *h, int64_t *mi, int64_t *s)
{
    if (!digits(p, 2, h) || **p != ':')
        return 0;
    (*p)++;
    if (!digits(p, 2, mi))
        return 0;
    *s = 0;
    if (**p == ':') {
        (*p)++;
        if (!digits(p, 2, s))
            return 0;
        if (**p == '.') {
            (*p)++;
            if (**p < '0' || **p > '9')
                return 0;
            while (**p >= '0' && **p <= '9')
                (*p)++;
        }
    }
    if (**p == 'Z')
        (*p)++;
    return 1;
}

static int parse(const char *text, int64_t *out)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    const char *end = p + len;
    if (len == 12 && strspn(p, "0123456789") == 12) {
        /* YYYYMMDDHHMM, as in dealer quote files (usdthb XDATE). */
        digits(&p, 4, &y), digits(&p, 2, &mo), digits(&p, 2, &d);
        digits(&p, 2, &h), digits(&p, 2, &mi);
    } else {
        if (!digits(&p, 4, &y))
            return 0;
        char sep = *p;
        if (sep != '.' && sep != '-')
            return 0;
        p++;
        if (!digits(&p, 2, &mo) || *p != sep)
            return 0;
        p++;
        if (!digits(&p, 2, &d))
            return 0;
        if (p < end) {
            if (*p != ' ' && *p != 'T')
                return 0;
            while (*p == ' ')
                p++;
            if (*p == 'T')
                p++;
            if (!clock_part(&p, &h, &mi, &s))
                return 0;
        }
        if (p != end)
            return 0;
    }
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || s > 59)
        return 0;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return 1;
}

int32_t bc_time_parse(const char *text, int64_t *out_seconds)
{
    if (!text || !out_seconds)
        return bc_fail_null("bc_time_parse", "text", (const void *)text, "out_seconds", (const void *)out_seconds, (const char *)NULL);
    if (!parse(text, out_seconds)) {
        char shown[64];
        return bc_fail(BC_E_PARSE,
                       "time '%s' is not YYYY.MM.DD HH:MM[:SS], "
                       "YYYY-MM-DD[ T]HH:MM[:SS][Z], YYYY-MM-DD or YYYYMMDDHHMM",
                       bc_quote_for_message(text, shown, sizeof shown));
    }
    return BC_OK;
}

/* Smallest and largest second of years 0001..9999. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX (253402300799LL)

int32_t bc_time_format(int64_t seconds, int32_t style, char *buf,
                       int32_t capacity, int32_t *length)
{
    if ((!buf && capacity > 0) || capacity < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_time_format: NULL buffer with capacity %d",
                       (int)capacity);
    if (style != BC_TIME_MT4 && style != BC_TIME_ISO)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_time_format: style %d is not BC_TIME_MT4 (1) or BC_TIME_ISO (2)",
                       (int)style);
    if (seconds < TIME_MIN || seconds > TIME_MAX)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_time_format: %lld seconds is outside years 0001-9999",
                       (long long)seconds);
    if (length)
        *length = 19;
    if (capacity < 20)
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_time_format: capacity %d, need 20", (int)capacity);
    int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    int64_t rest = seconds - days * 86400;
    int64_t y, m, d;
    civil_from_days(days, &y, &m, &d);
    char sep = style == BC_TIME_MT4 ? '.' : '-';
    snprintf(buf, (size_t)capacity, "%04d%c%02d%c%02d %02d:%02d:%02d", (int)y, sep,
             (int)m, sep, (int)d, (int)(rest / 3600), (int)(rest / 60 % 60),
             (int)(rest % 60));
    return BC_OK;
}
