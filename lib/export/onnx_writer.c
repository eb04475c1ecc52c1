/*
 * onnx_writer.c - renders an export IR as an ONNX model with protobuf-c and
 * the ONNX schema shipped by Debian's libonnx-dev (C code generated at build
 * time into $(BUILD)/gen). Owns the graph layout that ONNX Runtime and MT5's
 * OnnxRun load; knows nothing of bc_model or files.
 *
 * Graph (opset 13, IR version 7, which ONNX Runtime 1.14 - MT5's - runs):
 *   features float[N,F] -> Cast(double) -> Sub(center) -> Div(scale)
 *     -> Where(IsNaN or IsInf, 0, .) -> Max(clip_low) -> Min(clip_high)
 *     -> Cast(float) -> [DequantizeLinear(W_q, scale, 0, axis 0)] Gemm(transB)
 *     -> Relu|Tanh|Sigmoid ... -> Softmax(axis 1) [-> Platt calibration of
 *     P(act) in double] -> probabilities float[N,C]
 *                       -> ArgMax(axis 1) -> label int64[N]
 * Normalization runs in double so the exported z equals the library's (which
 * normalizes in double) before the float layers. A trees model replaces
 * normalization and layers with features -> Where(IsInf, NaN, .) ->
 * ai.onnx.ml TreeEnsembleClassifier (opset 3, margins as "logits"). Per-feature clip bounds use
 * Max/Min because Clip takes only scalar bounds.
 */
#include "clone/clone.h"
#include "export/export_ir.h"
#include "model/trees.h"

#include "core/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(BC_HAVE_PROTOBUF_C)

#include "onnx/onnx.pb-c.h"

#if defined(BC_HAVE_JANSSON)
#include <jansson.h>
#endif

/* Every message, array and string of one model is allocated here and freed
 * together; protobuf-c only reads the tree while packing. An allocation
 * failure sets `failed`, helpers return NULL, and the caller checks `failed`
 * once before packing. */
typedef struct onnx_builder {
    void **blocks;
    size_t n_blocks, cap_blocks;
    int failed;
    Onnx__NodeProto **nodes;
    size_t n_nodes, cap_nodes;
    Onnx__TensorProto **inits;
    size_t n_inits, cap_inits;
} onnx_builder;

static int grow(void ***array, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    size_t cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void **p = realloc(*array, cap2 * sizeof *p);
    if (!p)
        return 0;
    *array = p;
    *cap = cap2;
    return 1;
}

static void *b_alloc(onnx_builder *b, size_t size)
{
    if (b->failed)
        return NULL;
    void *p = calloc(1, size ? size : 1);
    if (!p || !grow(&b->blocks, &b->cap_blocks, b->n_blocks + 1)) {
        free(p);
        b->failed = 1;
        return NULL;
    }
    b->blocks[b->n_blocks++] = p;
    return p;
}

static char *b_printf(onnx_builder *b, const char *fmt, ...) BC_PRINTF(2, 3);

static char *b_printf(onnx_builder *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? b_alloc(b, (size_t)n + 1) : NULL;
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void b_free(onnx_builder *b)
{
    for (size_t i = 0; i < b->n_blocks; i++)
        free(b->blocks[i]);
    free(b->blocks);
    free(b->nodes);
    free(b->inits);
}

static Onnx__AttributeProto *attr_int(onnx_builder *b, const char *name,
                                      int64_t value)
{
    Onnx__AttributeProto *a = b_alloc(b, sizeof *a);
    if (!a)
        return NULL;
    onnx__attribute_proto__init(a);
    a->name = (char *)name;
    a->has_type = 1;
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
    a->has_i = 1;
    a->i = value;
    return a;
}

static Onnx__AttributeProto *attr_new(onnx_builder *b, const char *name,
                                      Onnx__AttributeProto__AttributeType type)
{
    Onnx__AttributeProto *a = b_alloc(b, sizeof *a);
    if (!a)
        return NULL;
    onnx__attribute_proto__init(a);
    a->name = (char *)name;
    a->has_type = 1;
    a->type = type;
    return a;
}

static Onnx__AttributeProto *attr_string(onnx_builder *b, const char *name, const char *value)
{
    Onnx__AttributeProto *a = attr_new(b, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING);
    if (!a)
        return NULL;
    a->has_s = 1;
    a->s.data = (uint8_t *)value;
    a->s.len = strlen(value);
    return a;
}

/* A list attribute; the arrays must live as long as the builder. */
static Onnx__AttributeProto *attr_ints(onnx_builder *b, const char *name, int64_t *v, size_t n)
{
    Onnx__AttributeProto *a = attr_new(b, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);
    if (!a)
        return NULL;
    a->n_ints = n;
    a->ints = v;
    return a;
}

static Onnx__AttributeProto *attr_floats(onnx_builder *b, const char *name, float *v, size_t n)
{
    Onnx__AttributeProto *a = attr_new(b, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS);
    if (!a)
        return NULL;
    a->n_floats = n;
    a->floats = v;
    return a;
}

static Onnx__AttributeProto *attr_strings(onnx_builder *b, const char *name,
                                          ProtobufCBinaryData *v, size_t n)
{
    Onnx__AttributeProto *a = attr_new(b, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS);
    if (!a)
        return NULL;
    a->n_strings = n;
    a->strings = v;
    return a;
}

/* Appends a node; inputs/outputs are NULL-terminated lists of names that
 * live as long as the builder (literals or b_printf results), attrs a
 * NULL-terminated list too (may be NULL). */
static void add_node(onnx_builder *b, const char *op, const char *name,
                     const char *const *inputs, const char *const *outputs,
                     Onnx__AttributeProto *const *attrs)
{
    size_t n_in = 0, n_out = 0, n_attr = 0;
    while (inputs[n_in])
        n_in++;
    while (outputs[n_out])
        n_out++;
    while (attrs && attrs[n_attr])
        n_attr++;
    Onnx__NodeProto *node = b_alloc(b, sizeof *node);
    char **in = b_alloc(b, n_in * sizeof *in);
    char **out = b_alloc(b, n_out * sizeof *out);
    Onnx__AttributeProto **at = b_alloc(b, n_attr * sizeof *at);
    if (b->failed || !name)
        return;
    for (size_t i = 0; i < n_in; i++)
        in[i] = (char *)inputs[i];
    for (size_t i = 0; i < n_out; i++)
        out[i] = (char *)outputs[i];
    for (size_t i = 0; i < n_attr; i++)
        at[i] = attrs[i];
    onnx__node_proto__init(node);
    node->op_type = (char *)op;
    node->name = (char *)name;
    node->n_input = n_in;
    node->input = in;
    node->n_output = n_out;
    node->output = out;
    node->n_attribute = n_attr;
    node->attribute = at;
    if (!grow((void ***)&b->nodes, &b->cap_nodes, b->n_nodes + 1)) {
        b->failed = 1;
        return;
    }
    b->nodes[b->n_nodes++] = node;
}

/* Initializer with raw little-endian data (the byte order ONNX requires). */
static void add_init(onnx_builder *b, const char *name, int32_t data_type,
                     const int64_t *dims, size_t n_dims, const void *data,
                     size_t elem_size, size_t count)
{
    Onnx__TensorProto *t = b_alloc(b, sizeof *t);
    int64_t *d = b_alloc(b, n_dims * sizeof *d);
    uint8_t *raw = b_alloc(b, count * elem_size);
    if (b->failed || !name)
        return;
    onnx__tensor_proto__init(t);
    t->name = (char *)name;
    t->has_data_type = 1;
    t->data_type = data_type;
    if (n_dims > 0) /* a scalar has no dims (and may pass NULL) */
        memcpy(d, dims, n_dims * sizeof *d);
    t->n_dims = n_dims;
    t->dims = d;
    const uint8_t *src = data;
    const uint16_t probe = 1;
    int little = *(const uint8_t *)&probe == 1;
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; k < elem_size; k++)
            raw[i * elem_size + k] =
                src[i * elem_size + (little ? k : elem_size - 1 - k)];
    t->has_raw_data = 1;
    t->raw_data.len = count * elem_size;
    t->raw_data.data = raw;
    if (!grow((void ***)&b->inits, &b->cap_inits, b->n_inits + 1)) {
        b->failed = 1;
        return;
    }
    b->inits[b->n_inits++] = t;
}

