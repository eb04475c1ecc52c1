/*
 * rejects.c - the list of rows a reader skipped (line, reason, raw text) and
 * its invalid_rows.csv writer. Bounded: a file of garbage cannot make the
 * list grow past BC_REJECTS_KEPT entries or 256 bytes of raw text each.
 */
#include "data/data.h"
#include "core/atomic_file.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define BC_REJECTS_KEPT 100000
#define BC_REJECT_RAW_MAX 256

typedef struct reject {
    int64_t line;
    char *reason;
    char *raw;
} reject;

struct bc_rejects {
    reject *items;
    int32_t count, capacity;
    int64_t total;
};

bc_rejects *bc_rejects_new(void) { return calloc(1, sizeof(bc_rejects)); }

/* Raw text made printable: control bytes (other than tab) and DEL as \xNN,
 * cut after BC_REJECT_RAW_MAX bytes of input with "...". */
static char *printable_raw(const char *raw, int32_t n)
{
    int32_t take = n < BC_REJECT_RAW_MAX ? n : BC_REJECT_RAW_MAX;
    char *out = malloc((size_t)take * 4 + 4);
    if (!out)
        return NULL;
    int32_t o = 0;
    for (int32_t i = 0; i < take; i++) {
        unsigned char ch = (unsigned char)raw[i];
        if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
            o += sprintf(out + o, "\\x%02X", ch);
        else
            out[o++] = (char)ch;
    }
    if (take < n)
        memcpy(out + o, "...", 3), o += 3;
    out[o] = '\0';
    return out;
}

int32_t bc_rejects_add(bc_rejects *r, int64_t line, const char *raw,
                       int32_t raw_length, const char *fmt, ...)
{
    r->total++;
    if (r->count >= BC_REJECTS_KEPT)
        return BC_OK;
    if (r->count == r->capacity) {
        int32_t cap = r->capacity ? r->capacity * 2 : 16;
        reject *items = realloc(r->items, sizeof *items * (size_t)cap);
        if (!items)
            return bc_fail(BC_E_OUT_OF_MEMORY, "rejects: out of memory");
        r->items = items;
        r->capacity = cap;
    }
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    reject *it = &r->items[r->count];
    it->line = line;
    it->reason = strdup(reason);
    it->raw = printable_raw(raw ? raw : "", raw ? raw_length : 0);
    if (!it->reason || !it->raw) {
        free(it->reason);
        free(it->raw);
        return bc_fail(BC_E_OUT_OF_MEMORY, "rejects: out of memory");
    }
    r->count++;
    return BC_OK;
}

const char *bc_rejects_first_reason(const bc_rejects *r, int64_t *line)
{
    if (!r || r->count == 0) {
        *line = 0;
        return "";
    }
    *line = r->items[0].line;
    return r->items[0].reason;
}

int32_t bc_rejects_count(const bc_rejects *rejects)
{
    return rejects ? rejects->count : 0;
}

int64_t bc_rejects_total(const bc_rejects *rejects)
{
    return rejects ? rejects->total : 0;
}

static int32_t copy_out(const char *text, char *buf, int32_t capacity,
                        int32_t *length, const char *what)
{
    int32_t n = (int32_t)strlen(text);
    if (length)
        *length = n;
    if (capacity < 0 || (!buf && capacity > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: NULL buffer with capacity %d",
                       what, (int)capacity);
    if (capacity <= n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "%s: capacity %d, need %d", what,
                       (int)capacity, (int)n + 1);
    memcpy(buf, text, (size_t)n + 1);
    return BC_OK;
}

int32_t bc_rejects_get(const bc_rejects *rejects, int32_t i, int64_t *line,
                       char *reason, int32_t capacity, int32_t *length)
{
    if (!rejects)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_rejects_get: NULL list");
    if (i < 0 || i >= rejects->count)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_rejects_get: index %d outside 0..%d", (int)i,
                       (int)rejects->count - 1);
    if (line)
        *line = rejects->items[i].line;
    return copy_out(rejects->items[i].reason, reason, capacity, length,
                    "bc_rejects_get");
}

int32_t bc_rejects_raw(const bc_rejects *rejects, int32_t i, char *buf,
                       int32_t capacity, int32_t *length)
{
    if (!rejects)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_rejects_raw: NULL list");
    if (i < 0 || i >= rejects->count)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_rejects_raw: index %d outside 0..%d", (int)i,
                       (int)rejects->count - 1);
    return copy_out(rejects->items[i].raw, buf, capacity, length,
                    "bc_rejects_raw");
}

int32_t bc_rejects_write_csv(const bc_rejects *rejects, const char *path)
{
    if (!rejects || !path)
        return bc_fail_null("bc_rejects_write_csv", "rejects", (const void *)rejects, "path", (const void *)path, (const char *)NULL);
    bc_atomic_file *af = NULL;
    FILE *f = NULL;
    int32_t rc = bc_atomic_open(path, &af, &f);
    if (rc != BC_OK)
        return rc;
    fputs("line,reason,raw\n", f);
    for (int32_t i = 0; i < rejects->count; i++) {
        const reject *it = &rejects->items[i];
        fprintf(f, "%lld,", (long long)it->line);
        bc_csv_write_field(f, it->reason, ',');
        fputc(',', f);
        bc_csv_write_field(f, it->raw, ',');
        fputc('\n', f);
    }
    return bc_atomic_commit(af);
}

void bc_rejects_free(bc_rejects *rejects)
{
    if (!rejects)
        return;
    for (int32_t i = 0; i < rejects->count; i++) {
        free(rejects->items[i].reason);
        free(rejects->items[i].raw);
    }
    free(rejects->items);
    free(rejects);
}
