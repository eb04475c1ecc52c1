/*
 * decisions.c - decision logs: decisions.csv and uncertain_decisions.csv
 * (BotCopier's formats, ';' delimiter, features as one ','-joined cell).
 * The reader loads rows with their feature vectors; the log appends rows
 * as a live strategy makes them. Deciding is not done here.
 */
#include "data/data.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char decisions_header[] =
    "event_id;timestamp;model_version;action;probability;threshold;sl_dist;tp_dist;"
    "model_idx;regime;chosen;risk_weight;variance;lots_predicted;executed_model_idx;"
    "features;trace_id;span_id";
static const char uncertain_header[] =
    "event_id;timestamp;model_version;action;probability;threshold;sl_dist;tp_dist;"
    "model_idx;regime;chosen;risk_weight;variance;lots_predicted;features;label";

struct bc_decisions {
    bc_decision_row *rows;
    int64_t *feature_start; /* row i's features: features[start[i] .. start[i+1]) */
    int32_t n, capacity;
    double *features;
    int64_t n_features, feature_capacity;
};

void bc_decisions_free(bc_decisions *d)
{
    if (!d)
        return;
    free(d->rows);
    free(d->feature_start);
    free(d->features);
    free(d);
}

int32_t bc_decisions_count(const bc_decisions *d) { return d ? d->n : 0; }

int32_t bc_decisions_get(const bc_decisions *d, int32_t i, bc_decision_row *out)
{
    if (!d || !out)
        return bc_fail_null("bc_decisions_get", "d", (const void *)d, "out", (const void *)out, (const char *)NULL);
    if (out->struct_size < sizeof(bc_decision_row))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_decisions_get: struct_size %u, expected %u",
                       (unsigned)out->struct_size, (unsigned)sizeof(bc_decision_row));
    if (i < 0 || i >= d->n)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_decisions_get: index %d outside 0..%d",
                       (int)i, (int)d->n - 1);
    uint32_t size = out->struct_size;
    *out = d->rows[i];
    out->struct_size = size;
    return BC_OK;
}

int32_t bc_decisions_features(const bc_decisions *d, int32_t i, double *out,
                              int32_t capacity, int32_t *n)
{
    if (!d || capacity < 0 || (!out && capacity > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decisions_features: NULL decisions or buffer (capacity %d)",
                       (int)capacity);
    if (i < 0 || i >= d->n)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decisions_features: index %d outside 0..%d", (int)i,
                       (int)d->n - 1);
    int64_t start = d->feature_start[i], count = d->feature_start[i + 1] - start;
    if (n)
        *n = (int32_t)count;
    if (capacity < count)
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_decisions_features: capacity %d, row %d has %d features",
                       (int)capacity, (int)i, (int)count);
    if (count)
        memcpy(out, d->features + start, sizeof *out * (size_t)count);
    return BC_OK;
}

/* ---- reader ------------------------------------------------------------ */

enum {
    C_EVENT_ID, C_TIMESTAMP, C_MODEL_VERSION, C_ACTION, C_PROBABILITY, C_THRESHOLD,
    C_SL_DIST, C_TP_DIST, C_MODEL_IDX, C_REGIME, C_CHOSEN, C_RISK_WEIGHT, C_VARIANCE,
    C_LOTS_PREDICTED, C_EXECUTED_MODEL_IDX, C_FEATURES, C_TRACE_ID, C_SPAN_ID, C_LABEL,
    C_COUNT
};

static const char *const column_names[C_COUNT] = {
    "event_id", "timestamp", "model_version", "action", "probability", "threshold",
    "sl_dist", "tp_dist", "model_idx", "regime", "chosen", "risk_weight", "variance",
    "lots_predicted", "executed_model_idx", "features", "trace_id", "span_id", "label"};

static int32_t cell_string(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                           const char *name, char *buf, size_t cap)
{
    memset(buf, 0, cap);
    if (index < 0)
        return 1;
    const char *s = rec->fields[index];
    size_t n = strlen(s);
    if (n >= cap) {
        char shown[BC_SHOWN];
        return bc_reject_row(r, rec, "column '%s' is '%s', longer than %d bytes", name,
                             bc_quote_for_message(s, shown, sizeof shown), (int)cap - 1);
    }
    memcpy(buf, s, n);
    return 1;
}

