/*
 * source_writer.c - renders an export IR as source code that computes the
 * model's probabilities with no library: an MQL5 include (.mqh) for
 * terminals where DLL imports are not allowed, and the same program as C99.
 * One generator walks the IR once; a flavour supplies only the tokens that
 * differ between the languages (array parameters, math functions, the NaN
 * test), so the C flavour the tests compile is the arithmetic the .mqh runs.
 */
#include "clone/clone.h"
#include "export/export_ir.h"
#include "export/source_text.h"
#include "model/trees.h"

#include "core/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const source_flavour bc_source_mql5 = {
    .language = "MQL5",
    .prelude = "",
    .const_storage = "const ",
    .global_storage = "",
    .in_array = "const double &%s[]",
    .out_array = "double &%s[]",
    .int64_type = "long",
    .exp_fn = "MathExp",
    .tanh_fn = "MathTanh",
    .log_fn = "MathLog",
    .sqrt_fn = "MathSqrt",
    .fabs_fn = "MathAbs",
    .atan_fn = "MathArctan",
    .sin_fn = "MathSin",
    .cos_fn = "MathCos",
    /* MathIsValidNumber is false for NaN and +-inf, the missing values. */
    .nonfinite_fmt = "!MathIsValidNumber(%s)",
    .finite_fmt = "MathIsValidNumber(%s)",
    .isnan_fn = "!MathIsValidNumber",
    /* MQL5 has no NaN literal; arcsin outside [-1, 1] is documented NaN. */
    .nan_expr = "MathArcsin(2.0)",
    .unused_fmt = "",
};

const source_flavour bc_source_c = {
    .language = "C99",
    .prelude = "#include <math.h>\n\n",
    .const_storage = "static const ",
    .global_storage = "static ",
    .in_array = "const double *%s",
    .out_array = "double *%s",
    .int64_type = "long long",
    .exp_fn = "exp",
    .tanh_fn = "tanh",
    .log_fn = "log",
    .sqrt_fn = "sqrt",
    .fabs_fn = "fabs",
    .atan_fn = "atan",
    .sin_fn = "sin",
    .cos_fn = "cos",
    .nonfinite_fmt = "!isfinite(%s)",
    .finite_fmt = "isfinite(%s)",
    .isnan_fn = "!isfinite", /* only applied to values that are never +-inf */
    .nan_expr = "NAN",
    .unused_fmt = "    (void)%s;\n",
};

void bc_source_put(source_text *t, const char *fmt, ...)
{
    if (t->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = 1;
        return;
    }
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *p = realloc(t->buf, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->buf = p;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

void bc_source_template(source_text *t, const char *tmpl,
                        const char *(*lookup)(const char *name, void *user),
                        void *user)
{
    const char *p = tmpl;
    while (*p && !t->failed) {
        const char *at = strchr(p, '@');
        if (!at) {
            bc_source_put(t, "%s", p);
            return;
        }
        bc_source_put(t, "%.*s", (int)(at - p), p);
        const char *end = strchr(at + 1, '@');
        char name[32];
        size_t n = end ? (size_t)(end - at - 1) : sizeof name;
        if (n >= sizeof name) {
            t->failed = 1;
            return;
        }
        memcpy(name, at + 1, n);
        name[n] = '\0';
        const char *value = lookup(name, user);
        if (!value) {
            t->failed = 1;
            return;
        }
        bc_source_put(t, "%s", value);
        p = end + 1;
    }
}

void bc_source_put_comment(source_text *t, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '*' && s[1] == '/')
            bc_source_put(t, "* /");
        else
            bc_source_put(t, "%c", isprint(c) ? c : '?');
    }
}

/* %.17g prints the exact double; float weights widen exactly first, so the
 * generated code multiplies by the very values the library holds. */
void bc_source_double_array(source_text *t, const source_flavour *fl, const char *prefix,
                            const char *name, int64_t n, const float *f, const double *d)
{
    bc_source_put(t, "%sdouble %s_%s[%lld] = {", fl->const_storage, prefix, name,
        (long long)n);
    for (int64_t i = 0; i < n; i++)
        bc_source_put(t, "%s%s%.17g", i ? "," : "", i % 4 == 0 ? "\n    " : " ",
            f ? (double)f[i] : d[i]);
    bc_source_put(t, "\n};\n");
}

