/* test_export.c - the exporters on hand-built models: the reference forward
 * pass, INT8 quantization, the ONNX graph read back through protobuf-c, and
 * the generated C flavour of the MQL5 source compiled and run against the
 * reference. ONNX Runtime itself runs in tests/python/test_onnx_export.py. */
#include "test_util.h"
#include "c_driver.h"

#include "export/export_ir.h"
#include "onnx/onnx.pb-c.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Storage behind one hand-built IR with random weights. */
typedef struct test_model {
    bc_export_ir ir;
    double center[64], scale[64], clip_low[64], clip_high[64];
    float *weights[BC_EXPORT_MAX_LAYERS], *biases[BC_EXPORT_MAX_LAYERS];
} test_model;

/* Weights uniform in [-1, 1) from the Philox stream (seed, layer);
 * center/scale/clip varied per feature, some clip bounds infinite. */
static void test_model_init(test_model *m, int32_t n_features, int32_t n_classes,
                            const int32_t *hidden, int32_t n_hidden,
                            int32_t activation, uint64_t seed)
{
    memset(m, 0, sizeof *m);
    ck_assert_int_le(n_features, 64);
    m->ir.kind = n_hidden ? "mlp" : "logistic";
    m->ir.n_features = n_features;
    m->ir.n_classes = n_classes;
    m->ir.center = m->center;
    m->ir.scale = m->scale;
    m->ir.clip_low = m->clip_low;
    m->ir.clip_high = m->clip_high;
    m->ir.threshold = 0.5;
    for (int32_t j = 0; j < n_features; j++) {
        m->center[j] = 0.5 * j - 3.0;
        m->scale[j] = 0.25 + 0.5 * j;
        m->clip_low[j] = j % 3 == 0 ? -INFINITY : -2.5;
        m->clip_high[j] = j % 4 == 1 ? INFINITY : 3.0;
    }
    int32_t width = n_features;
    m->ir.n_layers = n_hidden + 1;
    for (int32_t l = 0; l <= n_hidden; l++) {
        int32_t out = l < n_hidden ? hidden[l] : n_classes;
        bc_export_layer *L = &m->ir.layers[l];
        L->n_in = width;
        L->n_out = out;
        L->activation = l < n_hidden ? activation : BC_EXPORT_ACT_NONE;
        m->weights[l] = malloc((size_t)out * (size_t)width * sizeof(float));
        m->biases[l] = malloc((size_t)out * sizeof(float));
        ck_assert_ptr_nonnull(m->weights[l]);
        ck_assert_ptr_nonnull(m->biases[l]);
        ck_assert_ok(bc_random_uniform(seed, (uint64_t)l, 0, out * width, m->weights[l]));
        ck_assert_ok(bc_random_uniform(seed, 100 + (uint64_t)l, 0, out, m->biases[l]));
        for (int32_t i = 0; i < out * width; i++)
            m->weights[l][i] = 2.0f * m->weights[l][i] - 1.0f;
        for (int32_t i = 0; i < out; i++)
            m->biases[l][i] = 0.5f * m->biases[l][i] - 0.25f;
        L->weight = m->weights[l];
        L->bias = m->biases[l];
        width = out;
    }
}

static void test_model_free(test_model *m)
{
    for (int32_t l = 0; l < BC_EXPORT_MAX_LAYERS; l++) {
        free(m->weights[l]);
        free(m->biases[l]);
    }
}

/* Raw rows around the centers, with NaNs and values far outside the clip
 * bounds mixed in. */
static double *test_rows(const test_model *m, int32_t n, uint64_t seed)
{
    int32_t F = m->ir.n_features;
    float *u = malloc((size_t)n * (size_t)F * sizeof *u);
    double *x = malloc((size_t)n * (size_t)F * sizeof *x);
    ck_assert_ptr_nonnull(u);
    ck_assert_ptr_nonnull(x);
    ck_assert_ok(bc_random_uniform(seed, 7, 0, n * F, u));
    for (int32_t r = 0; r < n; r++)
        for (int32_t j = 0; j < F; j++) {
            double v = m->center[j] + m->scale[j] * (8.0 * u[r * F + j] - 4.0);
            if ((r * 7 + j) % 11 == 0)
                v = NAN;
            else if ((r * 5 + j) % 13 == 0)
                v = m->center[j] + 1e6 * (j % 2 ? 1 : -1);
            x[(size_t)r * F + j] = v;
        }
    free(u);
    return x;
}

