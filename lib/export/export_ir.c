/*
 * export_ir.c - validation of the export description, its double-precision
 * reference forward pass (the oracle for every exported artifact), and the
 * INT8 weight quantization scheme. Writes no files.
 */
#include "export/export_ir.h"

#include "clone/clone.h"
#include "core/internal.h"
#include "model/kind.h"
#include "model/platt.h"
#include "model/trees.h"

#include <stdlib.h>

#include <math.h>
#include <stddef.h>

/* The decision rule's columns add up to the model's inputs, each signed
 * column names a market one, and every allowed class exists. */
static int32_t validate_decision(const bc_export_ir *ir)
{
    const bc_export_decision *d = ir->decision;
    const int32_t base = d->n_position - (d->has_levels ? 4 : 0);
    if (d->n_market < 0 || d->n_signed < 0 || (d->has_levels != 0 && d->has_levels != 1) ||
        (base != 0 && base != 4 && base != 6 && base != 7 && base != 9 && base != 16 &&
         base != 17 && base != 19) || (d->has_levels && base == 0) ||
        (d->n_position == 0 && d->n_signed != 0) || (d->n_day != 0 && d->n_day != 1) ||
        d->n_market + d->n_position + d->n_signed + d->n_day != ir->n_features)
        return bc_fail(BC_E_SHAPE, "export: decision rule with %d market, %d position, %d "
                       "signed and %d day count columns for a model of %d inputs",
                       (int)d->n_market, (int)d->n_position, (int)d->n_signed, (int)d->n_day,
                       (int)ir->n_features);
    for (int32_t k = 0; d->has_levels && k < 2; k++)
        if (d->level_unit[k] < 0 || d->level_unit[k] > 3 ||
            (d->level_unit[k] != 0 && !(d->level_k[k] > 0.0 && isfinite(d->level_k[k]))))
            return bc_fail(BC_E_INVALID_ARGUMENT, "export: %s level of unit %d and k %g",
                           k ? "take-profit" : "stop-loss", (int)d->level_unit[k], d->level_k[k]);
    if (d->n_exit_engines < 0 || d->n_exit_engines > 3)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: %d stop engines", (int)d->n_exit_engines);
    for (int32_t k = 0; k < 2; k++)
        if (d->exit_unit[k] < 0 || d->exit_unit[k] >= CLONE_LEVEL_UNITS ||
            (d->exit_unit[k] != 0 && !(d->exit_k[k] > 0.0 && isfinite(d->exit_k[k]))) ||
            (d->exit_unit[k] != 0 &&
             (d->exit_col[k] < -1 || d->exit_col[k] >= d->n_exit_engines)) ||
            (d->exit_unit[k] != 0 && d->n_position == 0))
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "export: %s rule of unit %d (%s), k %g, engine column %d of %d%s",
                           k ? "take-profit" : "stop-loss", (int)d->exit_unit[k],
                           clone_level_unit_name(d->exit_unit[k]), d->exit_k[k],
                           (int)d->exit_col[k], (int)d->n_exit_engines,
                           d->n_position == 0 ? " without position state" : "");
    if (d->n_signed > 0 && !d->signed_index)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: decision rule without signed_index");
    for (int32_t k = 0; k < d->n_signed; k++)
        if (d->signed_index[k] < 0 || d->signed_index[k] >= d->n_market)
            return bc_fail(BC_E_SHAPE, "export: signed column %d copies market column %d of %d",
                           (int)k, (int)d->signed_index[k], (int)d->n_market);
    if (d->n_position > 0 && (!d->atr_spec || !*d->atr_spec))
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: decision rule with position state "
                       "and no ATR spec");
    if (d->lookback < 0)
        return bc_fail(BC_E_SHAPE, "export: decision lookback %d", (int)d->lookback);
    for (int32_t s = 0; s < 3; s++) {
        int32_t i = 0;
        for (; i < 4 && d->allowed[s][i] >= 0; i++)
            if (d->allowed[s][i] < 1 || d->allowed[s][i] >= ir->n_classes ||
                d->allowed[s][i] > 3)
                return bc_fail(BC_E_SHAPE, "export: position %d allows class %d of %d",
                               (int)s - 1, (int)d->allowed[s][i], (int)ir->n_classes);
        if (i == 0 || i == 4)
            return bc_fail(BC_E_SHAPE, "export: position %d allows %s classes", (int)s - 1,
                           i == 0 ? "no" : "unterminated");
    }
    for (int32_t c = 0; c < 4; c++)
        if (!isnan(d->class_threshold[c]) &&
            !(d->class_threshold[c] >= 0.0 && d->class_threshold[c] <= 1.0))
            return bc_fail(BC_E_NUMERIC, "export: class %d threshold %g is not in [0, 1]",
                           (int)c, d->class_threshold[c]);
    return BC_OK;
}

