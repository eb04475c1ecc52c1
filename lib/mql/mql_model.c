/*
 * mql_model.c - models as MQL5 ids: load from a file or from bytes, save,
 * describe, predict one row, and learn online from labeled rows. Each load
 * gives the EA its own model, so bc_mql_model_update changes nobody else's.
 * Models are reference counted (see mql.h): predictors keep theirs alive.
 */
#include "mql/mql.h"
#include "model/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct bc_mql_model_ref {
    bc_model *model;
    atomic_int refs;
};

static void model_destroy(void *object) { bc_mql_model_unref(object); }

static const bc_mql_type model_type = {BC_MQL_TAG_MODEL, "model", model_destroy};

bc_model *bc_mql_model_get(const bc_mql_model_ref *ref) { return ref->model; }

void bc_mql_model_unref(bc_mql_model_ref *ref)
{
    if (ref && atomic_fetch_sub(&ref->refs, 1) == 1) {
        bc_model_free(ref->model);
        free(ref);
    }
}

int32_t bc_mql_model_acquire(int64_t model_id, bc_mql_model_ref **out)
{
    void *object = NULL;
    int32_t rc = bc_mql_handle_get(&model_type, model_id, &object);
    if (rc != BC_OK)
        return rc;
    bc_mql_model_ref *ref = object;
    atomic_fetch_add(&ref->refs, 1);
    *out = ref;
    return BC_OK;
}

/* Wraps a freshly loaded model in a reference and issues its id. */
static int32_t issue(bc_model *model, int64_t *id)
{
    bc_mql_model_ref *ref = malloc(sizeof *ref);
    if (!ref) {
        bc_model_free(model);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model id: out of memory");
    }
    ref->model = model;
    atomic_init(&ref->refs, 1);
    return bc_mql_handle_new(&model_type, ref, id);
}

static int32_t get_model(int64_t id, bc_model **out)
{
    void *object = NULL;
    int32_t rc = bc_mql_handle_get(&model_type, id, &object);
    *out = rc == BC_OK ? ((bc_mql_model_ref *)object)->model : NULL;
    return rc;
}

int32_t bc_mql_model_load(const uint16_t *path, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_load: id is NULL");
    *id = 0;
    char *utf8 = NULL;
    int32_t rc = bc_mql_path_in(path, &utf8);
    if (rc != BC_OK)
        return bc_fail_context(rc, "bc_mql_model_load: ");
    bc_model *model = NULL;
    rc = bc_model_load(utf8, &model);
    free(utf8);
    return rc == BC_OK ? issue(model, id) : rc;
}

int32_t bc_mql_model_load_bytes(const uint8_t *data, int32_t size, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_load_bytes: id is NULL");
    *id = 0;
    if (size < 1 || !data)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_load_bytes: %s",
                       !data ? "data is NULL" : "size is not positive");
    int32_t rc;
    bc_model *model = NULL;
    rc = bc_model_load_bytes(data, size, &model);
    return rc == BC_OK ? issue(model, id) : rc;
}

int32_t bc_mql_model_save(int64_t id, const uint16_t *path)
{
    bc_model *model = NULL;
    int32_t rc = get_model(id, &model);
    if (rc != BC_OK)
        return rc;
    char *utf8 = NULL;
    rc = bc_mql_path_in(path, &utf8);
    if (rc != BC_OK)
        return bc_fail_context(rc, "bc_mql_model_save: ");
    rc = bc_model_save_ex(model, utf8, BC_MODEL_SAVE_UNCOMPRESSED);
    free(utf8);
    return rc;
}

int32_t bc_mql_model_num_features(int64_t id)
{
    bc_model *model = NULL;
    int32_t rc = get_model(id, &model);
    return rc == BC_OK ? model->n_features : rc;
}

int32_t bc_mql_model_num_classes(int64_t id)
{
    bc_model *model = NULL;
    int32_t rc = get_model(id, &model);
    return rc == BC_OK ? model->n_classes : rc;
}

