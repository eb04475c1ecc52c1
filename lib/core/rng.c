/*
 * rng.c - Philox4x32-10 counter-based random numbers (Salmon, Moraes, Dror,
 * Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC'11). The constants
 * are the paper's; the CUDA plugin implements the same function so CPU and
 * GPU streams are identical. Stateless: no global state, nothing to seed.
 */
#include "internal.h"
#include "core/rng.h"

int32_t bc_philox4x32(const uint32_t counter[4], const uint32_t key[2],
                      uint32_t out[4])
{
    if (!counter || !key || !out)
        return bc_fail_null("bc_philox4x32", "counter", (const void *)counter, "key", (const void *)key, "out", (const void *)out, (const char *)NULL);
    bc_philox4x32_10(counter, key, out);
    return BC_OK;
}

int32_t bc_random_uniform(uint64_t seed, uint64_t stream, uint64_t offset,
                          int32_t n, float *out)
{
    if (n < 0 || (n > 0 && !out))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_random_uniform: n is %d or out is NULL", (int)n);
    for (int32_t i = 0; i < n;) {
        uint64_t index = offset + (uint64_t)i;
        uint32_t block[4];
        bc_philox_block(seed, stream, index / 4, block);
        for (uint32_t lane = (uint32_t)(index % 4); lane < 4 && i < n; lane++, i++)
            out[i] = bc_philox_to_unit_float(block[lane]);
    }
    return BC_OK;
}
