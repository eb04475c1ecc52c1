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
#include "model/model.h"

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

/* By mask of BC_ENV_BARS_*: the present fields' letters in o-h-l-c-v order,
 * except the two kinds users name. */
static const char *const bars_names[16] = {"close", "oc",  "hc",   "ohc",  "lc",   "olc",
                                           "hlc",   "ohlc", "cv",  "ocv",  "hcv",  "ohcv",
                                           "lcv",   "olcv", "hlcv", "ohlcv"};

const char *rl_bars_name(int32_t bars)
{
    if (bars == BC_ENV_BARS_UNKNOWN)
        return "unknown";
    return bars >= 0 && bars <= BC_ENV_BARS_ALL ? bars_names[bars] : NULL;
}

int32_t rl_bars_parse(const char *name)
{
    for (int32_t b = 0; name && b <= BC_ENV_BARS_ALL; b++)
        if (strcmp(name, bars_names[b]) == 0)
            return b;
    return -2;
}

void rl_policy_write(rl_out *o, const rl_net *net, const float *params, const char *features,
                     int32_t episode_length, const char *const *names, int32_t bars,
                     int32_t n_assets)
{
    rl_out_u32(o, (uint32_t)net->obs);
    rl_out_u32(o, (uint32_t)net->hidden);
    rl_out_u32(o, (uint32_t)net->head);
    rl_out_u32(o, (uint32_t)net->layers);
    rl_out_u32(o, (uint32_t)net->actions);
    rl_out_u64(o, (uint64_t)net->n_params);
    rl_out_bytes(o, params, (size_t)net->n_params * sizeof(float));
    rl_out_str(o, features);
    rl_out_u32(o, (uint32_t)episode_length);
    rl_out_u32(o, (uint32_t)net->obs);
    for (int32_t i = 0; i < net->obs; i++)
        rl_out_str(o, names[i]);
    rl_out_str(o, rl_bars_name(bars));
    rl_out_u32(o, (uint32_t)n_assets);
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
    meta->bars = BC_ENV_BARS_UNKNOWN;
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
    if ((uint64_t)(in->end - in->p) / sizeof(float) < n_params) /* before allocating */
        return bc_fail(BC_E_CORRUPT, "%s: the payload ends inside the weights (%llu "
                       "parameters)", in->path, (unsigned long long)n_params);
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
    if (rc == BC_OK && in->version >= 2) {
        char *kind = NULL;
        uint32_t assets = 0;
        rc = rl_in_str(in, &kind, "the observation kind");
        /* "unknown": a version 1 policy saved again (bc_model_save) */
        if (rc == BC_OK && strcmp(kind, "unknown") != 0 &&
            (meta->bars = rl_bars_parse(kind)) < 0)
            rc = bc_fail(BC_E_CORRUPT, "%s: observation kind '%s' is not one this library "
                         "writes (close, ohlcv, bar letters such as hlc, or unknown)",
                         in->path, kind);
        free(kind);
        if (rc == BC_OK)
            rc = rl_in_u32(in, &assets, "the asset count");
        if (rc == BC_OK && (assets > obs || (assets < 1 && meta->bars != BC_ENV_BARS_UNKNOWN)))
            rc = bc_fail(BC_E_CORRUPT, "%s: %u assets for %u observation columns", in->path,
                         assets, obs);
        meta->n_assets = (int32_t)assets;
    }
    if (rc != BC_OK) {
        free(*params);
        *params = NULL;
        rl_policy_meta_free(meta);
    }
    return rc;
}

/* ---- the policy as a model ------------------------------------------------ */

void rl_policy_net_free(rl_policy_net *pn)
{
    if (!pn)
        return;
    free(pn->params);
    free(pn);
}

