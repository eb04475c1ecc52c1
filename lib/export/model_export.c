/*
 * model_export.c - the public exporters (bc_export_*): turns a bc_model into
 * the export IR (the one place that reads struct bc_model for exporting) and
 * hands it to the ONNX and source writers. Writes files atomically.
 */
#include "export/export_ir.h"
#include "export/source_text.h"

#include "core/internal.h"
#include "model/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

int32_t bc_export_ir_from_model(const bc_model *m, bc_export_ir *ir)
{
    if (!m || !ir)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: model or description is NULL");
    if (m->kind != BC_MODEL_LOGISTIC && m->kind != BC_MODEL_MLP && m->kind != BC_MODEL_TREES) {
        const char *name = bc_model_kind_name(m->kind);
        return bc_fail(BC_E_UNSUPPORTED,
                       "export: model kind '%s' (%d) cannot be exported; "
                       "logistic, mlp and trees can", name ? name : "unknown",
                       (int)m->kind);
    }
    if (m->n_layers > BC_EXPORT_MAX_LAYERS)
        return bc_fail(BC_E_UNSUPPORTED, "export: %d layers, at most %d export",
                       (int)m->n_layers, BC_EXPORT_MAX_LAYERS);
    memset(ir, 0, sizeof *ir);
    ir->kind = bc_model_kind_name(m->kind);
    ir->n_features = m->n_features;
    ir->n_classes = m->n_classes;
    ir->center = m->center;
    ir->scale = m->scale;
    ir->clip_low = m->clip_low;
    ir->clip_high = m->clip_high;
    ir->n_layers = m->n_layers;
    ir->trees = m->trees;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        /* BC_EXPORT_ACT_* are the backend's BC_ACT_* values. */
        ir->layers[l] = (bc_export_layer){L->in, L->out, L->activation,
                                          L->weight, L->bias};
    }
    ir->class_names = (const char *const *)m->class_names;
    ir->feature_names = (const char *const *)m->feature_names;
    ir->feature_spec = m->feature_spec;
    ir->threshold = m->threshold;
    ir->has_calibration = m->has_calibration;
    ir->calibration_coef = m->calibration_coef;
    ir->calibration_intercept = m->calibration_intercept;
    return bc_export_ir_validate(ir);
}

int32_t bc_export_onnx_bytes(const bc_model *m, int32_t quantize_int8,
                             uint8_t *buf, int64_t capacity, int64_t *length)
{
    if (!length || capacity < 0 || (!buf && capacity > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export onnx: NULL length or buffer with capacity %lld",
                       (long long)capacity);
    *length = 0;
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return rc;
    uint8_t *bytes = NULL;
    int64_t size = 0;
    rc = bc_export_ir_onnx(&ir, quantize_int8, &bytes, &size);
    if (rc != BC_OK)
        return rc;
    *length = size;
    if (capacity < size) {
        free(bytes);
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "export onnx: %lld bytes needed, capacity %lld",
                       (long long)size, (long long)capacity);
    }
    memcpy(buf, bytes, (size_t)size);
    free(bytes);
    return BC_OK;
}

int32_t bc_export_onnx(const bc_model *m, const char *path,
                       int32_t quantize_int8)
{
    if (!path || !*path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx: no output path");
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    uint8_t *bytes = NULL;
    int64_t size = 0;
    rc = bc_export_ir_onnx(&ir, quantize_int8, &bytes, &size);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_export_write_file(path, bytes, size);
    free(bytes);
    return rc;
}

/* What an EA needs per symbol that lives in the model's JSON metadata
 * (which MQL5 cannot read): the risk-parity lot multiplier
 * (<prefix>_lot_scale, the numbers bc_model_lot_scale gives) and the symbol
 * embedding behind sym_emb(j) (<prefix>_use_symbol sets it through
 * <prefix>_set_symbol_embedding). Appended to the generated text. */
/* A symbol name that can stand in an MQL5 string literal as it is. */
static int plain_symbol(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("._-#+", *s))
            return 0;
    return 1;
}

