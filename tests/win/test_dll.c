/*
 * test_dll.c - calls botcopier.dll the way an MQL5 Expert Advisor does:
 * LoadLibraryW, GetProcAddress, and only the types MQL5 passes (int, long,
 * UTF-16 strings, ushort/double arrays, int/long by reference). Checks the
 * shim's behaviour and that the DLL computes what the Linux library does
 * (reference.txt from tests/win/reference.c). Built with mingw-w64, run
 * under wine by make check-dll; prints "N passed, N failed".
 * Usage: test_dll.exe reference.txt
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <wchar.h>

#include "botcopier.h" /* constants only; every call goes through the table */
#include "monitor_case.h"

/* ---- the DLL's functions, typed as BotCopier.mqh declares them ---------
 * MQL5 int -> int32_t, long -> int64_t, string -> const wchar_t * (UTF-16),
 * ushort &buf[] -> uint16_t *, int &x -> int32_t *, long &x -> int64_t *. */
static struct {
    int32_t (*version)(void);
    int32_t (*abi_version)(void);
    int32_t (*build_info)(uint16_t *buf, int32_t capacity);
    int32_t (*last_error)(uint16_t *buf, int32_t capacity);
    int32_t (*status_string)(int32_t status, uint16_t *buf, int32_t capacity);
    int32_t (*log_set_level)(int32_t max_level);
    int32_t (*log_pending)(void);
    int32_t (*log_pop)(uint16_t *buf, int32_t capacity, int32_t *level);
    int32_t (*backend_create)(const wchar_t *name, int64_t *id);
    int32_t (*backend_kind)(int64_t id, uint16_t *buf, int32_t capacity);
    int32_t (*release)(int64_t id);
    int32_t (*live_count)(void);
    int32_t (*model_load)(const wchar_t *path, int64_t *id);
    int32_t (*model_load_bytes)(const uint8_t *data, int32_t size, int64_t *id);
    int32_t (*model_save)(int64_t id, const wchar_t *path);
    int32_t (*model_num_features)(int64_t id);
    int32_t (*model_num_classes)(int64_t id);
    int32_t (*model_info)(int64_t id, uint16_t *buf, int32_t capacity);
    int32_t (*model_feature_name)(int64_t id, int32_t index, uint16_t *buf, int32_t capacity);
    int32_t (*model_predict)(int64_t id, const double *x, int32_t n_features, double *probs,
                             int32_t capacity);
    int32_t (*model_update)(int64_t id, const double *x, int32_t x_count, const int32_t *y,
                            int32_t n, const double *weights, int32_t n_weights,
                            int32_t n_features, double learning_rate, double l2);
    int64_t (*model_last_event_id)(int64_t id);
    int32_t (*model_set_last_event_id)(int64_t id, int64_t last_event_id);
    int32_t (*model_event_rows)(int64_t id, const int64_t *time, const double *open,
                                const double *high, const double *low, const double *close,
                                const double *volume, int32_t n_bars, const int64_t *event_id,
                                const int64_t *event_time, const int64_t *ticket,
                                const int32_t *action, const int32_t *order_type,
                                int32_t n_events, int64_t after_event_id, double half_life_days,
                                double *x, int32_t x_capacity, int32_t *y, double *weights,
                                int64_t *times, int32_t capacity, int32_t *n_rows,
                                int64_t *last_event_id);
    int32_t (*model_symbol)(int64_t id, uint16_t *buf, int32_t capacity);
    int32_t (*model_bar_seconds)(int64_t id);
    int32_t (*model_time_zone)(int64_t id, uint16_t *buf, int32_t capacity);
    int32_t (*model_stops)(int64_t id, double *sl_distance, double *tp_distance);
    int32_t (*time_zone_parse)(const wchar_t *zone, int32_t *utc_offset_minutes,
                               int32_t *is_server);
    int32_t (*policy_create)(int64_t model_id, int64_t *id);
    int32_t (*policy_step)(int64_t id, const double *obs, int32_t obs_count, double *probs,
                           int32_t capacity, double *value, int32_t *action);
    int32_t (*policy_reset)(int64_t id);
    int32_t (*predictor_create)(int64_t model_id, int64_t *id);
    int32_t (*predictor_set)(int64_t id, const wchar_t *key, const wchar_t *value);
    int32_t (*predictor_update)(int64_t id, int64_t time, double open, double high, double low,
                                double close, double volume, double *probs, int32_t capacity,
                                int32_t *decision);
    int32_t (*predictor_observe)(int64_t id, int64_t time, double open, double high,
                                 double low, double close, double volume);
    int32_t (*predictor_set_symbol_embedding)(int64_t id, const double *values, int32_t n);
    int32_t (*predictor_set_position)(int64_t id, int32_t direction, int32_t bars_held,
                                      double entry_price);
    int32_t (*predictor_position)(int64_t id, int32_t *direction, int32_t *bars_held,
                                  double *entry_price);
    int32_t (*predictor_last)(int64_t id, double *p_act, double *threshold);
    int32_t (*predictor_levels)(int64_t id, double *sl, double *tp, int32_t *rules);
    int32_t (*predictor_reset)(int64_t id);
    int32_t (*features_create)(const wchar_t *spec, int64_t *id);
    int32_t (*features_count)(int64_t id);
    int32_t (*features_name)(int64_t id, int32_t index, uint16_t *buf, int32_t capacity);
    int32_t (*features_update)(int64_t id, int64_t time, double open, double high, double low,
                               double close, double volume, double *out, int32_t capacity);
    int32_t (*detector_create)(int32_t kind, int64_t *id);
    int32_t (*detector_set)(int64_t id, const wchar_t *key, double value);
    int32_t (*detector_update)(int64_t id, double x, int32_t *alarm);
    int32_t (*detector_state)(int64_t id, double *state, int32_t capacity);
    int32_t (*quality_create)(int64_t bar_seconds, int64_t *id);
    int32_t (*quality_update)(int64_t id, int64_t time, double open, double high, double low,
                              double close, double volume, int32_t *flags);
    int32_t (*quality_counts)(int64_t id, int64_t *counts, int32_t capacity);
    int32_t (*drift_psi)(const double *reference, int32_t n_reference, const double *live,
                         int32_t n_live, int32_t bins, double *psi);
    int32_t (*drift_ks)(const double *reference, int32_t n_reference, const double *live,
                        int32_t n_live, double *statistic, double *p_value);
} mql;

/* A few core C functions, as a C host would call them. */
static struct {
    uint32_t (*version_number)(void);
    const char *(*version_string)(void);
    const char *(*build_info)(void);
    const char *(*last_error)(void);
    const char *(*status_string)(int32_t status);
    int32_t (*backend_init)(const char *name, void **out);
    void (*backend_free)(void *backend);
    const char *(*backend_kind)(const void *backend);
    int32_t (*sgemm)(void *backend, int32_t trans_a, int32_t trans_b, int32_t m,
                     int32_t n, int32_t k, float alpha, const float *a,
                     int32_t lda, const float *b, int32_t ldb, float beta,
                     float *c, int32_t ldc);
    int32_t (*random_uniform)(uint64_t seed, uint64_t stream, uint64_t offset,
                              int32_t n, float *out);
} core;

static int passed, failed;

static void check(int ok, int line, const char *fmt, ...)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL test_dll.c:%d: ", line);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}
#define CHECK(cond, ...) check((cond) != 0, __LINE__, __VA_ARGS__)

/* UTF-16 -> UTF-8 by Windows itself, to compare with the library's text. */
static const char *narrow(const uint16_t *w)
{
    static char out[4096];
    if (!WideCharToMultiByte(CP_UTF8, 0, (const wchar_t *)w, -1, out, sizeof out, NULL, NULL))
        snprintf(out, sizeof out, "<WideCharToMultiByte failed>");
    return out;
}

/* The shim's last error, fetched the two-call way. */
static const char *shim_last_error(void)
{
    static uint16_t buf[2048];
    int32_t need = mql.last_error(NULL, 0);
    if (need < 0 || need >= (int32_t)(sizeof buf / sizeof buf[0]))
        return "<bc_mql_last_error failed>";
    mql.last_error(buf, need + 1);
    return narrow(buf);
}

