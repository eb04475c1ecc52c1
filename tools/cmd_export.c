/* cmd_export.c - `botcopier export --model M --format F --out PATH`: writes a
 * trained model (.bcm) as ONNX (float or INT8), an MQL5 include, or
 * BotCopier's model.json. Thin: parses options, calls bc_export_* and
 * bc_model_write_json. */
#include "tools/cli.h"
#include "tools/cli_lifecycle.h"

#include <jansson.h>
#include <stdlib.h>
#include <time.h>

#include <stdio.h>
#include <string.h>

static const char export_usage_text[] =
            "usage: botcopier export --model MODEL.bcm|POLICY.bcp --format FORMAT --out PATH\n"
            "                        [--prefix NAME] [--mqh PATH]\n"
            "       botcopier export --key KEY --format FORMAT --out PATH [--run-dir DIR]\n"
            "                        [--db URL]   (the registry's active model of KEY)\n"
            "  --format onnx       ONNX, float32 weights (opset 13; ONNX Runtime, MT5 OnnxCreate)\n"
            "                      (a trained policy, rl-train's policy.bcp: one step of the\n"
            "                      GRU network, opset 17, its state as inputs/outputs h_in,\n"
            "                      h_out; the only format a policy has)\n"
            "           onnx-int8  ONNX, int8 weights per output channel (scale = max|w|/127)\n"
            "           onnx-decision  ONNX whose outputs are the trading decision and P(act)\n"
            "                      under the predictor's rule (input: the whole model row\n"
            "                      as double), plus the .mqh that computes that row from\n"
            "                      bars and the position and runs it with OnnxRun\n"
            "           mql5       MQL5 include (.mqh) with the weights embedded, no DLL needed;\n"
            "                      for a clone, <prefix>_update(bar) returns the decision\n"
            "           json       BotCopier model.json (every key of the model)\n"
            "           botcopier-json  the binary logistic shape BotCopier's own scripts\n"
            "                      read (coefficients, intercept, prob = P(buy)); a clone's\n"
            "                      direction view (see bc_model_write_botcopier_json)\n"
            "  --prefix NAME       identifier prefix of the MQL5 functions (default bc_model)\n"
            "  --mqh PATH          onnx-decision: where the .mqh goes (default: --out with\n"
            "                      .onnx replaced by .mqh; \"\" for none)\n"
            "  --key KEY           export the active version of KEY (symbol/strategy/source)\n"
            "                      from the registry instead of --model\n"
            "  --run-dir DIR       run folder of the registry [.]\n"
            "  --db URL            registry database [$BOTCOPIER_DB, else RUN_DIR/registry.db]\n";

struct export_args {
    const char *model_path, *format, *out, *prefix, *mqh, *key, *run_dir, *db;
};

static int export_option(void *ctx, const char *name, const char *value)
{
    struct export_args *a = ctx;
    if (strcmp(name, "model") == 0)
        a->model_path = value;
    else if (strcmp(name, "format") == 0)
        a->format = value;
    else if (strcmp(name, "out") == 0)
        a->out = value;
    else if (strcmp(name, "mqh") == 0)
        a->mqh = value;
    else if (strcmp(name, "key") == 0)
        a->key = value;
    else if (strcmp(name, "run-dir") == 0)
        a->run_dir = value;
    else if (strcmp(name, "db") == 0)
        a->db = value;
    else
        a->prefix = value;
    return 0;
}

