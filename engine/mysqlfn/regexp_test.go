package mysqlfn

import (
	"regexp"
	"testing"

	regex "github.com/dolthub/go-icu-regex"
	"github.com/dolthub/go-mysql-server/sql"
)

// regexpCases are patterns and whether TranslateRegexp takes them.
var regexpCases = []struct {
	pattern string
	ok      bool
}{
	{`@(gmail|yahoo)\.com$`, true},
	{`^(web|app)$`, true},
	{`-(web|app)$`, true},
	{`abc`, true},
	{`a.c`, true},
	{`^a.*z$`, true},
	{`colou?r`, true},
	{`a{2}`, true},
	{`a{2,}`, true},
	{`a{2,4}`, true},
	{`a{2,4}?`, true},
	{`a*?b`, true},
	{`(?:ab)+c`, true},
	{`[a-z0-9._%+-]`, false}, // '-' last: refused (ICU reads some '-' as set difference)
	{`[a-z0-9._%+\-]+@[a-z]+`, true},
	{`[^aeiou]`, true},
	{`[\d]`, true},
	{`\d{3}-\d{4}`, true},
	{`\s+`, true},
	{`\S+`, true},
	{`\D`, true},
	{`[\s,]`, true},
	{`\.\*\+\?\(\)\[\]\{\}\|\^\$\\\/`, true},
	{`\t\n\r\f`, true},
	{`é|ü|日本`, true},
	{`(a|)b`, true},
	{`a$|b$`, true},
	{`(a$|b$)`, true},
	{`(a|b$)`, true},
	{`x(a|b$)`, true},
	{`^$`, true},
	{`a b`, true},
	{`^[^@]+@[^@]+\.[a-z]{2,}$`, true},
	{`[^@]+$`, false}, // ICU's $ does not split a final CRLF, which [^@] may have begun
	{`\s$`, false},
	{`a\r$`, false},
	{`a\s*$`, false},
	{`\s(a|b)$`, false},
	{`\sa$`, true},
	{`\sa?$`, false},
	// refused: ICU syntax RE2 lacks or reads otherwise
	{``, false},
	{`(a)\1`, false},
	{`a(?=b)`, false},
	{`a(?!b)`, false},
	{`(?<=a)b`, false},
	{`(?<!a)b`, false},
	{`a*+`, false},
	{`a++`, false},
	{`a?+`, false},
	{`a{2}+`, false},
	{`(?>ab)`, false},
	{`\p{L}`, false},
	{`\P{L}`, false},
	{`[[:alpha:]]`, false},
	{`[[:<:]]word[[:>:]]`, false},
	{`\bword\b`, false},
	{`\w+`, false},
	{`\W`, false},
	{`[a-z&&[^aeiou]]`, false},
	{`[a-z--[aeiou]]`, false},
	{`(?i)abc`, false},
	{`(?<n>a)`, false},
	{`(?#comment)a`, false},
	{`\Qa.b\E`, false},
	{`\x41`, false},
	{`\u0041`, false},
	{`\Aa`, false},
	{`a\z`, false},
	{`a\Z`, false},
	{`\Ga`, false},
	{`a$b`, false},
	{`(a$)b`, false},
	{`(a$)*`, false},
	{`(a$|b)c`, false},
	{`^*`, false},
	{`$+`, false},
	{`*a`, false},
	{`a**`, false},
	{`a{,3}`, false},
	{`a{3,2}`, false},
	{`a{1001}`, false},
	{`a{2`, false},
	{`a}`, false},
	{`a]`, false},
	{`(ab`, false},
	{`ab)`, false},
	{`[abc`, false},
	{`[]a]`, false},
	{`[]`, false},
	{`[z-a]`, false},
	{`[a-\d]`, false},
	{`[\D]`, false},
	{`a\`, false},
	{`\ `, false},
	{`\e`, false},
	{`#x`, false},
	{`a.n`, true},
}

func TestTranslateRegexp(t *testing.T) {
	for _, c := range regexpCases {
		re, ok := TranslateRegexp(c.pattern, RegexpFlags{})
		if ok != c.ok {
			t.Errorf("TranslateRegexp(%q) ok = %v (%q), want %v", c.pattern, ok, re, c.ok)
		}
	}
	// ^ and $ under 'm' are ICU's line anchors: refused.
	for _, p := range []string{`^a`, `a$`} {
		if _, ok := TranslateRegexp(p, RegexpFlags{Multiline: true}); ok {
			t.Errorf("TranslateRegexp(%q, m) accepted", p)
		}
	}
	if _, ok := TranslateRegexp(`a.b`, RegexpFlags{Multiline: true}); !ok {
		t.Errorf("TranslateRegexp(a.b, m) refused")
	}
	// Case-insensitively, ICU folds runs of literals fully (ss matches
	// ß, st matches ﬆ) and non-ASCII ones beyond RE2's simple folding.
	ci := RegexpFlags{CaseInsensitive: true}
	for p, want := range map[string]bool{`store`: false, `mass`: false, `fix`: false, `FL`: false, `é`: false, `[é]`: false,
		`s[s]`: true, `s+s`: false, `gmail\.com$`: true, `sat`: true, `(s)(s)`: true} {
		if _, ok := TranslateRegexp(p, ci); ok != want {
			t.Errorf("TranslateRegexp(%q, i) ok = %v, want %v", p, ok, want)
		}
		if _, ok := TranslateRegexp(p, RegexpFlags{}); !ok {
			t.Errorf("TranslateRegexp(%q, c) refused", p)
		}
	}
	// DOTALL's `.` reads a CRLF as one character.
	if _, ok := TranslateRegexp(`a.b`, RegexpFlags{DotAll: true}); ok {
		t.Errorf("TranslateRegexp(a.b, n) accepted")
	}
}

// regexpTexts are the texts the differential test matches: line
// terminators of every kind, ICU's white space and digits beyond
// ASCII, case pairs whose folding differs between schemes.
var regexpTexts = []string{
	"", "a", "A", "abc", "ABC", "aBc", "xabcx", "ac", "a\nc", "a\rc", "a\r\nc", "a\u0085c", "a\u2028c", "a\u2029c", "a\x0bc", "a\x0cc",
	"a\n", "a\r\n", "a\r", "a\u0085", "a\u2028", "a\x0b", "a\n\n", "\n", "\r\n", "b\n", "z\n",
	"joe@gmail.com", "JOE@GMAIL.COM", "joe@gmail.com\n", "joe@gmail.com.au", "x@yahoo.com", "x@yahoo.co", "user@hotmail.com",
	"web", "app", "WEB", "store", "w1-web", "w2-app\n",
	"colour", "color", "COLOR", "aa", "aaa", "aaaa", "aab", "ab", "abab", "ababc", "b",
	"123-4567", "١٢٣-٤٥٦٧", "12-345", "٣", "x٣",
	" ", "\t", "\u00a0", "\u2003", "\u3000", "\x0b", "\u0085", "\u200b", "a b", "a\u00a0b", "a\u3000b",
	"k", "K", "\u212a", "s", "S", "\u017f", "ss", "SS", "ß", "ẞ", "i", "I", "İ", "ı", "σ", "Σ", "ς", "ǆ", "ǅ", "Ǆ", "µ", "μ", "Μ", "ﬁ", "fi", "FI",
	"é", "É", "e\u0301", "ü", "Ü", "日本", "x日本y", "ab c", "aXc", ".*+?()[]{}|^$\\/", "\t\n\r\f", "-", "%", "_",
	"ﬆore", "store", "\r\na\r\n", "\ra\n", "x@y.com\r\n", "x@y.c\r\n", "x@y.com\n", "ab\r\n", "ba\r\n", "\r\n\r\n", "xyz", "XYZ", "x", "y", "z", "0", "9", "a0", "a.b", "a,b",
}

// regexpPatterns are the accepted patterns the differential test runs,
// beside regexpCases' accepted ones.
var regexpPatterns = []string{
	`k`, `K`, `s`, `ss`, `ß`, `i`, `I`, `σ`, `Σ`, `ǅ`, `µ`, `fi`, `ﬁ`, `é`, `[k]`, `[^k]`, `[a-z]`, `[^a-z]`, `[A-Z]+`, `[s-t]`,
	`^.$`, `^..$`, `^.*$`, `.`, `^\s$`, `^\S$`, `^\d$`, `^\D$`, `^[\s]$`, `^[\d]+$`, `a$`, `a\n$`, `^a\n`, `^(a|b)\n?$`,
	`\.`, `s[s]`, `[s]s`, `(s)(s)`, `sat`, `\sa$`, `[^@]+@[^@]+\.[a-z]{2,}$`, `[^a]a$`, `a\r?b$`, `x?y?z?`, `(ab)*c`, `^(ab)+$`, `^[a-c]{2,3}$`, `^.{2}$`, `^$`, `b$`, `c$`, `^$|a`, `^\t\n\r\f$`, `[\t]`, `\|`, `\$`,
}

// TestRegexpMatchesICU compares every accepted pattern's translation
// with ICU (the matcher MySQL 8 and GMS use), under each combination
// of flags, on texts chosen where RE2 and ICU could disagree.
func TestRegexpMatchesICU(t *testing.T) {
	if testing.Short() {
		t.Skip("ICU in WebAssembly: slow")
	}
	ctx := sql.NewEmptyContext()
	var patterns []string
	for _, c := range regexpCases {
		if c.ok {
			patterns = append(patterns, c.pattern)
		}
	}
	patterns = append(patterns, regexpPatterns...)
	flagSets := []RegexpFlags{{}, {CaseInsensitive: true}, {DotAll: true}, {UnixLines: true}, {Multiline: true}, {CaseInsensitive: true, DotAll: true, UnixLines: true}}
	icu := regex.CreateRegex(1 << 16)
	defer func() { _ = icu.Close() }()
	compared := 0
	for _, p := range patterns {
		for _, f := range flagSets {
			tr, ok := TranslateRegexp(p, f)
			if !ok {
				continue
			}
			re := regexp.MustCompile(tr)
			var icuFlags regex.RegexFlags
			if f.CaseInsensitive {
				icuFlags |= regex.RegexFlags_Case_Insensitive
			}
			if f.Multiline {
				icuFlags |= regex.RegexFlags_Multiline
			}
			if f.DotAll {
				icuFlags |= regex.RegexFlags_Dot_All
			}
			if f.UnixLines {
				icuFlags |= regex.RegexFlags_Unix_Lines
			}
			if err := icu.SetRegexString(ctx, p, icuFlags); err != nil {
				t.Errorf("%q (%s): accepted, ICU refuses it: %v", p, f, err)
				continue
			}
			for _, s := range regexpTexts {
				if err := icu.SetMatchString(ctx, s); err != nil {
					t.Fatal(err)
				}
				want, err := icu.Matches(ctx, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				if got := re.MatchString(s); got != want {
					t.Errorf("%q (%s, as %q) on %q: %v, ICU %v", p, f, tr, s, got, want)
				}
				compared++
			}
		}
	}
	t.Logf("%d matches compared", compared)
}

// TestRegexpSpaceAndDigitsMatchICU compares \s and \d, as translated,
// with ICU's on every code point of the BMP.
func TestRegexpSpaceAndDigitsMatchICU(t *testing.T) {
	if testing.Short() {
		t.Skip("ICU in WebAssembly: slow")
	}
	ctx := sql.NewEmptyContext()
	icu := regex.CreateRegex(1 << 16)
	defer func() { _ = icu.Close() }()
	for _, p := range []string{`\s`, `\d`} {
		tr, ok := TranslateRegexp(p, RegexpFlags{})
		if !ok {
			t.Fatalf("%s refused", p)
		}
		re := regexp.MustCompile(tr)
		if err := icu.SetRegexString(ctx, p, 0); err != nil {
			t.Fatal(err)
		}
		// One ICU call over a text of every code point: the positions
		// ICU finds are the ones RE2 must.
		var text []rune
		for r := rune(1); r < 0x10000; r++ {
			if r >= 0xd800 && r < 0xe000 {
				continue
			}
			text = append(text, r)
		}
		for _, r := range text {
			s := string(r)
			if err := icu.SetMatchString(ctx, s); err != nil {
				t.Fatal(err)
			}
			want, err := icu.Matches(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := re.MatchString(s); got != want {
				t.Errorf("%s on U+%04X: %v, ICU %v", p, r, got, want)
			}
		}
	}
}
