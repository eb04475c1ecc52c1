/*
 * policy_env.c - bc_policy_check_env: a policy against the env it is to
 * step on (features spec, assets, width, observation kind). Apart from
 * policy.c because it needs lib/env, which the Windows DLL does not have.
 */
#include "rl/policy_io.h"

#include "core/internal.h"
#include "env/env_state.h"

#include <stdio.h>
#include <string.h>

/* The canonical text of a features spec into buf ("" when it does not
 * parse: the env checked it when it was set). */
static void canonical_spec(const char *spec, char *buf, int32_t capacity)
{
    bc_features *f = NULL;
    buf[0] = '\0';
    if (bc_features_create(spec, &f) == BC_OK && bc_features_spec(f, buf, capacity, NULL) != BC_OK)
        buf[0] = '\0';
    bc_features_free(f);
    bc_clear_error();
}

/* "open, high" ... for the BC_ENV_BARS_* bits of bars. */
static void bars_fields(int32_t bars, char *buf, size_t capacity)
{
    static const char *const names[4] = {"open", "high", "low", "volume"};
    buf[0] = '\0';
    for (int b = 0; b < 4; b++)
        if (bars & (1 << b))
            snprintf(buf + strlen(buf), capacity - strlen(buf), "%s%s", buf[0] ? ", " : "",
                     names[b]);
}

BC_API int32_t bc_policy_check_env(const bc_policy *p, const bc_env *env)
{
    static const char *fn = "bc_policy_check_env";
    if (!p || !env)
        return bc_fail_null(fn, "policy", (const void *)p, "env", (const void *)env,
                            (const char *)NULL);
    const char *env_spec = bc_env_features_spec(env);
    const char *features = bc_policy_features(p);
    const char *kind = bc_policy_observation_kind(p);
    const int32_t bars = strcmp(kind, "unknown") == 0 ? BC_ENV_BARS_UNKNOWN : rl_bars_parse(kind);
    const int32_t n_assets = bc_policy_assets(p), obs = bc_policy_observation_size(p);
    char want[4096], got[4096];
    canonical_spec(features ? features : "", want, (int32_t)sizeof want);
    canonical_spec(env_spec, got, (int32_t)sizeof got);
    if (strcmp(want, got) != 0)
        return bc_fail(BC_E_SHAPE, "%s: the policy was trained on features '%s', this env "
                       "computes '%s' (set the env's features option to the policy's)", fn,
                       features ? features : "", env_spec);
    const int32_t A = bc_env_assets(env);
    if (n_assets > 0 && n_assets != A)
        return bc_fail(BC_E_SHAPE, "%s: the policy was trained on %d assets, this env has %d",
                       fn, (int)n_assets, (int)A);
    const int32_t D = bc_env_observation_size(env);
    if (D != obs)
        return bc_fail(BC_E_SHAPE, "%s: the policy takes %d observation columns, this env "
                       "(%d assets) gives %d", fn, (int)obs, (int)A, (int)D);
    if (bars == BC_ENV_BARS_UNKNOWN)
        return BC_OK; /* a version 1 file: nothing recorded to compare */
    const int32_t env_bars = bc_env_bars(env);
    int32_t reads = 0;
    int32_t rc = bc_env_spec_bars(env_spec, &reads);
    if (rc != BC_OK)
        return rc;
    const int32_t differ = (bars ^ env_bars) & reads;
    if (differ) {
        char fields[64];
        bars_fields(differ, fields, sizeof fields);
        return bc_fail(BC_E_SHAPE, "%s: the policy was trained on %s observations, this env "
                       "gives %s observations: the features '%s' read %s, which one has and "
                       "the other does not (a table without open, high or low reads close in "
                       "their place, without volume 0)", fn, rl_bars_name(bars),
                       rl_bars_name(env_bars), env_spec, fields);
    }
    return BC_OK;
}
