/*
 * build_info.c - the build-info JSON: version, compiler, BLAS, zstd, JSON
 * library, known backends, the CUDA plugin name and what the plugin found
 * (device, memory, compute capability, driver and runtime versions, or why
 * none). Computed once, at the first call.
 */
#include "backend/backend.h"
#include "core/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#ifdef BC_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

static char build_info_json[4096];
static pthread_once_t build_info_once = PTHREAD_ONCE_INIT;

static const char *compiler_name(void)
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown";
#endif
}

static const char *zstd_version(void)
{
#ifdef BC_HAVE_ZSTD
    return ZSTD_versionString();
#else
    return NULL;
#endif
}

#ifdef BC_HAVE_JANSSON
json_t *bc_hw_cuda_json(void); /* core/hwinfo.c */

static void build_info_make(void)
{
    json_t *backends = json_array();
    for (int32_t i = 0; i < bc_backend_count(); i++)
        json_array_append_new(backends, json_string(bc_backend_name(i)));
    const char *zstd = zstd_version();
    json_t *root = json_pack(
        "{s:s, s:i, s:s, s:s, s:o, s:s, s:o, s:s, s:o}",
        "version", BC_VERSION_STRING, "abi", BC_ABI_VERSION,
        "compiler", compiler_name(), "blas", bc_cpu_blas_name(),
        "zstd", zstd ? json_string(zstd) : json_null(),
        "json", "jansson " JANSSON_VERSION,
        "backends", backends,
        "cuda_plugin", BC_CUDA_PLUGIN_NAME, "cuda", bc_hw_cuda_json());
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER)
                      : NULL;
    if (text && strlen(text) < sizeof build_info_json)
        memcpy(build_info_json, text, strlen(text) + 1);
    else
        snprintf(build_info_json, sizeof build_info_json,
                 "{\"version\":\"%s\"}", BC_VERSION_STRING);
    free(text);
    json_decref(root);
}
#else
/* Builds without a JSON library (the Windows DLL) write the same object with
 * snprintf; every value is a version or a fixed name, none of which holds a
 * character JSON would need escaped. */
static void build_info_make(void)
{
    char backends[256] = "";
    size_t used = 0;
    for (int32_t i = 0; i < bc_backend_count(); i++) {
        int n = snprintf(backends + used, sizeof backends - used, "%s\"%s\"",
                         i ? "," : "", bc_backend_name(i));
        if (n < 0 || (size_t)n >= sizeof backends - used)
            break;
        used += (size_t)n;
    }
    const char *zstd = zstd_version();
#if defined(_WIN32)
    const char *plugin = "null"; /* no plugin loader on Windows */
#else
    const char *plugin = "\"" BC_CUDA_PLUGIN_NAME "\"";
#endif
    snprintf(build_info_json, sizeof build_info_json,
             "{\"version\":\"%s\",\"abi\":%d,\"compiler\":\"%s\",\"blas\":\"%s\","
             "\"zstd\":%s%s%s,\"json\":null,\"backends\":[%s],\"cuda_plugin\":%s,\"cuda\":null}",
             BC_VERSION_STRING, BC_ABI_VERSION, compiler_name(), bc_cpu_blas_name(),
             zstd ? "\"" : "", zstd ? zstd : "null", zstd ? "\"" : "", backends,
             plugin);
}
#endif

const char *bc_build_info(void)
{
    pthread_once(&build_info_once, build_info_make);
    return build_info_json;
}
