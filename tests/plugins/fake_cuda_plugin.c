/*
 * fake_cuda_plugin.c - a shared object shaped like libbotcopier-cuda.so but
 * built for another backend API version (FAKE_API_VERSION), so test_cuda
 * can check that the loader refuses it by its version, on any machine.
 * Every op is absent: the loader must refuse it before calling any.
 */
#include "backend/backend.h"

static const bc_backend_ops fake_ops = {
    .api_version = FAKE_API_VERSION,
    .name = "cuda",
};

__attribute__((visibility("default"))) const bc_backend_ops *bc_cuda_backend_ops(void)
{
    return &fake_ops;
}
