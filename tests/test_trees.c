/* test_trees.c - the tree-ensemble model kind: the split rule on a
 * hand-built ensemble (float compare, missing values, margins), invariants
 * refused, the .bcm/JSON round trip, the generated C source compiled and
 * run, and fits through XGBoost checked against XGBoost trained
 * independently here with the same settings (its own C API, dlopen'ed). */
#include "test_util.h"
#include "c_driver.h"

#include "core/internal.h"
#include "export/export_ir.h"
#include "model/model.h"
#include "model/trees.h"
#include "train/train.h"

#include <dlfcn.h>
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two classes; tree 0 (class 1): f0 < 0.5 ? (f1 < -1 ? 1.0 : 2.0) : 3.0,
 * missing f0 goes right, missing f1 goes left; tree 1 (class 0): one leaf
 * -0.25; tree 2 (class 1): f2 < 10 ? 0.125 : -0.125, missing left. */
static bc_trees *hand_trees(void)
{
    bc_trees *t = NULL;
    ck_assert_ok(bc_trees_alloc(2, 3, 9, &t));
    t->base_score[0] = 0.5f;
    t->base_score[1] = 0.5f;
    int32_t start[4] = {0, 5, 6, 9}, cls[3] = {1, 0, 1};
    memcpy(t->tree_start, start, sizeof start);
    memcpy(t->tree_class, cls, sizeof cls);
    /* tree 0: node 0 split f0, 1 split f1, 2 leaf 3.0, 3 leaf 1.0, 4 leaf 2.0 */
    t->feature[0] = 0, t->value[0] = 0.5f, t->left[0] = 1, t->right[0] = 2, t->default_left[0] = 0;
    t->feature[1] = 1, t->value[1] = -1.0f, t->left[1] = 3, t->right[1] = 4, t->default_left[1] = 1;
    t->value[2] = 3.0f, t->value[3] = 1.0f, t->value[4] = 2.0f;
    t->value[5] = -0.25f;
    t->feature[6] = 2, t->value[6] = 10.0f, t->left[6] = 7, t->right[6] = 8, t->default_left[6] = 1;
    t->value[7] = 0.125f, t->value[8] = -0.125f;
    return t;
}

static bc_model *hand_model(void)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_TREES, 3, 2, NULL, 0, 0, &m));
    ck_assert_ok(bc_model_set_trees(m, hand_trees()));
    return m;
}

static float margin1(const bc_trees *t, double f0, double f1, double f2)
{
    float x[3] = {(float)f0, (float)f1, (float)f2}, m[2];
    bc_trees_margin(t, x, m);
    ck_assert(m[0] == 0.25f); /* 0.5 + -0.25 */
    return m[1];
}

START_TEST(splits_compare_in_float_and_missing_values_take_the_default_branch)
{
    bc_trees *t = hand_trees();
    ck_assert_ok(bc_trees_validate(t, 3));
    ck_assert_int_eq(t->max_depth, 2);
    ck_assert(margin1(t, 0.0, -2.0, 0.0) == 0.5f + 1.0f + 0.125f);
    ck_assert(margin1(t, 0.0, 0.0, 11.0) == 0.5f + 2.0f - 0.125f);
    ck_assert(margin1(t, 0.5, 0.0, 0.0) == 0.5f + 3.0f + 0.125f);  /* equal goes right */
    /* A double just below 0.5 that rounds to 0.5 in float goes right too:
     * the comparison is XGBoost's, in float. */
    ck_assert(margin1(t, 0.5 - 1e-12, 0.0, 0.0) == 0.5f + 3.0f + 0.125f);
    ck_assert(margin1(t, NAN, -5.0, NAN) == 0.5f + 3.0f + 0.125f); /* f0 right, f2 left */
    ck_assert(margin1(t, 0.0, NAN, INFINITY) == 0.5f + 1.0f + 0.125f); /* f1 left, inf = missing */
    ck_assert(margin1(t, -INFINITY, 0.0, 0.0) == 0.5f + 3.0f + 0.125f);
    /* The packed evaluation layout validate builds and the node arrays
     * give the same margins, bit for bit, on a grid with missing values. */
    ck_assert_ptr_nonnull(t->packed);
    const float grid[] = {-2.0f, -1.0f, 0.0f, 0.5f, 1.0f, 10.0f, 11.0f, NAN, INFINITY};
    const int32_t G = (int32_t)(sizeof grid / sizeof *grid);
    bc_tree_node *packed = t->packed;
    for (int32_t a = 0; a < G * G * G; a++) {
        float x[3] = {grid[a % G], grid[(a / G) % G], grid[a / (G * G)]}, mp[2], ma[2];
        t->packed = packed;
        bc_trees_margin(t, x, mp);
        t->packed = NULL;
        bc_trees_margin(t, x, ma);
        ck_assert(memcmp(mp, ma, sizeof mp) == 0);
    }
    t->packed = packed;
    bc_trees_free(t);

    /* The model layer's probabilities are the softmax of those margins. */
    bc_model *m = hand_model();
    double x[3] = {0.0, -2.0, 0.0}, probs[2];
    ck_assert_ok(bc_model_predict(m, x, 1, 3, probs, 2));
    double z1 = (double)(0.5f + 1.0f + 0.125f), z0 = 0.25;
    ck_assert_double_eq_tol(probs[1], 1.0 / (1.0 + exp(z0 - z1)), 1e-15);
    bc_model_free(m);
}
END_TEST

/* A random ensemble of n_rounds x C trees (tree k adds to class k % C
 * unless shuffled): single leaves, stumps and trees up to depth 5, node
 * arrays in preorder, thresholds and leaf values from small sets so that
 * ties and equal sums occur. */
static uint64_t rand_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static int32_t grow(uint64_t *s, int32_t depth, int32_t *feature, float *value, int32_t *left,
                    int32_t *right, uint8_t *dl, int32_t at, int32_t F)
{
    int32_t i = at++;
    feature[i] = left[i] = right[i] = -1;
    dl[i] = 0;
    if (depth == 0 || rand_next(s) % 3 == 0) {
        value[i] = (float)((int)(rand_next(s) % 41) - 20) * 0.0625f;
        return at;
    }
    feature[i] = (int32_t)(rand_next(s) % (uint64_t)F);
    value[i] = (float)((int)(rand_next(s) % 9) - 4) * 0.5f;
    dl[i] = (uint8_t)(rand_next(s) & 1);
    left[i] = at;
    at = grow(s, depth - 1, feature, value, left, right, dl, at, F);
    right[i] = at;
    return grow(s, depth - 1, feature, value, left, right, dl, at, F);
}

static bc_trees *random_trees(uint64_t seed, int32_t C, int32_t rounds, int32_t F, int shuffled)
{
    int32_t T = rounds * C, cap = T * 63, n = 0;
    int32_t *feature = malloc(sizeof(int32_t) * (size_t)cap), *left = malloc(sizeof(int32_t) * (size_t)cap);
    int32_t *right = malloc(sizeof(int32_t) * (size_t)cap), *start = malloc(sizeof(int32_t) * (size_t)(T + 1));
    float *value = malloc(sizeof(float) * (size_t)cap);
    uint8_t *dl = malloc((size_t)cap);
    uint64_t s = seed;
    for (int32_t k = 0; k < T; k++) {
        start[k] = n;
        /* a third single leaves, a third stumps, the rest deeper */
        int32_t kind = (int32_t)(rand_next(&s) % 3);
        int32_t depth = kind == 0 ? 0 : kind == 1 ? 1 : 2 + (int32_t)(rand_next(&s) % 4);
        n = grow(&s, depth, feature, value, left, right, dl, n, F);
        if (kind == 1 && feature[start[k]] < 0) { /* make it a stump after all */
            n = start[k];
            feature[n] = (int32_t)(rand_next(&s) % (uint64_t)F);
            value[n] = 0.5f;
            dl[n] = (uint8_t)(rand_next(&s) & 1);
            left[n] = n + 1, right[n] = n + 2;
            feature[n + 1] = feature[n + 2] = -1;
            left[n + 1] = right[n + 1] = left[n + 2] = right[n + 2] = -1;
            dl[n + 1] = dl[n + 2] = 0;
            value[n + 1] = 0.25f, value[n + 2] = -0.75f;
            n += 3;
        }
    }
    start[T] = n;
    bc_trees *t = NULL;
    ck_assert_ok(bc_trees_alloc(C, T, n, &t));
    memcpy(t->tree_start, start, sizeof(int32_t) * (size_t)(T + 1));
    memcpy(t->feature, feature, sizeof(int32_t) * (size_t)n);
    memcpy(t->value, value, sizeof(float) * (size_t)n);
    memcpy(t->left, left, sizeof(int32_t) * (size_t)n);
    memcpy(t->right, right, sizeof(int32_t) * (size_t)n);
    memcpy(t->default_left, dl, (size_t)n);
    for (int32_t c = 0; c < C; c++)
        t->base_score[c] = 0.5f + 0.125f * (float)c;
    for (int32_t k = 0; k < T; k++)
        t->tree_class[k] = shuffled ? (k + k / C) % C : k % C;
    free(feature), free(left), free(right), free(start), free(value), free(dl);
    ck_assert_ok(bc_trees_validate(t, F));
    return t;
}

