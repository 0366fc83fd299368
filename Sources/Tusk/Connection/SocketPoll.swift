import CLibPQ

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

/// Waits until `socket` is readable or `deadline` (a `ContinuousClock` instant) has passed;
/// true when readable (or in error: the read that follows reports it), false on timeout.
/// Microsecond timeouts (ppoll), for the short waits of a statement answered inline.
func waitUntilReadable(_ socket: Int32, deadline: ContinuousClock.Instant) -> Bool {
    while true {
        let left = ContinuousClock.now.duration(to: deadline)
        let microseconds = left.components.seconds * 1_000_000 + left.components.attoseconds / 1_000_000_000_000
        if microseconds <= 0 { return false }
        let result = tusk_poll_microseconds(socket, Int16(POLLIN), microseconds)
        if result < 0 && errno == EINTR { continue }
        return result != 0
    }
}
