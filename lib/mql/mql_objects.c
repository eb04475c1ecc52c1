/*
 * mql_objects.c - objects MQL5 holds by int64 id: the per-tag type table
 * (name + destructor), issuing and resolving ids, and the one release that
 * frees any kind. The ids themselves come from the core handle table, which
 * owns the generation/stale checks; this file adds names and ownership.
 */
#include "mql/mql.h"

#include <pthread.h>

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;
static const bc_mql_type *types[BC_HANDLE_TAG_MAX + 1];

int32_t bc_mql_register_type(const bc_mql_type *type)
{
    if (!type || type->tag < BC_HANDLE_TAG_MIN || type->tag > BC_HANDLE_TAG_MAX ||
        !type->name || !type->destroy)
        return bc_fail(BC_E_INTERNAL, "mql: malformed object type (tag %u)",
                       type ? (unsigned)type->tag : 0u);
    int32_t rc = BC_OK;
    pthread_mutex_lock(&types_lock);
    const bc_mql_type *had = types[type->tag];
    if (!had)
        types[type->tag] = type;
    else if (had != type)
        rc = bc_fail(BC_E_INTERNAL, "mql: tag %u is taken by '%s', cannot register '%s'",
                     (unsigned)type->tag, had->name, type->name);
    pthread_mutex_unlock(&types_lock);
    return rc;
}

const bc_mql_type *bc_mql_type_of_tag(uint32_t tag)
{
    if (tag < BC_HANDLE_TAG_MIN || tag > BC_HANDLE_TAG_MAX)
        return NULL;
    pthread_mutex_lock(&types_lock);
    const bc_mql_type *t = types[tag];
    pthread_mutex_unlock(&types_lock);
    return t;
}

int32_t bc_mql_handle_new(const bc_mql_type *type, void *object, int64_t *out_id)
{
    if (out_id)
        *out_id = 0;
    int32_t rc = bc_mql_register_type(type);
    if (rc != BC_OK) {
        /* No destructor can be trusted for a malformed type: the object
         * leaks rather than being freed the wrong way (a bug either way). */
        return rc;
    }
    if (!object || !out_id) {
        if (object)
            type->destroy(object);
        return bc_fail(BC_E_INVALID_ARGUMENT, "mql: new %s id: %s is NULL",
                       type->name, object ? "id pointer" : "object");
    }
    rc = bc_handle_insert(type->tag, object, out_id);
    if (rc != BC_OK) {
        type->destroy(object);
        *out_id = 0;
    }
    return rc;
}

/* Rewrites a wrong-type failure with kind names instead of tag numbers. */
static int32_t wrong_type(int64_t id, const bc_mql_type *expected)
{
    const bc_mql_type *actual = bc_mql_type_of_tag(bc_handle_tag_of(id));
    return bc_fail(BC_E_WRONG_HANDLE_TYPE, "id %lld is of kind '%s', expected '%s'",
                   (long long)id, actual ? actual->name : "unknown", expected->name);
}

int32_t bc_mql_handle_get(const bc_mql_type *type, int64_t id, void **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "mql: lookup output is NULL");
    *out = NULL;
    int32_t rc = bc_handle_lookup(id, type->tag, out);
    if (rc == BC_E_WRONG_HANDLE_TYPE)
        return wrong_type(id, type);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s id: ", type->name);
    return BC_OK;
}

int32_t bc_mql_release(int64_t id)
{
    const bc_mql_type *type = bc_mql_type_of_tag(bc_handle_tag_of(id));
    if (!type)
        return bc_fail(BC_E_BAD_HANDLE, "bc_mql_release: id %lld was never issued",
                       (long long)id);
    void *object = NULL;
    int32_t rc = bc_handle_remove(id, type->tag, &object);
    if (rc != BC_OK)
        return bc_fail_context(rc, "bc_mql_release: ");
    type->destroy(object);
    return BC_OK;
}

int32_t bc_mql_live_count(void) { return bc_handle_live_count(); }
