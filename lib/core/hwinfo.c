/*
 * hwinfo.c - the machine probe and the hardware-aware mode rule. Reads the
 * operating system only; never allocates beyond a JSON answer and never
 * fails (unknown quantities are 0).
 */
#include "core/hwinfo.h"
#include "core/internal.h"

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
    out->gpu_mem_gb = 0.0;
}

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
    json_t *root = json_pack("{s:f, s:i, s:f, s:f, s:f, s:s, s:o}", "ram_gb", r.ram_gb,
                             "cores", (int)r.cores, "cpu_mhz", r.cpu_mhz, "disk_free_gb",
                             r.disk_free_gb, "gpu_mem_gb", r.gpu_mem_gb, "mode", mode,
                             "feature_flags", flags ? flags : json_object());
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
