/*
 * trees_fit.c - gradient-boosted trees for the "trees" model kind, trained
 * through XGBoost's C API and converted into the library's own tree form
 * (model/trees.h), so nothing at inference time needs XGBoost.
 *
 * XGBoost is optional twice over: the build compiles this file's body only
 * where XGBoost's header is installed (BC_HAVE_XGBOOST, Debian's
 * libxgboost-dev), and the library is loaded with dlopen at the first fit
 * (libxgboost.so.0, Debian's libxgboost0), so libbotcopier itself never
 * links it and hosts that only predict never need it. Either absence gives
 * BC_E_UNSUPPORTED saying which package to install.
 *
 * The converted ensemble is checked against XGBoost before the fit
 * returns: the raw margins of every training and validation row, computed
 * by bc_trees_margin, must equal XGBoost's own margins bit for bit
 * (BC_E_INTERNAL naming the first difference otherwise).
 *
 * bc_model_boost continues a trees model's boosting on new rows (online
 * learning for this kind): XGBoost fits the added rounds with the model's
 * own margins as each row's base margin, so their gradients are those of
 * the whole ensemble, and the added trees are appended after the model's;
 * the margins of the result are checked against XGBoost's the same way.
 */
#include "train/train.h"
#include "model/kind.h"
#include "model/trees.h"
#include "core/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bc_model_boost's argument checks, with or without XGBoost; *rounds is
 * cut so the ensemble stays within max_trees. */
static int32_t bc_boost_check(const bc_model *m, const double *x, const int32_t *y,
                              const double *weights, int32_t n, int32_t n_features,
                              int32_t rounds, int32_t max_depth, double eta, double lambda,
                              int32_t max_trees, int32_t *rounds_out)
{
    if (!m || !x || !y)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: %s is NULL",
                       !m ? "model" : !x ? "x" : "y");
    if (m->kind != BC_MODEL_TREES || !m->trees)
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_boost: a %s model has no trees to boost "
                       "(bc_model_update takes its gradient step)", bc_model_kind_name(m->kind));
    if (n < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: n = %d, needs at least 1 row",
                       (int)n);
    if (n_features != m->n_features)
        return bc_fail(BC_E_SHAPE, "bc_model_boost: rows have %d features, the model takes %d",
                       (int)n_features, (int)m->n_features);
    if (rounds < 1 || rounds > 100000)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: rounds %d is not in 1..100000",
                       (int)rounds);
    if (max_depth < 0 || max_depth > 16)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: max_depth %d is not in 0..16",
                       (int)max_depth);
    if (!isfinite(eta) || !(eta > 0.0) || eta > 1.0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: eta %g is not in (0, 1]", eta);
    if (!isfinite(lambda) || lambda < 0.0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: lambda %g is not a finite value "
                       ">= 0", lambda);
    if (max_trees < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_boost: max_trees %d is negative",
                       (int)max_trees);
    double sum = 0.0;
    for (int32_t i = 0; i < n; i++) {
        if (y[i] < 0 || y[i] >= m->n_classes)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_model_boost: row %d has label %d, expected 0..%d", (int)i,
                           (int)y[i], (int)m->n_classes - 1);
        double w = weights ? weights[i] : 1.0;
        if (!isfinite(w) || w < 0.0 || w > 3.4e38)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_model_boost: row %d has weight %g, expected a finite value >= 0",
                           (int)i, w);
        sum += w;
    }
    if (!(sum > 0.0))
        return bc_fail(BC_E_NO_DATA, "bc_model_boost: the %d rows have zero total weight",
                       (int)n);
    int32_t C = m->n_classes, have = m->trees->n_trees;
    int64_t cap = max_trees > 0 ? max_trees : BC_TREES_MAX_TREES;
    int64_t room = (cap - have) / C;
    if (room < 1)
        return bc_fail(BC_E_STATE, "bc_model_boost: the ensemble has %d trees; max_trees %lld "
                       "leaves no room for a round of %d trees (refit the model to start a "
                       "new ensemble)", (int)have, (long long)cap, (int)C);
    if (rounds > room)
        *rounds_out = (int32_t)room;
    return BC_OK;
}

#if defined(BC_HAVE_XGBOOST) && defined(BC_HAVE_JANSSON)

#include <dlfcn.h>
#include <jansson.h>
#include <pthread.h>
#include <xgboost/c_api.h>

