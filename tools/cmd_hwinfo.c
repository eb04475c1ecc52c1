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
    "needs heavy and GPU >= 8 GB), with the feature flags the mode enables.\n"
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
