/*
 * rng.h - inline Philox4x32-10, shared by the library's CPU code (envs,
 * initialisers, dropout) and the CUDA plugin's device code (BC_HD), so
 * every consumer draws from one definition.
 */
#ifndef BC_CORE_RNG_H
#define BC_CORE_RNG_H

#include "core/hd.h"

#include <stdint.h>

#define BC_PHILOX_M0 0xD2511F53u
#define BC_PHILOX_M1 0xCD9E8D57u
#define BC_PHILOX_W0 0x9E3779B9u /* golden ratio */
#define BC_PHILOX_W1 0xBB67AE85u /* sqrt(3) - 1 */

BC_HD static inline void bc_philox4x32_10(const uint32_t counter[4],
                                    const uint32_t key[2], uint32_t out[4])
{
    uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)BC_PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)BC_PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        uint32_t n0 = hi1 ^ c1 ^ k0;
        uint32_t n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
        k0 += BC_PHILOX_W0;
        k1 += BC_PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* Block number `block` of the stream keyed by (seed, stream): the counter
 * holds (block, stream), the key holds the seed. */
BC_HD static inline void bc_philox_block(uint64_t seed, uint64_t stream,
                                   uint64_t block, uint32_t out[4])
{
    const uint32_t counter[4] = {(uint32_t)block, (uint32_t)(block >> 32),
                                 (uint32_t)stream, (uint32_t)(stream >> 32)};
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    bc_philox4x32_10(counter, key, out);
}

/* Top 24 bits as a float in [0, 1): exact in float, never 1.0. */
BC_HD static inline float bc_philox_to_unit_float(uint32_t x)
{
    return (float)(x >> 8) * (1.0f / 16777216.0f);
}

#endif /* BC_CORE_RNG_H */
