/*
 * symbol_graph_meta.c - symbol embeddings in a clone: read from a
 * graph.json (bc_symbol_graph_write_json), appended as sym_emb(j) columns
 * by the cloner, recorded in the model ("symbol_embeddings": {symbol:
 * vector}, model.json's key) and read back by the predictor for its symbol.
 */
#include "clone/clone.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void clone_embeddings_free(clone_embeddings *e)
{
    free(e->values);
    free(e->symbols);
    memset(e, 0, sizeof *e);
}

const double *clone_embeddings_find(const clone_embeddings *e, const char *symbol)
{
    for (int32_t i = 0; i < e->n; i++)
        if (strcmp(e->symbols[i], symbol) == 0)
            return e->values + (size_t)i * (size_t)e->dimensions;
    return NULL;
}

#ifdef BC_HAVE_JANSSON
#include <jansson.h>

/* Fills e from a JSON object {symbol: [d numbers]} (what names for errors). */
static int32_t parse_embeddings(json_t *obj, const char *what, clone_embeddings *e)
{
    memset(e, 0, sizeof *e);
    if (!json_is_object(obj) || json_object_size(obj) == 0)
        return bc_fail(BC_E_FORMAT, "%s: no \"symbol_embeddings\" object", what);
    size_t n = json_object_size(obj);
    if (n > CLONE_MAX_EMBEDDED_SYMBOLS)
        return bc_fail(BC_E_FORMAT, "%s: %zu symbols, at most %d", what, n,
                       CLONE_MAX_EMBEDDED_SYMBOLS);
    const char *key;
    json_t *vec;
    int32_t d = -1;
    json_object_foreach(obj, key, vec) {
        if (!json_is_array(vec) || json_array_size(vec) < 1 || json_array_size(vec) > 256 ||
            (d >= 0 && (int32_t)json_array_size(vec) != d))
            return bc_fail(BC_E_FORMAT, "%s: embedding of '%s' must be an array of 1..256 numbers, "
                           "as long as the others", what, key);
        d = (int32_t)json_array_size(vec);
        if (strlen(key) == 0 || strlen(key) >= sizeof e->symbols[0])
            return bc_fail(BC_E_FORMAT, "%s: symbol name '%s' must be 1..31 bytes", what, key);
    }
    e->values = malloc(n * (size_t)d * sizeof *e->values);
    e->symbols = calloc(n, sizeof *e->symbols);
    if (!e->values || !e->symbols) {
        clone_embeddings_free(e);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: %zu embeddings", what, n);
    }
    e->dimensions = d;
    json_object_foreach(obj, key, vec) {
        snprintf(e->symbols[e->n], sizeof e->symbols[0], "%s", key);
        for (int32_t j = 0; j < d; j++) {
            json_t *v = json_array_get(vec, (size_t)j);
            double x = json_is_number(v) ? json_number_value(v) : NAN;
            if (!isfinite(x)) {
                clone_embeddings_free(e);
                return bc_fail(BC_E_FORMAT, "%s: component %d of '%s' is not a finite number",
                               what, j, key);
            }
            e->values[(size_t)e->n * d + j] = x;
        }
        e->n++;
    }
    return BC_OK;
}

int32_t clone_embeddings_load(const char *path, clone_embeddings *e)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        return bc_fail(err.line < 0 ? BC_E_IO : BC_E_PARSE, "symbol graph %s: %s (line %d)", path,
                       err.text, err.line);
    char what[4200];
    snprintf(what, sizeof what, "symbol graph %s", path);
    int32_t rc = parse_embeddings(json_object_get(root, "symbol_embeddings"), what, e);
    json_decref(root);
    return rc;
}

int32_t clone_embeddings_record(bc_model *m, const clone_embeddings *e,
                                char (*symbols)[32], int32_t n_symbols)
{
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    if (!json_is_object(extra)) {
        json_decref(extra);
        extra = json_object();
    }
    json_t *obj = json_object();
    for (int32_t s = 0; s < n_symbols; s++) {
        const double *v = clone_embeddings_find(e, symbols[s]);
        json_t *vec = json_array();
        for (int32_t j = 0; v && j < e->dimensions; j++)
            json_array_append_new(vec, json_real(v[j]));
        json_object_set_new(obj, symbols[s], vec);
    }
    json_object_set_new(extra, "symbol_embeddings", obj);
    char *text = json_dumps(extra, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(extra);
    int32_t rc = text ? bc_model_set_extra_json(m, text)
                      : bc_fail(BC_E_OUT_OF_MEMORY, "clone: symbol embeddings");
    free(text);
    return rc;
}

int32_t clone_model_embedding(const bc_model *m, const char *symbol, double *out,
                              int32_t capacity, int32_t *n, int32_t *n_symbols)
{
    *n = 0;
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    json_t *all = json_object_get(extra, "symbol_embeddings");
    *n_symbols = json_is_object(all) ? (int32_t)json_object_size(all) : 0;
    json_t *vec = json_object_get(all, symbol);
    int32_t rc = BC_OK;
    if (json_is_array(vec)) {
        int32_t d = (int32_t)json_array_size(vec);
        for (int32_t j = 0; j < d && j < capacity; j++)
            out[j] = json_number_value(json_array_get(vec, (size_t)j));
        *n = d < capacity ? d : capacity;
    }
    json_decref(extra);
    return rc;
}
#else
int32_t clone_embeddings_load(const char *path, clone_embeddings *e)
{
    memset(e, 0, sizeof *e);
    return bc_fail(BC_E_UNSUPPORTED, "symbol graph %s: not in this build (no JSON library)", path);
}

int32_t clone_embeddings_record(bc_model *m, const clone_embeddings *e,
                                char (*symbols)[32], int32_t n_symbols)
{
    (void)m, (void)e, (void)symbols, (void)n_symbols;
    return BC_OK;
}

int32_t clone_model_embedding(const bc_model *m, const char *symbol, double *out,
                              int32_t capacity, int32_t *n, int32_t *n_symbols)
{
    (void)m, (void)symbol, (void)out, (void)capacity;
    *n = 0;
    *n_symbols = 0; /* no JSON metadata here: hosts set it with bc_predictor_set_symbol_embedding */
    return BC_OK;
}
#endif