START_TEST(reference_forward_normalizes_clips_and_scores_nan_and_inf_as_center)
{
    /* Two features, identity weights: logits are the normalized inputs. */
    static const double center[2] = {1.0, 2.0}, scale[2] = {2.0, 4.0};
    static const double lo[2] = {-1.0, -1.0}, hi[2] = {1.0, 1.0};
    static const float w[4] = {1, 0, 0, 1}, b[2] = {0, 0};
    bc_export_ir ir = {.kind = "logistic", .n_features = 2, .n_classes = 2,
                       .center = center, .scale = scale, .clip_low = lo,
                       .clip_high = hi, .n_layers = 1};
    ir.layers[0] = (bc_export_layer){2, 2, BC_EXPORT_ACT_NONE, w, b};
    ck_assert_ok(bc_export_ir_validate(&ir));
    double scratch[4], p[2];
    const double e = exp(1.0), e_minus_half = exp(-0.5);
    bc_export_ir_forward(&ir, (const double[]){3.0, NAN}, p, scratch);
    ck_assert_double_eq_tol(p[0], e / (e + 1.0), 1e-15); /* z = (1, 0) */
    ck_assert_double_eq_tol(p[1], 1.0 / (e + 1.0), 1e-15);
    bc_export_ir_forward(&ir, (const double[]){1e9, 0.0}, p, scratch);
    ck_assert_double_eq_tol(p[0], e / (e + e_minus_half), 1e-15); /* z = (1 clipped, -0.5) */
    bc_export_ir_forward(&ir, (const double[]){-INFINITY, 2.0}, p, scratch);
    ck_assert_double_eq_tol(p[0], 0.5, 1e-15); /* z = (0 missing, 0) */
    /* Platt calibration of P(act) = 1 - p[0]: with coef 2, intercept 0.5 and
     * z = (1, 0): s = logit(1 / (e + 1)) = -1, cal = 1 / (1 + exp(1.5)). */
    ir.has_calibration = 1;
    ir.calibration_coef = 2.0;
    ir.calibration_intercept = 0.5;
    bc_export_ir_forward(&ir, (const double[]){3.0, NAN}, p, scratch);
    ck_assert_double_eq_tol(p[1], 1.0 / (1.0 + exp(1.5)), 1e-15);
    ck_assert_double_eq_tol(p[0] + p[1], 1.0, 1e-15);
}
END_TEST

START_TEST(quantized_weights_are_within_half_a_step_of_the_originals)
{
    enum { ROWS = 9, COLS = 37 };
    float w[ROWS * COLS], scale[ROWS];
    int8_t q[ROWS * COLS];
    ck_assert_ok(bc_random_uniform(5, 0, 0, ROWS * COLS, w));
    for (int i = 0; i < ROWS * COLS; i++)
        w[i] = (w[i] - 0.5f) * (float)(1 + i / COLS); /* rows of growing size */
    for (int c = 0; c < COLS; c++)
        w[3 * COLS + c] = 0.0f; /* an all-zero row */
    bc_export_quantize_int8(w, ROWS, COLS, q, scale);
    for (int r = 0; r < ROWS; r++) {
        int top = 0;
        for (int c = 0; c < COLS; c++) {
            float back = (float)q[r * COLS + c] * scale[r];
            ck_assert_msg(fabsf(back - w[r * COLS + c]) <= 0.5f * scale[r] * 1.0001f,
                          "row %d col %d: %g -> %d * %g", r, c, (double)w[r * COLS + c],
                          q[r * COLS + c], (double)scale[r]);
            top = abs(q[r * COLS + c]) > top ? abs(q[r * COLS + c]) : top;
        }
        if (r == 3) {
            ck_assert_float_eq(scale[r], 1.0f);
            ck_assert_int_eq(top, 0);
        } else {
            ck_assert_int_eq(top, 127); /* the largest weight uses the full range */
        }
    }
}
END_TEST

START_TEST(invalid_descriptions_are_refused_naming_the_problem)
{
    test_model m;
    const int32_t hidden[1] = {4};
    test_model_init(&m, 3, 2, hidden, 1, BC_EXPORT_ACT_RELU, 1);
    m.scale[1] = 0.0;
    ck_assert_status_msg(bc_export_ir_validate(&m.ir), BC_E_NUMERIC, "feature 1 scale");
    m.scale[1] = 1.0;
    m.clip_low[2] = 4.0;
    ck_assert_status_msg(bc_export_ir_validate(&m.ir), BC_E_NUMERIC, "feature 2 clip");
    m.clip_low[2] = -1.0;
    m.ir.layers[1].activation = BC_EXPORT_ACT_TANH;
    ck_assert_status_msg(bc_export_ir_validate(&m.ir), BC_E_UNSUPPORTED, "last layer");
    m.ir.layers[1].activation = BC_EXPORT_ACT_NONE;
    m.ir.layers[1].n_in = 5;
    ck_assert_status_msg(bc_export_ir_validate(&m.ir), BC_E_SHAPE, "layer 1 takes 5");
    m.ir.layers[1].n_in = 4;
    m.weights[0][6] = NAN;
    ck_assert_status_msg(bc_export_ir_validate(&m.ir), BC_E_NUMERIC,
                         "layer 0 weight [2][0]");
    uint8_t *bytes = (uint8_t *)&m;
    int64_t size = 1;
    ck_assert_int_eq(bc_export_ir_onnx(&m.ir, 0, &bytes, &size), BC_E_NUMERIC);
    ck_assert_ptr_null(bytes);
    ck_assert_int_eq(size, 0);
    m.weights[0][6] = 0.5f;
    ck_assert_status_msg(bc_export_ir_onnx(&m.ir, 2, &bytes, &size),
                         BC_E_INVALID_ARGUMENT, "quantize_int8 is 2");
    char *src = NULL;
    ck_assert_status_msg(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "9lives", &src),
                         BC_E_INVALID_ARGUMENT, "'9lives'");
    ck_assert_status_msg(bc_export_ir_source(&m.ir, 7, "ok", &src),
                         BC_E_INVALID_ARGUMENT, "flavour 7");
    test_model_free(&m);
}
END_TEST

