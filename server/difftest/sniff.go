package difftest

import (
	"encoding/binary"
	"net"
	"sync"
)

// Column is one column definition of a result set as the server sent it
// (Protocol::ColumnDefinition41). go-sql-driver's ColumnTypes does not
// expose the length, charset or flags, so the harness reads them off the
// wire.
type Column struct {
	Name     string
	Charset  uint16
	Length   uint32
	Type     byte
	Flags    uint16
	Decimals byte
}

// Column flags compared by the harness (the others — NOT NULL, key,
// auto-increment — describe base columns and are compared through the
// introspection corpus's rows instead).
const (
	flagUnsigned = 0x0020
	flagBinary   = 0x0080
)

// sniffConn is a client connection that watches the server's replies for
// the column definitions of the result of the last COM_QUERY.
//
// Invariant: cols holds the definitions of the last query's first result
// set once its rows are being read; it is reset by every COM_QUERY the
// client writes. Only the text protocol is understood, which is all the
// harness sends on these connections.
type sniffConn struct {
	net.Conn

	mu        sync.Mutex
	in        []byte // server bytes not yet split into packets
	state     int
	remaining uint64
	cols      []Column
}

const (
	sniffIdle = iota
	sniffFirst
	sniffCols
)

func (c *sniffConn) Write(p []byte) (int, error) {
	// A command packet: 3-byte length, sequence 0, command byte.
	if len(p) >= 5 && p[3] == 0 && p[4] == 0x03 {
		c.mu.Lock()
		c.state, c.cols, c.in = sniffFirst, nil, c.in[:0]
		c.mu.Unlock()
	}
	return c.Conn.Write(p)
}

func (c *sniffConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.feed(p[:n])
		c.mu.Unlock()
	}
	return n, err
}

// feed splits server bytes into packets while a result header or its
// column definitions are expected.
func (c *sniffConn) feed(b []byte) {
	if c.state == sniffIdle {
		return
	}
	c.in = append(c.in, b...)
	for c.state != sniffIdle && len(c.in) >= 4 {
		size := int(c.in[0]) | int(c.in[1])<<8 | int(c.in[2])<<16
		if len(c.in) < 4+size {
			return
		}
		c.packet(c.in[4 : 4+size])
		c.in = c.in[4+size:]
	}
	if c.state == sniffIdle {
		c.in = c.in[:0]
	}
}

func (c *sniffConn) packet(p []byte) {
	switch c.state {
	case sniffFirst:
		if len(p) == 0 || p[0] == 0x00 || p[0] == 0xff || p[0] == 0xfb {
			c.state = sniffIdle // OK, error or LOCAL INFILE request
			return
		}
		n, _ := lenencInt(p)
		c.state, c.remaining = sniffCols, n
	case sniffCols:
		c.cols = append(c.cols, parseColumn(p))
		if c.remaining--; c.remaining == 0 {
			c.state = sniffIdle
		}
	}
}

// columns returns the column definitions of the last query's result.
func (c *sniffConn) columns() []Column {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Column(nil), c.cols...)
}

func parseColumn(p []byte) Column {
	var col Column
	for i := range 6 { // catalog, schema, table, org_table, name, org_name
		s, rest := lenencString(p)
		if i == 4 {
			col.Name = s
		}
		p = rest
	}
	_, p = lenencBytesSkip(p) // length of the fixed fields (0x0c)
	if len(p) >= 10 {
		col.Charset = binary.LittleEndian.Uint16(p)
		col.Length = binary.LittleEndian.Uint32(p[2:])
		col.Type = p[6]
		col.Flags = binary.LittleEndian.Uint16(p[7:])
		col.Decimals = p[9]
	}
	return col
}

// lenencInt reads a length-encoded integer and returns its size in bytes.
func lenencInt(p []byte) (uint64, int) {
	if len(p) == 0 {
		return 0, 0
	}
	switch p[0] {
	case 0xfc:
		if len(p) >= 3 {
			return uint64(binary.LittleEndian.Uint16(p[1:])), 3
		}
	case 0xfd:
		if len(p) >= 4 {
			return uint64(p[1]) | uint64(p[2])<<8 | uint64(p[3])<<16, 4
		}
	case 0xfe:
		if len(p) >= 9 {
			return binary.LittleEndian.Uint64(p[1:]), 9
		}
	default:
		return uint64(p[0]), 1
	}
	return 0, len(p)
}

func lenencString(p []byte) (string, []byte) {
	n, size := lenencInt(p)
	p = p[size:]
	if uint64(len(p)) < n {
		return string(p), nil
	}
	return string(p[:n]), p[n:]
}

func lenencBytesSkip(p []byte) (uint64, []byte) {
	n, size := lenencInt(p)
	return n, p[size:]
}

// typeNames are the protocol's column type codes as MySQL names them.
var typeNames = map[byte]string{
	0x00: "DECIMAL", 0x01: "TINY", 0x02: "SHORT", 0x03: "LONG", 0x04: "FLOAT", 0x05: "DOUBLE",
	0x06: "NULL", 0x07: "TIMESTAMP", 0x08: "LONGLONG", 0x09: "INT24", 0x0a: "DATE", 0x0b: "TIME",
	0x0c: "DATETIME", 0x0d: "YEAR", 0x0f: "VARCHAR", 0x10: "BIT", 0xf5: "JSON", 0xf6: "NEWDECIMAL",
	0xf7: "ENUM", 0xf8: "SET", 0xf9: "TINY_BLOB", 0xfa: "MEDIUM_BLOB", 0xfb: "LONG_BLOB",
	0xfc: "BLOB", 0xfd: "VAR_STRING", 0xfe: "STRING", 0xff: "GEOMETRY",
}

// TypeName is the protocol type's name (LONGLONG, NEWDECIMAL, ...).
func (c Column) TypeName() string {
	if n, ok := typeNames[c.Type]; ok {
		return n
	}
	return "TYPE?"
}
