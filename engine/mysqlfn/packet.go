package mysqlfn

import (
	"fmt"
	"unicode/utf8"

	"github.com/cohortdb/cohortdb/contract/membudget"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// String functions whose result length is an argument — LPAD, RPAD,
// REPEAT, SPACE — answer NULL with warning 1301 when the result would be
// longer than max_allowed_packet, as MySQL does, instead of building it
// (GMS built LPAD('x', 2000000000, 'y'): 2 GB, 4 GB of memory at peak).
// The size is decided from the arguments before GMS's function runs.
// A result within max_allowed_packet (1 GiB by default) can still be
// larger than the statement may hold, so one of chargeFloor bytes or
// more is charged to the statement's memory account while it is built:
// past the account's limit the statement fails with 1038 instead.

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
	if !ok {
		n = 0
	}
	fits, release, err := AdmitResult(ctx, g.name, n)
	if !fits || err != nil {
		return nil, err
	}
	defer release()
	if g.eval != nil {
		return g.eval(ctx, g.inner.Children(), row)
	}
	return g.inner.Eval(ctx, row)
}

// chargeFloor is the smallest result charged while it is built: smaller
// ones are what rows normally hold, and looking up the account per row
// would cost more than they do.
const chargeFloor = 1 << 20

// AdmitResult decides whether fn may build a result of up to n bytes:
// fits is false (the caller answers NULL; warning 1301 given) past
// max_allowed_packet, err is 1038 past the statement's memory limit.
// release gives the charge back once the result is built.
func AdmitResult(ctx *sql.Context, fn string, n int64) (fits bool, release func(), err error) {
	if n <= 1024 { // max_allowed_packet's least value
		return true, func() {}, nil
	}
	if max := maxAllowedPacket(ctx); max > 0 && n > max {
		ctx.Warn(erWarnAllowedPacketOverflowed, "Result of %s() was larger than max_allowed_packet (%d) - truncated", fn, max)
		return false, nil, nil
	}
	if n < chargeFloor {
		return true, func() {}, nil
	}
	acct := membudget.FromContext(ctx)
	if err := acct.Reserve(n); err != nil {
		return false, nil, err
	}
	return true, func() { acct.Release(n) }, nil
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

// padSize: LPAD/RPAD(str, len, pad) is len characters, at most
// len·maxBytesPerChar bytes as MySQL bounds it — unless str has len
// characters or more: then it is cut, and MySQL checks nothing.
func padSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	n, ok := intArg(ctx, args, 1, row)
	if !ok || n <= 0 {
		return 0, false, nil
	}
	if str, err := evalText(ctx, args[0], row); err == nil && str != nil && int64(utf8.RuneCountInString(*str)) >= n {
		return 0, false, nil
	}
	return satMul(n, maxBytesPerChar), true, nil
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
