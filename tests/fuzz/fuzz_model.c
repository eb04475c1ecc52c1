/*
 * fuzz_model.c - libFuzzer harness for the model loader from bytes: no
 * input may crash it or load as a model unless it is one (a loaded model
 * must predict without faults; a policy, which refuses row predictions,
 * must step).
 */
#include "botcopier.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_model *m = NULL;
    if (bc_model_load_bytes(data, (int64_t)size, &m) == BC_OK) {
        int32_t f = bc_model_num_features(m), c = bc_model_num_classes(m);
        double *x = calloc((size_t)(f > 0 ? f : 1), sizeof *x);
        double *p = calloc((size_t)(c > 0 ? c : 1), sizeof *p);
        if (x && p)
            bc_model_predict(m, x, 1, f, p, c);
        bc_policy *pol = NULL;
        float *obs = calloc((size_t)(f > 0 ? f : 1), sizeof *obs);
        if (obs && bc_policy_from_model(m, &pol) == BC_OK)
            bc_policy_step(pol, obs, NULL, NULL, NULL);
        bc_policy_free(pol);
        free(obs);
        free(x);
        free(p);
        bc_model_free(m);
    }
    return 0;
}
