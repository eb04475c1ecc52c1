/*
 * mql_policy.c - trained recurrent policies as MQL5 ids: made from a model
 * id of type "policy" (bc_mql_model_load on rl-train's policy.bcp), stepped
 * one observation row at a time with the GRU state carried inside the DLL
 * (bc_policy_step), reset when an episode begins. The policy holds its own
 * copy of the weights, so the EA may release the model id first. A step
 * allocates nothing: the float row and probabilities are sized here.
 */
#include "mql/mql.h"

#include <stdlib.h>

typedef struct mql_policy {
    bc_policy *policy;
    int32_t obs, actions;
    float *row, *probs; /* [obs], [actions] */
} mql_policy;

static void policy_destroy(void *object)
{
    mql_policy *p = object;
    bc_policy_free(p->policy);
    free(p->row);
    free(p->probs);
    free(p);
}

static const bc_mql_type policy_type = {BC_MQL_TAG_POLICY, "policy", policy_destroy};

int32_t bc_mql_policy_create(int64_t model_id, int64_t *id)
{
    if (!id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_policy_create: id is NULL");
    *id = 0;
    bc_mql_model_ref *ref = NULL;
    int32_t rc = bc_mql_model_acquire(model_id, &ref);
    if (rc != BC_OK)
        return rc;
    mql_policy *p = calloc(1, sizeof *p);
    if (!p)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_mql_policy_create: out of memory");
    if (rc == BC_OK)
        rc = bc_policy_from_model(bc_mql_model_get(ref), &p->policy);
    bc_mql_model_unref(ref); /* the policy copied the weights */
    if (rc == BC_OK) {
        p->obs = bc_policy_observation_size(p->policy);
        p->actions = bc_policy_action_count(p->policy);
        p->row = calloc((size_t)p->obs, sizeof *p->row);
        p->probs = calloc((size_t)p->actions, sizeof *p->probs);
        if (!p->row || !p->probs)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_mql_policy_create: out of memory");
    }
    if (rc != BC_OK) {
        if (p)
            policy_destroy(p);
        return rc;
    }
    return bc_mql_handle_new(&policy_type, p, id);
}

int32_t bc_mql_policy_step(int64_t id, const double *obs, int32_t obs_count, double *probs,
                           int32_t capacity, double *value, int32_t *action)
{
    void *object = NULL;
    int32_t rc = bc_mql_handle_get(&policy_type, id, &object);
    if (rc != BC_OK)
        return rc;
    mql_policy *p = object;
    if (!obs || !action)
        return bc_fail_null("bc_mql_policy_step", "obs", (const void *)obs, "action",
                            (const void *)action, (const char *)NULL);
    if (obs_count != p->obs)
        return bc_fail(BC_E_SHAPE, "bc_mql_policy_step: %d observations, the policy takes %d",
                       (int)obs_count, (int)p->obs);
    if (capacity < p->actions || (capacity > 0 && !probs))
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_mql_policy_step: probs capacity %d, the "
                       "policy has %d actions", (int)capacity, (int)p->actions);
    /* MQL5 passes doubles; the network runs in float (the row is rounded
     * once, as the ONNX export's float input is). */
    for (int32_t j = 0; j < p->obs; j++)
        p->row[j] = (float)obs[j];
    float v = 0.0f;
    rc = bc_policy_step(p->policy, p->row, p->probs, &v, action);
    if (rc != BC_OK)
        return rc;
    for (int32_t a = 0; a < p->actions; a++)
        probs[a] = (double)p->probs[a];
    if (value)
        *value = (double)v;
    return BC_OK;
}

int32_t bc_mql_policy_reset(int64_t id)
{
    void *object = NULL;
    int32_t rc = bc_mql_handle_get(&policy_type, id, &object);
    if (rc != BC_OK)
        return rc;
    return bc_policy_reset(((mql_policy *)object)->policy);
}
