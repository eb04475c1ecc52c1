/*
 * kind_trees.c - the tree-ensemble kind (BC_MODEL_TREES) behind model/kind.h's
 * seam: its single-row and batch forward, validation, payload and export
 * view. The ensemble's storage and margins are trees.c's (bc_trees_margin,
 * trees.h's rule); this file turns margins into probabilities once.
 */
#include "model/kind.h"

#include "core/internal.h"
#include "export/export_ir.h"
#include "model/bcm_sections.h"
#include "model/trees.h"

#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

void bc_trees_probs(const bc_trees *t, const float *x, float *margin, double *probs)
{
    bc_trees_margin(t, x, margin);
    for (int32_t c = 0; c < t->n_classes; c++)
        probs[c] = (double)margin[c];
    bc_softmax_double(probs, t->n_classes);
}

/* The row as float (what XGBoost saw in training), margins by trees.h's
 * rule, softmax in double. scratch holds F + C floats (2 * max_width
 * doubles always do). */
static void trees_forward_row(const bc_model *m, const double *x, double *probs, double *scratch,
                              int32_t allow_avx)
{
    (void)allow_avx;
    float *xf = (float *)(void *)scratch;
    for (int32_t j = 0; j < m->n_features; j++)
        xf[j] = (float)x[j];
    bc_trees_probs(m->trees, xf, xf + m->n_features, probs);
}

static void trees_forward_row_f32(const bc_model *m, const float *x, double *probs,
                                  double *scratch)
{
    bc_trees_probs(m->trees, x, (float *)(void *)scratch, probs);
}

/* Trees read raw rows: the trainer hands them over unnormalized. */
static int32_t trees_forward_batch(const bc_model *m, bc_backend *backend, const float *xn,
                                   int64_t n, float *probs)
{
    (void)backend;
    float *margin = malloc(sizeof(float) * (size_t)m->n_classes);
    double *p = malloc(sizeof(double) * (size_t)m->n_classes);
    if (!margin || !p) {
        free(margin);
        free(p);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model forward: out of memory");
    }
    for (int64_t r = 0; r < n; r++) {
        bc_trees_probs(m->trees, xn + r * m->n_features, margin, p);
        for (int32_t c = 0; c < m->n_classes; c++)
            probs[r * m->n_classes + c] = (float)p[c];
    }
    free(margin);
    free(p);
    return BC_OK;
}

int32_t bc_model_set_trees(bc_model *m, struct bc_trees *trees)
{
    if (!m || !trees) {
        bc_trees_free(trees);
        return bc_fail_null("bc_model_set_trees", "m", (const void *)m, "trees",
                            (const void *)trees, (const char *)NULL);
    }
    if (m->kind != BC_MODEL_TREES || trees->n_classes != m->n_classes) {
        int32_t rc = bc_fail(BC_E_INVALID_ARGUMENT,
                             "bc_model_set_trees: a %s model with %d classes cannot take trees "
                             "for %d classes", bc_model_kind_name(m->kind), (int)m->n_classes,
                             (int)trees->n_classes);
        bc_trees_free(trees);
        return rc;
    }
    int32_t rc = bc_trees_validate(trees, m->n_features);
    if (rc != BC_OK) {
        bc_trees_free(trees);
        return rc;
    }
    bc_trees_free(m->trees);
    m->trees = trees;
    return BC_OK;
}

static int32_t trees_validate(const bc_model *m)
{
    if (m->n_layers != 0 || !m->trees || m->trees->n_classes != m->n_classes)
        return bc_fail(BC_E_CORRUPT, "trees model with %d layers and %s", (int)m->n_layers,
                       m->trees ? "trees for another class count" : "no trees");
    return bc_trees_validate(m->trees, m->n_features);
}

static int32_t trees_clone(const bc_model *src, bc_model *dst)
{
    return src->trees ? bc_trees_clone(src->trees, &dst->trees) : BC_OK;
}

static void trees_free(bc_model *m)
{
    bc_trees_free(m->trees);
    m->trees = NULL;
}

static int32_t trees_export_ir(const bc_model *m, bc_export_ir *ir)
{
    ir->n_layers = 0;
    ir->trees = m->trees;
    return BC_OK;
}

