/*
 * registry.c - backend names, start-up and the checked public entry points.
 * "cuda" lives in a plugin loaded with dlopen at run time, so the library
 * loads and runs on machines with no CUDA at all (the library never links
 * CUDA; the plugin does). Argument checking for the
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
    char why[1024] = "";
    int32_t rc = ops->create(&b->state, why, sizeof why);
    if (rc != BC_OK) {
        free(b);
        return bc_fail(rc, "backend '%s': %s", ops->name, why[0] ? why : "cannot start");
    }
    b->ops = ops;
    b->plugin = plugin;
    *out = b;
    return BC_OK;
}

#ifdef BC_HAVE_DLOPEN
/* Opens the plugin: $BOTCOPIER_CUDA_PLUGIN (or the old $BC_CUDA_PLUGIN)
 * when set, an explicit choice that wins; else libbotcopier-cuda.so next to
 * the code of this library (the directory of libbotcopier.so, or of the
 * program it is linked into), else the loader's search path. path gets
 * what was opened. */
static void *cuda_plugin_open(char *why, size_t why_size, char *path, size_t path_size)
{
    const char *var = BC_CUDA_PLUGIN_ENV;
    const char *env = getenv(var);
    if (!env || !*env) {
        var = BC_CUDA_PLUGIN_ENV_OLD;
        env = getenv(var);
    }
    if (env && *env) {
        snprintf(path, path_size, "%s", env);
        void *h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            snprintf(why, why_size, "%s=%s cannot be loaded: %s", var, env, dlerror());
        return h;
    }
    Dl_info info;
    char beside[4096] = "";
    if (dladdr((void *)bc_backend_init, &info) && info.dli_fname) {
        const char *slash = strrchr(info.dli_fname, '/');
        if (slash && (size_t)(slash - info.dli_fname) + sizeof BC_CUDA_PLUGIN_NAME + 1 < sizeof beside) {
            snprintf(beside, sizeof beside, "%.*s/%s", (int)(slash - info.dli_fname),
                     info.dli_fname, BC_CUDA_PLUGIN_NAME);
            void *h = dlopen(beside, RTLD_NOW | RTLD_LOCAL);
            if (h) {
                snprintf(path, path_size, "%s", beside);
                return h;
            }
            /* A plugin that is there but does not load (a missing libcudart,
             * say) is the reason worth reporting. */
            const char *err = dlerror();
            FILE *f = fopen(beside, "rb");
            if (f) {
                fclose(f);
                snprintf(path, path_size, "%s", beside);
                snprintf(why, why_size, "%s cannot be loaded: %s", beside, err ? err : "?");
                return NULL;
            }
        }
    }
    void *h = dlopen(BC_CUDA_PLUGIN_NAME, RTLD_NOW | RTLD_LOCAL);
    if (h)
        snprintf(path, path_size, "%s", BC_CUDA_PLUGIN_NAME);
    else
        snprintf(why, why_size, "%s not found%s%s (set %s to its path): %s", BC_CUDA_PLUGIN_NAME,
                 beside[0] ? " at " : "", beside, BC_CUDA_PLUGIN_ENV, dlerror());
    return h;
}
#endif

static int32_t cuda_start(bc_backend **out)
{
#ifdef BC_HAVE_DLOPEN
    char why[1024] = "", path[4096] = "";
    void *plugin = cuda_plugin_open(why, sizeof why, path, sizeof path);
    if (!plugin)
        return bc_fail(BC_E_UNSUPPORTED, "backend 'cuda': %s (build it with make CUDA=1)", why);
    typedef const bc_backend_ops *(*entry_fn)(void);
    entry_fn entry;
    *(void **)&entry = dlsym(plugin, BC_CUDA_PLUGIN_ENTRY);
    const bc_backend_ops *ops = entry ? entry() : NULL;
    if (!ops) {
        dlclose(plugin);
        return bc_fail(BC_E_UNSUPPORTED, "backend 'cuda': %s has no entry point %s",
                       path, BC_CUDA_PLUGIN_ENTRY);
    }
    if (ops->api_version != BC_BACKEND_API_VERSION) {
        uint32_t v = ops->api_version;
        dlclose(plugin);
        return bc_fail(BC_E_UNSUPPORTED,
                       "backend 'cuda': plugin %s speaks backend API %u, this library %u "
                       "(rebuild it with make CUDA=1)",
                       path, (unsigned)v, (unsigned)BC_BACKEND_API_VERSION);
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

void bc_cuda_probe(bc_cuda_device_info *info, char *path, size_t path_size)
{
    memset(info, 0, sizeof *info);
    char scratch[16];
    if (!path || path_size == 0) {
        path = scratch;
        path_size = sizeof scratch;
    }
    path[0] = '\0';
    info->status = BC_E_UNSUPPORTED;
#ifdef BC_HAVE_DLOPEN
    void *plugin = cuda_plugin_open(info->why, sizeof info->why, path, path_size);
    if (!plugin)
        return;
    bc_cuda_query_fn query;
    *(void **)&query = dlsym(plugin, BC_CUDA_PLUGIN_QUERY);
    typedef const bc_backend_ops *(*entry_fn)(void);
    entry_fn entry;
    *(void **)&entry = dlsym(plugin, BC_CUDA_PLUGIN_ENTRY);
    const bc_backend_ops *ops = entry ? entry() : NULL;
    if (!query || !ops) {
        snprintf(info->why, sizeof info->why, "%s has no %s", path,
                 !query ? BC_CUDA_PLUGIN_QUERY : BC_CUDA_PLUGIN_ENTRY);
    } else if (ops->api_version != BC_BACKEND_API_VERSION) {
        snprintf(info->why, sizeof info->why, "plugin %s speaks backend API %u, this library %u",
                 path, (unsigned)ops->api_version, (unsigned)BC_BACKEND_API_VERSION);
    } else {
        query(info);
        info->name[sizeof info->name - 1] = '\0';
        info->why[sizeof info->why - 1] = '\0';
    }
    dlclose(plugin);
#else
    snprintf(info->why, sizeof info->why, "no CUDA plugin loader in this build");
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

int32_t bc_backend_op_failed(const bc_backend *be, int32_t rc, const char *what)
{
    const bc_backend_ops *ops = be ? be->ops : bc_cpu_backend_ops();
    const char *why = ops->last_error(be ? be->state : NULL);
    return bc_fail(rc, "%s on backend '%s': %s", what, ops->name,
                   why && *why ? why : "failed");
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
    rc = backend->ops->sgemm_batched(backend->state, trans_a, trans_b, m, n,
                                     k, alpha, a, lda, stride_a, b, ldb,
                                     stride_b, beta, c, ldc, stride_c, batch);
    if (rc != BC_OK)
        return bc_fail(rc, "sgemm on backend '%s': %s", backend->ops->name,
                       backend->ops->last_error(backend->state));
    return BC_OK;
}

int32_t bc_backend_sgemm(bc_backend *backend, int32_t trans_a, int32_t trans_b,
                         int32_t m, int32_t n, int32_t k, float alpha,
                         const float *a, int32_t lda, const float *b,
                         int32_t ldb, float beta, float *c, int32_t ldc)
{
    return bc_backend_sgemm_batched(backend, trans_a, trans_b, m, n, k, alpha,
                                    a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
}
