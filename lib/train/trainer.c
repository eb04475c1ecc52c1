/*
 * trainer.c - bc_trainer: options, input checks, the time-ordered
 * validation split, normalization, class balancing, and the metadata a fit
 * records in the model. The optimizers live in logistic.c and mlp.c; this
 * file never touches weights itself.
 */
#include "train/train.h"
#include "core/hwinfo.h"
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

struct bc_trainer {
    int32_t kind;
    double l2, tol, lr, clip, validation_fraction;
    int32_t max_iter, epochs, batch_size, patience, threads;
    int32_t hidden[BC_MODEL_MAX_LAYERS - 1], n_hidden;
    int32_t activation;
    uint64_t seed;
    int32_t balanced;
    bc_trees_options trees;
    int32_t norm_kind;
    char backend[8];
    char mode[16];
    char *features; /* feature spec recorded in the model, NULL = none */
    int32_t features_columns; /* its column count, known when it was set */
    bc_train_progress_fn progress;
    void *progress_user;
    volatile int32_t cancel;
};

int32_t bc_trainer_create(const char *kind, bc_trainer **out)
{
    if (!kind || !out)
        return bc_fail_null("bc_trainer_create", "kind", (const void *)kind, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    int32_t k;
    if (strcmp(kind, "logistic") == 0)
        k = BC_MODEL_LOGISTIC;
    else if (strcmp(kind, "mlp") == 0)
        k = BC_MODEL_MLP;
    else if (strcmp(kind, "trees") == 0)
        k = BC_MODEL_TREES;
    else
        return bc_fail(BC_E_NOT_FOUND,
                       "trainer kind '%s' is unknown (expected logistic, mlp or trees)", kind);
    bc_trainer *t = calloc(1, sizeof *t);
    if (!t)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_trainer_create: out of memory");
    t->kind = k;
    t->l2 = 1e-4;
    t->tol = 1e-5;
    t->lr = 1e-3;
    t->clip = 5.0;
    t->validation_fraction = 0.2;
    t->max_iter = 200;
    t->epochs = 50;
    t->batch_size = 256;
    t->patience = 5;
    t->hidden[0] = 32;
    t->n_hidden = 1;
    t->activation = BC_ACT_RELU;
    t->seed = 42;
    t->norm_kind = k == BC_MODEL_TREES ? BC_NORM_NONE : BC_NORM_ZSCORE;
    t->trees = (bc_trees_options){.rounds = 300, .max_depth = 6, .eta = 0.1, .lambda = 1.0,
                                  .min_child_weight = 1.0, .max_bin = 256, .patience = 20};
    if (k == BC_MODEL_TREES)
        t->clip = 0.0;
    snprintf(t->backend, sizeof t->backend, "cpu");
    snprintf(t->mode, sizeof t->mode, "auto");
    *out = t;
    return BC_OK;
}

void bc_trainer_free(bc_trainer *t)
{
    if (t)
        free(t->features);
    free(t);
}

static int32_t bad_value(const char *key, const char *value, const char *expected)
{
    return bc_fail(BC_E_INVALID_ARGUMENT, "trainer option %s: '%s' is invalid, expected %s",
                   key, value, expected);
}

int32_t bc_trainer_set(bc_trainer *t, const char *key, const char *value)
{
    if (!t || !key || !value)
        return bc_fail_null("bc_trainer_set", "t", (const void *)t, "key", (const void *)key, "value", (const void *)value, (const char *)NULL);
    double d;
    int32_t i;
    if (strcmp(key, "l2") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || d < 0)
            return bad_value(key, value, "a number >= 0");
        t->l2 = d;
    } else if (strcmp(key, "tol") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || !(d > 0))
            return bad_value(key, value, "a number > 0");
        t->tol = d;
    } else if (strcmp(key, "lr") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || !(d > 0))
            return bad_value(key, value, "a number > 0");
        t->lr = d;
    } else if (strcmp(key, "clip") == 0) {
        if (strcmp(value, "none") == 0)
            d = 0.0;
        else if (!bc_text_double(value, -INFINITY, INFINITY, &d) || d < 0)
            return bad_value(key, value, "a number >= 0 or 'none'");
        t->clip = d;
    } else if (strcmp(key, "validation_fraction") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || d < 0 || d > 0.9)
            return bad_value(key, value, "a number in [0, 0.9]");
        t->validation_fraction = d;
    } else if (strcmp(key, "max_iter") == 0) {
        if (!bc_text_int(value, 1, 100000, &i))
            return bad_value(key, value, "an integer in 1..100000");
        t->max_iter = i;
    } else if (strcmp(key, "epochs") == 0) {
        if (!bc_text_int(value, 1, 100000, &i))
            return bad_value(key, value, "an integer in 1..100000");
        t->epochs = i;
    } else if (strcmp(key, "batch_size") == 0) {
        if (!bc_text_int(value, 1, 1048576, &i))
            return bad_value(key, value, "an integer in 1..1048576");
        t->batch_size = i;
    } else if (strcmp(key, "patience") == 0) {
        if (!bc_text_int(value, 1, 100000, &i))
            return bad_value(key, value, "an integer in 1..100000");
        t->patience = i;
        t->trees.patience = i;
    } else if (strcmp(key, "rounds") == 0) {
        if (!bc_text_int(value, 1, 100000, &i))
            return bad_value(key, value, "an integer in 1..100000");
        t->trees.rounds = i;
    } else if (strcmp(key, "max_depth") == 0) {
        if (!bc_text_int(value, 1, 16, &i))
            return bad_value(key, value, "an integer in 1..16");
        t->trees.max_depth = i;
    } else if (strcmp(key, "max_bin") == 0) {
        if (!bc_text_int(value, 2, 65536, &i))
            return bad_value(key, value, "an integer in 2..65536");
        t->trees.max_bin = i;
    } else if (strcmp(key, "eta") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || !(d > 0) || d > 1)
            return bad_value(key, value, "a number in (0, 1]");
        t->trees.eta = d;
    } else if (strcmp(key, "lambda") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || d < 0)
            return bad_value(key, value, "a number >= 0");
        t->trees.lambda = d;
    } else if (strcmp(key, "min_child_weight") == 0) {
        if (!bc_text_double(value, -INFINITY, INFINITY, &d) || d < 0)
            return bad_value(key, value, "a number >= 0");
        t->trees.min_child_weight = d;
    } else if (strcmp(key, "threads") == 0) {
        if (!bc_text_int(value, 0, 1024, &i))
            return bad_value(key, value, "an integer in 0..1024");
        t->threads = i;
    } else if (strcmp(key, "seed") == 0) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (end == value || *end != '\0' || errno == ERANGE || value[0] == '-')
            return bad_value(key, value, "an unsigned 64-bit integer");
        t->seed = (uint64_t)v;
    } else if (strcmp(key, "hidden") == 0) {
        int32_t widths[BC_MODEL_MAX_LAYERS - 1], n = 0;
        const char *p = value;
        while (*p) {
            char *end;
            errno = 0;
            long v = strtol(p, &end, 10);
            if (end == p || errno == ERANGE || v < 1 || v > 65536 ||
                n == BC_MODEL_MAX_LAYERS - 1 || (*end != ',' && *end != '\0'))
                return bad_value(key, value, "1 to 15 comma-separated widths in 1..65536");
            widths[n++] = (int32_t)v;
            p = *end == ',' ? end + 1 : end;
            if (*end == ',' && *p == '\0')
                return bad_value(key, value, "1 to 15 comma-separated widths in 1..65536");
        }
        if (n == 0)
            return bad_value(key, value, "1 to 15 comma-separated widths in 1..65536");
        memcpy(t->hidden, widths, sizeof(int32_t) * (size_t)n);
        t->n_hidden = n;
    } else if (strcmp(key, "activation") == 0) {
        if (strcmp(value, "relu") == 0)
            t->activation = BC_ACT_RELU;
        else if (strcmp(value, "tanh") == 0)
            t->activation = BC_ACT_TANH;
        else
            return bad_value(key, value, "relu or tanh");
    } else if (strcmp(key, "class_weight") == 0) {
        if (strcmp(value, "none") == 0)
            t->balanced = 0;
        else if (strcmp(value, "balanced") == 0)
            t->balanced = 1;
        else
            return bad_value(key, value, "none or balanced");
    } else if (strcmp(key, "normalize") == 0) {
        if (strcmp(value, "zscore") == 0)
            t->norm_kind = BC_NORM_ZSCORE;
        else if (strcmp(value, "robust") == 0)
            t->norm_kind = BC_NORM_ROBUST;
        else if (strcmp(value, "none") == 0)
            t->norm_kind = BC_NORM_NONE;
        else
            return bad_value(key, value, "zscore, robust or none");
    } else if (strcmp(key, "features") == 0) {
        /* Parsed here, so a bad spec fails at set time, naming the item. */
        bc_features *f = NULL;
        int32_t rc = bc_features_create(value, &f);
        if (rc != BC_OK)
            return bc_fail_context(rc, "trainer option features: ");
        char *canonical = NULL;
        int32_t length = 0;
        bc_features_spec(f, NULL, 0, &length);
        canonical = malloc((size_t)length + 1);
        if (!canonical) {
            bc_features_free(f);
            return bc_fail(BC_E_OUT_OF_MEMORY, "trainer option features: out of memory");
        }
        rc = bc_features_spec(f, canonical, length + 1, NULL);
        int32_t columns = bc_features_count(f);
        bc_features_free(f);
        if (rc != BC_OK) {
            free(canonical);
            return rc;
        }
        free(t->features);
        t->features = canonical;
        t->features_columns = columns;
    } else if (strcmp(key, "backend") == 0) {
        if (strcmp(value, "cpu") != 0 && strcmp(value, "best") != 0)
            return bad_value(key, value, "cpu or best");
        snprintf(t->backend, sizeof t->backend, "%s", value);
    } else if (strcmp(key, "mode") == 0) {
        static const char *const modes[] = {"auto", "lite", "standard", "heavy", "deep", "rl"};
        size_t k = 0;
        while (k < sizeof modes / sizeof modes[0] && strcmp(value, modes[k]) != 0)
            k++;
        if (k == sizeof modes / sizeof modes[0])
            return bad_value(key, value, "auto, lite, standard, heavy, deep or rl");
        snprintf(t->mode, sizeof t->mode, "%s", value);
    } else {
        return bc_fail(BC_E_UNKNOWN_KEY, "trainer option '%s' is unknown", key);
    }
    return BC_OK;
}

