/*
 * registry.c - backend names, start-up and the checked public entry points.
 * "cuda" lives in a plugin loaded with dlopen at run time, so the library
 * loads and runs on machines with no CUDA at all. Argument checking for the
 * public GEMM lives here, once, so backends receive only valid shapes.
 */
#include "backend/backend.h"
#include "core/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(_WIN32)
#include <dlfcn.h>
#define BC_HAVE_DLOPEN 1
#endif

static const char *const backend_names[] = {"cpu", "cuda"};

int32_t bc_backend_count(void)
{
    return (int32_t)(sizeof backend_names / sizeof backend_names[0]);
}

const char *bc_backend_name(int32_t index)
{
    if (index < 0 || index >= bc_backend_count())
        return NULL;
    return backend_names[index];
}

static int32_t backend_start(const bc_backend_ops *ops, void *plugin,
                             bc_backend **out)
{
    bc_backend *b = calloc(1, sizeof *b);
    if (!b)
        return bc_fail(BC_E_OUT_OF_MEMORY, "backend '%s': out of memory", ops->name);
    int32_t rc = ops->create(&b->state);
    if (rc != BC_OK) {
        free(b);
        return rc;
    }
    b->ops = ops;
    b->plugin = plugin;
    *out = b;
    return BC_OK;
}

#ifdef BC_HAVE_DLOPEN
/* Opens the plugin: $BC_CUDA_PLUGIN if set, else next to this library, else
 * the loader's search path. */
static void *cuda_plugin_open(char *why, size_t why_size)
{
    const char *env = getenv("BC_CUDA_PLUGIN");
    if (env && *env) {
        void *h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            snprintf(why, why_size, "BC_CUDA_PLUGIN=%s cannot be loaded: %s", env, dlerror());
        return h;
    }
    Dl_info info;
    if (dladdr((void *)bc_backend_init, &info) && info.dli_fname) {
        char path[4096];
        const char *slash = strrchr(info.dli_fname, '/');
        if (slash && (size_t)(slash - info.dli_fname) + sizeof BC_CUDA_PLUGIN_NAME + 1 < sizeof path) {
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - info.dli_fname),
                     info.dli_fname, BC_CUDA_PLUGIN_NAME);
            void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            if (h)
                return h;
        }
    }
    void *h = dlopen(BC_CUDA_PLUGIN_NAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        snprintf(why, why_size, "%s cannot be loaded: %s", BC_CUDA_PLUGIN_NAME, dlerror());
    return h;
}
#endif

static int32_t cuda_start(bc_backend **out)
{
#ifdef BC_HAVE_DLOPEN
    char why[1024] = "";
    void *plugin = cuda_plugin_open(why, sizeof why);
    if (!plugin)
        return bc_fail(BC_E_UNSUPPORTED, "backend 'cuda': %s (build it with make CUDA=1)", why);
    typedef const bc_backend_ops *(*entry_fn)(void);
    entry_fn entry;
    *(void **)&entry = dlsym(plugin, BC_CUDA_PLUGIN_ENTRY);
    const bc_backend_ops *ops = entry ? entry() : NULL;
    if (!ops) {
        dlclose(plugin);
        return bc_fail(BC_E_UNSUPPORTED, "backend 'cuda': %s has no entry point %s",
                       BC_CUDA_PLUGIN_NAME, BC_CUDA_PLUGIN_ENTRY);
    }
    if (ops->api_version != BC_BACKEND_API_VERSION) {
        uint32_t v = ops->api_version;
        dlclose(plugin);
        return bc_fail(BC_E_UNSUPPORTED,
                       "backend 'cuda': plugin speaks backend API %u, this library %u",
                       (unsigned)v, (unsigned)BC_BACKEND_API_VERSION);
    }
    int32_t rc = backend_start(ops, plugin, out);
    if (rc != BC_OK)
        dlclose(plugin);
    return rc;
#else
    (void)out;
    return bc_fail(BC_E_UNSUPPORTED, "backend 'cuda': not available in this build");
#endif
}

