package exec

import "github.com/dolthub/go-mysql-server/sql"

// Memos of rowExpr, GMS's evaluation of an expression without a kernel
// over one column: a value computed once serves every row with the
// same input, so only the distinct values met cost a GMS evaluation.

// codedRows evaluates the expression of one dictionary-coded column
// once per dictionary entry met (MD5(channel)), kept in the frame while
// batches of the same dictionary arrive; ok is false when v is not
// coded or its dictionary is larger than the batch.
func (r *rowExpr) codedRows(ctx *sql.Context, v *Vec, n int, f *Frame, out *Vec) (bool, error) {
	if v.Codes == nil || len(v.Dict) == 0 || len(v.Dict) > n {
		return false, nil
	}
	vs := [1]*Vec{v}
	m := f.combo(r.memo, vs[:], len(v.Dict))
	if m.vals == nil {
		m.vals = &Vec{}
		m.vals.reset(r.t, len(v.Dict))
	}
	c := r.cols[0]
	for i := range n {
		if v.IsNull(i) {
			f.row[c] = nil
			if err := r.evalInto(ctx, f, out, i, n); err != nil {
				return false, err
			}
			continue
		}
		code := int(v.Codes[i])
		if m.state[code] == 0 {
			f.row[c] = v.Dict[code]
			if err := r.evalInto(ctx, f, m.vals, code, len(v.Dict)); err != nil {
				return false, err
			}
			m.state[code] = 1
		}
		copyFrom(out, i, n, m.vals, code)
	}
	return true, nil
}

// intMemoRows is the size of rowExpr's direct-mapped cache of values
// by integer (a power of two).
const intMemoRows = 1 << 10

// intRows evaluates the expression of one integer, DATE or DATETIME
// column once per value met, from a per-worker direct-mapped cache of
// intMemoRows values (CONV(quantity, 10, 16): a few values for millions
// of rows); ok is false for columns of other layouts.
func (r *rowExpr) intRows(ctx *sql.Context, v *Vec, n int, f *Frame, out *Vec) (bool, error) {
	switch v.T.Phys {
	case PInt, PUint, PDate, PTime:
	default:
		return false, nil
	}
	m := f.combo(r.memo, nil, intMemoRows)
	if m.vals == nil {
		m.vals, m.keys = &Vec{}, make([]int64, intMemoRows)
		m.vals.reset(r.t, intMemoRows)
	}
	c := r.cols[0]
	for i := range n {
		if v.IsNull(i) {
			f.row[c] = nil
			if err := r.evalInto(ctx, f, out, i, n); err != nil {
				return false, err
			}
			continue
		}
		x := v.I[i]
		h := int(uint64(x) % intMemoRows)
		if m.state[h] == 0 || m.keys[h] != x {
			f.row[c] = v.Value(i)
			if m.vals.Nulls != nil {
				m.vals.Nulls[h] = false
			}
			if err := r.evalInto(ctx, f, m.vals, h, intMemoRows); err != nil {
				return false, err
			}
			m.state[h], m.keys[h] = 1, x
		}
		copyFrom(out, i, n, m.vals, h)
	}
	return true, nil
}

// evalInto sets position i of dst (of n) to the expression over f.row.
func (r *rowExpr) evalInto(ctx *sql.Context, f *Frame, dst *Vec, i, n int) error {
	x, err := workerExpr(ctx, f, r.slot, r.e, r.stateful).Eval(ctx, f.row)
	if err != nil {
		return err
	}
	return dst.Set(ctx, i, n, x)
}
