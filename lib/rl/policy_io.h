/*
 * policy_io.h - the policy section shared by PPO checkpoints and policy
 * files: network shape, weights and what the env looked like (features
 * spec, episode length, observation names). Internal.
 */
#ifndef BC_RL_POLICY_IO_H
#define BC_RL_POLICY_IO_H

#include "rl/gru_ac.h"
#include "rl/rl_file.h"

typedef struct rl_policy_meta {
    char *features;
    int32_t episode_length;
    int32_t n_names;
    char **names; /* observation column names */
} rl_policy_meta;

/* Appends the section: shape, parameters, the env's features spec,
 * episode length and observation names [net->obs]. */
void rl_policy_write(rl_out *o, const rl_net *net, const float *params, const char *features,
                     int32_t episode_length, const char *const *names);

/* Reads the section: *net laid out, *params allocated (free()), meta
 * filled (rl_policy_meta_free). Errors: BC_E_CORRUPT naming the field. */
int32_t rl_policy_read(rl_in *in, rl_net *net, float **params, rl_policy_meta *meta);
void rl_policy_meta_free(rl_policy_meta *meta);

/* Checks a shape read from a file: BC_E_CORRUPT naming the field. */
int32_t rl_check_shape(const char *path, uint32_t obs, uint32_t hidden, uint32_t head,
                       uint32_t layers, uint32_t actions);

/* A policy's network as a bc_model of kind BC_MODEL_POLICY holds it (the
 * model's feature names and spec are the observation names and features). */
typedef struct rl_policy_net {
    rl_net net;
    float *params; /* [net.n_params] */
    int32_t episode_length;
} rl_policy_net;

void rl_policy_net_free(rl_policy_net *pn);
int32_t rl_policy_net_clone(const rl_policy_net *src, rl_policy_net **out);

/* A model of kind BC_MODEL_POLICY from a policy file image of size bytes
 * (bc_model_load / bc_model_load_bytes when the magic is the container's;
 * name for messages). Errors: BC_E_FORMAT (a checkpoint, not a policy),
 * BC_E_CORRUPT, BC_E_VERSION as rl_in_open, BC_E_OUT_OF_MEMORY. */
int32_t rl_policy_model_from_image(const char *name, const uint8_t *data, uint64_t size,
                                   bc_model **out);

/* The policy file image of a BC_MODEL_POLICY model (bc_model_save_*):
 * *image malloc'd. */
int32_t rl_policy_model_image(const bc_model *m, uint8_t **image, uint64_t *size);

/* Fills s's shape fields (obs_dim, n_actions, fixed_bytes, the per-sample,
 * per-env and per-row bytes) for a PPO run of this shape on a GPU (ppo.c;
 * bc_ppo_plan_gpu, and tests with made-up free memory). */
struct bc_gpu_sizing;
void ppo_gpu_request(int32_t obs_size, int32_t n_actions, int32_t hidden, int32_t layers,
                     struct bc_gpu_sizing *s);

#endif
