package mysqlfn

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// regexpKind is which of MySQL's positional REGEXP functions a RegexpFn is.
type regexpKind int

const (
	rxInstr   regexpKind = iota // REGEXP_INSTR(text, pattern[, pos[, occurrence[, return_option[, match_type]]]])
	rxSubstr                    // REGEXP_SUBSTR(text, pattern[, pos[, occurrence[, match_type]]])
	rxReplace                   // REGEXP_REPLACE(text, pattern, replacement[, pos[, occurrence[, match_type]]])
)

var rxNames = [...]string{"regexp_instr", "regexp_substr", "regexp_replace"}

// rxFlagsArg is the index of match_type in each function's arguments.
var rxFlagsArg = [...]int{5, 4, 5}

// RegexpFn is REGEXP_INSTR, REGEXP_SUBSTR or REGEXP_REPLACE with
// MySQL's arguments (positions and occurrences in characters;
// REGEXP_REPLACE's occurrence 0, its default, replaces every match). As
// RegexpLike, a literal pattern and match_type that TranslateRegexp
// takes run on Go's regexp; any other on GMS's ICU functions, as before
// (about 0.4 ms a row). The Go form further needs a pattern that never
// matches the empty string (ICU and RE2 step over empty matches
// differently) and holds no `$` (its translation may consume a final
// line terminator); a row whose position is outside the text, whose
// pattern holds `^` and starts past position 1, or whose replacement
// holds `$` or `\` (ICU's group references and escapes) is ICU's.
// Positions are characters, as MySQL counts them (GMS's ICU counts
// UTF-16 units, which differ past U+FFFF).
type RegexpFn struct {
	kind regexpKind
	args []sql.Expression

	once     sync.Once
	re       *regexp.Regexp // the translation, when there is one
	anchored bool           // the pattern holds a `^`
	gms      sql.Expression // GMS's function (stateful: one ICU matcher)
}

var _ sql.FunctionExpression = (*RegexpFn)(nil)
var _ sql.CollationCoercible = (*RegexpFn)(nil)
var _ sql.Disposable = (*RegexpFn)(nil)

var rxGMS = [...]func(...sql.Expression) (sql.Expression, error){
	function.NewRegexpInstr, function.NewRegexpSubstr, function.NewRegexpReplace,
}

func newRegexpFn(kind regexpKind) func(...sql.Expression) (sql.Expression, error) {
	return func(args ...sql.Expression) (sql.Expression, error) {
		if _, err := rxGMS[kind](args...); err != nil { // GMS's argument count errors
			return nil, err
		}
		return &RegexpFn{kind: kind, args: args}, nil
	}
}

var regexpFnFuncs = []sql.Function{
	sql.FunctionN{Name: "regexp_instr", Fn: newRegexpFn(rxInstr)},
	sql.FunctionN{Name: "regexp_substr", Fn: newRegexpFn(rxSubstr)},
	sql.FunctionN{Name: "regexp_replace", Fn: newRegexpFn(rxReplace)},
}

func (r *RegexpFn) FunctionName() string { return rxNames[r.kind] }
func (r *RegexpFn) Description() string {
	return "finds, extracts or replaces matches of a regular expression."
}

func (r *RegexpFn) Type() sql.Type {
	if r.kind == rxInstr {
		return types.Int32
	}
	return types.LongText
}

func (r *RegexpFn) IsNullable() bool           { return true }
func (r *RegexpFn) Children() []sql.Expression { return r.args }

func (r *RegexpFn) Resolved() bool {
	for _, a := range r.args {
		if !a.Resolved() {
			return false
		}
	}
	return true
}

// WithChildren is a new expression with its own matcher.
func (r *RegexpFn) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != len(r.args) {
		return nil, sql.ErrInvalidChildrenNumber.New(r, len(children), len(r.args))
	}
	return newRegexpFn(r.kind)(children...)
}

func (r *RegexpFn) String() string {
	args := make([]string, 0, len(r.args))
	for _, e := range r.args {
		args = append(args, e.String())
	}
	return fmt.Sprintf("%s(%s)", r.FunctionName(), strings.Join(args, ","))
}

func (r *RegexpFn) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	lc, lcoer := sql.GetCoercibility(ctx, r.args[0])
	rc, rcoer := sql.GetCoercibility(ctx, r.args[1])
	return sql.ResolveCoercibility(lc, lcoer, rc, rcoer)
}

