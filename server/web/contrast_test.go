package web

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

// TestStylesheetContrast checks every text/background pair the
// stylesheet uses against WCAG 2.1 AA: a contrast ratio of at least
// 4.5:1 (https://www.w3.org/TR/WCAG21/#contrast-minimum). The browser
// test checks the rendered pages as well.
func TestStylesheetContrast(t *testing.T) {
	css, err := assetFS.ReadFile("assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	for _, p := range []struct{ fg, bg string }{
		{"fg", "bg"}, {"muted", "bg"}, {"accent", "bg"}, {"fg", "panel"}, {"accent", "panel"},
		{"accent-fg", "accent"}, {"nav-fg", "nav-bg"}, {"error", "error-bg"}, {"error", "bg"},
	} {
		fg, bg := vars[p.fg], vars[p.bg]
		if fg == "" || bg == "" {
			t.Errorf("--%s or --%s missing from style.css", p.fg, p.bg)
			continue
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("--%s %s on --%s %s: contrast %.2f, want at least 4.5", p.fg, fg, p.bg, bg, r)
		}
	}
	// Non-text: the focus ring and input borders need 3:1 (WCAG 1.4.11).
	for _, p := range []struct{ fg, bg string }{{"focus", "bg"}, {"border", "bg"}, {"focus", "panel"}} {
		if r := contrast(vars[p.fg], vars[p.bg]); r < 3 {
			t.Errorf("--%s on --%s: contrast %.2f, want at least 3", p.fg, p.bg, r)
		}
	}
}

func TestContrastFormula(t *testing.T) {
	// Published values: black on white is 21:1, #767676 on white 4.54:1.
	for _, c := range []struct {
		fg, bg string
		want   float64
	}{{"#000000", "#ffffff", 21}, {"#767676", "#ffffff", 4.54}, {"#ffffff", "#ffffff", 1}} {
		if got := contrast(c.fg, c.bg); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", c.fg, c.bg, got, c.want)
		}
	}
}

// contrast is WCAG's (L1 + 0.05) / (L2 + 0.05) of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
