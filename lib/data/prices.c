/*
 * prices.c - wide price tables: a time column and, per asset, either one
 * close column named by the asset or <asset>.open/.high/.low/.close/.volume
 * columns (the multi-asset input of risk parity, the symbol graph and the
 * portfolio environment). Rows with a missing or bad value are rejected
 * whole, so every kept row has all assets; times strictly increase.
 */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>

#define PRICES_MAX_ASSETS 4096
#define PRICES_FIELDS 5 /* BC_BAR_OPEN .. BC_BAR_VOLUME */

static const char *const field_names[PRICES_FIELDS] = {"open", "high", "low", "close", "volume"};

struct bc_prices {
    int64_t n, capacity;
    int32_t n_assets;
    int64_t *time;
    double *column[PRICES_FIELDS]; /* [n x n_assets] each; NULL where absent; close always */
    char **names;
};

BC_API void bc_prices_free(bc_prices *p)
{
    if (!p)
        return;
    for (int32_t j = 0; p->names && j < p->n_assets; j++)
        free(p->names[j]);
    free(p->names);
    free(p->time);
    for (int f = 0; f < PRICES_FIELDS; f++)
        free(p->column[f]);
    free(p);
}

static int grow(bc_prices *p, const uint8_t *has)
{
    int64_t cap = p->capacity ? 2 * p->capacity : 1024;
    int64_t *t = realloc(p->time, (size_t)cap * sizeof *t);
    if (!t)
        return 0;
    p->time = t;
    for (int f = 0; f < PRICES_FIELDS; f++) {
        if (!has[f])
            continue;
        double *c = realloc(p->column[f], (size_t)cap * (size_t)p->n_assets * sizeof *c);
        if (!c)
            return 0;
        p->column[f] = c;
    }
    p->capacity = cap;
    return 1;
}

/* The header column of each asset's field: index[j * PRICES_FIELDS + f],
 * -1 where the table has no such field. */
typedef struct prices_layout {
    int32_t *index;
    uint8_t has[PRICES_FIELDS];
    int ohlcv; /* <asset>.<field> columns */
} prices_layout;

/* Checks one asset's values of a row as the bars reader does: prices > 0,
 * volume >= 0, high >= low. Returns 1, or 0 / < 0 from
 * bc_reject_row. */
static int32_t check_bar(bc_rejects *r, const bc_csv_record *rec, const char *asset,
                         const double *v, const uint8_t *has, int ohlcv)
{
    for (int f = 0; f < PRICES_FIELDS; f++) {
        if (!has[f])
            continue;
        if (f == BC_BAR_VOLUME ? !(v[f] >= 0) : !(v[f] > 0)) {
            if (!ohlcv)
                return bc_reject_row(r, rec, "column '%s' is %g, expected a price > 0", asset,
                                     v[f]);
            return bc_reject_row(r, rec, "column '%s.%s' is %g, expected %s", asset,
                                 field_names[f], v[f],
                                 f == BC_BAR_VOLUME ? "a volume >= 0" : "a price > 0");
        }
    }
    if (has[BC_BAR_HIGH] && has[BC_BAR_LOW] && v[BC_BAR_HIGH] < v[BC_BAR_LOW])
        return bc_reject_row(r, rec, "asset '%s': high %g is below low %g", asset,
                             v[BC_BAR_HIGH], v[BC_BAR_LOW]);
    return 1;
}

