/*
 * csv.c - streaming CSV tokenizer (RFC 4180 quoting, ';' ',' or tab, BOM,
 * CRLF), number parsing with strict errno/endptr checks, and field writers.
 * It reads fixed-size chunks and never holds more than one record; it knows
 * nothing about what the columns mean (that is each reader's job).
 */
#include "data/csv.h"
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (1 << 16)

struct bc_csv {
    FILE *file;
    char *path;
    char *chunk;
    size_t chunk_len, chunk_pos;
    int at_eof;
    int read_error;
    char *rec; /* raw bytes of the current record, NUL-terminated */
    size_t rec_len, rec_cap;
    char *work; /* unquoted copy split into fields */
    size_t work_cap;
    char **fields;
    int32_t field_cap;
    int64_t line; /* physical lines consumed so far */
    char delimiter;
};

/* Largest UTF-16 file converted (text logs are far smaller). */
#define CSV_MAX_UTF16_BYTES ((long)1 << 30)

/* A file that starts with the UTF-16 LE byte-order mark (MQL5's FileOpen
 * without FILE_ANSI writes that): its text is converted to UTF-8 once into
 * a temporary file that replaces c->file, so everything downstream reads
 * UTF-8 as from any other file. The stream is positioned after the BOM. */
static int32_t utf16_to_utf8_stream(bc_csv *c, const char *path)
{
    if (fseek(c->file, 0, SEEK_END) != 0)
        return bc_fail(BC_E_IO, "%s: cannot seek: %s", path, strerror(errno));
    long size = ftell(c->file);
    if (size < 0 || size > CSV_MAX_UTF16_BYTES)
        return bc_fail(BC_E_PARSE, "%s: UTF-16 file of %ld bytes, at most %ld are read", path,
                       size, CSV_MAX_UTF16_BYTES);
    if (size % 2 != 0)
        return bc_fail(BC_E_PARSE, "%s: UTF-16 LE (byte-order mark FF FE) but an odd length of "
                       "%ld bytes", path, size);
    size_t units = (size_t)(size / 2) - 1; /* after the BOM */
    uint16_t *text = malloc((units + 1) * sizeof *text);
    unsigned char *raw = malloc(units * 2 + 1);
    int32_t rc = BC_OK;
    if (!text || !raw)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %ld bytes of UTF-16", path, size);
    else if (fseek(c->file, 2, SEEK_SET) != 0 || fread(raw, 1, units * 2, c->file) != units * 2)
        rc = bc_fail(BC_E_IO, "%s: read error: %s", path, strerror(errno));
    char *utf8 = NULL;
    if (rc == BC_OK) {
        for (size_t i = 0; i < units; i++) {
            text[i] = (uint16_t)(raw[2 * i] | (raw[2 * i + 1] << 8));
            if (text[i] == 0) {
                rc = bc_fail(BC_E_PARSE, "%s: UTF-16 text holds a NUL character at unit %zu",
                             path, i);
                break;
            }
        }
        text[units] = 0;
    }
    if (rc == BC_OK && units >= BC_UTF16_MAX_UNITS)
        rc = bc_fail(BC_E_PARSE, "%s: UTF-16 text of %zu units is too long", path, units);
    if (rc == BC_OK && (rc = bc_utf16_to_utf8(text, path, &utf8)) != BC_OK)
        rc = bc_fail_context(BC_E_PARSE, "%s: not valid UTF-16: ", path);
    FILE *tmp = NULL;
    if (rc == BC_OK) {
        tmp = tmpfile();
        size_t len = strlen(utf8);
        if (!tmp || fwrite(utf8, 1, len, tmp) != len || fflush(tmp) != 0 ||
            fseek(tmp, 0, SEEK_SET) != 0) {
            rc = bc_fail(BC_E_IO, "%s: cannot convert UTF-16 into a temporary file: %s", path,
                         strerror(errno));
            if (tmp)
                fclose(tmp);
        } else {
            fclose(c->file);
            c->file = tmp;
        }
    }
    free(utf8);
    free(text);
    free(raw);
    return rc;
}

