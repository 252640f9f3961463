package server

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"testing"
	"time"
)

// A statement run through a server-side cursor (COM_STMT_EXECUTE with
// CURSOR_TYPE_READ_ONLY, rows by COM_STMT_FETCH — what Connector/J sends
// with useCursorFetch=true, and libmysqlclient with
// STMT_ATTR_CURSOR_TYPE) that fails after its first rows ends the fetch
// that reaches the error with an ERR packet — here 1038, HY001 — after
// the rows it had, and the connection carries on: a new cursor on the
// same connection and a plain query answer. go-sql-driver/mysql opens no
// cursors, so the test speaks the protocol itself (wireClient).
func TestCursorErrorMidResult(t *testing.T) {
	s := startMemServerWith(t, newMemMeta(), "", &failFn{})
	c := dialWire(t, s.Addr().String(), "root", "mydb")
	// Every row the statement produced comes before the error
	// (rowflush.go): exactly k.
	tests := []struct {
		n, k      int
		wantErr   uint16
		wantState string
	}{
		{100000, 2500, 1038, "HY001"}, // after a few fetches
		{100000, 1000, 1038, "HY001"},
		{100000, 5, 1038, "HY001"}, // within the first batch
		// Before its fields: the execute's answer is the error.
		{100000, 0, 1038, "HY001"},
		{3000, 3000, 0, ""}, // no error: every row, then the last-row flag
	}
	for _, tc := range tests {
		stmt := c.prepare(fmt.Sprintf("SELECT x FROM failing(%d, %d)", tc.n, tc.k))
		if errNum, state := c.executeCursorErr(stmt); errNum != 0 {
			if errNum != tc.wantErr || state != tc.wantState {
				t.Errorf("failing(%d, %d) by cursor: execute answered %d (%s), want %d (%s)",
					tc.n, tc.k, errNum, state, tc.wantErr, tc.wantState)
			}
			c.closeStmt(stmt)
			if got := c.queryOne("SELECT 41 + 1"); got != "42" {
				t.Fatalf("after failing(%d, %d): SELECT 41 + 1 = %q", tc.n, tc.k, got)
			}
			continue
		}
		rows, errNum, state := c.fetchAll(stmt, 1000)
		want := tc.n
		if tc.wantErr != 0 {
			want = tc.k
		}
		if rows != want || errNum != tc.wantErr || state != tc.wantState {
			t.Errorf("failing(%d, %d) by cursor: %d rows then error %d (%s); want %d rows then %d (%s)",
				tc.n, tc.k, rows, errNum, state, want, tc.wantErr, tc.wantState)
		}
		c.closeStmt(stmt)
		if got := c.queryOne("SELECT 41 + 1"); got != "42" {
			t.Fatalf("after failing(%d, %d): SELECT 41 + 1 = %q", tc.n, tc.k, got)
		}
	}
	// a cursor closed before its error is reached leaves nothing behind
	stmt := c.prepare("SELECT x FROM failing(100000, 5000)")
	if errNum := c.executeCursor(stmt); errNum != 0 {
		t.Fatalf("execute: error %d", errNum)
	}
	if rows, errNum, _ := c.fetchSome(stmt, 1000); rows != 1000 || errNum != 0 {
		t.Fatalf("first fetch: %d rows, error %d", rows, errNum)
	}
	c.closeStmt(stmt)
	stmt = c.prepare("SELECT x FROM failing(1500, 1500)")
	if errNum := c.executeCursor(stmt); errNum != 0 {
		t.Fatalf("execute: error %d", errNum)
	}
	if rows, errNum, _ := c.fetchAll(stmt, 1000); rows != 1500 || errNum != 0 {
		t.Fatalf("a new cursor after a closed one: %d rows, error %d", rows, errNum)
	}
}

// wireClient speaks just enough of the MySQL client/server protocol
// (protocol 4.1, classic EOF packets, no TLS, an empty password) to run
// prepared statements through a server-side cursor.
type wireClient struct {
	t    testing.TB
	conn net.Conn
	r    *bufio.Reader
	seq  byte
}

const (
	capLongPassword   = 0x1
	capConnectWithDB  = 0x8
	capProtocol41     = 0x200
	capTransactions   = 0x2000
	capSecureConn     = 0x8000
	capPluginAuth     = 0x80000
	statusLastRowSent = 0x80
)

func dialWire(t testing.TB, addr, user, db string) *wireClient {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	c := &wireClient{t: t, conn: conn, r: bufio.NewReader(conn)}
	greeting := c.read()
	plugin := greetingPlugin(greeting)
	caps := uint32(capLongPassword | capConnectWithDB | capProtocol41 | capTransactions | capSecureConn | capPluginAuth)
	var p []byte
	p = binary.LittleEndian.AppendUint32(p, caps)
	p = binary.LittleEndian.AppendUint32(p, 1<<24)
	p = append(p, 45) // utf8mb4_general_ci
	p = append(p, make([]byte, 23)...)
	p = append(append(p, user...), 0)
	p = append(p, 0) // no auth data: the empty password
	p = append(append(p, db...), 0)
	p = append(append(p, plugin...), 0)
	c.write(p)
	for {
		resp := c.read()
		switch resp[0] {
		case 0x00:
			return c
		case 0xfe, 0x01: // auth switch or more data: the empty password again
			c.write(nil)
		default:
			t.Fatalf("handshake: %s", packetErr(resp))
		}
	}
}

