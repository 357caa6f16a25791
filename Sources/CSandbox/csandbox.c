#define _GNU_SOURCE
#include "csandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <stdlib.h>

// Landlock's ABI, declared here because the distribution's header may predate the kernel.
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_REMOVE_DIR (1ULL << 4)
#define LL_FS_REMOVE_FILE (1ULL << 5)
#define LL_FS_MAKE_CHAR (1ULL << 6)
#define LL_FS_MAKE_DIR (1ULL << 7)
#define LL_FS_MAKE_REG (1ULL << 8)
#define LL_FS_MAKE_SOCK (1ULL << 9)
#define LL_FS_MAKE_FIFO (1ULL << 10)
#define LL_FS_MAKE_BLOCK (1ULL << 11)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct __attribute__((packed)) ll_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
};

int csandbox_landlock_abi(void) {
#ifdef SYS_landlock_create_ruleset
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
#else
    return 0;
#endif
}

static uint64_t fs_rights(int abi) {
    uint64_t rights = (LL_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0 to 12
    if (abi >= 2) rights |= LL_FS_REFER;
    if (abi >= 3) rights |= LL_FS_TRUNCATE;
    if (abi >= 5) rights |= LL_FS_IOCTL_DEV;
    return rights;
}

static int add_path(int ruleset, const char *path, uint64_t access) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : -1;  // a missing system folder is not an error
    struct ll_path_beneath_attr rule = {.allowed_access = access, .parent_fd = fd};
    long status = syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    int saved = errno;
    close(fd);
    errno = saved;
    return status < 0 ? -1 : 0;
}

/// Builds the ruleset in the parent (where allocation and error messages are allowed); the
/// child only calls landlock_restrict_self.
static int make_ruleset(const struct csandbox_options *o, int abi, char *error, size_t error_size) {
    struct ll_ruleset_attr attr = {.handled_access_fs = fs_rights(abi)};
    size_t size = sizeof(uint64_t);
    if (abi >= 4) {
        attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
        size = 2 * sizeof(uint64_t);
    }
    if (abi >= 6) {
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        size = sizeof(attr);
    }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) {
        snprintf(error, error_size, "landlock_create_ruleset: %s", strerror(errno));
        return -1;
    }
    uint64_t all = attr.handled_access_fs;
    uint64_t read = LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR;
    for (int i = 0; i < o->read_count; i++) {
        if (add_path(ruleset, o->read_paths[i], read) < 0) {
            snprintf(error, error_size, "landlock rule for %s: %s", o->read_paths[i], strerror(errno));
            close(ruleset);
            return -1;
        }
    }
    uint64_t write_file = LL_FS_WRITE_FILE | LL_FS_READ_FILE | (abi >= 3 ? LL_FS_TRUNCATE : 0);
    for (int i = 0; i < o->write_count; i++) {
        if (add_path(ruleset, o->write_files[i], write_file) < 0) {
            snprintf(error, error_size, "landlock rule for %s: %s", o->write_files[i], strerror(errno));
            close(ruleset);
            return -1;
        }
    }
    if (o->scratch && add_path(ruleset, o->scratch, all) < 0) {
        snprintf(error, error_size, "landlock rule for %s: %s", o->scratch, strerror(errno));
        close(ruleset);
        return -1;
    }
    return ruleset;
}

static void set_limit(int resource, long long value) {
    if (value <= 0) return;
    struct rlimit limit = {.rlim_cur = (rlim_t)value, .rlim_max = (rlim_t)value};
    setrlimit(resource, &limit);
}

/// Reports a failure between fork and exec through the error pipe, then exits.
static void child_fail(int report, int step) {
    int payload[2] = {step, errno};
    ssize_t ignored = write(report, payload, sizeof(payload));
    (void)ignored;
    _exit(127);
}

static const char *step_names[] = {"dup", "dup2", "chdir", "no_new_privs", "landlock_restrict_self", "execve",
                                   "setpgid"};

