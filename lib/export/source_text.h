/*
 * source_text.h - what the source generators share: the language flavours
 * (MQL5 and C99 differ only in the tokens listed here) and a growing text
 * buffer. Internal to lib/export.
 */
#ifndef BC_EXPORT_SOURCE_TEXT_H
#define BC_EXPORT_SOURCE_TEXT_H

#include "core/internal.h"

#include <stddef.h>
#include <stdint.h>

typedef struct source_flavour {
    const char *language;
    const char *prelude;        /* after the banner comment */
    const char *const_storage;  /* before "double NAME[N] = {...};" */
    const char *global_storage; /* before mutable globals (feature state) */
    const char *in_array;       /* printf: parameter name */
    const char *out_array;
    const char *int64_type;
    const char *exp_fn, *tanh_fn, *log_fn, *sqrt_fn, *fabs_fn;
    const char *atan_fn;        /* mama's phase and period (MathArctan / atan) */
    /* sin/cos only for the ht kinds' cycle phase and sine (MathSin / sin):
     * the time encodings are the library's tables printed as constants
     * (MetaTrader's MathSin/MathCos and msvcrt's are not glibc's, and a tree
     * split can lie between them); htsine's values depend on the data, so
     * there the generated MQL5 is as exact as MetaTrader's sin, like atan. */
    const char *sin_fn, *cos_fn;
    const char *nonfinite_fmt;  /* printf: the value; true for NaN and +-inf */
    const char *finite_fmt;     /* printf: the value; true for a finite one */
    const char *isnan_fn;       /* NaN test for values known not to be +-inf */
    const char *nan_expr;       /* an expression whose value is NaN */
    const char *unused_fmt;     /* printf: a parameter that may go unused */
} source_flavour;

extern const source_flavour bc_source_mql5, bc_source_c;

typedef struct source_text {
    char *buf;
    size_t len, cap;
    int failed; /* out of memory: the text is incomplete, report and free */
    const char *prefix; /* of the generated identifiers */
} source_text;

void bc_source_put(source_text *t, const char *fmt, ...) BC_PRINTF(2, 3);

/* Appends s (names, the spec) for use inside a comment: printable ASCII,
 * unable to close the comment. NULL appends nothing. */
void bc_source_put_comment(source_text *t, const char *s);

/* Appends a template with @NAME@ placeholders replaced by lookup(name, user)
 * (NULL for an unknown name sets failed: a bug in a template). */
void bc_source_template(source_text *t, const char *tmpl,
                        const char *(*lookup)(const char *name, void *user),
                        void *user);

/* The feature section of a generated predictor for spec: state globals,
 * <prefix>_features_reset() and <prefix>_features_update(...) computing the
 * spec's columns bar by bar exactly as bc_features_update does. *n_columns
 * receives the column count; *book is 1 when the spec reads the order book
 * (then _features_update takes the bar's bid and ask volumes after volume). When a kind has no template yet (or the spec
 * does not parse) nothing is appended, *missing (capacity cap) names it and
 * the result is BC_E_UNSUPPORTED; other failures as usual. */
int32_t bc_source_features(source_text *t, const source_flavour *fl,
                           const char *prefix, const char *spec,
                           int32_t *n_columns, int32_t *book, char *missing,
                           size_t cap);

/* A constant double array <prefix>_<name>[n] of the float (f) or double
 * (d) values, printed with %.17g: the literals parse back to the very
 * doubles (floats widen exactly), in C and in MQL5. */
void bc_source_double_array(source_text *t, const source_flavour *fl, const char *prefix,
                            const char *name, int64_t n, const float *f, const double *d);

/* A constant array of float (f), int (ints) or byte (bytes) values named
 * <prefix>_<name>; floats print with 9 significant digits, which parse back
 * to the same float. */
void bc_source_typed_array(source_text *t, const source_flavour *fl, const char *prefix,
                           const char *name, int64_t n, const float *f, const int32_t *ints,
                           const uint8_t *bytes);

struct bc_export_ir;

/* The body of a trees model's forward pass up to the softmax: declares its
 * own locals, reads x[], needs i, o and h[C] declared, leaves the margins
 * in h[0..C). */
void bc_source_trees_body(source_text *t, const source_flavour *fl, const struct bc_export_ir *ir);

/* <prefix>_forward(x, probs): the model's raw class probabilities (softmax,
 * no calibration) computed the way bc_predictor computes them: the row
 * normalized in double and rounded to float, float layers whose dot
 * products sum in eight lanes (i mod 8) reduced in a fixed order, float
 * activations, softmax in double (lib/model/model.c's float path); trees as
 * trees.h. The weights are emitted as float tables. */
void bc_source_forward(source_text *t, const source_flavour *fl, const struct bc_export_ir *ir);

/* The predictor's state and rule after the feature section (which must
 * compute the decision's market columns, then its ATR column when the model
 * has position state): <prefix>_reset, _update (one call per closed bar,
 * returns the decision), _observe, _set_position, _set_auto_position,
 * _set_threshold. book: the feature section takes the bar's book volumes.
 * onnx_run: the decision comes from the decision ONNX graph through
 * OnnxRun (MQL5 only; no _forward needed). */
void bc_source_decision(source_text *t, const source_flavour *fl, const struct bc_export_ir *ir,
                        int32_t book, int32_t onnx_run);

#endif