static Onnx__ModelProto *export_and_parse(const bc_export_ir *ir, int32_t int8)
{
    uint8_t *bytes = NULL;
    int64_t size = 0;
    ck_assert_ok(bc_export_ir_onnx(ir, int8, &bytes, &size));
    ck_assert_int_gt(size, 0);
    Onnx__ModelProto *model = onnx__model_proto__unpack(NULL, (size_t)size, bytes);
    free(bytes);
    ck_assert_ptr_nonnull(model);
    return model;
}

static const Onnx__TensorProto *find_initializer(const Onnx__GraphProto *g,
                                                 const char *name)
{
    for (size_t i = 0; i < g->n_initializer; i++)
        if (strcmp(g->initializer[i]->name, name) == 0)
            return g->initializer[i];
    return NULL;
}

static void assert_tensor_value(const Onnx__ValueInfoProto *vi, const char *name,
                                int32_t elem_type, const int64_t *dims, size_t n_dims)
{
    ck_assert_str_eq(vi->name, name);
    ck_assert_int_eq(vi->type->value_case, ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE);
    const Onnx__TypeProto__Tensor *t = vi->type->tensor_type;
    ck_assert_int_eq(t->elem_type, elem_type);
    ck_assert_uint_eq(t->shape->n_dim, n_dims);
    for (size_t i = 0; i < n_dims; i++) {
        const Onnx__TensorShapeProto__Dimension *d = t->shape->dim[i];
        if (dims[i] < 0) {
            ck_assert_int_eq(d->value_case, ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM);
            ck_assert_str_eq(d->dim_param, "N");
        } else {
            ck_assert_int_eq(d->value_case, ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE);
            ck_assert_int_eq(d->dim_value, dims[i]);
        }
    }
}

