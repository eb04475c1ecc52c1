/*
 * table.c - the steps every CSV reader shares: open the file, read the
 * header, resolve columns by name (failing on a missing required one), run
 * each record through the reader's row function, and at the end summarise
 * rejected rows and refuse a file with no usable row.
 */
#include "data/data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t bc_open_table(const char *path, bc_column *columns, int32_t n,
                      bc_csv **csv, int32_t *header_count,
                      bc_rejects **rejects_out)
{
    *csv = NULL;
    bc_csv *c = NULL;
    int32_t rc = bc_csv_open(path, &c);
    if (rc != BC_OK)
        return rc;
    bc_csv_record header;
    rc = bc_csv_next(c, &header);
    if (rc <= 0) {
        bc_csv_close(c);
        if (rc < 0)
            return rc;
        if (rejects_out && !(*rejects_out = bc_rejects_new()))
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        return bc_fail(BC_E_NO_DATA, "%s: the file is empty", path);
    }
    if (header.error) {
        rc = bc_fail(BC_E_PARSE, "%s line %lld: header: %s", path,
                     (long long)header.line, header.error);
        bc_csv_close(c);
        return rc;
    }
    for (int32_t i = 0; i < n; i++) {
        columns[i].index = bc_csv_find(&header, columns[i].names);
        const char *spelled = columns[i].index >= 0 ? header.fields[columns[i].index]
                                                    : columns[i].names[0];
        bc_quote_for_message(spelled + strspn(spelled, " \t"), columns[i].header_name,
                             sizeof columns[i].header_name);
        if (columns[i].index < 0 && columns[i].required) {
            char shown[160];
            rc = bc_fail(BC_E_PARSE,
                         "%s: missing required column '%s' (header: '%s')", path,
                         columns[i].names[0],
                         bc_quote_for_message(header.raw, shown, sizeof shown));
            bc_csv_close(c);
            return rc;
        }
    }
    *header_count = header.count;
    *csv = c;
    return BC_OK;
}

int32_t bc_finish_read(const char *path, int64_t rows, bc_rejects *r,
                       bc_rejects **rejects_out)
{
    int64_t line = 0;
    const char *first = bc_rejects_first_reason(r, &line);
    int64_t total = bc_rejects_total(r);
    int32_t rc = BC_OK;
    if (rows == 0) {
        if (total > 0)
            rc = bc_fail(BC_E_NO_DATA,
                         "%s: no usable rows (%lld rejected; first: line %lld: %s)",
                         path, (long long)total, (long long)line, first);
        else
            rc = bc_fail(BC_E_NO_DATA, "%s: no data rows after the header", path);
    } else if (total > 0) {
        bc_log(BC_LOG_WARN, "%s: %lld rows rejected (first: line %lld: %s)",
               path, (long long)total, (long long)line, first);
    }
    if (rejects_out)
        *rejects_out = r;
    else
        bc_rejects_free(r);
    return rc;
}

/* MetaTrader's FileWrite does not quote: a free-text field holding the
 * delimiter splits into several. When a record has k fields more than the
 * header and the free-text column is known, its k + 1 pieces are joined back
 * (in place: the tokenizer stores fields one after another, NUL-separated,
 * so the NULs between them become the delimiter again). */
static int rejoin_free_text(bc_csv_record *rec, int32_t header_count, int32_t column, char delim)
{
    int32_t k = rec->count - header_count;
    if (rec->error || k <= 0 || column < 0 || column + k >= rec->count)
        return 0;
    for (int32_t i = column; i < column + k; i++) {
        char *end = rec->fields[i] + strlen(rec->fields[i]);
        if (end + 1 != rec->fields[i + 1])
            return 0; /* not laid out as expected: leave the row as it is */
    }
    for (int32_t i = column; i < column + k; i++)
        rec->fields[i][strlen(rec->fields[i])] = delim;
    for (int32_t i = column + 1; i + k < rec->count; i++)
        rec->fields[i] = rec->fields[i + k];
    rec->count -= k;
    return 1;
}

