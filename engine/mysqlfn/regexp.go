package mysqlfn

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MySQL 8 evaluates REGEXP with ICU; GMS with ICU compiled to
// WebAssembly, about a millisecond per value. A pattern whose every
// construct means the same in Go's regexp (RE2) runs there instead:
// TranslateRegexp accepts a whitelist of syntax and refuses everything
// else (backreferences, lookaround, possessive quantifiers, atomic
// groups, \w and \b, \p{…}, set operations in classes, POSIX classes,
// inline flags, …), which GMS's ICU then evaluates as before.

// RegexpFlags are ICU's matching flags as MySQL sets them from the
// collation and REGEXP_LIKE's match_type.
type RegexpFlags struct {
	CaseInsensitive bool // 'i', or a _ci collation without 'c'
	Multiline       bool // 'm': ^ and $ at line ends too
	DotAll          bool // 'n': . matches line terminators
	UnixLines       bool // 'u': only \n ends a line
}

// ParseRegexpFlags applies match_type to flags whose case sensitivity
// came from the collation, as MySQL does: 'c' and 'i' override it (the
// rightmost wins), 'm', 'n' and 'u' add; ok is false for any other
// character (an error, left to GMS to raise).
func ParseRegexpFlags(f RegexpFlags, matchType string) (RegexpFlags, bool) {
	for _, c := range matchType {
		switch c {
		case 'c':
			f.CaseInsensitive = false
		case 'i':
			f.CaseInsensitive = true
		case 'm':
			f.Multiline = true
		case 'n':
			f.DotAll = true
		case 'u':
			f.UnixLines = true
		default:
			return f, false
		}
	}
	return f, true
}

// String is the match_type that sets f whatever the collation.
func (f RegexpFlags) String() string {
	s := "c"
	if f.CaseInsensitive {
		s = "i"
	}
	if f.Multiline {
		s += "m"
	}
	if f.DotAll {
		s += "n"
	}
	if f.UnixLines {
		s += "u"
	}
	return s
}

// ICU's line terminators: for `.` (without DOTALL) and before a final
// `$`; under UNIX_LINES only \n.
const (
	icuNotTerminator = `[^\n\x0b\x0c\r\x{85}\x{2028}\x{2029}]`
	icuEndOfInput    = `(?:\r\n|[\n\x0b\x0c\r\x{85}\x{2028}\x{2029}])?\z`
	icuSpace         = `\t\n\x0b\f\r\p{Z}\x{85}`
)

// TranslateRegexp returns an RE2 pattern that matches a text exactly
// when ICU's pattern does under flags, as a yes or no (REGEXP,
// REGEXP_LIKE: not where, a final `$` may consume a line terminator);
// ok is false when the pattern uses anything outside the whitelist,
// including every invalid pattern (GMS then reports ICU's error).
func TranslateRegexp(pattern string, f RegexpFlags) (string, bool) {
	if pattern == "" || !utf8.ValidString(pattern) {
		return "", false
	}
	t := &rxTranslator{s: pattern, f: f}
	if f.CaseInsensitive {
		t.out.WriteString("(?i)")
	}
	dollar, ok := t.alternation()
	if !ok || t.i != len(t.s) {
		return "", false
	}
	// ICU's `$` never matches between the \r and \n of a final CRLF,
	// which RE2 cannot see: refused where the text before it may end
	// in a \r.
	if dollar && t.unsafeDollar && t.cr && !f.UnixLines {
		return "", false
	}
	re := t.out.String()
	if _, err := regexp.Compile(re); err != nil {
		return "", false
	}
	return re, true
}

type rxTranslator struct {
	s   string
	i   int
	f   RegexpFlags
	out strings.Builder
	cr  bool // an item may match \r
	// unsafeDollar: a `$` whose preceding character may come from an
	// item that matches \r (or from one that may match nothing).
	unsafeDollar bool
}

func (t *rxTranslator) peek() byte {
	if t.i < len(t.s) {
		return t.s[t.i]
	}
	return 0
}

// alternation translates seq ('|' seq)* up to a ')' or the end;
// dollar reports a `$` in it, which is then at the end of every
// sequence that holds one (the caller checks that nothing follows).
func (t *rxTranslator) alternation() (dollar bool, ok bool) {
	for {
		d, ok := t.sequence()
		if !ok {
			return false, false
		}
		dollar = dollar || d
		if t.peek() != '|' {
			return dollar, true
		}
		t.i++
		t.out.WriteByte('|')
	}
}