static int32_t read_rows(const char *path, bc_csv *c, bc_prices *p, int32_t time_index,
                         const prices_layout *L, int32_t header_count, bc_rejects *r)
{
    bc_csv_record rec;
    int32_t rc;
    while ((rc = bc_csv_next(c, &rec)) > 0) {
        int32_t ok = bc_check_record(r, &rec, header_count);
        int64_t t = 0;
        if (ok == 1)
            ok = bc_cell_time(r, &rec, time_index, "time", &t);
        if (ok == 1 && p->n > 0 && t <= p->time[p->n - 1])
            ok = bc_reject_row(r, &rec, "time is not after the previous row's");
        if (ok == 1 && p->n == p->capacity && !grow(p, L->has))
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory (%lld rows)", path,
                           (long long)p->n);
        for (int32_t j = 0; ok == 1 && j < p->n_assets; j++) {
            double v[PRICES_FIELDS] = {0, 0, 0, 0, 0};
            for (int f = 0; ok == 1 && f < PRICES_FIELDS; f++) {
                if (!L->has[f])
                    continue;
                char name[300];
                if (L->ohlcv)
                    snprintf(name, sizeof name, "%s.%s", p->names[j], field_names[f]);
                else
                    snprintf(name, sizeof name, "%s", p->names[j]);
                ok = bc_cell_double(r, &rec, L->index[j * PRICES_FIELDS + f], name, 0, 0.0, &v[f]);
            }
            if (ok == 1)
                ok = check_bar(r, &rec, p->names[j], v, L->has, L->ohlcv);
            for (int f = 0; ok == 1 && f < PRICES_FIELDS; f++)
                if (L->has[f])
                    p->column[f][p->n * p->n_assets + j] = v[f];
        }
        if (ok < 0)
            return ok;
        if (ok == 1)
            p->time[p->n++] = t;
    }
    return rc;
}

/* The field a column name ends with (".open" .. ".volume", any case) and
 * the length of the asset part before the dot; -1 for none. */
static int column_field(const char *name, size_t *asset_length)
{
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return -1;
    char suffix[16];
    size_t n = strlen(dot + 1);
    while (n > 0 && (dot[n] == ' ' || dot[n] == '\t'))
        n--;
    if (n == 0 || n >= sizeof suffix)
        return -1;
    memcpy(suffix, dot + 1, n);
    suffix[n] = '\0';
    for (int f = 0; f < PRICES_FIELDS; f++)
        if (bc_name_equals(suffix, field_names[f])) {
            *asset_length = (size_t)(dot - name);
            return f;
        }
    return -1;
}

static int32_t find_asset(const bc_prices *p, const char *name)
{
    for (int32_t j = 0; j < p->n_assets; j++)
        if (bc_name_equals(p->names[j], name))
            return j;
    return -1;
}

/* Names the assets and maps their columns. */
static int32_t parse_header(const char *path, const bc_csv_record *header, int32_t time_index,
                            bc_prices *p, prices_layout *L)
{
    int32_t suffixed = 0, plain = -1, first_suffixed = -1;
    for (int32_t i = 0; i < header->count; i++) {
        if (i == time_index)
            continue;
        const char *name = header->fields[i] + strspn(header->fields[i], " \t");
        if (!*name)
            return bc_fail(BC_E_PARSE, "%s: header column %d has no asset name", path, i + 1);
        size_t len;
        if (column_field(name, &len) >= 0) {
            suffixed++;
            if (first_suffixed < 0)
                first_suffixed = i;
        } else if (plain < 0) {
            plain = i;
        }
    }
    L->ohlcv = suffixed > 0;
    if (L->ohlcv && plain >= 0)
        return bc_fail(BC_E_PARSE,
                       "%s: column '%s' names no field while '%s' does: a table has either one "
                       "close column per asset or <asset>.open/.high/.low/.close/.volume columns",
                       path, header->fields[plain] + strspn(header->fields[plain], " \t"),
                       header->fields[first_suffixed] + strspn(header->fields[first_suffixed], " \t"));
    for (int32_t i = 0; i < header->count; i++) {
        if (i == time_index)
            continue;
        const char *name = header->fields[i] + strspn(header->fields[i], " \t");
        size_t len = strlen(name);
        int f = L->ohlcv ? column_field(name, &len) : BC_BAR_CLOSE;
        char asset[256];
        if (len == 0 || len >= sizeof asset)
            return bc_fail(BC_E_PARSE, "%s: header column %d ('%.40s') has %s asset name", path,
                           i + 1, name, len == 0 ? "no" : "too long an");
        memcpy(asset, name, len);
        asset[len] = '\0';
        int32_t j = find_asset(p, asset);
        if (j >= 0 && !L->ohlcv)
            return bc_fail(BC_E_PARSE, "%s: asset '%s' appears twice in the header", path, asset);
        if (j < 0) {
            if (p->n_assets == PRICES_MAX_ASSETS)
                return bc_fail(BC_E_PARSE, "%s: more than %d assets", path, PRICES_MAX_ASSETS);
            j = p->n_assets;
            for (int g = 0; g < PRICES_FIELDS; g++)
                L->index[j * PRICES_FIELDS + g] = -1;
            if (!(p->names[p->n_assets++] = strdup(asset)))
                return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        }
        if (L->index[j * PRICES_FIELDS + f] >= 0)
            return bc_fail(BC_E_PARSE, "%s: column '%s.%s' appears twice in the header", path,
                           asset, field_names[f]);
        L->index[j * PRICES_FIELDS + f] = i;
    }
    /* Every asset has a close and the same fields as the first. */
    for (int f = 0; f < PRICES_FIELDS; f++)
        L->has[f] = L->index[f] >= 0;
    for (int32_t j = 0; j < p->n_assets; j++) {
        if (L->index[j * PRICES_FIELDS + BC_BAR_CLOSE] < 0)
            return bc_fail(BC_E_PARSE, "%s: asset '%s' has no '%s.close' column", path,
                           p->names[j], p->names[j]);
        for (int f = 0; f < PRICES_FIELDS; f++)
            if ((L->index[j * PRICES_FIELDS + f] >= 0) != L->has[f])
                return bc_fail(BC_E_PARSE,
                               "%s: asset '%s' %s a '%s' column and asset '%s' %s: every asset "
                               "needs the same fields", path, p->names[j],
                               L->has[f] ? "lacks" : "has", field_names[f], p->names[0],
                               L->has[f] ? "has one" : "does not");
    }
    return BC_OK;
}

