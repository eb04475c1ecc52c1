/*
 * hwinfo.c - the machine probe and the hardware-aware mode rule. Reads the
 * operating system only; never allocates beyond a JSON answer and never
 * fails (unknown quantities are 0).
 */
#include "core/hwinfo.h"
#include "backend/backend.h"
#include "core/internal.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <sys/statvfs.h>
#include <unistd.h>
#endif

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

const char *bc_hw_mode(const bc_hw_resources *r)
{
    if (r->ram_gb < 4.0 || r->cores < 2 || r->disk_free_gb < 5.0)
        return "lite";
    int heavy = r->ram_gb >= 8.0 && r->cores >= 4;
    if (heavy && r->gpu_mem_gb >= 8.0)
        return "rl";
    if (r->gpu_mem_gb >= 8.0 && r->cpu_mhz >= 2500.0)
        return "deep";
    if (heavy)
        return "heavy";
    return "standard";
}

const char *bc_hw_feature_flags_json(const char *mode)
{
    if (mode && strcmp(mode, "lite") == 0)
        return "{\"order_book\":false,\"technical\":true,\"multi_timeframe\":false,"
               "\"deep_models\":false,\"reinforcement_learning\":false}";
    if (mode && strcmp(mode, "heavy") == 0)
        return "{\"order_book\":true,\"technical\":true,\"multi_timeframe\":true,"
               "\"deep_models\":false,\"reinforcement_learning\":false}";
    if (mode && strcmp(mode, "deep") == 0)
        return "{\"order_book\":true,\"technical\":true,\"multi_timeframe\":true,"
               "\"deep_models\":true,\"reinforcement_learning\":false}";
    if (mode && strcmp(mode, "rl") == 0)
        return "{\"order_book\":true,\"technical\":true,\"multi_timeframe\":true,"
               "\"deep_models\":true,\"reinforcement_learning\":true}";
    return "{\"order_book\":true,\"technical\":true,\"multi_timeframe\":false,"
           "\"deep_models\":false,\"reinforcement_learning\":false}";
}

#if !defined(_WIN32)
/* First line of a /proc file starting with key, value parsed as a double. */
static double proc_value(const char *file, const char *key, int want_max)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 0.0;
    char line[512];
    double best = 0.0;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) != 0)
            continue;
        const char *p = strchr(line + klen, ':');
        double v = p ? strtod(p + 1, NULL) : 0.0;
        if (!want_max) {
            best = v;
            break;
        }
        if (v > best)
            best = v;
    }
    fclose(f);
    return best;
}
#endif

static bc_cuda_device_info hw_cuda_info;
static char hw_cuda_path[4096];
static pthread_once_t hw_cuda_once = PTHREAD_ONCE_INIT;

static void hw_cuda_probe(void)
{
    bc_cuda_probe(&hw_cuda_info, hw_cuda_path, sizeof hw_cuda_path);
}

const bc_cuda_device_info *bc_hw_cuda(const char **plugin_path)
{
    pthread_once(&hw_cuda_once, hw_cuda_probe);
    if (plugin_path)
        *plugin_path = hw_cuda_path;
    return &hw_cuda_info;
}

void bc_hw_probe(const char *path, bc_hw_resources *out)
{
    memset(out, 0, sizeof *out);
    const double gib = 1024.0 * 1024.0 * 1024.0;
#if defined(_WIN32)
    MEMORYSTATUSEX ms;
    ms.dwLength = sizeof ms;
    if (GlobalMemoryStatusEx(&ms))
        out->ram_gb = (double)ms.ullTotalPhys / gib;
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    out->cores = (int32_t)si.dwNumberOfProcessors;
    ULARGE_INTEGER free_bytes;
    if (GetDiskFreeSpaceExA(path ? path : ".", &free_bytes, NULL, NULL))
        out->disk_free_gb = (double)free_bytes.QuadPart / gib;
#else
    out->ram_gb = proc_value("/proc/meminfo", "MemTotal", 0) * 1024.0 / gib;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    out->cores = cores > 0 ? (int32_t)cores : 0;
    out->cpu_mhz = proc_value("/proc/cpuinfo", "cpu MHz", 1);
    struct statvfs vfs;
    if (statvfs(path ? path : ".", &vfs) == 0)
        out->disk_free_gb = (double)vfs.f_bavail * (double)vfs.f_frsize / gib;
#endif
    const bc_cuda_device_info *cuda = bc_hw_cuda(NULL);
    out->gpu_mem_gb = cuda->status == BC_OK ? (double)cuda->total_bytes / gib : 0.0;
}

