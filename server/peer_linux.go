package server

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// peerClosed reports whether the peer of the socket has hung up (FIN or
// reset received), whether or not unread data is pending: POLLRDHUP is
// set then, not by data alone.
func peerClosed(rc syscall.RawConn) bool {
	closed := false
	rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLRDHUP}}
		n, err := unix.Poll(fds, 0)
		closed = err == nil && n > 0 && fds[0].Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0
	})
	return closed
}
