package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// ExactMod is MOD (or %) of exact operands typed as MySQL types it: a
// BIGINT of two integers (unsigned when the dividend is), else the
// DECIMAL with the operands' widest integer part and largest scale.
// GMS v0.20.0 types it by the largest DECIMAL scale anywhere in the
// operands' trees: MOD(customer_id / 8, 3) was DECIMAL(…,0) and answered
// 0 (MySQL: 0.1250), MOD(CAST(0.01 AS SIGNED), 5) DECIMAL(…,2), 0.00
// (MySQL: 0). The remainder is GMS's, converted to the type.
type ExactMod struct {
	*expression.Mod
	typ sql.Type
}

var _ sql.Expression = (*ExactMod)(nil)

// NewExactMod wraps e when it is a MOD of integers or DECIMALs whose
// MySQL type differs from GMS's; ok is false otherwise (a DOUBLE or
// string operand keeps GMS's DOUBLE).
func NewExactMod(e sql.Expression) (*ExactMod, bool) {
	m, ok := e.(*expression.Mod)
	if !ok {
		return nil, false
	}
	lt, rt := m.LeftChild.Type(), m.RightChild.Type()
	var t sql.Type
	switch {
	case types.IsInteger(lt) && types.IsInteger(rt):
		t = types.Int64
		if types.IsUnsigned(lt) {
			t = types.Uint64
		}
	default:
		if t, ok = mergedExact([]sql.Expression{m.LeftChild, m.RightChild}); !ok {
			return nil, false
		}
	}
	if t.Equals(m.Type()) {
		return nil, false
	}
	return &ExactMod{Mod: m, typ: t}, true
}

// Unwrap is the MOD as GMS built it.
func (m *ExactMod) Unwrap() *expression.Mod { return m.Mod }

// Type is MySQL's type of the remainder.
func (m *ExactMod) Type() sql.Type { return m.typ }

// Eval is GMS's remainder in the type: an integer, or a DECIMAL at the
// type's scale.
func (m *ExactMod) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := m.Mod.Eval(ctx, row)
	if err != nil || v == nil {
		return v, err
	}
	d, err := ToDecimal(ctx, v)
	if err != nil {
		return nil, err
	}
	switch m.typ {
	case types.Int64:
		return d.IntPart(), nil
	case types.Uint64:
		return d.BigInt().Uint64(), nil
	}
	return d.Round(int32(m.typ.(sql.DecimalType).Scale())), nil
}

// WithChildren rebuilds the MOD and types it again.
func (m *ExactMod) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := m.Mod.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	if w, ok := NewExactMod(e); ok {
		return w, nil
	}
	return e, nil
}

// DebugString is the wrapped MOD's.
func (m *ExactMod) DebugString() string { return sql.DebugString(m.Mod) }
