package server

import (
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
)

// MySQL's ER_CON_COUNT_ERROR: the answer to a connection past
// max_connections.
const (
	erConCount      = 1040
	erConCountState = "08004"
)

// connLimiter is the listener that enforces max_connections: a connection
// past it is answered with MySQL's 1040 "Too many connections" instead of
// the handshake, and closed (vitess, under GMS, would keep it waiting with
// no answer). The limit is read at each accept, so SET GLOBAL
// max_connections takes effect for the next connection. Unlike MySQL no
// extra connection is kept for SUPER accounts: the limit is applied before
// the client says who it is.
type connLimiter struct {
	net.Listener
	open atomic.Int64
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.open.Add(1) > maxConnections() {
			l.open.Add(-1)
			go refuseConn(c)
			continue
		}
		return &countedConn{Conn: c, l: l}, nil
	}
}

// maxConnections is @@global.max_connections (151 when unreadable).
func maxConnections() int64 {
	if _, v, ok := sql.SystemVariables.GetGlobal("max_connections"); ok {
		if n, ok := v.(int64); ok {
			return n
		}
	}
	return 151
}

// refuseConn writes the 1040 error packet a MySQL server sends in place
// of its handshake, and closes the connection.
func refuseConn(c net.Conn) {
	defer c.Close()
	c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	c.Write(errorPacket(erConCount, erConCountState, "Too many connections"))
}

// errorPacket is a protocol ERR packet with sequence number 0.
func errorPacket(code uint16, state, msg string) []byte {
	payload := make([]byte, 0, 9+len(msg))
	payload = append(payload, 0xff)
	payload = binary.LittleEndian.AppendUint16(payload, code)
	payload = append(payload, '#')
	payload = append(payload, state...)
	payload = append(payload, msg...)
	hdr := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), 0}
	return append(hdr, payload...)
}

// countedConn gives its slot back when closed (once).
type countedConn struct {
	net.Conn
	l    *connLimiter
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	return c.Conn.Close()
}

// CloseRead shuts down the read half, as the TCP connection underneath
// does (graceful shutdown relies on it, see drain.go).
func (c *countedConn) CloseRead() error {
	if hc, ok := c.Conn.(interface{ CloseRead() error }); ok {
		return hc.CloseRead()
	}
	return errors.ErrUnsupported
}