static int load(HMODULE dll)
{
    struct { const char *name; void (**slot)(void); } table[] = {
#define ENTRY(s, f) {#f, (void (**)(void))&s}
        ENTRY(mql.version, bc_mql_version),
        ENTRY(mql.abi_version, bc_mql_abi_version),
        ENTRY(mql.build_info, bc_mql_build_info),
        ENTRY(mql.last_error, bc_mql_last_error),
        ENTRY(mql.status_string, bc_mql_status_string),
        ENTRY(mql.log_set_level, bc_mql_log_set_level),
        ENTRY(mql.log_pending, bc_mql_log_pending),
        ENTRY(mql.log_pop, bc_mql_log_pop),
        ENTRY(mql.backend_create, bc_mql_backend_create),
        ENTRY(mql.backend_kind, bc_mql_backend_kind),
        ENTRY(mql.release, bc_mql_release),
        ENTRY(mql.live_count, bc_mql_live_count),
        ENTRY(mql.model_load, bc_mql_model_load),
        ENTRY(mql.model_load_bytes, bc_mql_model_load_bytes),
        ENTRY(mql.model_save, bc_mql_model_save),
        ENTRY(mql.model_num_features, bc_mql_model_num_features),
        ENTRY(mql.model_num_classes, bc_mql_model_num_classes),
        ENTRY(mql.model_info, bc_mql_model_info),
        ENTRY(mql.model_feature_name, bc_mql_model_feature_name),
        ENTRY(mql.model_predict, bc_mql_model_predict),
        ENTRY(mql.model_update, bc_mql_model_update),
        ENTRY(mql.model_last_event_id, bc_mql_model_last_event_id),
        ENTRY(mql.model_set_last_event_id, bc_mql_model_set_last_event_id),
        ENTRY(mql.model_event_rows, bc_mql_model_event_rows),
        ENTRY(mql.model_symbol, bc_mql_model_symbol),
        ENTRY(mql.model_bar_seconds, bc_mql_model_bar_seconds),
        ENTRY(mql.model_time_zone, bc_mql_model_time_zone),
        ENTRY(mql.model_stops, bc_mql_model_stops),
        ENTRY(mql.time_zone_parse, bc_mql_time_zone_parse),
        ENTRY(mql.policy_create, bc_mql_policy_create),
        ENTRY(mql.policy_step, bc_mql_policy_step),
        ENTRY(mql.policy_reset, bc_mql_policy_reset),
        ENTRY(mql.predictor_create, bc_mql_predictor_create),
        ENTRY(mql.predictor_set, bc_mql_predictor_set),
        ENTRY(mql.predictor_update, bc_mql_predictor_update),
        ENTRY(mql.predictor_observe, bc_mql_predictor_observe),
        ENTRY(mql.predictor_set_position, bc_mql_predictor_set_position),
        ENTRY(mql.predictor_set_symbol_embedding, bc_mql_predictor_set_symbol_embedding),
        ENTRY(mql.predictor_position, bc_mql_predictor_position),
        ENTRY(mql.predictor_last, bc_mql_predictor_last),
        ENTRY(mql.predictor_levels, bc_mql_predictor_levels),
        ENTRY(mql.predictor_reset, bc_mql_predictor_reset),
        ENTRY(mql.features_create, bc_mql_features_create),
        ENTRY(mql.features_count, bc_mql_features_count),
        ENTRY(mql.features_name, bc_mql_features_name),
        ENTRY(mql.features_update, bc_mql_features_update),
        ENTRY(mql.detector_create, bc_mql_detector_create),
        ENTRY(mql.detector_set, bc_mql_detector_set),
        ENTRY(mql.detector_update, bc_mql_detector_update),
        ENTRY(mql.detector_state, bc_mql_detector_state),
        ENTRY(mql.quality_create, bc_mql_quality_create),
        ENTRY(mql.quality_update, bc_mql_quality_update),
        ENTRY(mql.quality_counts, bc_mql_quality_counts),
        ENTRY(mql.drift_psi, bc_mql_drift_psi),
        ENTRY(mql.drift_ks, bc_mql_drift_ks),
        ENTRY(core.version_number, bc_version_number),
        ENTRY(core.version_string, bc_version_string),
        ENTRY(core.build_info, bc_build_info),
        ENTRY(core.last_error, bc_last_error),
        ENTRY(core.status_string, bc_status_string),
        ENTRY(core.backend_init, bc_backend_init),
        ENTRY(core.backend_free, bc_backend_free),
        ENTRY(core.backend_kind, bc_backend_kind),
        ENTRY(core.sgemm, bc_backend_sgemm),
        ENTRY(core.random_uniform, bc_random_uniform),
#undef ENTRY
    };
    int missing = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        *table[i].slot = (void (*)(void))GetProcAddress(dll, table[i].name);
        CHECK(*table[i].slot != NULL, "GetProcAddress(%s) failed", table[i].name);
        missing += *table[i].slot == NULL;
    }
    return missing == 0;
}

static void test_versions(void)
{
    CHECK(mql.version() == BC_VERSION_NUMBER, "bc_mql_version %d, header %d",
          (int)mql.version(), BC_VERSION_NUMBER);
    CHECK((uint32_t)mql.version() == core.version_number(), "shim and core versions differ");
    CHECK(mql.abi_version() == BC_ABI_VERSION, "bc_mql_abi_version %d", (int)mql.abi_version());
    CHECK(strcmp(core.version_string(), BC_VERSION_STRING) == 0, "version string %s",
          core.version_string());

    int32_t need = mql.build_info(NULL, 0);
    CHECK(need > 10, "build info length %d", (int)need);
    uint16_t *buf = calloc((size_t)need + 1, sizeof *buf);
    CHECK(mql.build_info(buf, need + 1) == need, "second call returns the same length");
    CHECK(strcmp(narrow(buf), core.build_info()) == 0,
          "shim build info '%s' equals core '%s'", narrow(buf), core.build_info());
    CHECK(strstr(core.build_info(), "\"blas\":\"reference\"") != NULL,
          "the DLL runs the reference GEMM: %s", core.build_info());
    free(buf);
}

static void test_last_error_text(void)
{
    CHECK(mql.release(12345) == BC_E_BAD_HANDLE, "release of a made-up id is BC_E_BAD_HANDLE");
    const char *want = "bc_mql_release: id 12345 was never issued";
    CHECK(strcmp(shim_last_error(), want) == 0, "last error '%s'", shim_last_error());
    CHECK(strcmp(core.last_error(), want) == 0, "core last error '%s'", core.last_error());

    /* Cut text: full length back, the beginning written, 0-terminated. */
    uint16_t small[5] = {9, 9, 9, 9, 9};
    int32_t n = mql.last_error(small, 5);
    CHECK(n == (int32_t)strlen(want), "cut call returns the full length %d", (int)n);
    CHECK(wcscmp((const wchar_t *)small, L"bc_m") == 0, "cut text is the first 4 units");

    /* A bad buffer is refused without touching the message. */
    CHECK(mql.last_error(NULL, 5) == BC_E_INVALID_ARGUMENT, "NULL buffer with capacity 5");
    CHECK(mql.last_error(small, -1) == BC_E_INVALID_ARGUMENT, "negative capacity");
    CHECK(strcmp(shim_last_error(), want) == 0, "message survives bad calls: '%s'",
          shim_last_error());

    uint16_t status[128];
    int32_t len = mql.status_string(BC_E_STALE_HANDLE, status, 128);
    CHECK(len == (int32_t)strlen(core.status_string(BC_E_STALE_HANDLE)) &&
              strcmp(narrow(status), core.status_string(BC_E_STALE_HANDLE)) == 0,
          "status string '%s'", narrow(status));
}

/* Non-ASCII text crosses both ways: an MQL string with a BMP letter and a
 * character outside the BMP (a surrogate pair in UTF-16). */
static void test_unicode(void)
{
    int64_t id = 77;
    int32_t rc = mql.backend_create(L"cp\u00fc\U0001F600", &id);
    CHECK(rc == BC_E_NOT_FOUND, "unknown backend name gives BC_E_NOT_FOUND, got %d", (int)rc);
    CHECK(id == 0, "id is 0 after a failure");
    uint16_t buf[512];
    int32_t n = mql.last_error(buf, 512);
    const wchar_t *name = wcsstr((const wchar_t *)buf, L"'cp\u00fc\U0001F600'");
    CHECK(n > 0 && name != NULL, "message names the UTF-16 input: '%s'", narrow(buf));
    CHECK(name && name[3] == 0x00FC && name[4] == 0xD83D && name[5] == 0xDE00,
          "U+00FC is one unit, U+1F600 the pair D83D DE00");
    CHECK(strcmp(narrow(buf), core.last_error()) == 0,
          "shim text equals core UTF-8 '%s' by WideCharToMultiByte", core.last_error());

    const wchar_t lone[] = {L'c', 0xD800, L'x', 0};
    rc = mql.backend_create(lone, &id);
    CHECK(rc == BC_E_INVALID_ARGUMENT, "unpaired surrogate refused, got %d", (int)rc);
    CHECK(strstr(shim_last_error(), "unpaired UTF-16 surrogate 0xD800 at unit 1") != NULL,
          "message locates the surrogate: '%s'", shim_last_error());
    CHECK(mql.backend_create(NULL, &id) == BC_E_INVALID_ARGUMENT, "NULL name refused");
}