START_TEST(onnx_graph_has_opset_13_one_float_input_and_two_plain_tensor_outputs)
{
    test_model m;
    const int32_t hidden[2] = {8, 5};
    test_model_init(&m, 6, 3, hidden, 2, BC_EXPORT_ACT_TANH, 2);
    Onnx__ModelProto *model = export_and_parse(&m.ir, 0);
    ck_assert_int_eq(model->ir_version, 7);
    ck_assert_uint_eq(model->n_opset_import, 1);
    ck_assert_str_eq(model->opset_import[0]->domain, "");
    ck_assert_int_eq(model->opset_import[0]->version, 13);
    const Onnx__GraphProto *g = model->graph;
    ck_assert_uint_eq(g->n_input, 1);
    assert_tensor_value(g->input[0], "features", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT,
                        (const int64_t[]){-1, 6}, 2);
    ck_assert_uint_eq(g->n_output, 2);
    assert_tensor_value(g->output[0], "label", ONNX__TENSOR_PROTO__DATA_TYPE__INT64,
                        (const int64_t[]){-1}, 1);
    assert_tensor_value(g->output[1], "probabilities", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT,
                        (const int64_t[]){-1, 3}, 2);
    /* Node sequence: normalization, then Gemm+Tanh twice, Gemm, Softmax, ArgMax. */
    static const char *const ops[] = {"Cast", "Sub", "Div", "IsNaN", "IsInf", "Or",
                                      "Where", "Max", "Min", "Cast", "Gemm", "Tanh",
                                      "Gemm", "Tanh", "Gemm", "Softmax", "ArgMax"};
    ck_assert_uint_eq(g->n_node, sizeof ops / sizeof ops[0]);
    for (size_t i = 0; i < g->n_node; i++)
        ck_assert_str_eq(g->node[i]->op_type, ops[i]);
    /* Float weights are stored as given (raw little-endian). */
    const Onnx__TensorProto *w1 = find_initializer(g, "layer1_weight");
    ck_assert_ptr_nonnull(w1);
    ck_assert_int_eq(w1->data_type, ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
    ck_assert_uint_eq(w1->n_dims, 2);
    ck_assert_int_eq(w1->dims[0], 5);
    ck_assert_int_eq(w1->dims[1], 8);
    ck_assert_uint_eq(w1->raw_data.len, 40 * sizeof(float));
    ck_assert_mem_eq(w1->raw_data.data, m.weights[1], 40 * sizeof(float));
    const Onnx__TensorProto *center = find_initializer(g, "center");
    ck_assert_ptr_nonnull(center);
    ck_assert_int_eq(center->data_type, ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE);
    ck_assert_mem_eq(center->raw_data.data, m.center, 6 * sizeof(double));
    ck_assert_uint_eq(model->n_metadata_props, 1);
    ck_assert_str_eq(model->metadata_props[0]->key, "botcopier");
    ck_assert_ptr_nonnull(strstr(model->metadata_props[0]->value,
                                 "\"class_names\":[\"0\",\"1\",\"2\"]"));
    ck_assert_ptr_nonnull(strstr(model->metadata_props[0]->value, "\"kind\":\"mlp\""));
    onnx__model_proto__free_unpacked(model, NULL);
    test_model_free(&m);
}
END_TEST

START_TEST(onnx_int8_graph_stores_int8_weights_dequantized_per_output_channel)
{
    test_model m;
    const int32_t hidden[1] = {7};
    test_model_init(&m, 5, 4, hidden, 1, BC_EXPORT_ACT_RELU, 3);
    Onnx__ModelProto *model = export_and_parse(&m.ir, 1);
    const Onnx__GraphProto *g = model->graph;
    int dequantize = 0;
    for (size_t i = 0; i < g->n_node; i++)
        if (strcmp(g->node[i]->op_type, "DequantizeLinear") == 0) {
            dequantize++;
            ck_assert_uint_eq(g->node[i]->n_attribute, 1);
            ck_assert_str_eq(g->node[i]->attribute[0]->name, "axis");
            ck_assert_int_eq(g->node[i]->attribute[0]->i, 0);
        }
    ck_assert_int_eq(dequantize, 2);
    ck_assert_ptr_null(find_initializer(g, "layer0_weight")); /* no float copy */
    const Onnx__TensorProto *q = find_initializer(g, "layer0_weight_int8");
    const Onnx__TensorProto *s = find_initializer(g, "layer0_weight_scale");
    const Onnx__TensorProto *zp = find_initializer(g, "layer0_weight_zero_point");
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_nonnull(zp);
    ck_assert_int_eq(q->data_type, ONNX__TENSOR_PROTO__DATA_TYPE__INT8);
    ck_assert_uint_eq(q->raw_data.len, 7 * 5);
    int8_t expect_q[35];
    float expect_s[7];
    bc_export_quantize_int8(m.weights[0], 7, 5, expect_q, expect_s);
    ck_assert_mem_eq(q->raw_data.data, expect_q, sizeof expect_q);
    ck_assert_mem_eq(s->raw_data.data, expect_s, sizeof expect_s);
    ck_assert_uint_eq(zp->raw_data.len, 7);
    for (size_t i = 0; i < 7; i++)
        ck_assert_int_eq(zp->raw_data.data[i], 0);
    ck_assert_ptr_nonnull(strstr(model->metadata_props[0]->value, "max|w|/127"));
    onnx__model_proto__free_unpacked(model, NULL);
    test_model_free(&m);
}
END_TEST

/* Writes the C flavour plus a driver that reads rows (hex floats) and
 * prints probabilities (hex floats), compiles it with $CC (default cc),
 * runs it, and returns the worst |difference| from the reference. */
static double run_c_flavour(const test_model *m, const double *x, int32_t n)
{
    char dir[] = "/tmp/bc_export_c_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *src = NULL;
    ck_assert_ok(bc_export_ir_source(&m->ir, BC_EXPORT_SOURCE_C, "clone", &src));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    double x[clone_N_FEATURES], p[clone_N_CLASSES];\n"
            "    for (;;) {\n        for (int j = 0; j < clone_N_FEATURES; j++)\n"
            "            if (scanf(\"%%la\", &x[j]) != 1)\n                return 0;\n"
            "        int best = clone_predict(x, p);\n        printf(\"%%d\", best);\n"
            "        for (int c = 0; c < clone_N_CLASSES; c++)\n"
            "            printf(\" %%a\", p[c]);\n        printf(\"\\n\");\n    }\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    f = c_driver_file(dir, "rows.txt", "w");
    int32_t F = m->ir.n_features, C = m->ir.n_classes;
    for (int64_t i = 0; i < (int64_t)n * F; i++)
        fprintf(f, "%a%c", x[i], (i + 1) % F ? ' ' : '\n');
    ck_assert_int_eq(fclose(f), 0);
    f = c_driver_run(dir, "rows.txt", "probs.txt");
    double worst = 0.0, scratch[256], ref[64], got;
    for (int32_t r = 0; r < n; r++) {
        bc_export_ir_forward(&m->ir, x + (size_t)r * F, ref, scratch);
        int label = -1, ref_label = 0;
        ck_assert_int_eq(fscanf(f, "%d", &label), 1);
        for (int32_t c = 0; c < C; c++) {
            ck_assert_int_eq(fscanf(f, "%la", &got), 1);
            worst = fmax(worst, fabs(got - ref[c]));
            ref_label = ref[c] > ref[ref_label] ? c : ref_label;
        }
        ck_assert_int_eq(label, ref_label);
    }
    fclose(f);
    c_driver_remove(dir);
    return worst;
}

START_TEST(c_flavour_of_the_mql5_source_computes_the_reference_probabilities)
{
    test_model logistic, mlp, calibrated;
    const int32_t hidden[2] = {16, 9};
    test_model_init(&logistic, 11, 4, NULL, 0, BC_EXPORT_ACT_NONE, 4);
    test_model_init(&mlp, 11, 4, hidden, 2, BC_EXPORT_ACT_RELU, 5);
    test_model_init(&calibrated, 11, 3, hidden, 2, BC_EXPORT_ACT_SIGMOID, 6);
    calibrated.ir.has_calibration = 1;
    calibrated.ir.calibration_coef = 0.8;
    calibrated.ir.calibration_intercept = 0.3;
    double *x = test_rows(&logistic, 200, 6);
    /* The same operations in the same order: equal to the last bit is
     * expected, 1e-12 leaves room for a different libm. */
    double worst = run_c_flavour(&logistic, x, 200);
    ck_assert_msg(worst <= 1e-12, "logistic: worst difference %g", worst);
    worst = run_c_flavour(&mlp, x, 200);
    ck_assert_msg(worst <= 1e-12, "mlp: worst difference %g", worst);
    worst = run_c_flavour(&calibrated, x, 200);
    ck_assert_msg(worst <= 1e-12, "calibrated: worst difference %g", worst);
    free(x);
    test_model_free(&logistic);
    test_model_free(&mlp);
    test_model_free(&calibrated);
}
END_TEST

/* Replaces every occurrence of from by to in s (s has room). */
static void replace_all(char *s, size_t cap, const char *from, const char *to)
{
    char *p = s;
    size_t nf = strlen(from), nt = strlen(to);
    while ((p = strstr(p, from)) != NULL) {
        ck_assert_uint_lt(strlen(s) + nt - nf, cap);
        memmove(p + nt, p + nf, strlen(p + nf) + 1);
        memcpy(p, to, nt);
        p += nt;
    }
}

/* Every feature kind with a template (36 columns), so the token check below covers all
 * of the generated code. */
#define ALL_KINDS_SPEC "sma(3),ema(4),rsi(5),macd(3,6,2),atr(3),bbands(4,2),stoch(5,2,2)," \
    "adx(4),ret(1),logret(2),vol(4),rsi(5)@1,cross(sma(2),sma(4)),diff(ema(2),sma(2))," \
    "cross(rsi(5),50),diff(close,1.5),hour_sin,month_cos,open,high,low,close,volume," \
    "book_imbalance,book_imbalance_roll,above(rsi(5),70),hour,hour_is(0),hour_is(13),session(8,17)," \
    "session(22,6),sym_emb(0),sym_emb(3)"

/* Maps an MQL5 text onto what the C flavour must be: the tokens that differ
 * by design, and "static" on global variable declarations. */
static char *mql5_as_c(const char *mql5)
{
    size_t cap = strlen(mql5) * 2 + 4096;
    char *m = malloc(cap);
    ck_assert_ptr_nonnull(m);
    snprintf(m, cap, "%s", mql5);
    static const char *const tokens[][2] = {
        {"MQL5.", "C99."},
        {" */\n#define clone_N_FEATURES", " */\n#include <math.h>\n\n#define clone_N_FEATURES"},
        {"\nconst double", "\nstatic const double"},
        {"const double &x[]", "const double *x"},
        {"double &probs[]", "double *probs"},
        {"double &out[]", "double *out"},
        {"(long bar_time", "(long long bar_time"},
        {"    int c;\n", "    int c;\n    (void)bar_time;\n    (void)bar_open;\n    (void)bar_high;\n"
                        "    (void)bar_low;\n    (void)bar_close;\n    (void)bar_volume;\n"},
        {"        long ", "        long long "},
        {"MathExp(", "exp("}, {"MathTanh(", "tanh("}, {"MathLog(", "log("},
        {"MathSqrt(", "sqrt("}, {"MathAbs(", "fabs("}, {"!MathIsValidNumber(", "!isfinite("},
        {"MathIsValidNumber(", "isfinite("}, {"MathArcsin(2.0)", "NAN"},
        {"\nconst int", "\nstatic const int"}, {"\nconst float", "\nstatic const float"},
        {"\nlong ", "\nstatic long long "},
    };
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        replace_all(m, cap, tokens[i][0], tokens[i][1]);
    /* Global variables (column 0, ending in ';') are static in C. */
    char *out = malloc(cap + strlen(m) + 1);
    ck_assert_ptr_nonnull(out);
    size_t w = 0;
    for (char *line = m; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
        int global = (strncmp(line, "double ", 7) == 0 || strncmp(line, "int ", 4) == 0) &&
                     n >= 2 && line[n - 2] == ';';
        w += (size_t)sprintf(out + w, "%s%.*s", global ? "static " : "", (int)n, line);
        line += n;
    }
    free(m);
    return out;
}

/* The time encodings are the library's tables printed as constants, never
 * MathSin/MathCos (MetaTrader's are not glibc's, and the library rounds its
 * own); only the tables an output read needs are printed. */
START_TEST(mql5_time_encodings_are_constant_tables_not_mathsin)
{
    static const struct {
        const char *spec;
        const char *present[4], *absent[6];
    } cases[] = {
        {"hour_sin,month_cos,rsi(3)",
         {"const double clone_time_hour_sin[1440] = {",
          "const double clone_time_month_cos[12] = {",
          "clone_v[0] = clone_time_hour_sin[minute];", NULL},
         {"clone_time_hour_cos", "clone_time_dow_", "clone_time_month_sin", NULL}},
        {"dow_cos", {"const double clone_time_dow_cos[7] = {", NULL},
         {"clone_time_hour_", "clone_time_month_", "minute", "month", "clone_time_dow_sin", NULL}},
        {"above(dow_sin,0),hour_cos@3",
         {"const double clone_time_dow_sin[7] = {", "const double clone_time_hour_cos[1440] = {",
          NULL},
         {"clone_time_dow_cos", "clone_time_hour_sin", "month", NULL}},
        {"rsi(3),hour", {NULL}, {"clone_time_", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bc_features *f = NULL;
        ck_assert_ok(bc_features_create(cases[i].spec, &f));
        test_model m;
        test_model_init(&m, bc_features_count(f), 2, NULL, 0, BC_EXPORT_ACT_NONE, 3);
        bc_features_free(f);
        m.ir.feature_spec = cases[i].spec;
        char *mql5 = NULL;
        ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
        ck_assert_ptr_nonnull(strstr(mql5, "int clone_features_update(long bar_time,"));
        ck_assert_msg(!strstr(mql5, "MathSin") && !strstr(mql5, "MathCos"), "%s: MathSin/MathCos",
                      cases[i].spec);
        for (int k = 0; cases[i].present[k]; k++)
            ck_assert_msg(strstr(mql5, cases[i].present[k]) != NULL, "%s: no '%s'",
                          cases[i].spec, cases[i].present[k]);
        const char *features = strstr(mql5, "/* ---- features:");
        ck_assert_ptr_nonnull(features);
        for (int k = 0; cases[i].absent[k]; k++)
            ck_assert_msg(strstr(features, cases[i].absent[k]) == NULL, "%s: '%s' present",
                          cases[i].spec, cases[i].absent[k]);
        free(mql5);
        test_model_free(&m);
    }
}
END_TEST

START_TEST(mql5_source_is_the_c_source_with_mql5_tokens)
{
    test_model m;
    const int32_t hidden[1] = {6};
    test_model_init(&m, 38, 3, hidden, 1, BC_EXPORT_ACT_TANH, 8);
    m.ir.has_calibration = 1;
    m.ir.calibration_coef = 1.5;
    m.ir.calibration_intercept = -0.25;
    m.ir.feature_spec = ALL_KINDS_SPEC;
    char *mql5 = NULL, *c = NULL;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c));
    ck_assert_ptr_nonnull(strstr(mql5, "int clone_predict(const double &x[], double &probs[])"));
    ck_assert_ptr_nonnull(strstr(mql5, "int clone_features_update(long bar_time,"));
    ck_assert_ptr_nonnull(strstr(mql5, "int clone_predict_bar(long bar_time,"));
    ck_assert_ptr_null(strstr(mql5, "Features not generated"));
    ck_assert_ptr_null(strstr(mql5, "isnan("));
    ck_assert_ptr_null(strstr(mql5, "isfinite("));
    ck_assert_ptr_null(strstr(mql5, "#include"));
    ck_assert_ptr_null(strstr(mql5, "MathSin"));
    ck_assert_ptr_null(strstr(mql5, "MathCos"));
    char *mapped = mql5_as_c(mql5);
    ck_assert_str_eq(mapped, c);
    free(mapped);
    free(mql5);
    free(c);
    test_model_free(&m);
}
END_TEST

/* With the predictor's rule: 36 market columns, the six position columns
 * and two signed copies; the decision section, the float forward pass and
 * the position state are the C twin's too, token for token. */
START_TEST(mql5_decision_source_is_the_c_source_with_mql5_tokens)
{
    test_model m;
    const int32_t hidden[1] = {5};
    test_model_init(&m, 46, 4, hidden, 1, BC_EXPORT_ACT_RELU, 9);
    m.ir.has_calibration = 1;
    m.ir.calibration_coef = 1.2;
    m.ir.calibration_intercept = 0.1;
    m.ir.feature_spec = ALL_KINDS_SPEC;
    static const int32_t signed_index[2] = {12, 13};
    bc_export_decision d = {
        .n_market = 38, .n_position = 6, .n_signed = 2, .signed_index = signed_index,
        .atr_spec = "atr(14)", .lookback = 40,
        .allowed = {{1, 3, 2, -1}, {1, 2, -1, -1}, {2, 3, 1, -1}},
        .class_threshold = {NAN, 0.6, NAN, 0.4}};
    m.ir.decision = &d;
    char *mql5 = NULL, *c = NULL;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c));
    ck_assert_ptr_nonnull(strstr(mql5, "int clone_update(long bar_time,"));
    ck_assert_ptr_nonnull(strstr(mql5, "const float clone_fw0[230]"));
    ck_assert_ptr_nonnull(strstr(mql5, "#define clone_N_COLUMNS 39"));
    ck_assert_ptr_nonnull(strstr(mql5, "clone_class_threshold[1] = 0.59999999999999998;"));
    ck_assert_ptr_null(strstr(mql5, "isfinite("));
    char *mapped = mql5_as_c(mql5);
    ck_assert_str_eq(mapped, c);
    free(mapped);
    free(c);
    /* The OnnxRun flavour: no weights, the graph's outputs instead. */
    char *onnx = NULL;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5 | BC_EXPORT_SOURCE_ONNX_RUN,
                                     "clone", &onnx));
    ck_assert_ptr_null(strstr(onnx, "clone_fw0"));
    ck_assert_ptr_null(strstr(onnx, "clone_set_threshold"));
    ck_assert_ptr_nonnull(strstr(onnx, "OnnxSetInputShape(clone_onnx, 0, in_shape)"));
    ck_assert_ptr_nonnull(strstr(onnx, "const long in_shape[] = {1, 46};"));
    ck_assert_status_msg(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C | BC_EXPORT_SOURCE_ONNX_RUN,
                                             "clone", &c), BC_E_INVALID_ARGUMENT, "OnnxRun");
    /* A rule whose columns do not add up is refused, naming them. */
    d.n_signed = 3;
    ck_assert_status_msg(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c), BC_E_SHAPE,
                         "3 signed");
    free(onnx);
    free(mql5);
    test_model_free(&m);
}
END_TEST