static int32_t cell_int32(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                          const char *name, int32_t fallback, int32_t *out)
{
    int64_t v = 0;
    int32_t ok = bc_cell_int64(r, rec, index, name, 1, fallback, &v);
    if (ok != 1)
        return ok;
    if (v < INT32_MIN || v > INT32_MAX)
        return bc_reject_row(r, rec, "column '%s' is %lld, out of range", name,
                             (long long)v);
    *out = (int32_t)v;
    return 1;
}

static int feature_reserve(bc_decisions *d, int64_t need)
{
    if (need <= d->feature_capacity)
        return 1;
    int64_t cap = d->feature_capacity ? d->feature_capacity * 2 : 1024;
    while (cap < need)
        cap *= 2;
    double *f = realloc(d->features, sizeof *f * (size_t)cap);
    if (!f)
        return 0;
    d->features = f;
    d->feature_capacity = cap;
    return 1;
}

/* Appends the ','-separated numbers of text to d->features (not yet
 * committed: d->n_features moves only when the whole row is accepted). */
static int32_t cell_features(bc_decisions *d, bc_rejects *r, const bc_csv_record *rec,
                             int32_t index, int64_t *count)
{
    *count = 0;
    if (index < 0)
        return 1;
    char *s = rec->fields[index];
    if (s[strspn(s, " \t")] == '\0')
        return 1;
    for (int32_t item = 1;; item++) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        double v = 0.0;
        int32_t code = bc_parse_double(s, &v);
        if (code == BC_NUM_NONFINITE) {
            v = NAN; /* the feature engine's rule: non-finite means missing */
        } else if (code != BC_NUM_OK) {
            char shown[BC_SHOWN];
            return bc_reject_row(r, rec, "column 'features' item %d is '%s', %s", (int)item,
                                 bc_quote_for_message(s, shown, sizeof shown),
                                 code == BC_NUM_RANGE ? "out of range" : "expected a number");
        }
        if (!feature_reserve(d, d->n_features + *count + 1))
            return bc_fail(BC_E_OUT_OF_MEMORY, "decisions: out of memory");
        d->features[d->n_features + (*count)++] = v;
        if (!comma)
            return 1;
        s = comma + 1;
    }
}

static int32_t read_row(bc_decisions *d, bc_rejects *r, const bc_csv_record *rec,
                        const bc_column *c, bc_decision_row *row, int64_t *n_features)
{
    memset(row, 0, sizeof *row);
    row->struct_size = sizeof *row;
    const char *const *nm = column_names;
    int32_t ok = bc_cell_int64(r, rec, c[C_EVENT_ID].index, nm[C_EVENT_ID], 0, 0,
                               &row->event_id);
    if (ok == 1)
        ok = bc_cell_time(r, rec, c[C_TIMESTAMP].index, nm[C_TIMESTAMP], &row->timestamp);
    if (ok == 1)
        ok = cell_string(r, rec, c[C_MODEL_VERSION].index, nm[C_MODEL_VERSION],
                         row->model_version, sizeof row->model_version);
    if (ok == 1)
        ok = cell_string(r, rec, c[C_ACTION].index, nm[C_ACTION], row->action,
                         sizeof row->action);
    if (ok == 1)
        ok = bc_cell_double(r, rec, c[C_PROBABILITY].index, nm[C_PROBABILITY], 0, 0.0,
                            &row->probability);
    if (ok == 1 && !(row->probability >= 0.0 && row->probability <= 1.0))
        ok = bc_reject_row(r, rec, "column 'probability' is %g, expected 0..1",
                           row->probability);
    double *dbl[] = {&row->threshold, &row->sl_dist, &row->tp_dist, &row->risk_weight,
                     &row->variance, &row->lots_predicted, &row->label};
    static const int dbl_col[] = {C_THRESHOLD, C_SL_DIST, C_TP_DIST, C_RISK_WEIGHT,
                                  C_VARIANCE, C_LOTS_PREDICTED, C_LABEL};
    for (int k = 0; k < 7 && ok == 1; k++)
        ok = bc_cell_double(r, rec, c[dbl_col[k]].index, nm[dbl_col[k]], 1, NAN, dbl[k]);
    row->has_label = !isnan(row->label);
    if (ok == 1)
        ok = cell_int32(r, rec, c[C_MODEL_IDX].index, nm[C_MODEL_IDX], -1, &row->model_idx);
    if (ok == 1)
        ok = cell_int32(r, rec, c[C_REGIME].index, nm[C_REGIME], -1, &row->regime);
    if (ok == 1)
        ok = cell_int32(r, rec, c[C_CHOSEN].index, nm[C_CHOSEN], 0, &row->chosen);
    if (ok == 1)
        ok = cell_int32(r, rec, c[C_EXECUTED_MODEL_IDX].index, nm[C_EXECUTED_MODEL_IDX], -1,
                        &row->executed_model_idx);
    if (ok == 1)
        ok = cell_string(r, rec, c[C_TRACE_ID].index, nm[C_TRACE_ID], row->trace_id,
                         sizeof row->trace_id);
    if (ok == 1)
        ok = cell_string(r, rec, c[C_SPAN_ID].index, nm[C_SPAN_ID], row->span_id,
                         sizeof row->span_id);
    if (ok == 1)
        ok = cell_features(d, r, rec, c[C_FEATURES].index, n_features);
    return ok;
}