int cli_export(int argc, char **argv)
{
    static const cli_option export_options[] = {
        {"model", 1}, {"format", 1}, {"out", 1}, {"prefix", 1}, {"mqh", 1}, {"key", 1},
        {"run-dir", 1}, {"db", 1}, {NULL, 0}};
    struct export_args a = {0};
    int parsed = cli_parse_options("export", argc, argv, export_options, export_usage_text,
                                   export_option, &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    const char *model_path = a.model_path, *format = a.format, *out = a.out, *prefix = a.prefix;
    char active_path[4400];
    if (a.key && model_path) {
        fprintf(stderr, "botcopier export: give --model or --key, not both\n");
        return CLI_EXIT_USAGE;
    }
    if (a.key && format && out) {
        /* The registry's active version of the key. */
        bc_registry *reg = NULL;
        int st = lc_open_registry("export", a.run_dir, a.db, &reg);
        if (st != 0)
            return st;
        char buf[1 << 16];
        int32_t len = 0;
        int32_t rc = bc_registry_json(reg, "active", a.key, time(NULL), buf, sizeof buf, &len);
        bc_registry_free(reg);
        if (rc != BC_OK)
            return cli_fail("export", a.key, rc);
        json_t *act = json_loads(buf, 0, NULL);
        snprintf(active_path, sizeof active_path, "%s",
                 json_string_value(json_object_get(act, "file")));
        fprintf(stderr, "botcopier export: %s: active version %lld\n", a.key,
                (long long)json_integer_value(json_object_get(act, "version")));
        json_decref(act);
        model_path = active_path;
    }
    if (!model_path || !format || !out) {
        fprintf(stderr, "botcopier export: --model (or --key), --format and --out are required\n");
        fputs(export_usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    int kind = strcmp(format, "onnx") == 0        ? 1
             : strcmp(format, "onnx-int8") == 0   ? 2
             : strcmp(format, "mql5") == 0        ? 3
             : strcmp(format, "json") == 0        ? 4
             : strcmp(format, "botcopier-json") == 0 ? 5
             : strcmp(format, "onnx-decision") == 0 ? 6 : 0;
    if (!kind) {
        fprintf(stderr, "botcopier export: --format '%s' is not one of onnx, "
                "onnx-int8, onnx-decision, mql5, json, botcopier-json\n", format);
        return CLI_EXIT_USAGE;
    }
    if (prefix && kind != 3 && kind != 6) {
        fprintf(stderr, "botcopier export: --prefix applies to --format mql5 and "
                "onnx-decision only\n");
        return CLI_EXIT_USAGE;
    }
    if (a.mqh && kind != 6) {
        fprintf(stderr, "botcopier export: --mqh applies to --format onnx-decision only\n");
        return CLI_EXIT_USAGE;
    }
    char mqh[4096];
    mqh[0] = '\0';
    if (kind == 6) {
        size_t n = strlen(out);
        const char *mqh_arg = a.mqh;
        if (mqh_arg)
            snprintf(mqh, sizeof mqh, "%s", mqh_arg);
        else if (n > 5 && strcmp(out + n - 5, ".onnx") == 0 && n < sizeof mqh)
            snprintf(mqh, sizeof mqh, "%.*s.mqh", (int)(n - 5), out);
        else if (n + 5 < sizeof mqh)
            snprintf(mqh, sizeof mqh, "%s.mqh", out);
    }
    bc_model *model = NULL;
    int32_t rc = bc_model_load(model_path, &model);
    if (rc != BC_OK)
        return cli_fail("export", model_path, rc);
    if (kind == 1 || kind == 2)
        rc = bc_export_onnx(model, out, kind == 2);
    else if (kind == 3)
        rc = bc_export_mql5(model, out, prefix);
    else if (kind == 6)
        rc = bc_export_onnx_decision(model, out, mqh[0] ? mqh : NULL, prefix);
    else if (kind == 4)
        rc = bc_model_write_json(model, out);
    else
        rc = bc_model_write_botcopier_json(model, out);
    int status = CLI_EXIT_OK;
    if (rc != BC_OK)
        status = cli_fail("export", out, rc);
    else
        printf("wrote %s%s%s (%s, %d features, %d classes)\n", out, mqh[0] ? " and " : "", mqh,
               format, (int)bc_model_num_features(model), (int)bc_model_num_classes(model));
    bc_model_free(model);
    return status;
}