// prepare translates a literal pattern under the collation's case
// sensitivity and match_type, and builds GMS's function for the rest
// (with MySQL's flags, as RegexpLike does).
func (r *RegexpFn) prepare(ctx *sql.Context) {
	coll, _ := r.CollationCoercibility(ctx)
	f := RegexpFlags{CaseInsensitive: strings.HasSuffix(coll.String(), "_ci")}
	args := append([]sql.Expression(nil), r.args...)
	flagsOK := true
	if fi := rxFlagsArg[r.kind]; len(args) > fi {
		s, ok := literalString(args[fi])
		var nf RegexpFlags
		if ok {
			nf, ok = ParseRegexpFlags(f, s)
		}
		if ok {
			f, args[fi] = nf, expression.NewLiteral(nf.String(), types.LongText)
		} else {
			flagsOK = false
		}
	}
	r.gms, _ = rxGMS[r.kind](args...)
	pat, ok := literalString(r.args[1])
	if !ok || !flagsOK || strings.Contains(pat, "$") {
		return
	}
	tr, ok := TranslateRegexp(pat, f)
	if !ok {
		return
	}
	re := regexp.MustCompile(tr)
	if re.MatchString("") {
		return
	}
	r.re, r.anchored = re, strings.Contains(pat, "^")
}

// Eval is MySQL's answer: NULL when an argument is NULL.
func (r *RegexpFn) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	r.once.Do(func() { r.prepare(ctx) })
	if r.re == nil {
		return r.gms.Eval(ctx, row)
	}
	text, err := r.args[0].Eval(ctx, row)
	if err != nil || text == nil {
		return nil, err
	}
	s, err := rxText(ctx, text)
	if err != nil {
		return nil, err
	}
	a, null, ok, err := r.intArgs(ctx, row)
	if err != nil || null {
		return nil, err
	}
	var repl string
	if r.kind == rxReplace {
		v, err := r.args[2].Eval(ctx, row)
		if err != nil || v == nil {
			return nil, err
		}
		if repl, err = rxText(ctx, v); err != nil {
			return nil, err
		}
		ok = ok && !strings.ContainsAny(repl, `$\`)
	}
	off, inText := charOffset(s, a.pos)
	if !ok || !inText || (r.anchored && a.pos != 1) {
		return r.gms.Eval(ctx, row)
	}
	return r.apply(s, off, repl, a), nil
}

// rxArgs are the integer arguments, with MySQL's defaults.
type rxArgs struct{ pos, occ, ret int64 }

// intArgs evaluates pos, occurrence and return_option; null when one is
// NULL; ok false when one is outside what the Go form answers (GMS's
// answer, or error, then).
func (r *RegexpFn) intArgs(ctx *sql.Context, row sql.Row) (a rxArgs, null, ok bool, err error) {
	a = rxArgs{pos: 1, occ: 1}
	first := 2
	if r.kind == rxReplace {
		a.occ, first = 0, 3
	}
	dst := []*int64{&a.pos, &a.occ}
	if r.kind == rxInstr {
		dst = append(dst, &a.ret)
	}
	for i, d := range dst {
		if first+i >= len(r.args) {
			break
		}
		v, err := r.args[first+i].Eval(ctx, row)
		if err != nil || v == nil {
			return a, v == nil, false, err
		}
		n, _, err := types.Int64.Convert(ctx, v)
		if err != nil {
			return a, false, false, nil
		}
		*d = n.(int64)
	}
	ok = a.pos >= 1 && a.ret >= 0 && a.ret <= 1 && a.occ >= 0
	if r.kind != rxReplace && a.occ < 1 {
		a.occ = 1 // MySQL reads occurrence 0 as 1
	}
	return a, false, ok, nil
}

// apply answers the function over s from byte offset off.
func (r *RegexpFn) apply(s string, off int, repl string, a rxArgs) any {
	limit := int(a.occ)
	if r.kind == rxReplace && a.occ == 0 {
		limit = -1
	}
	ms := r.re.FindAllStringIndex(s[off:], limit)
	switch r.kind {
	case rxInstr:
		if len(ms) < int(a.occ) {
			return int32(0)
		}
		at := off + ms[a.occ-1][a.ret]
		return int32(utf8.RuneCountInString(s[:at]) + 1)
	case rxSubstr:
		if len(ms) < int(a.occ) {
			return nil
		}
		m := ms[a.occ-1]
		return s[off+m[0] : off+m[1]]
	}
	if a.occ > 0 {
		if len(ms) < int(a.occ) {
			return s
		}
		ms = ms[a.occ-1:]
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:off])
	last := 0
	for _, m := range ms {
		b.WriteString(s[off+last : off+m[0]])
		b.WriteString(repl)
		last = m[1]
	}
	b.WriteString(s[off+last:])
	return b.String()
}

// charOffset is the byte offset of character pos (from 1) of s; inText
// is false past its last character (position 1 of an empty text is in
// it).
func charOffset(s string, pos int64) (int, bool) {
	if pos == 1 {
		return 0, true
	}
	n := int64(1)
	for i := range s {
		if n == pos {
			return i, true
		}
		n++
	}
	return 0, false
}

// rxText is v as a string, as GMS's functions read their text.
func rxText(ctx *sql.Context, v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	t, _, err := types.LongText.Convert(ctx, v)
	if err != nil {
		return "", err
	}
	s, _, err := sql.Unwrap[string](ctx, t)
	return s, err
}

// Dispose closes GMS's ICU matcher, if r has one.
func (r *RegexpFn) Dispose() {
	if r.gms != nil {
		sql.Dispose(r.gms)
	}
}