/* The C API functions this file calls, typed from XGBoost's own header. */
#define XGB_FUNCS(X)                                                                   \
    X(XGBGetLastError) X(XGDMatrixCreateFromMat) X(XGDMatrixFree)                      \
    X(XGDMatrixSetFloatInfo) X(XGBoosterCreate) X(XGBoosterFree) X(XGBoosterSetParam)  \
    X(XGBoosterUpdateOneIter) X(XGBoosterEvalOneIter) X(XGBoosterSlice)                \
    X(XGBoosterSaveModelToBuffer) X(XGBoosterPredictFromDMatrix)

static struct xgb_api {
#define X(name) __typeof__(name) *name;
    XGB_FUNCS(X)
#undef X
} xgb;
static void *xgb_handle;
static char xgb_error[512];
static pthread_once_t xgb_once = PTHREAD_ONCE_INIT;

static void xgb_load(void)
{
    const char *names[] = {"libxgboost.so.0", "libxgboost.so"};
    for (size_t i = 0; i < sizeof names / sizeof *names && !xgb_handle; i++)
        xgb_handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!xgb_handle) {
        snprintf(xgb_error, sizeof xgb_error,
                 "model trees needs XGBoost's library at run time (Debian package "
                 "libxgboost0): %s", dlerror());
        return;
    }
#define X(name)                                                                        \
    if (!(xgb.name = (__typeof__(name) *)dlsym(xgb_handle, #name)) && !xgb_error[0])   \
        snprintf(xgb_error, sizeof xgb_error, "XGBoost's library lacks %s", #name);
    XGB_FUNCS(X)
#undef X
}

static int32_t xgb_fail(const char *what)
{
    return bc_fail(BC_E_INTERNAL, "trees: XGBoost %s failed: %s", what, xgb.XGBGetLastError());
}

/* The rows [r0, r1) as an XGBoost matrix, non-finite values as missing. */
static int32_t make_matrix(const float *x, const int32_t *y, const float *w, int64_t r0,
                           int64_t r1, int32_t F, DMatrixHandle *out)
{
    int64_t n = r1 - r0;
    float *copy = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1) * (size_t)F);
    float *label = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1));
    if (!copy || !label) {
        free(copy);
        free(label);
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %lld rows", (long long)n);
    }
    for (int64_t i = 0; i < n * F; i++) {
        float v = x[r0 * F + i];
        copy[i] = isfinite(v) ? v : NAN;
    }
    for (int64_t i = 0; i < n; i++)
        label[i] = (float)y[r0 + i];
    int32_t rc = BC_OK;
    if (xgb.XGDMatrixCreateFromMat(copy, (bst_ulong)n, (bst_ulong)F, NAN, out) != 0)
        rc = xgb_fail("matrix creation");
    else if (xgb.XGDMatrixSetFloatInfo(*out, "label", label, (bst_ulong)n) != 0 ||
             (w && xgb.XGDMatrixSetFloatInfo(*out, "weight", w + r0, (bst_ulong)n) != 0))
        rc = xgb_fail("setting labels and weights");
    free(copy);
    free(label);
    return rc;
}

