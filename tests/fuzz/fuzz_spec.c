/*
 * fuzz_spec.c - libFuzzer harness for the feature spec parser: any text
 * either builds an engine that streams a few bars or is refused.
 */
#include "botcopier.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    if (!spec)
        return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    bc_features *f = NULL;
    if (bc_features_create(spec, &f) == BC_OK) {
        int32_t k = bc_features_count(f);
        double *out = calloc((size_t)(k > 0 ? k : 1), sizeof *out);
        for (int i = 0; out && i < 40; i++)
            bc_features_update(f, 3600 * (int64_t)i, 10 + i % 7, 12 + i % 5, 9, 11 + i % 3, i,
                               out, k);
        free(out);
        bc_features_free(f);
    }
    free(spec);
    return 0;
}