static void test_ids(void)
{
    int32_t live = mql.live_count();
    int64_t id = 0;
    CHECK(mql.backend_create(L"cpu", &id) == BC_OK, "backend_create cpu: %s", shim_last_error());
    CHECK(id > 0, "id %lld is positive", (long long)id);
    CHECK(mql.live_count() == live + 1, "one more live id");

    uint16_t kind[16];
    CHECK(mql.backend_kind(id, kind, 16) == 3 && wcscmp((const wchar_t *)kind, L"cpu") == 0,
          "kind is 'cpu'");
    CHECK(mql.backend_kind(id, NULL, 0) == 3, "kind measured with capacity 0");

    /* Foreign ids: zero, negative, a slot never issued, another kind. */
    CHECK(mql.release(0) == BC_E_BAD_HANDLE, "release(0)");
    CHECK(mql.release(-1) == BC_E_BAD_HANDLE, "release(-1)");
    CHECK(mql.backend_kind(0, kind, 16) == BC_E_BAD_HANDLE, "kind(0)");
    int64_t unissued = id + 100000;
    CHECK(mql.backend_kind(unissued, kind, 16) == BC_E_BAD_HANDLE, "slot never issued");
    int64_t other_kind = (id & ~((int64_t)0xFF << 48)) | ((int64_t)2 << 48);
    CHECK(mql.backend_kind(other_kind, kind, 16) == BC_E_WRONG_HANDLE_TYPE,
          "same slot with the model tag is refused as the wrong kind: %s", shim_last_error());
    CHECK(mql.live_count() == live + 1, "refusals release nothing");

    CHECK(mql.release(id) == BC_OK, "first release");
    CHECK(mql.live_count() == live, "live count back");
    CHECK(mql.release(id) == BC_E_STALE_HANDLE, "second release is stale");
    char want[128];
    snprintf(want, sizeof want, "bc_mql_release: handle %lld was already released", (long long)id);
    CHECK(strcmp(shim_last_error(), want) == 0, "stale message '%s'", shim_last_error());
    CHECK(mql.backend_kind(id, kind, 16) == BC_E_STALE_HANDLE, "released id unusable");

    /* A new object may reuse the slot; the old id still stays stale. */
    int64_t again = 0;
    CHECK(mql.backend_create(L"cpu", &again) == BC_OK && again != id, "new id differs");
    CHECK(mql.backend_kind(id, kind, 16) == BC_E_STALE_HANDLE, "old id stays stale");
    CHECK(mql.release(again) == BC_OK, "release the new id");
    CHECK(mql.backend_create(L"cuda", &again) == BC_E_UNSUPPORTED,
          "cuda is unsupported in the DLL: %s", shim_last_error());
}

static void test_log(void)
{
    uint16_t buf[512];
    int32_t level = 0;
    while (mql.log_pop(buf, 512, &level) >= 0) {
    }
    CHECK(mql.log_pop(buf, 512, &level) == BC_E_NOT_FOUND, "empty ring gives BC_E_NOT_FOUND");
    CHECK(mql.log_set_level(9) == BC_E_INVALID_ARGUMENT, "level 9 refused");
    CHECK(mql.log_set_level(BC_LOG_INFO) == BC_OK, "level info");

    int64_t id = 0;
    CHECK(mql.backend_create(L"best", &id) == BC_OK, "best falls back to cpu");
    CHECK(mql.log_pending() == 1, "one message pending, got %d", (int)mql.log_pending());

    level = -1;
    uint16_t small[8];
    int32_t n = mql.log_pop(small, 8, &level);
    CHECK(n >= 8, "too small: full length %d back", (int)n);
    CHECK(level == -1 && mql.log_pending() == 1, "message stays queued, level untouched");
    n = mql.log_pop(buf, n + 1, &level);
    CHECK(n > 0 && level == BC_LOG_INFO, "popped at info level (%d)", (int)level);
    CHECK(strncmp(narrow(buf), "backend 'best': cuda unavailable", 32) == 0,
          "message '%s'", narrow(buf));
    CHECK(mql.log_pending() == 0, "ring drained");
    CHECK(mql.log_pop(buf, -1, &level) == BC_E_INVALID_ARGUMENT, "negative capacity");
    CHECK(mql.release(id) == BC_OK, "release best backend");
}

static DWORD WINAPI other_thread(LPVOID arg)
{
    int *ok = arg;
    *ok = mql.release(777) == BC_E_BAD_HANDLE &&
          strcmp(shim_last_error(), "bc_mql_release: id 777 was never issued") == 0;
    return 0;
}

/* Each EA runs on its own thread: errors must not cross threads. */
static void test_thread_local_error(void)
{
    mql.release(555);
    int ok = 0;
    HANDLE t = CreateThread(NULL, 0, other_thread, &ok, 0, NULL);
    CHECK(t != NULL, "CreateThread");
    if (t) {
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
    CHECK(ok, "the other thread sees its own error");
    CHECK(strcmp(shim_last_error(), "bc_mql_release: id 555 was never issued") == 0,
          "this thread keeps its error: '%s'", shim_last_error());
}

static unsigned bits(float f)
{
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float *draw(uint64_t stream, int count)
{
    float *v = malloc(sizeof *v * (size_t)(count ? count : 1));
    core.random_uniform(1, stream, 0, count, v);
    for (int i = 0; i < count; i++)
        v[i] = 2.0f * v[i] - 1.0f;
    return v;
}

/* Parses "%08x %08x ..." after the case header; returns the count read. */
static int read_bits(const char *p, unsigned *out, int max)
{
    int n = 0;
    char *end;
    while (n < max) {
        unsigned long v = strtoul(p, &end, 16);
        if (end == p)
            break;
        out[n++] = (unsigned)v;
        p = end;
    }
    return n;
}

/* Same numbers as the Linux library, bit for bit. */
static void test_matches_linux(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    void *backend = NULL;
    CHECK(core.backend_init("cpu", &backend) == BC_OK, "bc_backend_init cpu");
    CHECK(backend && strcmp(core.backend_kind(backend), "cpu") == 0, "core kind cpu");
    char line[8192];
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned want[256];
        int off = 0, ta, tb, m, n, k;
        if (strncmp(line, "uniform ", 8) == 0) {
            float u[16];
            core.random_uniform(42, 7, 3, 16, u);
            int got = read_bits(line + strlen("uniform 42 7 3 16"), want, 16);
            int same = got == 16;
            for (int i = 0; same && i < 16; i++)
                same = bits(u[i]) == want[i];
            CHECK(same, "Philox uniforms equal Linux's");
            cases++;
        } else if (sscanf(line, "sgemm %d %d %d %d %d%n", &ta, &tb, &m, &n, &k, &off) == 5) {
            float *a = draw(1, m * k), *b = draw(2, k * n), *c = draw(3, m * n);
            CHECK(core.sgemm(backend, ta, tb, m, n, k, 1.5f, a, ta ? m : k, b,
                             tb ? k : n, -0.5f, c, n) == BC_OK, "sgemm runs");
            int got = read_bits(line + off, want, 256);
            int same = got == m * n;
            for (int i = 0; same && i < m * n; i++)
                same = bits(c[i]) == want[i];
            CHECK(same, "sgemm %d%d %dx%dx%d equals Linux's reference GEMM", ta, tb, m, n, k);
            free(a);
            free(b);
            free(c);
            cases++;
        }
    }
    fclose(f);
    CHECK(cases == 5, "reference has 5 cases, read %d", cases);
    core.backend_free(backend);
}

/* ---- models and predictors against the Linux library ------------------ */

static double from_bits(unsigned long long u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* Reads n doubles written as 16 hex digits of their bits; advances *p. */
static int read_doubles(char **p, double *out, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        unsigned long long u = strtoull(*p, &end, 16);
        if (end == *p)
            return 0;
        out[i] = from_bits(u);
        *p = end;
    }
    return 1;
}

static int read_ints(char **p, long long *out, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        out[i] = strtoll(*p, &end, 10);
        if (end == *p)
            return 0;
        *p = end;
    }
    return 1;
}

/* Largest |a - b| over n values, and whether every pair is bit-identical
 * (NaN == NaN by bits). */
static double max_diff(const double *a, const double *b, int n, int *identical)
{
    double worst = 0.0;
    for (int i = 0; i < n; i++) {
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0)
            *identical = 0;
        if (a[i] != a[i] && b[i] != b[i])
            continue;
        double d = a[i] - b[i];
        if (d < 0)
            d = -d;
        if (d > worst || d != d)
            worst = d != d ? 1.0 : d;
    }
    return worst;
}

static char *read_whole(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)*size + 1);
    if (data && fread(data, 1, (size_t)*size, f) != (size_t)*size) {
        free(data);
        data = NULL;
    }
    if (data)
        data[*size] = '\0'; /* the CSV comparisons read it as a string */
    fclose(f);
    return data;
}