/* The three ways to the margins - the two-pass plan (round-major trees),
 * the packed walk tree by tree and the node arrays - agree bit for bit on
 * random ensembles (one block and many, 2 to 5 and 20 classes) and rows
 * with ties, NaN and infinities; an ensemble that is not round-major has
 * no plan and still agrees. */
START_TEST(the_evaluation_plan_the_packed_walk_and_the_arrays_agree_bit_for_bit)
{
    static const struct {
        int32_t C, rounds, shuffled, has_plan;
    } cases[] = {{4, 300, 0, 1}, {2, 7, 0, 1}, {3, 50, 0, 1}, {5, 40, 0, 1}, {4, 1, 0, 1},
                 {20, 9, 0, 0}, {3, 30, 1, 0}};
    const float grid[] = {-2.5f, -2.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, NAN,
                          INFINITY, -INFINITY};
    const int32_t G = (int32_t)(sizeof grid / sizeof *grid), F = 6;
    uint64_t s = 99;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bc_trees *t = random_trees(1000 + i, cases[i].C, cases[i].rounds, F, cases[i].shuffled);
        ck_assert_msg((t->plan != NULL) == cases[i].has_plan, "case %zu: plan %p", i,
                      (void *)t->plan);
        struct bc_trees_plan *plan = t->plan;
        bc_tree_node *packed = t->packed;
        int32_t C = t->n_classes;
        for (int32_t r = 0; r < 400; r++) {
            float x[6], a[20], b[20], c[20];
            for (int32_t j = 0; j < F; j++)
                x[j] = grid[rand_next(&s) % (uint64_t)G];
            bc_trees_margin(t, x, a);
            t->plan = NULL;
            bc_trees_margin(t, x, b);
            t->packed = NULL;
            bc_trees_margin(t, x, c);
            t->plan = plan;
            t->packed = packed;
            ck_assert_msg(memcmp(a, b, sizeof(float) * (size_t)C) == 0 &&
                              memcmp(b, c, sizeof(float) * (size_t)C) == 0,
                          "case %zu row %d: %a %a %a", i, r, (double)a[0], (double)b[0],
                          (double)c[0]);
        }
        /* a copy carries its own plan */
        bc_trees *copy = NULL;
        ck_assert_ok(bc_trees_clone(t, &copy));
        ck_assert((copy->plan != NULL) == cases[i].has_plan && (!copy->plan || copy->plan != t->plan));
        float x[6] = {0.5f, NAN, -2.0f, 1.0f, INFINITY, 0.0f}, a[20], b[20];
        bc_trees_margin(t, x, a);
        bc_trees_margin(copy, x, b);
        ck_assert(memcmp(a, b, sizeof(float) * (size_t)C) == 0);
        bc_trees_free(copy);
        bc_trees_free(t);
    }
}
END_TEST

START_TEST(broken_ensembles_are_refused_naming_the_node)
{
    bc_trees *t = hand_trees();
    t->left[1] = 0; /* back to the root: a cycle */
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "node 1");
    bc_trees_free(t);
    t = hand_trees();
    t->feature[6] = 3; /* only 3 features */
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "node 6");
    bc_trees_free(t);
    t = hand_trees();
    t->left[2] = 3; /* a leaf with a child */
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "leaf 2");
    bc_trees_free(t);
    t = hand_trees();
    t->value[7] = NAN;
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "node 7");
    bc_trees_free(t);
    t = hand_trees();
    t->tree_class[2] = 2;
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "tree 2");
    bc_trees_free(t);
    t = hand_trees();
    t->tree_start[1] = 7; /* tree 0 would reach into tree 1's nodes */
    ck_assert_int_eq(bc_trees_validate(t, 3), BC_E_CORRUPT);
    bc_trees_free(t);
    t = hand_trees();
    /* node 2 splits into nodes 3 and 4, which node 1 already has: not a
     * tree (the packed layout would overrun it) */
    t->feature[2] = 0, t->left[2] = 3, t->right[2] = 4;
    ck_assert_status_msg(bc_trees_validate(t, 3), BC_E_CORRUPT, "tree 0 reaches a node twice");
    bc_trees_free(t);
    /* The model takes only trees of its own class count (and frees them). */
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_TREES, 3, 4, NULL, 0, 0, &m));
    ck_assert_status_msg(bc_model_set_trees(m, hand_trees()), BC_E_INVALID_ARGUMENT, "4 classes");
    ck_assert_status_msg(bc_model_validate(m), BC_E_CORRUPT, "no trees");
    bc_model_free(m);
    int32_t hidden[1] = {4};
    ck_assert_status_msg(bc_model_create(BC_MODEL_TREES, 3, 2, hidden, 1, BC_ACT_RELU, &m),
                         BC_E_INVALID_ARGUMENT, "trees");
}
END_TEST

START_TEST(model_file_and_json_round_trip_and_updates_are_refused)
{
    bc_model *m = hand_model();
    int64_t need = 0;
    bc_model_save_bytes(m, NULL, 0, &need);
    ck_assert_int_gt(need, 0);
    uint8_t *buf = malloc((size_t)need);
    ck_assert_ok(bc_model_save_bytes(m, buf, need, &need));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, need, &back));
    ck_assert_int_eq(back->kind, BC_MODEL_TREES);
    ck_assert_int_eq(back->trees->n_nodes, 9);
    const double rows[4][3] = {{0, -2, 0}, {NAN, 0, 11}, {0.49, NAN, INFINITY}, {1, 1, 1}};
    for (int r = 0; r < 4; r++) {
        double a[2], b[2];
        ck_assert_ok(bc_model_predict(m, rows[r], 1, 3, a, 2));
        ck_assert_ok(bc_model_predict(back, rows[r], 1, 3, b, 2));
        ck_assert(memcmp(a, b, sizeof a) == 0);
    }
    bc_model *copy = NULL;
    ck_assert_ok(bc_model_copy(back, &copy));
    ck_assert_int_eq(copy->trees->n_trees, 3);
    free(buf);
    int64_t len = 0;
    bc_model_json_text(m, NULL, 0, &len);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_json_text(m, text, len + 1, &len));
    ck_assert_ptr_nonnull(strstr(text, "\"model_type\": \"trees\""));
    ck_assert_ptr_nonnull(strstr(text, "\"default_left\""));
    free(text);
    double x[3] = {0, 0, 0};
    int32_t y = 1;
    ck_assert_status_msg(bc_model_update(copy, x, &y, NULL, 1, 3, 0.1, 0.0), BC_E_UNSUPPORTED,
                         "trees");
    bc_model_free(copy);
    bc_model_free(back);
    bc_model_free(m);
}
END_TEST

START_TEST(generated_c_source_predicts_as_the_library)
{
    bc_model *m = hand_model();
    bc_export_ir ir;
    ck_assert_ok(bc_export_ir_from_model(m, &ir));
    char *src = NULL;
    ck_assert_ok(bc_export_ir_source(&ir, BC_EXPORT_SOURCE_C, "clone", &src));
    char dir[] = "/tmp/bc_trees_c_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    double x[clone_N_FEATURES], p[clone_N_CLASSES];\n"
            "    for (;;) {\n        for (int j = 0; j < clone_N_FEATURES; j++)\n"
            "            if (scanf(\"%%la\", &x[j]) != 1)\n                return 0;\n"
            "        clone_predict(x, p);\n"
            "        for (int c = 0; c < clone_N_CLASSES; c++)\n"
            "            printf(\" %%a\", p[c]);\n        printf(\"\\n\");\n    }\n}\n", src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    /* A grid over every branch, NaN and infinities, and values that round
     * onto a threshold in float. */
    const double values[] = {-3, -1, -1.0000000001, 0, 0.4999999999, 0.5, 9.9999999999, 10, 20,
                             NAN, INFINITY, -INFINITY};
    const int nv = (int)(sizeof values / sizeof *values);
    f = c_driver_file(dir, "rows.txt", "w");
    for (int a = 0; a < nv; a++)
        for (int b = 0; b < nv; b++)
            for (int c = 0; c < nv; c++)
                fprintf(f, "%a %a %a\n", values[a], values[b], values[c]);
    ck_assert_int_eq(fclose(f), 0);
    f = c_driver_run(dir, "rows.txt", "probs.txt");
    for (int a = 0; a < nv; a++)
        for (int b = 0; b < nv; b++)
            for (int c = 0; c < nv; c++) {
                double x[3] = {values[a], values[b], values[c]}, want[2], ref[2], got, scratch[16];
                ck_assert_ok(bc_model_predict(m, x, 1, 3, want, 2));
                bc_export_ir_forward(&ir, x, ref, scratch);
                for (int k = 0; k < 2; k++) {
                    ck_assert_int_eq(fscanf(f, "%la", &got), 1);
                    ck_assert_msg(got == want[k] && ref[k] == want[k],
                                  "row %a %a %a class %d: C %a, IR %a, library %a", x[0], x[1],
                                  x[2], k, got, ref[k], want[k]);
                }
            }
    fclose(f);
    c_driver_remove(dir);
    bc_model_free(m);
}
END_TEST