int32_t rl_policy_net_clone(const rl_policy_net *src, rl_policy_net **out)
{
    *out = NULL;
    rl_policy_net *pn = calloc(1, sizeof *pn);
    float *params = malloc((size_t)src->net.n_params * sizeof(float));
    if (!pn || !params) {
        free(pn);
        free(params);
        return bc_fail(BC_E_OUT_OF_MEMORY, "policy model: out of memory for %lld parameters",
                       (long long)src->net.n_params);
    }
    *pn = *src;
    memcpy(params, src->params, (size_t)src->net.n_params * sizeof(float));
    pn->params = params;
    *out = pn;
    return BC_OK;
}

int32_t rl_policy_model_from_image(const char *name, const uint8_t *data, uint64_t size,
                                   bc_model **out)
{
    *out = NULL;
    uint8_t *copy = malloc(size ? (size_t)size : 1);
    if (!copy)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %llu bytes", name,
                       (unsigned long long)size);
    memcpy(copy, data, (size_t)size);
    rl_in in;
    int32_t rc = rl_in_image(&in, name, copy, size, 0);
    if (rc != BC_OK)
        return rc;
    if (in.kind != RL_KIND_POLICY) {
        rl_in_close(&in);
        return bc_fail(BC_E_FORMAT, "%s: a PPO checkpoint, not a policy: bc_model_load reads "
                       "the policy file (bc_ppo_save_policy, rl-train's policy.bcp)", name);
    }
    rl_policy_net *pn = calloc(1, sizeof *pn);
    rl_policy_meta meta;
    memset(&meta, 0, sizeof meta);
    if (!pn)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", name);
    if (rc == BC_OK)
        rc = rl_policy_read(&in, &pn->net, &pn->params, &meta);
    if (rc == BC_OK && in.p != in.end)
        rc = bc_fail(BC_E_CORRUPT, "%s: %lld bytes after the policy section", name,
                     (long long)(in.end - in.p));
    rl_in_close(&in);
    bc_model *m = NULL;
    if (rc == BC_OK)
        rc = bc_model_create(BC_MODEL_POLICY, pn->net.obs, pn->net.actions, NULL, 0, 0, &m);
    if (rc == BC_OK) {
        pn->episode_length = meta.episode_length;
        pn->bars = meta.bars;
        pn->n_assets = meta.n_assets;
        m->policy = pn;
        pn = NULL;
        for (int32_t i = 0; rc == BC_OK && i < meta.n_names; i++)
            if (strlen(meta.names[i]) >= BC_MODEL_NAME_MAX)
                rc = bc_fail(BC_E_UNSUPPORTED, "observation name %d is %zu bytes, a model keeps "
                             "names of up to %d (bc_policy_load reads this file)", (int)i,
                             strlen(meta.names[i]), BC_MODEL_NAME_MAX - 1);
        if (rc == BC_OK)
            rc = bc_model_set_feature_names(m, (const char *const *)meta.names);
    }
    if (rc == BC_OK)
        rc = bc_model_set_feature_spec(m, meta.features ? meta.features : "");
    if (rc == BC_OK)
        rc = bc_model_set_mode(m, "rl", "{}");
    if (rc == BC_OK)
        rc = bc_model_validate(m);
    rl_policy_meta_free(&meta);
    rl_policy_net_free(pn);
    if (rc != BC_OK) {
        bc_model_free(m);
        return bc_fail_context(rc, "%s: ", name);
    }
    *out = m;
    return BC_OK;
}

int32_t rl_policy_model_image(const bc_model *m, uint8_t **image, uint64_t *size)
{
    const rl_policy_net *pn = m->policy;
    rl_out o = {0};
    rl_policy_write(&o, &pn->net, pn->params, m->feature_spec, pn->episode_length,
                    (const char *const *)m->feature_names, pn->bars, pn->n_assets);
    return rl_out_image(&o, RL_KIND_POLICY, image, size);
}

/* ---- bc_policy ------------------------------------------------------------ */

struct bc_policy {
    rl_net net;
    float *params;
    rl_policy_meta meta;
    int32_t n;       /* streams the state is sized for */
    float *h;        /* [n x layers x hidden]: stream i's state at i * layers * hidden */
    float *scratch;  /* rl_step_scratch_floats(net) */
    float *logits;   /* [actions] */
};