/* A constant array of float or int values (the tree tables). */
void bc_source_typed_array(source_text *t, const source_flavour *fl, const char *prefix,
                           const char *name, int64_t n, const float *f, const int32_t *ints,
                           const uint8_t *bytes)
{
    bc_source_put(t, "%s%s %s_%s[%lld] = {", fl->const_storage, f ? "float" : "int", prefix,
                  name, (long long)n);
    for (int64_t i = 0; i < n; i++) {
        bc_source_put(t, "%s%s", i ? "," : "", i % 8 == 0 ? "\n    " : " ");
        if (f)
            bc_source_put(t, "%.9g", (double)f[i]);
        else
            bc_source_put(t, "%d", ints ? (int)ints[i] : (int)bytes[i]);
    }
    bc_source_put(t, "\n};\n");
}

/* The trees kind's tables and the body of _predict up to the softmax over
 * m[]: trees.h's rule statement for statement (float inputs and margins,
 * non-finite values to the default branch, `v < value` goes left). */
static void put_trees(source_text *t, const source_flavour *fl, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    const bc_trees *tr = ir->trees;
    bc_source_typed_array(t, fl, P, "base_score", ir->n_classes, tr->base_score, NULL, NULL);
    bc_source_typed_array(t, fl, P, "tree_start", (int64_t)tr->n_trees + 1, NULL, tr->tree_start, NULL);
    bc_source_typed_array(t, fl, P, "tree_class", tr->n_trees, NULL, tr->tree_class, NULL);
    bc_source_typed_array(t, fl, P, "node_feature", tr->n_nodes, NULL, tr->feature, NULL);
    bc_source_typed_array(t, fl, P, "node_value", tr->n_nodes, tr->value, NULL, NULL);
    bc_source_typed_array(t, fl, P, "node_left", tr->n_nodes, NULL, tr->left, NULL);
    bc_source_typed_array(t, fl, P, "node_right", tr->n_nodes, NULL, tr->right, NULL);
    bc_source_typed_array(t, fl, P, "node_default_left", tr->n_nodes, NULL, NULL, tr->default_left);
}

void bc_source_trees_body(source_text *t, const source_flavour *fl, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    int32_t F = ir->n_features, C = ir->n_classes;
    bc_source_put(t, "    float xf[%d];\n    float m[%d];\n    int k;\n    int node;\n"
        "    float v;\n    for (i = 0; i < %d; i++)\n        xf[i] = (float)x[i];\n"
        "    for (o = 0; o < %d; o++)\n        m[o] = %s_base_score[o];\n"
        "    for (k = 0; k < %d; k++) {\n        node = %s_tree_start[k];\n"
        "        while (%s_node_feature[node] >= 0) {\n"
        "            v = xf[%s_node_feature[node]];\n            if (",
        (int)F, (int)C, (int)F, (int)C, P, (int)ir->trees->n_trees, P, P, P);
    bc_source_put(t, fl->nonfinite_fmt, "v");
    bc_source_put(t, ")\n                node = %s_node_default_left[node] != 0 ? "
        "%s_node_left[node] : %s_node_right[node];\n"
        "            else\n                node = v < %s_node_value[node] ? "
        "%s_node_left[node] : %s_node_right[node];\n        }\n"
        "        m[%s_tree_class[k]] += %s_node_value[node];\n    }\n"
        "    for (o = 0; o < %d; o++)\n        h[o] = (double)m[o];\n",
        P, P, P, P, P, P, P, P, (int)C);
}

static int valid_prefix(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 40 || !(isalpha((unsigned char)p[0]) || p[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)p[i]) && p[i] != '_')
            return 0;
    return 1;
}

/* The feature section and, when the spec's columns are the model's inputs,
 * <prefix>_predict_bar; with a decision rule, the forward pass as the
 * predictor runs it and the predictor itself (the features then include
 * the ATR behind the position state). A spec with kinds that have no
 * template gets a comment naming them instead; only real failures (memory)
 * are errors. */
