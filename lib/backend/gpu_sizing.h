/*
 * gpu_sizing.h - how many envs, steps and minibatch sequences a PPO run can
 * keep on a GPU with the memory it has free: the PPO seed's formula as
 * DESIGN.md section 8 writes it (bytes per sample = obs_dim*4 + 25 +
 * n_actions*4, times 1.5 for overhead) for the rollout, plus the model's fixed state and the
 * minibatch's activation tape, under the seed's caps (n_envs <= 65,536,
 * default n_steps 256, memory capped at cap_bytes). Pure: bytes in, sizes
 * out, so it is tested on machines without a GPU.
 */
#ifndef BC_BACKEND_GPU_SIZING_H
#define BC_BACKEND_GPU_SIZING_H

#include <stddef.h>
#include <stdint.h>

#define BC_GPU_MAX_ENVS 65536    /* the seed's high-VRAM setting */
#define BC_GPU_DEFAULT_STEPS 256 /* the seed's conservative n_steps */
#define BC_GPU_DEFAULT_MINIBATCHES 4
#define BC_GPU_OVERHEAD 1.5      /* the seed's allowance per sample */
/* Fixed bytes of a rollout sample besides the observation and the logits:
 * DESIGN.md section 8's 25, the seed's 8 + 4 + 4 + 4 + 1 (= 21, its worked
 * example's 341 bytes for obs_dim 64 and 16 actions) plus 4 for the stored
 * log-probability. One figure for bc_ppo_plan (host) and the GPU sizing. */
#define BC_PPO_SAMPLE_FIXED_BYTES 25

typedef struct bc_gpu_sizing {
    /* In. */
    uint64_t free_bytes;        /* free device memory (cudaMemGetInfo) */
    uint64_t cap_bytes;         /* most this run may take, 0 = no cap (seed: 45 GB on GPU 0) */
    uint64_t fixed_bytes;       /* model state: parameters, gradients, Adam moments, workspace */
    int32_t obs_dim, n_actions; /* >= 1 */
    uint64_t tape_bytes_per_row; /* activations per (step, env) row of a minibatch */
    uint64_t sample_extra_bytes; /* per (step, env) sample beyond the seed's formula (the
                                    trainer's cached trunk features), no overhead factor */
    uint64_t env_bytes;          /* per env: GRU states, the one-step tape */
    int32_t n_envs;             /* 0 = as many as fit (capped at BC_GPU_MAX_ENVS) */
    int32_t n_steps;            /* 0 = BC_GPU_DEFAULT_STEPS */
    int32_t n_minibatches;      /* 0 = BC_GPU_DEFAULT_MINIBATCHES */
    /* Out (set on BC_OK). */
    int32_t out_n_envs, out_n_steps, out_n_minibatches;
    int32_t out_minibatch_envs; /* sequences per minibatch, ceil(n_envs / n_minibatches) */
    uint64_t bytes_needed;      /* what the chosen sizes take */
    uint64_t bytes_usable;      /* min(free, cap) */
} bc_gpu_sizing;

/* Rollout bytes per (step, env) sample: obs_dim*4 +
 * BC_PPO_SAMPLE_FIXED_BYTES + n_actions*4 (observation, value, log-prob,
 * reward, advantage and return, done flag, action logits). */
uint64_t bc_gpu_bytes_per_sample(int32_t obs_dim, int32_t n_actions);

/* Bytes the sizes n_envs x n_steps in n_minibatches take under s's model. */
uint64_t bc_gpu_bytes_for(const bc_gpu_sizing *s, int32_t n_envs, int32_t n_steps,
                          int32_t n_minibatches);

/* Fills the out fields. Given n_envs, checks that it fits; else picks the
 * largest n_envs that fits (a multiple of 64 when at least 64), at most
 * BC_GPU_MAX_ENVS. Errors: BC_E_INVALID_ARGUMENT (a size below 0, obs_dim
 * or n_actions below 1), BC_E_OUT_OF_MEMORY when the sizes asked for cannot
 * fit, with a message saying how much they need, how much is usable and
 * what would fit (the largest n_envs at that n_steps, or the largest
 * n_steps at that n_envs). */
int32_t bc_gpu_size(bc_gpu_sizing *s);

#endif /* BC_BACKEND_GPU_SIZING_H */