static void test_model_ids(void)
{
    int64_t model = 0, copy = 0;
    CHECK(mql.model_load(L"reference_model.bcm", &model) == BC_OK && model > 0,
          "model_load reference_model.bcm: %s", shim_last_error());
    int32_t F = mql.model_num_features(model), C = mql.model_num_classes(model);
    CHECK(F == 10 && C == 4, "the clone takes 10 inputs, 4 classes: %d, %d", (int)F, (int)C);

    uint16_t info[2048];
    int32_t n = mql.model_info(model, info, 2048);
    CHECK(n > 0 && n < 2048, "model_info length %d", (int)n);
    const char *text = narrow(info);
    CHECK(strstr(text, "kind=logistic\nfeatures=10\nclasses=4\n") != NULL &&
              strstr(text, "\nclass_names=none,open_long,open_short,close\n") != NULL &&
              strstr(text, "\nfeature_spec=ema(12),ema(26),cross(ema(12),ema(26)),rsi(14),ret(1)\n"),
          "model_info lists kind, sizes, classes, spec: '%s'", text);
    CHECK(mql.model_info(model, NULL, 0) == n, "model_info measures with capacity 0");
    uint16_t name[64];
    CHECK(mql.model_feature_name(model, 0, name, 64) == 7 && strcmp(narrow(name), "ema(12)") == 0,
          "feature 0 is ema(12): '%s'", narrow(name));
    CHECK(mql.model_feature_name(model, 10, name, 64) == BC_E_INVALID_ARGUMENT &&
              strstr(shim_last_error(), "index 10 is outside 0..9") != NULL,
          "feature index 10 refused: %s", shim_last_error());

    /* The same bytes through FileReadArray-style memory. */
    long size = 0;
    char *bytes = read_whole("reference_model.bcm", &size);
    CHECK(bytes != NULL && size > 100, "read reference_model.bcm");
    if (bytes) {
        CHECK(mql.model_load_bytes((const uint8_t *)bytes, (int32_t)size, &copy) == BC_OK,
              "model_load_bytes: %s", shim_last_error());
        int64_t bad = 5;
        CHECK(mql.model_load_bytes((const uint8_t *)bytes, 40, &bad) == BC_E_CORRUPT && bad == 0,
              "a truncated image is BC_E_CORRUPT: %s", shim_last_error());
        CHECK(mql.model_load_bytes((const uint8_t *)bytes, 0, &bad) == BC_E_INVALID_ARGUMENT,
              "size 0 refused");
        free(bytes);
    }
    double x[10] = {60, 61, 1, 55, 0.01, 0, 0, 0, 0, 0}, p1[4], p2[4];
    CHECK(mql.model_predict(model, x, 10, p1, 4) == BC_OK &&
              mql.model_predict(copy, x, 10, p2, 4) == BC_OK && memcmp(p1, p2, sizeof p1) == 0,
          "file and bytes give the same model");
    CHECK(p1[0] + p1[1] + p1[2] + p1[3] > 1 - 1e-12 && p1[0] + p1[1] + p1[2] + p1[3] < 1 + 1e-12,
          "probabilities sum to 1");
    CHECK(mql.model_predict(model, x, 9, p1, 4) == BC_E_SHAPE, "9 features refused: %s",
          shim_last_error());
    CHECK(mql.model_predict(model, x, 10, p1, 3) == BC_E_BUFFER_TOO_SMALL, "3 probs refused");

    /* Save (uncompressed: the DLL has no zstd) and load back. */
    CHECK(mql.model_save(copy, L"dll_saved.bcm") == BC_OK, "model_save: %s", shim_last_error());
    int64_t again = 0;
    CHECK(mql.model_load(L"dll_saved.bcm", &again) == BC_OK &&
              mql.model_predict(again, x, 10, p2, 4) == BC_OK && memcmp(p1, p2, sizeof p1) == 0,
          "saved model loads back the same: %s", shim_last_error());

    int64_t missing = 9;
    CHECK(mql.model_load(L"no_such_model.bcm", &missing) == BC_E_IO && missing == 0,
          "missing file is BC_E_IO: %s", shim_last_error());
    CHECK(strstr(shim_last_error(), "no_such_model.bcm") != NULL, "message names the file");
    CHECK(mql.model_load(L"", &missing) == BC_E_INVALID_ARGUMENT, "empty path refused");

    /* Kinds do not mix. */
    int64_t predictor = 0;
    CHECK(mql.predictor_create(model, &predictor) == BC_OK, "predictor_create: %s",
          shim_last_error());
    CHECK(mql.model_num_features(predictor) == BC_E_WRONG_HANDLE_TYPE,
          "a predictor id is not a model: %s", shim_last_error());
    CHECK(mql.predictor_create(predictor, &missing) == BC_E_WRONG_HANDLE_TYPE,
          "predictor from a predictor id refused");
    CHECK(mql.release(predictor) == BC_OK, "release predictor");
    CHECK(mql.predictor_reset(predictor) == BC_E_STALE_HANDLE, "released predictor is stale");
    CHECK(mql.release(model) == BC_OK && mql.release(copy) == BC_OK && mql.release(again) == BC_OK,
          "release models");
    CHECK(mql.model_num_classes(model) == BC_E_STALE_HANDLE, "released model is stale");
}

/* Compares two CSV texts cell by cell (cells split at ';', ',' and line
 * ends): equal text, or numbers within the returned largest difference
 * (1.0 for a cell that differs otherwise or a different cell count). */
static double compare_csv(char *a, char *b, int *cells)
{
    double worst = 0.0;
    char *sa = NULL, *sb = NULL;
    char *ta = strtok_r(a, ";,\r\n", &sa), *tb = strtok_r(b, ";,\r\n", &sb);
    for (; ta && tb; ta = strtok_r(NULL, ";,\r\n", &sa), tb = strtok_r(NULL, ";,\r\n", &sb)) {
        (*cells)++;
        if (strcmp(ta, tb) == 0)
            continue;
        char *ea, *eb;
        double va = strtod(ta, &ea), vb = strtod(tb, &eb);
        if (*ea || *eb || ea == ta || eb == tb)
            return 1.0;
        worst = fmax(worst, fabs(va - vb));
    }
    return ta || tb ? 1.0 : worst;
}

struct bar {
    long long time;
    double ohlcv[5];
    long long decision, direction;
    double p_act, threshold, probs[4], features[16];
};

/* The EA's loop on the DLL: the position is the EA's own (auto_position
 * 0), reported before every bar from the fills it made; the Linux reference
 * let the predictor track it. Same decisions, same numbers. */