static int32_t set_param(BoosterHandle b, const char *key, const char *fmt, ...) BC_PRINTF(3, 4);
static int32_t set_param(BoosterHandle b, const char *key, const char *fmt, ...)
{
    char value[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    if (xgb.XGBoosterSetParam(b, key, value) != 0)
        return bc_fail(BC_E_INTERNAL, "trees: XGBoost parameter %s=%s refused: %s", key, value,
                       xgb.XGBGetLastError());
    return BC_OK;
}

/* "[0]\tvalid-mlogloss:0.123" -> 0.123 */
static double eval_value(const char *text)
{
    const char *p = strrchr(text, ':');
    return p ? strtod(p + 1, NULL) : NAN;
}

static int32_t json_float_array(json_t *tree, const char *key, size_t n, int32_t k, json_t **out)
{
    *out = json_object_get(tree, key);
    if (!json_is_array(*out) || json_array_size(*out) != n)
        return bc_fail(BC_E_INTERNAL, "trees: XGBoost tree %d has no %s array of %zu nodes",
                       (int)k, key, n);
    return BC_OK;
}

static double json_num(json_t *v)
{
    if (json_is_true(v))
        return 1;
    if (json_is_false(v))
        return 0;
    return json_number_value(v);
}

/* Converts XGBoost's JSON model into bc_trees. Each tree is re-laid out in
 * depth-first order from its root, so pruned (unreachable) nodes are
 * dropped and every child comes after its parent. */
static int32_t convert_model(const char *text, size_t size, int32_t C, bc_trees **out)
{
    json_error_t err;
    json_t *root = json_loadb(text, size, 0, &err);
    if (!root)
        return bc_fail(BC_E_INTERNAL, "trees: XGBoost's JSON model does not parse: %s", err.text);
    json_t *learner = json_object_get(root, "learner");
    json_t *model = json_object_get(json_object_get(json_object_get(learner, "gradient_booster"),
                                                    "model"), "trees");
    json_t *info = json_object_get(json_object_get(json_object_get(learner, "gradient_booster"),
                                                   "model"), "tree_info");
    const char *base = json_string_value(json_object_get(
        json_object_get(learner, "learner_model_param"), "base_score"));
    int32_t rc = BC_OK;
    if (!json_is_array(model) || !json_is_array(info) || !base ||
        json_array_size(model) != json_array_size(info) || json_array_size(model) == 0) {
        json_decref(root);
        return bc_fail(BC_E_INTERNAL, "trees: XGBoost's JSON model lacks trees, tree_info or "
                       "base_score");
    }
    size_t n_trees = json_array_size(model), n_nodes = 0;
    for (size_t k = 0; k < n_trees; k++)
        n_nodes += json_array_size(json_object_get(json_array_get(model, k), "left_children"));
    bc_trees *t = NULL;
    if (n_nodes > BC_TREES_MAX_NODES || n_trees > BC_TREES_MAX_TREES)
        rc = bc_fail(BC_E_UNSUPPORTED, "trees: %zu trees with %zu nodes exceed the limits",
                     n_trees, n_nodes);
    if (rc == BC_OK)
        rc = bc_trees_alloc(C, (int32_t)n_trees, (int32_t)n_nodes, &t);
    int32_t *stack = rc == BC_OK ? malloc(sizeof(int32_t) * 2 * (n_nodes + 1)) : NULL;
    if (rc == BC_OK && !stack)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory");
    float b = (float)strtod(base, NULL);
    for (int32_t c = 0; rc == BC_OK && c < C; c++)
        t->base_score[c] = b;
    int32_t next = 0;
    for (size_t k = 0; rc == BC_OK && k < n_trees; k++) {
        json_t *tree = json_array_get(model, k);
        json_t *lc = json_object_get(tree, "left_children");
        size_t n = json_array_size(lc);
        json_t *rcj, *si, *sc, *dl;
        if ((rc = json_float_array(tree, "right_children", n, (int32_t)k, &rcj)) != BC_OK ||
            (rc = json_float_array(tree, "split_indices", n, (int32_t)k, &si)) != BC_OK ||
            (rc = json_float_array(tree, "split_conditions", n, (int32_t)k, &sc)) != BC_OK ||
            (rc = json_float_array(tree, "default_left", n, (int32_t)k, &dl)) != BC_OK)
            break;
        int32_t cls = (int32_t)json_integer_value(json_array_get(info, k));
        if (n == 0 || cls < 0 || cls >= C) {
            rc = bc_fail(BC_E_INTERNAL, "trees: XGBoost tree %zu is empty or for class %d",
                         k, (int)cls);
            break;
        }
        t->tree_start[k] = next;
        t->tree_class[k] = cls;
        /* Stack of (source node, destination slot of the parent's link). */
        int32_t top = 0;
        stack[top++] = 0;
        stack[top++] = -1;
        while (top > 0 && rc == BC_OK) {
            int32_t link = stack[--top], src = stack[--top];
            if (src < 0 || (size_t)src >= n) {
                rc = bc_fail(BC_E_INTERNAL, "trees: XGBoost tree %zu links to node %d of %zu",
                             k, (int)src, n);
                break;
            }
            int32_t dst = next++;
            if (link >= 0) {
                if (link & 1)
                    t->right[link >> 1] = dst;
                else
                    t->left[link >> 1] = dst;
            }
            int32_t l = (int32_t)json_integer_value(json_array_get(lc, (size_t)src));
            int32_t r = (int32_t)json_integer_value(json_array_get(rcj, (size_t)src));
            t->value[dst] = (float)json_number_value(json_array_get(sc, (size_t)src));
            if (l < 0) {
                t->feature[dst] = -1;
                continue;
            }
            t->feature[dst] = (int32_t)json_integer_value(json_array_get(si, (size_t)src));
            t->default_left[dst] = json_num(json_array_get(dl, (size_t)src)) != 0;
            /* Right pushed first so the left subtree is laid out first. */
            stack[top++] = r;
            stack[top++] = dst * 2 + 1;
            stack[top++] = l;
            stack[top++] = dst * 2;
        }
    }
    free(stack);
    json_decref(root);
    if (rc == BC_OK) {
        /* Pruned nodes were dropped: shrink the node count to what is used. */
        t->n_nodes = next;
        t->tree_start[t->n_trees] = next;
    }
    if (rc != BC_OK) {
        bc_trees_free(t);
        return rc;
    }
    *out = t;
    return BC_OK;
}

/* Margins of every row from XGBoost against bc_trees_margin, bit for bit;
 * probs (NULL: not wanted) receives the rows' probabilities as the kind's
 * batch forward gives them (bc_trees_probs, as float). */
static int32_t check_margins(BoosterHandle booster, DMatrixHandle dm, const bc_trees *t,
                             const float *x, int64_t r0, int64_t n, int32_t F, const char *part,
                             float *probs)
{
    const bst_ulong *shape = NULL;
    bst_ulong dim = 0;
    const float *pred = NULL;
    const char *cfg = "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
                      "\"iteration_end\": 0, \"strict_shape\": true}";
    if (xgb.XGBoosterPredictFromDMatrix(booster, dm, cfg, &shape, &dim, &pred) != 0)
        return xgb_fail("prediction");
    int32_t C = t->n_classes;
    if (dim != 2 || shape[0] != (bst_ulong)n || shape[1] != (bst_ulong)C)
        return bc_fail(BC_E_INTERNAL, "trees: XGBoost margins have an unexpected shape");
    float *row = malloc(sizeof(float) * ((size_t)F + (size_t)C));
    double *p = malloc(sizeof(double) * (size_t)C);
    if (!row || !p) {
        free(row);
        free(p);
        return bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory");
    }
    float *margin = row + F;
    int32_t rc = BC_OK;
    for (int64_t i = 0; i < n && rc == BC_OK; i++) {
        for (int32_t j = 0; j < F; j++)
            row[j] = x[(r0 + i) * F + j];
        bc_trees_probs(t, row, margin, p);
        for (int32_t c = 0; probs && c < C; c++)
            probs[i * C + c] = (float)p[c];
        for (int32_t c = 0; c < C; c++)
            if (memcmp(&margin[c], &pred[i * C + c], sizeof(float)) != 0) {
                rc = bc_fail(BC_E_INTERNAL,
                             "trees: converted ensemble gives margin %.9g for %s row %lld "
                             "class %d, XGBoost %.9g",
                             (double)margin[c], part, (long long)i, (int)c,
                             (double)pred[i * C + c]);
                break;
            }
    }
    free(row);
    free(p);
    return rc;
}

int32_t bc_fit_trees(bc_fit_job *job, const bc_trees_options *opt)
{
    pthread_once(&xgb_once, xgb_load);
    if (xgb_error[0])
        return bc_fail(BC_E_UNSUPPORTED, "%s", xgb_error);
    bc_model *m = job->model;
    int32_t F = m->n_features, C = m->n_classes;
    DMatrixHandle dtrain = NULL, dvalid = NULL;
    BoosterHandle booster = NULL, best = NULL;
    int32_t rc = make_matrix(job->xn, job->y, job->w, 0, job->n_train, F, &dtrain);
    if (rc == BC_OK && job->n_valid > 0)
        rc = make_matrix(job->xn, job->y, job->w, job->n_train, job->n_train + job->n_valid, F,
                         &dvalid);
    DMatrixHandle both[2] = {dtrain, dvalid};
    if (rc == BC_OK && xgb.XGBoosterCreate(both, dvalid ? 2 : 1, &booster) != 0)
        rc = xgb_fail("booster creation");
    if (rc == BC_OK) rc = set_param(booster, "objective", "multi:softprob");
    if (rc == BC_OK) rc = set_param(booster, "num_class", "%d", (int)C);
    if (rc == BC_OK) rc = set_param(booster, "tree_method", "hist");
    if (rc == BC_OK) rc = set_param(booster, "max_depth", "%d", (int)opt->max_depth);
    if (rc == BC_OK) rc = set_param(booster, "eta", "%.17g", opt->eta);
    if (rc == BC_OK) rc = set_param(booster, "lambda", "%.17g", opt->lambda);
    if (rc == BC_OK) rc = set_param(booster, "min_child_weight", "%.17g", opt->min_child_weight);
    if (rc == BC_OK) rc = set_param(booster, "max_bin", "%d", (int)opt->max_bin);
    if (rc == BC_OK) rc = set_param(booster, "nthread", "%d", (int)job->threads);
    if (rc == BC_OK) rc = set_param(booster, "seed", "%llu", (unsigned long long)(job->seed & 0x7fffffff));
    if (rc == BC_OK) rc = set_param(booster, "verbosity", "0");
    if (rc == BC_OK) rc = set_param(booster, "eval_metric", "mlogloss");

    int32_t best_round = -1, since_best = 0, rounds = 0;
    double best_loss = INFINITY;
    job->stop_reason = "max_iter";
    for (int32_t it = 0; rc == BC_OK && it < opt->rounds; it++) {
        if (job->cancel && __atomic_load_n(job->cancel, __ATOMIC_SEQ_CST)) {
            rc = bc_fail(BC_E_CANCELLED, "trees: cancelled at round %d", (int)it + 1);
            break;
        }
        if (xgb.XGBoosterUpdateOneIter(booster, it, dtrain) != 0) {
            rc = xgb_fail("boosting");
            break;
        }
        rounds = it + 1;
        /* The losses are read only by early stopping (a validation set)
         * and the progress callback: without either, no evaluation. */
        if (!dvalid && !job->progress)
            continue;
        double train_loss = NAN, valid_loss = NAN;
        const char *names[2] = {"train", "valid"};
        const char *text = NULL;
        if (xgb.XGBoosterEvalOneIter(booster, it, both, names, dvalid ? 2 : 1, &text) != 0) {
            rc = xgb_fail("evaluation");
            break;
        }
        if (dvalid) {
            const char *tab = strchr(text, '\t');
            const char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
            if (tab2) {
                char first[128];
                snprintf(first, sizeof first, "%.*s", (int)(tab2 - tab), tab);
                train_loss = eval_value(first);
                valid_loss = eval_value(tab2);
            }
        } else {
            train_loss = eval_value(text);
        }
        double watched = dvalid ? valid_loss : train_loss;
        if (watched < best_loss - 1e-12) {
            best_loss = watched;
            best_round = it;
            since_best = 0;
        } else if (dvalid && ++since_best >= opt->patience) {
            job->stop_reason = "early_stopping";
            break;
        }
        if (job->progress &&
            job->progress(it + 1, opt->rounds, train_loss, valid_loss, job->progress_user)) {
            rc = bc_fail(BC_E_CANCELLED, "trees: cancelled by the progress callback after "
                         "round %d", (int)it + 1);
            break;
        }
    }
    job->iterations = rounds;
    /* Keep the rounds up to the best validation loss. Every round kept:
     * the booster itself, whose margins of its own training and validation
     * rows XGBoost has cached round by round (a slice would predict them
     * all again). */
    BoosterHandle kept = booster;
    if (rc == BC_OK) {
        int32_t keep = dvalid && best_round >= 0 ? best_round + 1 : rounds;
        if (keep < rounds && xgb.XGBoosterSlice(booster, 0, keep, 1, &best) != 0)
            rc = xgb_fail("slicing to the best round");
        if (best)
            kept = best;
    }
    bst_ulong size = 0;
    const char *text = NULL;
    bc_trees *trees = NULL;
    if (rc == BC_OK &&
        xgb.XGBoosterSaveModelToBuffer(kept, "{\"format\": \"json\"}", &size, &text) != 0)
        rc = xgb_fail("model export");
    if (rc == BC_OK)
        rc = convert_model(text, (size_t)size, C, &trees);
    /* Validated first: the check below then runs the packed evaluation
     * layout the model will use. */
    if (rc == BC_OK)
        rc = bc_trees_validate(trees, F);
    /* The check computes every row's probabilities: handed to the trainer
     * for its metrics. */
    float *probs = NULL;
    if (rc == BC_OK &&
        !(probs = malloc(sizeof(float) * (size_t)(job->n_train + job->n_valid) * (size_t)C)))
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "trees: out of memory for %lld rows",
                     (long long)(job->n_train + job->n_valid));
    if (rc == BC_OK)
        rc = check_margins(kept, dtrain, trees, job->xn, 0, job->n_train, F, "training", probs);
    if (rc == BC_OK && dvalid)
        rc = check_margins(kept, dvalid, trees, job->xn, job->n_train, job->n_valid, F,
                           "validation", probs + job->n_train * C);
    if (rc == BC_OK) {
        job->probs = probs;
        probs = NULL;
    }
    free(probs);
    if (rc == BC_OK) {
        rc = bc_model_set_trees(m, trees);
        trees = NULL;
    }
    bc_trees_free(trees);
    if (best)
        xgb.XGBoosterFree(best);
    if (booster)
        xgb.XGBoosterFree(booster);
    if (dtrain)
        xgb.XGDMatrixFree(dtrain);
    if (dvalid)
        xgb.XGDMatrixFree(dvalid);
    return rc;
}