/* ---- fits -------------------------------------------------------------- */

/* n rows of 4 features (some missing); class 1 when f0 < 0.3 AND f1 > 0.5,
 * class 2 when f2 > 1.2, else 0: an AND a linear model cannot draw. */
static void and_data(int32_t n, float *x, int32_t *y)
{
    float *u = malloc(sizeof(float) * (size_t)n * 5);
    ck_assert_ok(bc_random_uniform(11, 0, 0, (int64_t)n * 5, u));
    for (int32_t i = 0; i < n; i++) {
        for (int32_t j = 0; j < 4; j++)
            x[i * 4 + j] = 4.0f * u[i * 5 + j] - 2.0f;
        if (u[i * 5 + 4] < 0.05f)
            x[i * 4 + 3] = NAN;
        y[i] = x[i * 4 + 2] > 1.2f ? 2 : (x[i * 4] < 0.3f && x[i * 4 + 1] > 0.5f) ? 1 : 0;
    }
    free(u);
}

static double accuracy(const bc_model *m, const float *x, const int32_t *y, int32_t n)
{
    int32_t hits = 0;
    for (int32_t i = 0; i < n; i++) {
        double row[4], p[3];
        for (int j = 0; j < 4; j++)
            row[j] = x[i * 4 + j];
        ck_assert_ok(bc_model_predict(m, row, 1, 4, p, 3));
        int32_t best = p[1] > p[0] ? 1 : 0;
        best = p[2] > p[best] ? 2 : best;
        hits += best == y[i];
    }
    return (double)hits / n;
}

static int32_t fit(const char *kind, const char *const *opts, const float *x, const int32_t *y,
                   int32_t n, bc_model **m)
{
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create(kind, &t));
    for (int i = 0; opts && opts[i]; i += 2)
        ck_assert_ok(bc_trainer_set(t, opts[i], opts[i + 1]));
    int32_t rc = bc_trainer_fit(t, x, y, NULL, n, 4, 3, m);
    bc_trainer_free(t);
    return rc;
}

START_TEST(trees_learn_an_and_that_logistic_regression_cannot)
{
    enum { N = 3000 };
    float *x = malloc(sizeof(float) * N * 4);
    int32_t *y = malloc(sizeof(int32_t) * N);
    and_data(N, x, y);
    bc_model *trees = NULL, *again = NULL, *logistic = NULL;
    const char *opts[] = {"threads", "1", NULL};
    int32_t rc = fit("trees", opts, x, y, N, &trees);
#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
    ck_assert_ok(rc);
    ck_assert_ok(fit("trees", opts, x, y, N, &again));
    ck_assert_ok(fit("logistic", NULL, x, y, N, &logistic));
    double acc_trees = accuracy(trees, x, y, N), acc_logistic = accuracy(logistic, x, y, N);
    ck_assert_msg(acc_trees > 0.99, "trees accuracy %g", acc_trees);
    ck_assert_msg(acc_logistic < acc_trees - 0.03, "logistic %g vs trees %g", acc_logistic,
                  acc_trees);
    /* Same data, seed and threads: the same ensemble. */
    ck_assert_int_eq(trees->trees->n_nodes, again->trees->n_nodes);
    ck_assert(memcmp(trees->trees->value, again->trees->value,
                     sizeof(float) * (size_t)trees->trees->n_nodes) == 0);
    ck_assert_ptr_nonnull(strstr(trees->validation_metrics, "\"iterations\""));
    bc_model_free(trees);
    bc_model_free(again);
    bc_model_free(logistic);
#else
    ck_assert_status_msg(rc, BC_E_UNSUPPORTED, "libxgboost");
    (void)again;
    (void)logistic;
#endif
    free(x);
    free(y);
}
END_TEST

START_TEST(trees_options_are_checked_and_normalization_refused)
{
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("trees", &t));
    ck_assert_status_msg(bc_trainer_set(t, "max_depth", "0"), BC_E_INVALID_ARGUMENT, "max_depth");
    ck_assert_status_msg(bc_trainer_set(t, "eta", "1.5"), BC_E_INVALID_ARGUMENT, "eta");
    ck_assert_status_msg(bc_trainer_set(t, "rounds", "x"), BC_E_INVALID_ARGUMENT, "rounds");
    ck_assert_status_msg(bc_trainer_set(t, "max_bin", "1"), BC_E_INVALID_ARGUMENT, "max_bin");
    ck_assert_ok(bc_trainer_set(t, "normalize", "zscore"));
    float x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int32_t y[2] = {0, 1};
    bc_model *m = NULL;
    bc_trainer *t2 = NULL;
    ck_assert_ok(bc_trainer_create("trees", &t2));
    ck_assert_status_msg(bc_trainer_fit(t, x, y, NULL, 2, 4, 3, &m), BC_E_INVALID_ARGUMENT,
                         "raw values");
    ck_assert_ptr_null(m);
    bc_trainer_free(t);
    bc_trainer_free(t2);
}
END_TEST

#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
#include <xgboost/c_api.h>

/* XGBoost's C API, dlopen'ed as the trainer does: the independent
 * reference the fits are checked against. */
typedef struct xgb_api {
    void *lib;
    __typeof__(XGDMatrixCreateFromMat) *XGDMatrixCreateFromMat;
    __typeof__(XGDMatrixSetFloatInfo) *XGDMatrixSetFloatInfo;
    __typeof__(XGBoosterCreate) *XGBoosterCreate;
    __typeof__(XGBoosterSetParam) *XGBoosterSetParam;
    __typeof__(XGBoosterUpdateOneIter) *XGBoosterUpdateOneIter;
    __typeof__(XGBoosterPredictFromDMatrix) *XGBoosterPredictFromDMatrix;
    __typeof__(XGBoosterFree) *XGBoosterFree;
    __typeof__(XGDMatrixFree) *XGDMatrixFree;
} xgb_api;

static xgb_api xgb_open(void)
{
    xgb_api a;
    a.lib = dlopen("libxgboost.so.0", RTLD_NOW | RTLD_LOCAL);
    ck_assert_ptr_nonnull(a.lib);
#define SYM(name) a.name = (__typeof__(name) *)dlsym(a.lib, #name); \
    ck_assert_ptr_nonnull(a.name)
    SYM(XGDMatrixCreateFromMat);
    SYM(XGDMatrixSetFloatInfo);
    SYM(XGBoosterCreate);
    SYM(XGBoosterSetParam);
    SYM(XGBoosterUpdateOneIter);
    SYM(XGBoosterPredictFromDMatrix);
    SYM(XGBoosterFree);
    SYM(XGDMatrixFree);
#undef SYM
    return a;
}

/* n rows of 4 floats (NaN missing) with their labels. */
static DMatrixHandle xgb_matrix(const xgb_api *a, const float *x, int n, const float *label)
{
    DMatrixHandle d;
    ck_assert_int_eq(a->XGDMatrixCreateFromMat(x, (bst_ulong)n, 4, NAN, &d), 0);
    ck_assert_int_eq(a->XGDMatrixSetFloatInfo(d, "label", label, (bst_ulong)n), 0);
    return d;
}

/* A booster over the cache matrices with the settings the trees trainer
 * documents for 3 classes (multi:softprob, hist, eta 0.3, lambda 1,
 * min_child_weight 1, max_bin 256, one thread); max_depth and seed as
 * given. Not trained yet. */