static int32_t append_symbol_tables(const bc_model *m, const char *P, char **text)
{
#ifdef BC_HAVE_JANSSON
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    json_t *names = json_object_get(extra, "risk_parity_symbols");
    json_t *weights = json_object_get(extra, "risk_parity_weights");
    json_t *emb = json_object_get(extra, "symbol_embeddings");
    source_text t = {0};
    size_t n = json_array_size(names);
    if (n > 0 && json_array_size(weights) == n) {
        bc_source_put(&t, "\n/* Risk parity of the clone's symbols (model.json risk_parity_*):\n"
                      " * lots = base lots * %s_lot_scale(_Symbol); 1.0 for other symbols. */\n"
                      "double %s_lot_scale(string symbol)\n{\n", P, P);
        for (size_t i = 0; i < n; i++) {
            const char *sym = json_string_value(json_array_get(names, i));
            if (plain_symbol(sym))
                bc_source_put(&t, "    if (symbol == \"%s\")\n        return %.17g;\n", sym,
                              json_number_value(json_array_get(weights, i)) * (double)n);
        }
        bc_source_put(&t, "    return 1.0;\n}\n");
    }
    if (json_is_object(emb) && json_object_size(emb) > 0 && strstr(*text, "_set_symbol_embedding(")) {
        const char *key;
        json_t *vec;
        bc_source_put(&t, "\n/* The symbol graph's embedding of each symbol the clone learned\n"
                      " * (model.json symbol_embeddings): call %s_use_symbol(_Symbol) once\n"
                      " * before the first bar; returns false for a symbol it does not know. */\n"
                      "bool %s_use_symbol(string symbol)\n{\n", P, P);
        json_object_foreach(emb, key, vec) {
            if (!plain_symbol(key))
                continue;
            bc_source_put(&t, "    if (symbol == \"%s\") {\n", key);
            for (size_t j = 0; j < json_array_size(vec); j++)
                bc_source_put(&t, "        %s_set_symbol_embedding(%d, %.17g);\n", P, (int)j,
                              json_number_value(json_array_get(vec, j)));
            bc_source_put(&t, "        return true;\n    }\n");
        }
        bc_source_put(&t, "    return false;\n}\n");
    }
    json_decref(extra);
    if (t.failed) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export mql5: symbol tables");
    }
    if (!t.buf)
        return BC_OK;
    size_t a = strlen(*text), b = strlen(t.buf);
    char *joined = realloc(*text, a + b + 1);
    if (!joined) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export mql5: symbol tables");
    }
    memcpy(joined + a, t.buf, b + 1);
    *text = joined;
    free(t.buf);
#else
    (void)m, (void)P, (void)text;
#endif
    return BC_OK;
}

/* The whole .mqh text (malloc'd into *out). */
static int32_t mql5_text(const bc_model *m, const char *prefix, char **out)
{
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return rc;
    rc = bc_export_ir_source(&ir, BC_EXPORT_SOURCE_MQL5, prefix ? prefix : "bc_model", out);
    if (rc == BC_OK)
        rc = append_symbol_tables(m, prefix ? prefix : "bc_model", out);
    if (rc != BC_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

int32_t bc_export_mql5(const bc_model *m, const char *path, const char *prefix)
{
    if (!path || !*path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export mql5: no output path");
    char *text = NULL;
    int32_t rc = mql5_text(m, prefix, &text);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_export_write_file(path, text, (int64_t)strlen(text));
    free(text);
    return rc;
}

int32_t bc_export_mql5_text(const bc_model *m, const char *prefix, char *buf, int64_t capacity,
                            int64_t *length)
{
    if (length)
        *length = 0;
    if (!m || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_export_mql5_text: %s",
                       !m ? "model is NULL" : "buf is NULL or capacity negative");
    char *text = NULL;
    int32_t rc = mql5_text(m, prefix, &text);
    if (rc != BC_OK)
        return rc;
    size_t n = strlen(text);
    if (length)
        *length = (int64_t)n;
    if (capacity <= (int64_t)n)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_export_mql5_text: capacity %lld, the text needs "
                     "%zu bytes and a NUL", (long long)capacity, n);
    else
        memcpy(buf, text, n + 1);
    free(text);
    return rc;
}