/* Raw inputs as float, float margins: the logits are the margins. */
static void trees_ir_logits(const bc_export_ir *ir, const double *x, double *scratch,
                            int32_t width, double **logits)
{
    double *h = scratch;
    float *xf = (float *)(void *)(scratch + width), *margin = xf + ir->n_features;
    for (int32_t j = 0; j < ir->n_features; j++)
        xf[j] = (float)x[j];
    bc_trees_margin(ir->trees, xf, margin);
    for (int32_t c = 0; c < ir->n_classes; c++)
        h[c] = (double)margin[c];
    *logits = h;
}

/* The trees kind: counts, then every node array, each checked for its
 * shape; the ensemble's invariants are bc_model_set_trees's. */
static int32_t trees_load_sections(const bc_bcm_reader *rr, int64_t F, int64_t C,
                                   int64_t n_layers, int32_t kind, bc_model **out)
{
    if (F < 1 || F > (1 << 24) || C < 2 || C > 65536 || n_layers != 0)
        return bc_fail(BC_E_CORRUPT, "%s: %lld features, %lld classes, %lld layers is not a "
                       "trees model", bc_bcm_reader_name(rr), (long long)F, (long long)C, (long long)n_layers);
    (void)kind;
    const uint8_t *p;
    uint64_t sz;
    uint64_t two[1] = {2};
    int32_t rc = bc_bcm_find(rr, "trees.i32", BC_BCM_I32, 1, two, &p, &sz);
    if (rc != BC_OK)
        return bc_bcm_require(rr, "trees.i32", rc);
    int32_t counts[2];
    memcpy(counts, p, sizeof counts);
    int64_t T = counts[0], N = counts[1];
    /* Nothing allocated that the payload could not fill. */
    if (T < 1 || N < T || (uint64_t)N * 17 + (uint64_t)T * 8 > bc_bcm_reader_size(rr))
        return bc_fail(BC_E_CORRUPT, "%s: %lld trees with %lld nodes do not fit the payload",
                       bc_bcm_reader_name(rr), (long long)T, (long long)N);
    bc_trees *t = NULL;
    rc = bc_trees_alloc((int32_t)C, (int32_t)T, (int32_t)N, &t);
    if (rc != BC_OK)
        return bc_fail_context(rc == BC_E_OUT_OF_MEMORY ? rc : BC_E_CORRUPT, "%s: ", bc_bcm_reader_name(rr));
    struct { const char *name; uint32_t dtype; uint64_t n; void *dst; } arrays[] = {
        {"trees.base_score", BC_BCM_F32, (uint64_t)C, t->base_score},
        {"trees.start", BC_BCM_I32, (uint64_t)T + 1, t->tree_start},
        {"trees.class", BC_BCM_I32, (uint64_t)T, t->tree_class},
        {"trees.feature", BC_BCM_I32, (uint64_t)N, t->feature},
        {"trees.value", BC_BCM_F32, (uint64_t)N, t->value},
        {"trees.left", BC_BCM_I32, (uint64_t)N, t->left},
        {"trees.right", BC_BCM_I32, (uint64_t)N, t->right},
        {"trees.default_left", BC_BCM_U8, (uint64_t)N, t->default_left},
    };
    for (size_t i = 0; rc == BC_OK && i < sizeof arrays / sizeof *arrays; i++) {
        uint64_t want[1] = {arrays[i].n};
        rc = bc_bcm_require(rr, arrays[i].name,
                              bc_bcm_find(rr, arrays[i].name, arrays[i].dtype, 1, want, &p, &sz));
        if (rc == BC_OK)
            memcpy(arrays[i].dst, p, sz);
    }
    bc_model *m = NULL;
    if (rc == BC_OK)
        rc = bc_model_create(BC_MODEL_TREES, (int32_t)F, (int32_t)C, NULL, 0, 0, &m);
    if (rc == BC_OK) {
        rc = bc_model_set_trees(m, t);
        t = NULL;
        if (rc != BC_OK)
            rc = bc_fail_context(rc == BC_E_OUT_OF_MEMORY ? rc : BC_E_CORRUPT, "%s: ", bc_bcm_reader_name(rr));
    }
    bc_trees_free(t);
    if (rc != BC_OK) {
        bc_model_free(m);
        return rc;
    }
    *out = m;
    return BC_OK;
}

