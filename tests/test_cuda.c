/* test_cuda.c - the CUDA backend plugin (issue 11).
 *
 * Everywhere: the plugin that `make check` builds when nvcc is present
 * loads, exports its table and query at this library's API version, and on
 * a machine without a driver or device says so with CUDA's own message;
 * "best" falls back to cpu and logs why; a bogus BOTCOPIER_CUDA_PLUGIN and
 * a plugin of another API version are refused by name; build_info and
 * hwinfo report what was found; the GPU sizing rule; the shared math
 * (kernels_math.h) on the cpu backend against float64 references.
 *
 * With a device (tcase "device", added only when the plugin finds one; the
 * suite prints "skipped" otherwise): the env step on the GPU against the
 * cpu backend, GEMM, Adam, GAE, activations and softmax against float64
 * references and the cpu backend; the PPO trainer's ops (API 4) against
 * the cpu backend, and a short PPO run on the GPU tracking the cpu run's
 * metrics. */
#include "test_util.h"
#include "backend/backend.h"
#include "backend/gpu_sizing.h"
#include "backend/kernels_math.h"
#include "cuda_market.h"
#include "ppo_run.h"
#include "rl/gru_ac.h"
#include "rl/policy_io.h"

#include <dlfcn.h>
#include <elf.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BC_TEST_BUILD_DIR
#define BC_TEST_BUILD_DIR BC_TEST_SOURCE_DIR "/build"
#endif

/* The plugin under test: $BC_TEST_CUDA_PLUGIN (make check) or the build
 * directory's; NULL when it was not built (no nvcc). */
static const char *plugin_path(void)
{
    static char path[4096];
    const char *env = getenv("BC_TEST_CUDA_PLUGIN");
    if (env && *env)
        snprintf(path, sizeof path, "%s", env);
    else
        snprintf(path, sizeof path, "%s/%s", BC_TEST_BUILD_DIR, BC_CUDA_PLUGIN_NAME);
    struct stat st;
    return stat(path, &st) == 0 ? path : NULL;
}

/* CK_FORK=no (valgrind) runs every test in one process: the plugin's CUDA
 * runtime and the cached probe are process-wide, so the tests that load
 * the real plugin need a process each and are left out then. */
static int one_process(void)
{
    const char *v = getenv("CK_FORK");
    return v && strcmp(v, "no") == 0;
}

#define NEED_PLUGIN()                                                                      \
    const char *plugin = plugin_path();                                                    \
    if (!plugin || one_process()) {                                                        \
        printf("cuda: %s skipped: %s\n", __func__,                                         \
               plugin ? "CK_FORK=no (needs a process per test)"                            \
                      : BC_CUDA_PLUGIN_NAME " not built (no nvcc)");                       \
        return;                                                                            \
    }

/* The plugin's own answer about the machine, asked directly. */
static void query_plugin_here(const char *path, bc_cuda_device_info *info)
{
    memset(info, 0, sizeof *info);
    info->status = BC_E_UNSUPPORTED;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(info->why, sizeof info->why, "dlopen: %s", dlerror());
        return;
    }
    bc_cuda_query_fn query;
    *(void **)&query = dlsym(h, BC_CUDA_PLUGIN_QUERY);
    if (query)
        query(info);
    dlclose(h);
}

/* The plugin's query, run in a child process: CUDA initialized in the
 * runner's process does not survive the fork of each test (a child's first
 * CUDA call then fails with cudaErrorInitializationError, seen on an H200),
 * so the process that forks the tests never touches the driver. */