int32_t bc_read_table_ex(const char *path, bc_column *columns, int32_t n, int32_t free_text,
                         bc_table_row_fn row, void *reader, bc_rejects **rejects_out)
{
    bc_csv *c = NULL;
    int32_t header_count = 0;
    int32_t rc = bc_open_table(path, columns, n, &c, &header_count, rejects_out);
    if (rc != BC_OK)
        return rc;
    bc_rejects *r = bc_rejects_new();
    if (!r) {
        bc_csv_close(c);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    int32_t text_index = free_text >= 0 && free_text < n ? columns[free_text].index : -1;
    int64_t kept = 0, rejoined = 0, first_rejoined = 0;
    bc_csv_record rec;
    while ((rc = bc_csv_next(c, &rec)) > 0) {
        int joined = rejoin_free_text(&rec, header_count, text_index, bc_csv_delimiter(c));
        int32_t ok = bc_check_record(r, &rec, header_count);
        if (ok == 1)
            ok = row(reader, r, &rec, columns);
        if (ok < 0) {
            rc = ok;
            break;
        }
        kept += ok;
        if (ok == 1 && joined && !rejoined++)
            first_rejoined = rec.line;
    }
    char delimiter = bc_csv_delimiter(c);
    bc_csv_close(c);
    if (rc < 0) {
        bc_rejects_free(r);
        return rc;
    }
    if (rejoined > 0)
        bc_log(BC_LOG_WARN, "%s: %lld rows (first: line %lld) had the delimiter '%c' inside "
               "the free-text column '%s' (MetaTrader's FileWrite does not quote); their extra "
               "fields were joined back into it", path, (long long)rejoined,
               (long long)first_rejoined, delimiter ? delimiter : ';',
               columns[free_text].header_name);
    return bc_finish_read(path, kept, r, rejects_out);
}

int32_t bc_read_table(const char *path, bc_column *columns, int32_t n,
                      bc_table_row_fn row, void *reader, bc_rejects **rejects_out)
{
    return bc_read_table_ex(path, columns, n, -1, row, reader, rejects_out);
}

const char *const bc_time_column_names[] = {"time", "date", "datetime",
                                            "timestamp", "xdate", NULL};

int32_t bc_reject_row(bc_rejects *r, const bc_csv_record *rec, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    int32_t rc = bc_rejects_add(r, rec->line, rec->raw, rec->raw_length, "%s", reason);
    return rc == BC_OK ? 0 : rc;
}

int32_t bc_check_record(bc_rejects *r, const bc_csv_record *rec,
                        int32_t header_count)
{
    if (rec->error)
        return bc_reject_row(r, rec, "%s", rec->error);
    if (rec->count != header_count)
        return bc_reject_row(r, rec, "has %d fields, the header has %d",
                             (int)rec->count, (int)header_count);
    return 1;
}

static int32_t reject_number(bc_rejects *r, const bc_csv_record *rec,
                             const char *name, const char *text, int32_t code)
{
    char shown[BC_SHOWN];
    bc_quote_for_message(text, shown, sizeof shown);
    switch (code) {
    case BC_NUM_EMPTY:
        return bc_reject_row(r, rec, "column '%s' is empty", name);
    case BC_NUM_RANGE:
        return bc_reject_row(r, rec, "column '%s' is '%s', out of range", name, shown);
    case BC_NUM_NONFINITE:
        return bc_reject_row(r, rec, "column '%s' is '%s', expected a finite number",
                             name, shown);
    default:
        return bc_reject_row(r, rec, "column '%s' is '%s', expected a number", name,
                             shown);
    }
}

int32_t bc_cell_double(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                       const char *name, int empty_ok, double fallback, double *out)
{
    if (index < 0) {
        *out = fallback;
        return empty_ok ? 1 : bc_reject_row(r, rec, "column '%s' is empty", name);
    }
    int32_t code = bc_parse_double(rec->fields[index], out);
    if (code == BC_NUM_OK)
        return 1;
    if (code == BC_NUM_EMPTY && empty_ok) {
        *out = fallback;
        return 1;
    }
    return reject_number(r, rec, name, rec->fields[index], code);
}

int32_t bc_cell_int64(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                      const char *name, int empty_ok, int64_t fallback, int64_t *out)
{
    if (index < 0) {
        *out = fallback;
        return empty_ok ? 1 : bc_reject_row(r, rec, "column '%s' is empty", name);
    }
    int32_t code = bc_parse_int64(rec->fields[index], out);
    if (code == BC_NUM_OK)
        return 1;
    if (code == BC_NUM_EMPTY && empty_ok) {
        *out = fallback;
        return 1;
    }
    if (code == BC_NUM_INVALID) {
        char shown[BC_SHOWN];
        return bc_reject_row(r, rec, "column '%s' is '%s', expected an integer", name,
                             bc_quote_for_message(rec->fields[index], shown, sizeof shown));
    }
    return reject_number(r, rec, name, rec->fields[index], code);
}

int32_t bc_cell_time(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                     const char *name, int64_t *out)
{
    const char *text = rec->fields[index];
    if (text[strspn(text, " \t")] == '\0')
        return bc_reject_row(r, rec, "column '%s' is empty", name);
    if (bc_time_parse(text, out) == BC_OK)
        return 1;
    char shown[BC_SHOWN];
    return bc_reject_row(r, rec, "column '%s' is '%s', expected a time such as "
                         "2024.01.31 13:45:00 or 2024-01-31T13:45:00", name,
                         bc_quote_for_message(text, shown, sizeof shown));
}
