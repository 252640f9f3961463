package membudget

import (
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// Sizes of what a materialised row costs beyond its values' payloads, in
// bytes on a 64-bit platform.
const (
	// RowOverhead is a sql.Row's slice header plus the pointer the
	// operator keeps to it.
	RowOverhead = 24 + 8
	// ValueOverhead is one interface value in the row.
	ValueOverhead = 16
)

// RowSize estimates the bytes a GMS row holds: its slice, one interface
// per value and the values' own storage (string and byte payloads,
// decimals, times). It allocates nothing.
func RowSize(row sql.Row) int64 {
	n := int64(RowOverhead + ValueOverhead*len(row))
	for _, v := range row {
		n += ValueSize(v)
	}
	return n
}

// ValueSize is the heap storage behind one value of a row, beyond its
// interface word (0 for values stored in the word itself).
func ValueSize(v any) int64 {
	switch x := v.(type) {
	case nil, bool, int8, uint8, int16, uint16:
		return 0
	case int32, uint32, int64, uint64, int, uint, float32, float64:
		return 8
	case string:
		return 16 + int64(len(x))
	case []byte:
		return 24 + int64(cap(x))
	case decimal.Decimal:
		return 48
	case time.Time:
		return 24
	case types.JSONDocument:
		return 64
	case sql.Row:
		return RowSize(x)
	}
	return 32
}