BC_API int32_t bc_prices_read_csv(const char *path, bc_prices **out, bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (out)
        *out = NULL;
    if (!path || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_prices_read_csv: %s is NULL",
                       !path ? "path" : "out");
    bc_csv *c = NULL;
    int32_t rc = bc_csv_open(path, &c);
    if (rc != BC_OK)
        return rc;
    bc_csv_record header;
    rc = bc_csv_next(c, &header);
    if (rc <= 0 || header.error) {
        if (rc == 0)
            rc = bc_fail(BC_E_NO_DATA, "%s: the file is empty", path);
        else if (rc > 0)
            rc = bc_fail(BC_E_PARSE, "%s line %lld: header: %s", path, (long long)header.line,
                         header.error);
        bc_csv_close(c);
        return rc;
    }
    int32_t time_index = bc_csv_find(&header, bc_time_column_names);
    int32_t header_count = header.count;
    if (time_index < 0 || header_count < 2 ||
        header_count - 1 > PRICES_MAX_ASSETS * PRICES_FIELDS) {
        char shown[160];
        rc = bc_fail(BC_E_PARSE, "%s: expected a time column (time, date, datetime, timestamp) "
                     "and 1..%d asset columns (header: '%s')", path, PRICES_MAX_ASSETS,
                     bc_quote_for_message(header.raw, shown, sizeof shown));
        bc_csv_close(c);
        return rc;
    }
    prices_layout L = {0};
    bc_prices *p = calloc(1, sizeof *p);
    L.index = malloc((size_t)header_count * PRICES_FIELDS * sizeof *L.index);
    bc_rejects *r = bc_rejects_new();
    if (p)
        p->names = calloc((size_t)header_count, sizeof *p->names);
    if (!p || !L.index || !r || !p->names) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        goto fail;
    }
    rc = parse_header(path, &header, time_index, p, &L);
    if (rc != BC_OK)
        goto fail;
    rc = read_rows(path, c, p, time_index, &L, header_count, r);
    if (rc < 0)
        goto fail;
    bc_csv_close(c);
    c = NULL;
    free(L.index);
    L.index = NULL;
    rc = bc_finish_read(path, p->n, r, rejects);
    r = NULL;
    if (rc != BC_OK) {
        bc_prices_free(p);
        return rc;
    }
    *out = p;
    return BC_OK;
fail:
    bc_csv_close(c);
    free(L.index);
    bc_rejects_free(r);
    bc_prices_free(p);
    return rc;
}

BC_API int64_t bc_prices_length(const bc_prices *p) { return p ? p->n : 0; }

BC_API int32_t bc_prices_assets(const bc_prices *p) { return p ? p->n_assets : 0; }

