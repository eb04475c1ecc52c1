/*
 * gpu_sizing.c - PPO sizes from free GPU memory (gpu_sizing.h). Pure.
 */
#include "backend/gpu_sizing.h"
#include "core/internal.h"

#include <math.h>

#define GIB(x) ((double)(x) / 1073741824.0)

uint64_t bc_gpu_bytes_per_sample(int32_t obs_dim, int32_t n_actions)
{
    return (uint64_t)obs_dim * 4u + BC_PPO_SAMPLE_FIXED_BYTES + (uint64_t)n_actions * 4u;
}

uint64_t bc_gpu_bytes_for(const bc_gpu_sizing *s, int32_t n_envs, int32_t n_steps,
                          int32_t n_minibatches)
{
    const double samples = (double)n_envs * (double)n_steps;
    const double rollout =
        samples * (double)bc_gpu_bytes_per_sample(s->obs_dim, s->n_actions) * BC_GPU_OVERHEAD;
    const int64_t mb_envs = (n_envs + n_minibatches - 1) / n_minibatches;
    const double tape = (double)mb_envs * (double)n_steps * (double)s->tape_bytes_per_row;
    const double total = (double)s->fixed_bytes + rollout + tape +
                         samples * (double)s->sample_extra_bytes +
                         (double)n_envs * (double)s->env_bytes;
    return total >= 1.8e19 ? UINT64_MAX : (uint64_t)ceil(total);
}

/* Largest n_envs (any integer) whose sizes fit in usable, by bisection
 * (bytes grow with n_envs). */
static int64_t most_envs(const bc_gpu_sizing *s, int32_t n_steps, int32_t n_minibatches,
                         uint64_t usable)
{
    int64_t lo = 0, hi = BC_GPU_MAX_ENVS;
    while (lo < hi) {
        int64_t mid = (lo + hi + 1) / 2;
        if (bc_gpu_bytes_for(s, (int32_t)mid, n_steps, n_minibatches) <= usable)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static int64_t most_steps(const bc_gpu_sizing *s, int32_t n_envs, int32_t n_minibatches,
                          uint64_t usable)
{
    int64_t lo = 0, hi = 100000; /* the trainer's n_steps limit */
    while (lo < hi) {
        int64_t mid = (lo + hi + 1) / 2;
        if (bc_gpu_bytes_for(s, n_envs, (int32_t)mid, n_minibatches) <= usable)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int32_t bc_gpu_size(bc_gpu_sizing *s)
{
    if (!s)
        return bc_fail(BC_E_INVALID_ARGUMENT, "gpu sizing: NULL request");
    if (s->obs_dim < 1 || s->n_actions < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "gpu sizing: obs_dim=%d n_actions=%d, each must be >= 1",
                       (int)s->obs_dim, (int)s->n_actions);
    if (s->n_envs < 0 || s->n_steps < 0 || s->n_minibatches < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "gpu sizing: n_envs=%d n_steps=%d n_minibatches=%d, none may be negative",
                       (int)s->n_envs, (int)s->n_steps, (int)s->n_minibatches);
    if (s->n_envs > BC_GPU_MAX_ENVS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "gpu sizing: n_envs=%d is above the cap %d",
                       (int)s->n_envs, BC_GPU_MAX_ENVS);
    const int32_t T = s->n_steps ? s->n_steps : BC_GPU_DEFAULT_STEPS;
    const int32_t M = s->n_minibatches ? s->n_minibatches : BC_GPU_DEFAULT_MINIBATCHES;
    const uint64_t usable = s->cap_bytes && s->cap_bytes < s->free_bytes ? s->cap_bytes
                                                                          : s->free_bytes;
    s->bytes_usable = usable;
    if (s->fixed_bytes >= usable)
        return bc_fail(BC_E_OUT_OF_MEMORY,
                       "gpu sizing: the model alone needs %.2f GiB of GPU memory, %.2f GiB usable "
                       "(%.2f GiB free%s); nothing fits",
                       GIB(s->fixed_bytes), GIB(usable), GIB(s->free_bytes),
                       s->cap_bytes ? ", capped" : "");
    int32_t E = s->n_envs;
    if (E == 0) {
        int64_t most = most_envs(s, T, M, usable);
        if (most < 1)
            return bc_fail(BC_E_OUT_OF_MEMORY,
                           "gpu sizing: not one env of n_steps=%d fits in %.2f GiB usable "
                           "(one needs %.2f GiB); at most n_steps=%lld fit with one env",
                           (int)T, GIB(usable), GIB(bc_gpu_bytes_for(s, 1, T, M)),
                           (long long)most_steps(s, 1, M, usable));
        E = (int32_t)(most >= 64 ? most / 64 * 64 : most);
    } else {
        uint64_t need = bc_gpu_bytes_for(s, E, T, M);
        if (need > usable) {
            int64_t e_fit = most_envs(s, T, M, usable);
            int64_t t_fit = most_steps(s, E, M, usable);
            return bc_fail(BC_E_OUT_OF_MEMORY,
                           "gpu sizing: n_envs=%d x n_steps=%d need %.2f GiB of GPU memory, "
                           "%.2f GiB usable (%.2f GiB free%s): at most n_envs=%lld fit at "
                           "n_steps=%d, or n_steps=%lld at n_envs=%d",
                           (int)E, (int)T, GIB(need), GIB(usable), GIB(s->free_bytes),
                           s->cap_bytes ? ", capped" : "", (long long)e_fit, (int)T,
                           (long long)t_fit, (int)E);
        }
    }
    s->out_n_envs = E;
    s->out_n_steps = T;
    s->out_n_minibatches = M;
    s->out_minibatch_envs = (E + M - 1) / M;
    s->bytes_needed = bc_gpu_bytes_for(s, E, T, M);
    return BC_OK;
}
