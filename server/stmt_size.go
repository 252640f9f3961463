package server

import (
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Limits on a statement's size, checked before it is parsed:
//
//   - longer than max_allowed_packet: 1153 ER_NET_PACKET_TOO_LARGE
//     (SQLSTATE 08S01), as MySQL answers;
//   - parsing and planning take memory in proportion to the text (an OR
//     chain of 300,000 equalities, 7 MB, held 1.2 GB while
//     go-mysql-server parsed and bound it): each statement's account is
//     charged parseBytesPerByte per byte of its text for the whole
//     statement, and one past cohortdb_query_memory_limit (or the
//     server's budget) fails with 1038 before it is parsed, saying why.

// parseBytesPerByte is the memory charged per byte of statement text
// (measured: 110 for an IN list of 100,000 ids, 170 for an OR chain of
// equalities; most statements need far less).
const parseBytesPerByte = 128

const (
	erNetPacketTooLarge      = 1153
	erNetPacketTooLargeState = "08S01"
)

// checkSize applies the limits to query on c, charging acct.
func (d *handler) checkSize(c *mysql.Conn, query string, acct *membudget.Account) error {
	if max := d.maxAllowedPacket(c); max > 0 && int64(len(query)) > max {
		return mysql.NewSQLError(erNetPacketTooLarge, erNetPacketTooLargeState,
			"Got a packet bigger than 'max_allowed_packet' bytes (statement of %d bytes, max_allowed_packet %d)",
			len(query), max)
	}
	need := int64(len(query)) * parseBytesPerByte
	if err := acct.Reserve(need); err != nil {
		return mysql.NewSQLError(erOutOfSortMemory, "HY001",
			"Out of memory: a statement of %s takes about %s to parse and plan: %s. "+
				"Split it, or put long IN lists in a table and join it",
			membudget.FormatBytes(int64(len(query))), membudget.FormatBytes(need), reason(err))
	}
	return nil
}

// reason is the limit a refused reservation passed.
func reason(err error) string {
	if me, ok := err.(*membudget.Error); ok {
		v := membudget.QueryLimitVariable
		if me.Server {
			v = membudget.ServerLimitVariable + ", shared by the running statements,"
		}
		return "more than " + v + " allows (" + membudget.FormatBytes(me.Limit) + ")"
	}
	return err.Error()
}

// maxAllowedPacket is c's session max_allowed_packet (0: unknown).
func (d *handler) maxAllowedPacket(c *mysql.Conn) int64 {
	if sess := d.sessions.get(c); sess != nil {
		if v, err := sess.GetSessionVariable(readCtx, "max_allowed_packet"); err == nil {
			return asInt64(v)
		}
	}
	v, _ := globalInt("max_allowed_packet")
	return v
}