static void test_predictor_matches_linux(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    static char line[1 << 16];
    int n = 0, F = 0, C = 0, M = 0, rows = 0;
    struct bar *bars = NULL;
    double *x = NULL, *w = NULL, *after = NULL, lr = 0, l2 = 0;
    int32_t *y = NULL;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        if (sscanf(line, "clone %d %d %d %d", &n, &F, &C, &M) == 4) {
            bars = calloc((size_t)n, sizeof *bars);
        } else if (strncmp(line, "bar ", 4) == 0 && bars && rows < n && C == 4 && M <= 16) {
            struct bar *b = &bars[rows++];
            p += 4;
            long long t[2];
            int ok = read_ints(&p, &b->time, 1) && read_doubles(&p, b->ohlcv, 5) &&
                     read_ints(&p, t, 2) && read_doubles(&p, &b->p_act, 1) &&
                     read_doubles(&p, &b->threshold, 1) && read_doubles(&p, b->probs, C) &&
                     read_doubles(&p, b->features, M);
            b->decision = t[0];
            b->direction = t[1];
            CHECK(ok, "bar line %d parses", rows);
        } else if (sscanf(line, "online %*d %lf %lf", &lr, &l2) == 2 && F > 0) {
            x = malloc(sizeof *x * 40 * (size_t)F);
            w = malloc(sizeof *w * 40);
            y = malloc(sizeof *y * 40);
            p = strchr(line, ' ');
            p = strchr(p + 1, ' ');
            p = strchr(p + 1, ' ');
            p = strchr(p + 1, ' ');
            long long labels[40];
            int ok = read_doubles(&p, x, 40 * F) && read_ints(&p, labels, 40) &&
                     read_doubles(&p, w, 40);
            for (int i = 0; i < 40; i++)
                y[i] = (int32_t)labels[i];
            CHECK(ok, "online line parses");
        } else if (strncmp(line, "after ", 6) == 0 && C > 0) {
            after = malloc(sizeof *after * 40 * (size_t)C);
            p += 5;
            CHECK(read_doubles(&p, after, 40 * C), "after line parses");
        }
    }
    fclose(f);
    CHECK(n > 1000 && rows == n && F == 10 && C == 4 && M == 5,
          "reference has the clone run: %d of %d bars, %d inputs", rows, n, F);
    if (!bars || rows != n || !x || !after) {
        free(bars);
        return;
    }

    int64_t model = 0, predictor = 0, features = 0;
    CHECK(mql.model_load(L"reference_model.bcm", &model) == BC_OK, "load: %s", shim_last_error());
    CHECK(mql.predictor_create(model, &predictor) == BC_OK, "predictor: %s", shim_last_error());
    /* The model id may go first: the predictor keeps the model alive. */
    CHECK(mql.release(model) == BC_OK, "release the model id under a live predictor");
    remove("dll_decisions.csv");
    CHECK(mql.predictor_set(predictor, L"auto_position", L"0") == BC_OK &&
              mql.predictor_set(predictor, L"uncertainty_margin", L"0.1") == BC_OK &&
              mql.predictor_set(predictor, L"model_version", L"reference") == BC_OK &&
              mql.predictor_set(predictor, L"decision_log", L"dll_decisions.csv") == BC_OK,
          "predictor options: %s", shim_last_error());
    CHECK(mql.predictor_set(predictor, L"treshold", L"0.5") == BC_E_UNKNOWN_KEY &&
              strstr(shim_last_error(), "'treshold'") != NULL,
          "misspelt key named: %s", shim_last_error());
    CHECK(mql.predictor_set(predictor, L"threshold", L"1.5") == BC_E_INVALID_ARGUMENT,
          "threshold 1.5 refused");
    CHECK(mql.features_create(L"ema(12),ema(26),cross(ema(12),ema(26)),rsi(14),ret(1)",
                              &features) == BC_OK && mql.features_count(features) == M,
          "features: %s", shim_last_error());
    uint16_t name[64];
    CHECK(mql.features_name(features, 2, name, 64) > 0 &&
              strcmp(narrow(name), "cross(ema(12),ema(26))") == 0,
          "feature column 2 is '%s'", narrow(name));

    int direction = 0, entry_bar = 0, decisions_equal = 1, positions_equal = 1, trades = 0;
    int probs_identical = 1, features_identical = 1, act_identical = 1, rc_ok = 1;
    double entry_price = 0, worst_probs = 0, worst_features = 0, worst_act = 0;
    for (int i = 0; i < n; i++) {
        const struct bar *b = &bars[i];
        rc_ok &= mql.predictor_set_position(predictor, direction, direction ? i - entry_bar : 0,
                                            direction ? entry_price : 0.0) == BC_OK;
        double probs[4], feats[16], p_act = 0, thr = 0;
        int32_t decision = -1;
        rc_ok &= mql.predictor_update(predictor, b->time, b->ohlcv[0], b->ohlcv[1], b->ohlcv[2],
                                      b->ohlcv[3], b->ohlcv[4], probs, 4, &decision) == BC_OK;
        rc_ok &= mql.predictor_last(predictor, &p_act, &thr) == BC_OK;
        rc_ok &= mql.features_update(features, b->time, b->ohlcv[0], b->ohlcv[1], b->ohlcv[2],
                                     b->ohlcv[3], b->ohlcv[4], feats, 16) >= 0;
        decisions_equal &= decision == b->decision;
        worst_probs = fmax(worst_probs, max_diff(probs, b->probs, C, &probs_identical));
        worst_act = fmax(worst_act, max_diff(&p_act, &b->p_act, 1, &act_identical));
        worst_act = fmax(worst_act, max_diff(&thr, &b->threshold, 1, &act_identical));
        worst_features = fmax(worst_features, max_diff(feats, b->features, M, &features_identical));
        /* Fill at the close, as the reference assumed. */
        int target = decision == BC_DECISION_BUY ? 1 : decision == BC_DECISION_SELL ? -1
                     : decision == BC_DECISION_CLOSE ? 0 : direction;
        if (target != direction) {
            direction = target;
            entry_bar = i;
            entry_price = b->ohlcv[3];
            trades++;
        }
        positions_equal &= direction == b->direction;
    }
    CHECK(rc_ok, "every predictor call succeeded: %s", shim_last_error());
    CHECK(decisions_equal && positions_equal, "%d decisions and positions equal Linux's", n);
    CHECK(trades > 20, "the clone trades: %d position changes", trades);
    /* Same code path, different libm: exp() in the softmax and the Platt
     * calibration comes from msvcrt/mingw-w64 here and glibc on Linux; they
     * differ in the last bit (glibc's is within 0.51 ulp, mingw-w64's
     * evaluates in x87). Everything else (features, decisions, positions)
     * is bit-identical. */
    CHECK(worst_probs <= 1e-12 && worst_act <= 1e-12,
          "probabilities, P(act) and thresholds within 1e-12 of Linux (max diff %.3g, %.3g)",
          worst_probs, worst_act);
    CHECK(features_identical, "features bit-identical to Linux (max diff %.3g)", worst_features);
    printf("dll harness: %d bars, %d trades; max |diff| probs %.3g, P(act) %.3g, features %.3g\n",
           n, trades, worst_probs, worst_act, worst_features);

    int32_t dir = 9, held = -1;
    double price = 0;
    CHECK(mql.predictor_position(predictor, &dir, &held, &price) == BC_OK && dir == direction,
          "position read back");
    int32_t decision = 0;
    double probs[4];
    CHECK(mql.predictor_update(predictor, bars[n - 1].time, 1, 1, 1, 1, 1, probs, 4, &decision) ==
              BC_E_INVALID_ARGUMENT,
          "a bar that is not newer is refused: %s", shim_last_error());
    CHECK(mql.predictor_update(predictor, bars[n - 1].time + 86400, 1, 1, 1, 1, 1, probs, 3,
                               &decision) == BC_E_BUFFER_TOO_SMALL,
          "3 probs for 4 classes refused");
    {
        const double emb[2] = {0.5, -0.5};
        CHECK(mql.predictor_set_symbol_embedding(predictor, emb, 2) == BC_OK,
              "predictor_set_symbol_embedding on a model without sym_emb columns is a no-op");
        CHECK(mql.predictor_set_symbol_embedding(predictor, NULL, 3) == BC_E_INVALID_ARGUMENT,
              "predictor_set_symbol_embedding refuses NULL values");
        CHECK(mql.predictor_set_symbol_embedding(predictor, emb, 999) == BC_E_INVALID_ARGUMENT,
              "predictor_set_symbol_embedding refuses n outside 0..256");
    }
    CHECK(mql.predictor_set_position(predictor, 2, 0, 1.0) == BC_E_INVALID_ARGUMENT,
          "direction 2 refused");
    CHECK(mql.predictor_reset(predictor) == BC_OK &&
              mql.predictor_observe(predictor, bars[0].time, 1, 1, 1, 1, 1) == BC_OK,
          "reset and observe");
    CHECK(mql.release(predictor) == BC_OK, "release the predictor (and with it the model)");
    CHECK(mql.release(features) == BC_OK, "release features");

    long a_size = 0, b_size = 0;
    char *a = read_whole("reference_decisions.csv", &a_size), *d = read_whole("dll_decisions.csv", &b_size);
    int cells = 0;
    double worst_log = a && d && a_size > 1000 ? compare_csv(a, d, &cells) : 1.0;
    CHECK(worst_log <= 1e-12 && cells > 10000,
          "decisions.csv written by the DLL equals Linux's: %d cells, text equal, numbers within "
          "1e-12 (max diff %.3g)",
          cells, worst_log);
    free(a);
    free(d);

    /* Online update through the shim equals bc_model_update on Linux. */
    int64_t learner = 0;
    CHECK(mql.model_load(L"reference_model.bcm", &learner) == BC_OK, "load for update");
    CHECK(mql.model_update(learner, x, 40 * F, y, 40, w, 40, F, lr, l2) == BC_OK,
          "model_update: %s", shim_last_error());
    int updated_identical = 1;
    double worst_update = 0;
    for (int r = 0; r < 40; r++) {
        double pr[4];
        CHECK(mql.model_predict(learner, x + r * F, F, pr, 4) == BC_OK, "predict row %d", r);
        worst_update = fmax(worst_update, max_diff(pr, after + r * C, C, &updated_identical));
    }
    /* exp() in the gradient and the softmax: the same 1e-12 rule. */
    CHECK(worst_update <= 1e-12, "predictions after the online update within 1e-12 (max diff %.3g)",
          worst_update);
    printf("dll harness: online update: predictions %s (max |diff| %.3g)\n",
           updated_identical ? "bit-identical" : "within 1e-12", worst_update);
    y[3] = 4;
    CHECK(mql.model_update(learner, x, 40 * F, y, 40, w, 40, F, lr, l2) == BC_E_INVALID_ARGUMENT &&
              strstr(shim_last_error(), "row 3 has label 4") != NULL,
          "label 4 refused: %s", shim_last_error());
    y[3] = 3;
    CHECK(mql.model_update(learner, x, 40 * F - 1, y, 40, w, 0, F, lr, l2) == BC_E_SHAPE,
          "x one value short refused: %s", shim_last_error());
    CHECK(mql.model_update(learner, x, 40 * F, y, 40, w, 39, F, lr, l2) == BC_E_SHAPE,
          "39 weights for 40 rows refused");
    CHECK(mql.model_update(learner, x, 40 * F, y, 40, w, 0, F, -1.0, l2) == BC_E_INVALID_ARGUMENT,
          "negative learning rate refused");
    CHECK(mql.release(learner) == BC_OK, "release learner");
    free(bars);
    free(x);
    free(w);
    free(y);
    free(after);
}

/* An EA's online update from its own stream: the reference clone's rows
 * from the bars it saw and the bot's events as flat arrays
 * (bc_mql_model_event_rows) equal Linux's bc_model_event_rows - labels,
 * times, last_event_id exactly, features and decay weights within 1e-12 -
 * then the bookmark moves and the update's step runs on them. */
