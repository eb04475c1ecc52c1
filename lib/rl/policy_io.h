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

/* Appends the section: shape, parameters, meta taken from env. */
int32_t rl_policy_write(rl_out *o, const rl_net *net, const float *params, const bc_env *env);

/* Reads the section: *net laid out, *params allocated (free()), meta
 * filled (rl_policy_meta_free). Errors: BC_E_CORRUPT naming the field. */
int32_t rl_policy_read(rl_in *in, rl_net *net, float **params, rl_policy_meta *meta);
void rl_policy_meta_free(rl_policy_meta *meta);

/* Checks a shape read from a file: BC_E_CORRUPT naming the field. */
int32_t rl_check_shape(const char *path, uint32_t obs, uint32_t hidden, uint32_t head,
                       uint32_t layers, uint32_t actions);

#endif
