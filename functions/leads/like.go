package leads

// like is a compiled SQL LIKE pattern: % matches any run of bytes, _ one
// byte, \ escapes the next byte. Matching folds ASCII case, as MySQL's
// default case-insensitive collations do for the URLs and source names it
// is used on; it allocates nothing.
type like struct {
	pat []byte // lower-cased, escapes kept
}

func compileLike(p string) like {
	b := []byte(p)
	for i, c := range b {
		b[i] = lower(c)
	}
	return like{pat: b}
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// match reports whether s matches the pattern. It backtracks only to the
// last %, so it runs in O(len(s)·len(pattern)) at worst.
func (l like) match(s []byte) bool {
	p := l.pat
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch c := p[pi]; {
			case c == '%':
				star, mark = pi, si
				pi++
				continue
			case c == '_':
				pi++
				si++
				continue
			case c == '\\' && pi+1 < len(p):
				if p[pi+1] == lower(s[si]) {
					pi += 2
					si++
					continue
				}
			case c == lower(s[si]):
				pi++
				si++
				continue
			}
		}
		if star < 0 {
			return false
		}
		pi, mark = star+1, mark+1
		si = mark
	}
	for pi < len(p) && p[pi] == '%' {
		pi++
	}
	return pi == len(p)
}