static void test_event_rows_match_linux(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    static char line[1 << 16];
    int n = 0, F = 10, nb = 0, ne = 0, rows = 0, n_ref = -1;
    long long after = 0, last_ref = 0;
    int64_t *bt = NULL, *eid = NULL, *etime = NULL, *eticket = NULL, *t_ref = NULL;
    double *o = NULL, *h = NULL, *l = NULL, *c = NULL, *v = NULL, *x_ref = NULL, *w_ref = NULL;
    int32_t *act = NULL, *otype = NULL, *y_ref = NULL;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        int used = 0;
        if (sscanf(line, "clone %d %d", &n, &F) == 2) {
            bt = calloc((size_t)n, sizeof *bt);
            o = calloc((size_t)n * 5, sizeof *o);
            h = o + n, l = h + n, c = l + n, v = c + n;
        } else if (strncmp(line, "bar ", 4) == 0 && bt && nb < n) {
            p += 4;
            long long tt;
            double b[5];
            CHECK(read_ints(&p, &tt, 1) && read_doubles(&p, b, 5), "bar parses");
            bt[nb] = tt, o[nb] = b[0], h[nb] = b[1], l[nb] = b[2], c[nb] = b[3], v[nb] = b[4];
            nb++;
        } else if (sscanf(line, "events %d%n", &ne, &used) == 1) {
            p += used;
            eid = calloc((size_t)ne * 3 + 1, sizeof *eid);
            etime = eid + ne, eticket = etime + ne;
            act = calloc((size_t)ne * 2 + 1, sizeof *act);
            otype = act + ne;
            for (int i = 0; i < ne; i++) {
                long long e[5];
                CHECK(read_ints(&p, e, 5), "event %d parses", i);
                eid[i] = e[0], etime[i] = e[1], eticket[i] = e[2];
                act[i] = (int32_t)e[3], otype[i] = (int32_t)e[4];
            }
        } else if (sscanf(line, "event_rows %lld %d %lld", &after, &n_ref, &last_ref) == 3) {
            x_ref = calloc((size_t)n_ref * F + 1, sizeof *x_ref);
            w_ref = calloc((size_t)n_ref + 1, sizeof *w_ref);
            y_ref = calloc((size_t)n_ref + 1, sizeof *y_ref);
            t_ref = calloc((size_t)n_ref + 1, sizeof *t_ref);
        } else if (strncmp(line, "erow ", 5) == 0 && x_ref && rows < n_ref) {
            p += 5;
            long long yt[2];
            CHECK(read_ints(&p, yt, 2) && read_doubles(&p, &w_ref[rows], 1) &&
                      read_doubles(&p, x_ref + (size_t)rows * F, F),
                  "erow %d parses", rows);
            y_ref[rows] = (int32_t)yt[0], t_ref[rows] = yt[1];
            rows++;
        }
    }
    fclose(f);
    CHECK(nb == n && n > 1000 && ne > 20 && n_ref > 10 && rows == n_ref,
          "reference has the event rows case: %d bars, %d events, %d of %d rows", nb, ne, rows,
          n_ref);
    if (!(nb == n && n > 1000 && ne > 20 && n_ref > 10 && rows == n_ref))
        goto done;
    int64_t model = 0;
    CHECK(mql.model_load(L"reference_model.bcm", &model) == BC_OK, "load: %s", shim_last_error());
    int64_t bookmark = mql.model_last_event_id(model);
    CHECK(bookmark >= -1, "model_last_event_id %lld", (long long)bookmark);
    int32_t got = -1;
    int64_t last = 0;
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, 30.0, NULL, 0, NULL, NULL, NULL, 0, &got, &last) == BC_OK &&
              got == n_ref && last == last_ref,
          "event_rows count: %d rows (Linux %d), last_event_id %lld (%lld): %s", got, n_ref,
          (long long)last, last_ref, shim_last_error());
    double *x = calloc((size_t)n_ref * F, sizeof *x), *w = calloc((size_t)n_ref, sizeof *w);
    int32_t *y = calloc((size_t)n_ref, sizeof *y);
    int64_t *t = calloc((size_t)n_ref, sizeof *t);
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, 30.0, x, n_ref * F, y, w, t, n_ref, &got, &last) == BC_OK,
          "event_rows: %s", shim_last_error());
    int same_labels = 1, identical = 1;
    for (int k = 0; k < n_ref; k++)
        same_labels &= y[k] == y_ref[k] && t[k] == t_ref[k];
    CHECK(same_labels, "labels and times equal Linux's");
    double worst_x = max_diff(x, x_ref, n_ref * F, &identical);
    double worst_w = max_diff(w, w_ref, n_ref, &identical);
    CHECK(worst_x <= 1e-12 && worst_w <= 1e-12,
          "features within 1e-12 (max diff %.3g), decay weights (%.3g)", worst_x, worst_w);
    printf("dll harness: event rows: %d rows, %s (max |diff| %.3g features, %.3g weights)\n",
           n_ref, identical ? "bit-identical" : "within 1e-12", worst_x, worst_w);
    /* The EA's update: a step on those rows, then the bookmark moves. */
    CHECK(mql.model_update(model, x, n_ref * F, y, n_ref, w, n_ref, F, 0.05, 0.001) == BC_OK,
          "update on the event rows: %s", shim_last_error());
    CHECK(mql.model_set_last_event_id(model, last) == BC_OK &&
              mql.model_last_event_id(model) == last,
          "bookmark moved to %lld", (long long)last);
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               last, 30.0, NULL, 0, NULL, NULL, NULL, 0, &got, &last) ==
                  BC_E_NO_DATA &&
              got == 0,
          "nothing after the bookmark: BC_E_NO_DATA: %s", shim_last_error());
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, 30.0, x, n_ref * F, y, w, t, n_ref - 1, &got, &last) ==
              BC_E_BUFFER_TOO_SMALL,
          "capacity one row short: BC_E_BUFFER_TOO_SMALL");
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, 30.0, x, n_ref * F - 1, y, w, t, n_ref, &got, &last) ==
              BC_E_SHAPE,
          "x one value short: BC_E_SHAPE");
    int32_t saved = act[3];
    act[3] = 7;
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, 30.0, NULL, 0, NULL, NULL, NULL, 0, &got, &last) ==
                  BC_E_INVALID_ARGUMENT &&
              strstr(shim_last_error(), "event 3 has action 7") != NULL,
          "action 7 refused: %s", shim_last_error());
    act[3] = saved;
    CHECK(mql.model_event_rows(model, bt, o, h, l, c, v, n, eid, etime, eticket, act, otype, ne,
                               after, -1.0, NULL, 0, NULL, NULL, NULL, 0, &got, &last) ==
              BC_E_INVALID_ARGUMENT,
          "negative half-life refused: %s", shim_last_error());
    CHECK(mql.model_set_last_event_id(model, -2) == BC_E_INVALID_ARGUMENT,
          "bookmark below -1 refused");
    CHECK(mql.release(model) == BC_OK, "release the model");
    CHECK(mql.model_last_event_id(model) == BC_E_STALE_HANDLE,
          "a released id's last_event_id is its status");
    free(x);
    free(w);
    free(y);
    free(t);
done:
    free(bt);
    free(o);
    free(eid);
    free(act);
    free(x_ref);
    free(w_ref);
    free(y_ref);
    free(t_ref);
}

/* The file `botcopier clone` writes by default (cli_clone\model.bcm,
 * made by scripts/check-dll.sh) loads in the DLL, knows its bars as Linux
 * does, and predicts what Linux predicts; the EA's time zone inputs parse. */
static void test_cli_clone_loads(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    static char line[1 << 16];
    int F = 0, C = 0, found = 0;
    long long bar_seconds = -1;
    char symbol[64] = "", zone[16] = "";
    double stops[2], x[8 * 256], probs[8 * 8];
    while (fgets(line, sizeof line, f)) {
        int used = 0;
        if (sscanf(line, "cli_clone %d %d %lld %63s %15s%n", &F, &C, &bar_seconds, symbol, zone,
                   &used) == 5 && F > 0 && F <= 256 && C > 0 && C <= 8) {
            char *p = line + used;
            found = read_doubles(&p, stops, 2) && read_doubles(&p, x, 8 * F) &&
                    read_doubles(&p, probs, 8 * C);
        }
    }
    fclose(f);
    CHECK(found, "reference has the CLI clone line");
    if (!found)
        return;
    int64_t model = 0;
    int32_t rc = mql.model_load(L"cli_clone\\model.bcm", &model);
    CHECK(rc == BC_OK && model > 0, "the CLI's default model.bcm loads in the DLL: status %d: %s",
          (int)rc, shim_last_error());
    if (model <= 0)
        return;
    uint16_t buf[64];
    CHECK(mql.model_symbol(model, buf, 64) == (int32_t)strlen(symbol) &&
              strcmp(narrow(buf), symbol) == 0,
          "symbol '%s' as on Linux ('%s')", narrow(buf), symbol);
    CHECK(mql.model_time_zone(model, buf, 64) == (int32_t)strlen(zone) && strcmp(narrow(buf), zone) == 0,
          "time zone '%s' as on Linux ('%s')", narrow(buf), zone);
    CHECK(mql.model_bar_seconds(model) == bar_seconds && bar_seconds == 3600,
          "bar period %d s (Linux %lld)", (int)mql.model_bar_seconds(model), bar_seconds);
    double sl = -1, tp = -1;
    CHECK(mql.model_stops(model, &sl, &tp) == BC_OK && sl == stops[0] && tp == stops[1] && sl > 0,
          "stops %.17g / %.17g as on Linux", sl, tp);
    double worst = 0;
    int identical = 1;
    for (int r = 0; r < 8; r++) {
        double p[8];
        CHECK(mql.model_predict(model, x + r * F, F, p, C) == BC_OK, "predict row %d: %s", r,
              shim_last_error());
        worst = fmax(worst, max_diff(p, probs + r * C, C, &identical));
    }
    CHECK(worst <= 1e-12, "probabilities within 1e-12 of Linux (max diff %.3g)", worst);
    /* The text-out rule with a buffer too small: the length comes back,
     * nothing is written past the capacity. */
    uint16_t small[4] = {0x7777, 0x7777, 0x7777, 0x7777};
    CHECK(mql.model_symbol(model, small, 3) == (int32_t)strlen(symbol) && small[2] == 0 &&
              small[3] == 0x7777,
          "a 3-unit buffer gets 2 units and the NUL, the 4th untouched");
    CHECK(mql.release(model) == BC_OK, "release the CLI clone");
    int32_t minutes = 0, server = 0;
    CHECK(mql.time_zone_parse(L"UTC+03:00", &minutes, &server) == BC_OK && minutes == 180 &&
              server == 0,
          "UTC+03:00 parses to 180 minutes");
    CHECK(mql.time_zone_parse(L"server", &minutes, &server) == BC_OK && server == 1,
          "server parses");
    CHECK(mql.time_zone_parse(L"EEST", &minutes, &server) == BC_E_INVALID_ARGUMENT &&
              strstr(shim_last_error(), "EEST") != NULL,
          "EEST refused, naming it: %s", shim_last_error());
    printf("dll harness: botcopier clone's default model.bcm: %s %s %lld s, %d inputs, "
           "probabilities max |diff| %.3g\n", symbol, zone, bar_seconds, F, worst);
}