static BoosterHandle xgb_booster(const xgb_api *a, DMatrixHandle *cache, int n_cache,
                                 const char *max_depth, const char *seed)
{
    BoosterHandle b;
    ck_assert_int_eq(a->XGBoosterCreate(cache, (bst_ulong)n_cache, &b), 0);
    const char *params[][2] = {{"objective", "multi:softprob"}, {"num_class", "3"},
                               {"tree_method", "hist"}, {"max_depth", max_depth}, {"eta", "0.3"},
                               {"lambda", "1"}, {"min_child_weight", "1"}, {"max_bin", "256"},
                               {"nthread", "1"}, {"seed", seed}, {"verbosity", "0"}};
    for (size_t i = 0; i < sizeof params / sizeof *params; i++)
        ck_assert_int_eq(a->XGBoosterSetParam(b, params[i][0], params[i][1]), 0);
    return b;
}

/* XGBoost itself, trained here on the same rows with the settings the
 * trainer documents: its margins through a softmax must be our model's
 * probabilities. */
START_TEST(fit_equals_xgboost_trained_independently_with_the_same_settings)
{
    enum { N = 2000 };
    float *x = malloc(sizeof(float) * N * 4), *label = malloc(sizeof(float) * N);
    int32_t *y = malloc(sizeof(int32_t) * N);
    and_data(N, x, y);
    for (int i = 0; i < N; i++)
        label[i] = (float)y[i];
    bc_model *m = NULL;
    const char *opts[] = {"threads", "1", "rounds", "12", "validation_fraction", "0", "seed", "7",
                          "max_depth", "4", "eta", "0.3", NULL};
    ck_assert_ok(fit("trees", opts, x, y, N, &m));
    xgb_api xgb = xgb_open();
    DMatrixHandle d = xgb_matrix(&xgb, x, N, label);
    BoosterHandle b = xgb_booster(&xgb, &d, 1, "4", "7");
    for (int it = 0; it < 12; it++)
        ck_assert_int_eq(xgb.XGBoosterUpdateOneIter(b, it, d), 0);
    const bst_ulong *shape;
    bst_ulong dim;
    const float *margin;
    ck_assert_int_eq(xgb.XGBoosterPredictFromDMatrix(
                         b, d, "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
                               "\"iteration_end\": 0, \"strict_shape\": true}",
                         &shape, &dim, &margin), 0);
    ck_assert_int_eq(m->trees->n_trees, 36);
    for (int i = 0; i < N; i++) {
        double row[4], p[3];
        for (int j = 0; j < 4; j++)
            row[j] = x[i * 4 + j];
        ck_assert_ok(bc_model_predict(m, row, 1, 4, p, 3));
        double top = fmax(fmax(margin[i * 3], margin[i * 3 + 1]), margin[i * 3 + 2]), sum = 0,
               e[3];
        for (int c = 0; c < 3; c++)
            sum += e[c] = exp((double)margin[i * 3 + c] - top);
        for (int c = 0; c < 3; c++)
            ck_assert_msg(fabs(p[c] - e[c] / sum) <= 1e-15, "row %d class %d: %.17g vs %.17g",
                          i, c, p[c], e[c] / sum);
    }
    xgb.XGBoosterFree(b);
    xgb.XGDMatrixFree(d);
    dlclose(xgb.lib);
    bc_model_free(m);
    free(x);
    free(y);
    free(label);
}
END_TEST

/* The trees fit hands the probabilities its check against XGBoost
 * computed to the trainer, which evaluates from them instead of running
 * the model again: the recorded metrics equal an evaluation of the fitted
 * model here, to the last bit (two threads: the same row shares). */
START_TEST(fit_metrics_from_the_checks_probabilities_equal_an_evaluation)
{
    enum { N = 2000 };
    float *x = malloc(sizeof(float) * N * 4);
    int32_t *y = malloc(sizeof(int32_t) * N);
    and_data(N, x, y);
    bc_model *m = NULL;
    const char *opts[] = {"threads", "2", "rounds", "6", "validation_fraction", "0.25",
                          "class_weight", "none", "max_depth", "4", NULL};
    ck_assert_ok(fit("trees", opts, x, y, N, &m));
    json_t *metrics = json_loads(m->validation_metrics, 0, NULL);
    ck_assert_ptr_nonnull(metrics);
    ck_assert_int_eq(json_integer_value(json_object_get(metrics, "num_valid")), 500);
    bc_backend *backend = NULL;
    ck_assert_ok(bc_backend_init("cpu", &backend));
    double train_ll, train_acc, ll, acc, brier;
    ck_assert_ok(bc_evaluate_rows(backend, m, x, y, NULL, 1500, 2, &train_ll, &train_acc, NULL));
    ck_assert_ok(bc_evaluate_rows(backend, m, x + 1500 * 4, y + 1500, NULL, 500, 2, &ll, &acc,
                                  &brier));
    ck_assert(isfinite(train_ll) && train_ll > 0 && ll > 0 && acc > 0.5);
    ck_assert_double_eq(json_real_value(json_object_get(metrics, "train_log_loss")), train_ll);
    ck_assert_double_eq(json_real_value(json_object_get(metrics, "log_loss")), ll);
    ck_assert_double_eq(json_real_value(json_object_get(metrics, "accuracy")), acc);
    ck_assert_double_eq(json_real_value(json_object_get(metrics, "brier")), brier);
    bc_backend_free(backend);
    json_decref(metrics);
    bc_model_free(m);
    free(x);
    free(y);
}
END_TEST

/* A prefix of whole boosting rounds (what a trees clone keeps under
 * trees_rounds fidelity) against XGBoost's own prediction with
 * iteration_range (0, rounds) of a booster trained here independently:
 * raw scores bit for bit, for every prefix length; a prefix of a prefix is
 * the shorter prefix; lengths outside 1..n_trees are refused. */
START_TEST(a_prefix_of_rounds_gives_xgboost_iteration_range_margins_bit_for_bit)
{
    enum { N = 1500, R = 9, C = 3 };
    float *x = malloc(sizeof(float) * N * 4), *label = malloc(sizeof(float) * N);
    int32_t *y = malloc(sizeof(int32_t) * N);
    and_data(N, x, y);
    for (int i = 0; i < N; i++) {
        label[i] = (float)y[i];
        if (i % 17 == 0)
            x[i * 4 + 1] = NAN; /* missing values take the default branch */
    }
    bc_model *m = NULL;
    const char *opts[] = {"threads", "1", "rounds", "9", "validation_fraction", "0", "seed", "3",
                          "max_depth", "5", "eta", "0.3", NULL};
    ck_assert_ok(fit("trees", opts, x, y, N, &m));
    ck_assert_int_eq(m->trees->n_trees, R * C);
    xgb_api xgb = xgb_open();
    DMatrixHandle d = xgb_matrix(&xgb, x, N, label);
    BoosterHandle b = xgb_booster(&xgb, &d, 1, "5", "3");
    for (int it = 0; it < R; it++)
        ck_assert_int_eq(xgb.XGBoosterUpdateOneIter(b, it, d), 0);
    int64_t differ_from_full = 0;
    for (int rounds = 1; rounds <= R; rounds++) {
        char cfg[160];
        snprintf(cfg, sizeof cfg, "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
                 "\"iteration_end\": %d, \"strict_shape\": true}", rounds);
        const bst_ulong *shape;
        bst_ulong dim;
        const float *want;
        ck_assert_int_eq(xgb.XGBoosterPredictFromDMatrix(b, d, cfg, &shape, &dim, &want), 0);
        ck_assert(dim == 2 && shape[0] == N && shape[1] == C);
        bc_trees *prefix = NULL;
        ck_assert_ok(bc_trees_prefix(m->trees, rounds * C, 4, &prefix));
        ck_assert_int_eq(prefix->n_trees, rounds * C);
        ck_assert_ptr_nonnull(prefix->packed);
        for (int i = 0; i < N; i++) {
            float got[C], full[C];
            bc_trees_margin(prefix, x + i * 4, got);
            bc_trees_margin(m->trees, x + i * 4, full);
            for (int c = 0; c < C; c++) {
                ck_assert_msg(memcmp(&got[c], &want[i * C + c], sizeof(float)) == 0,
                              "%d rounds, row %d class %d: %.9g vs XGBoost %.9g", rounds, i, c,
                              (double)got[c], (double)want[i * C + c]);
                differ_from_full += rounds < R && got[c] != full[c];
            }
        }
        /* a prefix of the prefix is the shorter prefix, node for node */
        if (rounds > 1) {
            bc_trees *shorter = NULL, *direct = NULL;
            ck_assert_ok(bc_trees_prefix(prefix, C, 4, &shorter));
            ck_assert_ok(bc_trees_prefix(m->trees, C, 4, &direct));
            ck_assert_int_eq(shorter->n_nodes, direct->n_nodes);
            ck_assert_mem_eq(shorter->packed, direct->packed,
                             sizeof *direct->packed * (size_t)direct->n_nodes);
            bc_trees_free(shorter);
            bc_trees_free(direct);
        }
        bc_trees_free(prefix);
    }
    /* the prefixes are not the whole ensemble in disguise */
    ck_assert_int_gt(differ_from_full, N);
    bc_trees *none = (bc_trees *)&none;
    ck_assert_int_eq(bc_trees_prefix(m->trees, 0, 4, &none), BC_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(none);
    ck_assert_int_eq(bc_trees_prefix(m->trees, R * C + 1, 4, &none), BC_E_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "28 trees"));
    xgb.XGBoosterFree(b);
    xgb.XGDMatrixFree(d);
    dlclose(xgb.lib);
    bc_model_free(m);
    free(x);
    free(y);
    free(label);
}
END_TEST

