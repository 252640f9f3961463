package mysqlfn

import (
	"strings"
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// evalPad is LPAD / RPAD(str, len, padstr) in characters, as MySQL
// counts them: GMS's counts bytes, so RPAD('Liège…', 8, '*') kept 7
// characters and a cut inside a multi-byte character failed.
func evalPad(left bool) func(ctx *sql.Context, args []sql.Expression, row sql.Row) (any, error) {
	return func(ctx *sql.Context, args []sql.Expression, row sql.Row) (any, error) {
		str, err := evalText(ctx, args[0], row)
		if err != nil || str == nil {
			return nil, err
		}
		v, err := args[1].Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		n, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return nil, err
		}
		pad, err := evalText(ctx, args[2], row)
		if err != nil || pad == nil {
			return nil, err
		}
		out, ok := Pad(*str, n.(int64), *pad, left)
		if !ok {
			return nil, nil
		}
		return out, nil
	}
}

// Pad is str padded on the left (or right) with repeats of pad to n
// characters, or its first n characters when it is longer; ok is false
// (SQL NULL) for a negative n and for an empty pad that would be needed.
func Pad(str string, n int64, pad string, left bool) (out string, ok bool) {
	if n < 0 {
		return "", false
	}
	have := int64(utf8.RuneCountInString(str))
	if have >= n {
		return prefixChars(str, n), true
	}
	if pad == "" {
		return "", false
	}
	need := n - have
	per := int64(utf8.RuneCountInString(pad))
	fill := strings.Repeat(pad, int(need/per)) + prefixChars(pad, need%per)
	if left {
		return fill + str, true
	}
	return str + fill, true
}

// prefixChars is s's first n characters.
func prefixChars(s string, n int64) string {
	off := 0
	for i := int64(0); i < n && off < len(s); i++ {
		_, w := utf8.DecodeRuneInString(s[off:])
		off += w
	}
	return s[:off]
}

// PadArgs are the arguments of LPAD (left true) or RPAD; ok is false
// for other expressions.
func PadArgs(e sql.Expression) (args []sql.Expression, left, ok bool) {
	g, ok := e.(*packetGuard)
	if !ok || (g.name != "lpad" && g.name != "rpad") {
		return nil, false, false
	}
	return g.Children(), g.name == "lpad", true
}