static void query_plugin(const char *path, bc_cuda_device_info *info)
{
    int fd[2];
    if (pipe(fd) != 0) {
        query_plugin_here(path, info);
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        bc_cuda_device_info mine;
        query_plugin_here(path, &mine);
        ssize_t n = write(fd[1], &mine, sizeof mine);
        _exit(n == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fd[1]);
    memset(info, 0, sizeof *info);
    info->status = BC_E_UNSUPPORTED;
    size_t got = 0;
    while (pid > 0 && got < sizeof *info) {
        ssize_t n = read(fd[0], (char *)info + got, sizeof *info - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (pid < 0) {
        query_plugin_here(path, info);
    } else if (got != sizeof *info) {
        memset(info, 0, sizeof *info);
        info->status = BC_E_UNSUPPORTED;
        snprintf(info->why, sizeof info->why, "the plugin's query died in its child process");
    }
}

static void use_plugin(const char *path)
{
    unsetenv(BC_CUDA_PLUGIN_ENV_OLD);
    setenv(BC_CUDA_PLUGIN_ENV, path, 1);
}

static void drain_log(void)
{
    char buf[1024];
    while (bc_log_pop(buf, sizeof buf, NULL, NULL) == BC_OK) {
    }
}

/* ---- the plugin and the loader, everywhere --------------------------------- */

START_TEST(plugin_exports_table_and_query_at_this_api_version)
{
    NEED_PLUGIN();
    void *h = dlopen(plugin, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(h != NULL, "dlopen %s: %s", plugin, dlerror());
    typedef const bc_backend_ops *(*entry_fn)(void);
    entry_fn entry;
    *(void **)&entry = dlsym(h, BC_CUDA_PLUGIN_ENTRY);
    ck_assert_ptr_nonnull(entry);
    const bc_backend_ops *ops = entry();
    ck_assert_ptr_nonnull(ops);
    ck_assert_uint_eq(ops->api_version, BC_BACKEND_API_VERSION);
    ck_assert_str_eq(ops->name, "cuda");
    /* Every op is there (the vtable is filled positionally in C++). */
    const void *fns[] = {(const void *)ops->create, (const void *)ops->destroy,
                         (const void *)ops->last_error, (const void *)ops->alloc,
                         (const void *)ops->release, (const void *)ops->to_device,
                         (const void *)ops->to_host, (const void *)ops->sgemm_batched,
                         (const void *)ops->activation, (const void *)ops->softmax_rows,
                         (const void *)ops->adam_update, (const void *)ops->env_reset,
                         (const void *)ops->env_step, (const void *)ops->gae,
                         (const void *)ops->gru_forward, (const void *)ops->gru_backward,
                         (const void *)ops->fill, (const void *)ops->copy,
                         (const void *)ops->bias_rows, (const void *)ops->column_sums_add,
                         (const void *)ops->relu_layernorm_forward,
                         (const void *)ops->relu_layernorm_backward,
                         (const void *)ops->dropout_forward, (const void *)ops->multiply,
                         (const void *)ops->mark_positive_columns,
                         (const void *)ops->sample_actions, (const void *)ops->gather_rows,
                         (const void *)ops->normalize, (const void *)ops->ppo_loss,
                         (const void *)ops->value_loss, (const void *)ops->clip_grad_norm,
                         (const void *)ops->explained_variance, (const void *)ops->rollout_record,
                         (const void *)ops->store_at, (const void *)ops->counter_add,
                         (const void *)ops->sample_actions_at, (const void *)ops->accumulate,
                         (const void *)ops->graph_begin, (const void *)ops->graph_end,
                         (const void *)ops->graph_launch, (const void *)ops->graph_free};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        ck_assert_msg(fns[i] != NULL, "op %zu is NULL", i);
    ck_assert_ptr_nonnull(dlsym(h, BC_CUDA_PLUGIN_QUERY));
    /* The library's core never links CUDA: only the plugin does. */
    ck_assert_ptr_null(dlsym(RTLD_DEFAULT, "cudaGetDeviceCount"));
    dlclose(h);
}
END_TEST

/* The device code the plugin carries, read from its .nv_fatbin section
 * (CUDA's fatbinary: a 16-byte header, magic 0xBA55ED50, then entries of
 * kind 1 = PTX or 2 = ELF with the target at byte 28 of each entry's
 * header): machine code for sm_80 and sm_90 and compute_90 PTX, which the
 * driver compiles for newer GPUs (issue 11). No GPU and no cuobjdump
 * needed. */
START_TEST(plugin_carries_sm80_sm90_code_and_ptx)
{
    NEED_PLUGIN();
    FILE *f = fopen(plugin, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", plugin);
    fseek(f, 0, SEEK_END);
    const long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc((size_t)size);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(fread(d, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    Elf64_Ehdr eh;
    ck_assert_int_ge(size, (long)sizeof eh);
    memcpy(&eh, d, sizeof eh);
    ck_assert_int_eq(memcmp(eh.e_ident, ELFMAG, SELFMAG), 0);
    ck_assert_int_eq(eh.e_ident[EI_CLASS], ELFCLASS64);
    ck_assert_int_le((long)(eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr)), size);
    Elf64_Shdr names, sh;
    memcpy(&names, d + eh.e_shoff + (uint64_t)eh.e_shstrndx * sizeof names, sizeof names);
    uint64_t off = 0, len = 0;
    for (int i = 0; i < eh.e_shnum; i++) {
        memcpy(&sh, d + eh.e_shoff + (uint64_t)i * sizeof sh, sizeof sh);
        if (names.sh_offset + sh.sh_name < (uint64_t)size &&
            strcmp((const char *)d + names.sh_offset + sh.sh_name, ".nv_fatbin") == 0)
            off = sh.sh_offset, len = sh.sh_size;
    }
    ck_assert_msg(len > 0 && off + len <= (uint64_t)size, "%s has no .nv_fatbin section", plugin);
    int elf80 = 0, elf90 = 0, ptx90 = 0, entries = 0;
    uint64_t pos = 0;
    while (pos + 16 <= len) {
        uint32_t magic;
        uint16_t header;
        uint64_t body;
        memcpy(&magic, d + off + pos, 4);
        if (magic != 0xBA55ED50u) {
            pos += 8; /* fatbinaries are 8-byte aligned in the section */
            continue;
        }
        memcpy(&header, d + off + pos + 6, 2);
        memcpy(&body, d + off + pos + 8, 8);
        uint64_t p = pos + header, end = p + body;
        ck_assert_msg(end <= len, "fatbinary at %llu overruns its section", (unsigned long long)pos);
        while (p + 32 <= end) {
            uint16_t kind;
            uint32_t entry_header, arch;
            uint64_t payload;
            memcpy(&kind, d + off + p, 2);
            memcpy(&entry_header, d + off + p + 4, 4);
            memcpy(&payload, d + off + p + 8, 8);
            memcpy(&arch, d + off + p + 28, 4);
            elf80 |= kind == 2 && arch == 80;
            elf90 |= kind == 2 && arch == 90;
            ptx90 |= kind == 1 && arch == 90;
            entries++;
            ck_assert_int_gt(entry_header, 0);
            p += entry_header + payload;
        }
        pos = end;
    }
    printf("cuda: the plugin's fatbinary: %d entries; sm_80 code %s, sm_90 code %s, compute_90 "
           "PTX %s\n", entries, elf80 ? "yes" : "NO", elf90 ? "yes" : "NO", ptx90 ? "yes" : "NO");
    ck_assert_msg(elf80 && elf90 && ptx90, "the plugin lacks sm_80 (%d) or sm_90 (%d) code or "
                  "compute_90 PTX (%d)", elf80, elf90, ptx90);
    free(d);
}
END_TEST

START_TEST(cuda_init_reports_missing_driver_or_device_with_cuda_message)
{
    NEED_PLUGIN();
    bc_cuda_device_info info;
    query_plugin(plugin, &info);
    use_plugin(plugin);
    bc_backend *be = (bc_backend *)0x1;
    int32_t rc = bc_backend_init("cuda", &be);
    if (info.status == BC_OK) {
        ck_assert_ok(rc);
        ck_assert_str_eq(bc_backend_kind(be), "cuda");
        bc_backend_free(be);
    } else {
        /* This machine: the plugin loads, CUDA finds no driver or device. */
        ck_assert_int_eq(rc, BC_E_UNSUPPORTED);
        ck_assert_ptr_null(be);
        const char *msg = bc_last_error();
        ck_assert_msg(strstr(msg, "backend 'cuda'") != NULL, "%s", msg);
        ck_assert_msg(strstr(msg, "cudaGetDeviceCount") != NULL ||
                          strstr(msg, "no CUDA device") != NULL,
                      "message does not say what is missing: %s", msg);
        /* The query says the same thing. */
        ck_assert_msg(strstr(msg, info.why) != NULL, "'%s' vs query '%s'", msg, info.why);
        ck_assert_int_eq(info.api_version, BC_BACKEND_API_VERSION);
        ck_assert_int_eq(info.device_count, 0);
    }
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

START_TEST(best_falls_back_to_cpu_and_logs_why)
{
    NEED_PLUGIN();
    bc_cuda_device_info info;
    query_plugin(plugin, &info);
    use_plugin(plugin);
    drain_log();
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("best", &be));
    char buf[1024];
    int32_t level = 0;
    ck_assert_ok(bc_log_pop(buf, sizeof buf, NULL, &level));
    ck_assert_int_eq(level, BC_LOG_INFO);
    if (info.status == BC_OK) {
        ck_assert_str_eq(bc_backend_kind(be), "cuda");
        ck_assert_msg(strstr(buf, "using cuda") != NULL, "log: %s", buf);
    } else {
        ck_assert_str_eq(bc_backend_kind(be), "cpu");
        ck_assert_msg(strstr(buf, "using cpu") != NULL, "log: %s", buf);
        ck_assert_msg(strstr(buf, info.why) != NULL, "log '%s' lacks the reason '%s'", buf,
                      info.why);
    }
    /* The cpu backend it fell back to works. */
    if (strcmp(bc_backend_kind(be), "cpu") == 0) {
        float a[4] = {1, 2, 3, 4}, b[4] = {1, 0, 0, 1}, c[4] = {0};
        ck_assert_ok(bc_backend_sgemm(be, 0, 0, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2));
        ck_assert_float_eq(c[3], 4.0f);
    }
    bc_backend_free(be);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

START_TEST(bogus_plugin_path_is_named_in_the_error)
{
    setenv(BC_CUDA_PLUGIN_ENV, "/nonexistent/dir/libbotcopier-cuda.so", 1);
    bc_backend *be = (bc_backend *)0x1;
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "BOTCOPIER_CUDA_PLUGIN=/nonexistent/dir/libbotcopier-cuda.so");
    ck_assert_ptr_null(be);
    /* The documented name wins over the old one. */
    setenv(BC_CUDA_PLUGIN_ENV_OLD, "libm.so.6", 1);
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "/nonexistent/dir/libbotcopier-cuda.so");
    unsetenv(BC_CUDA_PLUGIN_ENV);
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "libm.so.6 has no entry point");
    unsetenv(BC_CUDA_PLUGIN_ENV_OLD);
}
END_TEST

START_TEST(plugin_of_another_api_version_is_refused)
{
    char path[4096];
    /* BC_TEST_FAKE_CUDA_PLUGIN: where a prebuilt runner's fake plugin was
     * carried (bench/gpu/run_prebuilt.sh) */
    const char *carried = getenv("BC_TEST_FAKE_CUDA_PLUGIN");
    if (carried && *carried)
        snprintf(path, sizeof path, "%s", carried);
    else
        snprintf(path, sizeof path, "%s/tests/libbc-fake-cuda.so", BC_TEST_BUILD_DIR);
    struct stat st;
    ck_assert_msg(stat(path, &st) == 0, "%s missing (built with the test runner)", path);
    use_plugin(path);
    bc_backend *be = (bc_backend *)0x1;
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "speaks backend API 999");
    ck_assert_ptr_null(be);
    bc_cuda_device_info info;
    char where[4096];
    bc_cuda_probe(&info, where, sizeof where);
    ck_assert_int_ne(info.status, BC_OK);
    ck_assert_msg(strstr(info.why, "has no " BC_CUDA_PLUGIN_QUERY) != NULL ||
                      strstr(info.why, "API 999") != NULL,
                  "%s", info.why);
    ck_assert_str_eq(where, path);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

START_TEST(build_info_and_hwinfo_report_what_the_plugin_found)
{
    NEED_PLUGIN();
    bc_cuda_device_info info;
    query_plugin(plugin, &info);
    use_plugin(plugin); /* each test runs in its own process: the cache is fresh */
    const char *bi = bc_build_info();
    ck_assert_msg(strstr(bi, "\"cuda\":{\"status\":") != NULL, "%s", bi);
    char plug[4200];
    snprintf(plug, sizeof plug, "\"plugin\":\"%s\"", plugin);
    ck_assert_msg(strstr(bi, plug) != NULL, "%s lacks %s", bi, plug);
    int32_t len = 0;
    bc_hwinfo_json(NULL, 0, &len);
    /* Free disk moves between the two calls (other processes write). */
    char *hw = malloc((size_t)len + 64);
    ck_assert_ok(bc_hwinfo_json(hw, len + 64, &len));
    if (info.status == BC_OK) {
        ck_assert_msg(strstr(bi, "\"status\":\"ok\"") != NULL, "%s", bi);
        ck_assert_msg(strstr(bi, info.name) != NULL, "%s lacks %s", bi, info.name);
        ck_assert_msg(strstr(bi, "\"compute_capability\"") != NULL, "%s", bi);
        ck_assert_msg(strstr(hw, "\"gpu_mem_gb\":0.0") == NULL, "%s", hw);
    } else {
        ck_assert_msg(strstr(bi, "\"status\":\"unavailable\"") != NULL, "%s", bi);
        ck_assert_msg(strstr(bi, "cudaGetDeviceCount") != NULL ||
                          strstr(bi, "no CUDA device") != NULL,
                      "%s", bi);
        ck_assert_msg(strstr(hw, "\"gpu_mem_gb\":0.0") != NULL, "%s", hw);
        ck_assert_msg(strstr(hw, "\"status\":\"unavailable\"") != NULL, "%s", hw);
    }
    free(hw);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* ---- GPU sizing ---------------------------------------------------------------- */

START_TEST(sizing_bytes_per_sample_is_design_sections_formula)
{
    /* DESIGN.md section 8: obs_dim 64, 16 actions = 256 + 25 + 64 = 345
     * bytes (the seed's own example adds to 341: it leaves out the 4 bytes
     * of the stored log-probability); bc_ppo_plan uses the same figure. */
    ck_assert_uint_eq(bc_gpu_bytes_per_sample(64, 16), 345);
    ck_assert_uint_eq(BC_PPO_SAMPLE_FIXED_BYTES, 25);
    int32_t n_envs = 0;
    int64_t bytes = 0;
    ck_assert_ok(bc_ppo_plan(64, 16, 10, (int64_t)(345 * 1.5 * 10) * 3, &n_envs, &bytes));
    ck_assert_int_eq(n_envs, 3);
    bc_gpu_sizing s = {0};
    s.obs_dim = 64;
    s.n_actions = 16;
    s.fixed_bytes = 1000;
    s.tape_bytes_per_row = 100;
    /* 8 envs x 10 steps: 80 * 345 * 1.5 + 1000 + ceil(8/2) * 10 * 100. */
    ck_assert_uint_eq(bc_gpu_bytes_for(&s, 8, 10, 2), 41400 + 1000 + 4000);
}
END_TEST

START_TEST(sizing_picks_the_most_envs_that_fit)
{
    bc_gpu_sizing s = {0};
    s.free_bytes = (uint64_t)6 << 30;
    s.obs_dim = 155;
    s.n_actions = 12;
    s.fixed_bytes = (uint64_t)50 << 20;
    s.tape_bytes_per_row = 40000;
    ck_assert_ok(bc_gpu_size(&s));
    ck_assert_int_eq(s.out_n_steps, BC_GPU_DEFAULT_STEPS);
    ck_assert_int_eq(s.out_n_minibatches, BC_GPU_DEFAULT_MINIBATCHES);
    ck_assert_int_gt(s.out_n_envs, 0);
    ck_assert_int_eq(s.out_n_envs % 64, 0);
    ck_assert_uint_le(s.bytes_needed, s.free_bytes);
    /* 64 more would not fit. */
    ck_assert_uint_gt(bc_gpu_bytes_for(&s, s.out_n_envs + 64, 256, 4), s.free_bytes);
    ck_assert_int_eq(s.out_minibatch_envs, (s.out_n_envs + 3) / 4);
    /* A huge GPU is capped at the seed's 65,536 envs. */
    s.free_bytes = (uint64_t)140 << 30;
    s.tape_bytes_per_row = 100;
    s.n_envs = 0;
    ck_assert_ok(bc_gpu_size(&s));
    ck_assert_int_eq(s.out_n_envs, BC_GPU_MAX_ENVS);
    /* The cap bounds what is usable. */
    s.cap_bytes = (uint64_t)1 << 30;
    s.tape_bytes_per_row = 40000;
    ck_assert_ok(bc_gpu_size(&s));
    ck_assert_uint_eq(s.bytes_usable, (uint64_t)1 << 30);
    ck_assert_uint_le(s.bytes_needed, (uint64_t)1 << 30);
}
END_TEST

START_TEST(sizing_refuses_what_cannot_fit_and_says_what_would)
{
    bc_gpu_sizing s = {0};
    s.free_bytes = (uint64_t)2 << 30;
    s.obs_dim = 155;
    s.n_actions = 12;
    s.fixed_bytes = (uint64_t)20 << 20;
    s.tape_bytes_per_row = 40000;
    s.n_envs = 65536;
    s.n_steps = 512;
    ck_assert_status_msg(bc_gpu_size(&s), BC_E_OUT_OF_MEMORY, "n_envs=65536 x n_steps=512 need");
    ck_assert_msg(strstr(bc_last_error(), "at most n_envs=") != NULL, "%s", bc_last_error());
    /* The n_envs it names fits, one more does not. */
    long long named = atoll(strstr(bc_last_error(), "at most n_envs=") + 15);
    ck_assert_int_gt(named, 0);
    ck_assert_uint_le(bc_gpu_bytes_for(&s, (int32_t)named, 512, 4), s.free_bytes);
    ck_assert_uint_gt(bc_gpu_bytes_for(&s, (int32_t)named + 1, 512, 4), s.free_bytes);
    s.n_envs = (int32_t)named;
    ck_assert_ok(bc_gpu_size(&s));
    /* The model alone too big. */
    s.fixed_bytes = (uint64_t)3 << 30;
    ck_assert_status_msg(bc_gpu_size(&s), BC_E_OUT_OF_MEMORY, "the model alone needs 3.00 GiB");
    /* Bad requests. */
    s.fixed_bytes = 0;
    s.n_envs = -1;
    ck_assert_status_msg(bc_gpu_size(&s), BC_E_INVALID_ARGUMENT, "n_envs=-1");
    s.n_envs = 70000;
    ck_assert_status_msg(bc_gpu_size(&s), BC_E_INVALID_ARGUMENT, "n_envs=70000");
    s.n_envs = 0;
    s.obs_dim = 0;
    ck_assert_status_msg(bc_gpu_size(&s), BC_E_INVALID_ARGUMENT, "obs_dim=0");
}
END_TEST

/* ---- shared math on the cpu backend vs float64 ---------------------------------- */

/* GAE in float64 from its definition: A_t = sum_l (gamma lambda)^l delta_{t+l},
 * the sum stopping after a done step. */
static void gae_f64(int T, int E, double gamma, double lambda, const float *rew,
                    const float *val, const uint8_t *done, const float *next_value, double *adv)
{
    for (int e = 0; e < E; e++)
        for (int t = 0; t < T; t++) {
            double sum = 0.0, w = 1.0;
            for (int u = t; u < T; u++) {
                const int i = u * E + e;
                double vnext = u + 1 < T ? val[(u + 1) * E + e] : next_value[e];
                double delta = rew[i] + (done[i] ? 0.0 : gamma * vnext) - val[i];
                sum += w * delta;
                if (done[i])
                    break;
                w *= gamma * lambda;
            }
            adv[t * E + e] = sum;
        }
}

static void random_rollout(int T, int E, uint64_t stream, float *rew, float *val, uint8_t *done,
                           float *next_value)
{
    float *u = malloc((size_t)T * E * sizeof(float));
    bc_random_uniform(7, stream, 0, T * E, rew);
    bc_random_uniform(7, stream + 1, 0, T * E, val);
    bc_random_uniform(7, stream + 2, 0, T * E, u);
    bc_random_uniform(7, stream + 3, 0, E, next_value);
    for (int i = 0; i < T * E; i++) {
        rew[i] = 0.02f * (rew[i] - 0.5f);
        val[i] = val[i] - 0.5f;
        done[i] = u[i] < 0.08f;
    }
    free(u);
}

START_TEST(gae_op_matches_float64_definition)
{
    enum { T = 37, E = 19 };
    float rew[T * E], val[T * E], nv[E], adv[T * E], ret[T * E];
    uint8_t done[T * E];
    double ref[T * E];
    random_rollout(T, E, 40, rew, val, done, nv);
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    ck_assert_ok(be->ops->gae(be->state, T, E, 0.99, 0.95, rew, val, done, nv, adv, ret));
    gae_f64(T, E, 0.99, 0.95, rew, val, done, nv, ref);
    for (int i = 0; i < T * E; i++) {
        ck_assert_double_eq_tol(adv[i], ref[i], 1e-6 * (1.0 + fabs(ref[i])));
        ck_assert_double_eq_tol(ret[i], ref[i] + val[i], 1e-6 * (1.0 + fabs(ref[i])));
    }
    bc_backend_free(be);
}
END_TEST

/* Adam (AdamW) in float64 for `steps` steps. */
static void adam_f64(double *p, const float *grads, int64_t n, int steps, double lr, double b1,
                     double b2, double eps, double wd)
{
    double *m = calloc((size_t)n, sizeof *m), *v = calloc((size_t)n, sizeof *v);
    for (int t = 1; t <= steps; t++)
        for (int64_t i = 0; i < n; i++) {
            double g = grads[(t - 1) * n + i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            double mh = m[i] / (1 - pow(b1, t)), vh = v[i] / (1 - pow(b2, t));
            p[i] -= lr * (mh / (sqrt(vh) + eps) + wd * p[i]);
        }
    free(m);
    free(v);
}

START_TEST(adam_op_matches_float64_adamw)
{
    enum { N = 301, STEPS = 5 };
    float p[N], g[STEPS * N], m[N] = {0}, v[N] = {0};
    double ref[N];
    bc_random_uniform(8, 1, 0, N, p);
    bc_random_uniform(8, 2, 0, STEPS * N, g);
    for (int i = 0; i < STEPS * N; i++)
        g[i] = g[i] - 0.5f;
    for (int i = 0; i < N; i++)
        ref[i] = p[i];
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    for (int t = 1; t <= STEPS; t++)
        ck_assert_ok(be->ops->adam_update(be->state, p, g + (t - 1) * N, m, v, N, 1e-2f, 0.9f,
                                          0.999f, 1e-8f, 0.01f, t));
    adam_f64(ref, g, N, STEPS, 1e-2, 0.9, 0.999, 1e-8, 0.01);
    for (int i = 0; i < N; i++)
        ck_assert_double_eq_tol(p[i], ref[i], 2e-6);
    bc_backend_free(be);
}
END_TEST

static double sig64(double x) { return 1.0 / (1.0 + exp(-x)); }

/* The GRU cell in float64 (PyTorch's equations). */
static double gru64(const double *x, double hp, double *r, double *z, double *n)
{
    *r = sig64(x[0] + x[3]);
    *z = sig64(x[1] + x[4]);
    *n = tanh(x[2] + *r * x[5]);
    return (1 - *z) * *n + *z * hp;
}

START_TEST(gru_gate_math_matches_float64_and_its_derivatives)
{
    float u[7 * 64];
    bc_random_uniform(9, 3, 0, 7 * 64, u);
    for (int c = 0; c < 64; c++) {
        float in[7];
        double x[7];
        for (int j = 0; j < 7; j++) {
            in[j] = 6.0f * (u[c * 7 + j] - 0.5f);
            x[j] = in[j];
        }
        float r, z, n;
        float h = bc_math_gru_forward(in[0], in[1], in[2], in[3], in[4], in[5], in[6], &r, &z, &n);
        double r64, z64, n64;
        double h64 = gru64(x, x[6], &r64, &z64, &n64);
        ck_assert_double_eq_tol(h, h64, 1e-6);
        ck_assert_double_eq_tol(r, r64, 1e-6);
        ck_assert_double_eq_tol(n, n64, 1e-6);
        /* Backward with dh = 1 against central differences of the float64
         * cell: d h / d gx_*, d h / d gh_*, and d h / d hp through z. */
        float gi[3], gh[3];
        float dhp = bc_math_gru_backward(1.0f, r, z, n, in[5], in[6], &gi[0], &gi[1], &gi[2],
                                         &gh[0], &gh[1], &gh[2]);
        const float got[6] = {gi[0], gi[1], gi[2], gh[0], gh[1], gh[2]};
        for (int j = 0; j < 6; j++) {
            double xp[7], xm[7], a, b, cc;
            memcpy(xp, x, sizeof xp);
            memcpy(xm, x, sizeof xm);
            xp[j] += 1e-6;
            xm[j] -= 1e-6;
            double d = (gru64(xp, x[6], &a, &b, &cc) - gru64(xm, x[6], &a, &b, &cc)) / 2e-6;
            ck_assert_msg(fabs(got[j] - d) < 1e-4, "case %d input %d: %g vs %g", c, j, got[j], d);
        }
        ck_assert_double_eq_tol(dhp, z64, 1e-6); /* direct path of hp */
    }
}
END_TEST

/* A GRU layer problem: gx, whh, bhh, h0, starts, and the float64 loss
 * L = sum(wout * out) whose gradients the backward op must give. */
typedef struct gru_case {
    int T, B, H;
    float *gx, *whh, *bhh, *h0, *wout;
    uint8_t *starts;
} gru_case;

static void gru_case_make(gru_case *c, int T, int B, int H, uint64_t seed)
{
    c->T = T, c->B = B, c->H = H;
    const int R = T * B;
    c->gx = malloc((size_t)R * 3 * H * 4);
    c->whh = malloc((size_t)3 * H * H * 4);
    c->bhh = malloc((size_t)3 * H * 4);
    c->h0 = malloc((size_t)B * H * 4);
    c->wout = malloc((size_t)R * H * 4);
    c->starts = malloc((size_t)R);
    float *u = malloc((size_t)R * 4);
    bc_random_uniform(seed, 1, 0, R * 3 * H, c->gx);
    bc_random_uniform(seed, 2, 0, 3 * H * H, c->whh);
    bc_random_uniform(seed, 3, 0, 3 * H, c->bhh);
    bc_random_uniform(seed, 4, 0, B * H, c->h0);
    bc_random_uniform(seed, 5, 0, R * H, c->wout);
    bc_random_uniform(seed, 6, 0, R, u);
    for (int i = 0; i < R * 3 * H; i++)
        c->gx[i] = 2.0f * c->gx[i] - 1.0f;
    for (int i = 0; i < 3 * H * H; i++)
        c->whh[i] = (2.0f * c->whh[i] - 1.0f) / sqrtf((float)H);
    for (int i = 0; i < 3 * H; i++)
        c->bhh[i] = 0.2f * c->bhh[i] - 0.1f;
    for (int i = 0; i < B * H; i++)
        c->h0[i] = 2.0f * c->h0[i] - 1.0f;
    for (int i = 0; i < R * H; i++)
        c->wout[i] = c->wout[i] - 0.5f;
    for (int i = 0; i < R; i++)
        c->starts[i] = i >= B && u[i] < 0.15f; /* episodes begin inside the sequences */
    free(u);
}

static void gru_case_free(gru_case *c)
{
    free(c->gx), free(c->whh), free(c->bhh), free(c->h0), free(c->wout), free(c->starts);
}

/* The layer in float64 from PyTorch's equations; returns L and fills out
 * (may be NULL). d_gx, d_bhh perturb one input by eps (index -1: none). */
static double gru_layer_f64(const gru_case *c, int gx_i, int bhh_i, int whh_i, double eps,
                            double *out)
{
    const int T = c->T, B = c->B, H = c->H;
    double *h = malloc((size_t)B * H * 8), *hn = malloc((size_t)B * H * 8);
    double loss = 0.0;
    for (int i = 0; i < B * H; i++)
        h[i] = c->h0[i];
    for (int t = 0; t < T; t++) {
        for (int b = 0; b < B; b++) {
            const int row = t * B + b;
            double hp[512];
            for (int j = 0; j < H; j++)
                hp[j] = c->starts[row] ? 0.0 : h[b * H + j];
            for (int j = 0; j < H; j++) {
                double gxv[3], ghv[3];
                for (int g = 0; g < 3; g++) {
                    const int gi = row * 3 * H + g * H + j;
                    gxv[g] = c->gx[gi] + (gi == gx_i ? eps : 0.0);
                    double acc = c->bhh[g * H + j] + (g * H + j == bhh_i ? eps : 0.0);
                    for (int q = 0; q < H; q++) {
                        const int wi = (g * H + j) * H + q;
                        acc += (c->whh[wi] + (wi == whh_i ? eps : 0.0)) * hp[q];
                    }
                    ghv[g] = acc;
                }
                double r = sig64(gxv[0] + ghv[0]), z = sig64(gxv[1] + ghv[1]);
                double n = tanh(gxv[2] + r * ghv[2]);
                hn[b * H + j] = (1 - z) * n + z * hp[j];
            }
        }
        for (int i = 0; i < B * H; i++) {
            h[i] = hn[i];
            loss += c->wout[t * B * H + i] * hn[i];
            if (out)
                out[t * B * H + i] = hn[i];
        }
    }
    free(h);
    free(hn);
    return loss;
}

typedef struct gru_tape {
    float *out, *hp, *r, *z, *n, *hn, *gh, *g_i, *g_h, *carry, *d_hp;
} gru_tape;

static void gru_tape_make(bc_backend *be, gru_tape *t, int T, int B, int H)
{
    const size_t RH = (size_t)T * B * H * 4;
    float **f[] = {&t->out, &t->hp, &t->r, &t->z, &t->n, &t->hn, &t->gh, &t->g_i, &t->g_h,
                   &t->carry, &t->d_hp};
    const size_t bytes[] = {RH, RH, RH, RH, RH, RH, (size_t)B * 3 * H * 4, RH * 3, RH * 3,
                            (size_t)B * H * 4, (size_t)B * H * 4};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        *f[i] = be->ops->alloc(be->state, bytes[i]);
        ck_assert_ptr_nonnull(*f[i]);
    }
}

static void gru_tape_free(bc_backend *be, gru_tape *t)
{
    float *f[] = {t->out, t->hp, t->r, t->z, t->n, t->hn, t->gh, t->g_i, t->g_h, t->carry, t->d_hp};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        be->ops->release(be->state, f[i]);
}

START_TEST(gru_ops_match_float64_with_resets_inside_sequences)
{
    enum { T = 9, B = 5, H = 12 };
    gru_case c;
    gru_case_make(&c, T, B, H, 77);
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    gru_tape t;
    gru_tape_make(be, &t, T, B, H);
    ck_assert_ok(be->ops->gru_forward(be->state, T, B, H, c.gx, c.whh, c.bhh, c.starts, c.h0,
                                      t.out, t.hp, t.r, t.z, t.n, t.hn, t.gh));
    double *ref = malloc((size_t)T * B * H * 8);
    gru_layer_f64(&c, -1, -1, -1, 0.0, ref);
    int resets = 0;
    for (int i = 0; i < T * B; i++)
        resets += c.starts[i];
    ck_assert_int_gt(resets, 0);
    for (int i = 0; i < T * B * H; i++)
        ck_assert_double_eq_tol(t.out[i], ref[i], 2e-6);
    /* Backward of L = sum(wout * out): g_i = dL/dgx, db_hh = column sums
     * of g_h, dW_hh = g_h^T hp, all against central differences. */
    ck_assert_ok(be->ops->gru_backward(be->state, T, B, H, c.whh, c.starts, t.hp, t.r, t.z, t.n,
                                       t.hn, c.wout, t.g_i, t.g_h, t.carry, t.d_hp));
    const double eps = 1e-4;
    for (int k = 0; k < 40; k++) {
        const int gi = (k * 977) % (T * B * 3 * H);
        double d = (gru_layer_f64(&c, gi, -1, -1, eps, NULL) -
                    gru_layer_f64(&c, gi, -1, -1, -eps, NULL)) / (2 * eps);
        ck_assert_msg(fabs(t.g_i[gi] - d) < 1e-4 * (1 + fabs(d)), "g_i[%d] %g vs %g", gi,
                      t.g_i[gi], d);
    }
    for (int j = 0; j < 3 * H; j += 5) {
        double db = 0.0;
        for (int i = 0; i < T * B; i++)
            db += t.g_h[i * 3 * H + j];
        double d = (gru_layer_f64(&c, -1, j, -1, eps, NULL) -
                    gru_layer_f64(&c, -1, j, -1, -eps, NULL)) / (2 * eps);
        ck_assert_msg(fabs(db - d) < 1e-4 * (1 + fabs(d)), "db_hh[%d] %g vs %g", j, db, d);
    }
    for (int k = 0; k < 20; k++) {
        const int wi = (k * 131) % (3 * H * H), row = wi / H, col = wi % H;
        double dw = 0.0;
        for (int i = 0; i < T * B; i++)
            dw += (double)t.g_h[i * 3 * H + row] * t.hp[i * H + col];
        double d = (gru_layer_f64(&c, -1, -1, wi, eps, NULL) -
                    gru_layer_f64(&c, -1, -1, wi, -eps, NULL)) / (2 * eps);
        ck_assert_msg(fabs(dw - d) < 1e-4 * (1 + fabs(d)), "dW_hh[%d] %g vs %g", wi, dw, d);
    }
    free(ref);
    gru_tape_free(be, &t);
    gru_case_free(&c);
    bc_backend_free(be);
}
END_TEST

/* The trainer's request for the seed's network (obs 64, 16 actions, hidden
 * 256, 2 GRU layers: 941,457 parameters): parameters, gradients and two
 * Adam moments plus 64 MiB fixed, the trunk features per sample; the envs
 * it picks fit and 64 more do not. */
START_TEST(sizing_counts_the_trainers_buffers)
{
    bc_gpu_sizing s;
    memset(&s, 0, sizeof s);
    ppo_gpu_request(64, 16, 256, 2, &s);
    ck_assert_uint_eq(s.fixed_bytes, 16u * 941457u + (64u << 20));
    ck_assert_uint_eq(s.sample_extra_bytes, 256u * 4u);
    ck_assert_uint_gt(s.env_bytes, 3u * 2u * 256u * 4u);
    ck_assert_uint_gt(s.tape_bytes_per_row, 10u * 256u * 4u);
    /* the features make a sample cost 1024 bytes on top of the formula's */
    const double one_more = 10 * 345 * 1.5 + 10 * 1024.0 + (double)s.env_bytes +
                            10.0 * (double)s.tape_bytes_per_row;
    const double grew =
        (double)bc_gpu_bytes_for(&s, 2, 10, 1) - (double)bc_gpu_bytes_for(&s, 1, 10, 1);
    ck_assert_double_le(fabs(grew - one_more), 1.0); /* each total is rounded up */
    s.free_bytes = (uint64_t)80 << 30;
    ck_assert_ok(bc_gpu_size(&s));
    ck_assert_int_eq(s.out_n_steps, 256);
    ck_assert_int_gt(s.out_n_envs, 64);
    ck_assert_uint_le(s.bytes_needed, s.free_bytes);
    if (s.out_n_envs < BC_GPU_MAX_ENVS)
        ck_assert_uint_gt(bc_gpu_bytes_for(&s, s.out_n_envs + 64, 256, 4), s.free_bytes);
}
END_TEST

/* bc_ppo_plan_gpu asks the plugin: without a device it says why (the
 * plugin's own reason), with one the sizes fit its free memory. */
START_TEST(ppo_plan_gpu_sizes_from_the_device_or_says_why_not)
{
    int32_t envs = 0, steps = 0;
    int64_t need = 0;
    ck_assert_status_msg(bc_ppo_plan_gpu(64, 16, 256, 2, 0, 0, NULL, &steps, &need),
                         BC_E_INVALID_ARGUMENT, "n_envs");
    ck_assert_status_msg(bc_ppo_plan_gpu(64, 16, 4, 2, 0, 0, &envs, &steps, &need),
                         BC_E_INVALID_ARGUMENT, "hidden_dim 4");
    const char *plugin = plugin_path();
    if (plugin)
        use_plugin(plugin);
    else
        setenv(BC_CUDA_PLUGIN_ENV, "/nonexistent/" BC_CUDA_PLUGIN_NAME, 1);
    bc_cuda_device_info info;
    bc_cuda_probe(&info, NULL, 0);
    int32_t rc = bc_ppo_plan_gpu(64, 12, 64, 2, 0, 0, &envs, &steps, &need);
    if (info.status != BC_OK) {
        ck_assert_int_eq(rc, BC_E_UNSUPPORTED);
        ck_assert_msg(strstr(bc_last_error(), info.why) != NULL, "%s lacks %s", bc_last_error(),
                      info.why);
    } else {
        ck_assert_ok(rc);
        ck_assert_int_gt(envs, 0);
        ck_assert_int_eq(steps, 256);
        ck_assert_int_le(need, (int64_t)info.free_bytes);
    }
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* ---- device tests (added only when the plugin finds a GPU) -------------------- */

/* BC_TEST_DEVICE_ON_CPU=1 runs the device tests with the cpu backend in
 * the GPU's place: a check of the tests' own logic on machines without a
 * GPU (the cuDNN comparison is left out then). */
static int device_on_cpu(void)
{
    const char *v = getenv("BC_TEST_DEVICE_ON_CPU");
    return v && strcmp(v, "1") == 0;
}

static bc_backend *start_cuda(void)
{
    bc_backend *be = NULL;
    if (device_on_cpu()) {
        ck_assert_ok(bc_backend_init("cpu", &be));
        return be;
    }
    use_plugin(plugin_path());
    ck_assert_ok(bc_backend_init("cuda", &be));
    ck_assert_str_eq(bc_backend_kind(be), "cuda");
    return be;
}

static void *dev_copy(bc_backend *be, const void *src, size_t bytes)
{
    void *d = be->ops->alloc(be->state, bytes);
    ck_assert_msg(d != NULL, "alloc %zu: %s", bytes, be->ops->last_error(be->state));
    if (src)
        ck_assert_ok(be->ops->to_device(be->state, d, src, bytes));
    return d;
}

static int64_t ulp_distance(double a, double b)
{
    int64_t ia, ib;
    memcpy(&ia, &a, 8);
    memcpy(&ib, &b, 8);
    if (ia < 0)
        ia = INT64_MIN - ia;
    if (ib < 0)
        ib = INT64_MIN - ib;
    return ia > ib ? ia - ib : ib - ia;
}

static int32_t ulp_distance_f(float a, float b)
{
    int32_t ia, ib;
    memcpy(&ia, &a, 4);
    memcpy(&ib, &b, 4);
    if (ia < 0)
        ia = INT32_MIN - ia;
    if (ib < 0)
        ib = INT32_MIN - ib;
    return ia > ib ? ia - ib : ib - ia;
}

/* One unit in the last place of |x| (the gap to the next double up). */
static double ulp_of(double x)
{
    x = fabs(x);
    return nextafter(x, INFINITY) - x;
}

/* The env step on the GPU against the cpu backend, same seed: everything
 * bit-identical (observations, weights, costs, rows, RNG counters, dones)
 * except what passes through log(): CUDA's log is within 1 ulp, glibc's is
 * not the same function, so log_value and the two observation columns
 * made from it may differ by 2 ulp (double) / 1 ulp (float), the reward
 * (a difference of two logs) by 2 ulp of each log. The count of such differences is printed. */
START_TEST(device_env_step_matches_cpu_bit_for_bit)
{
    enum { A = 7, F = 3, E = 2048, STEPS = 40, EP = 16 };
    const int64_t R = 300;
    bc_env_kernel hc, hg, dg;
    ck_assert_int_eq(cm_market_make(&hc, R, A, F, E, EP, 1234), 0);
    ck_assert_int_eq(cm_market_make(&hg, R, A, F, E, EP, 1234), 0); /* host view of the GPU's */
    bc_backend *cpu = NULL;
    ck_assert_ok(bc_backend_init("cpu", &cpu));
    bc_backend *gpu = start_cuda();
    ck_assert_int_eq(cm_mirror(gpu, &hg, E, &dg), 0);
    int32_t *actions = malloc(E * sizeof(int32_t));
    int32_t *d_actions = dev_copy(gpu, NULL, E * sizeof(int32_t));
    ck_assert_ok(cpu->ops->env_reset(cpu->state, &hc, 0, E));
    ck_assert_ok(gpu->ops->env_reset(gpu->state, &dg, 0, E));
    const int O = hc.obs_size;
    int64_t log_diffs = 0;
    double *prev_log = calloc(E, sizeof *prev_log); /* the cpu's log_value a step before */
    ck_assert_ptr_nonnull(prev_log);
    for (int step = 0; step <= STEPS; step++) {
        ck_assert_int_eq(cm_fetch(gpu, &dg, E, &hg), 0);
        for (int64_t i = 0; i < E; i++) {
            ck_assert_int_eq(hc.row[i], hg.row[i]);
            ck_assert_uint_eq(hc.step_count[i], hg.step_count[i]);
            ck_assert_int_eq(hc.episode_step[i], hg.episode_step[i]);
            ck_assert_int_eq(hc.done[i], hg.done[i]);
            ck_assert_msg(memcmp(&hc.cash[i], &hg.cash[i], 8) == 0, "cash env %lld step %d",
                          (long long)i, step);
            ck_assert_msg(memcmp(&hc.cost[i], &hg.cost[i], 8) == 0, "cost env %lld", (long long)i);
            ck_assert_msg(memcmp(&hc.value_out[i], &hg.value_out[i], 8) == 0, "value env %lld",
                          (long long)i);
            ck_assert_msg(memcmp(hc.shares + i * A, hg.shares + i * A, A * 8) == 0,
                          "shares env %lld step %d", (long long)i, step);
            ck_assert_msg(memcmp(hc.weights + i * (A + 1), hg.weights + i * (A + 1),
                                 (A + 1) * 8) == 0,
                          "weights env %lld step %d", (long long)i, step);
            const double lv[2][2] = {{hc.log_value[i], hg.log_value[i]},
                                     {hc.last_reward[i], hg.last_reward[i]}};
            for (int q = 0; q < 2; q++) {
                int64_t d = ulp_distance(lv[q][0], lv[q][1]);
                if (q == 0) {
                    ck_assert_msg(d <= 2, "log-derived %d env %lld step %d: %.17g vs %.17g", q,
                                  (long long)i, step, lv[q][0], lv[q][1]);
                } else {
                    /* the reward is log(v) - the previous log(v): each log
                     * within 2 ulp of its own magnitude, so the difference
                     * within 2 ulp of both (seen on an H200: 4 ulp of a
                     * reward of -0.0086 from logs near -0.03) */
                    const double bound = 2.0 * (ulp_of(hc.log_value[i]) + ulp_of(prev_log[i]));
                    ck_assert_msg(fabs(lv[q][0] - lv[q][1]) <= bound,
                                  "log-derived %d env %lld step %d: %.17g vs %.17g (bound %.3g)",
                                  q, (long long)i, step, lv[q][0], lv[q][1], bound);
                }
                log_diffs += d != 0;
            }
            prev_log[i] = hc.log_value[i];
            ck_assert_int_le(ulp_distance_f(hc.reward[i], hg.reward[i]), 1);
            for (int c = 0; c < O; c++) {
                const float a = hc.obs[i * O + c], b = hg.obs[i * O + c];
                const int log_col = c == A * (F + 1) + 1 || c == A * (F + 1) + 4;
                if (log_col)
                    ck_assert_int_le(ulp_distance_f(a, b), 1);
                else
                    ck_assert_msg(memcmp(&a, &b, 4) == 0, "obs env %lld col %d step %d: %.9g vs %.9g",
                                  (long long)i, c, step, a, b);
                if (hc.done[i] && !log_col)
                    ck_assert(memcmp(&hc.final_obs[i * O + c], &hg.final_obs[i * O + c], 4) == 0);
            }
        }
        if (step == STEPS)
            break;
        /* Actions from Philox, the same for both. */
        float u[E];
        bc_random_uniform(55, (uint64_t)step, 0, E, u);
        for (int64_t i = 0; i < E; i++)
            actions[i] = (int32_t)(u[i] * BC_ENV_ACTIONS) % BC_ENV_ACTIONS;
        ck_assert_ok(gpu->ops->to_device(gpu->state, d_actions, actions, E * sizeof(int32_t)));
        ck_assert_ok(cpu->ops->env_step(cpu->state, &hc, actions, 0, E));
        ck_assert_ok(gpu->ops->env_step(gpu->state, &dg, d_actions, 0, E));
    }
    printf("cuda: env step %d envs x %d steps bit-identical; %lld log-derived values differ "
           "within 2 ulp of the logs\n", E, STEPS, (long long)log_diffs);
    free(prev_log);
    gpu->ops->release(gpu->state, d_actions);
    cm_unmirror(gpu, &dg, E);
    cm_market_free(&hc, E);
    cm_market_free(&hg, E);
    free(actions);
    bc_backend_free(gpu);
    bc_backend_free(cpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* C = alpha op(A) op(B) + beta C in float64, row-major. */
static void gemm64(int ta, int tb, int m, int n, int k, double alpha, const float *a, int lda,
                   const float *b, int ldb, double beta, const float *c0, int ldc, double *out,
                   double *mag)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0, g = 0.0;
            for (int p = 0; p < k; p++) {
                double av = ta ? a[p * lda + i] : a[i * lda + p];
                double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                s += av * bv;
                g += fabs(av * bv);
            }
            out[i * n + j] = alpha * s + beta * c0[i * ldc + j];
            mag[i * n + j] = fabs(alpha) * g + fabs(beta * c0[i * ldc + j]);
        }
}

START_TEST(device_sgemm_matches_float64_all_transposes_and_batched)
{
    bc_backend *gpu = start_cuda();
    const int shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {64, 96, 128}, {257, 33, 300}, {3, 768, 256}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                const int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], batch = 3;
                const int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
                const int64_t sa = (int64_t)lda * (ta ? k : m), sb = (int64_t)ldb * (tb ? n : k),
                              sc = (int64_t)ldc * m;
                float *a = malloc(sa * batch * 4), *b = malloc(sb * batch * 4),
                      *c = malloc(sc * batch * 4), *got = malloc(sc * batch * 4);
                bc_random_uniform(11, s * 4 + ta * 2 + tb, 0, (int32_t)(sa * batch), a);
                bc_random_uniform(12, s * 4 + ta * 2 + tb, 0, (int32_t)(sb * batch), b);
                bc_random_uniform(13, s * 4 + ta * 2 + tb, 0, (int32_t)(sc * batch), c);
                float *da = dev_copy(gpu, a, sa * batch * 4), *db = dev_copy(gpu, b, sb * batch * 4),
                      *dc = dev_copy(gpu, c, sc * batch * 4);
                ck_assert_ok(bc_backend_sgemm_batched(gpu, ta, tb, m, n, k, 0.75f, da, lda, sa, db,
                                                      ldb, sb, 0.5f, dc, ldc, sc, batch));
                ck_assert_ok(gpu->ops->to_host(gpu->state, got, dc, sc * batch * 4));
                double *ref = malloc((size_t)m * n * 8), *mag = malloc((size_t)m * n * 8);
                for (int q = 0; q < batch; q++) {
                    gemm64(ta, tb, m, n, k, 0.75, a + q * sa, lda, b + q * sb, ldb, 0.5,
                           c + q * sc, ldc, ref, mag);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double g = got[q * sc + i * ldc + j], r = ref[i * n + j];
                            ck_assert_msg(fabs(g - r) <= 1e-5 * (mag[i * n + j] + 1e-3),
                                          "m%d n%d k%d ta%d tb%d batch %d (%d,%d): %.9g vs %.9g",
                                          m, n, k, ta, tb, q, i, j, g, r);
                        }
                }
                gpu->ops->release(gpu->state, da);
                gpu->ops->release(gpu->state, db);
                gpu->ops->release(gpu->state, dc);
                free(a), free(b), free(c), free(got), free(ref), free(mag);
            }
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* Adam and GAE run kernels_math.h's expressions with only IEEE-exact
 * operations (+ - * / sqrt, no contraction): the GPU gives the CPU's bits. */
START_TEST(device_adam_and_gae_match_cpu_bits_and_float64)
{
    bc_backend *gpu = start_cuda();
    bc_backend *cpu = NULL;
    ck_assert_ok(bc_backend_init("cpu", &cpu));
    enum { N = 100003, STEPS = 4 };
    float *p = malloc(N * 4), *g = malloc(STEPS * N * 4), *m = calloc(N, 4), *v = calloc(N, 4);
    float *gp = malloc(N * 4);
    double *ref = malloc(N * 8);
    bc_random_uniform(21, 1, 0, N, p);
    bc_random_uniform(21, 2, 0, STEPS * N, g);
    for (int i = 0; i < STEPS * N; i++)
        g[i] -= 0.5f;
    for (int i = 0; i < N; i++)
        ref[i] = p[i];
    float *dp = dev_copy(gpu, p, N * 4), *dm = dev_copy(gpu, m, N * 4), *dv = dev_copy(gpu, v, N * 4);
    float *dg = dev_copy(gpu, g, STEPS * N * 4);
    for (int t = 1; t <= STEPS; t++) {
        ck_assert_ok(cpu->ops->adam_update(cpu->state, p, g + (t - 1) * N, m, v, N, 3e-3f, 0.9f,
                                           0.999f, 1e-8f, 0.0f, t));
        ck_assert_ok(gpu->ops->adam_update(gpu->state, dp, dg + (t - 1) * N, dm, dv, N, 3e-3f,
                                           0.9f, 0.999f, 1e-8f, 0.0f, t));
    }
    ck_assert_ok(gpu->ops->to_host(gpu->state, gp, dp, N * 4));
    ck_assert_msg(memcmp(p, gp, N * 4) == 0, "Adam: GPU bits differ from the CPU's");
    adam_f64(ref, g, N, STEPS, 3e-3, 0.9, 0.999, 1e-8, 0.0);
    for (int i = 0; i < N; i++)
        ck_assert_double_eq_tol(gp[i], ref[i], 2e-6);
    /* GAE over 65,536 envs x 64 steps. */
    enum { T = 64, E = 65536 };
    float *rew = malloc(T * E * 4), *val = malloc(T * E * 4), *nv = malloc(E * 4);
    uint8_t *done = malloc(T * E);
    float *adv = malloc(T * E * 4), *ret = malloc(T * E * 4), *gadv = malloc(T * E * 4),
          *gret = malloc(T * E * 4);
    random_rollout(T, E, 80, rew, val, done, nv);
    float *d_rew = dev_copy(gpu, rew, T * E * 4), *d_val = dev_copy(gpu, val, T * E * 4),
          *d_nv = dev_copy(gpu, nv, E * 4), *d_adv = dev_copy(gpu, NULL, T * E * 4),
          *d_ret = dev_copy(gpu, NULL, T * E * 4);
    uint8_t *d_done = dev_copy(gpu, done, T * E);
    ck_assert_ok(cpu->ops->gae(cpu->state, T, E, 0.99, 0.95, rew, val, done, nv, adv, ret));
    ck_assert_ok(gpu->ops->gae(gpu->state, T, E, 0.99, 0.95, d_rew, d_val, d_done, d_nv, d_adv,
                               d_ret));
    ck_assert_ok(gpu->ops->to_host(gpu->state, gadv, d_adv, T * E * 4));
    ck_assert_ok(gpu->ops->to_host(gpu->state, gret, d_ret, T * E * 4));
    ck_assert_msg(memcmp(adv, gadv, T * E * 4) == 0, "GAE advantages: GPU bits differ");
    ck_assert_msg(memcmp(ret, gret, T * E * 4) == 0, "GAE returns: GPU bits differ");
    double *gref = malloc((size_t)T * E * 8);
    gae_f64(T, E, 0.99, 0.95, rew, val, done, nv, gref);
    for (int i = 0; i < T * E; i++)
        ck_assert_double_eq_tol(gadv[i], gref[i], 1e-6 * (1.0 + fabs(gref[i])));
    free(gref);
    void *dev[] = {dp, dm, dv, dg, d_rew, d_val, d_nv, d_adv, d_ret, d_done};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        gpu->ops->release(gpu->state, dev[i]);
    free(p), free(g), free(m), free(v), free(gp), free(ref);
    free(rew), free(val), free(nv), free(done), free(adv), free(ret), free(gadv), free(gret);
    bc_backend_free(cpu);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

START_TEST(device_activation_and_softmax_match_cpu)
{
    bc_backend *gpu = start_cuda();
    enum { ROWS = 1000, COLS = 37 };
    const int n = ROWS * COLS;
    float *x = malloc(n * 4), *y = malloc(n * 4), *gy = malloc(n * 4);
    bc_random_uniform(31, 1, 0, n, x);
    for (int i = 0; i < n; i++)
        x[i] = 40.0f * (x[i] - 0.5f);
    float *dx = dev_copy(gpu, x, n * 4), *dy = dev_copy(gpu, NULL, n * 4);
    const int acts[] = {BC_ACT_IDENTITY, BC_ACT_RELU, BC_ACT_TANH, BC_ACT_SIGMOID};
    for (int a = 0; a < 4; a++) {
        ck_assert_ok(gpu->ops->activation(gpu->state, acts[a], dx, dy, n));
        ck_assert_ok(gpu->ops->to_host(gpu->state, gy, dy, n * 4));
        bc_ref_activation(acts[a], x, y, n);
        for (int i = 0; i < n; i++)
            ck_assert_msg(fabsf(gy[i] - y[i]) <= 2e-6f * (1.0f + fabsf(y[i])),
                          "act %d x=%g: %g vs %g", acts[a], x[i], gy[i], y[i]);
    }
    ck_assert_ok(gpu->ops->softmax_rows(gpu->state, dx, ROWS, COLS));
    ck_assert_ok(gpu->ops->to_host(gpu->state, gy, dx, n * 4));
    for (int r = 0; r < ROWS; r++) {
        double mx = -1e300, z = 0.0;
        for (int j = 0; j < COLS; j++)
            mx = fmax(mx, x[r * COLS + j]);
        for (int j = 0; j < COLS; j++)
            z += exp(x[r * COLS + j] - mx);
        for (int j = 0; j < COLS; j++)
            ck_assert_double_eq_tol(gy[r * COLS + j], exp(x[r * COLS + j] - mx) / z, 1e-6);
    }
    gpu->ops->release(gpu->state, dx);
    gpu->ops->release(gpu->state, dy);
    free(x), free(y), free(gy);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* The GPU's GRU recurrence (with resets inside the sequences) against the
 * cpu backend's: forward and backward within float tolerance (expf
 * differs by an ulp or two between the two math libraries). */
START_TEST(device_gru_matches_cpu_with_resets)
{
    enum { T = 16, B = 64, H = 96 };
    gru_case c;
    gru_case_make(&c, T, B, H, 91);
    bc_backend *cpu = NULL;
    ck_assert_ok(bc_backend_init("cpu", &cpu));
    bc_backend *gpu = start_cuda();
    gru_tape tc, tg;
    gru_tape_make(cpu, &tc, T, B, H);
    gru_tape_make(gpu, &tg, T, B, H);
    const size_t RH = (size_t)T * B * H;
    float *d_gx = dev_copy(gpu, c.gx, RH * 3 * 4), *d_whh = dev_copy(gpu, c.whh, 3 * H * H * 4),
          *d_bhh = dev_copy(gpu, c.bhh, 3 * H * 4), *d_h0 = dev_copy(gpu, c.h0, B * H * 4),
          *d_w = dev_copy(gpu, c.wout, RH * 4);
    uint8_t *d_starts = dev_copy(gpu, c.starts, T * B);
    ck_assert_ok(cpu->ops->gru_forward(cpu->state, T, B, H, c.gx, c.whh, c.bhh, c.starts, c.h0,
                                       tc.out, tc.hp, tc.r, tc.z, tc.n, tc.hn, tc.gh));
    ck_assert_ok(gpu->ops->gru_forward(gpu->state, T, B, H, d_gx, d_whh, d_bhh, d_starts, d_h0,
                                       tg.out, tg.hp, tg.r, tg.z, tg.n, tg.hn, tg.gh));
    ck_assert_ok(cpu->ops->gru_backward(cpu->state, T, B, H, c.whh, c.starts, tc.hp, tc.r, tc.z,
                                        tc.n, tc.hn, c.wout, tc.g_i, tc.g_h, tc.carry, tc.d_hp));
    ck_assert_ok(gpu->ops->gru_backward(gpu->state, T, B, H, d_whh, d_starts, tg.hp, tg.r, tg.z,
                                        tg.n, tg.hn, d_w, tg.g_i, tg.g_h, tg.carry, tg.d_hp));
    float *got = malloc(RH * 3 * 4);
    ck_assert_ok(gpu->ops->to_host(gpu->state, got, tg.out, RH * 4));
    for (size_t i = 0; i < RH; i++)
        ck_assert_msg(fabsf(got[i] - tc.out[i]) < 1e-5f, "out[%zu] %g vs %g", i, got[i], tc.out[i]);
    ck_assert_ok(gpu->ops->to_host(gpu->state, got, tg.g_i, RH * 3 * 4));
    for (size_t i = 0; i < RH * 3; i++)
        ck_assert_msg(fabsf(got[i] - tc.g_i[i]) < 1e-4f * (1.0f + fabsf(tc.g_i[i])),
                      "g_i[%zu] %g vs %g", i, got[i], tc.g_i[i]);
    ck_assert_ok(gpu->ops->to_host(gpu->state, got, tg.g_h, RH * 3 * 4));
    for (size_t i = 0; i < RH * 3; i++)
        ck_assert_msg(fabsf(got[i] - tc.g_h[i]) < 1e-4f * (1.0f + fabsf(tc.g_h[i])),
                      "g_h[%zu] %g vs %g", i, got[i], tc.g_h[i]);
    free(got);
    void *dev[] = {d_gx, d_whh, d_bhh, d_h0, d_w, d_starts};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        gpu->ops->release(gpu->state, dev[i]);
    gru_tape_free(cpu, &tc);
    gru_tape_free(gpu, &tg);
    gru_case_free(&c);
    bc_backend_free(cpu);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* BOTCOPIER_CUDA_GRAPHS=1: the recurrences captured once and replayed give
 * the stream launches' bits, and a replay reads the buffers' new contents. */
START_TEST(device_gru_graphs_match_stream_launches)
{
    enum { T = 12, B = 40, H = 64 };
    gru_case c;
    gru_case_make(&c, T, B, H, 93);
    bc_backend *plain = start_cuda();
    setenv("BOTCOPIER_CUDA_GRAPHS", "1", 1);
    bc_backend *graphs = start_cuda();
    unsetenv("BOTCOPIER_CUDA_GRAPHS");
    bc_backend *be[2] = {plain, graphs};
    gru_tape t[2];
    float *d_gx[2], *d_whh[2], *d_bhh[2], *d_h0[2], *d_w[2];
    uint8_t *d_starts[2];
    const size_t RH = (size_t)T * B * H;
    for (int k = 0; k < 2; k++) {
        gru_tape_make(be[k], &t[k], T, B, H);
        d_gx[k] = dev_copy(be[k], c.gx, RH * 3 * 4);
        d_whh[k] = dev_copy(be[k], c.whh, 3 * H * H * 4);
        d_bhh[k] = dev_copy(be[k], c.bhh, 3 * H * 4);
        d_h0[k] = dev_copy(be[k], c.h0, B * H * 4);
        d_w[k] = dev_copy(be[k], c.wout, RH * 4);
        d_starts[k] = dev_copy(be[k], c.starts, T * B);
    }
    float *a = malloc(RH * 3 * 4), *b = malloc(RH * 3 * 4);
    for (int round = 0; round < 3; round++) {
        if (round == 2) { /* new inputs in the same buffers */
            for (size_t i = 0; i < RH * 3; i++)
                c.gx[i] = -0.5f * c.gx[i];
            for (int k = 0; k < 2; k++)
                ck_assert_ok(be[k]->ops->to_device(be[k]->state, d_gx[k], c.gx, RH * 3 * 4));
        }
        for (int k = 0; k < 2; k++) {
            ck_assert_ok(be[k]->ops->gru_forward(be[k]->state, T, B, H, d_gx[k], d_whh[k],
                                                 d_bhh[k], d_starts[k], d_h0[k], t[k].out,
                                                 t[k].hp, t[k].r, t[k].z, t[k].n, t[k].hn,
                                                 t[k].gh));
            ck_assert_ok(be[k]->ops->gru_backward(be[k]->state, T, B, H, d_whh[k], d_starts[k],
                                                  t[k].hp, t[k].r, t[k].z, t[k].n, t[k].hn,
                                                  d_w[k], t[k].g_i, t[k].g_h, t[k].carry,
                                                  t[k].d_hp));
        }
        ck_assert_ok(plain->ops->to_host(plain->state, a, t[0].out, RH * 4));
        ck_assert_ok(graphs->ops->to_host(graphs->state, b, t[1].out, RH * 4));
        ck_assert_msg(memcmp(a, b, RH * 4) == 0, "round %d: graph forward differs", round);
        ck_assert_ok(plain->ops->to_host(plain->state, a, t[0].g_h, RH * 3 * 4));
        ck_assert_ok(graphs->ops->to_host(graphs->state, b, t[1].g_h, RH * 3 * 4));
        ck_assert_msg(memcmp(a, b, RH * 3 * 4) == 0, "round %d: graph backward differs", round);
    }
    free(a), free(b);
    for (int k = 0; k < 2; k++) {
        void *dev[] = {d_gx[k], d_whh[k], d_bhh[k], d_h0[k], d_w[k], d_starts[k]};
        for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
            be[k]->ops->release(be[k]->state, dev[i]);
        gru_tape_free(be[k], &t[k]);
        bc_backend_free(be[k]);
    }
    gru_case_free(&c);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* The GPU's GRU (input projection through sgemm, then gru_forward, no
 * resets inside) against cuDNN's RNN on the same weights. */
START_TEST(device_gru_matches_cudnn)
{
    enum { T = 20, B = 48, IN = 40, H = 64 };
    bc_backend *gpu = start_cuda();
    typedef int32_t (*oracle_fn)(void *, int32_t, int32_t, int32_t, int32_t, const float *,
                                 const float *, const float *, const float *, const float *,
                                 const float *, float *, char *, size_t);
    oracle_fn oracle;
    *(void **)&oracle = dlsym(gpu->plugin, "bc_cuda_cudnn_gru_forward");
    ck_assert_ptr_nonnull(oracle);
    const int R = T * B;
    float *x = malloc((size_t)R * IN * 4), *wih = malloc(3 * H * IN * 4),
          *whh = malloc(3 * H * H * 4), *bih = malloc(3 * H * 4), *bhh = malloc(3 * H * 4),
          *h0 = malloc(B * H * 4);
    bc_random_uniform(5, 1, 0, R * IN, x);
    bc_random_uniform(5, 2, 0, 3 * H * IN, wih);
    bc_random_uniform(5, 3, 0, 3 * H * H, whh);
    bc_random_uniform(5, 4, 0, 3 * H, bih);
    bc_random_uniform(5, 5, 0, 3 * H, bhh);
    bc_random_uniform(5, 6, 0, B * H, h0);
    for (int i = 0; i < 3 * H * IN; i++)
        wih[i] = (2.0f * wih[i] - 1.0f) / sqrtf((float)H);
    for (int i = 0; i < 3 * H * H; i++)
        whh[i] = (2.0f * whh[i] - 1.0f) / sqrtf((float)H);
    for (int i = 0; i < 3 * H; i++)
        bih[i] -= 0.5f, bhh[i] -= 0.5f;
    float *d_x = dev_copy(gpu, x, R * IN * 4), *d_wih = dev_copy(gpu, wih, 3 * H * IN * 4),
          *d_whh = dev_copy(gpu, whh, 3 * H * H * 4), *d_bih = dev_copy(gpu, bih, 3 * H * 4),
          *d_bhh = dev_copy(gpu, bhh, 3 * H * 4), *d_h0 = dev_copy(gpu, h0, B * H * 4),
          *d_y = dev_copy(gpu, NULL, R * H * 4), *d_gx = dev_copy(gpu, NULL, R * 3 * H * 4);
    uint8_t *starts = calloc(R, 1);
    uint8_t *d_starts = dev_copy(gpu, starts, R);
    /* gx = x W_ih^T + b_ih: b_ih broadcast per row, then the GEMM with beta 1. */
    float *gx = malloc((size_t)R * 3 * H * 4);
    for (int i = 0; i < R; i++)
        memcpy(gx + i * 3 * H, bih, 3 * H * 4);
    ck_assert_ok(gpu->ops->to_device(gpu->state, d_gx, gx, R * 3 * H * 4));
    ck_assert_ok(bc_backend_sgemm(gpu, 0, 1, R, 3 * H, IN, 1.0f, d_x, IN, d_wih, IN, 1.0f, d_gx,
                                  3 * H));
    gru_tape t;
    gru_tape_make(gpu, &t, T, B, H);
    ck_assert_ok(gpu->ops->gru_forward(gpu->state, T, B, H, d_gx, d_whh, d_bhh, d_starts, d_h0,
                                       t.out, t.hp, t.r, t.z, t.n, t.hn, t.gh));
    char why[512] = "";
    ck_assert_msg(oracle(gpu->state, T, B, IN, H, d_x, d_wih, d_whh, d_bih, d_bhh, d_h0, d_y, why,
                         sizeof why) == BC_OK,
                  "%s", why);
    float *ours = malloc((size_t)R * H * 4), *theirs = malloc((size_t)R * H * 4);
    ck_assert_ok(gpu->ops->to_host(gpu->state, ours, t.out, R * H * 4));
    ck_assert_ok(gpu->ops->to_host(gpu->state, theirs, d_y, R * H * 4));
    double worst = 0.0;
    for (int i = 0; i < R * H; i++)
        worst = fmax(worst, fabs((double)ours[i] - theirs[i]));
    printf("cuda: GRU %d x %d x %d vs cuDNN: max |diff| %.3g\n", T, B, H, worst);
    ck_assert_msg(worst < 1e-5, "GRU vs cuDNN: max |diff| %g", worst);
    void *dev[] = {d_x, d_wih, d_whh, d_bih, d_bhh, d_h0, d_y, d_gx, d_starts};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        gpu->ops->release(gpu->state, dev[i]);
    gru_tape_free(gpu, &t);
    free(x), free(wih), free(whh), free(bih), free(bhh), free(h0), free(starts), free(gx);
    free(ours), free(theirs);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* ---- API 4 on the device: the PPO trainer's ops and a short run ---------- */

/* Largest |a - b| / (1 + |b|) over n floats. */
static double worst_rel(const float *a, const float *b, int64_t n)
{
    double w = 0.0;
    for (int64_t i = 0; i < n; i++)
        w = fmax(w, fabs((double)a[i] - b[i]) / (1.0 + fabs((double)b[i])));
    return w;
}

static void *back_to_host(bc_backend *be, const void *d, size_t bytes)
{
    void *h = malloc(bytes);
    ck_assert_ok(be->ops->to_host(be->state, h, d, bytes));
    return h;
}

/* API 5's rollout ops on backend be (cpu or a GPU) against float64 sums
 * and the stored rewards written out here: rollout_record with and without
 * the bootstrap (the sums add to what is there), store_at on word and byte
 * rows, counter_add, sample_actions_at against sample_actions at the
 * combined stream, accumulate (sums, the max, the first pass not finite).
 * Sums over envs: relative 1e-12 of the sum of magnitudes (a GPU adds them
 * in another order); counts and stored values exact. */
static void check_rollout_ops(bc_backend *be)
{
    enum { E = 5003, A = 12 };
    const double scale = 3.0, gamma = 0.97;
    float *reward = malloc(E * 4), *boot = malloc(E * 4), *u = malloc(E * 4);
    double *value = malloc(E * 8);
    int32_t *act = malloc(E * 4);
    uint8_t *done = malloc(E);
    bc_random_uniform(81, 1, 0, E, reward);
    bc_random_uniform(81, 2, 0, E, boot);
    bc_random_uniform(81, 3, 0, E, u);
    for (int e = 0; e < E; e++) {
        reward[e] = 0.04f * (reward[e] - 0.5f);
        boot[e] = 2.0f * boot[e] - 0.5f;
        done[e] = u[e] < 0.1f;
        act[e] = (int32_t)(u[e] * 1000.0f) % A;
        value[e] = 0.8 + 0.4 * u[e];
    }
    double stats[BC_ROLLOUT_ACTIONS + A];
    for (int k = 0; k < BC_ROLLOUT_ACTIONS + A; k++)
        stats[k] = k + 1.0; /* the op adds to what is there */
    double *d_stats = dev_copy(be, stats, sizeof stats), *d_value = dev_copy(be, value, E * 8);
    float *d_reward = dev_copy(be, reward, E * 4), *d_boot = dev_copy(be, boot, E * 4);
    float *d_rew = dev_copy(be, NULL, E * 4);
    int32_t *d_act = dev_copy(be, act, E * 4);
    uint8_t *d_done = dev_copy(be, done, E), *d_done_out = dev_copy(be, NULL, E);
    for (int pass = 0; pass < 2; pass++) {
        const float *b = pass == 0 ? d_boot : NULL;
        ck_assert_ok(be->ops->rollout_record(be->state, E, A, d_act, d_reward, d_done, d_value, b,
                                             scale, gamma, d_rew, d_done_out, d_stats));
        float *rew = back_to_host(be, d_rew, E * 4);
        uint8_t *dout = back_to_host(be, d_done_out, E);
        for (int e = 0; e < E; e++) {
            float want = (float)((double)reward[e] * scale);
            if (pass == 0 && done[e])
                want = want + (float)(gamma * (double)boot[e]);
            ck_assert_msg(rew[e] == want, "pass %d env %d: stored reward %.9g, expected %.9g",
                          pass, e, rew[e], want);
            ck_assert_int_eq(dout[e], done[e]);
        }
        free(rew);
        free(dout);
    }
    double ref[5] = {0, 0, 0, 0, 0}, mag[5] = {0, 0, 0, 0, 0}, counts[A] = {0};
    for (int e = 0; e < E; e++) {
        const double r = reward[e];
        ref[0] += r, mag[0] += fabs(r), ref[1] += r * r, mag[1] += r * r;
        ref[2] += r > 0, ref[3] += done[e];
        if (done[e])
            ref[4] += value[e] - 1.0, mag[4] += fabs(value[e] - 1.0);
        counts[act[e]] += 1;
    }
    double *got = back_to_host(be, d_stats, sizeof stats);
    for (int k = 0; k < 5; k++) {
        const double want = k + 1.0 + 2.0 * ref[k];
        ck_assert_msg(fabs(got[k] - want) <= 1e-12 * (2.0 * mag[k] + 1.0),
                      "rollout sum %d: %.17g, float64 %.17g", k, got[k], want);
        if (k == 2 || k == 3)
            ck_assert_double_eq(got[k], want); /* counts: exact */
    }
    for (int a = 0; a < A; a++)
        ck_assert_double_eq(got[BC_ROLLOUT_ACTIONS + a], BC_ROLLOUT_ACTIONS + a + 1.0 + 2.0 * counts[a]);
    free(got);
    /* store_at: rows of 4k bytes and of 7 bytes, at index 3 */
    int64_t idx = 3, *d_idx = dev_copy(be, &idx, 8);
    uint8_t src[28], *dst = calloc(4 * 28, 1);
    for (int i = 0; i < 28; i++)
        src[i] = (uint8_t)(i * 7 + 1);
    uint8_t *d_src = dev_copy(be, src, 28), *d_dst = dev_copy(be, dst, 4 * 28);
    ck_assert_ok(be->ops->store_at(be->state, d_idx, d_dst, d_src, 28));
    uint8_t *h = back_to_host(be, d_dst, 4 * 28);
    ck_assert_int_eq(memcmp(h + 3 * 28, src, 28), 0);
    ck_assert_int_eq(memcmp(h, dst, 3 * 28), 0);
    free(h);
    ck_assert_ok(be->ops->fill(be->state, d_dst, 0, 4 * 28));
    ck_assert_ok(be->ops->store_at(be->state, d_idx, d_dst, d_src + 1, 7));
    h = back_to_host(be, d_dst, 4 * 28);
    ck_assert_int_eq(memcmp(h + 21, src + 1, 7), 0);
    for (int i = 0; i < 4 * 28; i++)
        if (i < 21 || i >= 28)
            ck_assert_int_eq(h[i], 0);
    free(h);
    /* counter_add */
    int64_t c[2] = {5, 40}, *d_c = dev_copy(be, c, sizeof c);
    ck_assert_ok(be->ops->counter_add(be->state, d_c, 2, 1));
    int64_t *hc = back_to_host(be, d_c, sizeof c);
    ck_assert_int_eq(hc[0], 6);
    ck_assert_int_eq(hc[1], 41);
    free(hc);
    /* sample_actions_at: the stream is the base with the step in its low bits */
    float *logits = malloc(E * A * 4);
    bc_random_uniform(82, 1, 0, E * A, logits);
    float *d_logits = dev_copy(be, logits, E * A * 4), *d_lp1 = dev_copy(be, NULL, E * 4),
          *d_lp2 = dev_copy(be, NULL, E * 4);
    int32_t *d_a1 = dev_copy(be, NULL, E * 4), *d_a2 = dev_copy(be, NULL, E * 4);
    ck_assert_ok(be->ops->sample_actions_at(be->state, E, A, d_logits, 11, 1ull << 60, d_c + 1,
                                            d_a1, d_lp1));
    ck_assert_ok(be->ops->sample_actions(be->state, E, A, d_logits, 11, (1ull << 60) | 41, d_a2,
                                         d_lp2));
    void *h1 = back_to_host(be, d_a1, E * 4), *h2 = back_to_host(be, d_a2, E * 4);
    ck_assert_int_eq(memcmp(h1, h2, E * 4), 0);
    free(h1), free(h2);
    h1 = back_to_host(be, d_lp1, E * 4), h2 = back_to_host(be, d_lp2, E * 4);
    ck_assert_int_eq(memcmp(h1, h2, E * 4), 0);
    free(h1), free(h2);
    /* accumulate: sums, the max of slot 0, the first pass not finite */
    double acc[6] = {0, 0, 0, 0.5, 0, 0}; /* sums [3], max, first_bad, spare */
    double *d_acc = dev_copy(be, acc, sizeof acc);
    const double x1[3] = {1.0, 2.0, 3.0}, x2[3] = {0.25, NAN, 1.0}, x3[3] = {4.0, 1.0, 1.0};
    double *d_x1 = dev_copy(be, x1, 24), *d_x2 = dev_copy(be, x2, 24), *d_x3 = dev_copy(be, x3, 24);
    ck_assert_ok(be->ops->accumulate(be->state, 3, d_x1, d_acc, 0, d_acc + 3, d_acc + 4, 1.0));
    double *ha = back_to_host(be, d_acc, sizeof acc);
    ck_assert_double_eq(ha[0], 1.0);
    ck_assert_double_eq(ha[2], 3.0);
    ck_assert_double_eq(ha[3], 1.0);
    ck_assert_double_eq(ha[4], 0.0);
    free(ha);
    ck_assert_ok(be->ops->accumulate(be->state, 3, d_x2, d_acc, 0, d_acc + 3, d_acc + 4, 2.0));
    ck_assert_ok(be->ops->accumulate(be->state, 3, d_x3, d_acc, -1, NULL, d_acc + 4, 3.0));
    ha = back_to_host(be, d_acc, sizeof acc);
    ck_assert_double_eq(ha[0], 5.25);
    ck_assert(isnan(ha[1]));
    ck_assert_double_eq(ha[2], 5.0);
    ck_assert_double_eq(ha[3], 1.0); /* 4.0 came with max_index -1 */
    ck_assert_double_eq(ha[4], 2.0);
    free(ha);
    void *dev[] = {d_stats, d_value, d_reward, d_boot, d_rew, d_act, d_done, d_done_out, d_idx,
                   d_src, d_dst, d_c, d_logits, d_lp1, d_lp2, d_a1, d_a2, d_acc, d_x1, d_x2, d_x3};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        be->ops->release(be->state, dev[i]);
    free(reward), free(boot), free(u), free(value), free(act), free(done), free(dst),
        free(logits);
}

START_TEST(rollout_ops_match_float64_on_cpu)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    ck_assert_ptr_null(be->ops->graph_begin); /* cpu: the trainer runs the ops itself */
    check_rollout_ops(be);
    bc_backend_free(be);
}
END_TEST

START_TEST(device_rollout_ops_match_float64)
{
    bc_backend *gpu = start_cuda();
    check_rollout_ops(gpu);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* ---- the row kernels against float64 ------------------------------------------ */

/* ReLU then LayerNorm of one row in float64 (biased variance, eps inside
 * the root), written out here as the definition: xh, y, and 1/sd. */
static double ln_row_f64(const float *a, int dim, const float *g, const float *beta, float eps,
                         double *xh, double *y)
{
    double mean = 0.0, var = 0.0;
    for (int j = 0; j < dim; j++)
        mean += a[j] > 0.0f ? a[j] : 0.0;
    mean /= dim;
    for (int j = 0; j < dim; j++) {
        const double d = (a[j] > 0.0f ? a[j] : 0.0) - mean;
        var += d * d;
    }
    const double rs = 1.0 / sqrt(var / dim + (double)eps);
    for (int j = 0; j < dim; j++) {
        xh[j] = ((a[j] > 0.0f ? a[j] : 0.0) - mean) * rs;
        y[j] = g[j] * xh[j] + beta[j];
    }
    return rs;
}

/* One PPO row in float64 (the loss's definition: clipped surrogate,
 * entropy bonus, value loss; mean over n rows): returns the row's share of
 * the loss and, when dz is given, its gradient by the closed form
 * d/dz_k = (g (1[k=a] - p_k) + ent p_k (log p_k + H)) / n with
 * g = -adv ratio on the unclipped branch; terms as BC_MATH_PPO_*. */
static double ppo_row_f64(int A, const double *z, int a, double old, double adv, double v,
                          double ret, double clip, double ent, double vf, double n, double *dz,
                          double *dv, double *terms)
{
    double mx = z[0], sum = 0.0, p[BC_MATH_MAX_ACTIONS], h = 0.0;
    for (int k = 1; k < A; k++)
        mx = fmax(mx, z[k]);
    for (int k = 0; k < A; k++)
        sum += exp(z[k] - mx);
    for (int k = 0; k < A; k++) {
        p[k] = exp(z[k] - mx) / sum;
        if (p[k] > 0.0)
            h -= p[k] * log(p[k]);
    }
    const double logp = z[a] - mx - log(sum), ratio = exp(logp - old);
    const double s1 = ratio * adv, s2 = fmin(fmax(ratio, 1.0 - clip), 1.0 + clip) * adv;
    const double pol = -fmin(s1, s2), val = 0.5 * (v - ret) * (v - ret);
    if (dz) {
        const double g = s1 <= s2 ? -adv * ratio : 0.0;
        for (int k = 0; k < A; k++)
            dz[k] = (g * ((k == a) - p[k]) + ent * p[k] * ((p[k] > 0.0 ? log(p[k]) : 0.0) + h)) / n;
        *dv = vf * (v - ret) / n;
        terms[BC_MATH_PPO_POLICY] = pol, terms[BC_MATH_PPO_VALUE] = val;
        terms[BC_MATH_PPO_ENTROPY] = h, terms[BC_MATH_PPO_KL] = (ratio - 1.0) - (logp - old);
        terms[BC_MATH_PPO_CLIPPED] = fabs(ratio - 1.0) > clip;
    }
    return (pol - ent * h + vf * val) / n;
}

/* An element check that costs nothing when it holds (Check's own
 * assertions report every call to the parent process: too slow for the
 * 10^5 elements here). */
#define ROW_CHECK(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_assert_msg(cond, __VA_ARGS__);                                                      \
    } while (0)

/* relu_layernorm_forward/backward and ppo_loss on backend be against the
 * float64 definitions above, over shapes that exercise the plugin's
 * warp-per-row kernels (rows shorter than a warp, a warp's multiple, and
 * not; 1..32 actions, one lane each), with the tolerances below, stated
 * as float rounding of the row's terms: LayerNorm's xh within 2e-6 (1 +
 * max|relu(a)| / sd) absolute, 1/sd within 1e-6 relative, y within |g| that
 * plus 1e-6 |y|; the input gradient within 1e-6 rs (the sum of its terms'
 * sizes); d logits within 3e-7 relative (one float rounding of a double),
 * d value exactly the float of its double, the loss statistics within 1e-9
 * relative (the clipped fraction within 2 rows). The closed-form gradients
 * are themselves checked by central differences of the float64 losses.
 * Prints the worst errors. */
static void check_row_kernels(bc_backend *be, const char *who)
{
    const size_t fb = sizeof(float);
    static const int dims[] = {1, 7, 32, 96, 257};
    double worst_xh = 0.0, worst_dx = 0.0;
    for (size_t s = 0; s < sizeof dims / sizeof dims[0]; s++) {
        const int D = dims[s], N = 1031;
        const int64_t M = (int64_t)N * D;
        float *a = malloc(M * fb), *g = malloc(D * fb), *beta = malloc(D * fb);
        float *dy = malloc(M * fb), *zero = calloc(D, fb);
        double *xh64 = malloc(M * sizeof(double)), *y64 = malloc(M * sizeof(double));
        double *rs64 = malloc(N * sizeof(double));
        bc_random_uniform(71, 1 + s, 0, M, a);
        bc_random_uniform(71, 10 + s, 0, D, g);
        bc_random_uniform(71, 20 + s, 0, D, beta);
        bc_random_uniform(71, 30 + s, 0, M, dy);
        for (int64_t i = 0; i < M; i++)
            a[i] = 2.0f * a[i] - 0.7f, dy[i] -= 0.5f;
        for (int j = 0; j < D; j++)
            g[j] += 0.5f, beta[j] -= 0.5f;
        for (int i = 0; i < N; i++)
            rs64[i] = ln_row_f64(a + (int64_t)i * D, D, g, beta, 1e-5f, xh64 + (int64_t)i * D,
                                 y64 + (int64_t)i * D);
        float *d_a = dev_copy(be, a, M * fb), *d_g = dev_copy(be, g, D * fb),
              *d_beta = dev_copy(be, beta, D * fb), *d_xh = dev_copy(be, NULL, M * fb),
              *d_rs = dev_copy(be, NULL, N * fb), *d_y = dev_copy(be, NULL, M * fb),
              *d_dy = dev_copy(be, dy, M * fb), *d_dg = dev_copy(be, zero, D * fb),
              *d_db = dev_copy(be, zero, D * fb);
        ck_assert_ok(be->ops->relu_layernorm_forward(be->state, N, D, 1e-5f, d_a, d_g, d_beta, d_xh,
                                                     d_rs, d_y));
        float *ha = back_to_host(be, d_a, M * fb), *hxh = back_to_host(be, d_xh, M * fb);
        float *hy = back_to_host(be, d_y, M * fb), *hrs = back_to_host(be, d_rs, N * fb);
        for (int i = 0; i < N; i++) {
            const int64_t o = (int64_t)i * D;
            double top = 0.0;
            for (int j = 0; j < D; j++)
                top = fmax(top, a[o + j] > 0.0f ? a[o + j] : 0.0);
            const double tol_xh = 2e-6 * (1.0 + top * rs64[i]);
            ROW_CHECK(fabs(hrs[i] - rs64[i]) <= 1e-6 * rs64[i],
                      "%s dim %d row %d 1/sd %.9g vs %.9g", who, D, i, hrs[i], rs64[i]);
            for (int j = 0; j < D; j++) {
                const float relu = a[o + j] > 0.0f ? a[o + j] : 0.0f;
                ROW_CHECK(ha[o + j] == relu, "%s dim %d: a[%d][%d] not relu'd in place", who, D, i,
                          j);
                const double e = fabs(hxh[o + j] - xh64[o + j]);
                worst_xh = fmax(worst_xh, e / tol_xh * 2e-6);
                ROW_CHECK(e <= tol_xh, "%s dim %d xh[%d][%d] %.9g vs float64 %.9g", who, D, i, j,
                          hxh[o + j], xh64[o + j]);
                ROW_CHECK(fabs(hy[o + j] - y64[o + j]) <=
                              fabs(g[j]) * tol_xh + 1e-6 * fabs(y64[o + j]),
                          "%s dim %d y[%d][%d] %.9g vs float64 %.9g", who, D, i, j, hy[o + j],
                          y64[o + j]);
            }
        }
        /* backward from the op's own xh and 1/sd (its inputs), against
         * the float64 formula and float64 column sums */
        double *dx64 = malloc(M * sizeof(double)), *size64 = malloc(M * sizeof(double));
        double *rg = calloc(D, sizeof(double)), *rb = calloc(D, sizeof(double));
        double *sg = calloc(D, sizeof(double)), *sb = calloc(D, sizeof(double));
        for (int i = 0; i < N; i++) {
            const int64_t o = (int64_t)i * D;
            double m1 = 0.0, m2 = 0.0, s1 = 0.0, s2 = 0.0;
            for (int j = 0; j < D; j++) {
                const double dh = (double)dy[o + j] * g[j];
                m1 += dh, m2 += dh * hxh[o + j], s1 += fabs(dh), s2 += fabs(dh * hxh[o + j]);
                const double t = (double)dy[o + j] * hxh[o + j];
                rg[j] += t, sg[j] += fabs(t);
                rb[j] += dy[o + j], sb[j] += fabs(dy[o + j]);
            }
            m1 /= D, m2 /= D, s1 /= D, s2 /= D;
            for (int j = 0; j < D; j++) {
                const double dh = (double)dy[o + j] * g[j];
                dx64[o + j] = ha[o + j] > 0.0f ? hrs[i] * (dh - m1 - hxh[o + j] * m2) : 0.0;
                size64[o + j] = hrs[i] * (fabs(dh) + s1 + fabs(hxh[o + j]) * s2);
            }
        }
        ck_assert_ok(be->ops->relu_layernorm_backward(be->state, N, D, d_dy, d_g, d_xh, d_rs, d_a,
                                                      d_dg, d_db));
        float *hdx = back_to_host(be, d_dy, M * fb), *hdg = back_to_host(be, d_dg, D * fb),
              *hdb = back_to_host(be, d_db, D * fb);
        for (int64_t k = 0; k < M; k++) {
            const double e = fabs(hdx[k] - dx64[k]);
            worst_dx = fmax(worst_dx, size64[k] > 0 ? e / size64[k] : e);
            ROW_CHECK(e <= 1e-6 * size64[k] + 1e-30, "%s dim %d dx[%lld] %.9g vs float64 %.9g", who,
                      D, (long long)k, hdx[k], dx64[k]);
        }
        for (int j = 0; j < D; j++) {
            ROW_CHECK(fabs(hdg[j] - rg[j]) <= 1e-5 * sg[j] + 1e-6, "%s dim %d dgamma[%d]", who, D,
                      j);
            ROW_CHECK(fabs(hdb[j] - rb[j]) <= 1e-5 * sb[j] + 1e-6, "%s dim %d dbeta[%d]", who, D,
                      j);
        }
        /* the float64 formula itself against central differences of
         * sum(dy y) (a few rows of the 7-wide case) */
        if (D == 7)
            for (int i = 0; i < 5; i++) {
                const int64_t o = (int64_t)i * D;
                for (int j = 0; j < D; j++) {
                    if (!(a[o + j] > 0.05f))
                        continue;
                    float row[7];
                    double xs[7], ys[7], lo = 0.0, hi = 0.0;
                    memcpy(row, a + o, sizeof row);
                    row[j] = a[o + j] + 1e-3f;
                    const double up = row[j];
                    ln_row_f64(row, D, g, beta, 1e-5f, xs, ys);
                    for (int k = 0; k < D; k++)
                        hi += dy[o + k] * ys[k];
                    row[j] = a[o + j] - 1e-3f;
                    const double down = row[j];
                    ln_row_f64(row, D, g, beta, 1e-5f, xs, ys);
                    for (int k = 0; k < D; k++)
                        lo += dy[o + k] * ys[k];
                    const double fd = (hi - lo) / (up - down);
                    ROW_CHECK(fabs(fd - dx64[o + j]) <= 1e-3 * (1.0 + fabs(fd)),
                              "LayerNorm formula vs differences: row %d col %d %.9g vs %.9g", i, j,
                              dx64[o + j], fd);
                }
            }
        void *dev[] = {d_a, d_g, d_beta, d_xh, d_rs, d_y, d_dy, d_dg, d_db};
        for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
            be->ops->release(be->state, dev[i]);
        void *host[] = {a, g, beta, dy, zero, xh64, y64, rs64, ha, hxh, hy, hrs, dx64, size64,
                        rg, rb, sg, sb, hdx, hdg, hdb};
        for (size_t i = 0; i < sizeof host / sizeof host[0]; i++)
            free(host[i]);
    }
    /* PPO loss, 1..32 actions */
    static const int actions[] = {1, 2, 3, 12, 31, 32};
    const double clip = 0.2, ent = 0.01, vf = 0.5;
    double worst_dz = 0.0;
    for (size_t s = 0; s < sizeof actions / sizeof actions[0]; s++) {
        const int A = actions[s], N = 517;
        float *z = malloc((size_t)N * A * fb), *u = malloc(4 * (size_t)N * fb);
        float *adv = malloc(N * fb), *val = malloc(N * fb), *ret = malloc(N * fb),
              *old = malloc(N * fb);
        int32_t *act = malloc(N * sizeof(int32_t));
        bc_random_uniform(72, 1 + s, 0, (int64_t)N * A, z);
        bc_random_uniform(72, 10 + s, 0, 4 * (int64_t)N, u);
        for (int i = 0; i < N; i++) {
            const float scale = i % 9 == 0 ? 40.0f : 3.0f; /* some rows saturate */
            for (int k = 0; k < A; k++)
                z[i * A + k] = scale * (z[i * A + k] - 0.5f);
            act[i] = (int32_t)(u[4 * i] * A) % A;
            adv[i] = 2.0f * u[4 * i + 1] - 1.0f;
            val[i] = u[4 * i + 2], ret[i] = u[4 * i + 3] - 0.25f;
        }
        double *dz64 = malloc((size_t)N * A * sizeof(double)), *dv64 = malloc(N * sizeof(double));
        double mean64[BC_MATH_PPO_TERMS] = {0}, terms[BC_MATH_PPO_TERMS], zz[BC_MATH_MAX_ACTIONS];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < A; k++)
                zz[k] = z[i * A + k];
            double mx = zz[0], sum = 0.0;
            for (int k = 1; k < A; k++)
                mx = fmax(mx, zz[k]);
            for (int k = 0; k < A; k++)
                sum += exp(zz[k] - mx);
            /* old log-probabilities around the row's own: ratios across the clip */
            old[i] = (float)(zz[act[i]] - mx - log(sum) + 0.6 * (u[4 * i + 2] - 0.5));
        }
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < A; k++)
                zz[k] = z[i * A + k];
            ppo_row_f64(A, zz, act[i], old[i], adv[i], val[i], ret[i], clip, ent, vf, N,
                        dz64 + (int64_t)i * A, &dv64[i], terms);
            for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
                mean64[k] += terms[k] / N;
        }
        /* the closed form against central differences (rows off the clip's kink) */
        for (int i = 0; i < N; i += 23) {
            double mx = z[i * A], sum = 0.0;
            for (int k = 0; k < A; k++)
                zz[k] = z[i * A + k], mx = fmax(mx, zz[k]);
            for (int k = 0; k < A; k++)
                sum += exp(zz[k] - mx);
            const double ratio = exp(zz[act[i]] - mx - log(sum) - old[i]);
            if (fabs(ratio - (1.0 - clip)) < 1e-3 || fabs(ratio - (1.0 + clip)) < 1e-3)
                continue;
            for (int k = 0; k < A; k++) {
                const double h = 1e-5, z0 = zz[k];
                zz[k] = z0 + h;
                const double fp = ppo_row_f64(A, zz, act[i], old[i], adv[i], val[i], ret[i], clip,
                                              ent, vf, N, NULL, NULL, NULL);
                zz[k] = z0 - h;
                const double fm = ppo_row_f64(A, zz, act[i], old[i], adv[i], val[i], ret[i], clip,
                                              ent, vf, N, NULL, NULL, NULL);
                zz[k] = z0;
                const double fd = (fp - fm) / (2 * h);
                ROW_CHECK(fabs(fd - dz64[(int64_t)i * A + k]) <= 1e-6 / N + 1e-4 * fabs(fd),
                          "PPO closed form vs differences: A %d row %d k %d %.9g vs %.9g", A, i, k,
                          dz64[(int64_t)i * A + k], fd);
            }
        }
        float *d_z = dev_copy(be, z, (size_t)N * A * fb), *d_val = dev_copy(be, val, N * fb),
              *d_ret = dev_copy(be, ret, N * fb), *d_old = dev_copy(be, old, N * fb),
              *d_adv = dev_copy(be, adv, N * fb), *d_dz = dev_copy(be, NULL, (size_t)N * A * fb),
              *d_dv = dev_copy(be, NULL, N * fb);
        int32_t *d_act = dev_copy(be, act, N * sizeof(int32_t));
        double *d_st = dev_copy(be, NULL, 8 * sizeof(double));
        ck_assert_ok(be->ops->ppo_loss(be->state, N, A, d_z, d_val, d_act, d_old, d_adv, d_ret,
                                       clip, ent, vf, d_dz, d_dv, d_st));
        float *hdz = back_to_host(be, d_dz, (size_t)N * A * fb);
        float *hdv = back_to_host(be, d_dv, N * fb);
        double *hst = back_to_host(be, d_st, BC_MATH_PPO_TERMS * sizeof(double));
        for (int64_t k = 0; k < (int64_t)N * A; k++) {
            const double e = fabs(hdz[k] - dz64[k]);
            worst_dz = fmax(worst_dz, dz64[k] != 0.0 ? e / fabs(dz64[k]) : e);
            ROW_CHECK(e <= 3e-7 * fabs(dz64[k]) + 1e-30,
                      "%s A %d d logit %lld: %.9g vs float64 %.9g", who, A, (long long)k, hdz[k],
                      dz64[k]);
        }
        for (int i = 0; i < N; i++)
            ROW_CHECK(hdv[i] == (float)dv64[i], "%s A %d d value %d: %.9g vs %.9g", who, A, i,
                      hdv[i], dv64[i]);
        for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
            ROW_CHECK(fabs(hst[k] - mean64[k]) <=
                          (k == BC_MATH_PPO_CLIPPED ? 2.0 / N : 1e-9 * (1.0 + fabs(mean64[k]))),
                      "%s A %d stat %d: %.17g vs float64 %.17g", who, A, k, hst[k], mean64[k]);
        void *dev[] = {d_z, d_val, d_ret, d_old, d_adv, d_dz, d_dv, d_act, d_st};
        for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
            be->ops->release(be->state, dev[i]);
        void *host[] = {z, u, adv, val, ret, old, act, dz64, dv64, hdz, hdv, hst};
        for (size_t i = 0; i < sizeof host / sizeof host[0]; i++)
            free(host[i]);
    }
    printf("%s: row kernels vs float64: worst xh error %.3g (scaled), dx %.3g of its terms, "
           "d logits %.3g relative\n",
           who, worst_xh, worst_dx, worst_dz);
}

START_TEST(row_kernels_match_float64_on_cpu)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    check_row_kernels(be, "cpu");
    bc_backend_free(be);
}
END_TEST

START_TEST(device_row_kernels_match_float64)
{
    bc_backend *gpu = start_cuda();
    check_row_kernels(gpu, "cuda");
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* Each op on the GPU against the cpu backend on the same inputs. Expected:
 * the per-row and per-element ops (LayerNorm rows, dropout, gathers) are
 * bit-identical (IEEE-exact arithmetic, kernels_math.h, -fmad=false),
 * except the LayerNorm and loss rows, whose sums a warp adds as a shuffle
 * tree (within float rounding; the count of differing bits is printed);
 * sampling may differ where CUDA's exp/log move a cumulative probability
 * across the draw (rare: counted, at most 1 in 10,000); sums over rows
 * (column sums by GEMM, losses, norms, moments) are added in another order
 * (relative 1e-5 for float sums, 1e-9 for double). */
START_TEST(device_ppo_ops_match_cpu)
{
    bc_backend *gpu = start_cuda();
    bc_backend *cpu = NULL;
    ck_assert_ok(bc_backend_init("cpu", &cpu));
    enum { N = 4099, DIM = 96, A = 12, E = 20000 };
    const size_t fb = sizeof(float);
    float *a = malloc(N * DIM * fb), *g = malloc(DIM * fb), *beta = malloc(DIM * fb);
    float *xh = malloc(N * DIM * fb), *rs = malloc(N * fb), *y = malloc(N * DIM * fb);
    float *dy = malloc(N * DIM * fb), *dg = calloc(DIM, fb), *dbeta = calloc(DIM, fb);
    bc_random_uniform(61, 1, 0, N * DIM, a);
    bc_random_uniform(61, 2, 0, DIM, g);
    bc_random_uniform(61, 3, 0, DIM, beta);
    bc_random_uniform(61, 4, 0, N * DIM, dy);
    for (int i = 0; i < N * DIM; i++)
        a[i] = 2.0f * a[i] - 0.7f, dy[i] -= 0.5f;
    float *d_a = dev_copy(gpu, a, N * DIM * fb), *d_g = dev_copy(gpu, g, DIM * fb),
          *d_beta = dev_copy(gpu, beta, DIM * fb), *d_xh = dev_copy(gpu, NULL, N * DIM * fb),
          *d_rs = dev_copy(gpu, NULL, N * fb), *d_y = dev_copy(gpu, NULL, N * DIM * fb),
          *d_dy = dev_copy(gpu, dy, N * DIM * fb), *d_dg = dev_copy(gpu, dg, DIM * fb),
          *d_dbeta = dev_copy(gpu, dbeta, DIM * fb);
    ck_assert_ok(cpu->ops->relu_layernorm_forward(cpu->state, N, DIM, 1e-5f, a, g, beta, xh, rs,
                                                  y));
    ck_assert_ok(gpu->ops->relu_layernorm_forward(gpu->state, N, DIM, 1e-5f, d_a, d_g, d_beta,
                                                  d_xh, d_rs, d_y));
    float *hy = back_to_host(gpu, d_y, N * DIM * fb), *hrs = back_to_host(gpu, d_rs, N * fb);
    /* warp-per-row sums on the GPU, in order on the cpu: the same element
     * math, so equal or within float rounding (the bounds against float64
     * are device_row_kernels_match_float64's) */
    int bits = 0;
    for (int i = 0; i < N * DIM; i++)
        bits += memcmp(&hy[i], &y[i], fb) != 0;
    printf("cuda: LayerNorm forward max rel diff %.3g (y), %.3g (1/sd); %d of %d y differ in "
           "bits\n",
           worst_rel(hy, y, N * DIM), worst_rel(hrs, rs, N), bits, N * DIM);
    ck_assert_msg(worst_rel(hy, y, N * DIM) < 2e-6, "LayerNorm forward y: %g",
                  worst_rel(hy, y, N * DIM));
    ck_assert_msg(worst_rel(hrs, rs, N) < 2e-6, "LayerNorm forward 1/sd: %g",
                  worst_rel(hrs, rs, N));
    /* float64 sums of the parameter gradients, and of their terms' sizes */
    double *ref_g = calloc(DIM, sizeof(double)), *ref_b = calloc(DIM, sizeof(double));
    double *size_g = calloc(DIM, sizeof(double)), *size_b = calloc(DIM, sizeof(double));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < DIM; j++) {
            const double d = dy[i * DIM + j], t = d * xh[i * DIM + j];
            ref_g[j] += t, size_g[j] += fabs(t), ref_b[j] += d, size_b[j] += fabs(d);
        }
    ck_assert_ok(cpu->ops->relu_layernorm_backward(cpu->state, N, DIM, dy, g, xh, rs, a, dg,
                                                   dbeta));
    ck_assert_ok(gpu->ops->relu_layernorm_backward(gpu->state, N, DIM, d_dy, d_g, d_xh, d_rs, d_a,
                                                   d_dg, d_dbeta));
    float *hdy = back_to_host(gpu, d_dy, N * DIM * fb), *hdg = back_to_host(gpu, d_dg, DIM * fb),
          *hdb = back_to_host(gpu, d_dbeta, DIM * fb);
    bits = 0;
    for (int i = 0; i < N * DIM; i++)
        bits += memcmp(&hdy[i], &dy[i], fb) != 0;
    printf("cuda: LayerNorm backward max rel diff %.3g; %d of %d differ in bits\n",
           worst_rel(hdy, dy, N * DIM), bits, N * DIM);
    ck_assert_msg(worst_rel(hdy, dy, N * DIM) < 2e-6, "LayerNorm backward: %g",
                  worst_rel(hdy, dy, N * DIM));
    /* The parameter gradients are sums over rows in chunks on the GPU (the
     * cpu adds row by row): both within float rounding of float64. */
    for (int j = 0; j < DIM; j++) {
        const float got[2][2] = {{dg[j], dbeta[j]}, {hdg[j], hdb[j]}};
        for (int w = 0; w < 2; w++) {
            ck_assert_msg(fabs(got[w][0] - ref_g[j]) <= 1e-5 * size_g[j] + 1e-6,
                          "%s dgamma[%d] %.9g vs float64 %.9g", w ? "gpu" : "cpu", j, got[w][0],
                          ref_g[j]);
            ck_assert_msg(fabs(got[w][1] - ref_b[j]) <= 1e-5 * size_b[j] + 1e-6,
                          "%s dbeta[%d] %.9g vs float64 %.9g", w ? "gpu" : "cpu", j, got[w][1],
                          ref_b[j]);
        }
    }
    free(ref_g), free(ref_b), free(size_g), free(size_b);
    /* dropout and multiply */
    float *mask = malloc(N * DIM * fb), *d_mask = dev_copy(gpu, NULL, N * DIM * fb);
    ck_assert_ok(cpu->ops->dropout_forward(cpu->state, N * DIM - 1, 0.1f, 5, 77, a, mask, y));
    ck_assert_ok(gpu->ops->dropout_forward(gpu->state, N * DIM - 1, 0.1f, 5, 77, d_a, d_mask,
                                           d_y));
    free(hy);
    hy = back_to_host(gpu, d_y, (N * DIM - 1) * fb);
    float *hmask = back_to_host(gpu, d_mask, (N * DIM - 1) * fb);
    ck_assert_msg(memcmp(hmask, mask, (N * DIM - 1) * fb) == 0, "dropout mask differs");
    ck_assert_msg(memcmp(hy, y, (N * DIM - 1) * fb) == 0, "dropout output differs");
    /* column sums (a GEMM on the GPU), bias rows, positive columns */
    float sums[DIM], *hs;
    memcpy(sums, g, sizeof sums);
    ck_assert_ok(cpu->ops->column_sums_add(cpu->state, N, DIM, a, sums));
    ck_assert_ok(gpu->ops->column_sums_add(gpu->state, N, DIM, d_a, d_g));
    hs = back_to_host(gpu, d_g, DIM * fb);
    ck_assert_msg(worst_rel(hs, sums, DIM) < 1e-4, "column sums: %g", worst_rel(hs, sums, DIM));
    uint8_t fired[DIM] = {0}, *d_fired = dev_copy(gpu, fired, DIM);
    ck_assert_ok(cpu->ops->mark_positive_columns(cpu->state, 3, DIM, dy, fired));
    ck_assert_ok(gpu->ops->mark_positive_columns(gpu->state, 3, DIM, d_dy, d_fired));
    uint8_t *hf = back_to_host(gpu, d_fired, DIM);
    ck_assert_int_eq(memcmp(hf, fired, DIM), 0);
    /* sampling over E rows of 12 logits */
    float *logits = malloc(E * A * fb), *logp = malloc(E * fb);
    int32_t *act = malloc(E * 4);
    bc_random_uniform(62, 1, 0, E * A, logits);
    for (int i = 0; i < E * A; i++)
        logits[i] = 3.0f * logits[i];
    float *d_logits = dev_copy(gpu, logits, E * A * fb), *d_logp = dev_copy(gpu, NULL, E * fb);
    int32_t *d_act = dev_copy(gpu, NULL, E * 4);
    ck_assert_ok(cpu->ops->sample_actions(cpu->state, E, A, logits, 3, 99, act, logp));
    ck_assert_ok(gpu->ops->sample_actions(gpu->state, E, A, d_logits, 3, 99, d_act, d_logp));
    int32_t *hact = back_to_host(gpu, d_act, E * 4);
    float *hlogp = back_to_host(gpu, d_logp, E * fb);
    int differ = 0;
    for (int e = 0; e < E; e++)
        if (hact[e] != act[e])
            differ++;
        else
            ck_assert_double_eq_tol(hlogp[e], logp[e], 1e-6);
    printf("cuda: %d of %d sampled actions differ from the cpu's\n", differ, (int)E);
    ck_assert_int_le(differ, E / 10000);
    /* the loss below takes the cpu's actions on both sides (a flipped
     * sample above would otherwise change its row) */
    ck_assert_ok(gpu->ops->to_device(gpu->state, d_act, act, E * 4));
    /* PPO loss and its statistics (N rows of the same logits) */
    float *adv = malloc(N * fb), *val = malloc(N * fb), *ret = malloc(N * fb);
    float *old = malloc(N * fb), *dz = malloc(N * A * fb), *dv = malloc(N * fb);
    bc_random_uniform(63, 1, 0, N, adv);
    bc_random_uniform(63, 2, 0, N, val);
    bc_random_uniform(63, 3, 0, N, ret);
    for (int i = 0; i < N; i++)
        old[i] = logp[i] + 0.3f * (adv[i] - 0.5f), adv[i] = 2.0f * adv[i] - 1.0f;
    float *d_adv = dev_copy(gpu, adv, N * fb), *d_val = dev_copy(gpu, val, N * fb),
          *d_ret = dev_copy(gpu, ret, N * fb), *d_old = dev_copy(gpu, old, N * fb),
          *d_dz = dev_copy(gpu, NULL, N * A * fb), *d_dv = dev_copy(gpu, NULL, N * fb);
    double st[BC_MATH_PPO_TERMS], *d_st = dev_copy(gpu, NULL, 8 * sizeof(double));
    ck_assert_ok(cpu->ops->ppo_loss(cpu->state, N, A, logits, val, act, old, adv, ret, 0.2, 0.01,
                                    0.5, dz, dv, st));
    ck_assert_ok(gpu->ops->ppo_loss(gpu->state, N, A, d_logits, d_val, d_act, d_old, d_adv, d_ret,
                                    0.2, 0.01, 0.5, d_dz, d_dv, d_st));
    double *hst = back_to_host(gpu, d_st, BC_MATH_PPO_TERMS * sizeof(double));
    float *hdz = back_to_host(gpu, d_dz, N * A * fb), *hdv = back_to_host(gpu, d_dv, N * fb);
    ck_assert_msg(worst_rel(hdz, dz, N * A) < 1e-6, "d logits: %g", worst_rel(hdz, dz, N * A));
    ck_assert_int_eq(memcmp(hdv, dv, N * fb), 0);
    for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
        ck_assert_msg(fabs(hst[k] - st[k]) <= 1e-9 * (1.0 + fabs(st[k])), "stat %d: %.17g vs %.17g",
                      k, hst[k], st[k]);
    /* value loss, clipping, normalize, explained variance */
    double vl, *hv;
    ck_assert_ok(cpu->ops->value_loss(cpu->state, N, val, ret, 1.0, dv, &vl));
    ck_assert_ok(gpu->ops->value_loss(gpu->state, N, d_val, d_ret, 1.0, d_dv, d_st));
    hv = back_to_host(gpu, d_st, sizeof(double));
    ck_assert_double_eq_tol(*hv, vl, 1e-12 * (1.0 + vl));
    free(hv);
    double nrm;
    ck_assert_ok(cpu->ops->clip_grad_norm(cpu->state, dz, N * A, 1e-3, &nrm));
    ck_assert_ok(gpu->ops->clip_grad_norm(gpu->state, d_dz, N * A, 1e-3, d_st));
    hv = back_to_host(gpu, d_st, sizeof(double));
    ck_assert_double_eq_tol(*hv, nrm, 1e-12 * nrm);
    free(hv);
    free(hdz);
    hdz = back_to_host(gpu, d_dz, N * A * fb);
    ck_assert_msg(worst_rel(hdz, dz, N * A) < 1e-6, "clipped: %g", worst_rel(hdz, dz, N * A));
    ck_assert_ok(cpu->ops->normalize(cpu->state, N, adv));
    ck_assert_ok(gpu->ops->normalize(gpu->state, N, d_adv));
    float *hadv = back_to_host(gpu, d_adv, N * fb);
    ck_assert_msg(worst_rel(hadv, adv, N) < 1e-6, "normalize: %g", worst_rel(hadv, adv, N));
    double ev;
    ck_assert_ok(cpu->ops->explained_variance(cpu->state, N, ret, val, &ev));
    ck_assert_ok(gpu->ops->explained_variance(gpu->state, N, d_ret, d_val, d_st));
    hv = back_to_host(gpu, d_st, sizeof(double));
    ck_assert_double_eq_tol(*hv, ev, 1e-9);
    free(hv);
    /* gather and scatter of whole rows */
    const int32_t idx[4] = {3, 0, 7, 5};
    int32_t *d_idx = dev_copy(gpu, idx, sizeof idx);
    float *gsrc = a, *gdst = malloc(10 * 4 * DIM * fb), *d_gdst = dev_copy(gpu, NULL, 10 * 4 * DIM * fb);
    ck_assert_ok(cpu->ops->gather_rows(cpu->state, 10, 4, 8, idx, DIM * fb, gsrc, gdst, 0));
    ck_assert_ok(gpu->ops->gather_rows(gpu->state, 10, 4, 8, d_idx, DIM * fb, d_a, d_gdst, 0));
    float *hg = back_to_host(gpu, d_gdst, 10 * 4 * DIM * fb);
    ck_assert_int_eq(memcmp(hg, gdst, 10 * 4 * DIM * fb), 0);
    void *dev[] = {d_a, d_g, d_beta, d_xh, d_rs, d_y, d_dy, d_dg, d_dbeta, d_mask, d_fired,
                   d_logits, d_logp, d_act, d_adv, d_val, d_ret, d_old, d_dz, d_dv, d_st, d_idx,
                   d_gdst};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        gpu->ops->release(gpu->state, dev[i]);
    void *host[] = {a, g, beta, xh, rs, y, dy, dg, dbeta, hy, hrs, hdy, hdg, hdb, mask, hmask, hs,
                    hf, logits, logp, act, hact, hlogp, adv, val, ret, old, dz, dv, hst, hdz, hdv,
                    hadv, gdst, hg};
    for (size_t i = 0; i < sizeof host / sizeof host[0]; i++)
        free(host[i]);
    bc_backend_free(cpu);
    bc_backend_free(gpu);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* A metric of the trainer's JSON. */
static double ppo_metric(const bc_ppo *p, const char *key)
{
    char buf[8192], want[64];
    ck_assert_ok(bc_ppo_metrics_json(p, buf, (int32_t)sizeof buf, NULL));
    snprintf(want, sizeof want, "\"%s\":", key);
    const char *at = strstr(buf, want);
    ck_assert_msg(at != NULL, "%s lacks %s", buf, key);
    return strtod(at + strlen(want), NULL);
}

/* The same short PPO run (seed, env, network) on the GPU and on the cpu:
 * the first iteration's rollout uses the same initial weights, so its
 * rewards, entropy and losses agree to float rounding; three iterations on,
 * the GPU run still tracks the cpu's metrics (tolerances below, stated as
 * what a GEMM's other order of additions can move). */
START_TEST(device_ppo_run_tracks_cpu)
{
    enum { ROWS = 300, ASSETS = 3, ENVS = 64, ITERS = 3 };
    static double close[ROWS * ASSETS];
    for (int t = 0; t < ROWS; t++)
        for (int k = 0; k < ASSETS; k++) {
            float u;
            bc_random_uniform(71, (uint64_t)k, t, 1, &u);
            close[t * ASSETS + k] = 100.0 * exp(0.002 * t * (k - 1) + 0.05 * (u - 0.5));
        }
    const char *names[2] = {"cpu", device_on_cpu() ? "cpu" : "cuda"};
    double first[2][5], last[2][5];
    const char *keys[5] = {"mean_reward", "entropy", "value_loss", "approx_kl",
                           "explained_variance"};
    if (!device_on_cpu())
        use_plugin(plugin_path());
    drain_log();
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    for (int run = 0; run < 2; run++) {
        bc_env *env = NULL;
        ck_assert_ok(bc_env_create(close, NULL, ROWS, ASSETS, ENVS, &env));
        ck_assert_ok(bc_env_set(env, "episode_length", "40"));
        const char *opts[][2] = {{"seed", "5"},          {"hidden_dim", "32"}, {"gru_layers", "2"},
                                 {"n_steps", "32"},      {"n_minibatches", "4"}, {"epochs", "2"},
                                 {"critic_epochs", "1"}, {"dropout", "0.1"},
                                 {"backend", names[run]}};
        bc_ppo *p = ppo_run_create(env, opts, sizeof opts / sizeof opts[0]);
        for (int it = 0; it < ITERS; it++) {
            ck_assert_ok(bc_ppo_iterate(p));
            for (int k = 0; k < 5; k++)
                (it == 0 ? first : last)[run][k] = ppo_metric(p, keys[k]);
        }
        bc_ppo_free(p);
        bc_env_free(env);
    }
    char buf[1024];
    int32_t level = 0;
    while (bc_log_pop(buf, sizeof buf, NULL, &level) == BC_OK)
        ck_assert_msg(strstr(buf, "unavailable") == NULL, "the GPU run fell back: %s", buf);
    for (int k = 0; k < 5; k++)
        printf("cuda: PPO %s: iteration 1 cpu %.6g gpu %.6g, iteration %d cpu %.6g gpu %.6g\n",
               keys[k], first[0][k], first[1][k], ITERS, last[0][k], last[1][k]);
    /* iteration 1: same weights, same draws (but for a rare flipped sample) */
    ck_assert_double_eq_tol(first[1][0], first[0][0], 1e-3 * (1e-4 + fabs(first[0][0])) + 1e-6);
    ck_assert_double_eq_tol(first[1][1], first[0][1], 1e-4 * first[0][1]);
    ck_assert_double_eq_tol(first[1][2], first[0][2], 1e-2 * first[0][2] + 1e-9);
    ck_assert_double_eq_tol(first[1][3], first[0][3], 5e-2 * first[0][3] + 1e-7);
    /* iteration 3: the policy's entropy and the critic's fit still track */
    ck_assert_double_eq_tol(last[1][1], last[0][1], 2e-2 * last[0][1]);
    ck_assert_double_eq_tol(last[1][4], last[0][4], 0.1);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* The resident rollout on the GPU: a run whose rollout steps are captured
 * and replayed as CUDA graphs (option graphs 1, the default), and one whose
 * update is captured too (graphs 2: iterations 2 and 3, the second updating
 * the first's graph in place), give the same metrics and weights, bit for
 * bit, as one with plain launches (graphs 0): the graphs replay the same
 * kernels on the same arguments, and no capture failure is logged. A run checkpointed after iteration 2
 * (the resident env's state brought back to the host) and resumed on the
 * GPU (the env sent up again) gives iteration 3 as the straight run did.
 * Episodes end inside the rollouts (the bootstrap variant of the step). */
START_TEST(device_ppo_graphs_and_resume_match_plain_run)
{
    enum { ROWS = 300, ASSETS = 3, ENVS = 64 };
    static double close[ROWS * ASSETS];
    for (int t = 0; t < ROWS; t++)
        for (int k = 0; k < ASSETS; k++) {
            float u;
            bc_random_uniform(73, (uint64_t)k, t, 1, &u);
            close[t * ASSETS + k] = 100.0 * exp(0.002 * t * (k - 1) + 0.05 * (u - 0.5));
        }
    const char *backend = device_on_cpu() ? "cpu" : "cuda";
    if (!device_on_cpu())
        use_plugin(plugin_path());
    drain_log();
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    char m[4][8192], pol[4][256], ck[256];
    snprintf(ck, sizeof ck, "/tmp/bc_test_cuda_%d_resume.ckpt", (int)getpid());
    for (int run = 0; run < 4; run++) {
        snprintf(pol[run], sizeof pol[run], "/tmp/bc_test_cuda_%d_%d.bcp", (int)getpid(), run);
        bc_env *env = NULL;
        ck_assert_ok(bc_env_create(close, NULL, ROWS, ASSETS, ENVS, &env));
        ck_assert_ok(bc_env_set(env, "episode_length", "20"));
        const char *opts[][2] = {{"seed", "5"},          {"hidden_dim", "32"}, {"gru_layers", "2"},
                                 {"n_steps", "16"},      {"n_minibatches", "4"}, {"epochs", "2"},
                                 {"critic_epochs", "1"}, {"dropout", "0.1"},
                                 {"graphs", run == 1 ? "0" : run == 3 ? "2" : "1"},
                                 {"backend", backend}};
        bc_ppo *p = ppo_run_create(env, opts, sizeof opts / sizeof opts[0]);
        if (run == 2) {
            for (int it = 0; it < 2; it++)
                ck_assert_ok(bc_ppo_iterate(p));
            ck_assert_ok(bc_ppo_save_checkpoint(p, ck));
            bc_ppo_free(p);
            bc_env_free(env);
            ck_assert_ok(bc_env_create(close, NULL, ROWS, ASSETS, ENVS, &env));
            ck_assert_ok(bc_env_set(env, "episode_length", "20"));
            const char *resume[][2] = {{"backend", backend}};
            p = ppo_run_create(env, resume, 1);
            ck_assert_ok(bc_ppo_load_checkpoint(p, ck));
            ppo_run_train_save(p, 1, m[run], sizeof m[run], pol[run]);
            unlink(ck);
        } else {
            ppo_run_train_save(p, 3, m[run], sizeof m[run], pol[run]);
        }
        bc_env_free(env);
    }
    char buf[1024];
    int32_t level = 0;
    while (bc_log_pop(buf, sizeof buf, NULL, &level) == BC_OK) {
        ck_assert_msg(strstr(buf, "unavailable") == NULL, "the GPU run fell back: %s", buf);
        ck_assert_msg(strstr(buf, "graph failed") == NULL, "a capture failed: %s", buf);
    }
    printf("cuda: PPO with graphs, iteration 3: %.300s\n", m[0]);
    ck_assert_str_eq(m[0], m[1]);
    ck_assert_str_eq(m[0], m[2]);
    ck_assert_str_eq(m[0], m[3]);
    long n0, n;
    void *f0 = ppo_run_file_bytes(pol[0], &n0);
    for (int run = 1; run < 4; run++) {
        void *f = ppo_run_file_bytes(pol[run], &n);
        ck_assert_int_eq(n, n0);
        ck_assert_msg(memcmp(f, f0, (size_t)n) == 0, "run %d's policy differs", run);
        free(f);
    }
    free(f0);
    for (int run = 0; run < 4; run++)
        unlink(pol[run]);
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

/* $BOTCOPIER_CUDA_PROFILE=1: when the backend ends, stderr gets the stream
 * time per op, naming the ops that ran (a LayerNorm row kernel, a GEMM,
 * the copy back); a value other than 0 or 1 is refused by name. GPU only
 * (the plugin's; the cpu stand-in has no profile). */
START_TEST(device_profile_names_the_ops)
{
    use_plugin(plugin_path());
    bc_backend *gpu = NULL;
    setenv("BOTCOPIER_CUDA_PROFILE", "2", 1);
    ck_assert_int_eq(bc_backend_init("cuda", &gpu), BC_E_INVALID_ARGUMENT);
    ck_assert_msg(strstr(bc_last_error(), "BOTCOPIER_CUDA_PROFILE=2") != NULL, "%s",
                  bc_last_error());
    setenv("BOTCOPIER_CUDA_PROFILE", "1", 1);
    gpu = start_cuda();
    enum { N = 64, D = 32 };
    float *a = calloc(N * D, sizeof(float)), *g = malloc(D * sizeof(float)), out[4];
    for (int i = 0; i < N * D; i++)
        a[i] = (float)(i % 7) - 2.0f;
    for (int j = 0; j < D; j++)
        g[j] = 1.0f;
    float *d_a = dev_copy(gpu, a, N * D * 4), *d_g = dev_copy(gpu, g, D * 4),
          *d_b = dev_copy(gpu, a, D * 4), *d_xh = dev_copy(gpu, NULL, N * D * 4),
          *d_rs = dev_copy(gpu, NULL, N * 4), *d_y = dev_copy(gpu, NULL, N * D * 4),
          *d_c = dev_copy(gpu, NULL, D * D * 4);
    ck_assert_ok(gpu->ops->relu_layernorm_forward(gpu->state, N, D, 1e-5f, d_a, d_g, d_b, d_xh,
                                                  d_rs, d_y));
    ck_assert_ok(gpu->ops->sgemm_batched(gpu->state, 1, 0, D, D, N, 1.0f, d_y, D, 0, d_y, D, 0,
                                         0.0f, d_c, D, 0, 1));
    ck_assert_ok(gpu->ops->to_host(gpu->state, out, d_c, sizeof out));
    void *dev[] = {d_a, d_g, d_b, d_xh, d_rs, d_y, d_c};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        gpu->ops->release(gpu->state, dev[i]);
    char path[] = "/tmp/bc-cuda-profile-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    const int saved = dup(2);
    dup2(fd, 2);
    bc_backend_free(gpu); /* prints the profile */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    long n = 0;
    char *t = ppo_run_file_bytes(path, &n); /* one byte spare */
    unlink(path);
    t[n] = 0;
    printf("%s", t);
    const char *want[] = {"cuda profile", "relu_layernorm_forward", "sgemm (cuBLASLt)",
                          "to_host"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(t, want[i]) != NULL, "the profile lacks '%s':\n%s", want[i], t);
    free(t), free(a), free(g);
    unsetenv("BOTCOPIER_CUDA_PROFILE");
    unsetenv(BC_CUDA_PLUGIN_ENV);
}
END_TEST

Suite *suite_cuda(void)
{
    Suite *s = suite_create("cuda");
    TCase *tc = tcase_create("plugin");
    /* With a GPU each forked test starts CUDA, cuBLASLt and cuDNN afresh
     * (seconds under a sandboxed driver): more than Check's default 4 s. */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plugin_exports_table_and_query_at_this_api_version);
    tcase_add_test(tc, plugin_carries_sm80_sm90_code_and_ptx);
    tcase_add_test(tc, cuda_init_reports_missing_driver_or_device_with_cuda_message);
    tcase_add_test(tc, best_falls_back_to_cpu_and_logs_why);
    tcase_add_test(tc, bogus_plugin_path_is_named_in_the_error);
    tcase_add_test(tc, plugin_of_another_api_version_is_refused);
    tcase_add_test(tc, build_info_and_hwinfo_report_what_the_plugin_found);
    tcase_add_test(tc, ppo_plan_gpu_sizes_from_the_device_or_says_why_not);
    suite_add_tcase(s, tc);
    tc = tcase_create("sizing");
    tcase_add_test(tc, sizing_bytes_per_sample_is_design_sections_formula);
    tcase_add_test(tc, sizing_counts_the_trainers_buffers);
    tcase_add_test(tc, sizing_picks_the_most_envs_that_fit);
    tcase_add_test(tc, sizing_refuses_what_cannot_fit_and_says_what_would);
    suite_add_tcase(s, tc);
    tc = tcase_create("math");
    tcase_add_test(tc, gae_op_matches_float64_definition);
    tcase_add_test(tc, adam_op_matches_float64_adamw);
    tcase_add_test(tc, gru_gate_math_matches_float64_and_its_derivatives);
    tcase_add_test(tc, gru_ops_match_float64_with_resets_inside_sequences);
    tcase_add_test(tc, rollout_ops_match_float64_on_cpu);
    tcase_add_test(tc, row_kernels_match_float64_on_cpu);
    suite_add_tcase(s, tc);
    /* The device tests join only where the plugin finds a GPU. */
    const char *plugin = one_process() ? NULL : plugin_path();
    bc_cuda_device_info info;
    if (plugin)
        query_plugin(plugin, &info);
    if ((plugin && info.status == BC_OK) || device_on_cpu()) {
        tc = tcase_create("device");
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, device_env_step_matches_cpu_bit_for_bit);
        tcase_add_test(tc, device_sgemm_matches_float64_all_transposes_and_batched);
        tcase_add_test(tc, device_adam_and_gae_match_cpu_bits_and_float64);
        tcase_add_test(tc, device_activation_and_softmax_match_cpu);
        tcase_add_test(tc, device_gru_matches_cpu_with_resets);
        tcase_add_test(tc, device_gru_graphs_match_stream_launches);
        tcase_add_test(tc, device_row_kernels_match_float64);
        tcase_add_test(tc, device_ppo_ops_match_cpu);
        tcase_add_test(tc, device_ppo_run_tracks_cpu);
        tcase_add_test(tc, device_rollout_ops_match_float64);
        tcase_add_test(tc, device_ppo_graphs_and_resume_match_plain_run);
        if (!device_on_cpu()) {
            tcase_add_test(tc, device_gru_matches_cudnn);
            tcase_add_test(tc, device_profile_names_the_ops);
        }
        suite_add_tcase(s, tc);
    } else {
        printf("cuda: 13 device tests skipped: %s\n",
               plugin ? info.why
                      : one_process() ? "CK_FORK=no" : BC_CUDA_PLUGIN_NAME " not built (no nvcc)");
    }
    return s;
}