int32_t bc_csv_open(const char *path, bc_csv **out)
{
    if (!path || !out)
        return bc_fail_null("csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_csv *c = calloc(1, sizeof *c);
    if (!c)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    c->chunk = malloc(CHUNK_SIZE);
    c->path = strdup(path);
    if (!c->chunk || !c->path) {
        bc_csv_close(c);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    c->file = bc_fopen(path, "rb");
    if (!c->file) {
        int32_t rc = bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
        bc_csv_close(c);
        return rc;
    }
    unsigned char bom[2];
    size_t got = fread(bom, 1, 2, c->file);
    int32_t rc = BC_OK;
    if (got == 2 && bom[0] == 0xFF && bom[1] == 0xFE)
        rc = utf16_to_utf8_stream(c, path);
    else if (fseek(c->file, 0, SEEK_SET) != 0)
        rc = bc_fail(BC_E_IO, "%s: cannot rewind: %s", path, strerror(errno));
    if (rc != BC_OK) {
        bc_csv_close(c);
        return rc;
    }
    *out = c;
    return BC_OK;
}

void bc_csv_close(bc_csv *c)
{
    if (!c)
        return;
    if (c->file)
        fclose(c->file);
    free(c->path);
    free(c->chunk);
    free(c->rec);
    free(c->work);
    free(c->fields);
    free(c);
}

char bc_csv_delimiter(const bc_csv *c) { return c ? c->delimiter : 0; }

static int refill(bc_csv *c)
{
    if (c->at_eof)
        return 0;
    int first = c->line == 0 && c->chunk_len == 0 && c->chunk_pos == 0;
    c->chunk_len = fread(c->chunk, 1, CHUNK_SIZE, c->file);
    c->chunk_pos = 0;
    if (c->chunk_len == 0) {
        if (ferror(c->file))
            c->read_error = errno ? errno : EIO;
        c->at_eof = 1;
        return 0;
    }
    /* A UTF-8 byte-order mark is not part of the first column's name. */
    if (first && c->chunk_len >= 3 && (unsigned char)c->chunk[0] == 0xEF &&
        (unsigned char)c->chunk[1] == 0xBB && (unsigned char)c->chunk[2] == 0xBF)
        c->chunk_pos = 3;
    return 1;
}

static int reserve(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    char *p = realloc(*buf, n);
    if (!p)
        return 0;
    *buf = p;
    *cap = n;
    return 1;
}

/* Appends one physical line (with its '\n' when present) to rec. Bytes past
 * BC_CSV_MAX_RECORD are consumed but dropped and *overflow set. Returns the
 * number of bytes consumed, 0 at end of file, -1 out of memory. */
static int64_t read_line(bc_csv *c, int *overflow, int *ended_with_newline)
{
    int64_t consumed = 0;
    *ended_with_newline = 0;
    for (;;) {
        if (c->chunk_pos >= c->chunk_len && !refill(c))
            return consumed;
        const char *start = c->chunk + c->chunk_pos;
        size_t avail = c->chunk_len - c->chunk_pos;
        const char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) + 1 : avail;
        size_t keep = take;
        if (c->rec_len + keep > BC_CSV_MAX_RECORD) {
            keep = c->rec_len < BC_CSV_MAX_RECORD ? BC_CSV_MAX_RECORD - c->rec_len : 0;
            *overflow = 1;
        }
        if (keep) {
            if (!reserve(&c->rec, &c->rec_cap, c->rec_len + keep + 1))
                return -1;
            memcpy(c->rec + c->rec_len, start, keep);
            c->rec_len += keep;
        }
        c->chunk_pos += take;
        consumed += (int64_t)take;
        if (nl) {
            *ended_with_newline = 1;
            return consumed;
        }
    }
}

/* ';' ',' or tab: whichever occurs most often outside quotes in the first
 * line; ',' when none occurs (a one-column file). Ties prefer ';', the
 * observer's delimiter. */
static char detect_delimiter(const char *s, size_t n)
{
    size_t semi = 0, comma = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            semi += s[i] == ';', comma += s[i] == ',', tab += s[i] == '\t';
    }
    if (semi == 0 && comma == 0 && tab == 0)
        return ',';
    if (semi >= comma && semi >= tab)
        return ';';
    return comma >= tab ? ',' : '\t';
}

