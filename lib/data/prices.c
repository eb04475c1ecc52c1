/*
 * prices.c - wide price tables: a time column and one close column per
 * asset (the multi-asset input of risk parity, the symbol graph and the
 * portfolio environment). Rows with a missing or bad price are rejected
 * whole, so every kept row has all assets; times strictly increase.
 */
#include "data/data.h"

#include <stdlib.h>
#include <string.h>

#define PRICES_MAX_ASSETS 4096

struct bc_prices {
    int64_t n, capacity;
    int32_t n_assets;
    int64_t *time;
    double *close; /* [n x n_assets] */
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
    free(p->close);
    free(p);
}

static int grow(bc_prices *p)
{
    int64_t cap = p->capacity ? 2 * p->capacity : 1024;
    int64_t *t = realloc(p->time, (size_t)cap * sizeof *t);
    if (!t)
        return 0;
    p->time = t;
    double *c = realloc(p->close, (size_t)cap * (size_t)p->n_assets * sizeof *c);
    if (!c)
        return 0;
    p->close = c;
    p->capacity = cap;
    return 1;
}

static int32_t read_rows(const char *path, bc_csv *c, bc_prices *p, int32_t time_index,
                         const int32_t *asset_index, int32_t header_count, bc_rejects *r)
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
        if (ok == 1 && p->n == p->capacity && !grow(p))
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory (%lld rows)", path,
                           (long long)p->n);
        double *row = ok == 1 ? p->close + p->n * p->n_assets : NULL;
        for (int32_t j = 0; ok == 1 && j < p->n_assets; j++) {
            ok = bc_cell_double(r, &rec, asset_index[j], p->names[j], 0, 0.0, &row[j]);
            if (ok == 1 && !(row[j] > 0))
                ok = bc_reject_row(r, &rec, "column '%s' is %g, expected a price > 0",
                                   p->names[j], row[j]);
        }
        if (ok < 0)
            return ok;
        if (ok == 1)
            p->time[p->n++] = t;
    }
    return rc;
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
    if (time_index < 0 || header_count < 2 || header_count - 1 > PRICES_MAX_ASSETS) {
        char shown[160];
        rc = bc_fail(BC_E_PARSE, "%s: expected a time column (time, date, datetime, timestamp) "
                     "and 1..%d asset columns (header: '%s')", path, PRICES_MAX_ASSETS,
                     bc_quote_for_message(header.raw, shown, sizeof shown));
        bc_csv_close(c);
        return rc;
    }
    bc_prices *p = calloc(1, sizeof *p);
    int32_t *asset_index = malloc((size_t)header_count * sizeof *asset_index);
    bc_rejects *r = bc_rejects_new();
    if (p)
        p->names = calloc((size_t)header_count, sizeof *p->names);
    if (!p || !asset_index || !r || !p->names) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
        goto fail;
    }
    for (int32_t i = 0; i < header_count; i++) {
        if (i == time_index)
            continue;
        const char *name = header.fields[i] + strspn(header.fields[i], " \t");
        if (!*name) {
            rc = bc_fail(BC_E_PARSE, "%s: header column %d has no asset name", path, i + 1);
            goto fail;
        }
        for (int32_t j = 0; j < p->n_assets; j++)
            if (bc_name_equals(p->names[j], name)) {
                rc = bc_fail(BC_E_PARSE, "%s: asset '%s' appears twice in the header", path, name);
                goto fail;
            }
        asset_index[p->n_assets] = i;
        if (!(p->names[p->n_assets++] = strdup(name))) {
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
            goto fail;
        }
    }
    rc = read_rows(path, c, p, time_index, asset_index, header_count, r);
    if (rc < 0)
        goto fail;
    bc_csv_close(c);
    c = NULL;
    free(asset_index);
    asset_index = NULL;
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
    free(asset_index);
    bc_rejects_free(r);
    bc_prices_free(p);
    return rc;
}

BC_API int64_t bc_prices_length(const bc_prices *p) { return p ? p->n : 0; }

BC_API int32_t bc_prices_assets(const bc_prices *p) { return p ? p->n_assets : 0; }

BC_API const int64_t *bc_prices_time(const bc_prices *p) { return p ? p->time : NULL; }

BC_API const double *bc_prices_close(const bc_prices *p) { return p ? p->close : NULL; }

BC_API const char *bc_prices_asset_name(const bc_prices *p, int32_t asset)
{
    if (!p || asset < 0 || asset >= p->n_assets)
        return NULL;
    return p->names[asset];
}