BC_API const int64_t *bc_prices_time(const bc_prices *p) { return p ? p->time : NULL; }

BC_API const double *bc_prices_close(const bc_prices *p)
{
    return p ? p->column[BC_BAR_CLOSE] : NULL;
}

BC_API const double *bc_prices_column(const bc_prices *p, int32_t column)
{
    if (!p || column < 0 || column >= PRICES_FIELDS)
        return NULL;
    return p->column[column];
}

BC_API const char *bc_prices_asset_name(const bc_prices *p, int32_t asset)
{
    if (!p || asset < 0 || asset >= p->n_assets)
        return NULL;
    return p->names[asset];
}

BC_API int32_t bc_prices_from_bars(const bc_bars *const *bars, const char *const *names,
                                   int32_t n_assets, bc_prices **out, int64_t *dropped)
{
    if (out)
        *out = NULL;
    if (dropped)
        *dropped = 0;
    if (!bars || !names || !out)
        return bc_fail_null("bc_prices_from_bars", "bars", (const void *)bars, "names",
                            (const void *)names, "out", (const void *)out, (const char *)NULL);
    if (n_assets < 1 || n_assets > PRICES_MAX_ASSETS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_prices_from_bars: n_assets is %d, expected 1..%d",
                       (int)n_assets, PRICES_MAX_ASSETS);
    int64_t total = 0;
    for (int32_t j = 0; j < n_assets; j++) {
        if (!bars[j] || !names[j] || !*names[j])
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_prices_from_bars: %s %d is %s",
                           !bars[j] ? "bars" : "names", (int)j, !bars[j] || !names[j] ? "NULL" : "empty");
        for (int32_t i = 0; i < j; i++)
            if (bc_name_equals(names[i], names[j]))
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "bc_prices_from_bars: asset name '%s' is given twice (%d and %d)",
                               names[j], (int)i, (int)j);
        total += bc_bars_length(bars[j]);
    }
    bc_prices *p = calloc(1, sizeof *p);
    int32_t *at = calloc((size_t)n_assets, sizeof *at);
    const int32_t n0 = bc_bars_length(bars[0]);
    int ok = p && at;
    if (ok) {
        p->names = calloc((size_t)n_assets, sizeof *p->names);
        p->time = malloc(((size_t)n0 + 1) * sizeof *p->time);
        ok = p->names && p->time;
        for (int f = 0; ok && f < PRICES_FIELDS; f++)
            ok = (p->column[f] = malloc(((size_t)n0 + 1) * (size_t)n_assets * sizeof(double))) != NULL;
        for (int32_t j = 0; ok && j < n_assets; j++)
            ok = (p->names[j] = strdup(names[j])) != NULL;
    }
    if (!ok) {
        if (p)
            p->n_assets = p->names ? n_assets : 0;
        bc_prices_free(p);
        free(at);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_prices_from_bars: out of memory");
    }
    p->n_assets = n_assets;
    /* Times common to every series: walk the first and advance the others
     * (all strictly increasing). */
    const int64_t *t0 = bc_bars_time(bars[0]);
    for (int32_t r = 0; r < n0; r++) {
        const int64_t t = t0[r];
        int all = 1;
        for (int32_t j = 1; j < n_assets && all; j++) {
            const int64_t *tj = bc_bars_time(bars[j]);
            const int32_t nj = bc_bars_length(bars[j]);
            while (at[j] < nj && tj[at[j]] < t)
                at[j]++;
            all = at[j] < nj && tj[at[j]] == t;
        }
        if (!all)
            continue;
        at[0] = r;
        for (int32_t j = 0; j < n_assets; j++)
            for (int f = 0; f < PRICES_FIELDS; f++)
                p->column[f][p->n * n_assets + j] = bc_bars_column(bars[j], f)[at[j]];
        p->time[p->n++] = t;
    }
    free(at);
    if (dropped)
        *dropped = total - p->n * n_assets;
    if (p->n == 0) {
        bc_prices_free(p);
        return bc_fail(BC_E_NO_DATA, "bc_prices_from_bars: the %d series share no bar time",
                       (int)n_assets);
    }
    *out = p;
    return BC_OK;
}
