package server

import (
	"errors"
	"fmt"

	"github.com/dolthub/vitess/go/mysql"
)

// The caching_sha2_password exchange needs packets vitess v0.0.0-20250512
// has no exported writer for (the "fast auth ok", "perform full auth"
// and public-key packets). A packet is a 3-byte length, the connection's
// sequence number and the payload; the sequence number lives in an
// unexported field of mysql.Conn, so writeAuthPacket reaches it through
// gms_internals.go (connSeq) and keeps it in step, exactly as vitess's
// own writer does. During the handshake vitess writes straight to the
// socket (no buffering yet), so our writes stay in order with its own.
// TestGMSConnFields fails if an upgrade renames the field.

var errNoSeqField = errors.New("vitess mysql.Conn has no sequence field; caching_sha2_password full authentication is unavailable")

// writeAuthPacket writes payload as one packet on c during the handshake.
func writeAuthPacket(c *mysql.Conn, payload []byte) error {
	seq := connSeq(c)
	if seq == nil {
		return errNoSeqField
	}
	if len(payload) >= 1<<24-1 {
		return fmt.Errorf("auth packet of %d bytes is too large", len(payload))
	}
	n := len(payload)
	pkt := make([]byte, 4+n)
	pkt[0], pkt[1], pkt[2], pkt[3] = byte(n), byte(n>>8), byte(n>>16), *seq
	copy(pkt[4:], payload)
	if _, err := c.Conn.Write(pkt); err != nil {
		return fmt.Errorf("write auth packet: %w", err)
	}
	*seq++
	return nil
}