#ifdef BC_HAVE_JANSSON
/* {"status": "ok"|"unavailable", "plugin": path|null, "reason": why|null,
 *  and with a device: "device", "compute_capability", "memory_total_bytes",
 *  "memory_free_bytes", "multiprocessors", "driver_version",
 *  "runtime_version", "cublas_version", "cudnn_version", "device_count"}.
 * Versions as "major.minor" (CUDA's 1000 major + 10 minor). */
static json_t *version_string(int32_t v)
{
    if (v <= 0)
        return json_null();
    char text[32];
    snprintf(text, sizeof text, "%d.%d", (int)(v / 1000), (int)(v % 1000) / 10);
    return json_string(text);
}

json_t *bc_hw_cuda_json(void);
json_t *bc_hw_cuda_json(void)
{
    const char *path = NULL;
    const bc_cuda_device_info *c = bc_hw_cuda(&path);
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string(c->status == BC_OK ? "ok" : "unavailable"));
    json_object_set_new(o, "plugin", path && path[0] ? json_string(path) : json_null());
    json_object_set_new(o, "reason", c->status == BC_OK ? json_null() : json_string(c->why));
    if (c->status == BC_OK) {
        char cc[32];
        snprintf(cc, sizeof cc, "%d.%d", (int)c->cc_major, (int)c->cc_minor);
        json_object_set_new(o, "device", json_string(c->name));
        json_object_set_new(o, "device_count", json_integer(c->device_count));
        json_object_set_new(o, "compute_capability", json_string(cc));
        json_object_set_new(o, "memory_total_bytes", json_integer((json_int_t)c->total_bytes));
        json_object_set_new(o, "memory_free_bytes", json_integer((json_int_t)c->free_bytes));
        json_object_set_new(o, "multiprocessors", json_integer(c->multiprocessors));
        json_object_set_new(o, "driver_version", version_string(c->driver_version));
        json_object_set_new(o, "runtime_version", version_string(c->runtime_version));
        json_object_set_new(o, "cublas_version", c->cublas_version > 0
                                                     ? json_integer(c->cublas_version)
                                                     : json_null());
        json_object_set_new(o, "cudnn_version", c->cudnn_version > 0
                                                    ? json_integer(c->cudnn_version)
                                                    : json_null());
    }
    return o;
}
#endif

int32_t bc_hwinfo_json(char *buf, int32_t capacity, int32_t *length)
{
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_hwinfo_json: buffer NULL or capacity %d",
                       (int)capacity);
#ifdef BC_HAVE_JANSSON
    bc_hw_resources r;
    bc_hw_probe(NULL, &r);
    const char *mode = bc_hw_mode(&r);
    json_t *flags = json_loads(bc_hw_feature_flags_json(mode), 0, NULL);
    json_t *root = json_pack("{s:f, s:i, s:f, s:f, s:f, s:s, s:o, s:o}", "ram_gb", r.ram_gb,
                             "cores", (int)r.cores, "cpu_mhz", r.cpu_mhz, "disk_free_gb",
                             r.disk_free_gb, "gpu_mem_gb", r.gpu_mem_gb, "mode", mode,
                             "feature_flags", flags ? flags : json_object(), "cuda",
                             bc_hw_cuda_json());
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_hwinfo_json: out of memory");
    size_t n = strlen(text);
    if (length)
        *length = (int32_t)n;
    int32_t rc = BC_OK;
    if ((size_t)capacity <= n)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_hwinfo_json: needs %d bytes plus NUL, capacity %d",
                     (int)n, (int)capacity);
    else
        memcpy(buf, text, n + 1);
    free(text);
    return rc;
#else
    (void)length;
    return bc_fail(BC_E_UNSUPPORTED, "bc_hwinfo_json: built without a JSON library");
#endif
}