int32_t bc_trainer_set_progress(bc_trainer *t, bc_train_progress_fn callback, void *user)
{
    if (!t)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trainer_set_progress: trainer is NULL");
    t->progress = callback;
    t->progress_user = user;
    return BC_OK;
}

int32_t bc_trainer_cancel(bc_trainer *t)
{
    if (!t)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trainer_cancel: trainer is NULL");
    __atomic_store_n(&t->cancel, 1, __ATOMIC_SEQ_CST);
    return BC_OK;
}

static int32_t check_inputs(const float *x, const int32_t *y, const float *weights, int32_t n,
                            int32_t F, int32_t C)
{
    if (!x || !y)
        return bc_fail_null("bc_trainer_fit", "x", (const void *)x, "y", (const void *)y, (const char *)NULL);
    if (n < 0 || F < 1 || C < 2 || C > 65536)
        return bc_fail(BC_E_SHAPE, "bc_trainer_fit: n=%d n_features=%d n_classes=%d "
                       "(need n >= 0, n_features >= 1, 2 <= n_classes <= 65536)",
                       (int)n, (int)F, (int)C);
    for (int32_t i = 0; i < n; i++) {
        if (y[i] < 0 || y[i] >= C)
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_trainer_fit: label of row %d is %d, "
                           "expected 0..%d", (int)i, (int)y[i], (int)C - 1);
        if (weights && !(isfinite(weights[i]) && weights[i] >= 0.0f))
            return bc_fail(isfinite(weights[i]) ? BC_E_INVALID_ARGUMENT : BC_E_NUMERIC,
                           "bc_trainer_fit: weight of row %d is %g, expected finite >= 0",
                           (int)i, (double)weights[i]);
    }
    return BC_OK;
}