/* ---- monitoring: the same case as tests/win/reference.c ----------------- */

static void test_monitor_matches_linux(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    static char line[16384];
    int found = 0;
    double want[3 + 16];
    long long want_counts[11];
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line + strlen("monitor");
        if (strncmp(line, "monitor ", 8) == 0)
            found = read_doubles(&p, want, 3 + 16) && read_ints(&p, want_counts, 11);
    }
    fclose(f);
    CHECK(found, "reference has the monitor line");
    if (!found)
        return;
    static double ref[MONITOR_REF], live[MONITOR_LIVE], stream[MONITOR_STREAM];
    static double close[MONITOR_BARS];
    static int64_t t[MONITOR_BARS];
    monitor_inputs(draw, ref, live, stream, t, close);
    double psi = 0, ks = 0, pv = 0, ph[8], cu[8];
    CHECK(mql.drift_psi(ref, MONITOR_REF, live, MONITOR_LIVE, 10, &psi) == BC_OK, "psi runs");
    CHECK(mql.drift_ks(ref, MONITOR_REF, live, MONITOR_LIVE, &ks, &pv) == BC_OK, "ks runs");
    /* log/exp of two C libraries may differ in the last bit: 1e-12. */
    CHECK(fabs(psi - want[0]) <= 1e-12 * fabs(want[0]), "PSI %.17g, Linux %.17g", psi, want[0]);
    CHECK(ks == want[1], "KS %.17g, Linux %.17g", ks, want[1]);
    CHECK(fabs(pv - want[2]) <= 1e-12 * fabs(want[2]), "KS p %.17g, Linux %.17g", pv, want[2]);
    int64_t a = 0, b = 0, q = 0;
    int32_t alarm = 0;
    CHECK(mql.detector_create(BC_DETECTOR_PAGE_HINKLEY, &a) == BC_OK &&
              mql.detector_set(a, L"threshold", 5) == BC_OK &&
              mql.detector_create(BC_DETECTOR_CUSUM, &b) == BC_OK &&
              mql.quality_create(3600, &q) == BC_OK,
          "monitor ids: %s", shim_last_error());
    for (int i = 0; i < MONITOR_STREAM; i++) {
        mql.detector_update(a, stream[i], &alarm);
        mql.detector_update(b, stream[i], &alarm);
    }
    int32_t flags;
    for (int i = 0; i < MONITOR_BARS; i++)
        mql.quality_update(q, t[i], close[i], close[i], close[i], close[i], 1, &flags);
    mql.detector_state(a, ph, 8);
    mql.detector_state(b, cu, 8);
    int64_t counts[11];
    mql.quality_counts(q, counts, 11);
    int same = 1;
    for (int i = 0; i < 8; i++) {
        same &= isnan(want[3 + i]) ? isnan(ph[i]) : fabs(ph[i] - want[3 + i]) <= 1e-12 * fabs(want[3 + i]);
        same &= isnan(want[11 + i]) ? isnan(cu[i]) : fabs(cu[i] - want[11 + i]) <= 1e-12 * fabs(want[11 + i]);
    }
    CHECK(same, "Page-Hinkley and CUSUM states equal Linux's (alarms %g, %g)", ph[5], cu[5]);
    CHECK(ph[5] >= 1 && cu[5] >= 1, "both detectors saw the step");
    int same_counts = 1;
    for (int i = 0; i < 11; i++)
        same_counts &= counts[i] == want_counts[i];
    CHECK(same_counts, "quality counts equal Linux's (gaps %lld, missing %lld, stale %lld)",
          (long long)counts[2], (long long)counts[1], (long long)counts[5]);
    CHECK(counts[1] == 1 && counts[2] == 1 && counts[3] == 2 && counts[5] == 4 && counts[4] >= 1,
          "the crafted NaN, gap, stale run and jump are found");
    mql.release(a);
    mql.release(b);
    mql.release(q);
    printf("dll harness: monitor PSI %.6f, KS %.6f, alarms PH %g CUSUM %g, quality counts equal\n",
           psi, ks, ph[5], cu[5]);
}

/* ---- a trained recurrent policy: the same case as tests/win/reference.c -- */

/* reference_policy.bcp loads as a model id, steps through a policy id with
 * the state carried and reset where Linux reset it, and gives Linux's
 * actions, values and probabilities bit for bit. */
static void test_policy_matches_linux(const char *reference)
{
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    int64_t model = 0, policy = 0;
    int32_t rc = mql.model_load(L"reference_policy.bcp", &model);
    CHECK(rc == BC_OK && model > 0, "reference_policy.bcp loads as a model: status %d: %s",
          (int)rc, shim_last_error());
    if (model > 0) {
        rc = mql.policy_create(model, &policy);
        CHECK(rc == BC_OK && policy > 0, "policy id from the model: %s", shim_last_error());
        CHECK(mql.model_predict(model, (double[64]){0}, mql.model_num_features(model),
                                (double[64]){0}, 64) == BC_E_UNSUPPORTED,
              "a policy model refuses row-by-row predict");
        CHECK(mql.release(model) == BC_OK, "the model id goes first");
    }
    int64_t clone = 0;
    if (mql.model_load(L"reference_model.bcm", &clone) == BC_OK) {
        int64_t wrong = 0;
        CHECK(mql.policy_create(clone, &wrong) == BC_E_UNSUPPORTED && wrong == 0,
              "a clone is not a policy: %s", shim_last_error());
        mql.release(clone);
    }
    static char line[1 << 16];
    int D = 0, A = 0, T = 0, steps = 0, same = 0;
    double worst = 0;
    while (policy > 0 && fgets(line, sizeof line, f)) {
        int used = 0, t = 0, start = 0, action = 0;
        if (sscanf(line, "policy %d %d %d", &D, &A, &T) == 3)
            continue;
        if (sscanf(line, "pstep %d %d %d%n", &t, &start, &action, &used) != 3 || D <= 0 ||
            D > 256 || A <= 0 || A > 64)
            continue;
        char *p = line + used;
        double value, probs[64], obs[256];
        if (!read_doubles(&p, &value, 1) || !read_doubles(&p, probs, A) ||
            !read_doubles(&p, obs, D)) {
            CHECK(0, "policy step %d parses", t);
            break;
        }
        if (start)
            CHECK(mql.policy_reset(policy) == BC_OK, "reset at step %d", t);
        double got[64], v = 0;
        int32_t a = -1;
        rc = mql.policy_step(policy, obs, D, got, A, &v, &a);
        CHECK(rc == BC_OK, "policy step %d: %s", t, shim_last_error());
        int identical = memcmp(&v, &value, sizeof v) == 0;
        worst = fmax(worst, max_diff(got, probs, A, &identical));
        worst = fmax(worst, fabs(v - value));
        same += identical && a == action;
        steps++;
    }
    fclose(f);
    CHECK(steps == T && T > 0, "reference has the policy case: %d of %d steps", steps, T);
    CHECK(same == steps, "policy steps bit for bit as on Linux: %d of %d (max |diff| %.3g)",
          same, steps, worst);
    if (policy > 0) {
        double obs[256] = {0}, got[64], v;
        int32_t a;
        CHECK(mql.policy_step(policy, obs, D + 1, got, 64, &v, &a) == BC_E_SHAPE,
              "a row of the wrong width: %s", shim_last_error());
        CHECK(mql.policy_step(policy, obs, D, got, A - 1, &v, &a) == BC_E_BUFFER_TOO_SMALL,
              "probs capacity below the action count");
        CHECK(mql.release(policy) == BC_OK, "release the policy");
    }
    printf("dll harness: recurrent policy, %d steps with resets, %d bit-identical to Linux\n",
           steps, same);
}

/* The wider position layouts (reference.c write_position_clone_cases): the
 * DLL loads each clone, checks it has the columns the case is for, and
 * runs it bar by bar (the position following its decisions): the same
 * decision on every bar; P(act) and probabilities within 1e-12 (exp() in
 * the softmax is the C library's). These clones read hour_sin/hour_cos: a
 * tree split at cos(06:00) = 6.12e-17 once made them differ by 9e-4, when
 * the tables came from msvcrt's cos (6.12303e-17); they are
 * core/exact_sincos.h's now, the same bits on both. The level block needs
 * the model's level rules, which the DLL (no jansson) reads from the
 * metadata by hand (clone/run.c). */
