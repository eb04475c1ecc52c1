/*
 * policy.c - a trained recurrent policy (bc_policy): the policy section of
 * PPO files (network shape, weights, the training env's description) and
 * greedy stepping of n streams with their GRU states carried. The forward
 * pass is gru_ac.c's, the same the trainer runs.
 */
#include "rl/policy_io.h"

#include "backend/backend.h"
#include "core/internal.h"
#include "env/env_state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_MAX_STREAMS 1048576

int32_t rl_check_shape(const char *path, uint32_t obs, uint32_t hidden, uint32_t head,
                       uint32_t layers, uint32_t actions)
{
    if (obs < 1 || obs > 1000000)
        return bc_fail(BC_E_CORRUPT, "%s: observation size %u out of range", path, obs);
    if (hidden < 1 || hidden > 4096)
        return bc_fail(BC_E_CORRUPT, "%s: hidden_dim %u out of range", path, hidden);
    if (head < 1 || head > 4096)
        return bc_fail(BC_E_CORRUPT, "%s: head_dim %u out of range", path, head);
    if (layers < 1 || layers > RL_MAX_GRU_LAYERS)
        return bc_fail(BC_E_CORRUPT, "%s: gru_layers %u out of range", path, layers);
    if (actions < 2 || actions > 4096)
        return bc_fail(BC_E_CORRUPT, "%s: action count %u out of range", path, actions);
    return BC_OK;
}

int32_t rl_policy_write(rl_out *o, const rl_net *net, const float *params, const bc_env *env)
{
    rl_out_u32(o, (uint32_t)net->obs);
    rl_out_u32(o, (uint32_t)net->hidden);
    rl_out_u32(o, (uint32_t)net->head);
    rl_out_u32(o, (uint32_t)net->layers);
    rl_out_u32(o, (uint32_t)net->actions);
    rl_out_u64(o, (uint64_t)net->n_params);
    rl_out_bytes(o, params, (size_t)net->n_params * sizeof(float));
    rl_out_str(o, bc_env_features_spec(env));
    rl_out_u32(o, (uint32_t)bc_env_episode_length(env));
    rl_out_u32(o, (uint32_t)net->obs);
    for (int32_t i = 0; i < net->obs; i++) {
        char name[512];
        int32_t len = 0;
        if (bc_env_observation_name(env, i, name, (int32_t)sizeof name, &len) != BC_OK)
            name[0] = '\0';
        rl_out_str(o, name);
    }
    return BC_OK;
}

void rl_policy_meta_free(rl_policy_meta *m)
{
    free(m->features);
    for (int32_t i = 0; m->names && i < m->n_names; i++)
        free(m->names[i]);
    free(m->names);
    memset(m, 0, sizeof *m);
}

int32_t rl_policy_read(rl_in *in, rl_net *net, float **params, rl_policy_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    *params = NULL;
    uint32_t obs, hidden, head, layers, actions, length, n_names;
    uint64_t n_params;
    int32_t rc = rl_in_u32(in, &obs, "the observation size");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &hidden, "hidden_dim");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &head, "head_dim");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &layers, "gru_layers");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &actions, "the action count");
    if (rc == BC_OK)
        rc = rl_check_shape(in->path, obs, hidden, head, layers, actions);
    if (rc == BC_OK)
        rc = rl_in_u64(in, &n_params, "the parameter count");
    if (rc != BC_OK)
        return rc;
    rl_net_layout(net, (int32_t)obs, (int32_t)hidden, (int32_t)head, (int32_t)layers,
                  (int32_t)actions);
    if (n_params != (uint64_t)net->n_params)
        return bc_fail(BC_E_CORRUPT, "%s: %llu parameters, the shape needs %lld", in->path,
                       (unsigned long long)n_params, (long long)net->n_params);
    *params = malloc((size_t)n_params * sizeof(float));
    if (!*params)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %llu parameters", in->path,
                       (unsigned long long)n_params);
    rc = rl_in_bytes(in, *params, (size_t)n_params * sizeof(float), "the weights");
    for (uint64_t i = 0; rc == BC_OK && i < n_params; i++)
        if (!isfinite((*params)[i]))
            rc = bc_fail(BC_E_CORRUPT, "%s: weight %llu is not finite", in->path,
                         (unsigned long long)i);
    if (rc == BC_OK)
        rc = rl_in_str(in, &meta->features, "the features spec");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &length, "the episode length");
    if (rc == BC_OK)
        rc = rl_in_u32(in, &n_names, "the observation names");
    if (rc == BC_OK && n_names != obs)
        rc = bc_fail(BC_E_CORRUPT, "%s: %u observation names for %u columns", in->path, n_names,
                     obs);
    if (rc == BC_OK) {
        meta->episode_length = (int32_t)length;
        meta->names = calloc(n_names, sizeof *meta->names);
        if (!meta->names)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", in->path);
        else
            meta->n_names = (int32_t)n_names;
    }
    for (uint32_t i = 0; rc == BC_OK && i < n_names; i++)
        rc = rl_in_str(in, &meta->names[i], "an observation name");
    if (rc != BC_OK) {
        free(*params);
        *params = NULL;
        rl_policy_meta_free(meta);
    }
    return rc;
}

/* ---- bc_policy ------------------------------------------------------------ */

