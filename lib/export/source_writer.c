/*
 * source_writer.c - renders an export IR as source code that computes the
 * model's probabilities with no library: an MQL5 include (.mqh) for
 * terminals where DLL imports are not allowed, and the same program as C99.
 * One generator walks the IR once; a flavour supplies only the tokens that
 * differ between the languages (array parameters, math functions, the NaN
 * test), so the C flavour the tests compile is the arithmetic the .mqh runs.
 */
#include "export/export_ir.h"

#include "core/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct source_flavour {
    const char *language;
    const char *prelude;       /* after the banner comment */
    const char *array_storage; /* before "double NAME[N] = {...};" */
    const char *in_array;      /* printf: parameter name */
    const char *out_array;
    const char *exp_fn, *tanh_fn;
    const char *isnan_fmt;     /* printf: the value, up to 3 times */
} source_flavour;

static const source_flavour mql5_flavour = {
    .language = "MQL5",
    .prelude = "",
    .array_storage = "const ",
    .in_array = "const double &%s[]",
    .out_array = "double &%s[]",
    .exp_fn = "MathExp",
    .tanh_fn = "MathTanh",
    /* NaN is the only value that is neither valid, positive nor negative:
     * MathIsValidNumber is also false for +-inf, which the model clips. */
    .isnan_fmt = "(!MathIsValidNumber(%s) && !(%s > 0.0) && !(%s < 0.0))",
};

static const source_flavour c_flavour = {
    .language = "C99",
    .prelude = "#include <math.h>\n\n",
    .array_storage = "static const ",
    .in_array = "const double *%s",
    .out_array = "double *%s",
    .exp_fn = "exp",
    .tanh_fn = "tanh",
    .isnan_fmt = "isnan(%s)",
};

typedef struct text {
    char *buf;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *fmt, ...) BC_PRINTF(2, 3);

static void put(text *t, const char *fmt, ...)
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

/* %.17g prints the exact double; float weights widen exactly first, so the
 * generated code multiplies by the very values the library holds. */
static void put_array(text *t, const source_flavour *fl, const char *prefix,
                      const char *name, int64_t n, const float *f,
                      const double *d)
{
    put(t, "%sdouble %s_%s[%lld] = {", fl->array_storage, prefix, name,
        (long long)n);
    for (int64_t i = 0; i < n; i++)
        put(t, "%s%s%.17g", i ? "," : "", i % 4 == 0 ? "\n    " : " ",
            f ? (double)f[i] : d[i]);
    put(t, "\n};\n");
}

/* Names and the spec go into comments: keep them printable and unable to
 * close the comment. */
static void put_comment_text(text *t, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '*' && s[1] == '/')
            put(t, "* /");
        else
            put(t, "%c", isprint(c) ? c : '?');
    }
}