static void record_metrics(bc_model *m, const bc_fit_job *job, double train_ll, double ll,
                           double acc, double brier)
{
#ifdef BC_HAVE_JANSSON
    json_t *o = json_object();
    if (!o)
        return;
    if (job->n_valid > 0) {
        json_object_set_new(o, "log_loss", json_real(ll));
        json_object_set_new(o, "accuracy", json_real(acc));
        json_object_set_new(o, "brier", json_real(brier));
    }
    json_object_set_new(o, "num_valid", json_integer(job->n_valid));
    json_object_set_new(o, "train_log_loss", json_real(train_ll));
    json_object_set_new(o, "iterations", json_integer(job->iterations));
    json_object_set_new(o, "stop_reason", json_string(job->stop_reason ? job->stop_reason : ""));
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (text)
        bc_model_set_validation_metrics(m, text);
    free(text);
#else
    (void)m;
    (void)job;
    (void)train_ll;
    (void)ll;
    (void)acc;
    (void)brier;
#endif
}

/* Stores the trainer's feature spec and its column names in the model (the
 * column count was checked against the data before the fit). */
static int32_t record_features(bc_model *m, const char *spec)
{
    bc_features *f = NULL;
    int32_t rc = bc_features_create(spec, &f);
    if (rc != BC_OK)
        return rc;
    int32_t count = bc_features_count(f);
    char **names = calloc((size_t)count + 1, sizeof *names);
    if (!names)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "trainer: out of memory for feature names");
    for (int32_t i = 0; rc == BC_OK && i < count; i++) {
        int32_t length = 0;
        bc_features_name(f, i, NULL, 0, &length);
        names[i] = malloc((size_t)length + 1);
        if (!names[i])
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "trainer: out of memory for feature names");
        else
            rc = bc_features_name(f, i, names[i], length + 1, NULL);
    }
    if (rc == BC_OK)
        rc = bc_model_set_feature_spec(m, spec);
    if (rc == BC_OK)
        rc = bc_model_set_feature_names(m, (const char *const *)names);
    for (int32_t i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
    bc_features_free(f);
    return rc;
}

