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
#include <wchar.h>

#include "botcopier.h" /* constants only; every call goes through the table */

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
        if (argc > 1)
            test_matches_linux(argv[1]);
        else
            CHECK(0, "no reference file given");
        CHECK(mql.live_count() == live, "every id released");
    }
    FreeLibrary(dll);
    printf("dll harness: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
