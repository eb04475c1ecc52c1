/*
 * hd.h - BC_HD marks a function that both the host compiler and nvcc build:
 * __host__ __device__ under nvcc, nothing for a C compiler. The math that
 * the cpu backend and the CUDA plugin share (lib/backend/kernels_math.h,
 * lib/env/env_kernel.h, lib/core/rng.h) is written once with it.
 */
#ifndef BC_CORE_HD_H
#define BC_CORE_HD_H

#if defined(__CUDACC__)
#define BC_HD __host__ __device__
#else
#define BC_HD
#endif

#endif /* BC_CORE_HD_H */