struct bc_policy {
    rl_net net;
    float *params;
    rl_policy_meta meta;
    bc_backend *be;
    rl_tape *tape;
    int32_t n;        /* streams the state is sized for */
    float *h, *h_next; /* [layers x n x hidden] */
    uint8_t *starts;
};

BC_API int32_t bc_policy_load(const char *path, bc_policy **out)
{
    if (!path || !out)
        return bc_fail_null("bc_policy_load", "path", (const void *)path, "out",
                            (const void *)out, (const char *)NULL);
    *out = NULL;
    bc_policy *p = calloc(1, sizeof *p);
    if (!p)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_policy_load: out of memory");
    rl_in in;
    int32_t rc = rl_in_open(&in, path, 0);
    if (rc == BC_OK) {
        rc = rl_policy_read(&in, &p->net, &p->params, &p->meta);
        rl_in_close(&in);
    }
    if (rc == BC_OK)
        rc = bc_backend_init("cpu", &p->be);
    if (rc != BC_OK) {
        bc_policy_free(p);
        return rc;
    }
    *out = p;
    return BC_OK;
}

BC_API int32_t bc_policy_observation_size(const bc_policy *p) { return p ? p->net.obs : 0; }
BC_API int32_t bc_policy_action_count(const bc_policy *p) { return p ? p->net.actions : 0; }
BC_API const char *bc_policy_features(const bc_policy *p) { return p ? p->meta.features : NULL; }

BC_API int32_t bc_policy_observation_name(const bc_policy *p, int32_t i, char *buf,
                                          int32_t capacity, int32_t *length)
{
    if (!p || (capacity > 0 && !buf) || capacity < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_policy_observation_name: NULL policy, or NULL buf with capacity %d",
                       (int)capacity);
    if (i < 0 || i >= p->meta.n_names)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_policy_observation_name: column %d outside 0..%d", (int)i,
                       (int)p->meta.n_names - 1);
    const char *name = p->meta.names[i];
    int32_t len = (int32_t)strlen(name);
    if (length)
        *length = len;
    if (capacity <= len)
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_policy_observation_name: capacity %d, the name needs %d",
                       (int)capacity, (int)len + 1);
    memcpy(buf, name, (size_t)len + 1);
    return BC_OK;
}

static int32_t policy_resize(bc_policy *p, int32_t n)
{
    const size_t state = (size_t)p->net.layers * (size_t)n * (size_t)p->net.hidden;
    rl_tape *tape = rl_tape_create(&p->net, n, n);
    float *h = calloc(state, sizeof *h), *h_next = calloc(state, sizeof *h_next);
    uint8_t *starts = calloc((size_t)n, 1);
    if (!tape || !h || !h_next || !starts) {
        rl_tape_free(tape);
        free(h);
        free(h_next);
        free(starts);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_policy_act: out of memory for %d streams", (int)n);
    }
    rl_tape_free(p->tape);
    free(p->h);
    free(p->h_next);
    free(p->starts);
    p->tape = tape;
    p->h = h;
    p->h_next = h_next;
    p->starts = starts;
    p->n = n;
    return BC_OK;
}

BC_API int32_t bc_policy_act(bc_policy *p, const float *obs, int32_t n, const uint8_t *starts,
                             int32_t *actions, float *probs)
{
    if (!p || !obs || !actions)
        return bc_fail_null("bc_policy_act", "policy", (const void *)p, "obs",
                            (const void *)obs, "actions", (const void *)actions,
                            (const char *)NULL);
    if (n < 1 || n > POLICY_MAX_STREAMS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_policy_act: n = %d, expected 1..%d", (int)n,
                       POLICY_MAX_STREAMS);
    const int32_t D = p->net.obs, A = p->net.actions;
    for (int64_t i = 0; i < (int64_t)n * D; i++)
        if (!isfinite(obs[i]))
            return bc_fail(BC_E_NUMERIC, "bc_policy_act: observation of stream %lld, column %lld "
                           "is not finite", (long long)(i / D), (long long)(i % D));
    if (n != p->n) {
        int32_t rc = policy_resize(p, n);
        if (rc != BC_OK)
            return rc;
    }
    for (int32_t i = 0; i < n; i++)
        p->starts[i] = starts ? (starts[i] != 0) : 0;
    int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->tape, obs, p->starts, p->h, 1, n,
                                p->h_next, 0.0f, 0, 0, 1);
    if (rc != BC_OK)
        return rc;
    float *swap = p->h;
    p->h = p->h_next;
    p->h_next = swap;
    for (int32_t i = 0; i < n; i++) {
        const float *z = p->tape->logits + (int64_t)i * A;
        int32_t best = 0;
        for (int32_t a = 1; a < A; a++)
            if (z[a] > z[best])
                best = a;
        actions[i] = best;
        if (probs) {
            double sum = 0.0;
            for (int32_t a = 0; a < A; a++)
                sum += exp((double)z[a] - z[best]);
            for (int32_t a = 0; a < A; a++)
                probs[(int64_t)i * A + a] = (float)(exp((double)z[a] - z[best]) / sum);
        }
    }
    return BC_OK;
}

BC_API void bc_policy_free(bc_policy *p)
{
    if (!p)
        return;
    free(p->params);
    rl_policy_meta_free(&p->meta);
    bc_backend_free(p->be);
    rl_tape_free(p->tape);
    free(p->h);
    free(p->h_next);
    free(p->starts);
    free(p);
}
