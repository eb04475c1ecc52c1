/*
 * mql_features.c - the feature engine as an MQL5 id: an EA that computes
 * its own inputs (or checks the model's) gets exactly the columns training
 * saw, one closed bar at a time.
 */
#include "mql/mql.h"

#include <stdlib.h>

static void features_destroy(void *object) { bc_features_free(object); }

static const bc_mql_type features_type = {BC_MQL_TAG_FEATURES, "features", features_destroy};

int32_t bc_mql_features_create(const uint16_t *spec, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_features_create: id is NULL");
    *id = 0;
    char *utf8 = NULL;
    int32_t rc = bc_mql_text_in(spec, "bc_mql_features_create: spec", &utf8);
    if (rc != BC_OK)
        return rc;
    bc_features *f = NULL;
    rc = bc_features_create(utf8, &f);
    free(utf8);
    return rc == BC_OK ? bc_mql_handle_new(&features_type, f, id) : rc;
}

int32_t bc_mql_features_count(int64_t id)
{
    void *f = NULL;
    int32_t rc = bc_mql_handle_get(&features_type, id, &f);
    return rc == BC_OK ? bc_features_count(f) : rc;
}

int32_t bc_mql_features_name(int64_t id, int32_t index, uint16_t *buf, int32_t capacity)
{
    void *f = NULL;
    int32_t rc = bc_mql_handle_get(&features_type, id, &f);
    if (rc != BC_OK)
        return rc;
    int32_t length = 0;
    rc = bc_features_name(f, index, NULL, 0, &length);
    if (rc != BC_OK && rc != BC_E_BUFFER_TOO_SMALL)
        return rc;
    char *name = malloc((size_t)length + 1);
    if (!name)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_mql_features_name: out of memory");
    rc = bc_features_name(f, index, name, length + 1, &length);
    if (rc == BC_OK)
        rc = bc_mql_text_out(name, buf, capacity, "bc_mql_features_name");
    free(name);
    return rc;
}

int32_t bc_mql_features_update(int64_t id, int64_t time, double open, double high, double low,
                               double close, double volume, double *out, int32_t capacity)
{
    void *f = NULL;
    int32_t rc = bc_mql_handle_get(&features_type, id, &f);
    if (rc != BC_OK)
        return rc;
    rc = bc_mql_check_output(out, capacity, bc_features_count(f), "bc_mql_features_update: out");
    if (rc != BC_OK)
        return rc;
    return bc_features_update(f, time, open, high, low, close, volume, out, capacity);
}