typedef struct read_context {
    bc_decisions *d;
    const char *path;
} read_context;

/* Keeps a parsed row, growing rows and feature_start together. */
static int32_t decision_row(void *reader, bc_rejects *r, const bc_csv_record *rec,
                            const bc_column *cols)
{
    bc_decisions *d = ((read_context *)reader)->d;
    const char *path = ((read_context *)reader)->path;
    bc_decision_row row;
    int64_t n_features = 0;
    int32_t ok = read_row(d, r, rec, cols, &row, &n_features);
    if (ok != 1)
        return ok;
    if (d->n == d->capacity) {
        int64_t cap = d->capacity ? (int64_t)d->capacity * 2 : 256;
        if (d->n == INT32_MAX)
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: more than %d rows", path, INT32_MAX);
        if (cap > INT32_MAX)
            cap = INT32_MAX;
        bc_decision_row *rows = realloc(d->rows, sizeof *rows * (size_t)cap);
        int64_t *starts = rows ? realloc(d->feature_start,
                                         sizeof *starts * (size_t)(cap + 1)) : NULL;
        if (rows)
            d->rows = rows;
        if (!starts)
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory (%d rows)", path,
                           (int)d->n);
        d->feature_start = starts;
        d->capacity = (int32_t)cap;
    }
    d->rows[d->n] = row;
    d->n_features += n_features;
    d->feature_start[++d->n] = d->n_features;
    return 1;
}