typedef struct quote_state {
    int in_quote;
    int field_start;
} quote_state;

/* Advances the quote state over rec[from, to). */
static void scan_quotes(const bc_csv *c, quote_state *st, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char ch = c->rec[i];
        if (st->in_quote) {
            if (ch == '"') {
                if (i + 1 < to && c->rec[i + 1] == '"')
                    i++;
                else
                    st->in_quote = 0;
            }
        } else if (ch == c->delimiter) {
            st->field_start = 1;
        } else {
            if (ch == '"' && st->field_start)
                st->in_quote = 1;
            st->field_start = 0;
        }
    }
}

/* Splits the record (raw without line ending, length n) into fields. */
static int32_t split(bc_csv *c, size_t n, bc_csv_record *rec)
{
    if (!reserve(&c->work, &c->work_cap, n + 1))
        return BC_E_OUT_OF_MEMORY;
    memcpy(c->work, c->rec, n);
    c->work[n] = '\0';
    char *w = c->work;
    char d = c->delimiter;
    size_t i = 0, o = 0;
    int32_t count = 0;
    for (;;) {
        size_t start = o;
        if (i < n && w[i] == '"') {
            i++;
            for (;;) {
                if (i >= n) {
                    rec->error = "a quoted field is not closed";
                    return BC_OK;
                }
                if (w[i] == '"') {
                    if (i + 1 < n && w[i + 1] == '"') {
                        w[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                w[o++] = w[i++];
            }
            if (i < n && w[i] != d) {
                rec->error = "text follows a closing quote";
                return BC_OK;
            }
        } else {
            while (i < n && w[i] != d)
                w[o++] = w[i++];
        }
        int more = i < n;
        i++;
        w[o++] = '\0';
        if (count == c->field_cap) {
            int32_t cap = c->field_cap ? c->field_cap * 2 : 64;
            char **f = realloc(c->fields, sizeof *f * (size_t)cap);
            if (!f)
                return BC_E_OUT_OF_MEMORY;
            c->fields = f;
            c->field_cap = cap;
        }
        c->fields[count++] = w + start;
        if (!more)
            break;
    }
    rec->fields = c->fields;
    rec->count = count;
    return BC_OK;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

int32_t bc_csv_next(bc_csv *c, bc_csv_record *rec)
{
    if (!c || !rec)
        return bc_fail_null("csv", "c", (const void *)c, "rec", (const void *)rec, (const char *)NULL);
    for (;;) {
        memset(rec, 0, sizeof *rec);
        c->rec_len = 0;
        rec->line = c->line + 1;
        quote_state st = {0, 1};
        int overflow = 0, newline = 0;
        for (;;) {
            size_t from = c->rec_len;
            int64_t got = read_line(c, &overflow, &newline);
            if (got < 0)
                return bc_fail(BC_E_OUT_OF_MEMORY, "%s line %lld: out of memory",
                               c->path, (long long)rec->line);
            if (c->read_error)
                return bc_fail(BC_E_IO, "%s line %lld: read failed: %s", c->path,
                               (long long)rec->line, strerror(c->read_error));
            if (got == 0) {
                if (c->rec_len == 0)
                    return 0;
                rec->error = "a quoted field is not closed before the end of the file";
                break;
            }
            c->line++;
            if (c->delimiter == 0 && !is_blank(c->rec, c->rec_len))
                c->delimiter = detect_delimiter(c->rec, c->rec_len);
            if (overflow) {
                rec->error = "the record is longer than 1 MiB (unclosed quote or binary data?)";
                break;
            }
            if (c->delimiter)
                scan_quotes(c, &st, from, c->rec_len);
            if (!st.in_quote || !newline) {
                if (st.in_quote)
                    rec->error = "a quoted field is not closed before the end of the file";
                break;
            }
        }
        size_t n = c->rec_len;
        if (n && c->rec[n - 1] == '\n')
            n--;
        if (n && c->rec[n - 1] == '\r')
            n--;
        if (!reserve(&c->rec, &c->rec_cap, n + 1))
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", c->path);
        c->rec[n] = '\0';
        rec->raw = c->rec;
        rec->raw_length = (int32_t)n;
        if (!rec->error && is_blank(c->rec, n))
            continue;
        if (!rec->error && memchr(c->rec, '\0', n))
            rec->error = "the record contains a NUL byte (binary data?)";
        if (rec->error)
            return 1;
        int32_t rc = split(c, n, rec);
        if (rc != BC_OK)
            return bc_fail(rc, "%s line %lld: out of memory", c->path,
                           (long long)rec->line);
        return 1;
    }
}

static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch; }

int bc_name_equals(const char *a, const char *b)
{
    while (*a == ' ' || *a == '\t')
        a++;
    size_t n = strlen(a);
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

int32_t bc_csv_find(const bc_csv_record *header, const char *const *names)
{
    for (int32_t i = 0; i < header->count; i++)
        for (const char *const *n = names; *n; n++)
            if (bc_name_equals(header->fields[i], *n))
                return i;
    return -1;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

int32_t bc_parse_double(const char *text, double *out)
{
    const char *s = skip_blanks(text);
    if (*s == '\0')
        return BC_NUM_EMPTY;
    const char *digits = s + (*s == '+' || *s == '-');
    /* strtod also reads hex floats; a price column never holds them. */
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return BC_NUM_INVALID;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return BC_NUM_INVALID;
    if (*skip_blanks(end) != '\0')
        return BC_NUM_INVALID;
    if (isinf(v) && errno == ERANGE)
        return BC_NUM_RANGE;
    if (!isfinite(v))
        return BC_NUM_NONFINITE;
    /* ERANGE with a finite result is underflow: the value rounds to 0 or a
     * subnormal, which is the closest double and fine to keep. */
    *out = v;
    return BC_NUM_OK;
}

int32_t bc_parse_int64(const char *text, int64_t *out)
{
    const char *s = skip_blanks(text);
    if (*s == '\0')
        return BC_NUM_EMPTY;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end != s && *skip_blanks(end) == '\0') {
        if (errno == ERANGE)
            return BC_NUM_RANGE;
        *out = (int64_t)v;
        return BC_OK;
    }
    /* Some writers print integers as floats ("1001.0"). */
    double d;
    int32_t rc = bc_parse_double(s, &d);
    if (rc != BC_NUM_OK)
        return rc;
    if (fabs(d) > 9007199254740992.0)
        return BC_NUM_RANGE;
    if (d != floor(d))
        return BC_NUM_INVALID;
    *out = (int64_t)d;
    return BC_NUM_OK;
}

const char *bc_parse_problem(int32_t code)
{
    switch (code) {
    case BC_NUM_EMPTY: return "is empty";
    case BC_NUM_RANGE: return "is out of range";
    case BC_NUM_NONFINITE: return "is not finite";
    default: return "is not a number";
    }
}

const char *bc_quote_for_message(const char *text, char *buf, int32_t capacity)
{
    int32_t o = 0;
    size_t i = 0;
    for (; text[i] && o < capacity - 4; i++) {
        unsigned char ch = (unsigned char)text[i];
        buf[o++] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
    }
    if (text[i]) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

void bc_csv_write_field(FILE *f, const char *text, char delimiter)
{
    size_t n = strlen(text);
    int quote = n && (text[0] == ' ' || text[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = text[i] == delimiter || text[i] == '"' || text[i] == '\n' ||
                text[i] == '\r';
    if (!quote) {
        fwrite(text, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '"')
            fputc('"', f);
        fputc(text[i], f);
    }
    fputc('"', f);
}

char *bc_format_double(double value, char *buf, int32_t capacity)
{
    if (isnan(value)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, (size_t)capacity, "%.15g", value);
    if (strtod(buf, NULL) != value)
        snprintf(buf, (size_t)capacity, "%.17g", value);
    return buf;
}

void bc_csv_write_double(FILE *f, double value)
{
    char buf[40];
    fputs(bc_format_double(value, buf, sizeof buf), f);
}

void bc_csv_write_doubles(FILE *f, const double *values, int32_t n, char delimiter)
{
    for (int32_t k = 0; k < n; k++) {
        fputc(delimiter, f);
        bc_csv_write_double(f, values[k]);
    }
}