static void add_init_doubles(onnx_builder *b, const char *name,
                             const double *v, int64_t n)
{
    add_init(b, name, ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, &n, 1, v,
             sizeof *v, (size_t)n);
}

/* A tensor value_info: dims[i] >= 0 is fixed, -1 is the batch "N". */
static Onnx__ValueInfoProto *value_info(onnx_builder *b, const char *name,
                                        int32_t elem_type,
                                        const int64_t *dims, size_t n_dims)
{
    Onnx__ValueInfoProto *vi = b_alloc(b, sizeof *vi);
    Onnx__TypeProto *type = b_alloc(b, sizeof *type);
    Onnx__TypeProto__Tensor *tensor = b_alloc(b, sizeof *tensor);
    Onnx__TensorShapeProto *shape = b_alloc(b, sizeof *shape);
    Onnx__TensorShapeProto__Dimension **dim = b_alloc(b, n_dims * sizeof *dim);
    for (size_t i = 0; i < n_dims && !b->failed; i++)
        dim[i] = b_alloc(b, sizeof **dim);
    if (b->failed)
        return NULL;
    for (size_t i = 0; i < n_dims; i++) {
        onnx__tensor_shape_proto__dimension__init(dim[i]);
        if (dims[i] < 0) {
            dim[i]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
            dim[i]->dim_param = (char *)"N";
        } else {
            dim[i]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
            dim[i]->dim_value = dims[i];
        }
    }
    onnx__tensor_shape_proto__init(shape);
    shape->n_dim = n_dims;
    shape->dim = dim;
    onnx__type_proto__tensor__init(tensor);
    tensor->has_elem_type = 1;
    tensor->elem_type = elem_type;
    tensor->shape = shape;
    onnx__type_proto__init(type);
    type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    type->tensor_type = tensor;
    onnx__value_info_proto__init(vi);
    vi->name = (char *)name;
    vi->type = type;
    return vi;
}

/* The JSON that hosts read back from metadata_props["botcopier"]: what the
 * inputs and outputs mean, class and feature names, the threshold and the
 * quantization scheme. Without jansson only the scalar facts are kept. */
static char *metadata_json(onnx_builder *b, const bc_export_ir *ir,
                           int32_t quantize_int8)
{
    const char *quant = quantize_int8
        ? "int8 weights, symmetric per output channel: scale = max|w|/127, "
          "zero point 0, dequantized by DequantizeLinear(axis 0)"
        : "none (float32 weights)";
#if defined(BC_HAVE_JANSSON)
    json_t *root = json_object(), *classes = json_array(), *features = json_array();
    if (!root || !classes || !features) {
        json_decref(root), json_decref(classes), json_decref(features);
        b->failed = 1;
        return NULL;
    }
    for (int32_t c = 0; c < ir->n_classes; c++) {
        char fallback[16];
        snprintf(fallback, sizeof fallback, "%d", (int)c);
        json_array_append_new(classes, json_string(
            ir->class_names ? ir->class_names[c] : fallback));
    }
    for (int32_t j = 0; j < ir->n_features; j++) {
        char fallback[24];
        snprintf(fallback, sizeof fallback, "f%d", (int)j);
        json_array_append_new(features, json_string(
            ir->feature_names ? ir->feature_names[j] : fallback));
    }
    json_object_set_new(root, "producer", json_string("libbotcopier " BC_VERSION_STRING));
    json_object_set_new(root, "kind", json_string(ir->kind ? ir->kind : "unknown"));
    json_object_set_new(root, "n_features", json_integer(ir->n_features));
    json_object_set_new(root, "n_classes", json_integer(ir->n_classes));
    json_object_set_new(root, "class_names", classes);
    json_object_set_new(root, "feature_names", features);
    json_object_set_new(root, "feature_spec",
                        json_string(ir->feature_spec ? ir->feature_spec : ""));
    json_object_set_new(root, "threshold", json_real(ir->threshold));
    json_object_set_new(root, "quantization", json_string(quant));
    json_object_set_new(root, "missing", json_string("NaN feature = its center"));
    if (ir->exit_unit[0] || ir->exit_unit[1]) {
        /* the clone's stops, as its model file's clone.exits (the host
         * places them: the predictor's clone_entry_levels) */
        json_t *exits = json_object();
        for (int k = 0; k < 2; k++) {
            json_t *o = json_null();
            if (ir->exit_unit[k]) {
                struct clone_level_rule r = {ir->exit_unit[k], ir->exit_k[k], ir->exit_n[k]};
                char spec[64];
                o = json_object();
                json_object_set_new(o, "unit", json_string(clone_level_unit_name(r.unit)));
                json_object_set_new(o, "k", json_real(r.k));
                if (r.n > 0)
                    json_object_set_new(o, "n", json_integer(r.n));
                if (clone_exit_unit_spec(&r, spec, sizeof spec))
                    json_object_set_new(o, "engine", json_string(spec));
            }
            json_object_set_new(exits, k ? "tp" : "sl", o);
        }
        if (ir->breakeven > 0.0) /* the stop to the entry at this many entry ATRs */
            json_object_set_new(exits, "breakeven_atr", json_real(ir->breakeven));
        json_object_set_new(root, "exits", exits);
    }
    if (ir->position_atr > 0 && ir->position_atr != CLONE_POSITION_ATR_DEFAULT)
        /* the period of the atr the host computes the position columns in
         * (the model file's clone.position_atr; absent: 14) */
        json_object_set_new(root, "position_atr", json_integer(ir->position_atr));
    if (ir->decision && ir->decision->n_day)
        /* the last input the host fills (the cloner's position_day=1) */
        json_object_set_new(root, "day_count",
                            json_string(CLONE_DAY_NAME ": the last feature, the entries taken "
                                        "on the bar's UTC day (floor of its time / 86400) "
                                        "before its decision, capped at 3"));
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(root);
    if (!text) {
        b->failed = 1;
        return NULL;
    }
    char *copy = b_printf(b, "%s", text);
    free(text);
    return copy;
#else
    /* the clone's stops as above, by hand */
    char exits[2][96];
    for (int k = 0; k < 2; k++) {
        struct clone_level_rule r = {ir->exit_unit[k], ir->exit_k[k], ir->exit_n[k]};
        char spec[64], n[24] = "";
        if (r.n > 0)
            snprintf(n, sizeof n, ",\"n\":%d", (int)r.n);
        if (!r.unit)
            snprintf(exits[k], sizeof exits[k], "null");
        else if (clone_exit_unit_spec(&r, spec, sizeof spec))
            snprintf(exits[k], sizeof exits[k], "{\"unit\":\"%s\",\"k\":%.17g%s,\"engine\":\"%s\"}",
                     clone_level_unit_name(r.unit), r.k, n, spec);
        else
            snprintf(exits[k], sizeof exits[k], "{\"unit\":\"%s\",\"k\":%.17g%s}",
                     clone_level_unit_name(r.unit), r.k, n);
    }
    char breakeven[48] = "", period[32] = "";
    if (ir->breakeven > 0.0)
        snprintf(breakeven, sizeof breakeven, ",\"breakeven_atr\":%.17g", ir->breakeven);
    if (ir->position_atr > 0 && ir->position_atr != CLONE_POSITION_ATR_DEFAULT)
        snprintf(period, sizeof period, ",\"position_atr\":%d", (int)ir->position_atr);
    if (ir->exit_unit[0] || ir->exit_unit[1])
        return b_printf(b, "{\"kind\":\"%s\",\"n_features\":%d,\"n_classes\":%d,"
                        "\"quantization\":\"%s\",\"exits\":{\"sl\":%s,\"tp\":%s%s}%s}",
                        ir->kind ? ir->kind : "unknown", (int)ir->n_features,
                        (int)ir->n_classes, quant, exits[0], exits[1], breakeven, period);
    return b_printf(b, "{\"kind\":\"%s\",\"n_features\":%d,\"n_classes\":%d,"
                    "\"quantization\":\"%s\"%s}", ir->kind ? ir->kind : "unknown",
                    (int)ir->n_features, (int)ir->n_classes, quant, period);
#endif
}

