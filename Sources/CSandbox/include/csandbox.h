// The few Linux calls the learner sandbox needs, done between fork and exec where only
// async-signal-safe code may run. The Swift wrapper is Grading's `Sandbox`.
#ifndef CSANDBOX_H
#define CSANDBOX_H

#include <stddef.h>
#include <sys/types.h>

/// What to confine a child to. Zero or NULL fields leave that aspect alone.
struct csandbox_options {
    /// The working directory, and with `landlock` the only tree the child may write.
    const char *scratch;
    /// Trees the child may read and execute from when `landlock` is set.
    const char *const *read_paths;
    int read_count;
    /// Files the child may also write (e.g. /dev/null) when `landlock` is set.
    const char *const *write_files;
    int write_count;
    /// Confine the file system (and TCP, signals, abstract sockets where the ABI has them).
    int landlock;
    /// Try a new network namespace (no network).
    int namespaces;
    /// Put the child in a process group of its own.
    int new_process_group;
    /// Signal the child gets when the spawning thread's process dies (0: none).
    int parent_death_signal;
    /// Resource limits; 0 leaves the limit as inherited.
    long long address_space_bytes;
    long long cpu_seconds;
    long long file_size_bytes;
    long long open_files;
    long long processes;
};

/// What the spawn achieved.
struct csandbox_result {
    pid_t pid;
    /// The Landlock ABI applied (0: none, because unavailable or not asked).
    int landlock_abi;
    /// 1 when the child runs in new network and PID namespaces.
    int namespaces;
};

/// The Landlock ABI version of the running kernel, or 0 when it has none.
int csandbox_landlock_abi(void);

/// Starts `path` with `argv` and `envp`; the child's descriptor i is the caller's `fds[i]` for
/// i < `fd_count`, and every other descriptor is closed. Returns 0, or -1 with a message in `error`.
int csandbox_spawn(const char *path, char *const argv[], char *const envp[], const int fds[], int fd_count,
                   const struct csandbox_options *options, struct csandbox_result *result, char *error,
                   size_t error_size);

/// Sends `signal` to the process group `group` and to `pid`; errors are ignored.
void csandbox_kill_tree(pid_t pid, pid_t group, int signal);

/// Makes orphaned descendants of this process its children (PR_SET_CHILD_SUBREAPER).
int csandbox_become_subreaper(void);

/// Kills and reaps every child of this process; returns how many there were.
int csandbox_kill_children(int signal, pid_t spare);

/// Replaces this process with `path` (environment kept); returns -1 with errno set on failure.
int csandbox_exec(const char *path, char *const argv[]);

/// A pipe whose both ends close on exec. Returns 0, or -1 with errno set.
int csandbox_pipe(int fds[2]);

#endif