/* bc_model_boost against XGBoost's own training continuation: the booster
 * trained here on the first rows, then boosted on with new, weighted rows
 * of a changed rule (XGBoost predicts the new rows from its whole ensemble
 * for their gradients) must give our updated model's raw scores bit for
 * bit on both sets of rows. */
START_TEST(boost_equals_xgboost_training_continuation_and_respects_the_cap)
{
    enum { N = 2000, N2 = 600, R2 = 5 };
    float *x = malloc(sizeof(float) * (N + N2) * 4), *label = malloc(sizeof(float) * (N + N2));
    int32_t *y = malloc(sizeof(int32_t) * (N + N2));
    float *w2 = malloc(sizeof(float) * N2);
    double *x2 = malloc(sizeof(double) * N2 * 4), *w2d = malloc(sizeof(double) * N2);
    and_data(N + N2, x, y);
    /* The bot changed: a high x0 now opens class 1 as well. */
    for (int i = N; i < N + N2; i++)
        if (x[i * 4] > 1.0f && y[i] == 0)
            y[i] = 1;
    for (int i = 0; i < N + N2; i++)
        label[i] = (float)y[i];
    for (int i = 0; i < N2; i++) {
        w2d[i] = pow(0.5, (double)(N2 - 1 - i) / 200.0); /* time decay, newest last */
        w2[i] = (float)w2d[i];
        for (int j = 0; j < 4; j++)
            x2[i * 4 + j] = x[(N + i) * 4 + j];
    }
    bc_model *parent = NULL, *m = NULL;
    const char *opts[] = {"threads", "1", "rounds", "12", "validation_fraction", "0", "seed", "7",
                          "max_depth", "4", "eta", "0.3", NULL};
    ck_assert_ok(fit("trees", opts, x, y, N, &parent));
    ck_assert_ok(bc_model_copy(parent, &m));
    int32_t added = -1;
    ck_assert_ok(bc_model_boost(m, x2, y + N, w2d, N2, 4, R2, 4, 0.3, 1.0, 0, &added));
    ck_assert_int_eq(added, R2);
    ck_assert_int_eq(m->trees->n_trees, 36 + R2 * 3);
    ck_assert_int_eq(parent->trees->n_trees, 36); /* the copy changed, not the parent */

    xgb_api xgb = xgb_open();
    DMatrixHandle d1 = xgb_matrix(&xgb, x, N, label);
    DMatrixHandle d2 = xgb_matrix(&xgb, x + N * 4, N2, label + N);
    ck_assert_int_eq(xgb.XGDMatrixSetFloatInfo(d2, "weight", w2, N2), 0);
    DMatrixHandle both[2] = {d1, d2};
    BoosterHandle b = xgb_booster(&xgb, both, 2, "4", "7");
    for (int it = 0; it < 12; it++)
        ck_assert_int_eq(xgb.XGBoosterUpdateOneIter(b, it, d1), 0);
    for (int it = 12; it < 12 + R2; it++)
        ck_assert_int_eq(xgb.XGBoosterUpdateOneIter(b, it, d2), 0);
    const char *cfg = "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
                      "\"iteration_end\": 0, \"strict_shape\": true}";
    int changed = 0;
    for (int part = 0; part < 2; part++) {
        const bst_ulong *shape;
        bst_ulong dim;
        const float *margin;
        ck_assert_int_eq(xgb.XGBoosterPredictFromDMatrix(b, part ? d2 : d1, cfg, &shape, &dim,
                                                       &margin), 0);
        int rows = part ? N2 : N;
        ck_assert_uint_eq(shape[0], (bst_ulong)rows);
        for (int i = 0; i < rows; i++) {
            const float *row = x + (size_t)((part ? N : 0) + i) * 4;
            float ours[3], before[3];
            bc_trees_margin(m->trees, row, ours);
            bc_trees_margin(parent->trees, row, before);
            for (int c = 0; c < 3; c++) {
                ck_assert_msg(memcmp(&ours[c], &margin[i * 3 + c], sizeof(float)) == 0,
                              "%s row %d class %d: %.9g vs XGBoost %.9g", part ? "new" : "old",
                              i, c, (double)ours[c], (double)margin[i * 3 + c]);
                changed += part && ours[c] != before[c];
            }
        }
    }
    ck_assert_int_gt(changed, N2); /* the new rows' scores moved */
    /* ... toward the changed rule: class 1 where x0 > 1 rose on those rows */
    double p_before = 0, p_after = 0;
    int n_changed_rule = 0;
    for (int i = 0; i < N2; i++) {
        if (!(x2[i * 4] > 1.0) || y[N + i] != 1)
            continue;
        double pb[3], pa[3];
        ck_assert_ok(bc_model_predict(parent, x2 + i * 4, 1, 4, pb, 3));
        ck_assert_ok(bc_model_predict(m, x2 + i * 4, 1, 4, pa, 3));
        p_before += pb[1];
        p_after += pa[1];
        n_changed_rule++;
    }
    ck_assert_int_gt(n_changed_rule, 50);
    ck_assert_msg(p_after > p_before + 0.1 * n_changed_rule, "class 1: %g -> %g over %d rows",
                  p_before, p_after, n_changed_rule);

    /* The cap: room for 2 more rounds of 3 trees in 36 + 15 + 7; then none. */
    int32_t cap = 36 + R2 * 3 + 7;
    ck_assert_ok(bc_model_boost(m, x2, y + N, NULL, N2, 4, 10, 0, 0.1, 1.0, cap, &added));
    ck_assert_int_eq(added, 2);
    ck_assert_int_eq(m->trees->n_trees, cap - 1);
    ck_assert_status_msg(bc_model_boost(m, x2, y + N, NULL, N2, 4, 1, 0, 0.1, 1.0, cap, &added),
                         BC_E_STATE, "max_trees 58");
    ck_assert_int_eq(added, 0);
    ck_assert_int_eq(m->trees->n_trees, cap - 1);

    xgb.XGBoosterFree(b);
    xgb.XGDMatrixFree(d1);
    xgb.XGDMatrixFree(d2);
    dlclose(xgb.lib);
    bc_model_free(parent);
    bc_model_free(m);
    free(x);
    free(y);
    free(label);
    free(w2);
    free(x2);
    free(w2d);
}
END_TEST
#endif

/* What bc_model_boost refuses, with or without XGBoost, leaving the model
 * as it was. */
START_TEST(boost_refuses_bad_input_naming_it)
{
    bc_model *m = hand_model(), *logistic = NULL;
    double x[6] = {0, -2, 0, 1, 1, 11};
    int32_t y[2] = {0, 1}, bad[2] = {0, 2}, added = -1;
    double w[2] = {1, NAN}, zero[2] = {0, 0};
    ck_assert_status_msg(bc_model_boost(m, x, bad, NULL, 2, 3, 1, 0, 0.1, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "row 1 has label 2");
    ck_assert_status_msg(bc_model_boost(m, x, y, w, 2, 3, 1, 0, 0.1, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "row 1 has weight");
    ck_assert_status_msg(bc_model_boost(m, x, y, zero, 2, 3, 1, 0, 0.1, 1, 0, &added),
                         BC_E_NO_DATA, "zero total weight");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 2, 1, 0, 0.1, 1, 0, &added), BC_E_SHAPE,
                         "2 features");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 0, 0, 0.1, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "rounds 0");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 1, 17, 0.1, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "max_depth 17");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 1, 0, 1.5, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "eta 1.5");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 1, 0, 0.1, -1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "lambda -1");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 1, 0, 0.1, 1, -2, &added),
                         BC_E_INVALID_ARGUMENT, "max_trees -2");
    ck_assert_status_msg(bc_model_boost(m, x, y, NULL, 2, 3, 1, 0, 0.1, 1, 3, &added),
                         BC_E_STATE, "has 3 trees");
    ck_assert_status_msg(bc_model_boost(NULL, x, y, NULL, 2, 3, 1, 0, 0.1, 1, 0, &added),
                         BC_E_INVALID_ARGUMENT, "model");
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 3, 2, NULL, 0, 0, &logistic));
    ck_assert_status_msg(bc_model_boost(logistic, x, y, NULL, 2, 3, 1, 0, 0.1, 1, 0, &added),
                         BC_E_UNSUPPORTED, "bc_model_update");
    ck_assert_int_eq(m->trees->n_trees, 3);
    ck_assert_int_eq(added, 0);
    int32_t rc = bc_model_boost(m, x, y, NULL, 2, 3, 1, 0, 0.1, 1, 0, &added);
