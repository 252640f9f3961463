package mysqlfn

import (
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
)

// erCutByGroupConcat is MySQL's warning for a GROUP_CONCAT result cut at
// group_concat_max_len (ER_CUT_VALUE_GROUP_CONCAT).
const erCutByGroupConcat = 1260

// NewBuffer is the aggregate's own buffer; GROUP_CONCAT's ends its
// result at a whole character, as MySQL's does (wholeChars).
func (a *nullableAgg) NewBuffer() (sql.AggregationBuffer, error) {
	b, err := a.Aggregation.NewBuffer()
	if err != nil {
		return nil, err
	}
	if _, ok := a.Aggregation.(*aggregation.GroupConcat); ok {
		return &wholeCharsBuffer{AggregationBuffer: b}, nil
	}
	return b, nil
}

// wholeCharsBuffer is a GROUP_CONCAT buffer whose result, which GMS cuts
// at group_concat_max_len bytes, drops the character the cut went
// through, with warning 1260: MySQL keeps the well-formed prefix, where
// GMS's cut inside a multi-byte character failed the row with "invalid
// string for charset utf8mb4".
type wholeCharsBuffer struct {
	sql.AggregationBuffer
}

func (b *wholeCharsBuffer) Eval(ctx *sql.Context) (any, error) {
	v, err := b.AggregationBuffer.Eval(ctx)
	s, ok := v.(string)
	if err != nil || !ok || utf8.ValidString(s) {
		return v, err
	}
	s = WholeChars(s)
	ctx.Warn(erCutByGroupConcat, "Row was cut by GROUP_CONCAT()")
	return s, nil
}

// WholeChars is s without a last character cut short (at most
// utf8.UTFMax-1 bytes of one); a string valid throughout is unchanged.
func WholeChars(s string) string {
	for cut := 0; cut < utf8.UTFMax-1 && !utf8.ValidString(s); cut++ {
		s = s[:len(s)-1]
	}
	return s
}