static void put_isnan(text *t, const source_flavour *fl, const char *v)
{
    put(t, fl->isnan_fmt, v, v, v);
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

int32_t bc_export_ir_source(const bc_export_ir *ir, int32_t flavour,
                            const char *prefix, char **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export source: NULL output");
    *out = NULL;
    const source_flavour *fl = flavour == BC_EXPORT_SOURCE_MQL5 ? &mql5_flavour
                             : flavour == BC_EXPORT_SOURCE_C ? &c_flavour : NULL;
    if (!fl)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export source: flavour %d, expected %d (MQL5) or %d (C)",
                       (int)flavour, BC_EXPORT_SOURCE_MQL5, BC_EXPORT_SOURCE_C);
    if (!prefix || !valid_prefix(prefix))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export source: prefix '%s' is not an identifier of "
                       "1..40 characters", prefix ? prefix : "(null)");
    int32_t rc = bc_export_ir_validate(ir);
    if (rc != BC_OK)
        return rc;

    const char *P = prefix;
    const int32_t F = ir->n_features, C = ir->n_classes;
    const int32_t W = bc_export_ir_max_width(ir);
    text t = {0};
    put(&t, "/*\n * Generated by libbotcopier %s: a %s classifier as %s.\n"
        " * Do not edit: export the model again instead.\n *\n"
        " * %s_predict(x, probs) takes the %d raw feature values of one bar\n"
        " * (NaN = missing), normalizes and clips them as the model does,\n"
        " * runs the layers and writes %d class probabilities to probs;\n"
        " * it returns the most probable class index.\n",
        BC_VERSION_STRING, ir->kind ? ir->kind : "dense", fl->language, P,
        (int)F, (int)C);
    put(&t, " * Feature spec: ");
    put_comment_text(&t, ir->feature_spec && *ir->feature_spec
                             ? ir->feature_spec : "(none recorded)");
    put(&t, "\n * Features, in input order:");
    for (int32_t j = 0; j < F; j++) {
        put(&t, "%s", j % 6 == 0 ? "\n *  " : " ");
        if (ir->feature_names)
            put_comment_text(&t, ir->feature_names[j]);
        else
            put(&t, "f%d", (int)j);
        put(&t, "%s", j + 1 < F ? "," : "");
    }
    put(&t, "\n * Classes:");
    for (int32_t c = 0; c < C; c++) {
        put(&t, " %d=", (int)c);
        if (ir->class_names)
            put_comment_text(&t, ir->class_names[c]);
        else
            put(&t, "%d", (int)c);
    }
    put(&t, "\n */\n%s", fl->prelude);
    put(&t, "#define %s_N_FEATURES %d\n#define %s_N_CLASSES %d\n"
        "#define %s_THRESHOLD %.17g\n\n", P, (int)F, P, (int)C, P,
        ir->threshold);
    put_array(&t, fl, P, "center", F, NULL, ir->center);
    put_array(&t, fl, P, "scale", F, NULL, ir->scale);
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        char name[32];
        snprintf(name, sizeof name, "w%d", (int)l);
        put_array(&t, fl, P, name, (int64_t)L->n_out * L->n_in, L->weight, NULL);
        snprintf(name, sizeof name, "b%d", (int)l);
        put_array(&t, fl, P, name, L->n_out, L->bias, NULL);
    }

    put(&t, "\nint %s_predict(", P);
    put(&t, fl->in_array, "x");
    put(&t, ", ");
    put(&t, fl->out_array, "probs");
    put(&t, ")\n{\n    double h[%d];\n    double g[%d];\n    double z;\n"
        "    double acc;\n    int i;\n    int o;\n", (int)W, (int)W);
    /* Normalization is unrolled so that infinite clip bounds (no clipping)
     * simply produce no code. */
    for (int32_t j = 0; j < F; j++) {
        char v[32];
        snprintf(v, sizeof v, "x[%d]", (int)j);
        put(&t, "    if (");
        put_isnan(&t, fl, v);
        put(&t, ")\n        h[%d] = 0.0;\n    else {\n"
            "        z = (x[%d] - %s_center[%d]) / %s_scale[%d];\n",
            (int)j, (int)j, P, (int)j, P, (int)j);
        if (isfinite(ir->clip_low[j]))
            put(&t, "        if (z < %.17g)\n            z = %.17g;\n",
                ir->clip_low[j], ir->clip_low[j]);
        if (isfinite(ir->clip_high[j]))
            put(&t, "        if (z > %.17g)\n            z = %.17g;\n",
                ir->clip_high[j], ir->clip_high[j]);
        put(&t, "        h[%d] = z;\n    }\n", (int)j);
    }
    const char *src = "h", *dst = "g";
    for (int32_t l = 0; l < ir->n_layers; l++) {
        const bc_export_layer *L = &ir->layers[l];
        put(&t, "    for (o = 0; o < %d; o++) {\n        acc = %s_b%d[o];\n"
            "        for (i = 0; i < %d; i++)\n"
            "            acc += %s_w%d[o * %d + i] * %s[i];\n",
            (int)L->n_out, P, (int)l, (int)L->n_in, P, (int)l, (int)L->n_in, src);
        if (L->activation == BC_EXPORT_ACT_RELU)
            put(&t, "        if (acc < 0.0)\n            acc = 0.0;\n");
        else if (L->activation == BC_EXPORT_ACT_TANH)
            put(&t, "        acc = %s(acc);\n", fl->tanh_fn);
        put(&t, "        %s[o] = acc;\n    }\n", dst);
        const char *swap = src;
        src = dst;
        dst = swap;
    }
    put(&t, "    int best = 0;\n    for (o = 1; o < %d; o++)\n"
        "        if (%s[o] > %s[best])\n            best = o;\n"
        "    double total = 0.0;\n    for (o = 0; o < %d; o++) {\n"
        "        probs[o] = %s(%s[o] - %s[best]);\n        total += probs[o];\n"
        "    }\n    for (o = 0; o < %d; o++)\n        probs[o] /= total;\n"
        "    return best;\n}\n",
        (int)C, src, src, (int)C, fl->exp_fn, src, src, (int)C);
    if (t.failed) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export source: out of memory for "
                       "a model of %d features", (int)F);
    }
    *out = t.buf;
    return BC_OK;
}