/* State for n streams and the step's scratch (zeroed). */
static int32_t policy_resize(bc_policy *p, int32_t n, const char *fn)
{
    const size_t state = (size_t)n * (size_t)p->net.layers * (size_t)p->net.hidden;
    float *h = calloc(state, sizeof *h);
    if (!h)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %d streams", fn, (int)n);
    free(p->h);
    p->h = h;
    p->n = n;
    return BC_OK;
}

/* A policy over net and params (ownership of params and meta passes, also
 * on failure), sized for one stream. */
static int32_t policy_new(const rl_net *net, float *params, rl_policy_meta *meta,
                          const char *fn, bc_policy **out)
{
    bc_policy *p = calloc(1, sizeof *p);
    if (!p) {
        free(params);
        rl_policy_meta_free(meta);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", fn);
    }
    p->net = *net;
    p->params = params;
    p->meta = *meta;
    memset(meta, 0, sizeof *meta);
    p->scratch = calloc((size_t)rl_step_scratch_floats(net), sizeof(float));
    p->logits = calloc((size_t)net->actions, sizeof(float));
    int32_t rc = p->scratch && p->logits ? policy_resize(p, 1, fn)
                                         : bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", fn);
    if (rc != BC_OK) {
        bc_policy_free(p);
        return rc;
    }
    *out = p;
    return BC_OK;
}

BC_API int32_t bc_policy_load(const char *path, bc_policy **out)
{
    if (!path || !out)
        return bc_fail_null("bc_policy_load", "path", (const void *)path, "out",
                            (const void *)out, (const char *)NULL);
    *out = NULL;
    rl_net net;
    float *params = NULL;
    rl_policy_meta meta;
    memset(&meta, 0, sizeof meta);
    rl_in in;
    int32_t rc = rl_in_open(&in, path, 0);
    if (rc != BC_OK)
        return rc;
    rc = rl_policy_read(&in, &net, &params, &meta);
    rl_in_close(&in);
    if (rc != BC_OK)
        return rc;
    return policy_new(&net, params, &meta, "bc_policy_load", out);
}

BC_API int32_t bc_policy_from_model(const bc_model *m, bc_policy **out)
{
    if (!m || !out)
        return bc_fail_null("bc_policy_from_model", "model", (const void *)m, "out",
                            (const void *)out, (const char *)NULL);
    *out = NULL;
    if (m->kind != BC_MODEL_POLICY || !m->policy)
        return bc_fail(BC_E_UNSUPPORTED, "bc_policy_from_model: a %s model is not a recurrent "
                       "policy (load a policy file written by bc_ppo_save_policy or rl-train)",
                       bc_model_kind_name(m->kind) ? bc_model_kind_name(m->kind) : "unknown");
    const rl_policy_net *pn = m->policy;
    const char *fn = "bc_policy_from_model";
    rl_policy_meta meta;
    memset(&meta, 0, sizeof meta);
    float *params = malloc((size_t)pn->net.n_params * sizeof(float));
    meta.features = bc_model_strdup(m->feature_spec);
    meta.names = calloc((size_t)m->n_features, sizeof *meta.names);
    int ok = params && meta.features && meta.names;
    if (meta.names)
        meta.n_names = m->n_features;
    for (int32_t i = 0; ok && i < m->n_features; i++)
        ok = (meta.names[i] = bc_model_strdup(m->feature_names[i])) != NULL;
    if (!ok) {
        free(params);
        rl_policy_meta_free(&meta);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", fn);
    }
    meta.episode_length = pn->episode_length;
    meta.bars = pn->bars;
    meta.n_assets = pn->n_assets;
    memcpy(params, pn->params, (size_t)pn->net.n_params * sizeof(float));
    return policy_new(&pn->net, params, &meta, fn, out);
}

BC_API int32_t bc_policy_observation_size(const bc_policy *p) { return p ? p->net.obs : 0; }
BC_API int32_t bc_policy_assets(const bc_policy *p) { return p ? p->meta.n_assets : 0; }

