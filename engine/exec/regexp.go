package exec

import (
	"regexp"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// regexpOp is REGEXP / REGEXP_LIKE of a string with a pattern Go's
// regexp matches as ICU does (mysqlfn.TranslateRegexp): one compiled
// matcher, shared by the workers (it is safe for concurrent use), run on
// the batch's strings in place; a dictionary-coded column is matched
// once per dictionary entry.
type regexpOp struct {
	arg  Expr
	re   *regexp.Regexp
	slot int
	memo int // frame slot of the per-entry answers (comboMemo.state: 1 no, 2 yes)
}

func (c *exprCompiler) regexpLike(e sql.Expression) (Expr, bool, error) {
	r, ok := e.(*mysqlfn.RegexpLike)
	if !ok {
		return nil, false, nil
	}
	re, ok := r.Matcher(sql.NewEmptyContext())
	if !ok {
		return nil, false, nil
	}
	arg, ok, err := c.strArg(r.Text)
	if !ok || err != nil {
		return nil, false, err
	}
	return &regexpOp{arg: arg, re: re, slot: c.slot(), memo: c.slot()}, true, nil
}

func (o *regexpOp) Type() ColType { return boolType }

func (o *regexpOp) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	a, err := o.arg.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(boolType, b.N)
	if a.Codes != nil && len(a.Dict) <= b.N {
		vs := [1]*Vec{a}
		m := f.combo(o.memo, vs[:], len(a.Dict))
		for i := 0; i < b.N; i++ {
			if a.IsNull(i) {
				out.setNull(i, b.N)
				continue
			}
			code := a.Codes[i]
			if m.state[code] == 0 {
				m.state[code] = 1 + uint8(b2i(o.re.MatchString(a.Dict[code])))
			}
			out.I[i] = int64(m.state[code] - 1)
		}
		return out, nil
	}
	for i := 0; i < b.N; i++ {
		if a.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = b2i(o.re.MatchString(a.Str(i)))
	}
	return out, nil
}