static Onnx__StringStringEntryProto *entry(onnx_builder *b, const char *key,
                                           char *value)
{
    Onnx__StringStringEntryProto *e = b_alloc(b, sizeof *e);
    if (!e || !value)
        return NULL;
    onnx__string_string_entry_proto__init(e);
    e->key = (char *)key;
    e->value = value;
    return e;
}

/* Shorthands for the common node shapes: op(a) -> out, op(a, b) -> out. */
static void op1(onnx_builder *b, const char *op, const char *a, const char *out)
{
    add_node(b, op, out, (const char *[]){a, NULL}, (const char *[]){out, NULL},
             NULL);
}

static void op2(onnx_builder *b, const char *op, const char *a, const char *c,
                const char *out)
{
    add_node(b, op, out, (const char *[]){a, c, NULL},
             (const char *[]){out, NULL}, NULL);
}

static void add_scalar_double(onnx_builder *b, const char *name, double v)
{
    add_init(b, name, ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, NULL, 0, &v,
             sizeof v, 1);
}

static void cast(onnx_builder *b, const char *in, const char *out, int32_t to)
{
    Onnx__AttributeProto *attrs[] = {attr_int(b, "to", to), NULL};
    add_node(b, "Cast", out, (const char *[]){in, NULL},
             (const char *[]){out, NULL}, attrs);
}

