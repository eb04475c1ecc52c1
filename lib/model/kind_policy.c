/*
 * kind_policy.c - the recurrent policy kind (BC_MODEL_POLICY) behind
 * model/kind.h's seam: lib/rl's GRU actor-critic held by a model. It has no
 * row-by-row forward (it carries a GRU state: bc_policy_from_model and
 * bc_policy_step run it, lib/rl/gru_ac.c) and no classifier IR (it exports
 * through its one-step ONNX graph); what the seam asks of it is its
 * validation, payload and file image.
 */
#include "model/kind.h"

#include "core/internal.h"
#include "rl/policy_io.h"
#include "rl/rl_file.h"

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

static int32_t policy_validate(const bc_model *m)
{
    if (m->n_layers != 0 || !m->policy || m->policy->net.obs != m->n_features ||
        m->policy->net.actions != m->n_classes)
        return bc_fail(BC_E_CORRUPT, "policy model with %d layers and %s", (int)m->n_layers,
                       m->policy ? "a network of another shape" : "no network");
    return BC_OK;
}

static int32_t policy_clone(const bc_model *src, bc_model *dst)
{
    return src->policy ? rl_policy_net_clone(src->policy, &dst->policy) : BC_OK;
}

static void policy_free(bc_model *m)
{
    rl_policy_net_free(m->policy);
    m->policy = NULL;
}

#ifdef BC_HAVE_JANSSON
/* The network's shape under "policy" in the metadata summary. */
static void policy_json_info(const bc_model *m, json_t *root)
{
    const rl_net *net = &m->policy->net;
    json_t *pol = json_object();
    json_object_set_new(pol, "observations", json_integer(net->obs));
    json_object_set_new(pol, "hidden_dim", json_integer(net->hidden));
    json_object_set_new(pol, "gru_layers", json_integer(net->layers));
    json_object_set_new(pol, "head_dim", json_integer(net->head));
    json_object_set_new(pol, "actions", json_integer(net->actions));
    json_object_set_new(pol, "parameters", json_integer(net->n_params));
    json_object_set_new(pol, "episode_length", json_integer(m->policy->episode_length));
    json_object_set_new(root, "policy", pol);
}
#endif

const bc_model_kind_ops bc_model_kind_policy = {
    .kind = BC_MODEL_POLICY,
    .name = "policy",
    .has_layers = 0,
    .validate = policy_validate,
    .clone = policy_clone,
    .free_payload = policy_free,
    .no_rows = "a policy model is recurrent (it carries a GRU state from step to step): step "
               "it with bc_policy_from_model and bc_policy_step, or export it to ONNX",
    .json_info = BC_KIND_JSON(policy_json_info),
    .save_image = rl_policy_model_image,
    .image_magic = rl_image_magic,
    .load_image = rl_policy_model_from_image,
};