/* Layout 7 (the six and giveback_atr): the best close is tracked and the
 * column written in both flavours alike; 5 position columns are no layout. */
START_TEST(giveback_layout_is_the_same_code_in_mql5_and_c_and_odd_layouts_are_refused)
{
    test_model m;
    const int32_t hidden[1] = {5};
    test_model_init(&m, 46, 4, hidden, 1, BC_EXPORT_ACT_RELU, 9);
    m.ir.feature_spec = ALL_KINDS_SPEC;
    static const int32_t signed_index[1] = {12};
    bc_export_decision d = {
        .n_market = 38, .n_position = 7, .n_signed = 1, .signed_index = signed_index,
        .atr_spec = "atr(14)", .lookback = 40,
        .allowed = {{1, 3, 2, -1}, {1, 2, -1, -1}, {2, 3, 1, -1}},
        .class_threshold = {NAN, NAN, NAN, NAN}};
    m.ir.decision = &d;
    char *mql5 = NULL, *c = NULL;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c));
    ck_assert_ptr_nonnull(strstr(c, "clone_row[44] = upnl > 0.0 ? upnl : 0.0; /* giveback_atr */"));
    ck_assert_ptr_nonnull(strstr(c, "clone_best_close = clone_entry_price;"));
    ck_assert_ptr_nonnull(strstr(c, "/* mfe_atr */"));
    ck_assert_ptr_null(strstr(c, "/* held_1 .. held_33_up */"));
    ck_assert_ptr_null(strstr(mql5, "isfinite("));
    char *mapped = mql5_as_c(mql5);
    ck_assert_str_eq(mapped, c);
    free(mapped);
    free(c);
    free(mql5);
    d.n_position = 5;
    d.n_signed = 3;
    static const int32_t three[3] = {12, 13, 14};
    d.signed_index = three;
    ck_assert_status_msg(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c), BC_E_SHAPE,
                         "5 position");
    test_model_free(&m);
}
END_TEST

