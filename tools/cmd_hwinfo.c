/* cmd_hwinfo.c - `botcopier hwinfo [--json]`: the machine's resources and
 * the training mode (lite/standard/heavy/deep/rl) BotCopier's thresholds
 * pick from them, as the library reports them (bc_hwinfo_json). */
#include "tools/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_hwinfo(int argc, char **argv)
{
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: botcopier hwinfo [--json]\n\n"
                   "Prints RAM, cores, CPU clock, free disk, GPU memory and the training mode\n"
                   "chosen from them (lite if RAM < 4 GB or cores < 2 or disk < 5 GB; heavy if\n"
                   "RAM >= 8 GB and cores >= 4; deep needs GPU >= 8 GB and CPU >= 2500 MHz; rl\n"
                   "needs heavy and GPU >= 8 GB), with the feature flags the mode enables.\n"
                   "--json prints the library's JSON object as is.\n");
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (strcmp(argv[i], "--quiet") != 0) {
            fprintf(stderr, "botcopier hwinfo: unknown option '%s'\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
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
