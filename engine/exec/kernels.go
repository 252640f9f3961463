package exec

import (
	"math"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// logicOp is AND, OR or NOT (three-valued, as SQL).
type logicOp struct {
	op   byte // '&', '|', '!'
	args []Expr
	slot int
	lazy *lazyRight // AND, OR: the right side is computed where the left does not decide
}

func (c *exprCompiler) logic(e sql.Expression) (Expr, bool, error) {
	var op byte
	switch e := e.(type) {
	case *expression.And:
		return c.conjunction(e)
	case *expression.Or:
		op = '|'
	case *expression.Not:
		op = '!'
		if isNull, ok := e.Child.(*expression.IsNull); ok {
			return c.logicOf('N', isNull) // IS NOT NULL: one pass over the NULL flags
		}
	case *expression.IsNull:
		op = 'n'
	default:
		return nil, false, nil
	}
	return c.logicOf(op, e)
}

func (c *exprCompiler) logicOf(op byte, e sql.Expression) (Expr, bool, error) {
	args := make([]Expr, len(e.Children()))
	for i, ch := range e.Children() {
		x, err := c.compile(ch)
		if err != nil {
			return nil, false, err
		}
		if op != 'n' && op != 'N' && x.Type().Phys == PStr {
			return nil, false, nil // string truthiness: GMS converts
		}
		args[i] = x
	}
	l := &logicOp{op: op, args: args, slot: c.slot()}
	if op == '|' {
		l.lazy = c.lazyRightOf(e.Children()[1])
	}
	return l, true, nil
}

func (l *logicOp) Type() ColType { return boolType }

func (l *logicOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := l.args[0].Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	if l.lazy != nil {
		if v, done, err := l.lazyVec(ctx, b, f, a); done || err != nil {
			return v, err
		}
	}
	var c *Vec
	if len(l.args) > 1 {
		if c, err = l.args[1].Vec(ctx, b, f); err != nil {
			return nil, err
		}
	}
	out := &f.tmp[l.slot]
	out.reset(boolType, b.N)
	if (l.op == '&' || l.op == '|') && plainInts(a, c) {
		andOr(l.op == '&', a.I[:b.N], c.I[:b.N], out.I)
		return out, nil
	}
	if l.nullTest(a, b.N, out.I) {
		return out, nil
	}
	for i := 0; i < b.N; i++ {
		switch l.op {
		case '!':
			if a.IsNull(i) {
				out.setNull(i, b.N)
				continue
			}
			out.I[i] = b2i(!truth(a, i))
		case '&':
			an, cn := a.IsNull(i), c.IsNull(i)
			at, ct := truth(a, i), truth(c, i)
			switch {
			case (!an && !at) || (!cn && !ct):
				out.I[i] = 0
			case an || cn:
				out.setNull(i, b.N)
			default:
				out.I[i] = 1
			}
		case '|':
			an, cn := a.IsNull(i), c.IsNull(i)
			switch {
			case truth(a, i) || truth(c, i):
				out.I[i] = 1
			case an || cn:
				out.setNull(i, b.N)
			default:
				out.I[i] = 0
			}
		}
	}
	return out, nil
}

// nullTest fills out for IS NULL, IS NOT NULL and the NOT of a plain
// integer vector in one pass without per-row branches, reporting
// whether it did.
func (l *logicOp) nullTest(a *Vec, n int, out []int64) bool {
	switch {
	case l.op == 'n' || l.op == 'N':
		want := l.op == 'n' // the value of a NULL row
		if a.Nulls == nil {
			fill(out[:n], b2i(!want))
			return true
		}
		for i, null := range a.Nulls[:n] {
			out[i] = b2i(null == want)
		}
		return true
	case l.op == '!' && plainInts(a):
		for i, x := range a.I[:n] {
			out[i] = b2i(x == 0)
		}
		return true
	}
	return false
}

func fill(xs []int64, x int64) {
	for i := range xs {
		xs[i] = x
	}
}

// plainInts reports whether every vector holds signed int64 values
// (integers, scaled DECIMALs, days, µs) and no NULL: the kernels' loops
// without per-row checks.
func plainInts(vs ...*Vec) bool {
	for _, v := range vs {
		if v.Nulls != nil || v.T.Phys == PFloat || v.T.Phys == PStr {
			return false
		}
	}
	return true
}

// cmpInts sets out[i] to l[i] op r[i].
func cmpInts(op byte, l, r, out []int64) {
	switch op {
	case '=':
		for i := range l {
			out[i] = b2i(l[i] == r[i])
		}
	case '<':
		for i := range l {
			out[i] = b2i(l[i] < r[i])
		}
	case 'l':
		for i := range l {
			out[i] = b2i(l[i] <= r[i])
		}
	case '>':
		for i := range l {
			out[i] = b2i(l[i] > r[i])
		}
	case 'g':
		for i := range l {
			out[i] = b2i(l[i] >= r[i])
		}
	default:
		for i := range l {
			out[i] = b2i(holds(op, cmpInt(l[i], r[i])))
		}
	}
}

// andOr sets out[i] to a[i] AND (or OR) c[i], neither NULL.
func andOr(and bool, a, c, out []int64) {
	// Both sides are evaluated and combined bitwise: && and || would
	// branch per row on data in no pattern.
	c, out = c[:len(a)], out[:len(a)]
	if and {
		for i := range a {
			out[i] = b2i(a[i] != 0) & b2i(c[i] != 0)
		}
		return
	}
	for i := range a {
		out[i] = b2i(a[i] != 0) | b2i(c[i] != 0)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// cmpOp is a comparison of two vectors of the same layout.
type cmpOp struct {
	op   byte // '=', '!', '<', 'l' (<=), '>', 'g' (>=)
	l, r Expr
	slot int
	mix  *mixedNum // operands of different numeric layouts
	// sslot holds a mixed comparison's side brought to the other's scale.
	sslot int
	// k is the constant right side (constcmp.go); dslot its scratch.
	k     *Vec
	dslot int
}

func (c *exprCompiler) comparison(e sql.Expression) (Expr, bool, error) {
	var op byte
	switch e.(type) {
	case *expression.Equals:
		op = '='
	case *expression.LessThan:
		op = '<'
	case *expression.LessThanOrEqual:
		op = 'l'
	case *expression.GreaterThan:
		op = '>'
	case *expression.GreaterThanOrEqual:
		op = 'g'
	default:
		return nil, false, nil
	}
	if l, r, ok, err := c.timeOfDay(e.Children()); ok || err != nil {
		if err != nil {
			return nil, false, err
		}
		o := &cmpOp{op: op, l: l, r: r, slot: c.slot()}
		o.withConstant(c)
		return o, true, nil
	}
	l, r, ok, err := c.cmpOperands(e.Children())
	if err != nil || l == nil || r == nil {
		return nil, false, err
	}
	o := &cmpOp{op: op, l: l, r: r}
	if !ok {
		if o.mix = mixedNumbers(l.Type(), r.Type()); o.mix == nil {
			return nil, false, nil
		}
	}
	o.slot = c.slot()
	if o.mix != nil {
		o.sslot = c.slot()
	}
	o.withConstant(c)
	return o, true, nil
}

// cmpOperands compiles the two sides of a comparison; ok is false when
// they do not compare as raw values. A DATE compares with a DATETIME as
// its midnight, and a string literal beside a DATE or DATETIME is read
// as a DATETIME once here (as GMS and MySQL convert it), not per row.
func (c *exprCompiler) cmpOperands(ch []sql.Expression) (l, r Expr, ok bool, err error) {
	if l, err = c.compile(ch[0]); err != nil {
		return nil, nil, false, err
	}
	if r, err = c.compile(ch[1]); err != nil {
		return nil, nil, false, err
	}
	if isTime(l.Type()) && r.Type().Phys == PStr {
		r, _, err = c.timeArg(ch[1]) // nil when the string is no DATETIME
	} else if isTime(r.Type()) && l.Type().Phys == PStr {
		l, _, err = c.timeArg(ch[0])
	}
	if err != nil || l == nil || r == nil {
		return nil, nil, false, err
	}
	lt, rt := l.Type(), r.Type()
	return l, r, comparable(lt, rt) || (isTime(lt) && isTime(rt)), nil
}

// isTime reports whether t is a DATE or DATETIME layout.
func isTime(t ColType) bool { return t.Phys == PDate || t.Phys == PTime }

// comparable reports whether two layouts compare as their raw values:
// the same kind of number at the same scale, or strings of a binary
// collation.
func comparable(a, b ColType) bool {
	if a.Phys != b.Phys {
		return false
	}
	switch a.Phys {
	case PDec:
		return a.Scale == b.Scale
	case PStr:
		return binaryCollation(a.SQL) && binaryCollation(b.SQL)
	}
	return true
}

func binaryCollation(t sql.Type) bool {
	st, ok := t.(sql.StringType)
	if !ok {
		return false
	}
	name := st.Collation().Name()
	return strings.HasSuffix(name, "_bin") || name == "binary"
}

func (o *cmpOp) Type() ColType { return boolType }

func (o *cmpOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	if o.k != nil {
		return o.vecConst(ctx, b, f)
	}
	l, r, err := operands(ctx, b, f, o.l, o.r)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	if o.mix == nil && l.T.Phys == r.T.Phys && l.T.Phys != PUint && plainInts(l, r) {
		cmpInts(o.op, l.I[:b.N], r.I[:b.N], out.I)
		return out, nil
	}
	if o.mix != nil && o.scaledInts(l, r, b.N, f, out) {
		return out, nil
	}
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		var c int
		switch {
		case o.mix != nil:
			c = o.mix.cmp(l, r, i)
		case l.T.Phys == PFloat:
			c = cmpFloat(l.F[i], r.F[i])
		case l.T.Phys == PStr:
			c = strings.Compare(l.Str(i), r.Str(i))
		case l.T.Phys == PUint:
			c = cmpUint(uint64(l.I[i]), uint64(r.I[i]))
		case l.T.Phys == r.T.Phys:
			c = cmpInt(l.I[i], r.I[i])
		default: // a DATE beside a DATETIME
			c = cmpInt(micros(l, i), micros(r, i))
		}
		out.I[i] = b2i(holds(o.op, c))
	}
	return out, nil
}

// scaledInts compares an exact mix of signed integers and DECIMALs
// without NULLs as plain integers, the side of smaller scale brought to
// the other's first; false (nothing done) when a value would pass int64.
func (o *cmpOp) scaledInts(l, r *Vec, n int, f *Frame, out *Vec) bool {
	m := o.mix
	if m.float || m.ul || m.ur || !plainInts(l, r) || m.ml != 1 && m.mr != 1 {
		return false
	}
	tmp := &f.tmp[o.sslot]
	tmp.reset(ColType{Phys: PInt}, n)
	ls, rs := l.I[:n], r.I[:n]
	if m.ml != 1 {
		if !scaleAll(ls, m.ml, tmp.I) {
			return false
		}
		ls = tmp.I
	} else if m.mr != 1 {
		if !scaleAll(rs, m.mr, tmp.I) {
			return false
		}
		rs = tmp.I
	}
	cmpInts(o.op, ls, rs, out.I)
	return true
}

// scaleAll sets out[i] = xs[i]×m; false when a product passes int64.
func scaleAll(xs []int64, m int64, out []int64) bool {
	lim := math.MaxInt64 / m
	for i, x := range xs {
		if x > lim || x < -lim {
			return false
		}
		out[i] = x * m
	}
	return true
}

// operands evaluates the two sides of a binary kernel.
// vecsOf appends the values of each of xs over b to dst.
func vecsOf(ctx *sql.Context, b *Batch, f *Frame, xs []Expr, dst []*Vec) ([]*Vec, error) {
	for _, x := range xs {
		v, err := x.Vec(ctx, b, f)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func operands(ctx *sql.Context, b *Batch, f *Frame, l, r Expr) (*Vec, *Vec, error) {
	lv, err := l.Vec(ctx, b, f)
	if err != nil {
		return nil, nil, err
	}
	rv, err := r.Vec(ctx, b, f)
	if err != nil {
		return nil, nil, err
	}
	return lv, rv, nil
}

func holds(op byte, c int) bool {
	switch op {
	case '=':
		return c == 0
	case '<':
		return c < 0
	case 'l':
		return c <= 0
	case '>':
		return c > 0
	case 'g':
		return c >= 0
	}
	return c != 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// arithOp is +, - or * of two integer or two float vectors whose result
// GMS types the same way.
type arithOp struct {
	op   byte
	l, r Expr
	t    ColType
	slot int
	// ml and mr scale DECIMAL operands to a sum's common scale (1
	// otherwise).
	ml, mr int64
}

func (c *exprCompiler) arith(e sql.Expression) (Expr, bool, error) {
	a, ok := e.(*expression.Arithmetic)
	if !ok {
		return nil, false, nil
	}
	op := a.Operator()
	if op != "+" && op != "-" && op != "*" {
		return nil, false, nil
	}
	if types.IsDecimal(a.Type()) {
		return c.decimalArith(a, op[0])
	}
	t, ok := TypeOf(a.Type())
	if !ok || (t.Phys != PInt && t.Phys != PFloat) {
		return nil, false, nil
	}
	l, r, err := c.operandsOf(a)
	if err != nil {
		return nil, false, err
	}
	if t.Phys == PFloat { // an integer or DECIMAL beside a DOUBLE is read as one
		l, r = c.asDouble(l), c.asDouble(r)
	}
	if l.Type().Phys != t.Phys || r.Type().Phys != t.Phys {
		return nil, false, nil
	}
	return &arithOp{op: op[0], l: l, r: r, t: t, slot: c.slot(), ml: 1, mr: 1}, true, nil
}

func (c *exprCompiler) operandsOf(a *expression.Arithmetic) (l, r Expr, err error) {
	c.inArith++
	defer func() { c.inArith-- }()
	if l, err = c.compile(a.Left()); err != nil {
		return nil, nil, err
	}
	r, err = c.compile(a.Right())
	return l, r, err
}

// decimalArith compiles +, - or * over DECIMALs and integers on their
// scaled int64s, with MySQL's result type: the larger scale for + and -
// (one more integer digit), the sum of the scales for * (the sum of the
// integer digits). Wider than DECIMAL(18) it is left to GMS.
func (c *exprCompiler) decimalArith(a *expression.Arithmetic, op byte) (Expr, bool, error) {
	l, r, err := c.operandsOf(a)
	if err != nil {
		return nil, false, err
	}
	sl, il, okl := decimalShape(l.Type(), a.Left())
	sr, ir, okr := decimalShape(r.Type(), a.Right())
	if !okl || !okr {
		return nil, false, nil
	}
	s, digits := max(sl, sr), max(il, ir)+1
	if op == '*' {
		s, digits = sl+sr, il+ir
	}
	// The declared precision may pass 18 (DECIMAL(12,2) × INT is
	// DECIMAL(23,2)) while the values fit: they are computed on int64s,
	// an overflow an error, as long as the scale leaves room.
	if s > maxArithScale {
		return nil, false, nil
	}
	t := ColType{Phys: PDec, Scale: s, SQL: types.MustCreateDecimalType(uint8(min(s+digits, 65)), uint8(s))}
	o := &arithOp{op: op, l: l, r: r, t: t, slot: c.slot(), ml: 1, mr: 1}
	if op != '*' {
		o.ml, o.mr = pow10(s-sl), pow10(s-sr)
	}
	return o, true, nil
}

// maxArithScale bounds the scale of DECIMAL arithmetic on int64s:
// 10^18 / 10^8 leaves ten integer digits.
const maxArithScale = 8

func pow10(n int32) int64 {
	m := int64(1)
	for range n {
		m *= 10
	}
	return m
}

func (o *arithOp) Type() ColType { return o.t }

func (o *arithOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	l, r, err := operands(ctx, b, f, o.l, o.r)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(o.t, b.N)
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		if o.t.Phys == PFloat {
			out.F[i] = arithFloat(o.op, l.F[i], r.F[i])
			continue
		}
		a, b, ok := l.I[i], r.I[i], true
		if o.ml != 1 {
			a, ok = arithInt('*', a, o.ml)
		}
		if o.mr != 1 && ok {
			b, ok = arithInt('*', b, o.mr)
		}
		x, ok2 := arithInt(o.op, a, b)
		if !ok || !ok2 {
			var err error = sql.ErrValueOutOfRange.New(x, o.t.SQL)
			if o.t.Phys == PDec {
				err = exactRange(err)
			}
			return nil, err
		}
		out.I[i] = x
	}
	return out, nil
}

func arithFloat(op byte, a, b float64) float64 {
	switch op {
	case '+':
		return a + b
	case '-':
		return a - b
	}
	return a * b
}

// arithInt computes a op b, reporting overflow as MySQL does.
func arithInt(op byte, a, b int64) (int64, bool) {
	switch op {
	case '+':
		s := a + b
		return s, !((a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0))
	case '-':
		s := a - b
		return s, !((a >= 0 && b < 0 && s < 0) || (a < 0 && b > 0 && s >= 0))
	}
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	return p, p/b == a && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64)
}

// datePart is YEAR, QUARTER, MONTH, DAY or DATE of a DATE or DATETIME.
type datePart struct {
	part byte // 'y', 'q', 'm', 'd', 'D' (DATE())
	arg  Expr
	t    ColType
	slot int
}

func (c *exprCompiler) dateFunc(e sql.Expression) (Expr, bool, error) {
	var part byte
	switch e.(type) {
	case *function.Year:
		part = 'y'
	case *function.Quarter:
		part = 'q'
	case *function.Month:
		part = 'm'
	case *function.Day:
		part = 'd'
	case *function.Date:
		part = 'D'
	default:
		return nil, false, nil
	}
	arg, err := c.compile(e.Children()[0])
	if err != nil {
		return nil, false, err
	}
	if p := arg.Type().Phys; p != PDate && p != PTime {
		return nil, false, nil
	}
	t, ok := TypeOf(e.Type())
	if !ok || (part == 'D') != (t.Phys == PDate) || (part != 'D' && t.Phys != PInt) {
		return nil, false, nil
	}
	if part == 'D' {
		t = ColType{Phys: PDate, SQL: types.Date}
	}
	return &datePart{part: part, arg: arg, t: t, slot: c.slot()}, true, nil
}

func (d *datePart) Type() ColType { return d.t }

// valueRange: a month, quarter or day of the month lies in its fixed
// range; a year or a DATE in the span of its argument's days.
func (d *datePart) valueRange(arg func(Expr) (lo, hi int64, rows int, ok bool)) (lo, hi int64, rows int, ok bool) {
	lo, hi, rows, ok = arg(d.arg)
	switch d.part {
	case 'm':
		return 1, 12, rows, true
	case 'q':
		return 1, 4, rows, true
	case 'd':
		return 1, 31, rows, true
	}
	if !ok {
		return 0, 0, 0, false
	}
	if d.arg.Type().Phys == PTime {
		lo, hi = calendar.FloorDiv(lo, calendar.MicrosPerDay), calendar.FloorDiv(hi, calendar.MicrosPerDay)
	}
	if d.part == 'y' {
		lo, _, _ = calendar.CivilFromDays(lo)
		hi, _, _ = calendar.CivilFromDays(hi)
	}
	return lo, hi, rows, true
}

// civilMemo is a direct-mapped cache of calendar dates by day number:
// rows in a table's sort key (customer, then time) revisit a few hundred
// days in no order, and a lookup is cheaper than CivilFromDays.
type civilMemo struct {
	day [civilMemoSize]int64
	ymd [civilMemoSize]int64 // year<<16 | month<<8 | day
}

const civilMemoSize = 1 << 10

func (f *Frame) civilMemo() *civilMemo {
	if f.civil == nil {
		f.civil = &civilMemo{}
		for i := range f.civil.day {
			f.civil.day[i] = math.MinInt64
		}
	}
	return f.civil
}

// civil is calendar.CivilFromDays(day), from the cache when it holds it.
func (m *civilMemo) civil(day int64) (y, mo, d int64) {
	h := day & (civilMemoSize - 1)
	if m.day[h] != day {
		y, mo, d = calendar.CivilFromDays(day)
		m.day[h], m.ymd[h] = day, y<<16|mo<<8|d
		return y, mo, d
	}
	x := m.ymd[h]
	return x >> 16, x >> 8 & 0xff, x & 0xff
}

// parts sets out to a calendar part of each day (of each µs when
// micros): a pass of divisions, then one of lookups with a branch per
// part that never mispredicts.
func (m *civilMemo) parts(in []int64, micros bool, part byte, out []int64) {
	days := in
	if micros {
		for i, x := range in {
			q := x / calendar.MicrosPerDay
			out[i] = q + (x-q*calendar.MicrosPerDay)>>63 // floored: a negative remainder takes one off
		}
		days = out
	}
	for i, day := range days {
		h := day & (civilMemoSize - 1)
		if m.day[h] != day {
			m.civil(day)
		}
		x := m.ymd[h]
		switch part {
		case 'y':
			out[i] = x >> 16
		case 'q':
			out[i] = (x>>8&0xff + 2) / 3
		case 'm':
			out[i] = x >> 8 & 0xff
		default:
			out[i] = x & 0xff
		}
	}
}

func (d *datePart) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := d.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[d.slot]
	out.reset(d.t, b.N)
	micros := a.T.Phys == PTime
	cm := f.civilMemo()
	if a.Nulls == nil && d.part != 'D' {
		cm.parts(a.I[:b.N], micros, d.part, out.I[:b.N])
		return out, nil
	}
	lastDay, ly, lm, ld := int64(math.MinInt64), int64(0), int64(0), int64(0)
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		day := a.I[i]
		if micros {
			day = calendar.FloorDiv(day, calendar.MicrosPerDay)
		}
		if d.part == 'D' {
			out.I[i] = day
			continue
		}
		if day != lastDay { // rows of one day are usually adjacent
			lastDay = day
			ly, lm, ld = cm.civil(day)
		}
		switch d.part {
		case 'y':
			out.I[i] = ly
		case 'q':
			out.I[i] = (lm + 2) / 3
		case 'm':
			out.I[i] = lm
		default:
			out.I[i] = ld
		}
	}
	return out, nil
}

// between is x BETWEEN lo AND hi as MySQL defines it, x >= lo AND x <=
// hi, where comparing pairwise is comparing as MySQL does: the three
// are numbers, or strings, or x is temporal and the bounds temporal or
// string literals. (Mixed otherwise, MySQL compares all three in one
// type that the pairs need not share.)
func (c *exprCompiler) between(e sql.Expression) (Expr, bool, error) {
	b, ok := e.(*expression.Between)
	if !ok {
		return nil, false, nil
	}
	bound := func(x sql.Expression, same func(sql.Type) bool) bool {
		if same(x.Type()) {
			return true
		}
		_, lit := x.(*expression.Literal)
		return lit && types.IsTime(b.Val.Type()) && types.IsText(x.Type())
	}
	ok = false
	for _, same := range []func(sql.Type) bool{types.IsNumber, types.IsText, types.IsTime} {
		ok = ok || same(b.Val.Type()) && bound(b.Lower, same) && bound(b.Upper, same)
	}
	if !ok {
		return nil, false, nil
	}
	return c.logic(expression.NewAnd(
		expression.NewGreaterThanOrEqual(b.Val, b.Lower),
		expression.NewLessThanOrEqual(b.Val, b.Upper)))
}