START_TEST(files_are_replaced_whole_and_unwritable_paths_name_the_path)
{
    char dir[] = "/tmp/bc_export_file_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[512], buf[64] = {0};
    snprintf(path, sizeof path, "%s/model.onnx", dir);
    ck_assert_ok(bc_export_write_file(path, "first version", 13));
    ck_assert_ok(bc_export_write_file(path, "second", 6));
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 6);
    fclose(f);
    ck_assert_str_eq(buf, "second");
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0); /* no temporary files left behind */
    ck_assert_status_msg(bc_export_write_file("/nonexistent-dir/x.onnx", "a", 1),
                         BC_E_IO, "/nonexistent-dir/x.onnx");
}
END_TEST

/* Layout 9 (the six, giveback_atr, the two entry-bar columns) and 23 (the
 * sixteen, giveback_atr, the two, the level block): the entry bar's high
 * and low are kept (from the last bar fed at an entry or a set position)
 * and the columns written in both flavours alike; 8 + 4 and 18 position
 * columns are no layout. */
START_TEST(entry_bar_layouts_are_the_same_code_in_mql5_and_c_and_odd_ones_are_refused)
{
    test_model m;
    const int32_t hidden[1] = {5};
    test_model_init(&m, 48, 4, hidden, 1, BC_EXPORT_ACT_RELU, 9);
    m.ir.feature_spec = ALL_KINDS_SPEC;
    static const int32_t signed_index[1] = {12};
    bc_export_decision d = {
        .n_market = 38, .n_position = 9, .n_signed = 1, .signed_index = signed_index,
        .atr_spec = "atr(14)", .lookback = 40,
        .allowed = {{1, 3, 2, -1}, {1, 2, -1, -1}, {2, 3, 1, -1}},
        .class_threshold = {NAN, NAN, NAN, NAN}};
    m.ir.decision = &d;
    char *mql5 = NULL, *c = NULL;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c));
    ck_assert_ptr_nonnull(strstr(c, "/* giveback_atr */"));
    ck_assert_ptr_nonnull(strstr(c, "clone_row[45] = (double)clone_direction * (bar_close - "
                                    "(clone_direction > 0 ? clone_entry_high : clone_entry_low))"));
    ck_assert_ptr_nonnull(strstr(c, "/* close_ebar_adv_atr */"));
    ck_assert_ptr_nonnull(strstr(c, "clone_entry_high = direction != 0 ? clone_last_high"));
    ck_assert_ptr_nonnull(strstr(c, "clone_entry_low = target != 0 ? clone_last_low"));
    ck_assert_ptr_null(strstr(mql5, "isfinite("));
    char *mapped = mql5_as_c(mql5);
    ck_assert_str_eq(mapped, c);
    free(mapped);
    free(c);
    free(mql5);
    test_model_free(&m);
    /* 23: the sixteen, giveback, the two, the level block */
    test_model_init(&m, 62, 4, hidden, 1, BC_EXPORT_ACT_RELU, 9);
    m.ir.feature_spec = ALL_KINDS_SPEC;
    d.n_position = 23;
    d.has_levels = 1;
    d.level_unit[0] = 1;
    d.level_k[0] = 1.5;
    m.ir.decision = &d;
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_MQL5, "clone", &mql5));
    ck_assert_ok(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c));
    ck_assert_ptr_nonnull(strstr(c, "clone_row[56] = 0.0;"));
    ck_assert_ptr_nonnull(strstr(c, "/* close_ebar_adv_atr */"));
    ck_assert_ptr_nonnull(strstr(c, "/* held_1 .. held_33_up */"));
    ck_assert_ptr_nonnull(strstr(c, "/* sl_close_atr */"));
    mapped = mql5_as_c(mql5);
    ck_assert_str_eq(mapped, c);
    free(mapped);
    free(c);
    free(mql5);
    /* 18 (+4: 22) is no layout */
    d.n_position = 22;
    d.n_signed = 2;
    static const int32_t two[2] = {12, 13};
    d.signed_index = two;
    ck_assert_status_msg(bc_export_ir_source(&m.ir, BC_EXPORT_SOURCE_C, "clone", &c), BC_E_SHAPE,
                         "22 position");
    test_model_free(&m);
}
END_TEST

