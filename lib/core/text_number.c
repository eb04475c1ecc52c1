/*
 * text_number.c - option values given as text: one parser for every
 * handle's key/value options (trainer, environment), so a number is read
 * and range-checked the same way everywhere.
 */
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

int bc_text_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || !(v >= lo && v <= hi))
        return 0;
    *out = v;
    return 1;
}

int bc_text_int(const char *s, int64_t lo, int64_t hi, int32_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return 0;
    *out = (int32_t)v;
    return 1;
}