int32_t bc_decisions_read_csv(const char *path, bc_decisions **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail_null("bc_decisions_read_csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_column cols[C_COUNT];
    const char *names[C_COUNT][2];
    for (int i = 0; i < C_COUNT; i++) {
        names[i][0] = column_names[i];
        names[i][1] = NULL;
        cols[i].names = names[i];
        cols[i].required = i == C_EVENT_ID || i == C_TIMESTAMP || i == C_PROBABILITY;
        cols[i].index = -1;
    }
    bc_decisions *d = calloc(1, sizeof *d);
    if (!d || !(d->feature_start = calloc(1, sizeof *d->feature_start))) {
        bc_decisions_free(d);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    read_context ctx = {d, path};
    int32_t rc = bc_read_table(path, cols, C_COUNT, decision_row, &ctx, rejects);
    if (rc != BC_OK) {
        bc_decisions_free(d);
        return rc;
    }
    *out = d;
    return BC_OK;
}

/* ---- log writer -------------------------------------------------------- */

struct bc_decision_log {
    FILE *file;
    char *path;
    int32_t uncertain;
};

/* The file's last line has no newline: a writer was killed mid-row. Cuts
 * the fragment (everything after the last newline), so the log reads clean
 * instead of keeping a rejected row forever, and says so in the log. */
static int32_t cut_torn_line(FILE *f, const char *path)
{
    if (fseek(f, 0, SEEK_END) != 0)
        return bc_fail(BC_E_IO, "%s: cannot seek: %s", path, strerror(errno));
    long end = ftell(f), keep = 0;
    char chunk[4096];
    for (long pos = end; pos > 0 && keep == 0;) {
        long n = pos < (long)sizeof chunk ? pos : (long)sizeof chunk;
        pos -= n;
        if (fseek(f, pos, SEEK_SET) != 0 || fread(chunk, 1, (size_t)n, f) != (size_t)n)
            return bc_fail(BC_E_IO, "%s: cannot read back: %s", path, strerror(errno));
        for (long i = n - 1; i >= 0; i--)
            if (chunk[i] == '\n') {
                keep = pos + i + 1;
                break;
            }
    }
    FILE *w = bc_fopen(path, "r+b");
    if (!w || ftruncate(fileno(w), (off_t)keep) != 0) {
        int32_t rc = bc_fail(BC_E_IO, "%s: cannot cut a torn last line: %s", path,
                             strerror(errno));
        if (w)
            fclose(w);
        return rc;
    }
    fclose(w);
    bc_log(BC_LOG_WARN, "%s: cut a torn last line of %ld bytes (a writer stopped mid-row)", path,
           end - keep);
    return BC_OK;
}

/* Checks an existing file's first line against the expected header and
 * whether its last byte ends a line. Returns BC_OK, BC_E_FORMAT, BC_E_IO. */
static int32_t inspect_existing(const char *path, const char *header, int *empty,
                                int *needs_newline)
{
    *empty = 1;
    *needs_newline = 0;
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? BC_OK
                               : bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    char line[1024];
    size_t n = fread(line, 1, sizeof line - 1, f);
    line[n] = '\0';
    if (n == 0) {
        fclose(f);
        return BC_OK;
    }
    *empty = 0;
    if (!memchr(line, '\n', n) && n < strlen(header) && memcmp(line, header, n) == 0) {
        /* Killed while writing the header: start the file again. */
        fclose(f);
        FILE *w = bc_fopen(path, "wb");
        if (!w)
            return bc_fail(BC_E_IO, "%s: cannot rewrite a torn header: %s", path, strerror(errno));
        fclose(w);
        bc_log(BC_LOG_WARN, "%s: cut a torn header line (a writer stopped mid-header)", path);
        *empty = 1;
        return BC_OK;
    }
    char *first = line;
    if (n >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0)
        first += 3;
    first[strcspn(first, "\r\n")] = '\0';
    if (strcmp(first, header) != 0) {
        fclose(f);
        char shown[160];
        return bc_fail(BC_E_FORMAT,
                       "%s: existing header '%s' is not the expected '%s'", path,
                       bc_quote_for_message(first, shown, sizeof shown), header);
    }
    int32_t rc = BC_OK;
    if (fseek(f, -1, SEEK_END) == 0 && fgetc(f) != '\n')
        rc = cut_torn_line(f, path);
    fclose(f);
    *needs_newline = 0;
    return rc;
}

int32_t bc_decision_log_open(const char *path, int32_t uncertain_format,
                             bc_decision_log **out)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return bc_fail_null("bc_decision_log_open", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    if (uncertain_format != 0 && uncertain_format != 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decision_log_open: uncertain_format is %d, expected 0 or 1",
                       (int)uncertain_format);
    const char *header = uncertain_format ? uncertain_header : decisions_header;
    int empty = 1, needs_newline = 0;
    int32_t rc = inspect_existing(path, header, &empty, &needs_newline);
    if (rc != BC_OK)
        return rc;
    bc_decision_log *log = calloc(1, sizeof *log);
    if (!log || !(log->path = strdup(path))) {
        free(log);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    log->uncertain = uncertain_format;
    log->file = bc_fopen(path, "ab");
    if (!log->file) {
        rc = bc_fail(BC_E_IO, "%s: cannot open for appending: %s", path, strerror(errno));
        free(log->path);
        free(log);
        return rc;
    }
    if (empty)
        fprintf(log->file, "%s\n", header);
    if (fflush(log->file) != 0) {
        rc = bc_fail(BC_E_IO, "%s: write failed: %s", path, strerror(errno));
        fclose(log->file);
        free(log->path);
        free(log);
        return rc;
    }
    *out = log;
    return BC_OK;
}

static void write_int_or_empty(FILE *f, int64_t v)
{
    if (v != -1)
        fprintf(f, "%lld", (long long)v);
}

static int terminated(const char *s, size_t cap) { return memchr(s, '\0', cap) != NULL; }

int32_t bc_decision_log_write(bc_decision_log *log, const bc_decision_row *row,
                              const double *features, int32_t n_features)
{
    if (!log || !row)
        return bc_fail_null("bc_decision_log_write", "log", (const void *)log, "row", (const void *)row, (const char *)NULL);
    if (row->struct_size < sizeof(bc_decision_row))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decision_log_write: struct_size %u, expected %u",
                       (unsigned)row->struct_size, (unsigned)sizeof(bc_decision_row));
    if (n_features < 0 || (n_features > 0 && !features))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decision_log_write: %d features with %s pointer", (int)n_features,
                       features ? "a" : "a NULL");
    if (!terminated(row->model_version, sizeof row->model_version) ||
        !terminated(row->action, sizeof row->action) ||
        !terminated(row->trace_id, sizeof row->trace_id) ||
        !terminated(row->span_id, sizeof row->span_id))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decision_log_write: event %lld: a string field is not NUL-terminated",
                       (long long)row->event_id);
    char when[24];
    if (bc_time_format(row->timestamp, BC_TIME_MT4, when, sizeof when, NULL) != BC_OK)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_decision_log_write: event %lld: timestamp %lld is outside years 1-9999",
                       (long long)row->event_id, (long long)row->timestamp);
    FILE *f = log->file;
    fprintf(f, "%lld;%s;", (long long)row->event_id, when);
    bc_csv_write_field(f, row->model_version, ';');
    fputc(';', f);
    bc_csv_write_field(f, row->action, ';');
    const double lead[] = {row->probability, row->threshold, row->sl_dist, row->tp_dist};
    bc_csv_write_doubles(f, lead, 4, ';');
    fputc(';', f);
    write_int_or_empty(f, row->model_idx);
    fputc(';', f);
    write_int_or_empty(f, row->regime);
    fprintf(f, ";%d", (int)row->chosen);
    const double tail[] = {row->risk_weight, row->variance, row->lots_predicted};
    bc_csv_write_doubles(f, tail, 3, ';');
    fputc(';', f);
    if (!log->uncertain) {
        write_int_or_empty(f, row->executed_model_idx);
        fputc(';', f);
    }
    for (int32_t k = 0; k < n_features; k++) {
        char num[40];
        if (k)
            fputc(',', f);
        fputs(isnan(features[k]) ? "nan" : bc_format_double(features[k], num, sizeof num), f);
    }
    fputc(';', f);
    if (log->uncertain) {
        if (row->has_label)
            bc_csv_write_double(f, row->label);
    } else {
        bc_csv_write_field(f, row->trace_id, ';');
        fputc(';', f);
        bc_csv_write_field(f, row->span_id, ';');
    }
    fputc('\n', f);
    if (fflush(f) != 0 || ferror(f))
        return bc_fail(BC_E_IO, "%s: write failed: %s", log->path, strerror(errno));
    return BC_OK;
}

int32_t bc_decision_log_close(bc_decision_log *log)
{
    if (!log)
        return BC_OK;
    int32_t rc = BC_OK;
    if (fflush(log->file) != 0 || ferror(log->file))
        rc = bc_fail(BC_E_IO, "%s: write failed: %s", log->path, strerror(errno));
    if (fclose(log->file) != 0 && rc == BC_OK)
        rc = bc_fail(BC_E_IO, "%s: close failed: %s", log->path, strerror(errno));
    free(log->path);
    free(log);
    return rc;
}