// sequence translates items up to a '|', a ')' or the end.
func (t *rxTranslator) sequence() (dollar bool, ok bool) {
	var prev byte     // the previous item, when an ASCII letter
	prevSafe := false // the previous item consumes a character, never \r
	for t.i < len(t.s) {
		c := t.s[t.i]
		if c == '|' || c == ')' {
			return dollar, true
		}
		if dollar { // something follows a `$`: ICU's `$` may stand before a final terminator
			return false, false
		}
		anchor := c == '^' || c == '$'
		letter := c < 0x80 && isAlnum(c) && c != '_'
		// ICU matches a run of literals case-insensitively by full case
		// folding (ss matches ß, fi matches ﬁ), RE2 by simple folding:
		// refused where they differ.
		if t.f.CaseInsensitive && letter && prev != 0 && foldPairs[string([]byte{lower(prev), lower(c)})] {
			return false, false
		}
		if t.f.CaseInsensitive && c >= 0x80 {
			return false, false
		}
		prev = 0
		if letter {
			prev = c
		}
		if c == '$' && !prevSafe {
			t.unsafeDollar = true
		}
		outerCR := t.cr
		t.cr = false
		at := t.i
		d, ok := t.atom()
		if !ok {
			return false, false
		}
		itemCR := t.cr
		t.cr = outerCR || itemCR
		q := t.i
		quantified, ok := t.quantifier()
		if !ok || (quantified && (anchor || d)) {
			return false, false
		}
		nullable := quantified && (t.s[q] == '*' || t.s[q] == '?' || strings.HasPrefix(t.s[q:], "{0"))
		prevSafe = !itemCR && !nullable && !anchor && t.s[at] != '('
		dollar = d
	}
	return dollar, true
}

// atom translates one item; dollar reports a `$` in it.
func (t *rxTranslator) atom() (dollar bool, ok bool) {
	c := t.s[t.i]
	switch c {
	case '^':
		if t.f.Multiline {
			return false, false
		}
		t.i++
		t.out.WriteString(`\A`)
		return false, true
	case '$':
		if t.f.Multiline {
			return false, false
		}
		t.i++
		if t.f.UnixLines {
			t.out.WriteString(`\n?\z`)
		} else {
			t.out.WriteString(icuEndOfInput)
		}
		return true, true
	case '.':
		t.i++
		switch {
		case t.f.DotAll: // ICU's reads a CRLF as one character
			return false, false
		case t.f.UnixLines:
			t.out.WriteString(`[^\n]`)
		default:
			t.out.WriteString(icuNotTerminator)
		}
		return false, true
	case '(':
		t.i++
		if t.peek() == '?' {
			if !strings.HasPrefix(t.s[t.i:], "?:") {
				return false, false // lookaround, atomic, named, inline flags, comments
			}
			t.i += 2
			t.out.WriteString("(?:")
		} else {
			t.out.WriteByte('(')
		}
		d, ok := t.alternation()
		if !ok || t.peek() != ')' {
			return false, false
		}
		t.i++
		t.out.WriteByte(')')
		return d, true
	case '[':
		return false, t.class()
	case '\\':
		return false, t.escape(false)
	case ')', ']', '{', '}', '*', '+', '?', '|':
		return false, false
	}
	r, n := utf8.DecodeRuneInString(t.s[t.i:])
	if r < 0x20 || r == 0x7f || r == '#' {
		return false, false
	}
	t.i += n
	t.out.WriteString(regexp.QuoteMeta(string(r)))
	return false, true
}

// quantifier translates an optional * + ? {n} {n,} {n,m}, greedy or
// lazy; a possessive one or two in a row are refused.
func (t *rxTranslator) quantifier() (quantified bool, ok bool) {
	start := t.i
	switch t.peek() {
	case '*', '+', '?':
		t.i++
	case '{':
		end := strings.IndexByte(t.s[t.i:], '}')
		if end < 0 {
			return false, false
		}
		body := t.s[t.i+1 : t.i+end]
		lo, hi, comma := strings.Cut(body, ",")
		n, err := strconv.Atoi(lo)
		if err != nil || lo == "" || strings.TrimLeft(lo, "0123456789") != "" || n > 1000 {
			return false, false
		}
		if comma && hi != "" {
			m, err := strconv.Atoi(hi)
			if err != nil || strings.TrimLeft(hi, "0123456789") != "" || m < n || m > 1000 {
				return false, false
			}
		}
		t.i += end + 1
	default:
		return false, true
	}
	if t.peek() == '?' {
		t.i++
	}
	switch t.peek() {
	case '*', '+', '?', '{':
		return false, false
	}
	t.out.WriteString(t.s[start:t.i])
	return true, true
}