#ifdef BC_HAVE_OPENBLAS
/* Whether one MLP step's largest layer product, minibatch rows x inputs x
 * outputs, reaches MLP_THREADED_MACS multiply-adds: where OpenBLAS's own
 * threads pay for themselves (the default 256-row batch through a 256-wide
 * layer of 256 inputs is 16.8 M; a clone's 32-wide layers are far below). */
#define MLP_THREADED_MACS (1LL << 24)
static int mlp_step_is_large(const bc_model *m, int32_t batch_size, int64_t n_train)
{
    if (m->kind != BC_MODEL_MLP)
        return 0;
    int64_t rows = batch_size < n_train ? batch_size : n_train;
    for (int32_t l = 0; l < m->n_layers; l++)
        if (rows * m->layers[l].in * m->layers[l].out >= MLP_THREADED_MACS)
            return 1;
    return 0;
}
#endif

int32_t bc_trainer_fit(bc_trainer *t, const float *x, const int32_t *y, const float *weights,
                       int32_t n, int32_t F, int32_t C, bc_model **out)
{
    if (!t || !out)
        return bc_fail_null("bc_trainer_fit", "t", (const void *)t, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    int32_t rc = check_inputs(x, y, weights, n, F, C);
    if (rc != BC_OK)
        goto done_cancel;
    if (t->features && t->features_columns != F) {
        rc = bc_fail(BC_E_SHAPE, "trainer option features: '%s' gives %d columns, x has %d",
                     t->features, (int)t->features_columns, (int)F);
        goto done_cancel;
    }
    int64_t n_valid = (int64_t)floor((double)n * t->validation_fraction);
    int64_t n_train = n - n_valid;
    if (n_train < 2) {
        rc = bc_fail(BC_E_NO_DATA, "bc_trainer_fit: %lld training rows (of %d), need at least 2",
                     (long long)n_train, (int)n);
        goto done_cancel;
    }

    bc_model *m = NULL;
    rc = bc_model_create(t->kind, F, C, t->hidden, t->kind == BC_MODEL_MLP ? t->n_hidden : 0,
                         t->activation, &m);
    if (rc != BC_OK)
        goto done_cancel;
    if (t->kind == BC_MODEL_TREES && (t->norm_kind != BC_NORM_NONE || t->clip > 0)) {
        bc_model_free(m);
        rc = bc_fail(BC_E_INVALID_ARGUMENT, "trainer: model trees reads raw values; options "
                     "norm and clip must be none (got %s, %g)", bc_norm_kind_name(t->norm_kind),
                     t->clip);
        goto done_cancel;
    }
    m->norm_kind = t->norm_kind;
    rc = bc_normalization_fit(x, n_train, F, t->norm_kind, m->center, m->scale);
    for (int32_t j = 0; j < F; j++) {
        m->clip_low[j] = t->clip > 0 ? -t->clip : -INFINITY;
        m->clip_high[j] = t->clip > 0 ? t->clip : INFINITY;
    }

    /* Identity normalization over finite data needs no copy of x. */
    int copy_x = t->norm_kind != BC_NORM_NONE || t->clip > 0;
    /* Trees read raw rows, missing values included. */
    for (int64_t i = 0; !copy_x && t->kind != BC_MODEL_TREES && i < (int64_t)n * F; i++)
        copy_x = !isfinite(x[i]);
    float *xn_owned = NULL, *w = NULL;
    const float *xn = x;
    bc_backend *backend = NULL;
    if (rc == BC_OK) {
        if (copy_x)
            xn = xn_owned = malloc(sizeof(float) * (size_t)n * (size_t)F);
        w = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1));
        if (!xn || !w)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_trainer_fit: out of memory for %d x %d rows",
                         (int)n, (int)F);
    }
    if (rc == BC_OK && copy_x)
        bc_model_normalize_rows_f32(m, x, n, xn_owned);

    /* Class balancing from the training rows' weights only. */
    double *cw = rc == BC_OK ? calloc((size_t)C, sizeof(double)) : NULL;
    if (rc == BC_OK && !cw)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_trainer_fit: out of memory");
    double total = 0.0;
    if (rc == BC_OK) {
        for (int64_t i = 0; i < n_train; i++) {
            double wi = weights ? weights[i] : 1.0;
            cw[y[i]] += wi;
            total += wi;
        }
        if (!(total > 0.0))
            rc = bc_fail(BC_E_NO_DATA, "bc_trainer_fit: the training rows have zero total weight");
    }
    if (rc == BC_OK) {
        int32_t present = 0;
        for (int32_t c = 0; c < C; c++)
            present += cw[c] > 0.0;
        for (int32_t c = 0; c < C; c++)
            cw[c] = (t->balanced && cw[c] > 0.0) ? total / ((double)present * cw[c]) : 1.0;
        for (int64_t i = 0; i < n; i++)
            w[i] = (float)((weights ? weights[i] : 1.0) * cw[y[i]]);
    }
    free(cw);

    if (rc == BC_OK)
        rc = bc_backend_init(t->backend, &backend);

