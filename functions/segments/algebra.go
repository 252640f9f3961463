package segments

import (
	"fmt"
	"strings"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Op is a set operation between two segments.
type Op int

const (
	OpAnd    Op = iota // members of both
	OpOr               // members of either
	OpAndNot           // members of the left, not of the right
	OpXor              // members of exactly one
)

// ParseOp reads an operator name: AND, OR, AND NOT, XOR, in any case and
// with any spacing ("and not", "AND  NOT"); "ANDNOT" is accepted too.
func ParseOp(s string) (Op, error) {
	switch strings.Join(strings.Fields(strings.ToUpper(s)), " ") {
	case "AND":
		return OpAnd, nil
	case "OR":
		return OpOr, nil
	case "AND NOT", "ANDNOT":
		return OpAndNot, nil
	case "XOR":
		return OpXor, nil
	}
	return 0, fmt.Errorf("unknown set operator %q (use AND, OR, AND NOT or XOR)", s)
}

// Apply returns a op b as a new bitmap; a and b are not modified.
func Apply(a *roaring64.Bitmap, op Op, b *roaring64.Bitmap) *roaring64.Bitmap {
	switch op {
	case OpAnd:
		return roaring64.And(a, b)
	case OpOr:
		return roaring64.Or(a, b)
	case OpAndNot:
		return roaring64.AndNot(a, b)
	default:
		return roaring64.Xor(a, b)
	}
}