/* "trees.i32" (tree and node counts), then the ensemble's arrays. */
static void trees_save_sections(const bc_model *m, bc_bcm_writer *w)
{
    const bc_trees *t = m->trees;
    int32_t *counts = bc_bcm_ints(w, 2);
    counts[0] = t->n_trees;
    counts[1] = t->n_nodes;
    uint64_t T = (uint64_t)t->n_trees, N = (uint64_t)t->n_nodes;
    bc_bcm_add(w, "trees.i32", BC_BCM_I32, 1, 2, 0, counts);
    bc_bcm_add(w, "trees.base_score", BC_BCM_F32, 1, (uint64_t)m->n_classes, 0, t->base_score);
    bc_bcm_add(w, "trees.start", BC_BCM_I32, 1, T + 1, 0, t->tree_start);
    bc_bcm_add(w, "trees.class", BC_BCM_I32, 1, T, 0, t->tree_class);
    bc_bcm_add(w, "trees.feature", BC_BCM_I32, 1, N, 0, t->feature);
    bc_bcm_add(w, "trees.value", BC_BCM_F32, 1, N, 0, t->value);
    bc_bcm_add(w, "trees.left", BC_BCM_I32, 1, N, 0, t->left);
    bc_bcm_add(w, "trees.right", BC_BCM_I32, 1, N, 0, t->right);
    bc_bcm_add(w, "trees.default_left", BC_BCM_U8, 1, N, 0, t->default_left);
}

#ifdef BC_HAVE_JANSSON
static int32_t trees_json_body(const bc_model *m, json_t *root)
{
    int32_t C = m->n_classes;
    /* Per tree: its class and the node arrays (children -1 at leaves,
     * "value" the threshold of a split or the value of a leaf). */
    const bc_trees *t = m->trees;
    json_t *trees = json_array();
    for (int32_t k = 0; k < t->n_trees; k++) {
        int32_t lo = t->tree_start[k], n = t->tree_start[k + 1] - lo;
        json_t *feat = json_array(), *left = json_array(), *right = json_array();
        json_t *dl = json_array();
        for (int32_t i = lo; i < lo + n; i++) {
            json_array_append_new(feat, json_integer(t->feature[i]));
            json_array_append_new(left, json_integer(t->left[i] < 0 ? -1 : t->left[i] - lo));
            json_array_append_new(right,
                                  json_integer(t->right[i] < 0 ? -1 : t->right[i] - lo));
            json_array_append_new(dl, json_boolean(t->default_left[i]));
        }
        json_array_append_new(trees, json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "class",
                                               (int)t->tree_class[k], "feature", feat, "value",
                                               bc_model_json_floats(t->value + lo, n), "left",
                                               left, "right", right, "default_left", dl));
    }
    json_object_set_new(root, "base_score", bc_model_json_floats(t->base_score, C));
    json_object_set_new(root, "trees", trees);
    json_object_set_new(root, "tree_rule", json_string(
        "x as float32; non-finite -> default branch; x < value -> left; margin[c] = "
        "base_score[c] + sum of leaf values of class-c trees in order (float32); "
        "softmax"));
    return BC_OK;
}
#endif

const bc_model_kind_ops bc_model_kind_trees = {
    .kind = BC_MODEL_TREES,
    .name = "trees",
    .has_layers = 0,
    .validate = trees_validate,
    .clone = trees_clone,
    .free_payload = trees_free,
    .forward_row = trees_forward_row,
    .forward_row_f32 = trees_forward_row_f32,
    .forward_row_fast = trees_forward_row,
    .forward_batch = trees_forward_batch,
    .save_sections = trees_save_sections,
    .load_sections = trees_load_sections,
    .json_body = BC_KIND_JSON(trees_json_body),
    .export_ir = trees_export_ir,
    .ir_logits = trees_ir_logits,
};
