/*
 * test_atomic_file.c - the one writer: a temporary file left by a writer
 * that died is removed by the next writer of the same target, while the
 * temporary of a writer still running is left alone.
 */
#include "test_util.h"
#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

START_TEST(stale_temporaries_of_the_same_target_are_removed_live_ones_kept)
{
    char dir[] = "/tmp/bc_atomic_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char target[256], stale[300], live[300], other[300];
    snprintf(target, sizeof target, "%s/out.csv", dir);
    snprintf(stale, sizeof stale, "%s.tmp.abc123", target);
    snprintf(live, sizeof live, "%s.tmp.fedcba", target);
    snprintf(other, sizeof other, "%s/other.csv.tmp.abc123", dir);
    FILE *f = fopen(stale, "w");
    fputs("half a fil", f);
    fclose(f);
    f = fopen(other, "w");
    fclose(f);
    int ready[2];
    ck_assert_int_eq(pipe(ready), 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) { /* a writer still at work on the same target */
        int fd = open(live, O_WRONLY | O_CREAT, 0644);
        if (fd < 0 || flock(fd, LOCK_EX) != 0)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c;
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    ck_assert_ok(bc_atomic_write_file(target, "a,b\n", 4));
    ck_assert(exists(target));
    ck_assert_msg(!exists(stale), "the dead writer's temporary is still there");
    ck_assert_msg(exists(live), "a live writer's temporary was removed");
    ck_assert_msg(exists(other), "another target's temporary was touched");
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(ready[0]);
    close(ready[1]);
    ck_assert_ok(bc_atomic_write_file(target, "a,b\n", 4)); /* now it is stale too */
    ck_assert(!exists(live));
    unlink(target);
    unlink(other);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *suite_atomic_file(void)
{
    Suite *s = suite_create("atomic_file");
    TCase *tc = tcase_create("atomic_file");
    tcase_add_test(tc, stale_temporaries_of_the_same_target_are_removed_live_ones_kept);
    suite_add_tcase(s, tc);
    return s;
}
