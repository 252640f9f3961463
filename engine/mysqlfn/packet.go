package mysqlfn

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// String functions whose result length is an argument — LPAD, RPAD,
// REPEAT, SPACE — answer NULL with warning 1301 when the result would be
// longer than max_allowed_packet, as MySQL does, instead of building it
// (GMS built LPAD('x', 2000000000, 'y'): 2 GB, 4 GB of memory at peak).
// The size is decided from the arguments before GMS's function runs.

// erWarnAllowedPacketOverflowed is MySQL's ER_WARN_ALLOWED_PACKET_OVERFLOWED.
const erWarnAllowedPacketOverflowed = 1301

// maxBytesPerChar is utf8mb4's widest character: MySQL bounds a result
// of n characters by n·mbmaxlen bytes.
const maxBytesPerChar = 4

// packetFunctions wrap GMS's functions of the same names.
var packetFunctions = []sql.Function{
	sql.FunctionN{Name: "lpad", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return guardPad("lpad", function.NewLeftPad, evalPad(true), args)
	}},
	sql.FunctionN{Name: "rpad", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return guardPad("rpad", function.NewRightPad, evalPad(false), args)
	}},
	sql.Function2{Name: "repeat", Fn: func(s, n sql.Expression) sql.Expression {
		return &packetGuard{name: "repeat", inner: function.NewRepeat(s, n), size: repeatSize}
	}},
	sql.Function1{Name: "space", Fn: func(n sql.Expression) sql.Expression {
		return &packetGuard{name: "space", inner: function.NewSpace(n), size: spaceSize}
	}},
}

func guardPad(name string, mk func(...sql.Expression) (sql.Expression, error), eval evalFn, args []sql.Expression) (sql.Expression, error) {
	inner, err := mk(args...)
	if err != nil {
		return nil, err
	}
	return &packetGuard{name: name, inner: inner, size: padSize, eval: eval}, nil
}

// packetGuard is a GMS string function whose result size, in bytes at
// most, size computes from its arguments (ok false: unknown, let it run).
// eval, when set, computes the function in place of GMS's (which then
// only gives its type, name and children).
type packetGuard struct {
	name  string
	inner sql.Expression
	size  func(ctx *sql.Context, args []sql.Expression, row sql.Row) (n int64, ok bool, err error)
	eval  evalFn
}

// evalFn evaluates a function of args over row.
type evalFn func(ctx *sql.Context, args []sql.Expression, row sql.Row) (any, error)

var _ sql.FunctionExpression = (*packetGuard)(nil)

func (g *packetGuard) FunctionName() string { return g.name }
func (g *packetGuard) Description() string {
	return "MySQL's " + g.name + " (NULL past max_allowed_packet)"
}
func (g *packetGuard) Type() sql.Type             { return g.inner.Type() }
func (g *packetGuard) IsNullable() bool           { return true }
func (g *packetGuard) Resolved() bool             { return g.inner.Resolved() }
func (g *packetGuard) Children() []sql.Expression { return g.inner.Children() }
func (g *packetGuard) String() string             { return g.inner.String() }

func (g *packetGuard) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	if c, ok := g.inner.(sql.CollationCoercible); ok {
		return c.CollationCoercibility(ctx)
	}
	return sql.Collation_Default, 4
}

func (g *packetGuard) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	inner, err := g.inner.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	ng := *g
	ng.inner = inner
	return &ng, nil
}

func (g *packetGuard) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	n, ok, err := g.size(ctx, g.inner.Children(), row)
	if err != nil {
		return nil, err
	}
	if max := maxAllowedPacket(ctx); ok && max > 0 && n > max {
		ctx.Warn(erWarnAllowedPacketOverflowed, "Result of %s() was larger than max_allowed_packet (%d) - truncated", g.name, max)
		return nil, nil
	}
	if g.eval != nil {
		return g.eval(ctx, g.inner.Children(), row)
	}
	return g.inner.Eval(ctx, row)
}

func maxAllowedPacket(ctx *sql.Context) int64 {
	v, err := ctx.GetSessionVariable(ctx, "max_allowed_packet")
	if err != nil {
		return 0
	}
	n, _, err := types.Int64.Convert(ctx, v)
	if err != nil {
		return 0
	}
	return n.(int64)
}

// intArg evaluates args[i] as an integer (ok false for NULL or an error
// the function itself reports).
func intArg(ctx *sql.Context, args []sql.Expression, i int, row sql.Row) (int64, bool) {
	if i >= len(args) {
		return 0, false
	}
	v, err := args[i].Eval(ctx, row)
	if err != nil || v == nil {
		return 0, false
	}
	n, _, err := types.Int64.Convert(ctx, v)
	if err != nil {
		return 0, false
	}
	return n.(int64), true
}

// padSize: LPAD/RPAD(str, len, pad) is len characters.
func padSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	n, ok := intArg(ctx, args, 1, row)
	return satMul(n, maxBytesPerChar), ok, nil
}

// spaceSize: SPACE(n) is n bytes.
func spaceSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	n, ok := intArg(ctx, args, 0, row)
	return n, ok, nil
}

// repeatSize: REPEAT(str, n) is n copies of str.
func repeatSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	n, ok := intArg(ctx, args, 1, row)
	if !ok || n <= 0 {
		return 0, false, nil
	}
	v, err := args[0].Eval(ctx, row)
	if err != nil || v == nil {
		return 0, false, nil
	}
	s, isStr := v.(string)
	if !isStr {
		s = fmt.Sprint(v)
	}
	return satMul(int64(len(s)), n), true, nil
}

// satMul is a·b, saturated at the int64 maximum (both non-negative).
func satMul(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > (1<<63-1)/b {
		return 1<<63 - 1
	}
	return a * b
}
