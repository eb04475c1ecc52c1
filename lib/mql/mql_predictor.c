/*
 * mql_predictor.c - predictors as MQL5 ids: made from a model id, fed one
 * closed bar at a time, told the EA's real position, and writing decision
 * logs. A predictor holds a reference on its model (mql.h), so the EA may
 * release the model id first; online updates of the model (bc_mql_model_
 * update) are seen from the predictor's next bar on.
 */
#include "mql/mql.h"

#include <stdlib.h>

typedef struct mql_predictor {
    bc_predictor *predictor;
    bc_mql_model_ref *model;
} mql_predictor;

static void predictor_destroy(void *object)
{
    mql_predictor *p = object;
    bc_predictor_free(p->predictor); /* closes its logs before the model goes */
    bc_mql_model_unref(p->model);
    free(p);
}

static const bc_mql_type predictor_type = {BC_MQL_TAG_PREDICTOR, "predictor",
                                           predictor_destroy};

static int32_t get_predictor(int64_t id, bc_predictor **out)
{
    void *object = NULL;
    int32_t rc = bc_mql_handle_get(&predictor_type, id, &object);
    *out = rc == BC_OK ? ((mql_predictor *)object)->predictor : NULL;
    return rc;
}

int32_t bc_mql_predictor_create(int64_t model_id, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_predictor_create: id is NULL");
    *id = 0;
    mql_predictor *p = calloc(1, sizeof *p);
    if (!p)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_mql_predictor_create: out of memory");
    int32_t rc = bc_mql_model_acquire(model_id, &p->model);
    if (rc == BC_OK)
        rc = bc_predictor_create(bc_mql_model_get(p->model), &p->predictor);
    if (rc != BC_OK) {
        bc_mql_model_unref(p->model);
        free(p);
        return rc;
    }
    return bc_mql_handle_new(&predictor_type, p, id);
}

int32_t bc_mql_predictor_set(int64_t id, const uint16_t *key, const uint16_t *value)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    if (rc != BC_OK)
        return rc;
    char *k = NULL, *v = NULL;
    rc = bc_mql_text_in(key, "bc_mql_predictor_set: key", &k);
    if (rc == BC_OK)
        rc = bc_mql_text_in(value, "bc_mql_predictor_set: value", &v);
    if (rc == BC_OK)
        rc = bc_predictor_set(p, k, v);
    free(k);
    free(v);
    return rc;
}

int32_t bc_mql_predictor_update(int64_t id, int64_t time, double open, double high, double low,
                                double close, double volume, double *probs, int32_t capacity,
                                int32_t *decision)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    if (rc != BC_OK)
        return rc;
    if (!decision)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_predictor_update: decision is NULL");
    rc = bc_mql_check_output(probs, capacity, 0, "bc_mql_predictor_update: probs");
    if (rc != BC_OK)
        return rc;
    return bc_predictor_update(p, time, open, high, low, close, volume, probs, capacity,
                               decision);
}

int32_t bc_mql_predictor_observe(int64_t id, int64_t time, double open, double high, double low,
                                 double close, double volume)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_observe(p, time, open, high, low, close, volume) : rc;
}

int32_t bc_mql_predictor_set_position(int64_t id, int32_t direction, int32_t bars_held,
                                      double entry_price)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_set_position(p, direction, bars_held, entry_price) : rc;
}

int32_t bc_mql_predictor_set_symbol_embedding(int64_t id, const double *values, int32_t n)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_set_symbol_embedding(p, values, n) : rc;
}

int32_t bc_mql_predictor_position(int64_t id, int32_t *direction, int32_t *bars_held,
                                  double *entry_price)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_position(p, direction, bars_held, entry_price) : rc;
}

int32_t bc_mql_predictor_levels(int64_t id, double *sl, double *tp, int32_t *rules)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_levels(p, sl, tp, rules) : rc;
}

int32_t bc_mql_predictor_last(int64_t id, double *p_act, double *threshold)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_last(p, p_act, threshold) : rc;
}

int32_t bc_mql_predictor_reset(int64_t id)
{
    bc_predictor *p = NULL;
    int32_t rc = get_predictor(id, &p);
    return rc == BC_OK ? bc_predictor_reset(p) : rc;
}