#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
    ck_assert_ok(rc);
    ck_assert_int_eq(added, 1);
    ck_assert_int_eq(m->trees->n_trees, 5); /* one round of 2 classes */
#else
    ck_assert_status_msg(rc, BC_E_UNSUPPORTED, "XGBoost");
#endif
    bc_model_free(m);
    bc_model_free(logistic);
}
END_TEST

#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
static bc_model *clone_trees(const bc_trades *t, const bc_bars *b, const char *rounds,
                             json_t **report)
{
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "trees"));
    /* the rounds alone: trees_path_rule takes splits out by the whole
     * model's decisions, which a prefix and every round make alike but
     * from different trees (the sample bot: 22 path splits out) */
    ck_assert_ok(bc_cloner_set(c, "trees_path_rule", "0"));
    if (rounds)
        ck_assert_ok(bc_cloner_set(c, "trees_rounds", rounds));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    int32_t len = 0;
    ck_assert_int_eq(bc_cloner_report_json(c, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_cloner_report_json(c, text, len + 1, &len));
    *report = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(*report);
    free(text);
    bc_cloner_free(c);
    return m;
}

static int64_t rounds_field(json_t *report, const char *key)
{
    json_t *v = json_object_get(json_object_get(report, "trees_rounds"), key);
    ck_assert_msg(json_is_integer(v), "report has no trees_rounds.%s", key);
    return (int64_t)json_integer_value(v);
}

/* trees_rounds fidelity (the default) against all on the sample bot: the
 * clone keeps fewer rounds than it trained (8 x the shortest prefix that
 * decides alike), its trees are the first ones
 * of the every-round clone's (the same fit), its validation fidelity is the
 * whole ensemble's, and run as a bot over the validation bars it trades
 * event for event like the every-round clone (the decisions the rule kept
 * alike); report.json says how many rounds and why. */
START_TEST(a_trees_clone_keeps_the_shortest_prefix_deciding_like_every_round)
{
    bc_trades *t = NULL;
    bc_bars *b = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), &t, NULL));
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &b, NULL));
    json_t *rk = NULL, *ra = NULL;
    bc_model *kept = clone_trees(t, b, NULL, &rk);
    bc_model *all = clone_trees(t, b, "all", &ra);
    int64_t trained = rounds_field(rk, "trained"), k = rounds_field(rk, "kept");
    ck_assert_int_eq(trained, 300); /* the trainer's default rounds */
    ck_assert_int_ge(k, 1);
    ck_assert_int_lt(k, trained);
    ck_assert_int_ge(rounds_field(rk, "prefixes_tried"), 2);
    /* 8 x the shortest prefix deciding alike (1 round for this bot) */
    ck_assert_int_ge(rounds_field(rk, "shortest_alike"), 1);
    ck_assert_int_eq(k, 8 * rounds_field(rk, "shortest_alike"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rk, "trees_rounds"), "rule")),
                     "fidelity: 8 x the shortest prefix deciding alike");
    ck_assert_int_eq(rounds_field(ra, "trained"), 300);
    ck_assert_int_eq(rounds_field(ra, "kept"), 300);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(ra, "trees_rounds"), "rule")),
                     "all: trees_rounds all");
    ck_assert_int_eq(all->trees->n_trees, 300 * 4);
    ck_assert_int_eq(kept->trees->n_trees, k * 4);
    bc_trees *prefix = NULL;
    ck_assert_ok(bc_trees_prefix(all->trees, (int32_t)k * 4, all->n_features, &prefix));
    ck_assert_int_eq(prefix->n_nodes, kept->trees->n_nodes);
    ck_assert_mem_eq(prefix->packed, kept->trees->packed,
                     sizeof *prefix->packed * (size_t)prefix->n_nodes);
    ck_assert_mem_eq(prefix->base_score, kept->trees->base_score, sizeof(float) * 4);
    bc_trees_free(prefix);
    double f1_kept = json_number_value(json_object_get(rk, "validation_fidelity_f1"));
    double f1_all = json_number_value(json_object_get(ra, "validation_fidelity_f1"));
    ck_assert_msg(f1_kept == f1_all, "validation F1 %.6f kept, %.6f every round", f1_kept, f1_all);
    /* the validation bars: the ones before the held-out tail */
    const int64_t *bt = bc_bars_time(b);
    int64_t hold = (int64_t)json_integer_value(json_object_get(rk, "holdout_start"));
    int32_t h = 0;
    while (h < bc_bars_length(b) && bt[h] != hold)
        h++;
    int32_t v = h - (int32_t)json_integer_value(json_object_get(rk, "validation_bars"));
    ck_assert_int_lt(h, bc_bars_length(b));
    ck_assert_int_gt(v, 0);
    bc_trades *run_kept = NULL, *run_all = NULL;
    ck_assert_ok(bc_clone_run(kept, b, bt[v], bt[h - 1], &run_kept));
    ck_assert_ok(bc_clone_run(all, b, bt[v], bt[h - 1], &run_all));
    ck_assert_int_ge(bc_trades_count(run_all), 4);
    ck_assert_int_eq(bc_trades_count(run_kept), bc_trades_count(run_all));
    for (int32_t i = 0; i < bc_trades_count(run_all); i++) {
        bc_trade_event a, c;
        a.struct_size = c.struct_size = sizeof a;
        ck_assert_ok(bc_trades_get(run_all, i, &a));
        ck_assert_ok(bc_trades_get(run_kept, i, &c));
        ck_assert_msg(a.time == c.time && a.action == c.action && a.order_type == c.order_type,
                      "event %d: every round %lld action %d type %d, kept %lld action %d type %d",
                      (int)i, (long long)a.time, (int)a.action, (int)a.order_type,
                      (long long)c.time, (int)c.action, (int)c.order_type);
    }
    bc_trades_free(run_kept);
    bc_trades_free(run_all);
    /* the option takes fidelity or all */
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_int_eq(bc_cloner_set(c, "trees_rounds", "best"), BC_E_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "'best'"));
    ck_assert_ok(bc_cloner_set(c, "trees_rounds", "fidelity"));
    bc_cloner_free(c);
    json_decref(rk);
    json_decref(ra);
    bc_model_free(kept);
    bc_model_free(all);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST
#endif

/* The leaves of every row in every tree, [n][n_trees]. */
static int32_t *all_leaves(const bc_trees *t, const float *x, int32_t n, int32_t F)
{
    int32_t *leaf = malloc(sizeof(int32_t) * (size_t)n * (size_t)t->n_trees);
    for (int32_t r = 0; r < n; r++)
        for (int32_t k = 0; k < t->n_trees; k++)
            leaf[(size_t)r * (size_t)t->n_trees + (size_t)k] = bc_trees_leaf(t, k, x + (size_t)r * (size_t)F);
    return leaf;
}

/* bc_trees_snap_thresholds (the cloner's trees_snap): each threshold moves
 * to the roundest value inside the gap its training rows leave, every
 * training row keeps its leaf in every tree and its margins bit for bit,
 * a split the rows reach on one side only keeps its threshold, and a
 * second snap moves nothing. */