#ifdef BC_HAVE_OPENBLAS
    /* OpenBLAS's own threads: the threads option's count when set; else
     * one, unless an MLP step's largest product is large (its default
     * then). Logistic's objective splits the rows itself, and a small
     * minibatch's products gain nothing from threads, which spin in
     * sched_yield on busy cores (measured: a logistic-winning clone under
     * model auto on a busy 2-core machine, 17.5 s user+sys -> 8.6 s, wall
     * 44 s -> 20 s). */
    int saved_threads = openblas_get_num_threads();
    openblas_set_num_threads(t->threads > 0 ? t->threads
                             : mlp_step_is_large(m, t->batch_size, n_train) ? saved_threads
                                                                             : 1);
#endif
    bc_fit_job job;
    memset(&job, 0, sizeof job);
    if (rc == BC_OK) {
        job.backend = backend;
        job.model = m;
        job.xn = xn;
        job.y = y;
        job.w = w;
        job.n_train = n_train;
        job.n_valid = n_valid;
        for (int64_t i = 0; i < n; i++)
            *(i < n_train ? &job.train_wsum : &job.valid_wsum) += w[i];
        job.l2 = t->l2;
        job.tol = t->tol;
        job.lr = t->lr;
        job.max_iter = t->max_iter;
        job.epochs = t->epochs;
        job.batch_size = t->batch_size;
        job.patience = t->patience;
        job.seed = t->seed;
        job.threads = t->threads;
        if (job.threads == 0) {
            long cpus = sysconf(_SC_NPROCESSORS_ONLN);
            job.threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int32_t)cpus;
        }
        job.progress = t->progress;
        job.progress_user = t->progress_user;
        job.cancel = &t->cancel;
        rc = t->kind == BC_MODEL_LOGISTIC ? bc_fit_logistic(&job)
             : t->kind == BC_MODEL_TREES  ? bc_fit_trees(&job, &t->trees)
                                          : bc_fit_mlp(&job);
    }
    /* The fit may hand over every row's probabilities (the trees fit
     * computes them in its check against XGBoost): the same metrics, no
     * second forward pass. */
    double train_ll = NAN, ll = NAN, acc = NAN, brier = NAN, train_acc;
    const float *given = job.probs;
    if (rc == BC_OK)
        rc = bc_evaluate_rows_given(backend, m, xn, given, y, w, n_train, job.threads,
                                    &train_ll, &train_acc, NULL);
    if (rc == BC_OK && n_valid > 0)
        rc = bc_evaluate_rows_given(backend, m, xn + n_train * F, given ? given + n_train * C : NULL,
                                    y + n_train, w + n_train, n_valid, job.threads, &ll, &acc,
                                    &brier);
    free(job.probs);