Suite *suite_export(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("ir");
    tcase_add_test(tc, reference_forward_normalizes_clips_and_scores_nan_and_inf_as_center);
    tcase_add_test(tc, quantized_weights_are_within_half_a_step_of_the_originals);
    tcase_add_test(tc, invalid_descriptions_are_refused_naming_the_problem);
    tcase_add_test(tc, onnx_graph_has_opset_13_one_float_input_and_two_plain_tensor_outputs);
    tcase_add_test(tc, onnx_int8_graph_stores_int8_weights_dequantized_per_output_channel);
    tcase_add_test(tc, mql5_time_encodings_are_constant_tables_not_mathsin);
    tcase_add_test(tc, mql5_source_is_the_c_source_with_mql5_tokens);
    tcase_add_test(tc, files_are_replaced_whole_and_unwritable_paths_name_the_path);
    suite_add_tcase(s, tc);
    TCase *compiled = tcase_create("compiled");
    tcase_set_timeout(compiled, 60);
    tcase_add_test(compiled, c_flavour_of_the_mql5_source_computes_the_reference_probabilities);
    tcase_add_test(compiled, mql5_decision_source_is_the_c_source_with_mql5_tokens);
    tcase_add_test(compiled, giveback_layout_is_the_same_code_in_mql5_and_c_and_odd_layouts_are_refused);
    tcase_add_test(compiled, entry_bar_layouts_are_the_same_code_in_mql5_and_c_and_odd_ones_are_refused);
    suite_add_tcase(s, compiled);
    return s;
}
