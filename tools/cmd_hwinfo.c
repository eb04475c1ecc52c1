/* cmd_hwinfo.c - `botcopier hwinfo [--json]`: the machine's resources and
 * the training mode (lite/standard/heavy/deep/rl) BotCopier's thresholds
 * pick from them, as the library reports them (bc_hwinfo_json). */
#include "tools/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hwinfo_usage[] =
    "usage: botcopier hwinfo [--json]\n\n"
    "Prints RAM, cores, CPU clock, free disk, GPU memory and the training mode\n"
    "chosen from them (lite if RAM < 4 GB or cores < 2 or disk < 5 GB; heavy if\n"
    "RAM >= 8 GB and cores >= 4; deep needs GPU >= 8 GB and CPU >= 2500 MHz; rl\n"
    "needs heavy and GPU >= 8 GB), with the feature flags the mode enables, and\n"
    "what the CUDA plugin found (device, compute capability, memory, driver and\n"
    "runtime versions) or why there is no GPU backend.\n"
    "--json prints the library's JSON object as is.\n";

static int hwinfo_option(void *ctx, const char *name, const char *value)
{
    (void)value;
    if (strcmp(name, "json") == 0)
        *(int *)ctx = 1;
    return 0;
}

int cli_hwinfo(int argc, char **argv)
{
    static const cli_option hwinfo_options[] = {{"json", 0}, {"quiet", 0}, {NULL, 0}};
    int as_json = 0;
    int status = cli_parse_options("hwinfo", argc, argv, hwinfo_options, hwinfo_usage,
                                   hwinfo_option, &as_json);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    /* The probe runs on each call, so free disk (and the length) may move
     * between the sizing call and the real one: leave room, retry once. */
    int32_t len = 0, rc = BC_E_BUFFER_TOO_SMALL;
    char *text = NULL;
    for (int attempt = 0; attempt < 2 && rc == BC_E_BUFFER_TOO_SMALL; attempt++) {
        bc_hwinfo_json(NULL, 0, &len);
        free(text);
        text = malloc((size_t)len + 64);
        rc = text ? bc_hwinfo_json(text, len + 64, &len) : BC_E_OUT_OF_MEMORY;
    }
    if (rc != BC_OK) {
        free(text);
        return cli_fail("hwinfo", "probe", rc);
    }
    if (as_json) {
        printf("%s\n", text);
        free(text);
        return CLI_EXIT_OK;
    }
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    if (!root) {
        fprintf(stderr, "botcopier hwinfo: the library's JSON did not parse\n");
        return CLI_EXIT_FAILURE;
    }
    printf("RAM          %.1f GiB\n", json_number_value(json_object_get(root, "ram_gb")));
    printf("cores        %d\n", (int)json_integer_value(json_object_get(root, "cores")));
    printf("CPU clock    %.0f MHz\n", json_number_value(json_object_get(root, "cpu_mhz")));
    printf("free disk    %.1f GiB\n", json_number_value(json_object_get(root, "disk_free_gb")));
    printf("GPU memory   %.1f GiB\n", json_number_value(json_object_get(root, "gpu_mem_gb")));
    /* What the CUDA plugin found, or why there is no GPU backend. */
    json_t *cuda = json_object_get(root, "cuda");
    const char *cuda_status = json_string_value(json_object_get(cuda, "status"));
    if (cuda_status && strcmp(cuda_status, "ok") == 0) {
        printf("GPU          %s, compute %s, %.1f GiB free of %.1f\n",
               json_string_value(json_object_get(cuda, "device")),
               json_string_value(json_object_get(cuda, "compute_capability")),
               (double)json_integer_value(json_object_get(cuda, "memory_free_bytes")) / 1073741824.0,
               (double)json_integer_value(json_object_get(cuda, "memory_total_bytes")) / 1073741824.0);
        printf("CUDA         driver %s, runtime %s, plugin %s\n",
               json_string_value(json_object_get(cuda, "driver_version")),
               json_string_value(json_object_get(cuda, "runtime_version")),
               json_string_value(json_object_get(cuda, "plugin")));
    } else if (cuda) {
        printf("CUDA         unavailable: %s\n", json_string_value(json_object_get(cuda, "reason")));
    }
    printf("mode         %s\n", json_string_value(json_object_get(root, "mode")));
    const char *key;
    json_t *value;
    printf("flags       ");
    json_object_foreach(json_object_get(root, "feature_flags"), key, value)
        printf(" %s=%s", key, json_is_true(value) ? "on" : "off");
    printf("\n");
    json_decref(root);
    return CLI_EXIT_OK;
}
