package main

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A basic accessibility pass over a rendered page (WCAG 2.1 AA basics):
// a language, one h1, every form control labelled, every chart named,
// every visible text at contrast 4.5:1 or more against its background,
// and keyboard focus reaching the controls with a visible focus ring.

// a11yJS returns the page's problems, one string each.
const a11yJS = `(() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("html has no lang");
  if (document.querySelectorAll("h1").length !== 1) problems.push("want exactly one h1");
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (el.labels.length === 0 && !el.getAttribute("aria-label")) problems.push("unlabelled control " + (el.id || el.name));
  }
  for (const el of document.querySelectorAll("button, a")) {
    if (!el.textContent.trim() && !el.getAttribute("aria-label")) problems.push("control without text: " + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll("[role=img]")) {
    if (!el.getAttribute("aria-label")) problems.push("image without a name");
  }
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                              if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c; } return [255, 255, 255]; };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".plot") || !el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) problems.push("contrast " + ratio.toFixed(2) + " of " + el.tagName + " '" + el.textContent.trim().slice(0, 30) + "'");
  }
  return problems;
})()`

// focusJS describes the focused element and whether it shows a ring.
const focusJS = `(() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {tag: el.tagName, text: (el.textContent || el.value || "").trim().slice(0, 30),
          ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0}; })()`

type focused struct {
	Tag  string `json:"tag"`
	Text string `json:"text"`
	Ring bool   `json:"ring"`
}

func (b *browser) checkAccessibility(t *testing.T) {
	t.Helper()
	var problems []string
	if err := b.run(chromedp.Evaluate(a11yJS, &problems)); err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("accessibility: %s", p)
	}
	b.checkKeyboard(t)
}

// checkKeyboard tabs through the page from the top: the first stop is
// the skip link, every stop shows a focus ring, and the parameter form's
// button and a chart's table view are reached.
func (b *browser) checkKeyboard(t *testing.T) {
	t.Helper()
	if err := b.run(chromedp.Evaluate(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`, nil)); err != nil {
		t.Fatal(err)
	}
	var stops []focused
	for range 25 {
		var f focused
		if err := b.run(chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(focusJS, &f)); err != nil {
			t.Fatal(err)
		}
		if f.Tag == "BODY" { // past the last control
			break
		}
		stops = append(stops, f)
	}
	if stops[0].Tag != "A" || stops[0].Text != "Skip to content" {
		t.Errorf("first Tab stop %+v, want the skip link", stops[0])
	}
	var show, table bool
	for _, f := range stops {
		if !f.Ring {
			t.Errorf("Tab stop %s %q shows no focus ring", f.Tag, f.Text)
		}
		show = show || (f.Tag == "BUTTON" && f.Text == "Show")
		table = table || f.Tag == "SUMMARY"
	}
	if !show || !table {
		t.Errorf("Tab never reached the Show button (%v) or a table view (%v): %+v", show, table, stops)
	}
}
