/*
 * model_export.c - the public exporters (bc_export_*): turns a bc_model into
 * the export IR (the one place that reads struct bc_model for exporting) and
 * hands it to the ONNX and source writers. Writes files atomically.
 */
#include "export/export_ir.h"

#include "core/internal.h"
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

int32_t bc_export_ir_from_model(const bc_model *m, bc_export_ir *ir)
{
    if (!m || !ir)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: model or description is NULL");
    if (m->kind != BC_MODEL_LOGISTIC && m->kind != BC_MODEL_MLP) {
        const char *name = bc_model_kind_name(m->kind);
        return bc_fail(BC_E_UNSUPPORTED,
                       "export: model kind '%s' (%d) cannot be exported; "
                       "logistic and mlp can", name ? name : "unknown",
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

int32_t bc_export_mql5(const bc_model *m, const char *path, const char *prefix)
{
    if (!path || !*path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export mql5: no output path");
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    char *text = NULL;
    rc = bc_export_ir_source(&ir, BC_EXPORT_SOURCE_MQL5,
                             prefix ? prefix : "bc_model", &text);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_export_write_file(path, text, (int64_t)strlen(text));
    free(text);
    return rc;
}
