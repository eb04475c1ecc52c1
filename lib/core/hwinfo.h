/*
 * hwinfo.h - what the machine offers (RAM, cores, CPU clock, free disk, GPU
 * memory) and the training mode BotCopier derives from it (DESIGN.md §8).
 * The mode rule is a pure function so it can be tested on a table; the
 * probe reads the operating system. Internal; public: bc_hwinfo_json.
 */
#ifndef BC_CORE_HWINFO_H
#define BC_CORE_HWINFO_H

#include <stdint.h>

typedef struct bc_hw_resources {
    double ram_gb;       /* total physical memory, GiB */
    int32_t cores;       /* online logical CPUs */
    double cpu_mhz;      /* fastest core's clock, 0 unknown */
    double disk_free_gb; /* free space where models are written, GiB */
    double gpu_mem_gb;   /* memory of the CUDA device, 0 without one */
} bc_hw_resources;

/* BotCopier's thresholds, first match wins:
 *   lite     RAM < 4 or cores < 2 or disk < 5
 *   rl       heavy (below) and GPU >= 8
 *   deep     GPU >= 8 and CPU >= 2500 MHz
 *   heavy    RAM >= 8 and cores >= 4
 *   standard otherwise
 * Returns a static name. */
const char *bc_hw_mode(const bc_hw_resources *r);

/* Static JSON object of the feature flags a mode enables:
 *   order_book   book features (not in lite)
 *   technical    indicator features (always)
 *   multi_timeframe  heavier indicator sets (heavy, deep, rl)
 *   deep_models  MLP / sequence models (deep, rl)
 *   reinforcement_learning  PPO refinement (rl)
 * Unknown modes give the standard flags. */
const char *bc_hw_feature_flags_json(const char *mode);

/* Reads /proc/meminfo, the online CPU count, /proc/cpuinfo "cpu MHz",
 * statvfs of `path` (NULL = ".") and the total memory of CUDA device 0 as
 * the CUDA plugin reports it (bc_hw_cuda; 0 without plugin, driver or
 * device). Fields it cannot read are 0. Never fails. */
void bc_hw_probe(const char *path, bc_hw_resources *out);

struct bc_cuda_device_info;
/* The CUDA plugin's answer (bc_cuda_probe), asked once per process and
 * kept (device memory totals do not change; free bytes are as of that
 * moment); plugin_path gets the plugin's path or "". Thread-safe. */
const struct bc_cuda_device_info *bc_hw_cuda(const char **plugin_path);

#endif /* BC_CORE_HWINFO_H */