START_TEST(snapped_thresholds_keep_the_training_rows_leaves_and_land_on_round_values)
{
    /* hand trees, one split each: class 1 f0 < 0.0144 (XGBoost's kind of
     * cut: a training value), class 0 f1 < 12, class 1 f2 < 0.37 (missing
     * left), class 0 f1 < 100 (every row left) */
    bc_trees *t = NULL;
    ck_assert_ok(bc_trees_alloc(2, 4, 12, &t));
    const int32_t start[5] = {0, 3, 6, 9, 12}, cls[4] = {1, 0, 1, 0}, f[4] = {0, 1, 2, 1};
    const float thr[4] = {0.0144f, 12.0f, 0.37f, 100.0f};
    memcpy(t->tree_start, start, sizeof start);
    memcpy(t->tree_class, cls, sizeof cls);
    for (int32_t k = 0; k < 4; k++) {
        int32_t n = start[k];
        t->feature[n] = f[k], t->value[n] = thr[k], t->left[n] = n + 1, t->right[n] = n + 2;
        t->default_left[n] = k == 2;
        t->value[n + 1] = 0.25f * (float)(k + 1), t->value[n + 2] = -0.5f * (float)(k + 1);
    }
    ck_assert_ok(bc_trees_validate(t, 3));
    const float x[6][3] = {{0.0101f, 1, -0.2f},  {0.0123f, 2, -0.5f}, {0.0131f, 3, 0.37f},
                           {0.0144f, 12, 0.5f},  {0.0152f, 13, NAN},  {0.0190f, 12, 0.9f}};
    int32_t *before = all_leaves(t, &x[0][0], 6, 3), moved = -1;
    float mb[6][2], ma[6][2];
    for (int32_t r = 0; r < 6; r++)
        bc_trees_margin(t, x[r], mb[r]);
    /* a gap under half the values' size keeps its threshold */
    bc_trees *wide = NULL;
    ck_assert_ok(bc_trees_clone(t, &wide));
    ck_assert_ok(bc_trees_snap_thresholds(wide, &x[0][0], 6, 3, 0.5, &moved));
    ck_assert_int_eq(moved, 2);
    ck_assert(wide->value[0] == 0.0144f && wide->value[3] == 10.0f && wide->value[6] == 0.0f);
    bc_trees_free(wide);
    ck_assert_ok(bc_trees_snap_thresholds(t, &x[0][0], 6, 3, 0.02, &moved));
    ck_assert_int_eq(moved, 3);
    /* gap (0.0131, 0.0144]: 0.014; (3, 12]: 10; (-0.2, 0.37]: 0 spans
     * it; f1 < 100 kept */
    ck_assert_msg(t->value[0] == 0.014f, "%.9g", (double)t->value[0]);
    ck_assert_msg(t->value[3] == 10.0f, "%.9g", (double)t->value[3]);
    ck_assert_msg(t->value[6] == 0.0f, "%.9g", (double)t->value[6]);
    ck_assert(t->value[9] == 100.0f);
    int32_t *after = all_leaves(t, &x[0][0], 6, 3);
    ck_assert(memcmp(before, after, sizeof(int32_t) * 6 * 4) == 0);
    for (int32_t r = 0; r < 6; r++)
        bc_trees_margin(t, x[r], ma[r]);
    ck_assert(memcmp(mb, ma, sizeof mb) == 0);
    /* a bar between the rows sees the round level: 0.0141 is right of
     * 0.014 (XGBoost's cut put it left) */
    const float between[3] = {0.0141f, 1, -0.2f};
    ck_assert_int_eq(bc_trees_leaf(t, 0, between), 2);
    ck_assert_ok(bc_trees_snap_thresholds(t, &x[0][0], 6, 3, 0.02, &moved));
    ck_assert_int_eq(moved, 0);
    free(before);
    free(after);
    bc_trees_free(t);

    /* random ensembles and irregular rows: leaves, margins (plan, packed)
     * unchanged; the same input, the same result */
    enum { N = 500, F = 6 };
    float *rows = malloc(sizeof(float) * N * F);
    uint64_t s = 7;
    for (int32_t i = 0; i < N * F; i++)
        rows[i] = (rand_next(&s) % 11 == 0) ? NAN
                                             : (float)((double)(rand_next(&s) % 600001) / 100000.0 - 3.0) * 1.0001f;
    for (uint64_t seed = 0; seed < 4; seed++) {
        bc_trees *a = random_trees(2000 + seed, 3, 40, F, 0), *b = NULL;
        for (int32_t i = 0; i < a->n_nodes; i++) /* off the grid of halves */
            if (a->feature[i] >= 0)
                a->value[i] += 0.01234f;
        ck_assert_ok(bc_trees_validate(a, F));
        ck_assert_ok(bc_trees_clone(a, &b));
        int32_t *lb = all_leaves(a, rows, N, F), ma1 = 0, mb1 = 0;
        float *m0 = malloc(sizeof(float) * N * 3), *m1 = malloc(sizeof(float) * N * 3);
        for (int32_t r = 0; r < N; r++)
            bc_trees_margin(a, rows + r * F, m0 + r * 3);
        ck_assert_ok(bc_trees_snap_thresholds(a, rows, N, F, 0.0, &ma1));
        ck_assert_ok(bc_trees_snap_thresholds(b, rows, N, F, 0.0, &mb1));
        ck_assert_int_gt(ma1, 0);
        ck_assert_int_eq(ma1, mb1);
        ck_assert(memcmp(a->value, b->value, sizeof(float) * (size_t)a->n_nodes) == 0);
        int32_t *la = all_leaves(a, rows, N, F);
        ck_assert(memcmp(lb, la, sizeof(int32_t) * (size_t)N * (size_t)a->n_trees) == 0);
        for (int32_t r = 0; r < N; r++)
            bc_trees_margin(a, rows + r * F, m1 + r * 3);
        ck_assert(memcmp(m0, m1, sizeof(float) * N * 3) == 0);
        free(lb);
        free(la);
        free(m0);
        free(m1);
        bc_trees_free(a);
        bc_trees_free(b);
    }
    free(rows);
}
END_TEST

#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
/* A fitted ensemble: a label that flips where f0 crosses a level inside an
 * empty stretch (0.0131, 0.0149) of f0's training values. XGBoost splits at
 * a histogram cut; snapped, the split on f0 is 0.014 and the training
 * rows' margins are bit for bit XGBoost's. */
START_TEST(a_fitted_ensemble_snaps_its_split_into_the_training_gap)
{
    enum { N = 2000 };
    float *x = malloc(sizeof(float) * N * 4);
    int32_t *y = malloc(sizeof(int32_t) * N);
    uint64_t s = 11;
    for (int32_t i = 0; i < N; i++) {
        double u = (double)(rand_next(&s) % 1000000) / 1000000.0;
        /* f0 in [0.005, 0.0131] or [0.0149, 0.030] */
        double v = u < 0.5 ? 0.005 + u * 2.0 * 0.0081 : 0.0149 + (u - 0.5) * 2.0 * 0.0151;
        x[i * 4] = (float)v;
        for (int32_t j = 1; j < 4; j++)
            x[i * 4 + j] = (float)((double)(rand_next(&s) % 1000) / 1000.0);
        y[i] = v > 0.014 ? (x[i * 4 + 1] > 0.5f ? 1 : 2) : 0;
    }
    bc_model *m = NULL;
    const char *opts[] = {"threads", "1", "rounds", "20", NULL};
    ck_assert_ok(fit("trees", opts, x, y, N, &m));
    bc_trees *t = m->trees;
    float *m0 = malloc(sizeof(float) * N * 3), *m1 = malloc(sizeof(float) * N * 3);
    for (int32_t r = 0; r < N; r++)
        bc_trees_margin(t, x + r * 4, m0 + r * 3);
    int32_t on_f0 = 0, at_014 = 0, moved = 0;
    for (int32_t i = 0; i < t->n_nodes; i++)
        on_f0 += t->feature[i] == 0 && t->value[i] != 0.014f;
    ck_assert_int_gt(on_f0, 0);
    ck_assert_ok(bc_trees_snap_thresholds(t, x, N, 4, 0.02, &moved));
    ck_assert_int_gt(moved, 0);
    for (int32_t i = 0; i < t->n_nodes; i++)
        at_014 += t->feature[i] == 0 && t->value[i] == 0.014f;
    ck_assert_msg(at_014 > 0, "no split on f0 at 0.014 (%d on f0)", on_f0);
    for (int32_t r = 0; r < N; r++)
        bc_trees_margin(t, x + r * 4, m1 + r * 3);
    ck_assert(memcmp(m0, m1, sizeof(float) * N * 3) == 0);
    free(m0);
    free(m1);
    bc_model_free(m);
    free(x);
    free(y);
}
END_TEST
#endif

#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
/* Significant decimal digits of a float's shortest round-trip form. */
static int sig_digits(float v)
{
    char buf[32];
    for (int d = 1; d <= 9; d++) {
        snprintf(buf, sizeof buf, "%.*g", d, (double)v);
        if (strtof(buf, NULL) == v)
            return d;
    }
    return 9;
}

/* trees_snap on the sample bot: the same ensemble as trees_snap 0 but for
 * split thresholds, some moved, each moved one no longer in digits; the
 * option takes 0 or 1. */
