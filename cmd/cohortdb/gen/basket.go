package gen

import (
	"cmp"
	"slices"
)

// Basket parameters.
var (
	linesPerOrder = cumulative{0.52, 0.80, 0.93, 1.0} // 1..4 lines
	qtyBulk       = cumulative{0.60, 0.85, 0.93, 0.96, 0.98, 1.0}
	qtyItem       = cumulative{0.88, 0.97, 1.0}
)

const (
	favShare        = 0.35 // orders that start in the favourite subcategory
	sameSubShare    = 0.45 // next line from the previous line's subcategory
	complementShare = 0.25 // next line from its complement subcategory
	cancelShare     = 0.035
)

// Line statuses.
const (
	stValid uint8 = iota
	stCancelled
	stReturned
)

var statusNames = [...]string{"valid", "cancelled", "returned"}

// order is one order of the current contact; its lines are
// g.lines[line0 : line0+nLines].
type order struct {
	at       int64
	channel  uint8
	store    int // index into g.stores, -1 unless channel is store
	coupon   string
	medium   string
	campaign string
	line0    int
	nLines   int
}

// line is one row of orders.csv; unit is in cents of the contact's currency.
type line struct {
	product int32
	qty     int64
	unit    int64
	status  uint8
}

// buildOrders turns the purchase days of c into orders with lines, sorted
// by time.
func (g *generator) buildOrders(c *contact, days []float64) {
	r, cal := g.r, g.cal
	end := cal.end()
	for k, d := range days {
		o := order{channel: c.channel, store: -1}
		if !r.bernoulli(0.75) {
			o.channel = preferredChannel(r, false)
		}
		if k == 0 && d-float64(c.signup)/daySec < 0.01 {
			o.at = c.signup + r.between(120, 2400)
		} else {
			o.at = int64(d)*daySec + cal.timeOfDay(r)
			if o.channel == chStore {
				o.at = int64(d)*daySec + 9*hourSec + r.Int64N(10*hourSec)
			}
			o.at = max(o.at, c.signup+r.between(60, 3600))
		}
		o.at = min(o.at, end-1)
		if o.channel == chStore {
			o.store = g.storeOf(c)
		}
		g.orders = append(g.orders, o)
	}
	slices.SortFunc(g.orders, func(a, b order) int { return cmp.Compare(a.at, b.at) })
	for k := range g.orders {
		g.fillOrder(c, &g.orders[k], k)
	}
}

// storeOf returns the store of the contact's city (every city has one).
func (g *generator) storeOf(c *contact) int {
	return g.cityStore[c.ci] + c.city
}

// fillOrder picks the lines, coupon, status and traffic source of the k-th
// order of c.
func (g *generator) fillOrder(c *contact, o *order, k int) {
	r := g.r
	o.coupon, o.line0 = "", len(g.lines)
	pct := g.coupon(o, k)
	o.nLines = linesPerOrder.pick(r) + 1
	sub := -1
	if k > 0 && c.fav >= 0 && r.bernoulli(favShare) {
		sub = c.fav
	}
	cancelled := r.bernoulli(cancelShare)
	for i := range o.nLines {
		if i > 0 {
			prev := int(g.cat.products[g.lines[len(g.lines)-1].product].sub)
			switch u := r.Float64(); {
			case u < sameSubShare:
				sub = prev
			case u < sameSubShare+complementShare:
				sub = g.cat.complement[prev]
			default:
				sub = -1
			}
		}
		p := g.pickNew(sub, o.at, o.line0)
		if k == 0 && i == 0 {
			c.fav = g.cat.products[p].sub
		}
		g.lines = append(g.lines, g.makeLine(c, p, pct, cancelled))
	}
	g.setSource(c, o, k)
}

// pickNew draws a product not yet in the order's lines (a few tries).
func (g *generator) pickNew(sub int, at int64, line0 int) int32 {
	var p int32
	for range 3 {
		p = g.cat.pick(g.r, sub, at)
		if !slices.ContainsFunc(g.lines[line0:], func(l line) bool { return l.product == p }) {
			return p
		}
	}
	return p
}

func (g *generator) makeLine(c *contact, p int32, pct int64, cancelled bool) line {
	r := g.r
	prod := &g.cat.products[p]
	top := &categoryTree[prod.top]
	l := line{product: p, status: stValid}
	if top.bulk {
		l.qty = int64(qtyBulk.pick(r) + 1)
	} else {
		l.qty = int64(qtyItem.pick(r) + 1)
	}
	l.unit = localPrice(prod.price, c.country.rate)
	l.unit = (l.unit*(100-pct) + 50) / 100
	switch {
	case cancelled:
		l.status = stCancelled
	case r.bernoulli(top.returns):
		l.status = stReturned
	}
	return l
}

// localPrice converts a EUR list price into the local currency, keeping
// the .99 ending.
func localPrice(eurCents int64, rate float64) int64 {
	if rate == 1 {
		return eurCents
	}
	units := int64(float64(eurCents+1) / 100 * rate)
	return max(1, units)*100 - 1
}

// coupon sets o.coupon and returns its discount in percent.
func (g *generator) coupon(o *order, k int) int64 {
	r := g.r
	type offer struct {
		code  string
		share float64
		pct   int64
	}
	var offers [2]offer
	switch g.cal.promo[o.at/daySec] {
	case promoBlackWeek:
		offers[0] = offer{"BLACKFRIDAY25", 0.30, 25}
	case promoXmas:
		offers[0] = offer{"XMAS15", 0.10, 15}
	case promoSummer:
		offers[0] = offer{"SUMMER20", 0.08, 20}
	}
	switch {
	case k == 0:
		offers[1] = offer{"WELCOME10", 0.15, 10}
	case k >= 5:
		offers[1] = offer{"LOYALTY10", 0.04, 10}
	default:
		offers[1] = offer{"FREESHIP", 0.025, 0}
	}
	for _, of := range offers {
		if of.code != "" && r.bernoulli(of.share) {
			o.coupon = of.code
			return of.pct
		}
	}
	return 0
}

// setSource sets the order's source_medium and source_campaign from the
// channel and the contact's acquisition source; email attribution may
// override it later (see attribute).
func (g *generator) setSource(c *contact, o *order, k int) {
	r := g.r
	switch o.channel {
	case chStore:
		return
	case chMarketplace:
		o.medium = "amazon / marketplace"
		if r.bernoulli(0.3) {
			o.medium = "zalando / marketplace"
		}
		return
	}
	src := &sources[c.source]
	switch u := r.Float64(); {
	case k == 0 && u < 0.8, k > 0 && u < 0.15:
		o.medium = src.medium
	case u < 0.55:
		o.medium = "direct / none"
	case u < 0.80:
		o.medium = "google / organic"
	case u < 0.92:
		o.medium = "google / cpc"
	default:
		o.medium = "facebook / paid_social"
	}
	switch o.medium {
	case "google / cpc":
		o.campaign = "brand_" + g.countryLower[c.ci]
		if r.bernoulli(0.5) && c.fav >= 0 {
			o.campaign = "generic_" + g.subSlug[c.fav]
		}
	case "facebook / paid_social":
		o.campaign = "fb_retargeting"
		if k == 0 {
			o.campaign = "fb_prospecting"
		}
	case "newsletter / email":
		o.campaign = "welcome_series"
	case "amazon / marketplace":
		o.medium = "google / organic" // a marketplace contact buying on the web
	}
}
