package gen

import (
	"cmp"
	"slices"
)

// Web attributes of events: every web event (site_visit, product_view,
// cart_add) gets the page it was on (url), how the visitor came (source)
// and the device. They are drawn per session — a run of the contact's web
// events at most sessionGap apart, as session_stats() splits them — on a
// random stream of their own, so adding them shifts no other number.

const streamWeb uint64 = 4 << 60

// sessionGap is the inactivity that ends a session (session_stats()'s
// default timeout).
const sessionGap = 30 * 60

// Traffic sources and devices, as written to events.csv.
const (
	srcDirect uint8 = iota + 1 // 0: none (not a web event)
	srcSearch
	srcAd
	srcEmail
	srcSocial
	srcReferral
)

var sourceNames = [...]string{"", "direct", "search", "ad", "email", "social", "referral"}

const (
	devDesktop uint8 = iota + 1
	devMobile
	devTablet
)

var deviceNames = [...]string{"", "desktop", "mobile", "tablet"}

// sourceWeights are the shares of sources of a session not following an
// e-mail click: direct, search, ad, social, referral.
var sourceWeights = [...]float64{0.32, 0.30, 0.18, 0.12, 0.08}

func isWeb(typ uint8) bool { return typ == evSiteVisit || typ == evProductView || typ == evCartAdd }

// tagWeb draws the source, device and landing page of each web session of
// the current contact (g.events sorted by time).
func (g *generator) tagWeb() {
	if g.wr == nil {
		g.wr = newRNG()
	}
	r := g.wr
	r.reseed(g.cfg.Seed, streamWeb, uint64(g.c.id))
	g.bounces()
	main := devDesktop
	if u := r.Float64(); u < 0.42 {
		main = devMobile
	} else if u < 0.52 {
		main = devTablet
	}
	lastClick, prev := int64(-1<<62), int64(-1<<62)
	var src, dev uint8
	for i := range g.events {
		e := &g.events[i]
		if e.typ == evEmailClick {
			lastClick = e.at
		}
		if !isWeb(e.typ) {
			continue
		}
		if e.at-prev > sessionGap {
			src, dev = g.sessionSource(e.at-lastClick), main
			if e.channel == chApp && dev == devDesktop {
				dev = devMobile
			} else if r.bernoulli(0.2) {
				dev = devDesktop + uint8(r.IntN(3))
			}
			e.landingSub = g.landingSub(i)
		}
		prev = e.at
		e.src, e.dev = src, dev
	}
}

// bounceShare is the expected number of one-page visits per other web
// session of a contact.
const bounceShare = 0.6

// bounces adds one-page visits (a site_visit and nothing else) at random
// times of the contact's active span, keeping g.events sorted.
func (g *generator) bounces() {
	r, sessions, last := g.wr, 0, int64(-1)
	for i := range g.events {
		if e := &g.events[i]; e.typ == evSiteVisit {
			sessions++
			last = e.at
		}
	}
	n := r.poisson(bounceShare * float64(sessions))
	if n == 0 {
		return
	}
	ch := chWeb
	if g.c.channel == chApp {
		ch = chApp
	}
	for range n {
		day := r.between(g.c.signup, last) / daySec
		at := max(day*daySec+g.cal.timeOfDay(r), g.c.signup)
		if at < g.cal.end() {
			g.events = append(g.events, event{at: at, typ: evSiteVisit, channel: ch, product: -1})
		}
	}
	slices.SortFunc(g.events, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.typ, b.typ))
	})
}

// landingSub is the subcategory of the product viewed right after the
// session-starting event i, or -1.
func (g *generator) landingSub(i int) int16 {
	e := &g.events[i]
	if e.typ != evSiteVisit || i+1 >= len(g.events) {
		return -1
	}
	n := &g.events[i+1]
	if n.typ != evProductView || n.product < 0 || n.at-e.at > sessionGap {
		return -1
	}
	return int16(g.cat.products[n.product].sub)
}

// sessionSource draws the source of a session that starts since seconds
// after the contact's last e-mail click.
func (g *generator) sessionSource(since int64) uint8 {
	r := g.wr
	if since >= 0 && since < 24*hourSec && r.bernoulli(0.75) {
		return srcEmail
	}
	u, acc := r.Float64(), 0.0
	for k, w := range sourceWeights {
		if acc += w; u < acc {
			return [...]uint8{srcDirect, srcSearch, srcAd, srcSocial, srcReferral}[k]
		}
	}
	return srcDirect
}

// writeWeb writes the url, source and device fields of an event.
func (g *generator) writeWeb(t *table, e *event) {
	if !isWeb(e.typ) {
		t.null()
		t.null()
		t.null()
		return
	}
	t.row = g.appendURL(t.row, e)
	t.end()
	t.str(sourceNames[e.src])
	t.str(deviceNames[e.dev])
}

// appendURL appends the page of a web event: a product page, the cart, or
// a session's landing page chosen by its source.
func (g *generator) appendURL(dst []byte, e *event) []byte {
	switch {
	case e.typ == evCartAdd:
		return append(dst, "/cart"...)
	case e.typ == evProductView && e.product >= 0:
		dst = append(dst, "/p/"...)
		return appendInt(dst, int64(e.product)+1)
	}
	switch e.src {
	case srcAd:
		return append(dst, "/sale"...)
	case srcEmail:
		return append(dst, "/lp/newsletter"...)
	case srcSearch, srcSocial:
		if e.landingSub >= 0 {
			return append(append(dst, "/c/"...), g.subSlug[e.landingSub]...)
		}
	}
	return append(dst, '/')
}

func appendInt(dst []byte, v int64) []byte {
	if v >= 10 {
		dst = appendInt(dst, v/10)
	}
	return append(dst, byte('0'+v%10))
}