static int32_t put_features(source_text *t, const source_flavour *fl,
                            const bc_export_ir *ir, int32_t onnx_run)
{
    const char *P = t->prefix;
    const bc_export_decision *d = ir->decision;
    char missing[512];
    int32_t n_columns = 0, book = 0;
    char *spec = NULL;
    if (d && d->n_position > 0) {
        /* predictor.c: one engine for the spec and the ATR, its last column;
         * then the engines of the stops' units (the predictor's own
         * engines of the same kernels on the same bars) */
        size_t len = strlen(ir->feature_spec) + strlen(d->atr_spec) + 2;
        for (int32_t e = 0; e < d->n_exit_engines; e++)
            len += strlen(d->exit_engine[e]) + 1;
        spec = malloc(len);
        if (!spec)
            return bc_fail(BC_E_OUT_OF_MEMORY, "export source: out of memory");
        snprintf(spec, len, "%s,%s", ir->feature_spec, d->atr_spec);
        for (int32_t e = 0; e < d->n_exit_engines; e++)
            strcat(strcat(spec, ","), d->exit_engine[e]);
    }
    int32_t rc = bc_source_features(t, fl, P, spec ? spec : ir->feature_spec, &n_columns,
                                    &book, missing, sizeof missing);
    free(spec);
    /* the generated predictor places the stops: without it (a feature the
     * templates lack) the code would trade without them */
    for (int32_t k = 0; (rc == BC_E_UNSUPPORTED || rc == BC_E_PARSE) && d && k < 2; k++)
        if (d->exit_unit[k] != 0)
            return bc_fail(rc, "export source: the model's %s (unit '%s') is placed by the "
                           "generated predictor, which needs every feature generated: %s",
                           k ? "take-profit" : "stop-loss",
                           clone_level_unit_name(d->exit_unit[k]), missing);
    if (rc == BC_E_UNSUPPORTED || rc == BC_E_PARSE) {
        if (onnx_run)
            return bc_fail(rc, "export source: the decision .mqh needs the model's features: %s",
                           missing);
        bc_clear_error();
        bc_source_put(t, "\n/* Features not generated: ");
        bc_source_put_comment(t, missing);
        bc_source_put(t, ". The EA computes them. */\n");
        return BC_OK;
    }
    if (rc != BC_OK)
        return rc;
    if (d) {
        const int32_t want = d->n_market + (d->n_position > 0 ? 1 + d->n_exit_engines : 0);
        if (n_columns != want)
            return bc_fail(BC_E_INTERNAL, "export source: the features give %d columns, the "
                           "decision rule reads %d", (int)n_columns, (int)want);
        if (!onnx_run)
            bc_source_forward(t, fl, ir);
        bc_source_decision(t, fl, ir, book, onnx_run);
        return t->failed ? bc_fail(BC_E_OUT_OF_MEMORY, "export source: out of memory") : BC_OK;
    }
    if (n_columns != ir->n_features) {
        bc_source_put(t, "\n/* The spec gives %d columns, the model takes %d: the EA "
                      "appends the\n * other inputs (e.g. position state) before "
                      "calling %s_predict. */\n", (int)n_columns,
                      (int)ir->n_features, P);
        return BC_OK;
    }
    const char *book_params = book ? "double book_bid_volume,\n    double book_ask_volume, " : "";
    const char *book_args = book ? " book_bid_volume, book_ask_volume," : "";
    bc_source_put(t, "\n/* The features of one closed bar, then the model: probs "
                  "and result as\n * %s_predict. */\n"
                  "int %s_predict_bar(%s bar_time, double bar_open, double bar_high,\n"
                  "    double bar_low, double bar_close, double bar_volume, %s",
                  P, P, fl->int64_type, book_params);
    bc_source_put(t, fl->out_array, "probs");
    bc_source_put(t, ")\n{\n    double x[%d];\n    %s_features_update(bar_time, "
                  "bar_open, bar_high, bar_low, bar_close,\n        bar_volume,%s x);\n"
                  "    return %s_predict(x, probs);\n}\n", (int)ir->n_features, P,
                  book_args, P);
    return BC_OK;
}

