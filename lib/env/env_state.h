/*
 * env_state.h - the bc_env's per-env state as one flat byte image, for the
 * PPO trainer's checkpoints (a resumed run must see the same portfolios,
 * rows and RNG counters as an uninterrupted one). Internal; the image is
 * version-specific like every trainer checkpoint.
 */
#ifndef BC_ENV_STATE_H
#define BC_ENV_STATE_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>

/* Bytes of the image of a prepared env (after its first reset); 0 before. */
int64_t bc_env_state_size(const bc_env *env);

/* Writes the image (seed, every per-env array and every output buffer) into
 * buf of bc_env_state_size bytes. Errors: BC_E_STATE before the first reset. */
int32_t bc_env_state_save(const bc_env *env, uint8_t *buf, int64_t size);

/* Restores an image written by bc_env_state_save for an env of the same
 * shape (prepares the env first when needed). Errors: BC_E_SHAPE (another
 * size: other envs, assets, features or episode length), as bc_env_reset. */
int32_t bc_env_state_load(bc_env *env, const uint8_t *buf, int64_t size);

/* ---- the PPO trainer's resident copy (lib/rl/ppo.c) ---------------------- */

struct bc_env_kernel;

/* The env's kernel (market tables, per-env state and outputs in host
 * memory), NULL before the first reset. */
struct bc_env_kernel *bc_env_kernel_of(bc_env *env);

/* Every array of kernel k of an env of n_envs envs, with its size in
 * bytes: the market tables first (BC_ENV_MARKET_ARRAYS of them: close,
 * features, ranks), then the per-env state and outputs in the order of the
 * state image. ptr[i] points at the kernel's field. Returns the count
 * (BC_ENV_KERNEL_ARRAYS). */
#define BC_ENV_MARKET_ARRAYS 3
#define BC_ENV_KERNEL_ARRAYS 18
int32_t bc_env_kernel_arrays(struct bc_env_kernel *k, int64_t n_envs, void ***ptr,
                             size_t *bytes);

/* Steps kernel k (the env's own, or one laid out like it whose arrays are
 * host memory) with actions already known to be valid, on the env's thread
 * pool: bc_env_step without the checks. */
void bc_env_step_kernel(bc_env *env, const struct bc_env_kernel *k, const int32_t *actions);

/* The env's features option and episode length (for a policy's metadata). */
const char *bc_env_features_spec(const bc_env *env);
int32_t bc_env_episode_length(const bc_env *env);

/* Observation kinds: which bar fields besides close the env's table has,
 * as a mask of BC_ENV_BARS_* (0 = close only, BC_ENV_BARS_ALL = OHLCV). */
#define BC_ENV_BARS_OPEN 1
#define BC_ENV_BARS_HIGH 2
#define BC_ENV_BARS_LOW 4
#define BC_ENV_BARS_VOLUME 8
#define BC_ENV_BARS_ALL 15
#define BC_ENV_BARS_UNKNOWN (-1) /* a policy file from before kinds were recorded */
int32_t bc_env_bars(const bc_env *env);
/* The fields besides close that features spec reads (BC_ENV_BARS_*), into
 * *bars. Errors: BC_E_PARSE as bc_features_create. */
int32_t bc_env_spec_bars(const char *spec, int32_t *bars);

#endif
