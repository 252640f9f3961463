package server

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"
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
// max_connections takes effect for the next connection. As in MySQL one
// connection more is accepted, for an account with SUPER or
// CONNECTION_ADMIN, so an operator can still get in and KILL a runaway:
// it is marked adminOnly, and once its client has said who it is a login
// without either privilege is answered with 1040 (adminSlotRefusal).
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
		n, limit := l.open.Add(1), maxConnections()
		if n > limit+1 {
			l.open.Add(-1)
			go refuseConn(c)
			continue
		}
		return &countedConn{Conn: c, l: l, adminOnly: n > limit}, nil
	}
}

// tooManyConnections is the 1040 error of a connection past the limit.
func tooManyConnections() error {
	return mysql.NewSQLError(erConCount, erConCountState, "Too many connections")
}

// adminSlotRefusal is 1040 when c holds the extra connection (see
// connLimiter) and acct, the account it logged in as, has neither SUPER
// nor CONNECTION_ADMIN; nil otherwise.
func adminSlotRefusal(c net.Conn, acct *mysql_db.User) error {
	if !adminOnly(c) {
		return nil
	}
	if acct != nil && (acct.PrivilegeSet.Has(sql.PrivilegeType_Super) || acct.PrivilegeSet.HasDynamic("connection_admin")) {
		return nil
	}
	// Give the slot back before the client reads the error: it may
	// reconnect at once (as an operator, into this slot), before the
	// server has closed this connection.
	releaseSlot(c)
	return tooManyConnections()
}

// releaseSlot gives back c's slot now (countedConn.Close then does not).
func releaseSlot(c net.Conn) {
	for {
		switch x := c.(type) {
		case *tls.Conn:
			c = x.NetConn()
		case *countedConn:
			x.release()
			return
		default:
			return
		}
	}
}

// adminOnly reports whether c (under its TLS layer, if any) holds the
// extra connection.
func adminOnly(c net.Conn) bool {
	for {
		switch x := c.(type) {
		case *tls.Conn:
			c = x.NetConn()
		case *countedConn:
			return x.adminOnly
		default:
			return false
		}
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
	l         *connLimiter
	adminOnly bool // the extra connection, for SUPER or CONNECTION_ADMIN
	once      sync.Once
}

func (c *countedConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// release gives the connection's slot back (once).
func (c *countedConn) release() { c.once.Do(func() { c.l.open.Add(-1) }) }

// CloseRead shuts down the read half, as the TCP connection underneath
// does (graceful shutdown relies on it, see drain.go).
func (c *countedConn) CloseRead() error {
	if hc, ok := c.Conn.(interface{ CloseRead() error }); ok {
		return hc.CloseRead()
	}
	return errors.ErrUnsupported
}
