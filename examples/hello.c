/*
 * hello.c - the smallest libbotcopier program: check the loaded library is
 * the one compiled against, start the best backend, multiply two matrices.
 * Build: cc hello.c $(pkg-config --cflags --libs botcopier)
 */
#include <botcopier.h>
#include <stdio.h>

int main(void)
{
    if (bc_abi_version() != BC_ABI_VERSION) {
        fprintf(stderr, "libbotcopier ABI %u, compiled for %d\n",
                (unsigned)bc_abi_version(), BC_ABI_VERSION);
        return 1;
    }
    bc_backend *backend = NULL;
    int32_t rc = bc_backend_init("best", &backend);
    if (rc != BC_OK) {
        fprintf(stderr, "backend: %s: %s\n", bc_status_string(rc), bc_last_error());
        return 1;
    }
    const float a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8};
    float c[4] = {0};
    rc = bc_backend_sgemm(backend, 0, 0, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
    if (rc != BC_OK) {
        fprintf(stderr, "sgemm: %s: %s\n", bc_status_string(rc), bc_last_error());
        bc_backend_free(backend);
        return 1;
    }
    printf("libbotcopier %s on %s: [[%g %g] [%g %g]]\n", bc_version_string(),
           bc_backend_kind(backend), c[0], c[1], c[2], c[3]);
    bc_backend_free(backend);
    return c[0] == 19 && c[1] == 22 && c[2] == 43 && c[3] == 50 ? 0 : 1;
}
