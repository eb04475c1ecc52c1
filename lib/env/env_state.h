/*
 * env_state.h - the bc_env's per-env state as one flat byte image, for the
 * PPO trainer's checkpoints (a resumed run must see the same portfolios,
 * rows and RNG counters as an uninterrupted one). Internal; the image is
 * version-specific like every trainer checkpoint.
 */
#ifndef BC_ENV_STATE_H
#define BC_ENV_STATE_H

#include "botcopier.h"

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