#ifdef BC_HAVE_OPENBLAS
    openblas_set_num_threads(saved_threads);
#endif
    if (rc == BC_OK && !isfinite(train_ll))
        rc = bc_fail(BC_E_NUMERIC, "bc_trainer_fit: training loss is not finite (%g)", train_ll);
    if (rc == BC_OK) {
        record_metrics(m, &job, train_ll, ll, acc, brier);
        char mode[16];
        if (strcmp(t->mode, "auto") == 0) {
            bc_hw_resources r;
            bc_hw_probe(NULL, &r);
            snprintf(mode, sizeof mode, "%s", bc_hw_mode(&r));
        } else {
            snprintf(mode, sizeof mode, "%s", t->mode);
        }
        rc = bc_model_set_mode(m, mode, bc_hw_feature_flags_json(mode));
    }
    if (rc == BC_OK)
        rc = bc_model_set_training_info(m, 0.0, (int64_t)time(NULL), n_train, -1);
    if (rc == BC_OK && t->features)
        rc = record_features(m, t->features);
    bc_backend_free(backend);
    free(xn_owned);
    free(w);
    if (rc != BC_OK)
        bc_model_free(m);
    else
        *out = m;
done_cancel:
    __atomic_store_n(&t->cancel, 0, __ATOMIC_SEQ_CST);
    return rc;
}