int32_t bc_backend_init(const char *name, bc_backend **out)
{
    if (!name || !out)
        return bc_fail_null("bc_backend_init", "name", (const void *)name, "out", (const void *)out, (const char *)NULL);
    *out = NULL;
    if (strcmp(name, "cpu") == 0)
        return backend_start(bc_cpu_backend_ops(), NULL, out);
    if (strcmp(name, "cuda") == 0)
        return cuda_start(out);
    if (strcmp(name, "best") == 0) {
        if (cuda_start(out) == BC_OK) {
            bc_log(BC_LOG_INFO, "backend 'best': using cuda");
            return BC_OK;
        }
        bc_log(BC_LOG_INFO, "backend 'best': cuda unavailable (%s); using cpu",
               bc_last_error());
        bc_clear_error();
        return backend_start(bc_cpu_backend_ops(), NULL, out);
    }
    return bc_fail(BC_E_NOT_FOUND,
                   "bc_backend_init: unknown backend '%s' (expected cpu, cuda or best)", name);
}

void bc_backend_free(bc_backend *backend)
{
    if (!backend)
        return;
    backend->ops->destroy(backend->state);
#ifdef BC_HAVE_DLOPEN
    if (backend->plugin)
        dlclose(backend->plugin);
#endif
    free(backend);
}

const char *bc_backend_kind(const bc_backend *backend)
{
    return backend ? backend->ops->name : NULL;
}

static int32_t check_matrix(const char *name, const float *p, int rows,
                            int cols, int ld)
{
    if (!p && rows > 0 && cols > 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "sgemm: matrix %s is NULL", name);
    int need = cols > 1 ? cols : 1;
    if (ld < need)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "sgemm: leading dimension of %s is %d, needs at least %d",
                       name, ld, need);
    return BC_OK;
}

int32_t bc_backend_sgemm_batched(bc_backend *backend, int32_t trans_a,
                                 int32_t trans_b, int32_t m, int32_t n,
                                 int32_t k, float alpha, const float *a,
                                 int32_t lda, int64_t stride_a, const float *b,
                                 int32_t ldb, int64_t stride_b, float beta,
                                 float *c, int32_t ldc, int64_t stride_c,
                                 int32_t batch)
{
    if (!backend)
        return bc_fail(BC_E_INVALID_ARGUMENT, "sgemm: backend is NULL");
    if ((trans_a != 0 && trans_a != 1) || (trans_b != 0 && trans_b != 1))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "sgemm: trans_a=%d trans_b=%d, each must be 0 or 1",
                       (int)trans_a, (int)trans_b);
    if (m < 0 || n < 0 || k < 0 || batch < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "sgemm: negative size (m=%d n=%d k=%d batch=%d)",
                       (int)m, (int)n, (int)k, (int)batch);
    if (stride_a < 0 || stride_b < 0 || stride_c < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "sgemm: %s is %lld, expected >= 0",
                       stride_a < 0 ? "stride_a" : stride_b < 0 ? "stride_b" : "stride_c",
                       (long long)(stride_a < 0 ? stride_a : stride_b < 0 ? stride_b : stride_c));
    int32_t rc;
    if ((rc = check_matrix("A", a, trans_a ? k : m, trans_a ? m : k, lda)) ||
        (rc = check_matrix("B", b, trans_b ? n : k, trans_b ? k : n, ldb)) ||
        (rc = check_matrix("C", c, m, n, ldc)))
        return rc;
    if (batch == 0 || m == 0 || n == 0)
        return BC_OK;
    return backend->ops->sgemm_batched(backend->state, trans_a, trans_b, m, n,
                                       k, alpha, a, lda, stride_a, b, ldb,
                                       stride_b, beta, c, ldc, stride_c, batch);
}

int32_t bc_backend_sgemm(bc_backend *backend, int32_t trans_a, int32_t trans_b,
                         int32_t m, int32_t n, int32_t k, float alpha,
                         const float *a, int32_t lda, const float *b,
                         int32_t ldb, float beta, float *c, int32_t ldc)
{
    return bc_backend_sgemm_batched(backend, trans_a, trans_b, m, n, k, alpha,
                                    a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
}