static void test_position_clones_match_linux(const char *reference)
{
    /* flat: the host reports flat before every bar (the two broker sl/tp
     * bots, see tests/win/reference.c), so every entry's decision-log row
     * carries the levels of the model's exit rule: a 3-bar swing stop and a
     * 2R target, and atr(20) multiples, read here by the DLL's own metadata
     * reader. */
    static const struct {
        const char *tag;
        const wchar_t *file, *log;
        const char *must_have[2];
        int flat;
    } cases[] = {
        {"extended", L"reference_extended.bcm", L"dll_extended_decisions.csv",
         {"held_33_up", "close_entry_atr"}, 0},
        {"levels", L"reference_levels.bcm", L"dll_levels_decisions.csv",
         {"sl_close_atr", "tp_close_atr"}, 0},
        {"levels_extended", L"reference_levels_extended.bcm", L"dll_levels_extended_decisions.csv",
         {"held_33_up", "tp_bar_atr"}, 0},
        {"swing", L"reference_swing.bcm", L"dll_swing_decisions.csv",
         {"cross(close,ema(21))", "pos_dir*cross(close,ema(21))"}, 1},
        {"atr20", L"reference_atr20.bcm", L"dll_atr20_decisions.csv",
         {"cross(ema(8),ema(34))", "pos_dir*cross(ema(8),ema(34))"}, 1},
        {"entry_bar", L"reference_entry_bar.bcm", L"dll_entry_bar_decisions.csv",
         {"close_ebar_fav_atr", "close_ebar_adv_atr"}, 0},
    };
    enum { N_CASES = sizeof cases / sizeof cases[0] };
    FILE *f = fopen(reference, "r");
    CHECK(f != NULL, "open %s", reference);
    if (!f)
        return;
    static char line[1 << 16];
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        char tag[32];
        int n = 0, F = 0, C = 0, k = -1;
        if (sscanf(line, "posclone %31s %d %d %d", tag, &n, &F, &C) != 4)
            continue;
        for (int j = 0; j < N_CASES; j++)
            if (strcmp(tag, cases[j].tag) == 0)
                k = j;
        CHECK(k >= 0 && C == 4 && n > 0, "position clone case '%s'", tag);
        if (k < 0 || C != 4)
            break;
        seen++;
        int64_t model = 0, predictor = 0;
        CHECK(mql.model_load(cases[k].file, &model) == BC_OK && mql.model_num_features(model) == F,
              "%s: load: %s", tag, shim_last_error());
        int found[2] = {0, 0};
        for (int j = 0; j < F; j++) {
            uint16_t name[64];
            if (mql.model_feature_name(model, j, name, 64) > 0)
                for (int q = 0; q < 2; q++)
                    found[q] |= strcmp(narrow(name), cases[k].must_have[q]) == 0;
        }
        CHECK(found[0] && found[1], "%s: the clone has %s and %s", tag, cases[k].must_have[0],
              cases[k].must_have[1]);
        char log_name[64], ref_name[64];
        snprintf(log_name, sizeof log_name, "dll_%s_decisions.csv", tag);
        snprintf(ref_name, sizeof ref_name, "reference_%s_decisions.csv", tag);
        remove(log_name);
        CHECK(mql.predictor_create(model, &predictor) == BC_OK &&
                  mql.predictor_set(predictor, L"decision_log", cases[k].log) == BC_OK &&
                  mql.predictor_set(predictor, L"model_version", L"reference") == BC_OK,
              "%s: predictor: %s", tag, shim_last_error());
        int rows = 0, same_decision = 0, identical = 1, trades = 0, rc_ok = 1;
        int same_levels = 0, with_levels = 0, any_rules = 0;
        double worst = 0.0;
        while (rows < n && fgets(line, sizeof line, f)) {
            char *p = line;
            long long t = 0, decision = 0;
            double ohlcv[5], want[5], got[5], want_levels[2], got_levels[2];
            if (strncmp(p, "pbar ", 5) != 0)
                break;
            p += 5;
            CHECK(read_ints(&p, &t, 1) && read_doubles(&p, ohlcv, 5) &&
                      read_ints(&p, &decision, 1) && read_doubles(&p, want, 5) &&
                      read_doubles(&p, want_levels, 2),
                  "%s: bar line %d parses", tag, rows);
            int32_t d = -1;
            double thr = 0.0;
            if (cases[k].flat)
                rc_ok &= mql.predictor_set_position(predictor, 0, 0, 0.0) == BC_OK;
            rc_ok &= mql.predictor_update(predictor, t, ohlcv[0], ohlcv[1], ohlcv[2], ohlcv[3],
                                          ohlcv[4], got + 1, 4, &d) == BC_OK;
            rc_ok &= mql.predictor_last(predictor, &got[0], &thr) == BC_OK;
            /* the levels an EA sends with its order: Linux's bits */
            int32_t rules = -1;
            rc_ok &= mql.predictor_levels(predictor, &got_levels[0], &got_levels[1], &rules) ==
                     BC_OK;
            int same = 1;
            for (int q = 0; q < 2; q++) /* the bits, or NaN both (no level) */
                same &= memcmp(&got_levels[q], &want_levels[q], sizeof got_levels[q]) == 0 ||
                        (isnan(got_levels[q]) && isnan(want_levels[q]));
            same_levels += same;
            with_levels += isfinite(got_levels[0]) || isfinite(got_levels[1]);
            any_rules |= rules;
            same_decision += d == decision;
            trades += d == BC_DECISION_BUY || d == BC_DECISION_SELL;
            worst = fmax(worst, max_diff(got, want, 5, &identical));
            rows++;
        }
        CHECK(rows == n && rc_ok, "%s: %d of %d bars run", tag, rows, n);
        CHECK(same_decision == n && trades > 0, "%s: %d of %d decisions as on Linux (%d entries)",
              tag, same_decision, n, trades);
        CHECK(worst <= 1e-12, "%s: P(act) and probabilities as on Linux (max |diff| %.3g)", tag,
              worst);
        /* the broker sl/tp bots (flat) hold positions with their rules'
         * levels: bc_mql_predictor_levels gives Linux's bits on every bar */
        CHECK(same_levels == n && (!cases[k].flat || (with_levels > 100 && any_rules != 0)),
              "%s: sl/tp levels as on Linux on %d of %d bars (%d bars with a level, rules %d)",
              tag, same_levels, n, with_levels, any_rules);
        printf("dll harness: %s clone (%d inputs), %d bars, %d entries, decisions %s, "
               "probabilities %s (max |diff| %.3g)\n", tag, F, n, trades,
               same_decision == n ? "as on Linux" : "DIFFER",
               identical ? "bit-identical" : "not bit-identical", worst);
        CHECK(mql.release(predictor) == BC_OK && mql.release(model) == BC_OK, "%s: release", tag);
        /* the released predictor has flushed and closed its log */
        long a_size = 0, b_size = 0;
        char *a = read_whole(ref_name, &a_size), *b = read_whole(log_name, &b_size);
        int cells = 0, levels = 0;
        /* entries whose sl_dist (the 7th field) is written, in Linux's log
         * (counted first: compare_csv cuts its texts up) */
        for (const char *q = a ? strchr(a, '\n') : NULL; q && q[1]; q = strchr(q + 1, '\n')) {
            const char *field = q + 1;
            for (int c = 0; c < 6 && field; c++) {
                field = strchr(field, ';');
                field = field ? field + 1 : NULL;
            }
            levels += field && *field != ';' && *field != '\n';
        }
        double worst_log = a && b && a_size > 1000 ? compare_csv(a, b, &cells) : 1.0;
        CHECK(worst_log <= 1e-12 && cells > 1000,
              "%s: decisions.csv written by the DLL equals Linux's: %d cells (max diff %.3g)", tag,
              cells, worst_log);
        CHECK(!cases[k].flat || levels > 100,
              "%s: %d entries in the log carry the exit rule's sl_dist", tag, levels);
        if (cases[k].flat)
            printf("dll harness: %s clone's decision log equals Linux's, %d entries with their "
                   "sl/tp distances\n", tag, levels);
        free(a);
        free(b);
    }
    fclose(f);
    CHECK(seen == N_CASES, "reference has the %d position clone cases (%d)", (int)N_CASES, seen);
}

int main(int argc, char **argv)
{
    HMODULE dll = LoadLibraryW(L"botcopier.dll");
    if (!dll) {
        printf("LoadLibraryW(botcopier.dll) failed: error %lu\n0 passed, 1 failed\n",
               (unsigned long)GetLastError());
        return 1;
    }
    if (load(dll)) {
        int32_t live = mql.live_count();
        test_versions();
        test_last_error_text();
        test_unicode();
        test_ids();
        test_log();
        test_thread_local_error();
        if (argc > 1) {
            test_model_ids(); /* reads reference_model.bcm beside the reference */
            test_matches_linux(argv[1]);
            test_predictor_matches_linux(argv[1]);
            test_event_rows_match_linux(argv[1]);
            test_cli_clone_loads(argv[1]);
            test_position_clones_match_linux(argv[1]);
            test_monitor_matches_linux(argv[1]);
            test_policy_matches_linux(argv[1]);
        }
        else
            CHECK(0, "no reference file given");
        CHECK(mql.live_count() == live, "every id released");
    }
    FreeLibrary(dll);
    printf("harness: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
