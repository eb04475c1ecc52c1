/*
 * mql_backend.c - compute backends as MQL5 ids: start one by name, ask what
 * it runs on, release it with bc_mql_release. The first object kind of the
 * shim; models and predictors follow the same shape.
 */
#include "mql/mql.h"

#include <stdlib.h>

static void backend_destroy(void *object) { bc_backend_free(object); }

static const bc_mql_type backend_type = {BC_MQL_TAG_BACKEND, "backend",
                                         backend_destroy};

int32_t bc_mql_backend_create(const uint16_t *name, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_backend_create: id is NULL");
    *id = 0;
    char *utf8 = NULL;
    int32_t rc = bc_mql_text_in(name, "bc_mql_backend_create: name", &utf8);
    if (rc != BC_OK)
        return rc;
    bc_backend *backend = NULL;
    rc = bc_backend_init(utf8, &backend);
    free(utf8);
    if (rc != BC_OK)
        return rc;
    return bc_mql_handle_new(&backend_type, backend, id);
}

int32_t bc_mql_backend_kind(int64_t id, uint16_t *buf, int32_t capacity)
{
    void *backend = NULL;
    int32_t rc = bc_mql_handle_get(&backend_type, id, &backend);
    if (rc != BC_OK)
        return rc;
    return bc_mql_text_out(bc_backend_kind(backend), buf, capacity,
                           "bc_mql_backend_kind");
}