/* The model's tables and <prefix>_predict (bc_model_predict's double path). */
static void put_classifier(source_text *t, const source_flavour *fl, const bc_export_ir *ir)
{
    const char *P = t->prefix;
    const int32_t F = ir->n_features, C = ir->n_classes;
    const int32_t W = bc_export_ir_max_width(ir);
    if (ir->trees) {
        put_trees(t, fl, ir);
    } else {
        bc_source_double_array(t, fl, P, "center", F, NULL, ir->center);
        bc_source_double_array(t, fl, P, "scale", F, NULL, ir->scale);
    }
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        char name[32];
        snprintf(name, sizeof name, "w%d", (int)l);
        bc_source_double_array(t, fl, P, name, (int64_t)L->n_out * L->n_in, L->weight, NULL);
        snprintf(name, sizeof name, "b%d", (int)l);
        bc_source_double_array(t, fl, P, name, L->n_out, L->bias, NULL);
    }

    bc_source_put(t, "\nint %s_predict(", P);
    bc_source_put(t, fl->in_array, "x");
    bc_source_put(t, ", ");
    bc_source_put(t, fl->out_array, "probs");
    if (ir->trees)
        bc_source_put(t, ")\n{\n    double h[%d];\n    int i;\n    int o;\n", (int)W);
    else
        bc_source_put(t, ")\n{\n    double h[%d];\n    double g[%d];\n    double z;\n"
            "    double acc;\n    int i;\n    int o;\n", (int)W, (int)W);
    if (ir->trees)
        bc_source_trees_body(t, fl, ir);
    /* Normalization is unrolled so that infinite clip bounds (no clipping)
     * simply produce no code. */
    for (int32_t j = 0; !ir->trees && j < F; j++) {
        bc_source_put(t, "    z = (x[%d] - %s_center[%d]) / %s_scale[%d];\n    if (",
            (int)j, P, (int)j, P, (int)j);
        bc_source_put(t, fl->nonfinite_fmt, "z");
        bc_source_put(t, ")\n        z = 0.0;\n");
        if (isfinite(ir->clip_low[j]))
            bc_source_put(t, "    if (z < %.17g)\n        z = %.17g;\n",
                ir->clip_low[j], ir->clip_low[j]);
        if (isfinite(ir->clip_high[j]))
            bc_source_put(t, "    if (z > %.17g)\n        z = %.17g;\n",
                ir->clip_high[j], ir->clip_high[j]);
        bc_source_put(t, "    h[%d] = z;\n", (int)j);
    }
    const char *src = "h", *dst = "g";
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        bc_source_put(t, "    for (o = 0; o < %d; o++) {\n        acc = %s_b%d[o];\n"
            "        for (i = 0; i < %d; i++)\n"
            "            acc += %s_w%d[o * %d + i] * %s[i];\n",
            (int)L->n_out, P, (int)l, (int)L->n_in, P, (int)l, (int)L->n_in, src);
        if (L->activation == BC_EXPORT_ACT_RELU)
            bc_source_put(t, "        if (acc < 0.0)\n            acc = 0.0;\n");
        else if (L->activation == BC_EXPORT_ACT_TANH)
            bc_source_put(t, "        acc = %s(acc);\n", fl->tanh_fn);
        else if (L->activation == BC_EXPORT_ACT_SIGMOID)
            bc_source_put(t, "        acc = 1.0 / (1.0 + %s(-acc));\n", fl->exp_fn);
        bc_source_put(t, "        %s[o] = acc;\n    }\n", dst);
        const char *swap = src;
        src = dst;
        dst = swap;
    }
    bc_source_put(t, "    double top = %s[0];\n    for (o = 1; o < %d; o++)\n"
        "        if (%s[o] > top)\n            top = %s[o];\n"
        "    double total = 0.0;\n    for (o = 0; o < %d; o++) {\n"
        "        probs[o] = %s(%s[o] - top);\n        total += probs[o];\n"
        "    }\n    for (o = 0; o < %d; o++)\n        probs[o] /= total;\n",
        src, (int)C, src, src, (int)C, fl->exp_fn, src, (int)C);
    if (ir->has_calibration) {
        /* bc_model_predict's Platt step, operation for operation. */
        bc_source_put(t, "    double raw = 1.0 - probs[0];\n    double a = raw;\n"
            "    if (a < 1e-12)\n        a = 1e-12;\n"
            "    if (a > 1.0 - 1e-12)\n        a = 1.0 - 1e-12;\n"
            "    double s = %s(a / (1.0 - a));\n"
            "    double cal = 1.0 / (1.0 + %s(-(%.17g * s + %.17g)));\n"
            "    probs[0] = 1.0 - cal;\n    for (o = 1; o < %d; o++)\n"
            "        probs[o] = raw > 0.0 ? probs[o] * (cal / raw) : cal / %d;\n",
            fl->log_fn, fl->exp_fn, ir->calibration_coef,
            ir->calibration_intercept, (int)C, (int)(C - 1));
    }
    bc_source_put(t, "    int best = 0;\n    for (o = 1; o < %d; o++)\n"
        "        if (probs[o] > probs[best])\n            best = o;\n"
        "    return best;\n}\n", (int)C);
}