int csandbox_spawn(const char *path, char *const argv[], char *const envp[], const int fds[], int fd_count,
                   const struct csandbox_options *o, struct csandbox_result *result, char *error,
                   size_t error_size) {
    memset(result, 0, sizeof(*result));
    int abi = o->landlock ? csandbox_landlock_abi() : 0;
    int ruleset = -1;
    if (abi > 0) {
        ruleset = make_ruleset(o, abi, error, error_size);
        if (ruleset < 0) return -1;
    }
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) {
        snprintf(error, error_size, "pipe: %s", strerror(errno));
        if (ruleset >= 0) close(ruleset);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = -1;
    int in_namespaces = 0;
    if (o->namespaces) {
        // No PID namespace: the runtime's backtracer reads /proc by its own pid, which a PID
        // namespace without its own /proc mount would make another process's.
        long flags = CLONE_NEWNET | SIGCHLD;
        if (geteuid() != 0) flags |= CLONE_NEWUSER;
        pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
        if (pid >= 0) in_namespaces = 1;
    }
    if (pid < 0) pid = fork();
    if (pid < 0) {
        snprintf(error, error_size, "fork: %s", strerror(errno));
        close(report[0]);
        close(report[1]);
        if (ruleset >= 0) close(ruleset);
        return -1;
    }
    if (pid == 0) {
        // The child: async-signal-safe calls only.
        if (o->new_process_group && setpgid(0, 0) < 0 && !in_namespaces) child_fail(report[1], 6);
        if (o->parent_death_signal) {
            prctl(PR_SET_PDEATHSIG, o->parent_death_signal);
            if (!in_namespaces && getppid() != parent) _exit(127);
        }
        // Move the wanted descriptors above every target number, then into place.
        int moved[16];
        int count = fd_count < 16 ? fd_count : 16;
        for (int i = 0; i < count; i++) {
            moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 64);
            if (moved[i] < 0) child_fail(report[1], 0);
        }
        for (int i = 0; i < count; i++) {
            if (dup2(moved[i], i) < 0) child_fail(report[1], 1);
        }
        int keep_report = fcntl(report[1], F_DUPFD_CLOEXEC, 1000);
        int keep_ruleset = ruleset >= 0 ? fcntl(ruleset, F_DUPFD_CLOEXEC, 1001) : -1;
        // Close everything else except the two descriptors still needed, which close on exec.
        for (int fd = count; fd < 1000; fd++) close(fd);
        syscall(SYS_close_range, 1002, ~0U, 0);
        if (o->scratch && chdir(o->scratch) < 0) child_fail(keep_report, 2);
        set_limit(RLIMIT_AS, o->address_space_bytes);
        set_limit(RLIMIT_CPU, o->cpu_seconds);
        set_limit(RLIMIT_FSIZE, o->file_size_bytes);
        set_limit(RLIMIT_NOFILE, o->open_files);
        set_limit(RLIMIT_NPROC, o->processes);
        set_limit(RLIMIT_CORE, 0);
        if (keep_ruleset >= 0) {
            if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) child_fail(keep_report, 3);
            if (syscall(SYS_landlock_restrict_self, keep_ruleset, 0) < 0) child_fail(keep_report, 4);
        }
        execve(path, argv, envp);
        child_fail(keep_report, 5);
    }
    close(report[1]);
    if (ruleset >= 0) close(ruleset);
    int payload[2];
    ssize_t got;
    do {
        got = read(report[0], payload, sizeof(payload));
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof(payload)) {
        int status;
        waitpid(pid, &status, 0);
        int step = payload[0] >= 0 && payload[0] <= 6 ? payload[0] : 5;
        snprintf(error, error_size, "%s: %s", step_names[step], strerror(payload[1]));
        return -1;
    }
    result->pid = pid;
    result->landlock_abi = abi;
    result->namespaces = in_namespaces;
    return 0;
}

void csandbox_kill_tree(pid_t pid, pid_t group, int signal) {
    if (group > 0) kill(-group, signal);
    if (pid > 0) kill(pid, signal);
}

int csandbox_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int csandbox_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int csandbox_kill_children(int signal, pid_t spare) {
    // Orphans of a sandboxed child are reparented to this process (a subreaper): find them by
    // their parent id in /proc and kill them, until none is left.
    int killed = 0;
    pid_t self = getpid();
    for (int round = 0; round < 8; round++) {
        int found = 0;
        DIR *proc = opendir("/proc");
        if (!proc) return killed;
        struct dirent *entry;
        while ((entry = readdir(proc))) {
            pid_t pid = (pid_t)atoi(entry->d_name);
            if (pid <= 0) continue;
            char path[64];
            snprintf(path, sizeof(path), "/proc/%d/stat", pid);
            FILE *file = fopen(path, "r");
            if (!file) continue;
            char line[512];
            size_t length = fread(line, 1, sizeof(line) - 1, file);
            fclose(file);
            line[length] = 0;
            char *close_paren = strrchr(line, ')');
            if (!close_paren) continue;
            char state;
            int parent;
            if (sscanf(close_paren + 2, "%c %d", &state, &parent) != 2 || parent != self) continue;
            if (state == 'Z') {
                waitpid(pid, NULL, WNOHANG);
                continue;
            }
            if (pid == spare) continue;
            kill(pid, signal);
            waitpid(pid, NULL, 0);
            found++;
            killed++;
        }
        closedir(proc);
        if (!found) break;
    }
    return killed;
}

int csandbox_exec(const char *path, char *const argv[]) {
    execv(path, argv);
    return -1;
}
