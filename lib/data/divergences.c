/*
 * divergences.c - divergences.csv from decision replay: decisions a new
 * model decides differently from the old one, fed back into training with
 * a weight. Reader, in-memory list and atomic writer; no replay logic.
 */
#include "data/data.h"
#include "core/atomic_file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct bc_divergences {
    bc_divergence *rows;
    int32_t n, capacity;
};

int32_t bc_divergences_create(bc_divergences **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_divergences_create: NULL output");
    *out = calloc(1, sizeof **out);
    return *out ? BC_OK
                : bc_fail(BC_E_OUT_OF_MEMORY, "bc_divergences_create: out of memory");
}

void bc_divergences_free(bc_divergences *d)
{
    if (!d)
        return;
    free(d->rows);
    free(d);
}

int32_t bc_divergences_count(const bc_divergences *d) { return d ? d->n : 0; }

static const char *row_problem(const bc_divergence *row, char *why, size_t cap)
{
    if (!(row->old_prob >= 0.0 && row->old_prob <= 1.0))
        snprintf(why, cap, "old_prob is %g, expected 0..1", row->old_prob);
    else if (!(row->new_prob >= 0.0 && row->new_prob <= 1.0))
        snprintf(why, cap, "new_prob is %g, expected 0..1", row->new_prob);
    else if (!(row->weight >= 0.0) || isinf(row->weight))
        snprintf(why, cap, "weight is %g, expected a finite number >= 0", row->weight);
    else if (isinf(row->profit))
        snprintf(why, cap, "profit is %g, expected a finite number or NaN", row->profit);
    else
        return NULL;
    return why;
}

static int32_t push(bc_divergences *d, const bc_divergence *row)
{
    if (d->n == d->capacity) {
        if (d->n == INT32_MAX)
            return bc_fail(BC_E_OUT_OF_MEMORY, "divergences: more than %d rows", INT32_MAX);
        int64_t cap = d->capacity ? (int64_t)d->capacity * 2 : 64;
        if (cap > INT32_MAX)
            cap = INT32_MAX;
        bc_divergence *rows = realloc(d->rows, sizeof *rows * (size_t)cap);
        if (!rows)
            return bc_fail(BC_E_OUT_OF_MEMORY, "divergences: out of memory (%d rows)",
                           (int)d->n);
        d->rows = rows;
        d->capacity = (int32_t)cap;
    }
    d->rows[d->n] = *row;
    d->rows[d->n].struct_size = sizeof(bc_divergence);
    d->rows[d->n].reserved = 0;
    d->n++;
    return BC_OK;
}

int32_t bc_divergences_append(bc_divergences *d, const bc_divergence *row)
{
    if (!d || !row)
        return bc_fail_null("bc_divergences_append", "d", (const void *)d, "row", (const void *)row, (const char *)NULL);
    if (row->struct_size < sizeof(bc_divergence))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_divergences_append: struct_size %u, expected %u",
                       (unsigned)row->struct_size, (unsigned)sizeof(bc_divergence));
    char why[128];
    if (row_problem(row, why, sizeof why))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_divergences_append: decision %lld: %s",
                       (long long)row->decision_id, why);
    return push(d, row);
}

int32_t bc_divergences_get(const bc_divergences *d, int32_t i, bc_divergence *out)
{
    if (!d || !out)
        return bc_fail_null("bc_divergences_get", "d", (const void *)d, "out", (const void *)out, (const char *)NULL);
    if (out->struct_size < sizeof(bc_divergence))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_divergences_get: struct_size %u, expected %u",
                       (unsigned)out->struct_size, (unsigned)sizeof(bc_divergence));
    if (i < 0 || i >= d->n)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_divergences_get: index %d outside 0..%d",
                       (int)i, (int)d->n - 1);
    uint32_t size = out->struct_size;
    *out = d->rows[i];
    out->struct_size = size;
    return BC_OK;
}

static int32_t divergence_row(void *reader, bc_rejects *r, const bc_csv_record *rec,
                              const bc_column *cols)
{
    bc_divergence row = {sizeof row, 0, 0, 0, 0, 0, 0};
    int32_t ok = bc_cell_int64(r, rec, cols[0].index, "decision_id", 0, 0, &row.decision_id);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[1].index, "old_prob", 0, 0.0, &row.old_prob);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[2].index, "new_prob", 0, 0.0, &row.new_prob);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[3].index, "profit", 1, NAN, &row.profit);
    if (ok == 1)
        ok = bc_cell_double(r, rec, cols[4].index, "weight", 1, 1.0, &row.weight);
    char why[128];
    if (ok == 1 && row_problem(&row, why, sizeof why))
        ok = bc_reject_row(r, rec, "%s", why);
    if (ok != 1)
        return ok;
    int32_t rc = push(reader, &row);
    return rc == BC_OK ? 1 : rc;
}

int32_t bc_divergences_read_csv(const char *path, bc_divergences **out,
                                bc_rejects **rejects)
{
    if (rejects)
        *rejects = NULL;
    if (!path || !out)
        return bc_fail_null("bc_divergences_read_csv", "path", (const void *)path, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    static const char *const id_names[] = {"decision_id", NULL};
    static const char *const old_names[] = {"old_prob", NULL};
    static const char *const new_names[] = {"new_prob", NULL};
    static const char *const profit_names[] = {"profit", NULL};
    static const char *const weight_names[] = {"weight", NULL};
    bc_column cols[] = {{id_names, 1, -1, ""},     {old_names, 1, -1, ""}, {new_names, 1, -1, ""},
                        {profit_names, 0, -1, ""}, {weight_names, 0, -1, ""}};
    bc_divergences *d = NULL;
    if (bc_divergences_create(&d) != BC_OK)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    int32_t rc = bc_read_table(path, cols, 5, divergence_row, d, rejects);
    if (rc != BC_OK) {
        bc_divergences_free(d);
        return rc;
    }
    *out = d;
    return BC_OK;
}

int32_t bc_divergences_write_csv(const bc_divergences *d, const char *path)
{
    if (!d || !path)
        return bc_fail_null("bc_divergences_write_csv", "d", (const void *)d, "path", (const void *)path, (const char *)NULL);
    bc_atomic_file *af = NULL;
    FILE *f = NULL;
    int32_t rc = bc_atomic_open(path, &af, &f);
    if (rc != BC_OK)
        return rc;
    fputs("decision_id,old_prob,new_prob,profit,weight\n", f);
    for (int32_t i = 0; i < d->n; i++) {
        const bc_divergence *row = &d->rows[i];
        const double values[] = {row->old_prob, row->new_prob, row->profit, row->weight};
        fprintf(f, "%lld", (long long)row->decision_id);
        bc_csv_write_doubles(f, values, 4, ',');
        fputc('\n', f);
    }
    return bc_atomic_commit(af);
}