// greetingPlugin is the auth plugin named at the end of a v10 greeting.
func greetingPlugin(g []byte) string {
	i := 1 + indexZero(g[1:]) + 1 // protocol version, server version
	i += 4 + 8 + 1                // connection id, salt part 1, filler
	i += 2 + 1 + 2 + 2            // capabilities, charset, status, capabilities
	saltLen := int(g[i])
	i += 1 + 10 + max(13, saltLen-8)
	if i >= len(g) {
		return "mysql_native_password"
	}
	return string(g[i : i+indexZero(g[i:])])
}

func indexZero(b []byte) int {
	for i, x := range b {
		if x == 0 {
			return i
		}
	}
	return len(b)
}

// read reads one packet, keeping the sequence number in step.
func (c *wireClient) read() []byte {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var h [4]byte
	if _, err := io.ReadFull(c.r, h[:]); err != nil {
		c.t.Fatalf("read packet header: %v (the connection is gone)", err)
	}
	n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	c.seq = h[3] + 1
	p := make([]byte, n)
	if _, err := io.ReadFull(c.r, p); err != nil {
		c.t.Fatalf("read packet: %v", err)
	}
	return p
}

func (c *wireClient) write(p []byte) {
	c.t.Helper()
	h := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), c.seq}
	if _, err := c.conn.Write(append(h, p...)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
	c.seq++
}

// command sends a command packet (sequence 0).
func (c *wireClient) command(p []byte) {
	c.seq = 0
	c.write(p)
}

// prepare runs COM_STMT_PREPARE and returns the statement id.
func (c *wireClient) prepare(q string) uint32 {
	c.t.Helper()
	c.command(append([]byte{0x16}, q...))
	ok := c.read()
	if ok[0] != 0x00 {
		c.t.Fatalf("prepare %s: %s", q, packetErr(ok))
	}
	id := binary.LittleEndian.Uint32(ok[1:])
	cols, params := binary.LittleEndian.Uint16(ok[5:]), binary.LittleEndian.Uint16(ok[7:])
	for _, n := range []uint16{params, cols} {
		if n > 0 {
			c.skipToEOF()
		}
	}
	return id
}

// executeCursor runs COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY and
// reads the fields (the server opens the cursor), or returns the error
// number that answered it.
func (c *wireClient) executeCursor(id uint32) uint16 {
	c.t.Helper()
	n, _ := c.executeCursorErr(id)
	return n
}

// executeCursorErr is executeCursor with the error's SQLSTATE.
func (c *wireClient) executeCursorErr(id uint32) (uint16, string) {
	c.t.Helper()
	p := binary.LittleEndian.AppendUint32([]byte{0x17}, id)
	p = append(p, 0x01)                        // CURSOR_TYPE_READ_ONLY
	p = binary.LittleEndian.AppendUint32(p, 1) // iteration count
	c.command(p)
	first := c.read()
	if first[0] == 0xff {
		return binary.LittleEndian.Uint16(first[1:]), string(first[4:9])
	}
	c.skipToEOF()
	return 0, ""
}

// fetchSome runs one COM_STMT_FETCH of up to n rows: the rows it got,
// and the error number and SQLSTATE that ended it (0 for an EOF); last
// is the EOF's SERVER_STATUS_LAST_ROW_SENT.
func (c *wireClient) fetchSome(id uint32, n uint32) (rows int, errNum uint16, state string) {
	rows, errNum, state, _ = c.fetch(id, n)
	return rows, errNum, state
}

func (c *wireClient) fetch(id uint32, n uint32) (rows int, errNum uint16, state string, last bool) {
	c.t.Helper()
	p := binary.LittleEndian.AppendUint32([]byte{0x1c}, id)
	c.command(binary.LittleEndian.AppendUint32(p, n))
	for {
		pkt := c.read()
		switch {
		case pkt[0] == 0xff:
			return rows, binary.LittleEndian.Uint16(pkt[1:]), string(pkt[4:9]), true
		case pkt[0] == 0xfe && len(pkt) < 9:
			status := binary.LittleEndian.Uint16(pkt[3:])
			return rows, 0, "", status&statusLastRowSent != 0
		default:
			rows++
		}
	}
}

// fetchAll fetches n rows at a time until the last row or an error.
func (c *wireClient) fetchAll(id uint32, n uint32) (rows int, errNum uint16, state string) {
	for i := 0; i < 10000; i++ {
		got, errNum, state, last := c.fetch(id, n)
		rows += got
		if last {
			return rows, errNum, state
		}
	}
	c.t.Fatal("no last row after 10,000 fetches")
	return
}

func (c *wireClient) closeStmt(id uint32) {
	c.command(binary.LittleEndian.AppendUint32([]byte{0x19}, id)) // no answer
}

// queryOne runs a text query of one column and row and returns its value.
func (c *wireClient) queryOne(q string) string {
	c.t.Helper()
	c.command(append([]byte{0x03}, q...))
	if first := c.read(); first[0] == 0xff {
		c.t.Fatalf("%s: %s", q, packetErr(first))
	}
	c.skipToEOF() // column definition
	row := c.read()
	c.skipToEOF()
	if row[0] == 0xfb {
		return "NULL"
	}
	return string(row[1 : 1+int(row[0])])
}

func (c *wireClient) skipToEOF() {
	c.t.Helper()
	for {
		p := c.read()
		if p[0] == 0xff {
			c.t.Fatalf("%s", packetErr(p))
		}
		if p[0] == 0xfe && len(p) < 9 {
			return
		}
	}
}

func packetErr(p []byte) string {
	if len(p) > 9 && p[0] == 0xff {
		return fmt.Sprintf("error %d (%s): %s", binary.LittleEndian.Uint16(p[1:]), p[4:9], p[9:])
	}
	return fmt.Sprintf("unexpected packet %x", p[:min(len(p), 16)])
}