/* The ensemble a followed by b's trees (a's base scores): a's margins plus
 * b's trees, in tree order. */
static int32_t append_trees(const bc_trees *a, const bc_trees *b, bc_trees **out)
{
    bc_trees *t = NULL;
    int32_t rc = bc_trees_alloc(a->n_classes, a->n_trees + b->n_trees, a->n_nodes + b->n_nodes,
                                &t);
    if (rc != BC_OK)
        return rc;
    memcpy(t->base_score, a->base_score, sizeof(float) * (size_t)a->n_classes);
    for (int32_t k = 0; k < a->n_trees; k++) {
        t->tree_start[k] = a->tree_start[k];
        t->tree_class[k] = a->tree_class[k];
    }
    for (int32_t k = 0; k < b->n_trees; k++) {
        t->tree_start[a->n_trees + k] = a->n_nodes + b->tree_start[k];
        t->tree_class[a->n_trees + k] = b->tree_class[k];
    }
    for (int32_t i = 0; i < a->n_nodes + b->n_nodes; i++) {
        const bc_trees *src = i < a->n_nodes ? a : b;
        int32_t j = i < a->n_nodes ? i : i - a->n_nodes, shift = i < a->n_nodes ? 0 : a->n_nodes;
        t->feature[i] = src->feature[j];
        t->value[i] = src->value[j];
        t->default_left[i] = src->default_left[j];
        t->left[i] = src->left[j] < 0 ? -1 : src->left[j] + shift;
        t->right[i] = src->right[j] < 0 ? -1 : src->right[j] + shift;
    }
    *out = t;
    return BC_OK;
}

