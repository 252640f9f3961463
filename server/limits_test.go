package server

import (
	"bytes"
	"testing"
)

// TestErrorPacket checks the 1040 packet byte by byte against the
// protocol's ERR_Packet layout (length, sequence 0, 0xff, code LE, '#',
// SQLSTATE, message).
func TestErrorPacket(t *testing.T) {
	got := errorPacket(1040, "08004", "Too many connections")
	want := append([]byte{29, 0, 0, 0, 0xff, 0x10, 0x04, '#'}, "08004Too many connections"...)
	if !bytes.Equal(got, want) {
		t.Fatalf("errorPacket = % x\nwant          % x", got, want)
	}
}