START_TEST(a_trees_clone_snaps_thresholds_unless_told_not_to)
{
    bc_trades *t = NULL;
    bc_bars *b = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), &t, NULL));
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &b, NULL));
    bc_model *m[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        bc_cloner *c = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        if (k == 0)
            ck_assert_ok(bc_cloner_set(c, "trees_snap", "0"));
        ck_assert_ok(bc_cloner_fit(c, t, b, &m[k]));
        if (k == 0) {
            ck_assert_int_eq(bc_cloner_set(c, "trees_snap", "yes"), BC_E_INVALID_ARGUMENT);
            ck_assert_ptr_nonnull(strstr(bc_last_error(), "trees_snap"));
        }
        bc_cloner_free(c);
    }
    const bc_trees *a = m[0]->trees, *s = m[1]->trees;
    ck_assert_int_eq(a->n_trees, s->n_trees);
    ck_assert_int_eq(a->n_nodes, s->n_nodes);
    int32_t moved = 0;
    for (int32_t i = 0; i < a->n_nodes; i++) {
        ck_assert_int_eq(a->feature[i], s->feature[i]);
        ck_assert_int_eq(a->left[i], s->left[i]);
        if (a->feature[i] < 0) {
            ck_assert(a->value[i] == s->value[i]); /* leaves as XGBoost's */
        } else if (a->value[i] != s->value[i]) {
            moved++;
            ck_assert_msg(sig_digits(s->value[i]) <= sig_digits(a->value[i]),
                          "node %d: %.9g -> %.9g", (int)i, (double)a->value[i],
                          (double)s->value[i]);
        }
    }
    ck_assert_int_gt(moved, 0);
    bc_model_free(m[0]);
    bc_model_free(m[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST
#endif


/* bc_trees_bypass (the cloner's trees_path_rule): a bypassed split's kept
 * child takes its place, the other child's subtree leaves, nested and
 * root splits too; every row, missing values included, gets the margins
 * the trees give with the split's threshold beyond every value (the
 * kept child's side for all), and the trees stay valid and packed. */
START_TEST(bypassed_splits_leave_the_trees_and_rows_take_the_kept_child)
{
    /* tree 0 (class 0): f0 < 1 ? (f1 < 2 ? 0.1 : 0.2) : (f2 < 3 ? 0.3 : 0.4);
     * tree 1 (class 1): f1 < 5 ? 0.5 : 0.6; tree 2 (class 0): a leaf 0.7 */
    bc_trees *t = NULL;
    ck_assert_ok(bc_trees_alloc(2, 3, 11, &t));
    const int32_t start[4] = {0, 7, 10, 11}, cls[3] = {0, 1, 0};
    memcpy(t->tree_start, start, sizeof start);
    memcpy(t->tree_class, cls, sizeof cls);
    const int32_t feat[11] = {0, 1, -1, -1, 2, -1, -1, 1, -1, -1, -1};
    const int32_t lft[11] = {1, 2, -1, -1, 5, -1, -1, 8, -1, -1, -1};
    const int32_t rgt[11] = {4, 3, -1, -1, 6, -1, -1, 9, -1, -1, -1};
    const float val[11] = {1, 2, 0.1f, 0.2f, 3, 0.3f, 0.4f, 5, 0.5f, 0.6f, 0.7f};
    memcpy(t->feature, feat, sizeof feat);
    memcpy(t->left, lft, sizeof lft);
    memcpy(t->right, rgt, sizeof rgt);
    memcpy(t->value, val, sizeof val);
    t->default_left[1] = 1;
    t->base_score[0] = 0.25f;
    ck_assert_ok(bc_trees_validate(t, 3));
    const float x[5][3] = {{0, 1, 2}, {0, 3, 4}, {2, 1, 2}, {2, 3, 4}, {NAN, NAN, NAN}};
    /* the reference: thresholds beyond every value, missing the kept way */
    bc_trees *ref = NULL, *b = NULL;
    ck_assert_ok(bc_trees_clone(t, &ref));
    ck_assert_ok(bc_trees_clone(t, &b));
    ref->value[0] = -FLT_MAX, ref->default_left[0] = 0; /* root: right kept */
    ref->value[4] = FLT_MAX, ref->default_left[4] = 1;  /* nested in it: left kept */
    ref->value[7] = FLT_MAX, ref->default_left[7] = 1;  /* tree 1's root: left kept */
    ck_assert_ok(bc_trees_validate(ref, 3));
    uint8_t keep[11] = {0};
    keep[0] = 2, keep[4] = 1, keep[7] = 1;
    ck_assert_ok(bc_trees_bypass(b, keep, 3));
    /* tree 0 is the leaf 0.3, tree 1 the leaf 0.5, tree 2 kept */
    ck_assert_int_eq(b->n_trees, 3);
    ck_assert_int_eq(b->n_nodes, 3);
    ck_assert(b->feature[0] == -1 && b->value[0] == 0.3f);
    ck_assert(b->feature[1] == -1 && b->value[1] == 0.5f);
    ck_assert(b->feature[2] == -1 && b->value[2] == 0.7f);
    for (int32_t r = 0; r < 5; r++) {
        float mb[2], mr[2];
        bc_trees_margin(b, x[r], mb);
        bc_trees_margin(ref, x[r], mr);
        ck_assert(memcmp(mb, mr, sizeof mb) == 0);
    }
    /* the nested split alone: tree 0 keeps its root and f1 split, its right
     * child becomes the leaf 0.4 */
    bc_trees_free(b);
    ck_assert_ok(bc_trees_clone(t, &b));
    memset(keep, 0, sizeof keep);
    keep[4] = 2;
    ck_assert_ok(bc_trees_bypass(b, keep, 3));
    ck_assert_int_eq(b->n_nodes, 9);
    ck_assert_int_eq(b->tree_start[1], 5);
    for (int32_t r = 0; r < 5; r++) {
        float m[2], want = x[r][0] < 1 ? (x[r][1] < 2 ? 0.1f : 0.2f) : 0.4f;
        bc_trees_margin(b, x[r], m);
        ck_assert(m[0] == 0.25f + want + 0.7f);
    }
    /* nothing bypassed: the same trees */
    bc_trees_free(b);
    ck_assert_ok(bc_trees_clone(t, &b));
    memset(keep, 0, sizeof keep);
    ck_assert_ok(bc_trees_bypass(b, keep, 3));
    ck_assert_int_eq(b->n_nodes, 11);
    ck_assert(memcmp(b->value, t->value, sizeof(float) * 11) == 0);
    bc_trees_free(b);
    bc_trees_free(ref);
    bc_trees_free(t);
}
END_TEST

Suite *suite_trees(void)
{
    Suite *s = suite_create("trees");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, splits_compare_in_float_and_missing_values_take_the_default_branch);
    tcase_add_test(tc, the_evaluation_plan_the_packed_walk_and_the_arrays_agree_bit_for_bit);
    tcase_add_test(tc, broken_ensembles_are_refused_naming_the_node);
    tcase_add_test(tc, model_file_and_json_round_trip_and_updates_are_refused);
    tcase_add_test(tc, generated_c_source_predicts_as_the_library);
    tcase_add_test(tc, trees_learn_an_and_that_logistic_regression_cannot);
    tcase_add_test(tc, trees_options_are_checked_and_normalization_refused);
#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
    tcase_add_test(tc, fit_equals_xgboost_trained_independently_with_the_same_settings);
    tcase_add_test(tc, a_prefix_of_rounds_gives_xgboost_iteration_range_margins_bit_for_bit);
    tcase_add_test(tc, fit_metrics_from_the_checks_probabilities_equal_an_evaluation);
    tcase_add_test(tc, boost_equals_xgboost_training_continuation_and_respects_the_cap);
#endif
    tcase_add_test(tc, boost_refuses_bad_input_naming_it);
    tcase_add_test(tc, snapped_thresholds_keep_the_training_rows_leaves_and_land_on_round_values);
    tcase_add_test(tc, bypassed_splits_leave_the_trees_and_rows_take_the_kept_child);
#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
    tcase_add_test(tc, a_fitted_ensemble_snaps_its_split_into_the_training_gap);
#endif
    suite_add_tcase(s, tc);
#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)
    TCase *clone = tcase_create("clone");
    tcase_set_timeout(clone, 600); /* two trees clones of the sample bot */
    tcase_add_test(clone, a_trees_clone_keeps_the_shortest_prefix_deciding_like_every_round);
    tcase_add_test(clone, a_trees_clone_snaps_thresholds_unless_told_not_to);
    suite_add_tcase(s, clone);
#endif
    return s;
}
