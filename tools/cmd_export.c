/* cmd_export.c - `botcopier export --model M --format F --out PATH`: writes a
 * trained model (.bcm) as ONNX (float or INT8), an MQL5 include, or
 * BotCopier's model.json. Thin: parses options, calls bc_export_* and
 * bc_model_write_json. */
#include "tools/cli.h"

#include <stdio.h>
#include <string.h>

static void export_usage(FILE *out)
{
    fprintf(out,
            "usage: botcopier export --model MODEL.bcm --format FORMAT --out PATH\n"
            "                        [--prefix NAME]\n"
            "  --format onnx       ONNX, float32 weights (opset 13; ONNX Runtime, MT5 OnnxCreate)\n"
            "           onnx-int8  ONNX, int8 weights per output channel (scale = max|w|/127)\n"
            "           mql5       MQL5 include (.mqh) with the weights embedded, no DLL needed\n"
            "           json       BotCopier model.json (every key of the model)\n"
            "           botcopier-json  the binary logistic shape BotCopier's own scripts\n"
            "                      read (coefficients, intercept, prob = P(buy)); a clone's\n"
            "                      direction view (see bc_model_write_botcopier_json)\n"
            "  --prefix NAME       identifier prefix of the MQL5 functions (default bc_model)\n");
}

int cli_export(int argc, char **argv)
{
    const char *model_path = NULL, *format = NULL, *out = NULL, *prefix = NULL;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            export_usage(stdout);
            return CLI_EXIT_OK;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "botcopier export: option '%s' needs a value\n", opt);
            return CLI_EXIT_USAGE;
        }
        if (strcmp(opt, "--model") == 0)
            model_path = argv[++i];
        else if (strcmp(opt, "--format") == 0)
            format = argv[++i];
        else if (strcmp(opt, "--out") == 0)
            out = argv[++i];
        else if (strcmp(opt, "--prefix") == 0)
            prefix = argv[++i];
        else {
            fprintf(stderr, "botcopier export: unknown option '%s'\n", opt);
            export_usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (!model_path || !format || !out) {
        fprintf(stderr, "botcopier export: --model, --format and --out are required\n");
        export_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    int kind = strcmp(format, "onnx") == 0        ? 1
             : strcmp(format, "onnx-int8") == 0   ? 2
             : strcmp(format, "mql5") == 0        ? 3
             : strcmp(format, "json") == 0        ? 4
             : strcmp(format, "botcopier-json") == 0 ? 5 : 0;
    if (!kind) {
        fprintf(stderr, "botcopier export: --format '%s' is not one of onnx, "
                "onnx-int8, mql5, json, botcopier-json\n", format);
        return CLI_EXIT_USAGE;
    }
    if (prefix && kind != 3) {
        fprintf(stderr, "botcopier export: --prefix applies to --format mql5 only\n");
        return CLI_EXIT_USAGE;
    }
    bc_model *model = NULL;
    int32_t rc = bc_model_load(model_path, &model);
    if (rc != BC_OK)
        return cli_fail("export", model_path, rc);
    if (kind == 1 || kind == 2)
        rc = bc_export_onnx(model, out, kind == 2);
    else if (kind == 3)
        rc = bc_export_mql5(model, out, prefix);
    else if (kind == 4)
        rc = bc_model_write_json(model, out);
    else
        rc = bc_model_write_botcopier_json(model, out);
    int status = CLI_EXIT_OK;
    if (rc != BC_OK)
        status = cli_fail("export", out, rc);
    else
        printf("wrote %s (%s, %d features, %d classes)\n", out, format,
               (int)bc_model_num_features(model), (int)bc_model_num_classes(model));
    bc_model_free(model);
    return status;
}
