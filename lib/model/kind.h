/*
 * kind.h - the model-kind seam: what every model kind (dense softmax
 * stack, tree ensemble, recurrent policy) provides to the rest of the
 * library, one const table of functions per kind, one file per kind:
 *
 *   kind_dense.c   BC_MODEL_LOGISTIC and BC_MODEL_MLP (one forward: the
 *                  logistic model is the one-layer stack)
 *   kind_trees.c   BC_MODEL_TREES (the ensemble's arithmetic is trees.c's)
 *   kind_policy.c  BC_MODEL_POLICY (lib/rl's GRU actor-critic; stepped
 *                  with a state by bc_policy_*, never row by row)
 *
 * model.c (bc_model_forward_row*, bc_model_predict_row, the batch forward,
 * clone, free, validate), the .bcm file, the exporters' IR
 * (bc_export_ir_from_model, bc_export_ir_forward) and online updates
 * (lib/train/online.c) reach a kind's arithmetic only through this table
 * and the helpers below; no other file holds a forward pass. Internal.
 */
#ifndef BC_MODEL_KIND_H
#define BC_MODEL_KIND_H

#include "model/model.h"

#include <math.h>
#include <stdint.h>

struct bc_export_ir;
struct json_t;
struct bc_bcm_writer;
struct bc_bcm_reader;
struct bc_trees;

typedef struct bc_model_kind_ops {
    int32_t kind;     /* enum bc_model_kind */
    const char *name; /* "logistic", "mlp", "trees", "policy" */
    int32_t has_layers; /* 1: bc_model_create allocates the dense layers */

    /* The kind's own invariants (layers, ensemble or network against the
     * model's shape); BC_E_CORRUPT naming the first violation. model.c's
     * bc_model_validate checks the shared fields. */
    int32_t (*validate)(const bc_model *m);
    /* Copies src's kind payload (ensemble, network; dense layers are
     * allocated by bc_model_create and copied here) into dst, a model
     * bc_model_create made with src's kind and shape. */
    int32_t (*clone)(const bc_model *src, bc_model *dst);
    /* Frees the kind's payload (not the model). */
    void (*free_payload)(bc_model *m);

    /* Why the kind has no row-by-row forward (bc_model_rows_supported's
     * message); NULL for the kinds that have one. */
    const char *no_rows;

    /* Row-by-row evaluation; all NULL for a kind that is not evaluated row
     * by row (bc_model_rows_supported refuses it first). Raw softmax
     * probabilities probs[C], no calibration, scratch holds
     * bc_model_scratch_doubles(m) doubles, no allocation, thread-safe on a
     * shared model. */
    /* The reference single row (double where the kind has a choice). */
    void (*forward_row)(const bc_model *m, const double *x, double *probs, double *scratch,
                        int32_t allow_avx);
    /* The same from a row of floats. */
    void (*forward_row_f32)(const bc_model *m, const float *x, double *probs, double *scratch);
    /* The decision-time single row (the predictor's, equal to the ONNX
     * export's arithmetic). */
    void (*forward_row_fast)(const bc_model *m, const double *x, double *probs, double *scratch,
                             int32_t allow_avx);
    /* n rows at once (training): rows as the trainer holds them (dense:
     * normalized; trees: raw), probs[n x C] float. */
    int32_t (*forward_batch)(const bc_model *m, bc_backend *backend, const float *xn, int64_t n,
                             float *probs);

    /* The .bcm file (bcm_file.c writes the shared sections): adds the
     * kind's own tensors to the writer / creates the model of F inputs, C
     * classes and n_layers layers (the header's counts) from them,
     * checking every shape and bounding every allocation by the payload
     * (BC_E_CORRUPT naming the section). NULL for a kind with an image of
     * its own (save_image). */
    void (*save_sections)(const bc_model *m, struct bc_bcm_writer *w);
    int32_t (*load_sections)(const struct bc_bcm_reader *r, int64_t F, int64_t C,
                             int64_t n_layers, int32_t kind, bc_model **out);
    /* A kind stored in a file format of its own instead of the .bcm
     * sections (the policy: its policy file image); NULL for the others. */
    int32_t (*save_image)(const bc_model *m, uint8_t **image, uint64_t *size);
    /* 1 when data starts like the kind's own image; then load_image reads
     * it (name for messages). */
    int (*image_magic)(const uint8_t *data, uint64_t size);
    int32_t (*load_image)(const char *name, const uint8_t *data, uint64_t size, bc_model **out);

    /* model.json (bc_model_write_json, model_json.c): adds the kind's
     * parameters to root (BC_E_OUT_OF_MEMORY); and the kind's extra keys of
     * the metadata summary (bc_model_info_json; NULL: none). Only in
     * builds with jansson (BC_KIND_JSON); NULL without. */
    int32_t (*json_body)(const bc_model *m, struct json_t *root);
    void (*json_info)(const bc_model *m, struct json_t *root);

    /* Fills the kind's part of the exporters' IR (layers or ensemble)
     * as a view of m; NULL-safe callers check for a NULL hook: the kind has
     * no classifier IR (bc_export_ir_from_model says why). */
    int32_t (*export_ir)(const bc_model *m, struct bc_export_ir *ir);
    /* The reference forward of an IR of this kind on one raw row, before
     * the softmax: logits[C] into scratch-backed memory (the exporters'
     * oracle, bc_export_ir_forward). width is the IR's widest vector
     * (bc_export_ir_max_width), scratch holds 2 x width doubles; logits
     * points into it. */
    void (*ir_logits)(const struct bc_export_ir *ir, const double *x, double *scratch,
                      int32_t width, double **logits);
} bc_model_kind_ops;