int32_t bc_model_boost(bc_model *m, const double *x, const int32_t *y, const double *weights,
                       int32_t n, int32_t n_features, int32_t rounds, int32_t max_depth,
                       double eta, double lambda, int32_t max_trees, int32_t *rounds_added)
{
    if (rounds_added)
        *rounds_added = 0;
    int32_t rc = bc_boost_check(m, x, y, weights, n, n_features, rounds, max_depth, eta, lambda,
                                max_trees, &rounds);
    if (rc != BC_OK)
        return rc;
    pthread_once(&xgb_once, xgb_load);
    if (xgb_error[0])
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_boost: %s", xgb_error);
    const bc_trees *old = m->trees;
    int32_t F = m->n_features, C = m->n_classes;
    if (max_depth == 0)
        max_depth = old->max_depth > 0 ? old->max_depth : 1;
    float *xf = malloc(sizeof(float) * (size_t)n * (size_t)F);
    float *wf = malloc(sizeof(float) * (size_t)n);
    float *base = malloc(sizeof(float) * (size_t)n * (size_t)C);
    if (!xf || !wf || !base) {
        free(xf);
        free(wf);
        free(base);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_boost: out of memory for %d rows", (int)n);
    }
    /* The rows as the model reads them (float), and its raw scores. */
    for (int64_t i = 0; i < (int64_t)n * F; i++)
        xf[i] = (float)x[i];
    for (int32_t i = 0; i < n; i++) {
        wf[i] = (float)(weights ? weights[i] : 1.0);
        bc_trees_margin(old, xf + (int64_t)i * F, base + (int64_t)i * C);
    }
    DMatrixHandle d = NULL;
    BoosterHandle booster = NULL;
    bc_trees *added = NULL, *all = NULL;
    rc = make_matrix(xf, y, wf, 0, n, F, &d);
    if (rc == BC_OK &&
        xgb.XGDMatrixSetFloatInfo(d, "base_margin", base, (bst_ulong)n * (bst_ulong)C) != 0)
        rc = xgb_fail("setting the base margins");
    if (rc == BC_OK && xgb.XGBoosterCreate(&d, 1, &booster) != 0)
        rc = xgb_fail("booster creation");
    if (rc == BC_OK) rc = set_param(booster, "objective", "multi:softprob");
    if (rc == BC_OK) rc = set_param(booster, "num_class", "%d", (int)C);
    if (rc == BC_OK) rc = set_param(booster, "tree_method", "hist");
    if (rc == BC_OK) rc = set_param(booster, "max_depth", "%d", (int)max_depth);
    if (rc == BC_OK) rc = set_param(booster, "eta", "%.17g", eta);
    if (rc == BC_OK) rc = set_param(booster, "lambda", "%.17g", lambda);
    if (rc == BC_OK) rc = set_param(booster, "min_child_weight", "1");
    if (rc == BC_OK) rc = set_param(booster, "max_bin", "256");
    if (rc == BC_OK) rc = set_param(booster, "nthread", "1");
    if (rc == BC_OK) rc = set_param(booster, "seed", "0");
    if (rc == BC_OK) rc = set_param(booster, "verbosity", "0");
    for (int32_t it = 0; rc == BC_OK && it < rounds; it++)
        if (xgb.XGBoosterUpdateOneIter(booster, it, d) != 0)
            rc = xgb_fail("boosting");
    bst_ulong size = 0;
    const char *text = NULL;
    if (rc == BC_OK &&
        xgb.XGBoosterSaveModelToBuffer(booster, "{\"format\": \"json\"}", &size, &text) != 0)
        rc = xgb_fail("model export");
    if (rc == BC_OK)
        rc = convert_model(text, (size_t)size, C, &added);
    if (rc == BC_OK && added->n_trees != rounds * C)
        rc = bc_fail(BC_E_INTERNAL, "bc_model_boost: XGBoost gave %d trees for %d rounds of %d "
                     "classes", (int)added->n_trees, (int)rounds, (int)C);
    if (rc == BC_OK)
        rc = append_trees(old, added, &all);
    if (rc == BC_OK)
        rc = bc_trees_validate(all, F);
    /* XGBoost's margins (base margin + its trees) against the whole
     * ensemble's, bit for bit. */
    if (rc == BC_OK)
        rc = check_margins(booster, d, all, xf, 0, n, F, "update", NULL);
    if (rc == BC_OK) {
        rc = bc_model_set_trees(m, all);
        all = NULL;
    }
    if (rc == BC_OK && rounds_added)
        *rounds_added = rounds;
    bc_trees_free(added);
    bc_trees_free(all);
    if (booster)
        xgb.XGBoosterFree(booster);
    if (d)
        xgb.XGDMatrixFree(d);
    free(xf);
    free(wf);
    free(base);
    return rc;
}

#else

int32_t bc_fit_trees(bc_fit_job *job, const bc_trees_options *opt)
{
    (void)job;
    (void)opt;
    return bc_fail(BC_E_UNSUPPORTED,
                   "model trees: this build has no XGBoost (install Debian's libxgboost-dev and "
                   "rebuild)");
}

int32_t bc_model_boost(bc_model *m, const double *x, const int32_t *y, const double *weights,
                       int32_t n, int32_t n_features, int32_t rounds, int32_t max_depth,
                       double eta, double lambda, int32_t max_trees, int32_t *rounds_added)
{
    if (rounds_added)
        *rounds_added = 0;
    int32_t rc = bc_boost_check(m, x, y, weights, n, n_features, rounds, max_depth, eta, lambda,
                                max_trees, &rounds);
    if (rc != BC_OK)
        return rc;
    return bc_fail(BC_E_UNSUPPORTED,
                   "bc_model_boost: this build has no XGBoost (install Debian's libxgboost-dev "
                   "and rebuild)");
}

#endif