/* Appends printf output to a growing text; keeps *failed on no memory. */
static void append(char **text, size_t *length, int *failed, const char *fmt, ...)
{
    if (*failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *grown = n >= 0 ? realloc(*text, *length + (size_t)n + 1) : NULL;
    if (!grown) {
        *failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(grown + *length, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *text = grown;
    *length += (size_t)n;
}

int32_t bc_mql_model_info(int64_t id, uint16_t *buf, int32_t capacity)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    if (rc != BC_OK)
        return rc;
    char *text = NULL;
    size_t length = 0;
    int failed = 0;
    append(&text, &length, &failed, "kind=%s\nfeatures=%d\nclasses=%d\nlayers=%d\n",
           bc_model_kind_name(m->kind) ? bc_model_kind_name(m->kind) : "unknown",
           (int)m->n_features, (int)m->n_classes, (int)m->n_layers);
    append(&text, &length, &failed, "hidden=");
    for (int32_t l = 0; l + 1 < m->n_layers; l++)
        append(&text, &length, &failed, "%s%d", l ? "," : "", (int)m->layers[l].out);
    append(&text, &length, &failed, "\nthreshold=%.17g\ncalibrated=%d\nnormalization=%s\nmode=%s\n",
           m->threshold, (int)m->has_calibration,
           bc_norm_kind_name(m->norm_kind) ? bc_norm_kind_name(m->norm_kind) : "unknown",
           m->mode);
    append(&text, &length, &failed, "class_names=");
    for (int32_t c = 0; c < m->n_classes; c++)
        append(&text, &length, &failed, "%s%s", c ? "," : "", m->class_names[c]);
    append(&text, &length, &failed, "\nfeature_spec=%s\n",
           m->feature_spec ? m->feature_spec : "");
    append(&text, &length, &failed,
           "symbol=%s\nbar_seconds=%lld\ntime_zone=%s\nsl_distance=%.17g\ntp_distance=%.17g\n",
           m->market.symbol, (long long)m->market.bar_seconds, m->market.time_zone,
           m->market.sl_distance, m->market.tp_distance);
    if (failed) {
        free(text);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_mql_model_info: out of memory");
    }
    rc = bc_mql_text_out(text, buf, capacity, "bc_mql_model_info");
    free(text);
    return rc;
}

int32_t bc_mql_model_feature_name(int64_t id, int32_t index, uint16_t *buf, int32_t capacity)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    if (rc != BC_OK)
        return rc;
    if (index < 0 || index >= m->n_features)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_mql_model_feature_name: index %d is outside 0..%d", (int)index,
                       (int)m->n_features - 1);
    return bc_mql_text_out(m->feature_names[index], buf, capacity, "bc_mql_model_feature_name");
}

int32_t bc_mql_model_predict(int64_t id, const double *x, int32_t n_features, double *probs,
                             int32_t capacity)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    if (rc != BC_OK)
        return rc;
    rc = bc_mql_check_array(x, n_features, 0, "bc_mql_model_predict: x");
    if (rc == BC_OK)
        rc = bc_mql_check_output(probs, capacity, 0, "bc_mql_model_predict: probs");
    if (rc != BC_OK)
        return rc;
    return bc_model_predict(m, x, 1, n_features, probs, capacity);
}

int32_t bc_mql_model_update(int64_t id, const double *x, int32_t x_count, const int32_t *y,
                            int32_t n, const double *weights, int32_t n_weights,
                            int32_t n_features, double learning_rate, double l2)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    if (rc != BC_OK)
        return rc;
    if (n < 1 || n_features < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_mql_model_update: n = %d rows of %d features, needs at least 1 of each",
                       (int)n, (int)n_features);
    rc = bc_mql_check_array(y, n, n, "bc_mql_model_update: y");
    if (rc == BC_OK && x_count != (int64_t)n * n_features)
        rc = bc_fail(BC_E_SHAPE, "bc_mql_model_update: x has %d values, expected %d rows x %d = %lld",
                     (int)x_count, (int)n, (int)n_features, (long long)n * n_features);
    if (rc == BC_OK)
        rc = bc_mql_check_array(x, x_count, x_count, "bc_mql_model_update: x");
    if (rc == BC_OK && n_weights != 0 && n_weights != n)
        rc = bc_fail(BC_E_SHAPE,
                     "bc_mql_model_update: weights has %d values, expected 0 (all 1) or n = %d",
                     (int)n_weights, (int)n);
    if (rc == BC_OK)
        rc = bc_mql_check_array(weights, n_weights, 0, "bc_mql_model_update: weights");
    if (rc != BC_OK)
        return rc;
    return bc_model_update(m, x, y, n_weights ? weights : NULL, n, n_features, learning_rate,
                           l2);
}

/* ---- where the model's bars came from ------------------------------------ */

int32_t bc_mql_model_symbol(int64_t id, uint16_t *buf, int32_t capacity)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    return rc == BC_OK ? bc_mql_text_out(m->market.symbol, buf, capacity, "bc_mql_model_symbol")
                       : rc;
}

int32_t bc_mql_model_bar_seconds(int64_t id)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    /* At most 31 days (bc_model_set_market), so it fits an int. */
    return rc == BC_OK ? (int32_t)m->market.bar_seconds : rc;
}

int32_t bc_mql_model_time_zone(int64_t id, uint16_t *buf, int32_t capacity)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    return rc == BC_OK
               ? bc_mql_text_out(m->market.time_zone, buf, capacity, "bc_mql_model_time_zone")
               : rc;
}

int32_t bc_mql_model_stops(int64_t id, double *sl_distance, double *tp_distance)
{
    bc_model *m = NULL;
    int32_t rc = get_model(id, &m);
    if (rc != BC_OK)
        return rc;
    if (!sl_distance || !tp_distance)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_stops: %s is NULL",
                       !sl_distance ? "sl_distance" : "tp_distance");
    return bc_model_stops(m, sl_distance, tp_distance);
}

int32_t bc_mql_time_zone_parse(const uint16_t *zone, int32_t *utc_offset_minutes,
                               int32_t *is_server)
{
    if (!utc_offset_minutes || !is_server)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_time_zone_parse: %s is NULL",
                       !utc_offset_minutes ? "utc_offset_minutes" : "is_server");
    char *utf8 = NULL;
    int32_t rc = bc_mql_text_in(zone, "bc_mql_time_zone_parse: zone", &utf8);
    if (rc != BC_OK)
        return rc;
    rc = bc_time_zone_parse(utf8, utc_offset_minutes, is_server, NULL, 0);
    free(utf8);
    return rc;
}