int32_t bc_export_ir_validate(const bc_export_ir *ir)
{
    if (!ir)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: model description is NULL");
    if (ir->n_features < 1)
        return bc_fail(BC_E_SHAPE, "export: n_features is %d, expected >= 1",
                       (int)ir->n_features);
    if (ir->n_classes < 2)
        return bc_fail(BC_E_SHAPE, "export: n_classes is %d, expected >= 2",
                       (int)ir->n_classes);
    if (ir->trees) {
        if (ir->n_layers != 0 || ir->trees->n_classes != ir->n_classes)
            return bc_fail(BC_E_SHAPE, "export: a trees model with %d layers and trees for "
                           "%d classes (expected 0 and %d)", (int)ir->n_layers,
                           (int)ir->trees->n_classes, (int)ir->n_classes);
        int32_t rc = bc_trees_validate(ir->trees, ir->n_features);
        if (rc != BC_OK)
            return rc;
    } else if (ir->n_layers < 1 || ir->n_layers > BC_EXPORT_MAX_LAYERS)
        return bc_fail(BC_E_SHAPE, "export: %d layers, expected 1..%d",
                       (int)ir->n_layers, BC_EXPORT_MAX_LAYERS);
    if (!ir->center || !ir->scale || !ir->clip_low || !ir->clip_high)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export: normalization arrays missing");
    for (int32_t j = 0; j < ir->n_features; j++) {
        if (!isfinite(ir->center[j]))
            return bc_fail(BC_E_NUMERIC, "export: feature %d center is %g",
                           (int)j, ir->center[j]);
        if (!isfinite(ir->scale[j]) || !(ir->scale[j] > 0.0))
            return bc_fail(BC_E_NUMERIC,
                           "export: feature %d scale is %g, expected > 0",
                           (int)j, ir->scale[j]);
        if (isnan(ir->clip_low[j]) || isnan(ir->clip_high[j]) ||
            ir->clip_low[j] > ir->clip_high[j])
            return bc_fail(BC_E_NUMERIC,
                           "export: feature %d clip bounds [%g, %g] are not "
                           "an interval", (int)j, ir->clip_low[j],
                           ir->clip_high[j]);
    }
    int32_t width = ir->n_features;
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        if (L->n_in != width)
            return bc_fail(BC_E_SHAPE,
                           "export: layer %d takes %d inputs, previous width "
                           "is %d", (int)l, (int)L->n_in, (int)width);
        if (L->n_out < 1)
            return bc_fail(BC_E_SHAPE, "export: layer %d has %d outputs",
                           (int)l, (int)L->n_out);
        if (!L->weight || !L->bias)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "export: layer %d has no weights", (int)l);
        if (L->activation != BC_EXPORT_ACT_NONE &&
            L->activation != BC_EXPORT_ACT_RELU &&
            L->activation != BC_EXPORT_ACT_TANH &&
            L->activation != BC_EXPORT_ACT_SIGMOID)
            return bc_fail(BC_E_UNSUPPORTED,
                           "export: layer %d activation %d is not exportable "
                           "(none, relu, tanh, sigmoid are)", (int)l,
                           (int)L->activation);
        if (l == ir->n_layers - 1 && L->activation != BC_EXPORT_ACT_NONE)
            return bc_fail(BC_E_UNSUPPORTED,
                           "export: the last layer feeds the softmax and must "
                           "have no activation, has %d", (int)L->activation);
        int64_t count = (int64_t)L->n_out * L->n_in;
        for (int64_t i = 0; i < count; i++)
            if (!isfinite(L->weight[i]))
                return bc_fail(BC_E_NUMERIC,
                               "export: layer %d weight [%lld][%lld] is %g",
                               (int)l, (long long)(i / L->n_in),
                               (long long)(i % L->n_in), (double)L->weight[i]);
        for (int32_t i = 0; i < L->n_out; i++)
            if (!isfinite(L->bias[i]))
                return bc_fail(BC_E_NUMERIC, "export: layer %d bias [%d] is %g",
                               (int)l, (int)i, (double)L->bias[i]);
        width = L->n_out;
    }
    if (ir->has_calibration && (!isfinite(ir->calibration_coef) ||
                                !isfinite(ir->calibration_intercept)))
        return bc_fail(BC_E_NUMERIC, "export: calibration coef %g intercept %g "
                       "must be finite", ir->calibration_coef,
                       ir->calibration_intercept);
    if (!ir->trees && width != ir->n_classes)
        return bc_fail(BC_E_SHAPE,
                       "export: last layer has %d outputs, model has %d classes",
                       (int)width, (int)ir->n_classes);
    return ir->decision ? validate_decision(ir) : BC_OK;
}

int32_t bc_export_ir_max_width(const bc_export_ir *ir)
{
    int32_t width = ir->n_features > ir->n_classes ? ir->n_features : ir->n_classes;
    for (int32_t l = 0; l < ir->n_layers; l++)
        if (ir->layers[l].n_out > width)
            width = ir->layers[l].n_out;
    return width;
}

/* The kind's logits (model/kind.h: the dense kind's normalization and
 * reference layers, the trees kind's margins), the shared softmax, the one
 * Platt rescale. */
void bc_export_ir_forward(const bc_export_ir *ir, const double *x,
                          double *probs, double *scratch)
{
    const bc_model_kind_ops *kind = ir->trees ? &bc_model_kind_trees : &bc_model_kind_mlp;
    double *logits = NULL;
    kind->ir_logits(ir, x, scratch, bc_export_ir_max_width(ir), &logits);
    for (int32_t c = 0; c < ir->n_classes; c++)
        probs[c] = logits[c];
    bc_softmax_double(probs, ir->n_classes);
    if (ir->has_calibration)
        bc_platt_apply(ir->calibration_coef, ir->calibration_intercept, probs, ir->n_classes);
}

void bc_export_quantize_int8(const float *w, int32_t rows, int32_t cols,
                             int8_t *q, float *scale)
{
    for (int32_t r = 0; r < rows; r++) {
        const float *row = w + (size_t)r * (size_t)cols;
        float top = 0.0f;
        for (int32_t c = 0; c < cols; c++)
            top = fabsf(row[c]) > top ? fabsf(row[c]) : top;
        scale[r] = top > 0.0f ? top / 127.0f : 1.0f;
        for (int32_t c = 0; c < cols; c++) {
            float v = nearbyintf(row[c] / scale[r]);
            v = v > 127.0f ? 127.0f : (v < -127.0f ? -127.0f : v);
            q[(size_t)r * (size_t)cols + (size_t)c] = (int8_t)v;
        }
    }
}