// escape translates a backslash escape: escaped punctuation, \t \n \r
// \f, and \d \D \s \S as ICU means them (Unicode digits, ICU's white
// space); inClass for one inside [...].
func (t *rxTranslator) escape(inClass bool) bool {
	if t.i+1 >= len(t.s) {
		return false
	}
	c := t.s[t.i+1]
	t.i += 2
	switch {
	case c < 0x80 && !isAlnum(c) && c > 0x20 && c != 0x7f:
		t.out.WriteByte('\\') // RE2 reads any escaped punctuation as itself
		t.out.WriteByte(c)
		return true
	case c == 't':
		t.out.WriteString(`\t`)
	case c == 'n':
		t.out.WriteString(`\n`)
	case c == 'r':
		t.cr = true
		t.out.WriteString(`\r`)
	case c == 'f':
		t.out.WriteString(`\f`)
	case c == 'd':
		t.out.WriteString(`\p{Nd}`)
	case c == 'D' && !inClass:
		t.cr = true
		t.out.WriteString(`\P{Nd}`)
	case c == 's':
		t.cr = true
		if inClass {
			t.out.WriteString(icuSpace)
		} else {
			t.out.WriteString("[" + icuSpace + "]")
		}
	case c == 'S' && !inClass:
		t.out.WriteString("[^" + icuSpace + "]")
	default:
		return false
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// class translates a bracket expression of literal characters, ranges
// between two of them, escapes (escape's) and a leading ^; nested
// classes, set operations (&& --), POSIX classes and a ] or - where
// ICU may read it otherwise are refused.
func (t *rxTranslator) class() bool {
	t.i++ // [
	t.out.WriteByte('[')
	if t.peek() == '^' {
		t.i++
		t.cr = true
		t.out.WriteByte('^')
	}
	items := 0
	for {
		if t.i >= len(t.s) {
			return false
		}
		c := t.s[t.i]
		switch c {
		case ']':
			if items == 0 {
				return false
			}
			t.i++
			t.out.WriteByte(']')
			return true
		case '[', '&', '-', '^', '{', '}', '$', '#':
			return false
		}
		if t.f.CaseInsensitive && c >= 0x80 {
			return false
		}
		switch c {
		case '\\':
			lo, ok := t.classLiteral()
			if ok {
				items++
				if !t.classRange(lo) {
					return false
				}
				continue
			}
			if !t.escape(true) {
				return false
			}
			items++
			if t.peek() == '-' {
				return false
			}
			continue
		}
		lo, ok := t.classLiteral()
		if !ok {
			return false
		}
		items++
		if !t.classRange(lo) {
			return false
		}
	}
}

// classLiteral reads one literal character of a class (plain, or an
// escaped punctuation character) and writes it; ok is false, and
// nothing read, for anything else.
func (t *rxTranslator) classLiteral() (rune, bool) {
	if t.s[t.i] == '\\' {
		if t.i+1 >= len(t.s) {
			return 0, false
		}
		c := t.s[t.i+1]
		if c >= 0x80 || isAlnum(c) || c <= 0x20 || c == 0x7f {
			return 0, false
		}
		t.i += 2
		t.out.WriteByte('\\')
		t.out.WriteByte(c)
		return rune(c), true
	}
	r, n := utf8.DecodeRuneInString(t.s[t.i:])
	if r < 0x20 || r == 0x7f {
		return 0, false
	}
	t.i += n
	if r < 0x80 && !isAlnum(byte(r)) && r != ' ' {
		t.out.WriteByte('\\')
	}
	t.out.WriteRune(r)
	return r, true
}

// classRange completes lo into a range lo-hi when a '-' follows; a '-'
// not between two literals is refused.
func (t *rxTranslator) classRange(lo rune) bool {
	if t.peek() != '-' {
		return true
	}
	t.i++
	if t.i >= len(t.s) || t.s[t.i] == ']' || t.s[t.i] == '-' || t.s[t.i] == '[' {
		return false
	}
	t.out.WriteByte('-')
	hi, ok := t.classLiteral()
	return ok && hi >= lo && t.peek() != '-'
}

// foldPairs are the letter pairs that are the full case folding of a
// character (ß, ẞ: ss; ﬀ ﬁ ﬂ ﬅ ﬆ: ff fi fl st), which ICU matches
// case-insensitively and RE2 does not.
var foldPairs = map[string]bool{"ss": true, "ff": true, "fi": true, "fl": true, "st": true}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
