#ifndef TUSK_CLIBPQ_SHIM_H
#define TUSK_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <poll.h>
#include <time.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// poll(2) on one socket with a timeout in microseconds: ppoll on Linux (glibc declares it only
/// under _GNU_SOURCE, which a module header cannot set, hence the system call), elsewhere poll
/// with the timeout rounded up to milliseconds. Returns what ppoll/poll return (-1 with errno).
static inline int tusk_poll_microseconds(int socket, short events, long long microseconds) {
    struct pollfd descriptor = { socket, events, 0 };
#ifdef __linux__
    struct timespec timeout = { (time_t)(microseconds / 1000000), (long)((microseconds % 1000000) * 1000) };
    return (int)syscall(SYS_ppoll, &descriptor, 1, &timeout, NULL, (size_t)8);
#else
    return poll(&descriptor, 1, (int)((microseconds + 999) / 1000));
#endif
}
#endif