BC_API const char *bc_policy_observation_kind(const bc_policy *p)
{
    return p ? rl_bars_name(p->meta.bars) : NULL;
}

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

/* Argmax (lowest index on a tie) and, when probs is not NULL, the softmax
 * of logits [A] in double rounded to float. */
static int32_t pick(const float *z, int32_t A, float *probs)
{
    int32_t best = 0;
    for (int32_t a = 1; a < A; a++)
        if (z[a] > z[best])
            best = a;
    if (probs) {
        double sum = 0.0;
        for (int32_t a = 0; a < A; a++)
            sum += exp((double)z[a] - z[best]);
        for (int32_t a = 0; a < A; a++)
            probs[a] = (float)(exp((double)z[a] - z[best]) / sum);
    }
    return best;
}

static int32_t check_obs(const bc_policy *p, const float *obs, int32_t n, const char *fn)
{
    const int32_t D = p->net.obs;
    for (int64_t i = 0; i < (int64_t)n * D; i++)
        if (!isfinite(obs[i]))
            return bc_fail(BC_E_NUMERIC, "%s: observation of stream %lld, column %lld is not "
                           "finite", fn, (long long)(i / D), (long long)(i % D));
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
    int32_t rc = check_obs(p, obs, n, "bc_policy_act");
    if (rc == BC_OK && n != p->n)
        rc = policy_resize(p, n, "bc_policy_act");
    const int32_t D = p->net.obs, A = p->net.actions;
    const int64_t S = (int64_t)p->net.layers * p->net.hidden;
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        rc = rl_net_step(&p->net, p->params, p->scratch, obs + (int64_t)i * D,
                         starts && starts[i], p->h + i * S, p->logits, NULL);
        if (rc == BC_OK)
            actions[i] = pick(p->logits, A, probs ? probs + (int64_t)i * A : NULL);
    }
    return rc;
}

BC_API int32_t bc_policy_step(bc_policy *p, const float *obs, float *probs, float *value,
                              int32_t *action)
{
    if (!p || !obs)
        return bc_fail_null("bc_policy_step", "policy", (const void *)p, "obs",
                            (const void *)obs, (const char *)NULL);
    int32_t rc = check_obs(p, obs, 1, "bc_policy_step");
    if (rc == BC_OK && p->n != 1)
        rc = policy_resize(p, 1, "bc_policy_step");
    if (rc == BC_OK)
        rc = rl_net_step(&p->net, p->params, p->scratch, obs, 0, p->h, p->logits, value);
    if (rc != BC_OK)
        return rc;
    int32_t best = pick(p->logits, p->net.actions, probs);
    if (action)
        *action = best;
    return BC_OK;
}

BC_API int32_t bc_policy_reset(bc_policy *p)
{
    if (!p)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_policy_reset: policy is NULL");
    memset(p->h, 0, (size_t)p->n * (size_t)p->net.layers * (size_t)p->net.hidden * sizeof(float));
    return BC_OK;
}

BC_API int32_t bc_policy_state(const bc_policy *p, float *buf, int64_t capacity, int64_t *length)
{
    if (!p || (capacity > 0 && !buf) || capacity < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_policy_state: NULL policy, or buf NULL with "
                       "capacity %lld", (long long)capacity);
    const int64_t n = (int64_t)p->n * p->net.layers * p->net.hidden;
    if (length)
        *length = n;
    if (capacity < n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_policy_state: capacity %lld, the state has %lld "
                       "floats", (long long)capacity, (long long)n);
    memcpy(buf, p->h, (size_t)n * sizeof(float));
    return BC_OK;
}

BC_API int32_t bc_policy_hidden_size(const bc_policy *p) { return p ? p->net.hidden : 0; }
BC_API int32_t bc_policy_layers(const bc_policy *p) { return p ? p->net.layers : 0; }

BC_API void bc_policy_free(bc_policy *p)
{
    if (!p)
        return;
    free(p->params);
    rl_policy_meta_free(&p->meta);
    free(p->h);
    free(p->scratch);
    free(p->logits);
    free(p);
}