/* features -> "normalized" float[N,F], in double as the library does. */
static void build_normalization(onnx_builder *b, const bc_export_ir *ir)
{
    const int64_t F = ir->n_features;
    add_init_doubles(b, "center", ir->center, F);
    add_init_doubles(b, "scale", ir->scale, F);
    add_init_doubles(b, "clip_low", ir->clip_low, F);
    add_init_doubles(b, "clip_high", ir->clip_high, F);
    add_scalar_double(b, "zero", 0.0);
    cast(b, "features", "features_double", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE);
    op2(b, "Sub", "features_double", "center", "centered");
    op2(b, "Div", "centered", "scale", "scaled");
    /* NaN or +-inf after scaling is a missing value: the center, z = 0. */
    op1(b, "IsNaN", "scaled", "scaled_is_nan");
    op1(b, "IsInf", "scaled", "scaled_is_inf");
    op2(b, "Or", "scaled_is_nan", "scaled_is_inf", "missing");
    add_node(b, "Where", "finite", (const char *[]){"missing", "zero", "scaled", NULL},
             (const char *[]){"finite", NULL}, NULL);
    op2(b, "Max", "finite", "clip_low", "clipped_low");
    op2(b, "Min", "clipped_low", "clip_high", "clipped");
    cast(b, "clipped", "normalized", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
}

/* The dense layers from "normalized" to "logits". */
static void build_layers(onnx_builder *b, const bc_export_ir *ir,
                         int32_t quantize_int8)
{
    const char *h = "normalized";
    for (int32_t l = 0; l < ir->n_layers && !b->failed; l++) {
        const bc_export_layer *L = &ir->layers[l];
        int64_t wdims[2] = {L->n_out, L->n_in};
        int64_t bdims[1] = {L->n_out};
        size_t count = (size_t)L->n_out * (size_t)L->n_in;
        char *wname = b_printf(b, "layer%d_weight", (int)l);
        char *bname = b_printf(b, "layer%d_bias", (int)l);
        if (quantize_int8) {
            int8_t *q = b_alloc(b, count);
            float *s = b_alloc(b, (size_t)L->n_out * sizeof *s);
            int8_t *zp = b_alloc(b, (size_t)L->n_out);
            if (b->failed)
                return;
            bc_export_quantize_int8(L->weight, L->n_out, L->n_in, q, s);
            char *qname = b_printf(b, "layer%d_weight_int8", (int)l);
            char *sname = b_printf(b, "layer%d_weight_scale", (int)l);
            char *zname = b_printf(b, "layer%d_weight_zero_point", (int)l);
            add_init(b, qname, ONNX__TENSOR_PROTO__DATA_TYPE__INT8, wdims, 2,
                     q, 1, count);
            add_init(b, sname, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, bdims, 1,
                     s, sizeof *s, (size_t)L->n_out);
            add_init(b, zname, ONNX__TENSOR_PROTO__DATA_TYPE__INT8, bdims, 1,
                     zp, 1, (size_t)L->n_out);
            Onnx__AttributeProto *axis0[] = {attr_int(b, "axis", 0), NULL};
            add_node(b, "DequantizeLinear", b_printf(b, "layer%d_dequantize", (int)l),
                     (const char *[]){qname, sname, zname, NULL},
                     (const char *[]){wname, NULL}, axis0);
        } else {
            add_init(b, wname, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, wdims, 2,
                     L->weight, sizeof *L->weight, count);
        }
        add_init(b, bname, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, bdims, 1,
                 L->bias, sizeof *L->bias, (size_t)L->n_out);
        int last = l == ir->n_layers - 1;
        char *gemm_out = last ? (char *)"logits" : b_printf(b, "layer%d_linear", (int)l);
        Onnx__AttributeProto *trans_b[] = {attr_int(b, "transB", 1), NULL};
        add_node(b, "Gemm", b_printf(b, "layer%d_gemm", (int)l),
                 (const char *[]){h, wname, bname, NULL},
                 (const char *[]){gemm_out, NULL}, trans_b);
        h = gemm_out;
        if (L->activation != BC_EXPORT_ACT_NONE) {
            static const char *const ops[] = {NULL, "Relu", "Tanh", "Sigmoid"};
            char *act_out = b_printf(b, "layer%d_output", (int)l);
            op1(b, ops[L->activation], h, act_out);
            h = act_out;
        }
    }
}

/* The Platt rescale of a P(act) tensor in double, as lib/model/platt.c:
 * clamp to [act_min, act_max], logit, 1 / (1 + exp(-(coef * logit +
 * intercept))). Needs the initializers one, act_min, act_max,
 * calibration_coef and calibration_intercept. */
static void platt_ops(onnx_builder *b, const char *in, const char *out)
{
    op2(b, "Max", in, "act_min", "p_act_low");
    op2(b, "Min", "p_act_low", "act_max", "p_act_clamped");
    op2(b, "Sub", "one", "p_act_clamped", "p_none_clamped");
    op2(b, "Div", "p_act_clamped", "p_none_clamped", "odds");
    op1(b, "Log", "odds", "logit");
    op2(b, "Mul", "logit", "calibration_coef", "platt_scaled");
    op2(b, "Add", "platt_scaled", "calibration_intercept", "platt");
    op1(b, "Neg", "platt", "platt_negated");
    op1(b, "Exp", "platt_negated", "platt_exp");
    op2(b, "Add", "one", "platt_exp", "platt_denominator");
    op2(b, "Div", "one", "platt_denominator", out);
}

/* Platt calibration of P(act) = 1 - P(class 0), as bc_model_predict does
 * it, in double: "softmax" float[N,C] -> "probabilities" float[N,C]. */
static void build_calibration(onnx_builder *b, const bc_export_ir *ir)
{
    const int64_t C = ir->n_classes;
    const int64_t axis1[1] = {1}, zero_i[1] = {0}, one_i[1] = {1}, c_i[1] = {C};
    const int64_t one_dim[1] = {1};
    add_init(b, "slice_axis", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1,
             axis1, sizeof(int64_t), 1);
    add_init(b, "slice_0", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1,
             zero_i, sizeof(int64_t), 1);
    add_init(b, "slice_1", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1,
             one_i, sizeof(int64_t), 1);
    add_init(b, "slice_c", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1,
             c_i, sizeof(int64_t), 1);
    add_scalar_double(b, "one", 1.0);
    add_scalar_double(b, "act_min", 1e-12);
    add_scalar_double(b, "act_max", 1.0 - 1e-12);
    add_scalar_double(b, "calibration_coef", ir->calibration_coef);
    add_scalar_double(b, "calibration_intercept", ir->calibration_intercept);
    add_scalar_double(b, "other_classes", (double)(C - 1));
    cast(b, "softmax", "softmax_double", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE);
    add_node(b, "Slice", "p_none",
             (const char *[]){"softmax_double", "slice_0", "slice_1", "slice_axis", NULL},
             (const char *[]){"p_none", NULL}, NULL);
    add_node(b, "Slice", "p_others",
             (const char *[]){"softmax_double", "slice_1", "slice_c", "slice_axis", NULL},
             (const char *[]){"p_others", NULL}, NULL);
    op2(b, "Sub", "one", "p_none", "p_act");
    platt_ops(b, "p_act", "p_act_calibrated");
    op2(b, "Sub", "one", "p_act_calibrated", "p_none_calibrated");
    /* Other classes keep their shares of P(act); with P(act) = 0 they split
     * the calibrated P(act) evenly. */
    op2(b, "Div", "p_act_calibrated", "p_act", "act_ratio");
    op2(b, "Mul", "p_others", "act_ratio", "p_others_rescaled");
    op2(b, "Div", "p_act_calibrated", "other_classes", "p_others_even");
    op2(b, "Greater", "p_act", "zero", "has_act");
    add_node(b, "Where", "p_others_calibrated",
             (const char *[]){"has_act", "p_others_rescaled", "p_others_even", NULL},
             (const char *[]){"p_others_calibrated", NULL}, NULL);
    Onnx__AttributeProto *concat_axis[] = {attr_int(b, "axis", 1), NULL};
    add_node(b, "Concat", "calibrated",
             (const char *[]){"p_none_calibrated", "p_others_calibrated", NULL},
             (const char *[]){"calibrated", NULL}, concat_axis);
    cast(b, "calibrated", "probabilities", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
}

/* Tree ensembles: features -> (+-inf to NaN: the library's "non-finite
 * is missing") -> ai.onnx.ml TreeEnsembleClassifier with post_transform
 * NONE, BRANCH_LT splits and missing values following the default branch
 * -> "logits" float[N,C] (the margins), then the shared softmax. */
static void build_trees(onnx_builder *b, const bc_export_ir *ir, const char *input)
{
    const bc_trees *t = ir->trees;
    size_t N = (size_t)t->n_nodes, C = (size_t)ir->n_classes, leaves = 0;
    for (size_t i = 0; i < N; i++)
        leaves += t->feature[i] < 0;
    if (ir->has_calibration)
        add_scalar_double(b, "zero", 0.0); /* the calibration's P(act) > 0 test */
    float nan_value = NAN;
    add_init(b, "nan", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, NULL, 0, &nan_value,
             sizeof nan_value, 1);
    op1(b, "IsInf", input, "features_is_inf");
    add_node(b, "Where", "features_missing",
             (const char *[]){"features_is_inf", "nan", input, NULL},
             (const char *[]){"features_missing", NULL}, NULL);
    int64_t *tree_ids = b_alloc(b, N * sizeof(int64_t));
    int64_t *node_ids = b_alloc(b, N * sizeof(int64_t));
    int64_t *feature_ids = b_alloc(b, N * sizeof(int64_t));
    float *values = b_alloc(b, N * sizeof(float));
    ProtobufCBinaryData *modes = b_alloc(b, N * sizeof *modes);
    int64_t *true_ids = b_alloc(b, N * sizeof(int64_t));
    int64_t *false_ids = b_alloc(b, N * sizeof(int64_t));
    int64_t *missing_true = b_alloc(b, N * sizeof(int64_t));
    int64_t *leaf_tree = b_alloc(b, (leaves ? leaves : 1) * sizeof(int64_t));
    int64_t *leaf_node = b_alloc(b, (leaves ? leaves : 1) * sizeof(int64_t));
    int64_t *leaf_class = b_alloc(b, (leaves ? leaves : 1) * sizeof(int64_t));
    float *leaf_weight = b_alloc(b, (leaves ? leaves : 1) * sizeof(float));
    int64_t *labels = b_alloc(b, C * sizeof(int64_t));
    float *base = b_alloc(b, C * sizeof(float));
    if (b->failed)
        return;
    size_t leaf = 0;
    for (int32_t k = 0; k < t->n_trees; k++) {
        int32_t lo = t->tree_start[k];
        for (int32_t i = lo; i < t->tree_start[k + 1]; i++) {
            int is_leaf = t->feature[i] < 0;
            tree_ids[i] = k;
            node_ids[i] = i - lo;
            feature_ids[i] = is_leaf ? 0 : t->feature[i];
            values[i] = is_leaf ? 0.0f : t->value[i];
            const char *mode = is_leaf ? "LEAF" : "BRANCH_LT";
            modes[i].data = (uint8_t *)mode;
            modes[i].len = strlen(mode);
            true_ids[i] = is_leaf ? 0 : t->left[i] - lo;
            false_ids[i] = is_leaf ? 0 : t->right[i] - lo;
            missing_true[i] = is_leaf ? 0 : t->default_left[i];
            if (is_leaf) {
                leaf_tree[leaf] = k;
                leaf_node[leaf] = i - lo;
                leaf_class[leaf] = t->tree_class[k];
                leaf_weight[leaf] = t->value[i];
                leaf++;
            }
        }
    }
    for (size_t c = 0; c < C; c++) {
        labels[c] = (int64_t)c;
        base[c] = t->base_score[c];
    }
    Onnx__AttributeProto *attrs[] = {
        attr_floats(b, "base_values", base, C),
        attr_ints(b, "class_ids", leaf_class, leaves),
        attr_ints(b, "class_nodeids", leaf_node, leaves),
        attr_ints(b, "class_treeids", leaf_tree, leaves),
        attr_floats(b, "class_weights", leaf_weight, leaves),
        attr_ints(b, "classlabels_int64s", labels, C),
        attr_ints(b, "nodes_falsenodeids", false_ids, N),
        attr_ints(b, "nodes_featureids", feature_ids, N),
        attr_ints(b, "nodes_missing_value_tracks_true", missing_true, N),
        attr_strings(b, "nodes_modes", modes, N),
        attr_ints(b, "nodes_nodeids", node_ids, N),
        attr_ints(b, "nodes_treeids", tree_ids, N),
        attr_ints(b, "nodes_truenodeids", true_ids, N),
        attr_floats(b, "nodes_values", values, N),
        attr_string(b, "post_transform", "NONE"),
        NULL};
    add_node(b, "TreeEnsembleClassifier", "trees",
             (const char *[]){"features_missing", NULL},
             (const char *[]){"trees_label", "logits", NULL}, attrs);
    if (!b->failed)
        b->nodes[b->n_nodes - 1]->domain = (char *)"ai.onnx.ml";
}

static void build_graph(onnx_builder *b, const bc_export_ir *ir,
                        int32_t quantize_int8)
{
    if (ir->trees) {
        build_trees(b, ir, "features");
    } else {
        build_normalization(b, ir);
        build_layers(b, ir, quantize_int8);
    }
    Onnx__AttributeProto *softmax_axis[] = {attr_int(b, "axis", 1), NULL};
    const char *softmax = ir->has_calibration ? "softmax" : "probabilities";
    add_node(b, "Softmax", "softmax", (const char *[]){"logits", NULL},
             (const char *[]){softmax, NULL}, softmax_axis);
    if (ir->has_calibration)
        build_calibration(b, ir);
    Onnx__AttributeProto *argmax_attrs[] = {attr_int(b, "axis", 1),
                                            attr_int(b, "keepdims", 0), NULL};
    add_node(b, "ArgMax", "argmax", (const char *[]){"probabilities", NULL},
             (const char *[]){"label", NULL}, argmax_attrs);
}

/* Wraps the built graph into a model and packs it; frees the builder. */
static int32_t pack_model(onnx_builder *bp, int64_t opset_version, int64_t ir_version,
                          int with_ml, int32_t n_features, const char *name, char *metadata, Onnx__ValueInfoProto **inputs, size_t n_inputs,
                          Onnx__ValueInfoProto **outputs, size_t n_outputs, const char *doc,
                          uint8_t **out, int64_t *size)
{
    onnx_builder b = *bp;
    Onnx__StringStringEntryProto *meta[1] = {entry(&b, "botcopier", metadata)};
    Onnx__GraphProto *graph = b_alloc(&b, sizeof *graph);
    Onnx__OperatorSetIdProto *opset = b_alloc(&b, sizeof *opset);
    Onnx__OperatorSetIdProto *opset_ml = b_alloc(&b, sizeof *opset_ml);
    Onnx__OperatorSetIdProto *opsets[2] = {opset, opset_ml};
    Onnx__ModelProto *model = b_alloc(&b, sizeof *model);
    if (b.failed) {
        b_free(&b);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export onnx: out of memory building "
                       "the graph of %d features", (int)n_features);
    }
    onnx__graph_proto__init(graph);
    graph->name = (char *)name;
    graph->n_node = b.n_nodes;
    graph->node = b.nodes;
    graph->n_initializer = b.n_inits;
    graph->initializer = b.inits;
    graph->n_input = n_inputs;
    graph->input = inputs;
    graph->n_output = n_outputs;
    graph->output = outputs;
    onnx__operator_set_id_proto__init(opset);
    opset->domain = (char *)"";
    opset->has_version = 1;
    opset->version = opset_version;
    onnx__operator_set_id_proto__init(opset_ml);
    opset_ml->domain = (char *)"ai.onnx.ml";
    opset_ml->has_version = 1;
    opset_ml->version = BC_EXPORT_ONNX_ML_OPSET;
    onnx__model_proto__init(model);
    model->has_ir_version = 1;
    model->ir_version = ir_version;
    model->producer_name = (char *)"libbotcopier";
    model->producer_version = (char *)BC_VERSION_STRING;
    model->has_model_version = 1;
    model->model_version = 1;
    model->doc_string = (char *)doc;
    model->n_opset_import = with_ml ? 2 : 1;
    model->opset_import = opsets;
    model->graph = graph;
    model->n_metadata_props = 1;
    model->metadata_props = meta;

    size_t need = onnx__model_proto__get_packed_size(model);
    uint8_t *buf = malloc(need ? need : 1);
    if (!buf) {
        b_free(&b);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export onnx: %zu bytes", need);
    }
    size_t packed = onnx__model_proto__pack(model, buf);
    b_free(&b);
    if (packed != need) {
        free(buf);
        return bc_fail(BC_E_INTERNAL, "export onnx: packed %zu bytes, measured %zu",
                       packed, need);
    }
    *out = buf;
    *size = (int64_t)packed;
    return BC_OK;
}

int32_t bc_export_ir_onnx(const bc_export_ir *ir, int32_t quantize_int8,
                          uint8_t **out, int64_t *size)
{
    if (!out || !size)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx: NULL output");
    *out = NULL;
    *size = 0;
    if (quantize_int8 != 0 && quantize_int8 != 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export onnx: quantize_int8 is %d, expected 0 or 1",
                       (int)quantize_int8);
    int32_t rc = bc_export_ir_validate(ir);
    if (rc != BC_OK)
        return rc;
    if (ir->trees && quantize_int8)
        return bc_fail(BC_E_UNSUPPORTED, "export onnx: int8 quantization applies to dense "
                       "layers; a trees model exports in float only");

    onnx_builder b = {0};
    build_graph(&b, ir, quantize_int8);

    int64_t in_dims[2] = {-1, ir->n_features};
    int64_t label_dims[1] = {-1};
    int64_t prob_dims[2] = {-1, ir->n_classes};
    Onnx__ValueInfoProto *inputs[1] = {
        value_info(&b, "features", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, in_dims, 2)};
    /* label first, probabilities second: the order classifier exports
     * (skl2onnx) use and MT5 examples expect. */
    Onnx__ValueInfoProto *outputs[2] = {
        value_info(&b, "label", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, label_dims, 1),
        value_info(&b, "probabilities", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT,
                   prob_dims, 2)};
    return pack_model(&b, BC_EXPORT_ONNX_OPSET, BC_EXPORT_ONNX_IR_VERSION, ir->trees != NULL,
                      ir->n_features, quantize_int8 ? "botcopier_classifier_int8" : "botcopier_classifier",
                      metadata_json(&b, ir, quantize_int8), inputs, 1, outputs, 2,
                      "Input 'features' float[N,F] raw feature values (NaN = missing); "
                      "outputs 'label' int64[N] (argmax class) and 'probabilities' "
                      "float[N,C]. Normalization and clipping are inside the graph.",
                      out, size);
}

/* The predictor's rule after "probabilities" double[N,C] (raw softmax):
 * the allowed-action mask of each row's position (read from its pos_long /
 * pos_short inputs), P(act) = 1 - (1 - sum of the allowed probabilities),
 * calibrated; the likeliest allowed class (ArgMax over the probabilities
 * with the others at -1); its threshold (a constant table); decision =
 * that class's code when P(act) >= threshold, else hold; and with the
 * model's max_hold, close for a hold whose row's bars_held exceeds it. */
static void build_decision(onnx_builder *b, const bc_export_ir *ir)
{
    const bc_export_decision *d = ir->decision;
    const int64_t C = ir->n_classes;
    const int64_t one_dim[1] = {1}, c_dim[1] = {C};
    double *mask[3], *thr = b_alloc(b, (size_t)C * sizeof(double));
    int64_t *codes = b_alloc(b, (size_t)C * sizeof(int64_t));
    for (int s = 0; s < 3; s++)
        mask[s] = b_alloc(b, (size_t)C * sizeof(double));
    if (b->failed)
        return;
    for (int s = 0; s < 3; s++)
        for (int32_t i = 0; i < 4 && d->allowed[s][i] >= 0; i++)
            mask[s][d->allowed[s][i]] = 1.0;
    for (int64_t c = 0; c < C; c++) {
        double ct = c < 4 ? d->class_threshold[c] : NAN;
        thr[c] = isfinite(ct) ? ct : ir->threshold;
        codes[c] = c == 1 ? BC_EXPORT_DECISION_BUY : c == 2 ? BC_EXPORT_DECISION_SELL
                 : c == 3 ? BC_EXPORT_DECISION_CLOSE : BC_EXPORT_DECISION_HOLD;
    }
    add_scalar_double(b, "one", 1.0);
    const int64_t axis1[1] = {1};
    add_init(b, "axis_1", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1, axis1,
             sizeof(int64_t), 1);
    add_init_doubles(b, "mask_flat", mask[1], C);
    if (d->n_position > 0) {
        double *dl = b_alloc(b, (size_t)C * sizeof(double));
        double *ds = b_alloc(b, (size_t)C * sizeof(double));
        if (b->failed)
            return;
        for (int64_t c = 0; c < C; c++) {
            dl[c] = mask[2][c] - mask[1][c];
            ds[c] = mask[0][c] - mask[1][c];
        }
        add_init_doubles(b, "mask_long_minus_flat", dl, C);
        add_init_doubles(b, "mask_short_minus_flat", ds, C);
        const int64_t lo[1] = {d->n_market}, mid[1] = {d->n_market + 1},
                      hi[1] = {d->n_market + 2};
        add_init(b, "pos_long_begin", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1, lo,
                 sizeof(int64_t), 1);
        add_init(b, "pos_short_begin", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1, mid,
                 sizeof(int64_t), 1);
        add_init(b, "pos_short_end", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, one_dim, 1, hi,
                 sizeof(int64_t), 1);
        add_node(b, "Slice", "pos_long",
                 (const char *[]){"features", "pos_long_begin", "pos_short_begin", "axis_1", NULL},
                 (const char *[]){"pos_long", NULL}, NULL);
        add_node(b, "Slice", "pos_short",
                 (const char *[]){"features", "pos_short_begin", "pos_short_end", "axis_1", NULL},
                 (const char *[]){"pos_short", NULL}, NULL);
        /* pos_long and pos_short are exactly 0 or 1: the products are exact. */
        op2(b, "Mul", "pos_long", "mask_long_minus_flat", "mask_long_part");
        op2(b, "Mul", "pos_short", "mask_short_minus_flat", "mask_short_part");
        op2(b, "Add", "mask_flat", "mask_long_part", "mask_with_long");
        op2(b, "Add", "mask_with_long", "mask_short_part", "allowed");
    } else {
        add_node(b, "Identity", "allowed", (const char *[]){"mask_flat", NULL},
                 (const char *[]){"allowed", NULL}, NULL);
    }
    op2(b, "Mul", "probabilities", "allowed", "allowed_probabilities");
    Onnx__AttributeProto *keep0[] = {attr_int(b, "keepdims", 0), NULL};
    add_node(b, "ReduceSum", "allowed_mass",
             (const char *[]){"allowed_probabilities", "axis_1", NULL},
             (const char *[]){"allowed_mass", NULL}, keep0);
    op2(b, "Sub", "one", "allowed_mass", "none_or_invalid");
    const char *p_act = "p_act";
    if (ir->has_calibration) {
        p_act = "p_act_raw";
        add_scalar_double(b, "act_min", 1e-12);
        add_scalar_double(b, "act_max", 1.0 - 1e-12);
        add_scalar_double(b, "calibration_coef", ir->calibration_coef);
        add_scalar_double(b, "calibration_intercept", ir->calibration_intercept);
    }
    op2(b, "Sub", "one", "none_or_invalid", p_act);
    if (ir->has_calibration) {
        /* platt.c: clamp, logit, 1 / (1 + exp(-(coef * logit + intercept))) */
        platt_ops(b, "p_act_raw", "p_act");
    }
    /* Disallowed classes score -1 (probabilities are >= 0). */
    op2(b, "Sub", "allowed", "one", "disallowed_penalty");
    op2(b, "Add", "allowed_probabilities", "disallowed_penalty", "allowed_scores");
    Onnx__AttributeProto *argmax_attrs[] = {attr_int(b, "axis", 1), attr_int(b, "keepdims", 0),
                                            NULL};
    add_node(b, "ArgMax", "best_class", (const char *[]){"allowed_scores", NULL},
             (const char *[]){"best_class", NULL}, argmax_attrs);
    add_init(b, "class_thresholds", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, c_dim, 1, thr,
             sizeof(double), (size_t)C);
    add_init(b, "class_decisions", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, c_dim, 1, codes,
             sizeof(int64_t), (size_t)C);
    int64_t hold = BC_EXPORT_DECISION_HOLD;
    add_init(b, "hold", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, NULL, 0, &hold, sizeof hold, 1);
    Onnx__AttributeProto *axis0[] = {attr_int(b, "axis", 0), NULL};
    add_node(b, "Gather", "threshold", (const char *[]){"class_thresholds", "best_class", NULL},
             (const char *[]){"threshold", NULL}, axis0);
    Onnx__AttributeProto *axis0b[] = {attr_int(b, "axis", 0), NULL};
    add_node(b, "Gather", "best_decision", (const char *[]){"class_decisions", "best_class", NULL},
             (const char *[]){"best_decision", NULL}, axis0b);
    op2(b, "GreaterOrEqual", "p_act", "threshold", "acts");
    /* The model's max_hold (predictor.c clone_max_hold): a hold in a
     * position held more than max_hold bars closes. The row's bars_held
     * column is the predictor's bars held (0 when flat, and max_hold >= 1),
     * so bars_held > max_hold alone says "in a position held too long". */
    const int cap = d->max_hold > 0 && d->n_position >= 3;
    const char *model_decision = cap ? "model_decision" : "decision";
    add_node(b, "Where", model_decision,
             (const char *[]){"acts", "best_decision", "hold", NULL},
             (const char *[]){model_decision, NULL}, NULL);
    if (!cap)
        return;
    const int64_t held_col = d->n_market + 2, close = BC_EXPORT_DECISION_CLOSE;
    add_init(b, "bars_held_column", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, NULL, 0, &held_col,
             sizeof held_col, 1);
    add_scalar_double(b, "max_hold", (double)d->max_hold);
    add_init(b, "close_code", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, NULL, 0, &close, sizeof close, 1);
    Onnx__AttributeProto *axis1g[] = {attr_int(b, "axis", 1), NULL};
    add_node(b, "Gather", "bars_held", (const char *[]){"features", "bars_held_column", NULL},
             (const char *[]){"bars_held", NULL}, axis1g);
    op2(b, "Greater", "bars_held", "max_hold", "held_too_long");
    op2(b, "Equal", "model_decision", "hold", "model_holds");
    op2(b, "And", "held_too_long", "model_holds", "max_hold_closes");
    add_node(b, "Where", "decision",
             (const char *[]){"max_hold_closes", "close_code", "model_decision", NULL},
             (const char *[]){"decision", NULL}, NULL);
}

int32_t bc_export_ir_onnx_decision(const bc_export_ir *ir, uint8_t **out, int64_t *size)
{
    if (!out || !size)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx-decision: NULL output");
    *out = NULL;
    *size = 0;
    int32_t rc = bc_export_ir_validate(ir);
    if (rc != BC_OK)
        return rc;
    if (!ir->decision)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx-decision: the model description has "
                       "no decision rule");
    onnx_builder b = {0};
    if (ir->trees) {
        cast(&b, "features", "features_float", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
        build_trees(&b, ir, "features_float");
    } else {
        build_normalization(&b, ir);
        build_layers(&b, ir, 0);
    }
    /* model.c: float logits, softmax in double. */
    cast(&b, "logits", "logits_double", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE);
    Onnx__AttributeProto *softmax_axis[] = {attr_int(&b, "axis", 1), NULL};
    add_node(&b, "Softmax", "softmax", (const char *[]){"logits_double", NULL},
             (const char *[]){"probabilities", NULL}, softmax_axis);
    build_decision(&b, ir);
    int64_t in_dims[2] = {-1, ir->n_features};
    int64_t row_dims[1] = {-1};
    int64_t prob_dims[2] = {-1, ir->n_classes};
    Onnx__ValueInfoProto *inputs[1] = {
        value_info(&b, "features", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, in_dims, 2)};
    Onnx__ValueInfoProto *outputs[4] = {
        value_info(&b, "decision", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, row_dims, 1),
        value_info(&b, "p_act", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, row_dims, 1),
        value_info(&b, "threshold", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, row_dims, 1),
        value_info(&b, "probabilities", ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE, prob_dims, 2)};
    return pack_model(&b, BC_EXPORT_ONNX_OPSET, BC_EXPORT_ONNX_IR_VERSION, ir->trees != NULL,
                      ir->n_features, "botcopier_decision", metadata_json(&b, ir, 0), inputs, 1,
                      outputs, 4,
                      "Input 'features' double[N,F]: the model's whole input row (market "
                      "features, then the position state and position-signed columns the "
                      "generated MQL5 computes; NaN = missing). Outputs 'decision' int64[N] "
                      "(0 hold, 1 buy, 2 sell, 3 close: bc_predictor's rule, thresholds "
                      "inside), 'p_act' double[N] (calibrated P(act) over the actions open "
                      "to the row's position), 'threshold' double[N] (the bar it had to "
                      "clear) and 'probabilities' double[N,C] (raw softmax). A clone's "
                      "max_hold is inside (a hold past it closes); its break-even move "
                      "(metadata exits.breakeven_atr) is the host's.",
                      out, size);
}


/* ---- the recurrent policy ----------------------------------------------------- */

static void add_init_floats(onnx_builder *b, const char *name, const float *v,
                            const int64_t *dims, size_t n_dims)
{
    size_t count = 1;
    for (size_t i = 0; i < n_dims; i++)
        count *= (size_t)dims[i];
    add_init(b, name, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, dims, n_dims, v, sizeof *v, count);
}

static void add_init_int64s(onnx_builder *b, const char *name, const int64_t *v, int64_t n)
{
    add_init(b, name, ONNX__TENSOR_PROTO__DATA_TYPE__INT64, &n, 1, v, sizeof *v, (size_t)n);
}

/* in [N x n_in] -> Gemm(W [n_out x n_in], b, transB) -> out [N x n_out]. */
static void policy_gemm(onnx_builder *b, const char *name, const char *in, const float *w,
                        const float *bias, int64_t n_out, int64_t n_in, const char *out)
{
    int64_t wd[2] = {n_out, n_in};
    const char *wn = b_printf(b, "%s_w", name), *bn = b_printf(b, "%s_b", name);
    add_init_floats(b, wn, w, wd, 2);
    add_init_floats(b, bn, bias, &n_out, 1);
    Onnx__AttributeProto *attrs[] = {attr_int(b, "transB", 1), NULL};
    add_node(b, "Gemm", name, (const char *[]){in, wn, bn, NULL}, (const char *[]){out, NULL},
             attrs);
}

/* in -> Relu -> LayerNormalization(gain, bias, last axis, eps) -> out. */
static void policy_relu_norm(onnx_builder *b, const char *name, const char *in, const float *g,
                             const float *beta, int64_t dim, const char *out)
{
    const char *relu = b_printf(b, "%s_relu", name), *gn = b_printf(b, "%s_gain", name);
    const char *bn = b_printf(b, "%s_bias", name);
    op1(b, "Relu", in, relu);
    add_init_floats(b, gn, g, &dim, 1);
    add_init_floats(b, bn, beta, &dim, 1);
    Onnx__AttributeProto *attrs[] = {attr_int(b, "axis", -1), NULL, NULL};
    attrs[1] = attr_new(b, "epsilon", ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
    if (attrs[1]) {
        attrs[1]->has_f = 1;
        attrs[1]->f = 1e-5f; /* RL_LAYERNORM_EPS */
    }
    add_node(b, "LayerNormalization", name, (const char *[]){relu, gn, bn, NULL},
             (const char *[]){out, NULL}, attrs);
}

/* Layer l's GRU node: W [1,3H,H], R [1,3H,H], B [1,6H] reordered from the
 * r, z, n blocks to ONNX's z, r, h. */
static void policy_gru(onnx_builder *b, const bc_export_policy *pol, int32_t l, const char *x,
                       const char *h0, const char *y, const char *y_h)
{
    const int64_t H = pol->hidden;
    float *w = b_alloc(b, sizeof(float) * (size_t)(3 * H * H));
    float *r = b_alloc(b, sizeof(float) * (size_t)(3 * H * H));
    float *bias = b_alloc(b, sizeof(float) * (size_t)(6 * H));
    if (b->failed)
        return;
    static const int src_block[3] = {1, 0, 2}; /* ONNX z, r, h <- PyTorch r, z, n */
    for (int k = 0; k < 3; k++) {
        const int64_t s = src_block[k];
        memcpy(w + k * H * H, pol->gru_wih[l] + s * H * H, sizeof(float) * (size_t)(H * H));
        memcpy(r + k * H * H, pol->gru_whh[l] + s * H * H, sizeof(float) * (size_t)(H * H));
        memcpy(bias + k * H, pol->gru_bih[l] + s * H, sizeof(float) * (size_t)H);
        memcpy(bias + (3 + k) * H, pol->gru_bhh[l] + s * H, sizeof(float) * (size_t)H);
    }
    int64_t wd[3] = {1, 3 * H, H}, bd[2] = {1, 6 * H};
    const char *wn = b_printf(b, "gru%d_W", (int)l), *rn = b_printf(b, "gru%d_R", (int)l);
    const char *bn = b_printf(b, "gru%d_B", (int)l);
    add_init_floats(b, wn, w, wd, 3);
    add_init_floats(b, rn, r, wd, 3);
    add_init_floats(b, bn, bias, bd, 2);
    Onnx__AttributeProto *attrs[] = {attr_int(b, "hidden_size", H),
                                     attr_int(b, "linear_before_reset", 1), NULL};
    add_node(b, "GRU", b_printf(b, "gru%d", (int)l),
             (const char *[]){x, wn, rn, bn, "", h0, NULL}, (const char *[]){y, y_h, NULL},
             attrs);
}

static char *policy_metadata(onnx_builder *b, const bc_export_policy *pol)
{
#if defined(BC_HAVE_JANSSON)
    json_t *root = json_object(), *names = json_array();
    if (!root || !names) {
        json_decref(root), json_decref(names);
        b->failed = 1;
        return NULL;
    }
    for (int32_t j = 0; j < pol->obs; j++)
        json_array_append_new(names, json_string(pol->observation_names
                                                     ? pol->observation_names[j] : ""));
    json_object_set_new(root, "producer", json_string("libbotcopier " BC_VERSION_STRING));
    json_object_set_new(root, "kind", json_string("policy"));
    json_object_set_new(root, "observations", json_integer(pol->obs));
    json_object_set_new(root, "actions", json_integer(pol->actions));
    json_object_set_new(root, "hidden_dim", json_integer(pol->hidden));
    json_object_set_new(root, "gru_layers", json_integer(pol->layers));
    json_object_set_new(root, "head_dim", json_integer(pol->head));
    json_object_set_new(root, "observation_names", names);
    json_object_set_new(root, "feature_spec",
                        json_string(pol->feature_spec ? pol->feature_spec : ""));
    json_object_set_new(root, "episode_length", json_integer(pol->episode_length));
    json_object_set_new(root, "state", json_string("h_in zeros when an episode begins; feed "
                                                   "h_out back as the next step's h_in"));
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(root);
    if (!text) {
        b->failed = 1;
        return NULL;
    }
    char *copy = b_printf(b, "%s", text);
    free(text);
    return copy;
#else
    return b_printf(b, "{\"kind\":\"policy\",\"observations\":%d,\"actions\":%d,"
                    "\"hidden_dim\":%d,\"gru_layers\":%d}", (int)pol->obs, (int)pol->actions,
                    (int)pol->hidden, (int)pol->layers);
#endif
}

int32_t bc_export_policy_onnx(const bc_export_policy *pol, uint8_t **out, int64_t *size)
{
    if (!pol || !out || !size)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx: NULL policy or output");
    *out = NULL;
    *size = 0;
    if (pol->layers < 1 || pol->layers > 3)
        return bc_fail(BC_E_SHAPE, "export onnx: %d GRU layers (1..3 export)", (int)pol->layers);
    const int64_t D = pol->obs, H = pol->hidden, P = pol->head, A = pol->actions,
                  L = pol->layers;
    onnx_builder b = {0};
    policy_gemm(&b, "enc1", "observation", pol->enc_w1, pol->enc_b1, H, D, "enc1_out");
    policy_relu_norm(&b, "enc1_norm", "enc1_out", pol->enc_g1, pol->enc_be1, H, "enc1_norm_out");
    policy_gemm(&b, "enc2", "enc1_norm_out", pol->enc_w2, pol->enc_b2, H, H, "enc2_out");
    policy_relu_norm(&b, "enc2_norm", "enc2_out", pol->enc_g2, pol->enc_be2, H, "encoded");
    int64_t zero_axis[1] = {0};
    add_init_int64s(&b, "axis0", zero_axis, 1);
    /* X of the first GRU: [seq 1, N, H] */
    op2(&b, "Unsqueeze", "encoded", "axis0", "gru0_x");
    const char *x = "gru0_x", *state[3] = {NULL, NULL, NULL};
    for (int32_t l = 0; l < L; l++) {
        int64_t lo = l, hi = l + 1;
        const char *sn = b_printf(&b, "h_start%d", (int)l), *en = b_printf(&b, "h_end%d", (int)l);
        const char *h0 = b_printf(&b, "h_in%d", (int)l);
        add_init_int64s(&b, sn, &lo, 1);
        add_init_int64s(&b, en, &hi, 1);
        add_node(&b, "Slice", h0, (const char *[]){"h_in", sn, en, "axis0", NULL},
                 (const char *[]){h0, NULL}, NULL);
        const char *y = b_printf(&b, "gru%d_y", (int)l), *yh = b_printf(&b, "gru%d_h", (int)l);
        policy_gru(&b, pol, l, x, h0, y, yh);
        state[l] = yh;
        x = yh; /* [1, N, H]: one step, one direction, the next layer's X */
    }
    add_node(&b, "Concat", "h_out", (const char *[]){state[0], L > 1 ? state[1] : NULL,
                                                     L > 2 ? state[2] : NULL, NULL},
             (const char *[]){"h_out", NULL},
             (Onnx__AttributeProto *const[]){attr_int(&b, "axis", 0), NULL});
    op2(&b, "Squeeze", x, "axis0", "top");
    policy_gemm(&b, "pol1", "top", pol->pol_w1, pol->pol_b1, P, H, "pol1_out");
    policy_relu_norm(&b, "pol_norm", "pol1_out", pol->pol_g, pol->pol_be, P, "pol_norm_out");
    policy_gemm(&b, "pol2", "pol_norm_out", pol->pol_w2, pol->pol_b2, A, P, "logits");
    add_node(&b, "Softmax", "softmax", (const char *[]){"logits", NULL},
             (const char *[]){"probabilities", NULL},
             (Onnx__AttributeProto *const[]){attr_int(&b, "axis", 1), NULL});
    add_node(&b, "ArgMax", "argmax", (const char *[]){"logits", NULL},
             (const char *[]){"action", NULL},
             (Onnx__AttributeProto *const[]){attr_int(&b, "axis", 1), attr_int(&b, "keepdims", 0),
                                             NULL});
    policy_gemm(&b, "val1", "top", pol->val_w1, pol->val_b1, P, H, "val1_out");
    policy_relu_norm(&b, "val_norm", "val1_out", pol->val_g, pol->val_be, P, "val_norm_out");
    policy_gemm(&b, "val2", "val_norm_out", pol->val_w2, pol->val_b2, 1, P, "value");

    int64_t obs_dims[2] = {-1, D}, h_dims[3] = {L, -1, H}, n_dims[1] = {-1};
    int64_t p_dims[2] = {-1, A}, v_dims[2] = {-1, 1};
    Onnx__ValueInfoProto *inputs[2] = {
        value_info(&b, "observation", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, obs_dims, 2),
        value_info(&b, "h_in", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, h_dims, 3)};
    Onnx__ValueInfoProto *outputs[4] = {
        value_info(&b, "action", ONNX__TENSOR_PROTO__DATA_TYPE__INT64, n_dims, 1),
        value_info(&b, "probabilities", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, p_dims, 2),
        value_info(&b, "value", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, v_dims, 2),
        value_info(&b, "h_out", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT, h_dims, 3)};
    return pack_model(&b, BC_EXPORT_ONNX_POLICY_OPSET, BC_EXPORT_ONNX_POLICY_IR_VERSION, 0,
                      pol->obs, "botcopier_policy", policy_metadata(&b, pol), inputs, 2,
                      outputs, 4,
                      "One step of a recurrent policy. Inputs 'observation' float[N,D] (the "
                      "env's observation row) and 'h_in' float[L,N,H] (the GRU state: zeros "
                      "when an episode begins, else the previous step's h_out). Outputs "
                      "'action' int64[N] (argmax), 'probabilities' float[N,A], 'value' "
                      "float[N,1] (the critic) and 'h_out' float[L,N,H].",
                      out, size);
}

#else /* !BC_HAVE_PROTOBUF_C */

int32_t bc_export_policy_onnx(const bc_export_policy *pol, uint8_t **out, int64_t *size)
{
    (void)pol;
    if (out)
        *out = NULL;
    if (size)
        *size = 0;
    return bc_fail(BC_E_UNSUPPORTED,
                   "export onnx: this build has no protobuf-c (ONNX export "
                   "needs libprotobuf-c and the libonnx-dev schema)");
}

int32_t bc_export_ir_onnx_decision(const bc_export_ir *ir, uint8_t **out, int64_t *size)
{
    (void)ir;
    if (out)
        *out = NULL;
    if (size)
        *size = 0;
    return bc_fail(BC_E_UNSUPPORTED,
                   "export onnx-decision: this build has no protobuf-c (ONNX export "
                   "needs libprotobuf-c and the libonnx-dev schema)");
}

int32_t bc_export_ir_onnx(const bc_export_ir *ir, int32_t quantize_int8,
                          uint8_t **out, int64_t *size)
{
    if (out)
        *out = NULL;
    if (size)
        *size = 0;
    return bc_fail(BC_E_UNSUPPORTED,
                   "export onnx: this build has no protobuf-c (ONNX export "
                   "needs libprotobuf-c and the libonnx-dev schema)");
}

#endif
