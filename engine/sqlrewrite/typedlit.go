package sqlrewrite

import (
	"strings"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// Typed temporal literals.
//
// MySQL's DATE '2025-01-01', TIME '12:30:00' and TIMESTAMP '2025-01-01
// 00:00:00' are literals of type DATE, TIME and DATETIME. GMS's parser
// (vitess) keeps only the string, so the literal was a VARCHAR: a result
// column of it went out as BLOB, and a UNION, CASE, IF or MIN/MAX over
// it, or a recursive CTE started from it, printed DATEs as
// '2025-02-01 00:00:00'. The syntax tree cannot tell them apart any
// more, so the text is rewritten before it is parsed:
//
//	DATE '2025-01-01'           → CAST('2025-01-01' AS DATE)
//	TIME '12:30:00'             → CAST('12:30:00' AS TIME)
//	TIMESTAMP '2025-01-01 1:00' → CAST('2025-01-01 1:00' AS DATETIME)
//
// (DATETIME(n) for a literal with n fractional digits.) The engine folds
// such a CAST of a constant string into a literal of the type before
// planning (engine: foldTypedLiterals), so filters, zone maps and index
// lookups see a constant as before. Strings, quoted identifiers and
// comments are skipped; a literal after DEFAULT is left alone (a column
// default must stay a literal).

// typedLiteralTypes maps the keyword to the CAST target.
var typedLiteralTypes = map[string]string{"DATE": "DATE", "TIME": "TIME", "TIMESTAMP": "DATETIME"}

// edit is one rewrite: the original text [at, at+oldLen), old, became
// new.
type edit struct {
	at, oldLen, newLen int
	old, new           string
}

// rewriteTypedLiterals returns q with its typed temporal literals
// written as CASTs, and the edits made (none: q itself).
func rewriteTypedLiterals(q string) (string, []edit) {
	if !mayHaveTypedLiteral(q) {
		return q, nil
	}
	var b strings.Builder
	var edits []edit
	last, prevWord := 0, ""
	scanWords(q, func(i, j int) int {
		word := strings.ToUpper(q[i:j])
		if typ, ok := typedLiteralTypes[word]; ok && prevWord != "DEFAULT" {
			if start, end, ok := literalAfter(q, j); ok {
				lit := q[start:end]
				cast := "CAST(" + lit + " AS " + typ + fraction(typ, lit) + ")"
				b.WriteString(q[last:i])
				b.WriteString(cast)
				edits = append(edits, edit{at: i, oldLen: end - i, newLen: len(cast), old: q[i:end], new: cast})
				last, prevWord = end, ""
				return end
			}
		}
		prevWord = word
		return j
	})
	if edits == nil {
		return q, nil
	}
	b.WriteString(q[last:])
	return b.String(), edits
}

// scanWords calls word(i, j) for each bare word q[i:j] of q: not in a
// string, a quoted identifier or a comment, not qualified by '.' or
// '@'. word returns where the scan goes on (j, or past a rewrite).
func scanWords(q string, word func(i, j int) int) {
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(q, i)
		case c == '#' || (c == '-' && strings.HasPrefix(q[i:], "-- ")) || strings.HasPrefix(q[i:], "/*"):
			i = skipComment(q, i)
		case isIdentByte(c) && (i == 0 || !isIdentByte(q[i-1]) && q[i-1] != '.' && q[i-1] != '@'):
			j := i
			for j < len(q) && isIdentByte(q[j]) {
				j++
			}
			i = word(i, j)
		default:
			i++
		}
	}
}

// mayHaveTypedLiteral is a cheap test that skips the scan for almost
// every statement.
func mayHaveTypedLiteral(q string) bool {
	u := strings.ToUpper(q)
	return strings.Contains(u, "DATE") || strings.Contains(u, "TIME")
}

// restoreNames gives the unaliased select-list items of stmt the names
// the client wrote (MySQL names a column by its expression's text:
// DATE '2025-01-01', not CAST('2025-01-01' AS DATE)).
func restoreNames(stmt ast.Statement, edits []edit) {
	if stmt == nil || len(edits) == 0 {
		return
	}
	_ = ast.Walk(func(n ast.SQLNode) (bool, error) {
		if ae, ok := n.(*ast.AliasedExpr); ok && ae.As.IsEmpty() {
			for _, e := range edits {
				ae.InputExpression = strings.ReplaceAll(ae.InputExpression, e.new, e.old)
			}
		}
		return true, nil
	}, stmt)
}

// originalOffset maps an offset in the rewritten text back to the
// original's (for ParseOneWithOptions, whose callers index the original).
func originalOffset(n int, edits []edit) int {
	shift := 0
	for _, e := range edits {
		if e.at+shift+e.newLen > n {
			break
		}
		shift += e.newLen - e.oldLen
	}
	return n - shift
}

// literalAfter finds a quoted string after optional blanks from i.
func literalAfter(q string, i int) (start, end int, ok bool) {
	for i < len(q) && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
		i++
	}
	if i >= len(q) || (q[i] != '\'' && q[i] != '"') {
		return 0, 0, false
	}
	end = skipQuoted(q, i)
	if end > len(q) || q[end-1] != q[i] || end-i < 2 {
		return 0, 0, false // unterminated: leave it to the parser's error
	}
	return i, end, true
}

// fraction is "(n)" for a DATETIME or TIME literal with n fractional
// digits, as MySQL types it.
func fraction(typ, lit string) string {
	if typ == "DATE" {
		return ""
	}
	dot := strings.LastIndexByte(lit, '.')
	if dot < 0 {
		return ""
	}
	n := 0
	for _, c := range lit[dot+1 : len(lit)-1] {
		if c < '0' || c > '9' {
			return ""
		}
		n++
	}
	if n == 0 || n > 6 {
		return ""
	}
	return "(" + string(rune('0'+n)) + ")"
}

// skipQuoted returns the offset just past the string or quoted
// identifier starting at i (backslash escapes inside strings, doubled
// quotes); len(q) when it is not closed.
func skipQuoted(q string, i int) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			if quote != '`' {
				j++
			}
		case quote:
			if j+1 < len(q) && q[j+1] == quote {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(q)
}

// skipComment returns the offset just past the comment at i.
func skipComment(q string, i int) int {
	if strings.HasPrefix(q[i:], "/*") {
		if end := strings.Index(q[i+2:], "*/"); end >= 0 {
			return i + 2 + end + 2
		}
		return len(q)
	}
	if end := strings.IndexByte(q[i:], '\n'); end >= 0 {
		return i + end + 1
	}
	return len(q)
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// TypedLiterals is q with its typed temporal literals written as CASTs:
// for code that parses a statement with vitess's own parser and prints
// it again (server's WITH ROLLUP rewrite), which would print
// DATE '2025-01-01' as the string '2025-01-01'.
func TypedLiterals(q string) string {
	out, _ := rewriteTypedLiterals(q)
	return out
}
