/*
 * utf16.c - conversion between the library's UTF-8 text and the UTF-16 that
 * MQL5 strings and Windows paths use. Written out (rather than left to
 * MultiByteToWideChar) so Linux and the Windows DLL behave identically and
 * the Linux tests cover what the DLL does. Owns no state.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

static int is_high_surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static int is_low_surrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

static size_t utf8_width(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static char *utf8_put(char *p, uint32_t cp)
{
    if (cp < 0x80) {
        *p++ = (char)cp;
    } else if (cp < 0x800) {
        *p++ = (char)(0xC0 | (cp >> 6));
        *p++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *p++ = (char)(0xE0 | (cp >> 12));
        *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *p++ = (char)(0xF0 | (cp >> 18));
        *p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (char)(0x80 | (cp & 0x3F));
    }
    return p;
}

/* Reads the code point at text[*i], advancing *i; 0 at a bad surrogate. */
static uint32_t utf16_next(const uint16_t *text, size_t *i)
{
    uint32_t u = text[*i];
    if (is_high_surrogate(u) && is_low_surrogate(text[*i + 1])) {
        uint32_t cp = 0x10000 + ((u - 0xD800) << 10) + (text[*i + 1] - 0xDC00u);
        *i += 2;
        return cp;
    }
    if (is_high_surrogate(u) || is_low_surrogate(u))
        return 0;
    *i += 1;
    return u;
}

int32_t bc_utf16_to_utf8(const uint16_t *text, const char *what, char **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: output pointer is NULL", what);
    *out = NULL;
    if (!text)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: string is NULL", what);
    /* First pass: validate and measure. A NUL after a high surrogate ends
     * the pair test (text[i + 1] is read only while text[i] != 0). */
    size_t bytes = 0, i = 0;
    while (text[i]) {
        if (i >= BC_UTF16_MAX_UNITS)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "%s: string is longer than %d UTF-16 units",
                           what, BC_UTF16_MAX_UNITS);
        size_t at = i;
        uint32_t cp = utf16_next(text, &i);
        if (!cp)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "%s: unpaired UTF-16 surrogate 0x%04X at unit %zu",
                           what, (unsigned)text[at], at);
        bytes += utf8_width(cp);
    }
    char *s = malloc(bytes + 1);
    if (!s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: cannot allocate %zu bytes",
                       what, bytes + 1);
    char *p = s;
    for (i = 0; text[i];)
        p = utf8_put(p, utf16_next(text, &i));
    *p = '\0';
    *out = s;
    return BC_OK;
}

/* Decodes one UTF-8 code point at s (NUL-terminated); sets *len to the bytes
 * used. Returns 0xFFFFFFFF for a malformed sequence (then *len = 1). */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
        *len = 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        *len = 1;
        return 0xFFFFFFFFu;
    }
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) { /* also stops at the NUL */
            *len = 1;
            return 0xFFFFFFFFu;
        }
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *len = 1;
        return 0xFFFFFFFFu;
    }
    *len = n;
    return cp;
}

int32_t bc_utf8_to_utf16(const char *text, int32_t strict, const char *what,
                         uint16_t *buf, int32_t capacity, int32_t *length)
{
    if (!text || !length || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "%s: text, length or buffer is NULL, or capacity %d is negative",
                       what, (int)capacity);
    const unsigned char *s = (const unsigned char *)text;
    int64_t units = 0;      /* units the whole text needs */
    int32_t written = 0;    /* units stored in buf (room kept for the NUL) */
    int full = capacity == 0;
    for (size_t i = 0; s[i];) {
        size_t len;
        uint32_t cp = utf8_next(s + i, &len);
        if (cp == 0xFFFFFFFFu) {
            if (strict)
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "%s: invalid UTF-8 byte 0x%02X at offset %zu",
                               what, (unsigned)s[i], i);
            cp = REPLACEMENT;
        }
        i += len;
        int width = cp >= 0x10000 ? 2 : 1;
        if (!full && written + width <= capacity - 1) {
            if (width == 2) {
                buf[written++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
                buf[written++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                buf[written++] = (uint16_t)cp;
            }
        } else {
            full = 1; /* stop storing: the text keeps its order when cut */
        }
        units += width;
        if (units > INT32_MAX - 1)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "%s: text needs more than %d UTF-16 units", what,
                           (int)(INT32_MAX - 1));
    }
    if (capacity > 0)
        buf[written] = 0;
    *length = (int32_t)units;
    return BC_OK;
}