/* The table of kind k, or NULL when k is not a kind. */
const bc_model_kind_ops *bc_model_kind_ops_of(int32_t kind);

/* The kinds' tables (one per file). */
extern const bc_model_kind_ops bc_model_kind_logistic;
extern const bc_model_kind_ops bc_model_kind_mlp;
extern const bc_model_kind_ops bc_model_kind_trees;
extern const bc_model_kind_ops bc_model_kind_policy;

/* A json hook where the build has jansson, NULL where it has not (the DLL). */
#ifdef BC_HAVE_JANSSON
#define BC_KIND_JSON(fn) (fn)
/* JSON arrays of numbers for the kinds' json_body (model_json.c): floats as
 * reals; doubles with NaN as null. NULL on allocation failure. */
struct json_t *bc_model_json_floats(const float *v, int32_t n);
struct json_t *bc_model_json_doubles(const double *v, int32_t n);
#else
#define BC_KIND_JSON(fn) NULL
#endif

/* ---- arithmetic shared by the kinds and the reference paths ------------ */

/* One feature's normalization (model.h's rule): (x - center) / scale,
 * NaN/inf -> 0 (missing = center), then clipped to [lo, hi]. */
static inline double bc_norm_value(double center, double scale, double lo, double hi, double x)
{
    double z = (x - center) / scale;
    if (!isfinite(z))
        return 0.0;
    if (z < lo)
        z = lo;
    if (z > hi)
        z = hi;
    return z;
}

/* In-place softmax in double: max-shifted exp, summed in order, divided.
 * Inline: it ends every single-row forward. */
static inline void bc_softmax_double(double *v, int32_t n)
{
    double mx = v[0];
    for (int32_t i = 1; i < n; i++)
        if (v[i] > mx)
            mx = v[i];
    double s = 0.0;
    for (int32_t i = 0; i < n; i++) {
        v[i] = exp(v[i] - mx);
        s += v[i];
    }
    for (int32_t i = 0; i < n; i++)
        v[i] /= s;
}

/* One dense layer in double, the reference order: out[o] = act(bias[o] +
 * sum_i w[o,i] * in[i]) summed in increasing i from the bias. The
 * exporters' oracle and online updates' forward (which keeps every
 * layer's output for the backward pass). */
void bc_dense_layer_ref(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                        int32_t activation, const double *in, double *out);

/* The ensemble's probabilities for one row of floats: margins by
 * trees.h's rule into margin[C] (float scratch), softmax in double. */
void bc_trees_probs(const struct bc_trees *t, const float *x, float *margin, double *probs);

#endif /* BC_MODEL_KIND_H */
