/* cmd_report.c - `botcopier report DIR --out report.html`: hands the job to
 * the Python package's report module (botcopier.report, matplotlib), which
 * draws a clone's or an RL run's output folder into one HTML file. This file
 * only finds the interpreter and the package and says what is missing; it
 * never parses the folder itself. */
#include "tools/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: botcopier report DIR [--out FILE.html] [--bars [SYMBOL=]B.csv ...] [--trades T.csv]\n"
    "                            [--title TEXT]\n"
    "\n"
    "Draws the output folder of `botcopier clone` (model.bcm, report.json, manifest.json)\n"
    "or of an RL run (metrics.jsonl, optional evaluation CSV) into one self-contained HTML\n"
    "file that works offline: for a clone, price with the target's and the clone's entries\n"
    "and exits, equity of clone vs target over the held-out period, the per-decision\n"
    "confusion table, fidelity figures and, when report.json has them, the extracted rules;\n"
    "for an RL run, the training curves and the evaluation's equity vs its baselines.\n"
    "\n"
    "options:\n"
    "  --out FILE        where to write the HTML [DIR/report.html]\n"
    "  --bars, --trades  the clone's inputs [as manifest.json records them]\n"
    "  --title TEXT      the page title [from the folder]\n"
    "\n"
    "Needs Python 3 with numpy and matplotlib (Debian: python3-numpy python3-matplotlib)\n"
    "and the botcopier Python package (bindings/python; found beside a build tree or a\n"
    "pip-installed CLI). $BOTCOPIER_PYTHON names the interpreter [python3].\n";

/* Run by the interpreter: imports the report module with a message that
 * says what to install when it cannot, then runs it on argv. */
static const char bootstrap[] =
    "import sys\n"
    "try:\n"
    "    from botcopier import html_report as report\n"
    "except ImportError as e:\n"
    "    sys.stderr.write('botcopier report: the botcopier Python package cannot be imported by '\n"
    "                     '%s (%s); install it with pip install ./bindings/python, or run '\n"
    "                     'from a build tree\\n' % (sys.executable, e))\n"
    "    sys.exit(1)\n"
    "sys.exit(report.main(sys.argv[1:], prog='botcopier report'))\n";

/* The directory of the running executable, or "" when unknown. */
static void executable_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) {
        buf[0] = '\0';
        return;
    }
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
}

static int exists(const char *dir, const char *name)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, R_OK) == 0;
}

/* Puts the package beside this CLI on PYTHONPATH (a build tree keeps it in
 * ../bindings/python, a pip install puts the CLI in botcopier/_bin) and the
 * build tree's library in BC_LIBRARY unless the user chose one. */
static void point_python_at_package(void)
{
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    executable_dir(exe, sizeof exe);
    if (!exe[0])
        return;
    const char *candidates[] = {"%s/../bindings/python", "%s/../.."};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        snprintf(dir, sizeof dir, candidates[i], exe);
        if (!exists(dir, "botcopier/html_report.py"))
            continue;
        const char *old = getenv("PYTHONPATH");
        size_t len = strlen(dir) + (old ? strlen(old) : 0) + 2;
        char *value = malloc(len);
        if (value) {
            snprintf(value, len, "%s%s%s", dir, old && *old ? ":" : "", old ? old : "");
            setenv("PYTHONPATH", value, 1);
            free(value);
        }
        break;
    }
    if (!getenv("BC_LIBRARY") && exists(exe, "libbotcopier.so.1")) {
        snprintf(dir, sizeof dir, "%s/libbotcopier.so.1", exe);
        setenv("BC_LIBRARY", dir, 1);
    }
}

int cli_report(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        }
    }
    if (argc < 2) {
        fprintf(stderr, "botcopier report: which folder? (the --out DIR of clone or rl-train)\n%s",
                usage_text);
        return CLI_EXIT_USAGE;
    }
    const char *python = getenv("BOTCOPIER_PYTHON");
    if (!python || !*python)
        python = "python3";
    point_python_at_package();
    char **args = calloc((size_t)argc + 4, sizeof *args);
    if (!args) {
        fprintf(stderr, "botcopier report: out of memory\n");
        return CLI_EXIT_FAILURE;
    }
    args[0] = (char *)python;
    args[1] = "-c";
    args[2] = (char *)bootstrap;
    for (int i = 1; i < argc; i++)
        args[2 + i] = argv[i];
    fflush(stdout);
    execvp(python, args);
    fprintf(stderr,
            "botcopier report: cannot run '%s': %s. The report is drawn by Python 3 with numpy "
            "and matplotlib: install python3, python3-numpy and python3-matplotlib (Debian) or "
            "set BOTCOPIER_PYTHON to an interpreter that has them\n",
            python, strerror(errno));
    free(args);
    return CLI_EXIT_FAILURE;
}