int32_t bc_export_ir_source(const bc_export_ir *ir, int32_t flavour,
                            const char *prefix, char **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export source: NULL output");
    *out = NULL;
    const int32_t onnx_run = (flavour & BC_EXPORT_SOURCE_ONNX_RUN) != 0;
    flavour &= ~BC_EXPORT_SOURCE_ONNX_RUN;
    const source_flavour *fl = flavour == BC_EXPORT_SOURCE_MQL5 ? &bc_source_mql5
                             : flavour == BC_EXPORT_SOURCE_C ? &bc_source_c : NULL;
    if (!fl || (onnx_run && fl != &bc_source_mql5))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export source: flavour %d, expected %d (MQL5) or %d (C), or MQL5 | %d "
                       "(OnnxRun)", (int)flavour, BC_EXPORT_SOURCE_MQL5, BC_EXPORT_SOURCE_C,
                       BC_EXPORT_SOURCE_ONNX_RUN);
    if (onnx_run && (!ir || !ir->decision || !ir->feature_spec || !*ir->feature_spec))
        return bc_fail(BC_E_INVALID_ARGUMENT, "export source: the OnnxRun .mqh needs a model "
                       "with a feature spec run by the predictor's rule");
    if (!prefix || !valid_prefix(prefix))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export source: prefix '%s' is not an identifier of "
                       "1..40 characters", prefix ? prefix : "(null)");
    int32_t rc = bc_export_ir_validate(ir);
    if (rc != BC_OK)
        return rc;

    const char *P = prefix;
    const int32_t F = ir->n_features, C = ir->n_classes;
    source_text t = {0};
    t.prefix = prefix;
    bc_source_put(&t, "/*\n * Generated by libbotcopier %s: a %s classifier as %s.\n"
        " * Do not edit: export the model again instead.\n *\n"
        " * %s_predict(x, probs) takes the %d raw feature values of one bar\n"
        " * (NaN = missing), normalizes and clips them as the model does,\n"
        " * runs the layers and writes %d class probabilities to probs\n"
        " * (calibrated as the library's bc_model_predict when the model is);\n"
        " * it returns the most probable class index. The model acts when\n"
        " * P(act) = 1 - probs[0] >= the _THRESHOLD below. probs must hold\n"
        " * _N_CLASSES values. When the feature section at the end is present,\n"
        " * it computes the inputs from bars (_features_update, _predict_bar).\n"
        " * A model the library's predictor runs (a clone) ends with the predictor\n"
        " * itself: _reset() once, then _update(bar..., probs) per closed bar\n"
        " * returns the decision exactly as bc_predictor_update does (position\n"
        " * state, allowed actions, per-class thresholds; see its section).\n",
        BC_VERSION_STRING, ir->kind ? ir->kind : "dense", fl->language, P,
        (int)F, (int)C);
    bc_source_put(&t, " * Feature spec: ");
    bc_source_put_comment(&t, ir->feature_spec && *ir->feature_spec
                             ? ir->feature_spec : "(none recorded)");
    bc_source_put(&t, "\n * Features, in input order:");
    for (int32_t j = 0; j < F; j++) {
        bc_source_put(&t, "%s", j % 6 == 0 ? "\n *  " : " ");
        if (ir->feature_names)
            bc_source_put_comment(&t, ir->feature_names[j]);
        else
            bc_source_put(&t, "f%d", (int)j);
        bc_source_put(&t, "%s", j + 1 < F ? "," : "");
    }
    bc_source_put(&t, "\n * Classes:");
    for (int32_t c = 0; c < C; c++) {
        bc_source_put(&t, " %d=", (int)c);
        if (ir->class_names)
            bc_source_put_comment(&t, ir->class_names[c]);
        else
            bc_source_put(&t, "%d", (int)c);
    }
    bc_source_put(&t, "\n */\n%s", fl->prelude);
    bc_source_put(&t, "#define %s_N_FEATURES %d\n#define %s_N_CLASSES %d\n"
        "#define %s_THRESHOLD %.17g\n\n", P, (int)F, P, (int)C, P,
        ir->threshold);
    if (!onnx_run)
        put_classifier(&t, fl, ir);
    if (ir->feature_spec && *ir->feature_spec) {
        rc = put_features(&t, fl, ir, onnx_run);
        if (rc != BC_OK) {
            free(t.buf);
            return rc;
        }
    }
    if (t.failed) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export source: out of memory for "
                       "a model of %d features", (int)F);
    }
    *out = t.buf;
    return BC_OK;
}
