package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/expression/function/json"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// Functions whose result is a few times their arguments — HEX (2×),
// TO_BASE64 (4/3× and a newline every 76 characters), QUOTE (up to 2×)
// and the JSON builders JSON_ARRAY and JSON_OBJECT (their arguments as
// JSON text) — answer NULL with warning 1301 when the result would be
// longer than max_allowed_packet, as MySQL and MariaDB do; each argument
// fits the packet, but HEX of one that nearly does, or JSON_ARRAY of ten
// of them, would not. The sizes are exact (read off MariaDB 10.11 at
// max_allowed_packet 1024), decided before the text is built. JSON_QUOTE
// and the JSON modifiers are not bounded, as in MariaDB.

var textFunctions = []sql.Function{
	sql.Function1{Name: "hex", Fn: func(arg sql.Expression) sql.Expression {
		return &packetGuard{name: "hex", inner: function.NewHex(arg), size: hexSize}
	}},
	sql.Function1{Name: "to_base64", Fn: func(arg sql.Expression) sql.Expression {
		return &packetGuard{name: "to_base64", inner: function.NewToBase64(arg), size: base64Size}
	}},
	sql.Function1{Name: "quote", Fn: func(arg sql.Expression) sql.Expression {
		return &packetGuard{name: "quote", inner: function.NewQuote(arg), size: quoteSize}
	}},
	sql.FunctionN{Name: "json_array", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return guardJSON("json_array", json.NewJSONArray, args)
	}},
	sql.FunctionN{Name: "json_object", Fn: func(args ...sql.Expression) (sql.Expression, error) {
		return guardJSON("json_object", json.NewJSONObject, args)
	}},
}

// textArg is the bytes of a string argument (ok false for NULL, a
// number — whose text is short — or an error the function reports).
func textArg(ctx *sql.Context, args []sql.Expression, row sql.Row) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	v, err := args[0].Eval(ctx, row)
	if err != nil {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

// hexSize: HEX(str) is two digits a byte.
func hexSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	s, ok := textArg(ctx, args, row)
	return 2 * int64(len(s)), ok, nil
}

// base64Size: TO_BASE64(str) is 4 characters for every 3 bytes (the last
// group padded), and a newline after every 76 characters but the last.
func base64Size(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	s, ok := textArg(ctx, args, row)
	if !ok || len(s) == 0 {
		return 0, false, nil
	}
	chars := (int64(len(s)) + 2) / 3 * 4
	return chars + (chars-1)/76, true, nil
}

// quoteSize: QUOTE(str) is str between quotes, with \, ', NUL and
// Ctrl-Z escaped by a backslash.
func quoteSize(ctx *sql.Context, args []sql.Expression, row sql.Row) (int64, bool, error) {
	s, ok := textArg(ctx, args, row)
	if !ok {
		return 0, false, nil
	}
	n := int64(len(s)) + 2
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '\'', 0, 0x1a:
			n++
		}
	}
	return n, true, nil
}

// jsonGuard is a GMS JSON builder whose result's text is measured before
// it is returned: the document only references its arguments, its text
// is built when it is sent or converted.
type jsonGuard struct{ packetGuard }

func guardJSON(name string, mk func(...sql.Expression) (sql.Expression, error), args []sql.Expression) (sql.Expression, error) {
	inner, err := mk(args...)
	if err != nil {
		return nil, err
	}
	return &jsonGuard{packetGuard{name: name, inner: inner}}, nil
}

func (g *jsonGuard) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	inner, err := g.inner.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &jsonGuard{packetGuard{name: g.name, inner: inner}}, nil
}

func (g *jsonGuard) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := g.inner.Eval(ctx, row)
	if err != nil || v == nil {
		return v, err
	}
	doc, ok := v.(types.JSONDocument)
	if !ok {
		return v, nil
	}
	max := maxAllowedPacket(ctx)
	if max <= 0 {
		return v, nil
	}
	n, err := jsonTextLen(doc.Val, max+1)
	if err != nil {
		return nil, err
	}
	fits, release, err := AdmitResult(ctx, g.name, n)
	if !fits || err != nil {
		return nil, err
	}
	release() // the text is built later, by its reader
	return v, nil
}

// jsonTextLen is the length of v's text as GMS writes it (MySQL's
// format: ", " between elements, ": " after keys; in strings ", \ and
// \b \f \n \r \t escaped), counting no further than stop.
func jsonTextLen(v any, stop int64) (int64, error) {
	switch v := v.(type) {
	case string:
		return jsonStringLen(v), nil
	case []any:
		n := int64(2) + 2*int64(max(len(v)-1, 0))
		for _, e := range v {
			m, err := jsonTextLen(e, stop-n)
			if err != nil {
				return 0, err
			}
			if n += m; n >= stop {
				return n, nil
			}
		}
		return n, nil
	case map[string]any:
		n := int64(2) + 2*int64(max(len(v)-1, 0))
		for k, e := range v {
			m, err := jsonTextLen(e, stop-n)
			if err != nil {
				return 0, err
			}
			if n += int64(len(k)) + 4 + m; n >= stop {
				return n, nil
			}
		}
		return n, nil
	}
	// Numbers, booleans, NULL, dates: short; written as GMS writes them.
	s, err := types.JSONDocument{Val: v}.JSONString()
	return int64(len(s)), err
}

// jsonStringLen is the length of s as a JSON string.
func jsonStringLen(s string) int64 {
	n := int64(len(s)) + 2
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\\', '\b', '\f', '\n', '\r', '\t':
			n++
		}
	}
	return n
}
