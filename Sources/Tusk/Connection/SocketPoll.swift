#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// poll(2) on one socket, from the platform's C library (Glibc, Musl or Darwin); returns >0
/// when ready, 0 on timeout, <0 on error (EINTR retried). Its own file so the platform choice
/// is made in one place.
func pollSocket(_ socket: Int32, read: Bool, write: Bool, timeoutMilliseconds: Int32) -> Int32 {
    var descriptor = pollfd(fd: socket, events: Int16((read ? POLLIN : 0) | (write ? POLLOUT : 0)), revents: 0)
    while true {
        let result = poll(&descriptor, 1, timeoutMilliseconds)
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
